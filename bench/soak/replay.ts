import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import type { SoakSystem } from "./system.js";

/**
 * `npm run replay` (scripts/replay.ts) against the soak's stage while the
 * workload and the faults run: the soak domain's archive re-driven into the
 * queues at a stated rate, bounded in count (the archive of one domain,
 * --batch-size) and in time (killed after `timeoutMs`); loopback only (the
 * soak's own LocalStack). Consumers must dedupe what it sends (replay: true).
 */
export interface ReplayRun {
  startedAt: number;
  ms: number;
  exitCode: number | null;
  killed: boolean;
  summary: string;
}

const repoRoot = resolve(import.meta.dirname, "../..");

export async function runReplay(sys: SoakSystem, domain: string, o: { rate: number; timeoutMs: number }): Promise<ReplayRun> {
  const startedAt = Date.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/replay.ts",
      "--stage",
      sys.stage,
      "--domain",
      domain,
      "--rate",
      String(o.rate),
      "--json",
      "--checkpoint",
      join(sys.workDir, `replay-${startedAt}.json`),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: sys.endpoints.aws,
        AWS_ENDPOINT_URL_DYNAMODB: sys.endpoints.dynamodb,
        ...(sys.cp?.env ?? {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, o.timeoutMs);
  const exitCode = await new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  clearTimeout(timer);
  let summary = "";
  try {
    const report = JSON.parse(out) as Record<string, unknown>;
    summary = JSON.stringify(report.totals ?? report.counts ?? report).slice(0, 300);
  } catch {
    summary = (err || out).trim().split("\n").slice(-2).join(" ").slice(0, 300);
  }
  return { startedAt, ms: Date.now() - startedAt, exitCode, killed, summary };
}
