import { loadavg } from "node:os";
import { dynamoDocumentClient } from "../core/aws/clients.js";
import { Envelope } from "../core/crypto/envelope.js";
import { LocalKeyProvider } from "../core/crypto/local-key-provider.js";
import type { Deps } from "../core/deps.js";
import { kubeFor } from "../core/management/access.js";
import { systemClock } from "../core/shared/clock.js";
import { tables } from "../infra/resources.js";
import { startKubeApiserver } from "../scripts/kube/apiserver.js";
import { ensureLocalStack } from "../scripts/local-stack/stack.js";
import { Api } from "../test/support/api.js";
import { installClusterAgent } from "../test/support/cluster-agent.js";
import { startDevServer } from "../test/support/dev-server.js";
import { machineLine } from "./machine.js";
import { writeSection } from "./results-file.js";
import { round, type Summary, summarize, timed } from "./stats.js";

/**
 * What the tunnel costs per request (issue 16): the same Kubernetes API
 * requests to one kube-apiserver, made by the control plane's KubeClient
 * straight (a direct management cluster, its kubeconfig) and through a
 * cluster agent's tunnel (a remote management cluster registered for the
 * same apiserver, its real ckp-cluster-agent process connected to the dev
 * server's agent WebSocket). Each request of the tunnel path goes: tunnel
 * and certificate check (DynamoDB), frames posted through the Management
 * API, the agent's request to the apiserver, answer frames written by the
 * WebSocket route (DynamoDB), read back by the requester (DynamoDB Query).
 */
const N = Number(process.env.BENCH_TUNNEL_REQUESTS ?? 300);
/** untimed requests per row first: DynamoDB Local's JVM and both paths' connections warm up */
const WARMUP = Number(process.env.BENCH_TUNNEL_WARMUP ?? 100);
/** BENCH_SHARED_DYNAMODB=1: use the shared DynamoDB Local (127.0.0.1:8000) instead of a private one. */
const SHARED_DYNAMODB = process.env.BENCH_SHARED_DYNAMODB === "1";
const CONCURRENCY = Number(process.env.BENCH_TUNNEL_CONCURRENCY ?? 8);
const SECRETS = 50;

interface Row {
  what: string;
  direct: Summary;
  tunnel: Summary;
  concurrency: number;
  bytes: number;
}

