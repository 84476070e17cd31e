import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

export interface DevServer {
  url: string;
  /** the mutual-TLS endpoint for host agents */
  mtlsUrl: string;
  wsUrl: string | undefined;
  /** the MachineHost gRPC service (HTTP/2 cleartext) */
  grpcUrl: string;
  stage: string;
  adminToken: string;
  /** SST_RESOURCE_* variables naming this server's tables, queues and buckets */
  env: Record<string, string>;
  process: ChildProcess;
  /** Ctrl-C: a clean stop */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing cleaned up */
  kill(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, "../..");

/**
 * Starts `npm run dev`'s program as a child process on a free port (the
 * local stack must already be up, or it will start its own) and waits for
 * its ready line.
 */
export async function startDevServer(
  o: {
    stage?: string;
    adminToken?: string;
    args?: string[];
    env?: Record<string, string>;
    /** append every line the server writes (stdout and stderr) to this file */
    logFile?: string;
    /** POWERTOOLS_LOG_LEVEL of the server (default WARN) */
    logLevel?: string;
    /** modules the server process loads first (`--import`), e.g. test/support/loopback-only.ts */
    preload?: string[];
    /** more options of the server's node process (e.g. --cpu-prof for a benchmark) */
    nodeArgs?: string[];
    /** the API's, the agents' mTLS and the gRPC ports (default: free ones): a restart on the same ports keeps its clients' URLs */
    ports?: { api: number; mtls: number; grpc: number };
  } = {},
): Promise<DevServer> {
  const stage = o.stage ?? `t${randomBytes(4).toString("hex")}`;
  const adminToken = o.adminToken ?? `test-admin-${randomBytes(16).toString("hex")}`;
  const preload = (o.preload ?? []).flatMap((m) => ["--import", m]);
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), "--import", "tsx", ...preload, "scripts/dev/main.ts", ...(o.args ?? [])], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...o.env,
      PORT: String(o.ports?.api ?? 0),
      CKP_MTLS_PORT: String(o.ports?.mtls ?? 0),
      CKP_GRPC_PORT: String(o.ports?.grpc ?? 0),
      CKP_STAGE: stage,
      CKP_ADMIN_TOKEN: adminToken,
      CKP_READY_JSON: "1",
      POWERTOOLS_LOG_LEVEL: o.logLevel ?? "WARN",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (o.logFile) appendFileSync(o.logFile, `${line}\n`);
    if (process.env.CKP_TEST_SERVER_LOGS === "1") process.stderr.write(`[dev ${stage}] ${line}\n`);
  };
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", remember);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const ready = await new Promise<{ url: string; mtlsUrl: string; wsUrl?: string; grpcUrl: string; env: Record<string, string> }>(
    (ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`dev server did not start in 120s:\n${tail.join("\n")}`)), 120_000);
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        remember(line);
        if (line.startsWith('{"event":"ready"')) {
          clearTimeout(timer);
          ok(JSON.parse(line));
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`dev server exited with ${code} before it was ready:\n${tail.join("\n")}`));
      });
    },
  );
  return {
    url: ready.url,
    mtlsUrl: ready.mtlsUrl,
    wsUrl: ready.wsUrl,
    grpcUrl: ready.grpcUrl,
    stage,
    adminToken,
    env: ready.env,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
