import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { renderFor } from "../../core/clusters/runtime.js";
import { readCluster } from "../../core/clusters/saga.js";
import { leaseKey, releaseLease, runStatusSync, SYNCED_KINDS, takeLease } from "../../core/clusters/status-sync.js";
import { PLACEHOLDER_BUNDLE } from "../../core/clusters/steps/common.js";
import { Envelope as Sealer } from "../../core/crypto/envelope.js";
import type { Deps } from "../../core/deps.js";
import { recordPlacement } from "../../core/management/placement.js";
import { systemClock } from "../../core/shared/clock.js";
import { newId } from "../../core/shared/ids.js";
import type { Envelope } from "../../events/envelope.js";
import { publishToQueue } from "../../events/publish.js";
import { statusSyncEnv } from "../../functions/scheduled/status-sync.js";
import { keyProvider, type SecretsKeyConfig } from "../../functions/shared/runtime.js";
import { tables } from "../../infra/resources.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { cluster } from "../doubles/memory-saga-env.js";
import { makeCertificates } from "../doubles/s3-key-checking-gateway.js";
import { Api, eventually, resourceName, useLocalAws } from "../support/api.js";
import { startDevServer } from "../support/dev-server.js";
import { testCtx, testKube } from "../support/kube.js";
import { uniqueName } from "../support/tenants.js";

/**
 * The status sync (core/clusters/status-sync.ts) against the kube tier's
 * real apiserver, in a dev control plane whose waiting steps' timers are
 * slow (10 min): a cluster waiting for its control plane moves on within
 * 2 s of the management cluster reporting it ready; the requests the
 * control plane sends the management cluster per minute do not grow with
 * the number of clusters waiting on it (counted by an HTTPS proxy in front
 * of the apiserver, which the management cluster is registered through);
 * and with the sync off, the timer (now fast) still finishes the step.
 *
 * The clusters' CAPI objects are paused (spec.paused, which CAPI's managers
 * honour) and no Kamaji runs for them: the test writes the status CAPI
 * would report, through the status subresource.
 */

const VERSION = "v1.32.11";

/** An HTTPS proxy in front of the apiserver that counts the requests going through it. */
class CountingProxy {
  readonly requests: Array<{ at: number; method: string; path: string }> = [];
  url = "";
  caPem = "";
  private server: ReturnType<typeof createHttpsServer> | undefined;

