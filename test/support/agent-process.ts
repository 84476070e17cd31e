import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

export const repoRoot = resolve(import.meta.dirname, "../..");

/** A real `ckp-agent` process, its output kept for assertions and failure reports. */
export interface AgentProcess {
  name: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the agent: `node <file> …` for a bundle, or the repository's
 * `npx ckp-agent` (the bin shim running the TypeScript source).
 */
export function spawnAgent(name: string, program: { bundle: string } | "npx", args: string[]): AgentProcess {
  const [cmd, argv] = program === "npx" ? ["npx", ["--no-install", "ckp-agent", ...args]] : [process.execPath, [program.bundle, ...args]];
  return spawnProcess(name, cmd as string, argv as string[]);
}

/**
 * Starts any program with its output kept line by line. With `group`, it
 * runs in its own process group and `kill` ends everything it started too
 * (a shell script's curl).
 */
export function spawnProcess(
  name: string,
  cmd: string,
  args: string[],
  o: { env?: Record<string, string>; cwd?: string; group?: boolean; cleanEnv?: boolean } = {},
): AgentProcess {
  const child = spawn(cmd, args, {
    cwd: o.cwd ?? repoRoot,
    // cleanEnv: only what `env` names (a program that must not see the test's credentials)
    env: { ...(o.cleanEnv ? {} : process.env), NO_COLOR: "1", ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: o.group ?? false,
  });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; ok: (l: string) => void }> = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 400) lines.shift();
    if (process.env.CKP_TEST_AGENT_LOGS === "1") process.stderr.write(`[agent ${name}] ${line}\n`);
    for (const w of [...waiters])
      if (w.re.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.ok(line);
      }
  };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", onLine);
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", onLine);
  const exited = new Promise<number | null>((r) => {
    child.once("exit", (code) => r(code));
    // a program that cannot start at all (no such command) reports on 'error', not 'exit'
    child.once("error", (e) => {
      onLine(`cannot start ${cmd}: ${e.message}`);
      r(127);
    });
  });
  return {
    name,
    child,
    lines,
    exited,
    waitForLine(re, timeoutMs = 60_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((ok, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`agent ${name}: no line matching ${re} in ${timeoutMs} ms:\n${lines.slice(-30).join("\n")}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          ok: (l) => {
            clearTimeout(timer);
            ok(l);
          },
        });
      });
    },
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        if (o.group && child.pid) {
          try {
            process.kill(-child.pid, signal);
          } catch {
            child.kill(signal);
          }
        } else child.kill(signal);
      }
      await exited;
    },
  };
}

/** The pid a running agent wrote to its state directory. */
export function agentPid(stateDir: string): number | undefined {
  const f = resolve(stateDir, "agent.pid");
  return existsSync(f) ? Number(readFileSync(f, "utf8").trim()) : undefined;
}

export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** One HTTPS request with a client certificate; a refused handshake resolves as `{ error }`. */
export function mtlsRequest(
  url: string,
  tls: { key?: string; cert?: string; ca: string },
  o: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any } | { error: string }> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((ok) => {
    const req = request(
      url,
      {
        method: o.method ?? "GET",
        ...tls,
        agent: false,
        headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {},
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          ok({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", (e) => ok({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => ok({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(body);
  });
}
