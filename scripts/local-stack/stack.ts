/**
 * Local AWS stack on the host, with real engines:
 *   - DynamoDB (+ DynamoDB Streams on the same endpoint): DynamoDB Local 1.25.1 (Java)
 *   - SQS + S3 + KMS: LocalStack 4.14.0 (Python), one gateway endpoint
 * Engines are installed into the cache dir by scripts/local-stack/install.sh.
 *
 * Endpoint resolution, per engine:
 *   DynamoDB: AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL (e.g. a Docker LocalStack that also
 *             serves DynamoDB), else http://127.0.0.1:<dynamodbPort, 8000>.
 *   SQS/S3/KMS: AWS_ENDPOINT_URL, else http://127.0.0.1:<awsPort, 4566>.
 * An endpoint taken from the environment is used as is: nothing is started for it. A default
 * endpoint that already answers healthily is reused; otherwise the engine is spawned from the
 * cache and awaited until healthy.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

export interface LocalStackEndpoints {
  dynamodb: string;
  /** SQS + S3 + KMS gateway (use `forcePathStyle: true` for S3). */
  aws: string;
}

export interface RunningStack {
  endpoints: LocalStackEndpoints;
  /** Names of processes this call started: 'dynamodb-local' and/or 'localstack'. */
  started: string[];
  /** Milliseconds from spawn to healthy, per started process. */
  startMs: Record<string, number>;
  /** Process ids (each the leader of its own process group) of what this call started, by name: a soak test kills them. */
  pids: Record<string, number>;
  /** Stops only what this call started. Idempotent. */
  stop(): Promise<void>;
}

export interface EnsureOptions {
  dynamodbPort?: number;
  awsPort?: number;
  /** If set, DynamoDB Local keeps its data in <persistDir>/dynamodb (-dbPath) instead of memory,
   *  and LocalStack its files in <persistDir>/localstack. SQS/S3 state stays in memory all the same:
   *  LocalStack community has no state persistence (a Pro feature); PERSISTENCE=1 changes nothing. */
  persistDir?: string;
  log?: (line: string) => void;
}

export const DYNAMODB_LOCAL_VERSION = "1.25.1";
export const LOCALSTACK_VERSION = "4.14.0";
export const TEST_REGION = "us-east-1";
export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

const HEALTH_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
const HERE = dirname(fileURLToPath(import.meta.url));
const INSTALL_HINT = "run scripts/local-stack/install.sh";

export const cacheDir = (): string => process.env.CKP_CACHE_DIR || join(homedir(), ".cache", "ckp");

export function resolveEndpoints(opts: Pick<EnsureOptions, "dynamodbPort" | "awsPort"> = {}) {
  const env = process.env;
  const ddbEnv = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
  const awsEnv = env.AWS_ENDPOINT_URL;
  return {
    dynamodb: ddbEnv || `http://127.0.0.1:${opts.dynamodbPort ?? 8000}`,
    aws: awsEnv || `http://127.0.0.1:${opts.awsPort ?? 4566}`,
    dynamodbFromEnv: Boolean(ddbEnv),
    awsFromEnv: Boolean(awsEnv),
  };
}

