import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { machineLine } from "./machine.js";
import { writeSection } from "./results-file.js";
import { round } from "./stats.js";

/**
 * The clusters benchmark (bench/clusters.ts) on two versions of the code,
 * one after the other on this machine in one session, so a ratio between
 * them means something on machines that differ by up to 2× (issue 23).
 * The baseline is checked out into a temporary git worktree that shares
 * this checkout's node_modules and runs its own `bench/run.ts clusters`;
 * both print the same markdown table, which is what is compared. Rounds
 * alternate (baseline, current, baseline, current, …) so a machine that
 * gets busier or quieter weighs on both.
 *
 *   npm run bench -- clusters-side-by-side            # baseline CLUSTERS_BASELINE, 1 round
 *   BENCH_BASELINE=<commit> BENCH_ROUNDS=2 BENCH_CLUSTERS=50 npm run bench -- clusters-side-by-side
 */
const repo = resolve(import.meta.dirname, "..");
/** main before issue 23's saga work began (the status sync, fewer round trips) */
export const CLUSTERS_BASELINE = "fe56e40";
/**
 * With BENCH_CAPI=double: main when issue 23 was filed (its 98.2 s and 132.6 round trips came from this commit's
 * benchmark, on its own CAPI double; the commits after it until the benchmark moved to the real managers write
 * ByoHosts as BYOH's agents, which an apiserver without BYOH's RBAC refuses)
 */
export const CLUSTERS_BASELINE_CAPI_DOUBLE = "54e8c63";

/** The figures a clusters table carries, read back from its markdown. */
export interface ClustersFigures {
  allReadySeconds: number;
  p50Seconds: number;
  p99Seconds: number;
  lifecycleMessages: number;
  sqsMessages: number;
  dynamoRoundTrips: number;
  transactions: number;
}

export function parseClustersTable(md: string): ClustersFigures {
  const row = (label: RegExp): string => {
    const line = md.split("\n").find((l) => label.test(l));
    if (!line) throw new Error(`no row ${label} in the clusters table:\n${md}`);
    return line.split("|")[2]?.trim() ?? "";
  };
  const num = (text: string, re = /([\d.]+)/): number => {
    const m = re.exec(text);
    if (!m) throw new Error(`no number in ${text}`);
    return Number(m[1]);
  };
  const lat = row(/^\| per cluster, create → Ready/);
  return {
    allReadySeconds: num(row(/^\| time until all \d+ are Ready/)),
    p50Seconds: num(lat, /p50 ([\d.]+) s/),
    p99Seconds: num(lat, /p99 ([\d.]+) s/),
    lifecycleMessages: num(row(/^\| SQS messages sent to the lifecycle queue/)),
    sqsMessages: num(row(/^\| SQS messages sent to all queues/)),
    dynamoRoundTrips: num(row(/^\| DynamoDB round trips \(all operations\)/)),
    transactions: num(row(/^\| TransactWriteItems calls/)),
  };
}

/** Runs one checkout's clusters benchmark in a child process; its table comes back from stdout. */
function runBench(dir: string, env: NodeJS.ProcessEnv): Promise<{ figures: ClustersFigures; load: string }> {
  return new Promise((ok, fail) => {
    const before = loadAverage();
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", "clusters"], {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      process.stdout.write(b);
    });
    child.on("exit", (code) => {
      if (code !== 0) return fail(new Error(`the clusters benchmark in ${dir} exited ${code}`));
      const start = out.indexOf("## clusters");
      if (start < 0) return fail(new Error(`the clusters benchmark in ${dir} printed no table`));
      try {
        ok({ figures: parseClustersTable(out.slice(start)), load: `${before} → ${loadAverage()}` });
      } catch (e) {
        fail(e);
      }
    });
  });
}

function loadAverage(): string {
  try {
    return execFileSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).split(" ")[0] ?? "?";
  } catch {
    return "?";
  }
}

