import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { KubeObjectLike } from "../../core/clusters/ports.js";
import { readCluster } from "../../core/clusters/saga.js";
import type { MirrorPort } from "../../core/clusters/status-mirror.js";
import { runStatusSync, type StatusSyncEnv, SYNCED_KINDS } from "../../core/clusters/status-sync.js";
import type { Deps } from "../../core/deps.js";
import { systemClock } from "../../core/shared/clock.js";
import type { Envelope } from "../../events/envelope.js";
import { tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { cluster } from "../doubles/memory-saga-env.js";
import { eventually, useLocalAws } from "../support/api.js";
import { dropTable } from "../support/archive.js";

/**
 * The status sync's loop with list + watch (core/clusters/status-mirror.ts),
 * its leases on DynamoDB Local in a table of its own. The management
 * cluster's list and watch are a scripted double (ScriptedApiserver): what a
 * watch reports, and when it fails, is the test's to say. The real
 * apiserver's side is in test/kube/status-sync.test.ts.
 */

/** A management cluster's list and watch, scripted: objects by kind, events pushed to the open watches, failures on demand. */
class ScriptedApiserver implements MirrorPort {
  readonly objects = new Map<string, KubeObjectLike[]>();
  readonly calls: string[] = [];
  failing = false;
  private version = 1;
  private readonly watchers = new Set<{ kind: string; push: (e: { type: string; object: KubeObjectLike }) => void }>();

  async listWithVersion(_mc: string, _apiVersion: string, kind: string) {
    this.calls.push(`list ${kind}`);
    if (this.failing) throw new Error("connect ECONNREFUSED");
    return { items: this.objects.get(kind) ?? [], resourceVersion: String(this.version) };
  }

  watch(
    _mc: string,
    _apiVersion: string,
    kind: string,
    o: { signal: AbortSignal },
    onEvent: (e: { type: string; object: KubeObjectLike }) => void,
  ): Promise<{ resourceVersion?: string }> {
    this.calls.push(`watch ${kind}`);
    if (this.failing) return Promise.reject(new Error("connect ECONNREFUSED"));
    return new Promise((resolve) => {
      const w = { kind, push: onEvent };
      this.watchers.add(w);
      o.signal.addEventListener("abort", () => {
        this.watchers.delete(w);
        resolve({ resourceVersion: String(this.version) });
      });
    });
  }

  /** CAPI writes an object: stored, and sent to the watches of its kind. */
  modify(o: KubeObjectLike) {
    this.version++;
    const list = (this.objects.get(o.kind) ?? []).filter((x) => x.metadata.name !== o.metadata.name);
    this.objects.set(o.kind, [...list, o]);
    for (const w of this.watchers) if (w.kind === o.kind) w.push({ type: "MODIFIED", object: o });
  }
}

const objectOf = (c: Cluster, apiVersion: string, kind: string, status: Record<string, unknown>): KubeObjectLike => ({
  apiVersion,
  kind,
  metadata: {
    name: c.name,
    namespace: `ckp-${c.id}`,
    labels: { "ckp.io/cluster-id": c.id, "ckp.io/domain": c.domain, "ckp.io/project": c.project },
  },
  status,
});
const controlPlaneOf = (c: Cluster, status: Record<string, unknown>) =>
  objectOf(c, "controlplane.cluster.x-k8s.io/v1alpha1", "KamajiControlPlane", status);
/** CAPI's view of a control plane not yet ready, or ready at the cluster's version */
function reportControlPlane(api: ScriptedApiserver, c: Cluster, ready: boolean) {
  api.modify(
    objectOf(c, "cluster.x-k8s.io/v1beta1", "Cluster", { phase: ready ? "Provisioned" : "Provisioning", controlPlaneReady: ready }),
  );
  api.modify(controlPlaneOf(c, ready ? { ready, initialized: true, version: c.kubernetesVersion } : { ready }));
}

describe("the status sync with list + watch", () => {
  const table = `ckp-swatch-${randomBytes(4).toString("hex")}`;
  const deps = () => ({ db: dynamoDocumentClient(), table, clock: systemClock }) as unknown as Deps;

  beforeAll(async () => {
    useLocalAws();
    await ensureTable(new DynamoDBClient({}), table, tables.main);
  });
  afterAll(() => dropTable(table));

  // a management cluster of each test's own: the lease keeps what the last holder saw
  let MC = "";
  beforeEach(() => {
    MC = `mc_watch${randomBytes(4).toString("hex")}`;
  });

  async function waitingCluster(): Promise<Cluster> {
    const c = cluster({
      id: `cl_w${randomBytes(6).toString("hex")}`,
      step: "wait-control-plane",
      resolved: { providerCluster: { name: "bms", type: "orbiter-bms" }, managementClusterId: MC, managementCluster: "mc" },
      steps: [{ name: "wait-control-plane", state: "running", startedAt: new Date().toISOString() }],
    });
    await deps().db.send(new PutCommand({ TableName: table, Item: clusterItem(c) }));
    return c;
  }

  function sync(api: ScriptedApiserver, intervalMs: number) {
    const nudges: Array<{ at: number; e: Envelope }> = [];
    const lists: string[] = [];
    let stopped = false;
    const env: StatusSyncEnv = {
      deps: deps(),
      list: async (_mc, _apiVersion, kind) => {
        lists.push(kind);
        return api.objects.get(kind) ?? [];
      },
      managementClusters: async () => [MC],
      send: async (events) => {
        for (const e of events) nudges.push({ at: Date.now(), e });
      },
      mirror: api,
    };
    const running = runStatusSync(env, {
      intervalMs,
      holder: `h-${randomBytes(3).toString("hex")}`,
      leaseSeconds: 30,
      mirrorOptions: { retryMs: 50 },
      until: () => stopped,
    });
    return {
      nudges,
      lists,
      stop: async () => {
        stopped = true;
        return running;
      },
    };
  }

  /** The waiting step's condition, as the sync wrote it when it found the cluster still waiting. */
  const conditionOf = async (c: Cluster) =>
    (await readCluster({ deps: deps() }, c, c.id))?.conditions.find((x) => x.type === "ControlPlaneReady");

  it("lists and watches each kind once; a change a watch reports is judged at once, not at the next interval", async () => {
    const c = await waitingCluster();
    const api = new ScriptedApiserver();
    reportControlPlane(api, c, false);
    // rounds only every 5 s: a nudge sooner than that is the watch's
    const s = sync(api, 5000);
    // the first view of a waiting cluster: still waiting, so its progress is written and nothing is nudged
    await eventually(async () => ((await conditionOf(c))?.reason === "ControlPlaneNotReady" ? true : undefined), 5000, "the progress");
    expect(s.nudges).toEqual([]);
    const reported = Date.now();
    reportControlPlane(api, c, true);
    const first = await eventually(async () => s.nudges[0], 5000, "the nudge for the change");
    console.log(`status sync (scripted watch): nudged ${first.at - reported} ms after the change`);
    expect(first.at - reported).toBeLessThan(1000);
    expect(first.e.data).toEqual({ clusterId: c.id, generation: 1, step: "wait-control-plane", nudge: true });
    await s.stop();
    expect(s.nudges).toHaveLength(1);
    // one list and one watch per kind, and no list per round
    expect(api.calls.filter((x) => x.startsWith("list")).length).toBe(SYNCED_KINDS.length);
    expect(api.calls.filter((x) => x.startsWith("watch")).length).toBe(SYNCED_KINDS.length);
    expect(s.lists).toEqual([]);
  });

  it("while the watches fail, the sync lists every round instead; once they work again, it stops listing", async () => {
    const c = await waitingCluster();
    const api = new ScriptedApiserver();
    reportControlPlane(api, c, false);
    api.failing = true;
    const s = sync(api, 200);
    // the copy never completes: after three intervals the rounds list, and the waiting cluster's progress is written
    await eventually(async () => ((await conditionOf(c))?.reason === "ControlPlaneNotReady" ? true : undefined), 5000, "the progress");
    expect(s.lists.length).toBeGreaterThanOrEqual(SYNCED_KINDS.length);
    reportControlPlane(api, c, true);
    await eventually(async () => (s.nudges.length === 1 ? true : undefined), 5000, "a nudge for the change, listed");
    // the watches work again: the copy completes and the rounds stop listing
    api.failing = false;
    await eventually(async () => (api.calls.filter((x) => x === "watch Cluster").length > 0 ? true : undefined), 5000, "a watch");
    await new Promise((r) => setTimeout(r, 600));
    const listed = s.lists.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(s.lists.length).toBe(listed);
    await s.stop();
  });
});