export async function isDynamoDbHealthy(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** Service states from LocalStack's `/_localstack/health`, or undefined if it does not answer. */
export async function localStackServices(endpoint: string): Promise<Record<string, string> | undefined> {
  try {
    const res = await fetch(new URL("/_localstack/health", endpoint), { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return undefined;
    return ((await res.json()) as { services?: Record<string, string> }).services ?? {};
  } catch {
    return undefined;
  }
}

/** The LocalStack services the control plane uses (KMS: the production key provider runs against it). */
export const LOCALSTACK_SERVICES = ["sqs", "s3", "kms"] as const;

const serviceUp = (s: string | undefined) => s === "available" || s === "running";

export async function isLocalStackHealthy(endpoint: string): Promise<boolean> {
  const services = await localStackServices(endpoint);
  return Boolean(services && LOCALSTACK_SERVICES.every((s) => serviceUp(services[s])));
}

/**
 * A LocalStack that answers but lacks a service we need (one started before
 * the service was added) cannot be replaced on its port by us: say so.
 */
async function refuseIncompleteLocalStack(endpoint: string): Promise<void> {
  const services = await localStackServices(endpoint);
  if (!services) return;
  const missing = LOCALSTACK_SERVICES.filter((s) => !serviceUp(services[s]));
  if (missing.length) {
    throw new Error(
      `LocalStack at ${endpoint} answers but does not serve ${missing.join(", ")} (started with other SERVICES?); ` +
        "stop it and run `npx tsx scripts/local-stack/cli.ts up` again, or point AWS_ENDPOINT_URL at one that serves them",
    );
  }
}

export async function ensureLocalStack(opts: EnsureOptions = {}): Promise<RunningStack> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[local-stack] ${line}\n`));
  const ep = resolveEndpoints(opts);
  const procs: Proc[] = [];
  const startMs: Record<string, number> = {};

  const ensureOne = async (
    name: string,
    endpoint: string,
    fromEnv: boolean,
    healthy: (endpoint: string) => Promise<boolean>,
    command: () => Command,
  ) => {
    if (fromEnv) return log(`${name}: using ${endpoint} from the environment`);
    if (await healthy(endpoint)) return log(`${name}: reusing ${endpoint}`);
    const cmd = command(); // throws the install hint before anything is spawned
    // Concurrent callers (e.g. test workers) take turns: the later ones find it healthy.
    await withStartLock(`${name}-${port(endpoint)}`, async () => {
      if (await healthy(endpoint)) return log(`${name}: reusing ${endpoint}`);
      log(`${name}: starting on ${endpoint} (log: ${cmd.logFile})`);
      const proc = startProcess(name, cmd);
      procs.push(proc);
      const t0 = Date.now();
      await waitHealthy(proc, () => healthy(endpoint));
      startMs[name] = Date.now() - t0;
      log(`${name}: healthy after ${(startMs[name] / 1000).toFixed(2)}s`);
    });
  };

  const results = await Promise.allSettled([
    ensureOne("dynamodb-local", ep.dynamodb, ep.dynamodbFromEnv, isDynamoDbHealthy, () =>
      dynamoDbCommand(port(ep.dynamodb), opts.persistDir),
    ),
    (async () => {
      if (!ep.awsFromEnv) await refuseIncompleteLocalStack(ep.aws);
      await ensureOne("localstack", ep.aws, ep.awsFromEnv, isLocalStackHealthy, () => localStackCommand(port(ep.aws), opts.persistDir));
    })(),
  ]);
  const stop = async () => {
    await Promise.all(procs.splice(0).map((p) => stopProcess(p)));
  };
  const failed = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
  if (failed.length) {
    await stop();
    throw failed.length === 1 ? failed[0] : new Error(failed.map((e) => e.message).join("\n"));
  }
  return {
    endpoints: { dynamodb: ep.dynamodb, aws: ep.aws },
    started: procs.map((p) => p.name),
    startMs,
    pids: Object.fromEntries(procs.flatMap((p) => (p.child.pid === undefined ? [] : [[p.name, p.child.pid]]))),
    stop,
  };
}

// --- engines ---------------------------------------------------------------------------------

interface Command {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}

const runDir = () => join(cacheDir(), "run");
const port = (endpoint: string) => Number(new URL(endpoint).port || 80);

function dynamoDbCommand(ddbPort: number, persistDir?: string): Command {
  const home = join(cacheDir(), "dynamodb-local", DYNAMODB_LOCAL_VERSION);
  const jar = join(home, "DynamoDBLocal.jar");
  if (!existsSync(jar)) throw new Error(`DynamoDB Local is not installed at ${home}: ${INSTALL_HINT}`);
  const storage = persistDir ? ["-dbPath", mkdirp(resolve(persistDir, "dynamodb"))] : ["-inMemory"];
  // Loopback only: even with -disableTelemetry, DynamoDB Local resolves
  // cognito-identity.us-east-1.amazonaws.com at start unless DDB_LOCAL_TELEMETRY=0; the JVM hosts
  // file makes any other name lookup fail locally instead of asking the DNS server.
  const hostsFile = join(mkdirp(runDir()), "java-hosts");
  writeFileSync(hostsFile, "127.0.0.1 localhost\n::1 localhost\n");
  return {
    cmd: "java",
    args: [
      `-Djdk.net.hosts.file=${hostsFile}`,
      `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
      "-jar",
      jar,
      "-sharedDb",
      "-disableTelemetry",
      "-port",
      String(ddbPort),
      ...storage,
    ],
    env: { ...baseEnv(), DDB_LOCAL_TELEMETRY: "0" },
    cwd: runDir(),
    logFile: join(runDir(), `dynamodb-${ddbPort}.log`),
  };
}