function baselineCheckout(commit: string): { dir: string; remove(): void } {
  // beside this checkout, so the paths it finds relative to itself (../shared/crds) are the same
  const dir = mkdtempSync(join(resolve(repo, ".."), "ckp-baseline-"));
  rmSync(dir, { recursive: true });
  execFileSync("git", ["worktree", "add", "--detach", dir, commit], { cwd: repo, stdio: "ignore" });
  if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
  return {
    dir,
    remove: () => execFileSync("git", ["worktree", "remove", "--force", dir], { cwd: repo, stdio: "ignore" }),
  };
}

const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b, 2)}×` : "—");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

export async function runClustersSideBySide(): Promise<void> {
  const double = process.env.BENCH_CAPI === "double";
  const commit = process.env.BENCH_BASELINE ?? (double ? CLUSTERS_BASELINE_CAPI_DOUBLE : CLUSTERS_BASELINE);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  const clusters = process.env.BENCH_CLUSTERS ?? "50";
  const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  const base = baselineCheckout(commit);
  const runs: Record<"baseline" | "current", Array<{ figures: ClustersFigures; load: string }>> = { baseline: [], current: [] };
  try {
    for (let i = 0; i < rounds; i++) {
      for (const which of ["baseline", "current"] as const) {
        console.log(`\n== round ${i + 1}: ${which} (${which === "baseline" ? commit : head}) ==`);
        // the baseline keeps the timer cap its own benchmark sets (2 s); the current code sets what it needs itself
        runs[which].push(await runBench(which === "baseline" ? base.dir : repo, { ...process.env, BENCH_CLUSTERS: clusters }));
      }
    }
  } finally {
    base.remove();
  }
  const pick = (which: "baseline" | "current", k: keyof ClustersFigures) => median(runs[which].map((r) => r.figures[k]));
  const rows: Array<[string, keyof ClustersFigures, string]> = [
    ["time until all are Ready", "allReadySeconds", "s"],
    ["per cluster create → Ready, p50", "p50Seconds", "s"],
    ["per cluster create → Ready, p99", "p99Seconds", "s"],
    ["DynamoDB round trips per cluster", "dynamoRoundTrips", ""],
    ["TransactWriteItems per cluster", "transactions", ""],
    ["SQS messages per cluster (all queues)", "sqsMessages", ""],
    ["SQS messages per cluster (lifecycle queue)", "lifecycleMessages", ""],
  ];
  const md = `## clusters, side by side — ${clusters} clusters × 3 workers, the code before and after${double ? ", the CAPI double answering at once" : ""}

${new Date().toISOString().slice(0, 10)}, ${machineLine()}. \`${double ? "BENCH_CAPI=double " : ""}npm run bench -- clusters-side-by-side\`: bench/clusters.ts on the baseline (${commit}, in a temporary git worktree) and on ${head}, alternating, ${rounds} round(s) each, in one session; medians over the rounds.${double ? " Both on a management apiserver where a double of Cluster API's controllers answers at once: the baseline's own (its test/doubles/capi-controllers.ts, no addons in Ready then, timers capped at 2 s by its benchmark), the current code's test/doubles/capi-at-once.ts with the Kamaji, host-agent, Helm add-on provider and kubelet doubles (Ready waits for Cilium and the storage plugin to be healthy)." : ""} Load average (1 min) before → after each run: baseline ${runs.baseline.map((r) => r.load).join(", ")}; current ${runs.current.map((r) => r.load).join(", ")}.

| measure | baseline ${commit} | current ${head} | current ÷ baseline |
| --- | ---: | ---: | ---: |
${rows.map(([label, k, unit]) => `| ${label} | ${pick("baseline", k)}${unit ? ` ${unit}` : ""} | ${pick("current", k)}${unit ? ` ${unit}` : ""} | ${ratio(pick("current", k), pick("baseline", k))} |`).join("\n")}`;
  console.log(md);
  writeSection(double ? "clusters-side-by-side-capi-double" : "clusters-side-by-side", md);
}
