import cliProgress from "cli-progress";
import { ApiError, type Schemas } from "./api/client.js";
import { pc } from "./colors.js";
import { CliError, EXIT } from "./errors.js";
import { duration } from "./format.js";
import type { Session } from "./session.js";

/**
 * Live progress of a cluster's saga: a line per step as it starts and ends
 * (its state, how long it took, its message), and on a terminal a progress
 * bar under them with the running step and why it waits. Piped, the same
 * lines without the bar, plus a line whenever the running step's reason
 * changes. Ends when the cluster is Ready (or gone, for --for=deleted);
 * a failed step ends it with EXIT.failed, the step and the reason.
 */
export type WaitFor = "ready" | "deleted";

export interface WaitOptions {
  for: WaitFor;
  timeoutMs: number;
  intervalMs?: number;
  /** a terminal: draw the bar (default: stderr is a TTY) */
  tty?: boolean;
  write?: (line: string) => void;
}

type Status = Schemas["ClusterStatus"];
type Step = Schemas["ClusterStep"];

const SYMBOL: Record<string, string> = { succeeded: "✓", skipped: "-", failed: "✗", cancelled: "·", running: "→", pending: " " };

function colour(state: string, text: string): string {
  if (!pc.isColorSupported) return text;
  if (state === "succeeded") return pc.green(text);
  if (state === "failed") return pc.red(text);
  if (state === "running") return pc.yellow(text);
  return pc.dim(text);
}

export function stepLine(st: Step, width: number): string {
  const took = st.startedAt && st.endedAt ? duration(Date.parse(st.endedAt) - Date.parse(st.startedAt)) : "";
  const retries = st.retries ? ` (${st.retries} retr${st.retries === 1 ? "y" : "ies"})` : "";
  return colour(
    st.state,
    `${SYMBOL[st.state] ?? "?"} ${st.name.padEnd(width)} ${st.state.padEnd(9)} ${took.padStart(6)}${retries}${st.message ? `  ${st.message}` : ""}`.trimEnd(),
  );
}

const done = (st: Step) => st.state === "succeeded" || st.state === "skipped" || st.state === "failed" || st.state === "cancelled";

export async function readStatus(s: Session, path: Record<string, string>): Promise<Status | undefined> {
  try {
    return (await s.request<Status>("get", "/v1/domains/{domain}/projects/{project}/clusters/{id}/status", { path })).data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

export async function waitForCluster(s: Session, path: Record<string, string>, name: string, o: WaitOptions): Promise<Status | undefined> {
  const write = o.write ?? ((l: string) => process.stderr.write(`${l}\n`));
  const tty = o.tty ?? Boolean(process.stderr.isTTY);
  const started = Date.now();
  const printed = new Map<string, string>();
  let lastReason = "";
  let bar: cliProgress.SingleBar | undefined;
  let multi: cliProgress.MultiBar | undefined;
  const log = (l: string) => (multi ? multi.log(`${l}\n`) : write(l));
  const stop = () => {
    multi?.stop();
    multi = undefined;
  };
  try {
    for (let first = true; ; first = false) {
      const st = await readStatus(s, path);
      if (!st) {
        if (o.for === "deleted") {
          log(`cluster ${name} is deleted (${duration(Date.now() - started)})`);
          return undefined;
        }
        throw new CliError(`cluster ${name} not found`, EXIT.notFound);
      }
      if (first) log(`cluster ${name}: ${st.operation} (generation ${st.generation}), phase ${st.phase}`);
      const width = Math.max(...st.steps.map((x) => x.name.length));
      for (const step of st.steps) {
        const key = `${st.generation}:${step.name}`;
        const state = step.state;
        if (printed.get(key) === state) continue;
        if (done(step) || (state === "running" && !tty)) {
          if (!(state === "running" && printed.has(key))) log(stepLine(step, width));
          printed.set(key, state);
        }
      }
      const running = st.steps.find((x) => x.state === "running");
      if (running && !tty && running.message && running.message !== lastReason) {
        log(pc.dim(`  ${" ".repeat(width)} … ${running.message}`));
        lastReason = running.message;
      }
      if (tty) {
        const finished = st.steps.filter(done).length;
        const payload = {
          phase: st.phase,
          step: running ? `${running.name} ${running.startedAt ? duration(Date.now() - Date.parse(running.startedAt)) : ""}` : "",
          reason: (running?.message ?? "").slice(0, 80),
        };
        if (!multi) {
          multi = new cliProgress.MultiBar(
            {
              format: " {bar} {value}/{total} steps | {phase} | {step} {reason}",
              hideCursor: true,
              clearOnComplete: true,
              stream: process.stderr,
              forceRedraw: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar = multi.create(st.steps.length, finished, payload);
        } else {
          bar?.setTotal(st.steps.length);
          bar?.update(finished, payload);
        }
      }
      if (o.for === "ready" && st.phase === "Ready") {
        stop();
        write(
          `cluster ${name} is Ready: Kubernetes ${st.kubernetesVersion}, ${st.workers.ready}/${st.workers.desired} worker(s) ready (${duration(Date.now() - started)})`,
        );
        return st;
      }
      if (st.phase === "Failed") {
        stop();
        const failed = st.steps.find((x) => x.state === "failed");
        const ready = st.conditions.find((c) => c.type === "Ready");
        // the saga's Ready condition says it best: "<operation> failed at step <step> (<Reason>): <message>"
        const why =
          ready?.status === "False" && ready.reason === "Failed" && ready.message
            ? ready.message
            : `${st.operation} failed at step ${failed?.name ?? st.currentStep ?? "?"}: ${failed?.message ?? "no reason given"}`;
        throw new CliError(`cluster ${name} ${why}`, EXIT.failed);
      }
      if (Date.now() - started > o.timeoutMs) {
        stop();
        throw new CliError(
          `timed out after ${duration(o.timeoutMs)} waiting for cluster ${name} to be ${o.for}: phase ${st.phase}, step ${running?.name ?? st.currentStep ?? "-"}${running?.message ? `: ${running.message}` : ""}`,
          EXIT.timeout,
        );
      }
      await new Promise((ok) => setTimeout(ok, o.intervalMs ?? 1000));
    }
  } finally {
    stop();
  }
}

/** "30m", "90s", "2h", "1h30m", or seconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    total += n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0) throw new CliError(`${text} is not a duration (e.g. 90s, 30m, 1h)`, EXIT.usage);
  return total;
}