export async function runTunnelBench(): Promise<void> {
  // A DynamoDB Local of its own (in memory): the shared one on :8000 also serves every other test run on this
  // machine, and the tunnel's every request crosses the table several times.
  const net = await import("node:net");
  const freePort = async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as import("node:net").AddressInfo).port;
    await new Promise((r) => srv.close(r));
    return port;
  };
  const stack = await ensureLocalStack(SHARED_DYNAMODB ? {} : { dynamodbPort: await freePort() });
  process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  const kube = await startKubeApiserver();
  const server = await startDevServer({
    env: { AWS_ENDPOINT_URL: stack.endpoints.aws, AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb },
  });
  let agent: Awaited<ReturnType<typeof installClusterAgent>> | undefined;
  try {
    const admin = new Api(server.url, server.adminToken);
    const direct = await admin.post("/v1/management-clusters", {
      name: "bench-direct",
      kubeconfig: await import("node:fs").then((f) => f.readFileSync(kube.kubeconfigPath, "utf8")),
    });
    const remote = await admin.post("/v1/management-clusters", { name: "bench-remote", connectivity: "remote" });
    if (direct.status !== 201 || remote.status !== 201) throw new Error(`registration failed: ${direct.text} ${remote.text}`);
    agent = await installClusterAgent(kube, remote.body.agent.manifest, { name: "bench" });
    await agent.process.waitForLine(/tunnel connected/, 120_000);

    const env = server.env;
    const deps: Deps = {
      db: dynamoDocumentClient(),
      table: (JSON.parse(env[`SST_RESOURCE_${tables.main.logical}`] as string) as { name: string }).name,
      secrets: new Envelope(new LocalKeyProvider((JSON.parse(env.SST_RESOURCE_SecretsKey as string) as { path: string }).path)),
      clock: systemClock,
      agentWsManagementEndpoint: (JSON.parse(env.SST_RESOURCE_AgentWs as string) as { managementEndpoint: string }).managementEndpoint,
    };
    const straight = await kubeFor(deps, direct.body.id);
    const tunnel = await kubeFor(deps, remote.body.id);
    const ns = "tunnel-bench";
    await straight.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    // Secrets: a management cluster's agent may read and write them (its manifest's RBAC), ConfigMaps it may not
    for (let i = 0; i < SECRETS; i++) {
      await straight.apply({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: `s-${i}`, namespace: ns },
        stringData: { v: "x".repeat(1000) },
      });
    }
    const listBytes = JSON.stringify((await straight.list("v1", "Secret", { namespace: ns })).items).length;
    const cases: Array<{ what: string; bytes: number; concurrency: number; run: (c: typeof straight, i: number) => Promise<unknown> }> = [
      { what: "GET /version", bytes: 250, concurrency: 1, run: (c) => c.version() },
      {
        what: "get one Secret",
        bytes: 1700,
        concurrency: 1,
        run: (c, i) => c.get({ apiVersion: "v1", kind: "Secret", name: `s-${i % SECRETS}`, namespace: ns }),
      },
      {
        what: "server-side apply one Secret",
        bytes: 1700,
        concurrency: 1,
        run: (c, i) =>
          c.apply({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: `s-${i % SECRETS}`, namespace: ns },
            stringData: { v: `${i}`.padEnd(1000, "y") },
          }),
      },
      { what: `list ${SECRETS} Secrets`, bytes: listBytes, concurrency: 1, run: (c) => c.list("v1", "Secret", { namespace: ns }) },
      {
        what: "get one Secret",
        bytes: 1700,
        concurrency: CONCURRENCY,
        run: (c, i) => c.get({ apiVersion: "v1", kind: "Secret", name: `s-${i % SECRETS}`, namespace: ns }),
      },
    ];
    const rows: Row[] = [];
    const loadAtStart = round(loadavg()[0] ?? 0, 2);
    for (const k of cases) {
      const measure = async (c: typeof straight) => {
        await timed(WARMUP, k.concurrency, (i) => k.run(c, i).then(() => undefined));
        return summarize((await timed(N, k.concurrency, (i) => k.run(c, i).then(() => undefined))).latencies);
      };
      const d = await measure(straight);
      const t = await measure(tunnel);
      rows.push({ what: k.what, direct: d, tunnel: t, concurrency: k.concurrency, bytes: k.bytes });
      console.log(`${k.what} ×${k.concurrency}: direct p50 ${d.p50} ms, tunnel p50 ${t.p50} ms (+${round(t.p50 - d.p50)})`);
    }
    const loadAtEnd = round(loadavg()[0] ?? 0, 2);
    const table = [
      "| request | answer bytes | concurrent | direct p50 ms | direct p99 ms | tunnel p50 ms | tunnel p99 ms | added p50 ms |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows.map(
        (r) =>
          `| ${r.what} | ${r.bytes} | ${r.concurrency} | ${r.direct.p50} | ${r.direct.p99} | ${r.tunnel.p50} | ${r.tunnel.p99} | **${round(r.tunnel.p50 - r.direct.p50)}** |`,
      ),
    ].join("\n");
    writeSection(
      "tunnel",
      `## The tunnel's cost per request (issue 16)

Run ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; local stack (DynamoDB Local 1.25.1 ${SHARED_DYNAMODB ? "shared with other work on the machine" : "in memory, an instance of its own"}, LocalStack 4.14.0), control plane via \`npm run dev\`'s program, one kube-apiserver v1.30.14 on loopback. ${N} timed requests per row after ${WARMUP} untimed ones, one request at a time unless the row says otherwise. Load average (1 min) ${loadAtStart} → ${loadAtEnd} on ${(await import("node:os")).cpus().length} cores.

- **direct**: the control plane's KubeClient with the cluster's kubeconfig: HTTPS straight to the apiserver, a new TLS connection per request (client-node makes an agent per request), as the control plane reaches direct clusters today.
- **tunnel**: the same client for a remote management cluster of the same apiserver: its real \`ckp-cluster-agent\` process (the single-file build) holds the tunnel to the dev server's agent WebSocket and keeps its connection to the apiserver alive; each request is a tunnel and certificate check (DynamoDB), request frames posted through the Management API, the agent's request to the apiserver with its service account, answer frames written by the WebSocket route (DynamoDB), read by the requester (DynamoDB Query, polled 4 ms doubling to 100 ms).

${table}
`,
    );
    console.log(table);
  } finally {
    await agent?.stopAll();
    await server.stop();
    await kube.stop();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runTunnelBench();
