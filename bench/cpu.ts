import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a benchmark's CPU goes: a process's CPU time from /proc (any
 * process: the control plane's Node, DynamoDB Local's JVM), and a Node
 * CPU profile (`--cpu-prof`) summed by what the code belongs to.
 */

const TICKS_PER_SECOND = 100;

/** User + system CPU of a process so far, in ms (Linux /proc). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // the fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** The process listening on a TCP port on this machine (`ss -ltnp`), e.g. DynamoDB Local's JVM. */
export function pidListening(port: number): number | undefined {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : undefined;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a stack frame's code belongs to: a package, a part of this repository, Node itself, or the engine's own work. */
export function categoryOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(program)") return "native code outside JavaScript (V8, libuv, OpenSSL)";
    return functionName || "(native)";
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    const name = pkg[1] as string;
    if (name.startsWith("@aws-sdk/") || name.startsWith("@smithy/")) return "AWS SDK (@aws-sdk, @smithy)";
    if (name === "zod" || name.startsWith("@hono/") || name === "hono") return `${name} (HTTP, validation)`;
    return name;
  }
  if (url.startsWith("node:")) return "Node.js internals (HTTP, streams, timers)";
  const own = /\/(core|functions|scripts)\//.exec(url);
  if (own) return `this repository: ${own[1]}/`;
  return url;
}

/** Self time per category over a process's whole profile, largest first, as ms and share of the non-idle time. */
export function profileByCategory(dir: string): { category: string; ms: number; share: number }[] {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const p = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i] as number);
    if (!node || node.callFrame.functionName === "(idle)") continue;
    const c = categoryOf(node.callFrame);
    totals.set(c, (totals.get(c) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()].map(([category, ms]) => ({ category, ms, share: ms / Math.max(all, 1) })).sort((a, b) => b.ms - a.ms);
}

/** Every process's CPU so far (ms) with its command line, read from /proc; processes that vanish while read are skipped. */
export function cpuSnapshot(): Map<number, { cmd: string[]; ms: number }> {
  const out = new Map<number, { cmd: string[]; ms: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      out.set(pid, { cmd, ms: cpuMs(pid) });
    } catch {
      // gone between the directory listing and the read
    }
  }
  return out;
}

/**
 * CPU used between two snapshots, summed per label (`label` names a process from its pid and command line, or
 * undefined to leave it out), largest first. A process born in between counts from zero; one that ended in
 * between is not seen (its last CPU is lost), so long-lived processes are what this measures.
 */
export function cpuBetween(
  before: Map<number, { cmd: string[]; ms: number }>,
  after: Map<number, { cmd: string[]; ms: number }>,
  label: (pid: number, cmd: string[]) => string | undefined,
): { label: string; ms: number }[] {
  const totals = new Map<string, number>();
  for (const [pid, a] of after) {
    const name = label(pid, a.cmd);
    if (!name) continue;
    const b = before.get(pid);
    const ms = a.ms - (b && b.cmd.join(" ") === a.cmd.join(" ") ? b.ms : 0);
    totals.set(name, (totals.get(name) ?? 0) + ms);
  }
  return [...totals.entries()].map(([l, ms]) => ({ label: l, ms })).sort((x, y) => y.ms - x.ms);
}
