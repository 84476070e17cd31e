import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { withSource } from "../../core/aws/round-trips.js";
import { withoutSdkLogging } from "../../core/aws/sdk-logging.js";
import type { SecretsKeyConfig } from "../../functions/shared/runtime.js";
import { localName, queues, tables } from "../../infra/resources.js";
import { ensureLocalStack } from "../local-stack/stack.js";
import { bootstrapResources, ensureSecretsKey } from "./bootstrap.js";
import { serveConsole } from "./console.js";
import { LocalConnections, startManagementApi, startMtlsListener } from "./mtls.js";
import { SqsPoller } from "./sqs-poller.js";
import { StreamPoller } from "./stream-poller.js";

export interface ControlPlaneOptions {
  port?: number;
  host?: string;
  stage?: string;
  adminToken?: string;
  /** run the stream relay (default true) */
  relay?: boolean;
  /** run the SQS workers (default true) */
  workers?: boolean;
  stateDir?: string;
  /** port of the mutual-TLS listener for host agents (0: any free port; default 3443, or any free one when `port` is 0) */
  mtlsPort?: number;
  /** serve the agent WebSocket on the mTLS listener (default true) */
  agentWebSocket?: boolean;
  /** how often the agent sweep runs, ms (default 30 s) */
  agentSweepIntervalMs?: number;
  /** how often the machine reconciler checks every Ready or Scaling cluster, ms (default 60 s) */
  machineReconcileIntervalMs?: number;
  /** how often stalled sagas are looked for (functions/scheduled/saga-resume.ts); 60 s by default */
  sagaResumeIntervalMs?: number;
  /**
   * run the status sync of the management clusters (default true; CKP_STATUS_SYNC=off turns it off), the
   * same handler EventBridge starts every minute on AWS, here one invocation after the other
   */
  statusSync?: boolean;
  /**
   * batches each queue's worker handles at once (default CKP_QUEUE_POLLERS, else 1): on AWS Lambda's event source
   * mapping starts at five concurrent batches per queue and scales up
   */
  queuePollers?: number;
  /** port of the native gRPC listener (HTTP/2, reflection on; 0: any free port; default 50051, or any free one when `port` is 0) */
  grpcPort?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface RunningControlPlane {
  url: string;
  /** the mTLS endpoint for host agents */
  mtlsUrl: string;
  wsUrl: string | undefined;
  /** the MachineHost gRPC service over HTTP/2 cleartext (h2c), e.g. http://127.0.0.1:50051 */
  grpcUrl: string;
  caCertificate: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  stage: string;
  env: Record<string, string>;
  /** where this control plane keeps its local state (.ckp/<stage>) */
  stateDir: string;
  stop(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, "../..");

/**
 * The control plane on one machine: the local AWS stack (reused, or started),
 * its resources, the Hono API under @hono/node-server, the stream relay and
 * the SQS workers — each running the same handler a Lambda would.
 */
export async function startControlPlane(o: ControlPlaneOptions = {}): Promise<RunningControlPlane> {
  const log = o.log ?? ((msg, extra) => console.log(JSON.stringify({ level: "INFO", service: "ckp-dev", message: msg, ...extra })));
  const stage = o.stage ?? "local";
  const stateDir = resolve(o.stateDir ?? join(repoRoot, ".ckp", stage));
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  process.env.POWERTOOLS_LOG_LEVEL ??= "INFO";
  // locally everything is on this machine: backup locations reach only a loopback S3 (LocalStack's)
  process.env.CKP_BACKUP_ENDPOINT_HOSTS ??= "127.0.0.1,localhost";

  const stack = await ensureLocalStack({ log: (line) => log(line) });
  process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
  // DynamoDB Local serves the stream API on its own endpoint.
  process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = stack.endpoints.dynamodb;

  // API Gateway's Management API for the agent WebSocket, played locally: its endpoint is known before the handlers load
  const connections = new LocalConnections();
  const managementApi = await startManagementApi(connections, log);

  const adminTokenGenerated = !o.adminToken;
  const adminToken = o.adminToken ?? `ckp_admin_${randomBytes(24).toString("base64url")}`;
  const env: Record<string, string> = {
    ...(await bootstrapResources(stage)),
    SST_RESOURCE_AdminToken: JSON.stringify({ value: adminToken }),
    SST_RESOURCE_SecretsKey: JSON.stringify(await secretsKeyConfig(stage, stateDir)),
    CKP_DOCS_ASSETS_URL: "/v1/docs/assets",
    SST_RESOURCE_AgentWs: JSON.stringify({ managementEndpoint: managementApi.url }),
  };
  Object.assign(process.env, env);

  // Imported only now: SST's Resource reads the variables when first loaded.
  const api = await import("../../functions/api/handler.js");
  const relayHandler = (await import("../../functions/relay/handler.js")).handler;
  const provisioning = (await import("../../functions/workers/provisioning.js")).handler;
  const agentWs = (await import("../../functions/agent-ws/handler.js")).handler;
  const agentSweep = (await import("../../functions/scheduled/agent-sweep.js")).handler;
  const { runtimeDeps } = await import("../../functions/shared/runtime.js");
  const lifecycle = (await import("../../functions/workers/lifecycle.js")).handler;
  const steps = (await import("../../functions/workers/steps.js")).handler;
  const byohosts = (await import("../../functions/workers/byohosts.js")).handler;
  const machines = (await import("../../functions/workers/machines.js")).handler;
  const machineReconcile = (await import("../../functions/scheduled/machine-reconcile.js")).handler;
  const statusSync = (await import("../../functions/scheduled/status-sync.js")).handler;
  const sagaResume = (await import("../../functions/scheduled/saga-resume.js")).handler;

  const assets = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const server = new Hono();
  server.get("/v1/docs/assets/:file{[a-z-]+\\.(js|css)}", async (c) => {
    const file = c.req.param("file");
    const body = await readFile(join(assets, file)).catch(() => null);
    if (!body) return c.notFound();
    return c.body(body, 200, { "content-type": file.endsWith(".css") ? "text/css" : "text/javascript" });
  });
  serveConsole(server);
  server.all("*", (c) => withSource(`api ${c.req.method} ${routeOf(c.req.path)}`, () => api.app.fetch(c.req.raw, c.env)));
  const host = o.host ?? "127.0.0.1";
  const port = o.port ?? 3000;
  const httpServer = await new Promise<ReturnType<typeof serve>>((ok, fail) => {
    const s = serve({ fetch: server.fetch, hostname: host, port }, () => ok(s));
    s.once("error", fail);
  });
  const address = httpServer.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  // where machines the providers boot send their agent's registration
  process.env.CKP_API_URL ??= `http://${host}:${boundPort}`;

  const stoppers: Array<() => Promise<void>> = [() => managementApi.close()];

  // native gRPC needs HTTP/2; the API port serves the same service as Connect and gRPC-Web
  const { startGrpcServer } = await import("../../functions/grpc/server.js");
  const { hashSecret } = await import("../../core/crypto/token-hash.js");
  const adminHash = hashSecret(adminToken);
  const grpc = await startGrpcServer({
    deps: runtimeDeps,
    adminTokenHash: () => adminHash,
    host,
    port: o.grpcPort ?? (o.port === 0 ? 0 : 50051),
  });
  stoppers.push(() => grpc.close());

  const mtls = await startMtlsListener({
    deps: runtimeDeps(),
    stateDir,
    host,
    port: o.mtlsPort ?? (o.port === 0 ? 0 : 3443),
    fetch: (req, env) => api.app.fetch(req, env as never),
    wsHandler: agentWs,
    websocket: o.agentWebSocket ?? true,
    connections,
    log,
  });
  stoppers.push(() => mtls.close());
  // What infra sets on AWS: where hosts reach the mTLS API and the WebSocket.
  process.env.CKP_AGENT_API_URL = mtls.url;
  if (mtls.wsUrl) process.env.CKP_AGENT_WS_URL = mtls.wsUrl;
  else delete process.env.CKP_AGENT_WS_URL;
  /** A schedule of AWS (EventBridge) as an interval: one run at a time, a failure logged, the last run awaited on stop. */
  const every = (ms: number, what: string, run: () => Promise<unknown>) => {
    let running: Promise<unknown> | undefined;
    const timer = setInterval(() => {
      running ??= withSource(what, run)
        .catch((e: unknown) => log(`${what} failed`, { error: (e as Error).message }))
        .finally(() => (running = undefined));
    }, ms);
    stoppers.push(async () => {
      clearInterval(timer);
      await running;
    });
  };
  every(o.agentSweepIntervalMs ?? 30_000, "agent sweep", agentSweep);
  if (o.workers ?? true) {
    // the machine reconciler's schedule: it only enqueues, the machines worker checks
    every(o.machineReconcileIntervalMs ?? 60_000, "machine reconcile schedule", machineReconcile);
    // the resume of stalled sagas: a step whose timers were lost gets a new chain
    every(o.sagaResumeIntervalMs ?? 60_000, "saga resume", sagaResume);
  }

  // the status sync (a scheduled function on AWS): one invocation after another until the server stops
  // CKP_DEV_STATUS_SYNC=off: the saga still counts on a sync (its synced steps keep only the slow fallback), but this
  // process runs none — a test runs its own, and stops it, as a sync that died
  if ((o.workers ?? true) && (o.statusSync ?? (process.env.CKP_STATUS_SYNC !== "off" && process.env.CKP_DEV_STATUS_SYNC !== "off"))) {
    let stopped = false;
    const syncing = (async () => {
      while (!stopped) {
        await withSource("status sync", () => statusSync(undefined, undefined, { until: () => stopped })).catch((e: unknown) => {
          log("status sync failed", { error: (e as Error).message });
          return new Promise((r) => setTimeout(r, 1000));
        });
      }
    })();
    stoppers.push(async () => {
      stopped = true;
      await syncing;
    });
  }

  if (o.relay ?? true) {
    const tableName = localName(stage, tables.main.logical);
    const d = await new DynamoDBClient({}).send(new DescribeTableCommand({ TableName: tableName }));
    const streamArn = d.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${tableName} has no stream`);
    const relay = new StreamPoller({
      streamArn,
      checkpointFile: join(stateDir, "relay-checkpoint.json"),
      handler: (ev) => withSource("relay", () => relayHandler(ev)),
      log,
    });
    relay.start();
    stoppers.push(() => relay.stop());
  }
  if (o.workers ?? true) {
    // the pollers play Lambda's event source mapping: no SDK logger middleware copying every message received (core/aws/sdk-logging.ts)
    const sqs = withoutSdkLogging(new SQSClient({}));
    const workers = { provisioning, lifecycle, steps, byohosts, machines } as const;
    for (const [name, handler] of Object.entries(workers)) {
      const def = queues[name as keyof typeof queues];
      const url = JSON.parse(env[`SST_RESOURCE_${def.logical}`] as string).url as string;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }))).Attributes
        ?.QueueArn as string;
      const poller = new SqsPoller({
        sqs,
        queueUrl: url,
        queueArn: arn,
        batchSize: def.batchSize,
        concurrency: o.queuePollers ?? (Number(process.env.CKP_QUEUE_POLLERS) || 1),
        handler: (ev) => withSource(`worker:${name}`, () => handler(ev)),
        log,
      });
      poller.start();
      stoppers.push(() => poller.stop());
    }
  }

  return {
    url: `http://${host}:${boundPort}`,
    mtlsUrl: mtls.url,
    wsUrl: mtls.wsUrl,
    grpcUrl: grpc.url,
    caCertificate: mtls.caCertificate,
    adminToken,
    adminTokenGenerated,
    stage,
    env,
    stateDir,
    async stop() {
      await Promise.all(stoppers.map((s) => s()));
      await new Promise<void>((r) => httpServer.close(() => r()));
      await stack.stop();
    },
  };
}

/**
 * Secrets at rest are sealed with data keys from the stage's KMS key on the
 * local stack, as on AWS; `CKP_SECRETS_KEY=local` uses a key file in the
 * state directory instead (for a LocalStack without KMS).
 */
async function secretsKeyConfig(stage: string, stateDir: string): Promise<SecretsKeyConfig> {
  const kind = process.env.CKP_SECRETS_KEY ?? "kms";
  if (kind === "local") return { kind: "local", path: join(stateDir, "master.key") };
  if (kind !== "kms") throw new Error(`CKP_SECRETS_KEY must be kms or local, not ${kind}`);
  return { kind: "kms", keyId: await ensureSecretsKey(stage) };
}

/** A request's path as its last collection, for the round-trip tallies: /v1/…/clusters/cl_1/scale → clusters/{id}/scale. */
function routeOf(path: string): string {
  const parts = path.split("/").filter(Boolean);
  const at = parts.findLastIndex((p, i) => i % 2 === 1 && i >= 1 && /^[a-z-]+$/.test(p) && !/\d/.test(p));
  return parts
    .slice(Math.max(0, at === -1 ? parts.length - 2 : at))
    .map((p, i) => (i % 2 === 1 && /[\d_]/.test(p) ? "{id}" : p))
    .join("/");
}

function dirname(p: string): string {
  return p.slice(0, p.lastIndexOf("/"));
}
