// Child processes of the local Kubernetes pieces (etcd, kube-apiserver,
// kube-controller-manager, the Cluster API managers): each in its own process
// group with its log in a file, waited for until ready, stopped as a tree.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as path from "node:path";

export const READY_TIMEOUT_MS = 60_000;

/** Starts `bin` in its own process group, stdout and stderr to `<workDir>/<name>.log`. */
export function launch(bin: string, workDir: string, name: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  const log = fs.openSync(path.join(workDir, `${name}.log`), "w");
  // Own process group, so stop() can signal the whole tree.
  const child = spawn(bin, args, { cwd: workDir, detached: true, stdio: ["ignore", log, log], ...(env ? { env } : {}) });
  fs.closeSync(log);
  child.on("error", () => {}); // spawn errors surface as an early exit in waitFor
  return child;
}

export function exited(p: ChildProcess): boolean {
  return p.exitCode !== null || p.signalCode !== null;
}

export function killGroup(p: ChildProcess, signal: NodeJS.Signals) {
  if (p.pid === undefined || exited(p)) return;
  try {
    process.kill(-p.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
export async function terminate(p: ChildProcess) {
  if (p.pid === undefined || exited(p)) return;
  const done = new Promise((r) => p.once("exit", r));
  killGroup(p, "SIGTERM");
  const timer = setTimeout(() => killGroup(p, "SIGKILL"), 10_000);
  await done;
  clearTimeout(timer);
}

/** Polls `ready` until it answers true; throws with the log's tail if the process exits or time runs out. */
export async function waitFor(
  name: string,
  proc: ChildProcess,
  logFile: string,
  ready: () => Promise<boolean>,
  timeoutMs = READY_TIMEOUT_MS,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(proc)) throw new Error(`${name} exited (${proc.exitCode ?? proc.signalCode}):\n${tail(logFile)}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready after ${timeoutMs / 1000}s:\n${tail(logFile)}`);
    await sleep(200);
  }
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** GET over http, or over https without verifying the certificate (health endpoints of local processes). */
export function httpGet(url: string): Promise<{ status: number; body: string }> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    client
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .setTimeout(2000, function (this: http.ClientRequest) {
        this.destroy(new Error(`GET ${url}: timed out`));
      })
      .on("error", reject);
  });
}

/** Distinct free loopback ports: all are held open until every one is chosen. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.on("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
