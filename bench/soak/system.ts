import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { bootstrapResources } from "../../scripts/dev/bootstrap.js";
import { ensureLocalStack, type RunningStack } from "../../scripts/local-stack/stack.js";
import { type DevServer, startDevServer } from "../../test/support/dev-server.js";

/**
 * The processes a soak run owns: its own DynamoDB Local (data in a directory,
 * -dbPath, so it survives a kill -9), its own LocalStack (SQS, S3, KMS: held
 * in memory, lost on a kill) on ports of its own, and the control plane (API,
 * relay and workers in one child process, `npm run dev`'s program). It kills
 * and restarts only these, by the process ids it started.
 */
export class SoakSystem {
  dynamodbPort = 0;
  awsPort = 0;
  cp: DevServer | undefined;
  private ports: { api: number; mtls: number; grpc: number } | undefined;
  private engines: RunningStack[] = [];
  private pids: Record<string, number> = {};
  /** when LocalStack last (re)started: what it held before is gone */
  localstackStartedAt = 0;
  readonly stage: string;
  readonly adminToken: string;

  constructor(
    readonly workDir: string,
    o: { stage: string; adminToken: string },
    private readonly log: (line: string) => void,
  ) {
    this.stage = o.stage;
    this.adminToken = o.adminToken;
  }

  get endpoints(): { dynamodb: string; aws: string } {
    return { dynamodb: `http://127.0.0.1:${this.dynamodbPort}`, aws: `http://127.0.0.1:${this.awsPort}` };
  }

  /** starts whichever engine is not answering (ensureLocalStack reuses the other) */
  async startEngines(): Promise<void> {
    if (!this.dynamodbPort) {
      const [d, a] = await freePorts(2);
      this.dynamodbPort = d as number;
      this.awsPort = a as number;
    }
    // ensureLocalStack takes AWS_ENDPOINT_URL* as "use that one": ours are given by port instead
    const saved = { a: process.env.AWS_ENDPOINT_URL, d: process.env.AWS_ENDPOINT_URL_DYNAMODB };
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    try {
      const s = await ensureLocalStack({
        dynamodbPort: this.dynamodbPort,
        awsPort: this.awsPort,
        persistDir: mkdirp(join(this.workDir, "engines")),
        log: (l) => this.log(`[engines] ${l}`),
      });
      this.engines.push(s);
      Object.assign(this.pids, s.pids);
      if (s.pids.localstack) this.localstackStartedAt = Date.now();
    } finally {
      process.env.AWS_ENDPOINT_URL = saved.a;
      process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.d;
      if (saved.a === undefined) delete process.env.AWS_ENDPOINT_URL;
      if (saved.d === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    }
  }

  /** points this process's AWS SDK at the soak's engines (for the invariant checks and bootstrap) */
  useEngines(): void {
    process.env.AWS_ENDPOINT_URL = this.endpoints.aws;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = this.endpoints.dynamodb;
    process.env.AWS_REGION ??= "us-east-1";
    process.env.AWS_ACCESS_KEY_ID ??= "test";
    process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  }

  /** LocalStack came back empty: create the stage's queues, buckets and key again, as the infrastructure code would */
  async rebootstrap(): Promise<void> {
    this.useEngines();
    await bootstrapResources(this.stage);
  }

  async startControlPlane(): Promise<void> {
    // the same ports at every restart: the host agents keep the URLs they registered with
    if (!this.ports) {
      const [api, mtls, grpc] = (await freePorts(3)) as [number, number, number];
      this.ports = { api, mtls, grpc };
    }
    this.cp = await startDevServer({
      ports: this.ports,
      stage: this.stage,
      adminToken: this.adminToken,
      logFile: join(this.workDir, "control-plane.log"),
      logLevel: "WARN",
      env: {
        AWS_ENDPOINT_URL: this.endpoints.aws,
        AWS_ENDPOINT_URL_DYNAMODB: this.endpoints.dynamodb,
        // a key file, not LocalStack's KMS: a key in LocalStack's memory would be lost on its kill with every secret sealed by it
        CKP_SECRETS_KEY: "local",
        CKP_SAGA_MAX_POLL_SECONDS: "2",
        // a step whose timers went with a killed LocalStack is resumed after 30 s of no change (core/clusters/saga-resume.ts)
        CKP_SAGA_STALL_SECONDS: "30",
        CKP_SAGA_RESUME_INTERVAL_MS: "5000",
        CKP_MACHINE_RECONCILE_INTERVAL_MS: "5000",
        CKP_AGENT_WS: "off",
      },
    });
    this.log(`control plane ${this.cp.url} (pid ${this.cp.process.pid})`);
    const cp = this.cp;
    cp.process.once("exit", (code, signal) => {
      if (this.expectedExit.has(cp)) return;
      const what = `the control plane's process (pid ${cp.process.pid}) exited on its own: code ${code}, signal ${signal}`;
      this.unexpectedExits.push(`${new Date().toISOString()} ${what}`);
      this.log(what);
    });
  }

  /** control plane processes that exited though no fault or stop ended them (a finding, reported) */
  readonly unexpectedExits: string[] = [];
  private readonly expectedExit = new Set<DevServer>();

  /** kill -9 of one engine's process group */
  async killEngine(name: "dynamodb-local" | "localstack"): Promise<void> {
    const pid = this.pids[name];
    if (!pid) throw new Error(`no ${name} of ours running`);
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
    delete this.pids[name];
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  }

  async killControlPlane(): Promise<void> {
    if (this.cp) this.expectedExit.add(this.cp);
    await this.cp?.kill();
  }

  /**
   * Stops or continues the control plane's process. Answers why it could
   * not (the process is gone: its exit code or signal), so the caller can
   * start it again and say so rather than the run ending.
   */
  signalControlPlane(signal: "SIGSTOP" | "SIGCONT"): string | undefined {
    const p = this.cp?.process;
    if (!p?.pid) return "no control plane process";
    try {
      process.kill(p.pid, signal);
      return undefined;
    } catch (e) {
      return `the control plane's process was gone at ${signal} (exit code ${p.exitCode}, signal ${p.signalCode}): ${(e as Error).message}`;
    }
  }

  async stop(): Promise<void> {
    if (this.cp) {
      this.expectedExit.add(this.cp);
      try {
        process.kill(this.cp.process.pid as number, "SIGCONT");
      } catch {
        // not running
      }
      await this.cp.stop();
    }
    for (const e of this.engines.splice(0).reverse()) await e.stop();
    for (const pid of Object.values(this.pids)) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function mkdirp(d: string): string {
  mkdirSync(d, { recursive: true });
  return d;
}

export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import("node:net").Server>((ok) => {
          const s = createServer();
          s.listen(0, "127.0.0.1", () => ok(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