function localStackCommand(awsPort: number, persistDir?: string): Command {
  const home = join(cacheDir(), "localstack", LOCALSTACK_VERSION);
  const python = join(home, "venv", "bin", "python");
  if (!existsSync(python)) throw new Error(`LocalStack is not installed (no ${python}): ${INSTALL_HINT}`);
  const root = mkdirp(persistDir ? resolve(persistDir, "localstack") : join(runDir(), `localstack-${awsPort}`));
  return {
    cmd: python,
    args: [join(HERE, "localstack_launcher.py")],
    env: {
      ...baseEnv(),
      SERVICES: LOCALSTACK_SERVICES.join(","),
      // Load the providers before reporting ready instead of on the first request.
      EAGER_SERVICE_LOADING: "1",
      GATEWAY_LISTEN: `127.0.0.1:${awsPort}`,
      // Host used in returned URLs; with the path strategy, queue URLs are
      // http://127.0.0.1:<port>/queue/<region>/<account>/<name> and resolve without DNS.
      LOCALSTACK_HOST: `127.0.0.1:${awsPort}`,
      SQS_ENDPOINT_STRATEGY: "path",
      // Host mode: /.dockerenv exists on these machines, which would make LocalStack use
      // /var/lib/localstack, /etc/localstack and touch /etc/resolv.conf.
      OVERRIDE_IN_DOCKER: "0",
      FILESYSTEM_ROOT: root,
      CONFIG_DIR: mkdirp(join(root, "config")), // no ~/.localstack profiles
      CKP_LOCALSTACK_CACHE_DIR: join(home, "cache"),
      // No DNS server on port 53, no analytics, no certificate download: loopback only.
      DNS_ADDRESS: "0",
      DISABLE_EVENTS: "1",
      SKIP_SSL_CERT_DOWNLOAD: "1",
    },
    cwd: root,
    logFile: join(runDir(), `localstack-${awsPort}.log`),
  };
}

/** A small, explicit environment so the caller's DEBUG, SERVICES, AWS_* … do not leak in. */
function baseEnv(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME"];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

// --- processes -------------------------------------------------------------------------------

interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
  exitCode?: number | string;
  exited: Promise<void>;
}

const live = new Set<Proc>();
let exitHookInstalled = false;

// setpriv --pdeathsig makes the kernel kill the child if this process dies without running
// its exit hooks (SIGKILL, crash, default signal action).
const pdeathsig = (() => {
  let cached: boolean | undefined;
  return () => (cached ??= spawnSync("setpriv", ["--help"], { encoding: "utf8" }).stdout?.includes("--pdeathsig") ?? false);
})();

function startProcess(name: string, c: Command): Proc {
  mkdirp(dirname(c.logFile));
  const fd = openSync(c.logFile, "w");
  const [cmd, args] = pdeathsig() ? ["setpriv", ["--pdeathsig", "KILL", "--", c.cmd, ...c.args]] : [c.cmd, c.args];
  let child: ChildProcess;
  try {
    // detached: own process group, so stop() can signal the whole group and a terminal's
    // Ctrl-C reaches only the parent, which then stops the children in order.
    child = spawn(cmd, args, { cwd: c.cwd, env: c.env, detached: true, stdio: ["ignore", fd, fd] });
  } finally {
    closeSync(fd);
  }
  const proc: Proc = { name, child, logFile: c.logFile, exited: Promise.resolve() };
  proc.exited = new Promise((done) => {
    child.once("exit", (code, signal) => {
      proc.exitCode = code ?? signal ?? "unknown";
      live.delete(proc);
      done();
    });
    child.once("error", (err) => {
      proc.exitCode = err.message;
      live.delete(proc);
      done();
    });
  });
  live.add(proc);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const p of live) killGroup(p, "SIGKILL");
    });
  }
  return proc;
}

async function waitHealthy(proc: Proc, healthy: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== undefined) {
      throw new Error(`${proc.name} exited (${proc.exitCode}) before becoming healthy; ${proc.logFile}:\n${tail(proc.logFile)}`);
    }
    if (await healthy()) return;
    await sleep(100);
  }
  throw new Error(`${proc.name} not healthy after ${HEALTH_TIMEOUT_MS / 1000}s; ${proc.logFile}:\n${tail(proc.logFile)}`);
}

/** Cross-process mutex: a lock file holding the owner's pid; a dead owner's lock is taken over. */
async function withStartLock(name: string, fn: () => Promise<void>): Promise<void> {
  const file = join(mkdirp(runDir()), `${name}.lock`);
  const deadline = Date.now() + HEALTH_TIMEOUT_MS + 10_000;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(readFileSync(file, "utf8") || 0);
      if (owner && !isAlive(owner)) rmSync(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${file} (held by pid ${owner})`);
      else await sleep(200);
    }
  }
  try {
    await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopProcess(proc: Proc): Promise<void> {
  if (proc.exitCode === undefined) {
    killGroup(proc, "SIGTERM");
    const timer = setTimeout(() => killGroup(proc, "SIGKILL"), STOP_GRACE_MS);
    await proc.exited;
    clearTimeout(timer);
  }
  killGroup(proc, "SIGKILL"); // leftovers in the group, if any
}

function killGroup(proc: Proc, signal: NodeJS.Signals): void {
  if (proc.child.pid === undefined) return;
  try {
    process.kill(-proc.child.pid, signal);
  } catch {
    // already gone
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}
