import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli } from "../../scripts/build-cli.js";

/** The real ckpctl binary (the single-file build), run as a user would, with its own config file. */
export interface CtlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Ctl {
  (args: string[], o?: { stdin?: string; env?: Record<string, string> }): Promise<CtlResult>;
  /** a long-running command (--watch, --follow): its output so far, and a stop */
  background(args: string[]): { proc: ChildProcess; output: () => string; stop: () => Promise<void> };
  configPath: string;
  bundle: string;
}

/** Variables of the test's own environment that would change what ckpctl does. */
const SCRUB = ["CKP_CONTEXT", "CKP_DOMAIN", "CKP_PROJECT", "CKP_TOKEN", "CKP_SERVER", "CKP_CONFIG", "XDG_CONFIG_HOME"];

export async function ckpctl(): Promise<Ctl> {
  const dir = mkdtempSync(join(tmpdir(), "ckpctl-e2e-"));
  const { outfile } = await buildCli({ outfile: join(dir, "bin", "ckpctl"), version: "9.8.7-e2e" });
  const configPath = join(dir, "config", "ckp", "config.yaml");
  const env = (extra: Record<string, string> = {}) => {
    const e: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.includes(k)) e[k] = v;
    return { ...e, XDG_CONFIG_HOME: join(dir, "config"), NO_COLOR: "1", ...extra };
  };
  const run = ((args: string[], o: { stdin?: string; env?: Record<string, string> } = {}) =>
    new Promise<CtlResult>((resolve, reject) => {
      const p = spawn(process.execPath, [outfile, ...args], { env: env(o.env), stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => {
        stdout += d;
      });
      p.stderr.on("data", (d) => {
        stderr += d;
      });
      p.on("error", reject);
      p.on("close", (code) => {
        if (process.env.CKP_TEST_CLI_LOGS === "1") process.stderr.write(`$ ckpctl ${args.join(" ")} → ${code}\n${stdout}${stderr}`);
        resolve({ code, stdout, stderr });
      });
      p.stdin.end(o.stdin ?? "");
    })) as Ctl;
  run.background = (args) => {
    const proc = spawn(process.execPath, [outfile, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    proc.stdout?.on("data", (d) => {
      out += d;
    });
    proc.stderr?.on("data", (d) => {
      out += d;
    });
    const closed = new Promise<void>((r) => proc.once("close", () => r()));
    return {
      proc,
      output: () => out,
      stop: async () => {
        if (proc.exitCode === null) proc.kill("SIGTERM");
        await closed;
      },
    };
  };
  run.configPath = configPath;
  run.bundle = outfile;
  return run;
}

/** The rows of a table as objects keyed by its header words. */
export function parseTable(text: string): Array<Record<string, string>> {
  const lines = text.split("\n").filter((l) => l.trim());
  if (!lines.length) return [];
  const header = lines[0] as string;
  // columns start where a header word starts after two or more spaces
  const starts: number[] = [0];
  for (const m of header.matchAll(/ {2,}(\S)/g)) starts.push((m.index ?? 0) + m[0].length - 1);
  const names = starts.map((s, i) => header.slice(s, starts[i + 1]).trim());
  return lines.slice(1).map((l) => Object.fromEntries(names.map((n, i) => [n, l.slice(starts[i], starts[i + 1]).trim()])));
}