  async start(certs: { caPem: string; certPem: string; keyPem: string }): Promise<void> {
    this.caPem = certs.caPem;
    const up = new URL(testKube().server);
    this.server = createHttpsServer({ cert: certs.certPem, key: certs.keyPem }, (req: IncomingMessage, res: ServerResponse) => {
      this.requests.push({ at: Date.now(), method: req.method ?? "", path: req.url ?? "" });
      const fwd = httpsRequest(
        {
          host: up.hostname,
          port: up.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: up.host },
          ca: testKube().caData,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      fwd.on("error", (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      req.pipe(fwd);
    });
    await new Promise<void>((ok) => this.server?.listen(0, "127.0.0.1", ok));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** requests between two instants (ms) */
  between(from: number, to: number) {
    return this.requests.filter((r) => r.at >= from && r.at < to);
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }
}

/** A dev control plane, its table and lifecycle queue, and a management cluster registered through a counting proxy. */
async function controlPlane(env: Record<string, string>, certs: ReturnType<typeof makeCertificates>) {
  const proxy = new CountingProxy();
  await proxy.start(certs);
  const server = await startDevServer({ env });
  const admin = new Api(server.url, server.adminToken);
  const mc = await admin.post("/v1/management-clusters", {
    name: uniqueName("mc-sync"),
    server: proxy.url,
    caData: proxy.caPem,
    token: testKube().token,
  });
  expect(mc.status, mc.text).toBe(201);
  useLocalAws();
  const deps: Pick<Deps, "db" | "table" | "clock"> = {
    db: dynamoDocumentClient(),
    table: resourceName(server.env, tables.main.logical),
    clock: systemClock,
  };
  const queue = resourceName(server.env, "LifecycleQueue");
  return { proxy, server, deps, queue, managementClusterId: mc.body.id as string };
}

type Plane = Awaited<ReturnType<typeof controlPlane>>;

async function apply(path: string, body: unknown): Promise<void> {
  const res = await kubeRequest(testKube(), "PATCH", `${path}?fieldManager=ckp-status-sync-test&force=true`, {
    body: JSON.stringify(body),
    contentType: "application/apply-patch+yaml",
  });
  expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBeLessThan(300);
}

const paths = (ns: string, name: string) => ({
  cluster: `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/clusters/${name}`,
  controlPlane: `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/kamajicontrolplanes/${name}`,
});

/**
 * A cluster whose create is at wait-control-plane on the management cluster:
 * its item in the table, its Namespace, (paused) Cluster and
 * KamajiControlPlane on the apiserver, and the message that starts the step
 * (what the previous step's completion sends).
 */
async function waitingCluster(p: Plane, o: { start?: boolean; firstRun?: boolean } = {}): Promise<Cluster> {
  const now = new Date().toISOString();
  const c = cluster({
    id: newId("cl").toLowerCase(),
    domain: uniqueName("sync"),
    project: "p",
    name: "sync",
    kubernetesVersion: VERSION,
    step: "wait-control-plane",
    steps: [
      { name: "apply-objects", state: "succeeded", startedAt: now, endedAt: now },
      { name: "wait-control-plane", state: "running", startedAt: now },
      { name: "install-cni", state: "pending" },
    ],
    resolved: {
      providerCluster: { name: "bms", type: "orbiter-bms" },
      managementClusterId: p.managementClusterId,
      managementCluster: "mc",
    },
    createdAt: now,
    updatedAt: now,
  });
  await p.deps.db.send(new PutCommand({ TableName: p.deps.table, Item: clusterItem(c) }));
  // placed there, as resolve-provider does: the sync looks only at management clusters with clusters on them
  await recordPlacement(p.deps as Deps, testCtx, p.managementClusterId, { domain: c.domain, project: c.project, clusterId: c.id });
  const objects = renderFor(c, { kubernetesVersion: VERSION, workers: 1, bundle: PLACEHOLDER_BUNDLE });
  const ns = objects.find((o) => o.kind === "Namespace");
  const capiCluster = objects.find((o) => o.kind === "Cluster");
  const kcp = objects.find((o) => o.kind === "KamajiControlPlane");
  if (!ns || !capiCluster || !kcp) throw new Error("the render lacks a Namespace, Cluster or KamajiControlPlane");
  await apply(`/api/v1/namespaces/${ns.metadata.name}`, ns);
  const at = paths(capiCluster.metadata.namespace as string, capiCluster.metadata.name);
  await apply(at.cluster, { ...capiCluster, spec: { ...capiCluster.spec, paused: true } });
  await apply(at.controlPlane, kcp);
  if (o.start === false) return c;
  await new SQSClient({}).send(
    new SendMessageCommand({
      QueueUrl: p.queue,
      MessageBody: JSON.stringify({
        specversion: "1.0",
        id: `start_${c.id}`,
        source: "test",
        type: "ckp.cluster.step-due",
        time: now,
        subject: `clusters/${c.id}`,
        datacontenttype: "application/json",
        dataschemaversion: 1,
        domain: c.domain,
        project: c.project,
        actor: { kind: "system", id: "status-sync-test" },
        correlationid: `cor_${c.id}`,
        // firstRun: the message that starts the step (no poll), as the previous step's completion sends it; else a timer
        data: { clusterId: c.id, generation: 1, step: "wait-control-plane", ...(o.firstRun ? {} : { poll: 1 }) },
      }),
    }),
  );
  return c;
}

async function read(p: Plane, c: Cluster): Promise<Cluster> {
  const out = await p.deps.db.send(
    new GetCommand({ TableName: p.deps.table, Key: { pk: clusterItem(c).pk, sk: clusterItem(c).sk }, ConsistentRead: true }),
  );
  return out.Item as Cluster;
}

/** The step ran (its condition says why it waits). */
const waitsForControlPlane = (p: Plane, c: Cluster) =>
  eventually(
    async () => ((await read(p, c)).conditions?.some((x) => x.reason === "ControlPlaneNotReady") ? true : undefined),
    60_000,
    `cluster ${c.id} waiting for its control plane`,
  );

/** What CAPI and Kamaji report when the control plane is up; answers when the last write returned. */
async function reportReady(c: Cluster): Promise<number> {
  const at = paths(`ckp-${c.id.replace(/_/g, "-")}`, c.name);
  for (const [path, status] of [
    [
      `${at.controlPlane}/status`,
      {
        ready: true,
        initialized: true,
        externalManagedControlPlane: true,
        version: VERSION,
        replicas: 2,
        readyReplicas: 2,
        updatedReplicas: 2,
        unavailableReplicas: 0,
        selector: "kamaji.clastix.io/name=sync",
      },
    ],
    [`${at.cluster}/status`, { controlPlaneReady: true, phase: "Provisioned" }],
  ] as const) {
    const res = await kubeRequest(testKube(), "PATCH", path, { body: { status }, contentType: "application/merge-patch+json" });
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200);
  }
  return Date.now();
}

const stepEnded = (p: Plane, c: Cluster, timeoutMs: number) =>
  eventually(
    async () => {
      const r = (await read(p, c)).steps.find((s) => s.name === "wait-control-plane");
      return r?.state === "succeeded" ? Date.parse(r.endedAt as string) : undefined;
    },
    timeoutMs,
    `cluster ${c.id}'s wait-control-plane to succeed`,
  );

/** The sync's lists and watches: across all namespaces, by the CKP cluster-id label (the Helm releases by their chart proxy's). */
const SYNC_SELECTORS = new Set(SYNCED_KINDS.map((k) => `labelSelector=${encodeURIComponent(k.labelSelector ?? "ckp.io/cluster-id")}`));
const isSyncRequest = (r: { method: string; path: string }) =>
  r.method === "GET" && !r.path.includes("/namespaces/") && [...SYNC_SELECTORS].some((s) => r.path.includes(s));
const isSyncWatch = (r: { method: string; path: string }) => isSyncRequest(r) && /[?&]watch=1/.test(r.path);
const isSyncList = (r: { method: string; path: string }) => isSyncRequest(r) && !isSyncWatch(r);

describe("the status sync of a management cluster", () => {
  let certs: ReturnType<typeof makeCertificates>;
  const planes: Plane[] = [];
  const stop = async (p: Plane) => {
    await p.server.stop();
    await p.proxy.stop();
  };

  beforeAll(() => {
    certs = makeCertificates();
  });
  afterAll(async () => {
    for (const p of planes) await stop(p).catch(() => undefined);
  });

  it("moves a waiting cluster on within 2 s of CAPI reporting, with as many requests per minute for ten waiting clusters as for one", async () => {
    // timers only every 10 minutes: whatever moves the cluster sooner is the sync
    const p = await controlPlane({ CKP_SAGA_FIRST_POLL_SECONDS: "600", CKP_SAGA_MAX_POLL_SECONDS: "600" }, certs);
    planes.push(p);
    const first = await waitingCluster(p);
    await waitsForControlPlane(p, first);
    // the sync takes a management cluster up when it next lists them (every 5 s): the 2 s run from a sync that holds it
    await eventually(
      async () => {
        const lease = await p.deps.db.send(
          new GetCommand({ TableName: p.deps.table, Key: leaseKey(p.managementClusterId), ConsistentRead: true }),
        );
        return ((lease.Item?.expiresAt as number | undefined) ?? 0) > Date.now() ? true : undefined;
      },
      30_000,
      "the control plane's status sync to hold the management cluster",
    );
    await new Promise((r) => setTimeout(r, 1000));
    const reported = await reportReady(first);
    const ended = await stepEnded(p, first, 30_000);
    const latency = ended - reported;
    console.log(`status sync: wait-control-plane ended ${latency} ms after the management cluster reported the control plane ready`);
    expect(latency).toBeLessThanOrEqual(2000);
    // no step-due timer could have run it: the first would come 10 minutes after the step began
    expect((await read(p, first)).step).toBe("install-cni");

    const window = 20_000;
    const measure = async () => {
      await new Promise((r) => setTimeout(r, 3000)); // steps started by the last changes settle
      const from = Date.now();
      await new Promise((r) => setTimeout(r, window));
      const seen = p.proxy.between(from, Date.now());
      return { all: seen.length, lists: seen.filter(isSyncList).length, watches: seen.filter(isSyncWatch).length };
    };
    const one = await measure();
    const more = [];
    for (let i = 0; i < 9; i++) more.push(await waitingCluster(p));
    for (const c of more) await waitsForControlPlane(p, c);
    const ten = await measure();
    const perMinute = (n: number) => Math.round((n * 60_000) / window);
    console.log(
      `status sync: requests to the management cluster per minute: 1 cluster waiting ${perMinute(one.all)} (${perMinute(one.lists)} sync lists, ${perMinute(one.watches)} watches opened); 10 clusters waiting ${perMinute(ten.all)} (${perMinute(ten.lists)} sync lists, ${perMinute(ten.watches)} watches opened)`,
    );
    // the sync lists each kind once and then watches it (CAPI's, Kamaji's, the Namespace and the addons') …
    const kinds = SYNCED_KINDS.length;
    const watched = new Set(p.proxy.requests.filter(isSyncWatch).map((r) => r.path.split("?")[0]));
    expect(watched.size).toBe(kinds);
    // … so a window asks the management cluster for no more for ten waiting clusters than for one: at most one
    // invocation's new lists and watches (the dev runner starts one a minute), never a list per round
    expect(ten.lists).toBeLessThanOrEqual(one.lists + kinds);
    expect(ten.all).toBeLessThanOrEqual(one.all + 2 * kinds);
    expect(one.lists).toBeLessThanOrEqual(kinds);

    // and each of the ten still moves on when its control plane is reported ready
    const at = await Promise.all(more.map((c) => reportReady(c)));
    const ends = await Promise.all(more.map((c) => stepEnded(p, c, 30_000)));
    const worst = Math.max(...ends.map((e, i) => e - (at[i] as number)));
    console.log(`status sync: ten clusters reported ready at once, the slowest moved on ${worst} ms later`);
    // ten steps queue in the lifecycle worker (batches of five) on a loaded machine: seconds, not the timers' 10 minutes
    expect(worst).toBeLessThanOrEqual(30_000);
    await stop(p);
  }, 600_000);

  it("with the sync off, the waiting step's timer still finishes it", async () => {
    const p = await controlPlane({ CKP_STATUS_SYNC: "off", CKP_SAGA_FIRST_POLL_SECONDS: "1", CKP_SAGA_MAX_POLL_SECONDS: "3" }, certs);
    planes.push(p);
    const c = await waitingCluster(p);
    await waitsForControlPlane(p, c);
    const reported = await reportReady(c);
    const ended = await stepEnded(p, c, 60_000);
    console.log(`status sync off: the timer finished wait-control-plane ${ended - reported} ms after the report`);
    expect((await read(p, c)).step).toBe("install-cni");
    // no sync ran: the proxy saw none of its lists or watches
    expect(p.proxy.requests.filter(isSyncRequest)).toEqual([]);
    await stop(p);
  }, 600_000);

  it("a sync that dies after its nudge: the operation's one fallback timer finishes the next synced step too", async () => {
    // no sync in the control plane (this test runs one, then stops it); the synced steps' fallback every 3 s
    const p = await controlPlane(
      { CKP_DEV_STATUS_SYNC: "off", CKP_SAGA_SYNCED_FALLBACK_SECONDS: "3", CKP_SAGA_MAX_POLL_SECONDS: "3" },
      certs,
    );
    planes.push(p);
    const key = JSON.parse(p.server.env.SST_RESOURCE_SecretsKey as string) as SecretsKeyConfig;
    const deps = { ...p.deps, secrets: new Sealer(keyProvider(key)) } as Deps;
    const c = await waitingCluster(p, { firstRun: true });
    await waitsForControlPlane(p, c);
    // the first synced step that waited started the operation's fallback timer
    expect((await read(p, c)).fallbackTimer).toEqual({ generation: 1, step: "wait-control-plane" });
    let stopped = false;
    const sync = runStatusSync(
      { ...statusSyncEnv(deps, () => undefined), send: (events) => publishToQueue(new SQSClient({}), p.queue, events) },
      { holder: "test", leaseSeconds: 3, intervalMs: 200, until: () => stopped },
    );
    await reportReady(c);
    // the nudge ends wait-control-plane; install-cni waits for the endpoint Kamaji has not published, sending no timer
    await stepEnded(p, c, 60_000);
    await eventually(async () => ((await read(p, c)).step === "install-cni" ? true : undefined), 30_000, "install-cni");
    stopped = true;
    await sync;
    const at = paths(`ckp-${c.id.replace(/_/g, "-")}`, c.name);
    const res = await kubeRequest(testKube(), "PATCH", at.cluster, {
      body: { spec: { controlPlaneEndpoint: { host: "10.0.0.1", port: 6443 } } },
      contentType: "application/merge-patch+json",
    });
    expect(res.status).toBe(200);
    const published = Date.now();
    // no sync runs now: a tick of wait-control-plane's timer finds install-cni and finishes it
    const done = await eventually(
      async () => {
        const r = await read(p, c);
        const cni = r.steps.find((s) => s.name === "install-cni");
        return cni?.state === "succeeded" ? r : undefined;
      },
      60_000,
      "install-cni finished by the fallback timer",
    );
    console.log(`status sync dead: the operation's fallback timer finished install-cni ${Date.now() - published} ms after the endpoint`);
    expect(done.step).toBe("wait-workers");
    expect(done.fallbackTimer).toEqual({ generation: 1, step: "wait-control-plane" });
    await stop(p);
  }, 300_000);

  it("a sync that dies leaves its lease to expire; the next takes over and nudges for a change made in between", async () => {
    // the control plane's own sync is off: the two syncs here are the only ones, and no timer runs the step
    const p = await controlPlane({ CKP_STATUS_SYNC: "off" }, certs);
    planes.push(p);
    const key = JSON.parse(p.server.env.SST_RESOURCE_SecretsKey as string) as SecretsKeyConfig;
    const deps = { ...p.deps, secrets: new Sealer(keyProvider(key)) } as Deps;
    const nudges: Array<{ holder: string; at: number; e: Envelope }> = [];
    const sync = (holder: string, until: () => boolean) =>
      runStatusSync(
        {
          ...statusSyncEnv(deps, () => undefined),
          send: async (events) => {
            for (const e of events) nudges.push({ holder, at: Date.now(), e });
          },
        },
        { holder, leaseSeconds: 3, intervalMs: 500, until },
      );
    const c = await waitingCluster(p, { start: false });
    // the first invocation sees the waiting cluster still waiting (its progress written, no nudge), then ends and
    // gives its lease up, keeping what it saw
    const firstEnd = Date.now() + 3000;
    await sync("first", () => Date.now() > firstEnd);
    expect(nudges).toEqual([]);
    const seen = await readCluster({ deps }, c, c.id);
    expect(seen?.conditions.find((x) => x.type === "ControlPlaneReady")).toMatchObject({ status: "False", reason: "ControlPlaneNotReady" });
    // another takes the lease and dies at once: nothing syncs until its lease expires
    expect(await takeLease(deps, p.managementClusterId, "dead", 3)).not.toBe(false);
    const expires = Date.now() + 3000;
    // meanwhile CAPI reports the control plane ready
    await reportReady(c);
    let ended = false;
    const next = sync("next", () => ended);
    const nudged = await eventually(async () => nudges.find((n) => n.holder === "next"), 30_000, "the next sync's nudge");
    ended = true;
    await next;
    console.log(`status sync: the next holder nudged ${nudged.at - expires} ms after the dead holder's lease expired`);
    expect(nudged.at).toBeGreaterThanOrEqual(expires - 200);
    expect(nudged.at - expires).toBeLessThanOrEqual(3000);
    // one nudge, for the change that made the step done
    expect(nudges.map((n) => [n.holder, n.e.data])).toEqual([
      ["next", { clusterId: c.id, generation: 1, step: "wait-control-plane", nudge: true }],
    ]);
    await stop(p);
  }, 300_000);

  it("one sync per management cluster: a lease another holds is refused until it expires, and the next holder gets what was seen", async () => {
    const env = useLocalAws();
    const deps = { db: dynamoDocumentClient(), table: resourceName(env, tables.main.logical), clock: systemClock } as Deps;
    const mc = `mc_lease${randomBytes(4).toString("hex")}`;
    const seen = new Map([["cl_a", { fingerprint: "fp1", tenant: { domain: "d", project: "p" } }]]);
    expect(await takeLease(deps, mc, "first", 2)).toEqual({ seen: undefined });
    // the first holder renews, recording what it saw; the second is refused while the lease runs
    expect(await takeLease(deps, mc, "first", 2, seen)).toEqual({ seen });
    expect(await takeLease(deps, mc, "second", 2)).toBe(false);
    // the first dies without giving the lease up: it expires, and the second takes over with what the first saw
    await new Promise((r) => setTimeout(r, 2100));
    expect(await takeLease(deps, mc, "second", 2)).toEqual({ seen });
    expect(await takeLease(deps, mc, "first", 2)).toBe(false);
    // given up, the lease is free at once
    await releaseLease(deps, mc, "second", seen);
    expect(await takeLease(deps, mc, "third", 2)).toEqual({ seen });
    const item = await deps.db.send(new GetCommand({ TableName: deps.table, Key: leaseKey(mc), ConsistentRead: true }));
    expect(item.Item?.holder).toBe("third");
  });
});
