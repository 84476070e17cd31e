import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import type { KubeObjectLike } from "../../core/clusters/ports.js";
import { runSagaMessage, type SagaRun } from "../../core/clusters/saga.js";
import {
  changed,
  fingerprints,
  GONE,
  HELD,
  NUDGE_HOLD_MS,
  NUDGE_REPEAT_MS,
  newSyncMemory,
  nudge,
  type StatusSyncEnv,
  SYNCED_KINDS,
  syncRound,
  waitsOnSync,
} from "../../core/clusters/status-sync.js";
import type { Envelope } from "../../events/envelope.js";
import { eventTypes } from "../../events/registry.js";
import { cluster, MemoryCapi, MemoryClusterTable, memorySagaEnv, NOW, sagaMessage } from "../doubles/memory-saga-env.js";

const T0 = "2030-01-01T11:59:00.000Z";
const waiting = (o: Partial<Cluster> = {}) =>
  cluster({
    step: "wait-control-plane",
    steps: [
      { name: "apply-objects", state: "succeeded", startedAt: T0, endedAt: T0 },
      { name: "wait-control-plane", state: "running", startedAt: T0 },
      { name: "install-cni", state: "pending" },
    ],
    ...o,
  });

/** The saga has completed `from` and runs `to`. */
const ranOn = (table: MemoryClusterTable, from: string, to: string) =>
  table.change({
    step: to,
    steps: [
      { name: from, state: "succeeded", startedAt: T0, endedAt: T0 },
      { name: to, state: "running", startedAt: T0 },
    ],
  } as Partial<Cluster>);

const labelled = (kind: string, name: string, clusterId: string, status: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({
    apiVersion: "x/v1",
    kind,
    metadata: {
      name,
      namespace: `ckp-${clusterId}`,
      labels: { "ckp.io/cluster-id": clusterId, "ckp.io/domain": "acme", "ckp.io/project": "edge" },
      ...extra,
    },
    status,
  }) as KubeObjectLike;

const nudgeOf = (c: Pick<Cluster, "id" | "generation">, step: string): Envelope<SagaRun> => {
  const e = sagaMessage(c, step);
  return { ...e, id: `ndg_${step}`, data: { clusterId: c.id, generation: c.generation, step, nudge: true } };
};

describe("fingerprints of what the management cluster reports", () => {
  it("one per CKP cluster, by its cluster-id label; objects without it and clusters without a tenant are left out", () => {
    const fp = fingerprints([
      labelled("Cluster", "a", "cl_a", { phase: "Provisioning" }),
      labelled("KamajiControlPlane", "a", "cl_a", { ready: false }),
      labelled("Cluster", "b", "cl_b", { phase: "Provisioned" }),
      { apiVersion: "x/v1", kind: "Cluster", metadata: { name: "other" }, status: {} },
      { apiVersion: "x/v1", kind: "Cluster", metadata: { name: "c", labels: { "ckp.io/cluster-id": "cl_c" } }, status: {} },
    ]);
    expect([...fp.keys()].sort()).toEqual(["cl_a", "cl_b"]);
    expect(fp.get("cl_a")?.tenant).toEqual({ domain: "acme", project: "edge" });
  });

  it("changes with a status, a generation or a deletion; not with the order of the list or of keys, nor with CAPI's lastUpdated", () => {
    const base = [labelled("Cluster", "a", "cl_a", { phase: "Provisioning", ready: false }), labelled("Machine", "m1", "cl_a", {})];
    const fp = (objs: KubeObjectLike[]) => fingerprints(objs).get("cl_a")?.fingerprint;
    const first = fp(base);
    expect(fp([...base].reverse())).toBe(first);
    expect(fp([labelled("Cluster", "a", "cl_a", { ready: false, phase: "Provisioning" }), base[1] as KubeObjectLike])).toBe(first);
    expect(
      fp([labelled("Cluster", "a", "cl_a", { phase: "Provisioning", ready: false, lastUpdated: "now" }), base[1] as KubeObjectLike]),
    ).toBe(first);
    expect(fp([labelled("Cluster", "a", "cl_a", { phase: "Provisioned", ready: false }), base[1] as KubeObjectLike])).not.toBe(first);
    expect(fp([base[0] as KubeObjectLike, labelled("Machine", "m1", "cl_a", {}, { generation: 2 })])).not.toBe(first);
    expect(fp([base[0] as KubeObjectLike, labelled("Machine", "m1", "cl_a", {}, { deletionTimestamp: T0 })])).not.toBe(first);
    expect(fp([base[0] as KubeObjectLike])).not.toBe(first);
    // a Machine's status is read by no synced step (the MachineDeployment's is): only its coming and going count
    expect(fp([base[0] as KubeObjectLike, labelled("Machine", "m1", "cl_a", { phase: "Running" })])).toBe(first);
  });

  it("counts only the status fields the waiting steps read: not CAPI's conditions and counters the steps never look at", () => {
    const fp = (o: KubeObjectLike) => fingerprints([o]).get("cl_a")?.fingerprint;
    const cond = (type: string, status: string, at: string) => ({ type, status, lastTransitionTime: at });
    const md = (status: Record<string, unknown>) => labelled("MachineDeployment", "w", "cl_a", status);
    const first = fp(md({ replicas: 3, readyReplicas: 1, conditions: [cond("Available", "False", T0)], unavailableReplicas: 2 }));
    // a condition the steps do not read, and a counter they do not read: the same
    expect(fp(md({ replicas: 3, readyReplicas: 1, conditions: [cond("Available", "True", "later")], unavailableReplicas: 1 }))).toBe(first);
    // one more worker ready: a change
    expect(fp(md({ replicas: 3, readyReplicas: 2, conditions: [cond("Available", "False", T0)], unavailableReplicas: 2 }))).not.toBe(first);
    const cluster = (conditions: unknown[]) => labelled("Cluster", "a", "cl_a", { phase: "Provisioned", conditions });
    const c1 = fp(cluster([cond("ControlPlaneReady", "False", T0), cond("InfrastructureReady", "False", T0)]));
    expect(fp(cluster([cond("ControlPlaneReady", "False", "later"), cond("InfrastructureReady", "True", "later")]))).toBe(c1);
    // the Cluster's ControlPlaneReady condition is read (wait-control-plane): its status counts
    expect(fp(cluster([cond("ControlPlaneReady", "True", "later"), cond("InfrastructureReady", "False", T0)]))).not.toBe(c1);
  });

  it("of the addon objects, which there are at which generation and whether any is still being acted on; a release (CAAPH labels it without the cluster id) by its namespace", () => {
    const release = (namespace: string, status: Record<string, unknown>, version = "1.17.6") =>
      ({
        apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
        kind: "HelmReleaseProxy",
        metadata: {
          name: "cilium-a-x1",
          namespace,
          generation: 1,
          labels: { "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name": "cilium", "cluster.x-k8s.io/cluster-name": "a" },
        },
        spec: { version },
        status,
      }) as KubeObjectLike;
    const chart = (observedGeneration: number, generation = 1) =>
      ({
        ...labelled("HelmChartProxy", "cilium", "cl_a", { observedGeneration }, { generation }),
        spec: { version: "1.17.6" },
      }) as KubeObjectLike;
    const set = (applied: string) =>
      labelled("ClusterResourceSet", "velero", "cl_a", { conditions: [{ type: "ResourcesApplied", status: applied }] });
    const cl = labelled("Cluster", "a", "cl_a", { phase: "Provisioned" });
    const fp = (objs: KubeObjectLike[]) => fingerprints(objs).get("cl_a")?.fingerprint;
    const none = fp([cl]);
    expect(fp([cl, release("ckp-cl_a", { observedGeneration: 1 })])).not.toBe(none);
    const installing = fp([cl, release("ckp-cl_a", { observedGeneration: 1 }), chart(0), set("False")]);
    // each step of an install while another object is still pending: no change
    expect(fp([cl, release("ckp-cl_a", { observedGeneration: 1, status: "deployed" }), chart(1), set("False")])).toBe(installing);
    // all done: a change
    const done = [cl, release("ckp-cl_a", { observedGeneration: 1, status: "deployed" }), chart(1), set("True")];
    expect(fp(done)).not.toBe(installing);
    // an addon object applied and done between two looks, or a chart proxy given a new spec and done as quickly, is a
    // change though nothing was seen pending: wait-addons may have read it in between, still pending, and waits for a nudge
    expect(fp(done)).not.toBe(fp(done.filter((o) => o.kind !== "ClusterResourceSet")));
    expect(fp([cl, release("ckp-cl_a", { observedGeneration: 1, status: "deployed" }), chart(2, 2), set("True")])).not.toBe(fp(done));
    // a chart proxy CAAPH acted on whose release is not there yet, or still at another chart version: pending, as
    // wait-addons judges it (a nudge then would find the step still waiting, and no further change would nudge it)
    expect(fp([cl, chart(1), set("True")])).toBe(fp([cl, chart(0), set("False")]));
    expect(fp([cl, release("ckp-cl_a", { observedGeneration: 1, status: "deployed" }, "1.16.5"), chart(1), set("True")])).toBe(installing);
    // a release CAAPH has not yet acted on (a values change), or that failed: pending again
    const one = fp([cl, release("ckp-cl_a", { observedGeneration: 1, status: "deployed" })]);
    expect(fp([cl, release("ckp-cl_a", { observedGeneration: 0, status: "deployed" })])).not.toBe(one);
    expect(fp([cl, release("ckp-cl_a", { observedGeneration: 1, status: "failed" })])).toBe(
      fp([cl, release("ckp-cl_a", { observedGeneration: 0, status: "deployed" })]),
    );
    // a release in a namespace no CKP cluster's object is in belongs to none
    expect([...fingerprints([cl, release("someone-else", {})]).keys()]).toEqual(["cl_a"]);
    expect(fp([cl, release("someone-else", {})])).toBe(none);
  });

  it("what changed: every cluster the first time, then only those whose fingerprint moved, and those whose objects are gone", () => {
    const one = fingerprints([labelled("Cluster", "a", "cl_a", { phase: "P" }), labelled("Cluster", "b", "cl_b", { phase: "P" })]);
    expect(changed(undefined, one).map((c) => c.clusterId)).toEqual(["cl_a", "cl_b"]);
    expect(changed(one, one)).toEqual([]);
    const two = fingerprints([labelled("Cluster", "a", "cl_a", { phase: "Q" })]);
    expect(changed(one, two).map((c) => [c.clusterId, c.fingerprint === GONE])).toEqual([
      ["cl_a", false],
      ["cl_b", true],
    ]);
  });
});

describe("which clusters are nudged", () => {
  it("a cluster running a step that waits on CAPI, on this management cluster", () => {
    expect(waitsOnSync(waiting(), "mc_1")).toBe(true);
    expect(waitsOnSync(waiting(), "mc_2")).toBe(false);
    expect(waitsOnSync(waiting({ phase: "Failed" }), "mc_1")).toBe(false);
    expect(waitsOnSync(waiting({ phase: "Ready" }), "mc_1")).toBe(false);
    // a step that does not wait on the management cluster (host approval) is left to its timer
    expect(
      waitsOnSync(waiting({ step: "wait-approval", steps: [{ name: "wait-approval", state: "running", startedAt: T0 }] }), "mc_1"),
    ).toBe(false);
    expect(waitsOnSync(waiting({ steps: [{ name: "wait-control-plane", state: "succeeded", startedAt: T0, endedAt: T0 }] }), "mc_1")).toBe(
      false,
    );
  });

  it("a nudge is a step-due message of the event catalogue, with an id of the cluster, generation, step and fingerprint", () => {
    const c = waiting({ generation: 3 });
    const e = nudge(c, "fp1", NOW);
    expect(e.type).toBe("ckp.cluster.step-due");
    expect(e.id).toBe(`ndg_${c.id}_3_wait-control-plane_fp1`);
    expect(e.data).toEqual({ clusterId: c.id, generation: 3, step: "wait-control-plane", nudge: true });
    expect(eventTypes["ckp.cluster.step-due"].schema.safeParse(e.data).success).toBe(true);
    expect(nudge(c, "fp1", new Date(NOW.getTime() + 5000)).id).toBe(e.id);
  });
});

describe("a nudged run of a waiting step", () => {
  it("re-checks, records the condition, and schedules no timer; a timer's run schedules the next one", async () => {
    const c = waiting();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.report(c, "Cluster", { phase: "Provisioning" });
    capi.report(c, "KamajiControlPlane", { ready: false, initialized: false });
    const { env, scheduled } = memorySagaEnv(table, capi);
    expect(await runSagaMessage(env, nudgeOf(c, "wait-control-plane"))).toBe("waiting");
    expect(table.cluster?.conditions.find((x) => x.type === "ControlPlaneReady")?.reason).toBe("ControlPlaneNotReady");
    expect(scheduled).toEqual([]);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 3))).toBe("waiting");
    expect(scheduled.map((s) => s.e.data.poll)).toEqual([4]);
  });

  it("completes the step when CAPI reports it done", async () => {
    const c = waiting();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: c.kubernetesVersion });
    const { env, scheduled } = memorySagaEnv(table, capi);
    expect(await runSagaMessage(env, nudgeOf(c, "wait-control-plane"))).toBe("completed");
    expect(table.cluster?.step).toBe("install-cni");
    expect(scheduled).toEqual([]);
  });
});

describe("a round of the sync", () => {
  function setup() {
    const c = waiting();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.report(c, "Cluster", { phase: "Provisioning" });
    capi.report(c, "KamajiControlPlane", { ready: false, initialized: false });
    const sent: Envelope[] = [];
    const lists: string[] = [];
    const { env: saga } = memorySagaEnv(table, capi);
    const env: StatusSyncEnv = {
      deps: saga.deps,
      list: async (mc, apiVersion, kind, o) => {
        lists.push(`${kind} ${o.labelSelector}`);
        return capi.list(mc, apiVersion, kind);
      },
      managementClusters: async () => ["mc_1"],
      send: async (events) => {
        sent.push(...events);
      },
    };
    return { c, table, capi, env, sent, lists };
  }

  /** A sync with a clock the test moves, whose first round nudged the cluster: CAPI reports its control plane ready. */
  async function nudgedOnce() {
    const s = setup();
    const clock = { at: NOW.getTime() };
    s.env.deps = { ...s.env.deps, clock: { now: () => new Date(clock.at) } };
    const memory = newSyncMemory();
    s.capi.report(s.c, "KamajiControlPlane", { ready: true, initialized: true, version: s.c.kubernetesVersion });
    s.capi.report(s.c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
    const r1 = await syncRound(s.env, "mc_1", undefined, undefined, memory);
    expect(r1.nudged).toEqual([s.c.id]);
    return { ...s, clock, memory, r1 };
  }

  it("lists each synced kind once; a cluster still waiting gets its progress written, not a nudge; a step done is nudged", async () => {
    const { c, table, capi, env, sent, lists } = setup();
    const first = await syncRound(env, "mc_1", undefined);
    // the Helm add-on provider's releases carry no CKP label: they are listed by their chart proxy label
    expect(lists).toEqual(SYNCED_KINDS.map((k) => `${k.kind} ${k.labelSelector ?? "ckp.io/cluster-id"}`));
    expect(lists).toContain("HelmReleaseProxy helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name");
    // judged from the listed copy as the step would judge it: still waiting, so the sync writes what the step would
    expect(first.nudged).toEqual([]);
    expect(table.cluster?.conditions.find((x) => x.type === "ControlPlaneReady")).toMatchObject({
      status: "False",
      reason: "ControlPlaneNotReady",
    });
    expect(table.cluster?.observed).toMatchObject({ controlPlaneReady: false, phase: "Provisioning" });
    expect(table.events.map((e) => e.type)).toEqual(["ckp.cluster.progressed"]);
    const commits = table.commits;
    const again = await syncRound(env, "mc_1", first.seen);
    expect(again.nudged).toEqual([]);
    expect(table.commits).toBe(commits);
    // the control plane is ready, but the Cluster does not say so yet: progress, no nudge
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: c.kubernetesVersion });
    const half = await syncRound(env, "mc_1", again.seen);
    expect(half.nudged).toEqual([]);
    expect(table.cluster?.observed).toMatchObject({ controlPlaneReady: true, controlPlaneVersion: c.kubernetesVersion });
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
    const after = await syncRound(env, "mc_1", half.seen);
    expect(after.nudged).toEqual([c.id]);
    expect(sent.map((e) => e.data)).toEqual([{ clusterId: c.id, generation: 1, step: "wait-control-plane", nudge: true }]);
  });

  it("keeps the items whose progress it wrote: the next progress needs no read, a write refused (the item changed) reads again", async () => {
    const { c, table, capi, env, sent } = setup();
    const memory = newSyncMemory();
    const cache = memory.records;
    const r1 = await syncRound(env, "mc_1", undefined, undefined, memory);
    expect(table.batchGets).toBe(1);
    expect(cache.get(c.id)?.version).toBe(table.cluster?.version);
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: false });
    const r2 = await syncRound(env, "mc_1", r1.seen, undefined, memory);
    // progress on the item it wrote last: written, no read
    expect(table.batchGets).toBe(1);
    expect(table.cluster?.observed?.controlPlaneReady).toBe(false);
    expect(cache.get(c.id)?.version).toBe(table.cluster?.version);
    // someone else writes the item (an API change, a timer's run): the cached copy's write is refused, the item read again
    table.change({ version: (table.cluster?.version ?? 0) + 1, labels: { team: "a" } } as Partial<Cluster>);
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: "v1.30.0" });
    const r3 = await syncRound(env, "mc_1", r2.seen, undefined, memory);
    expect(table.batchGets).toBe(2);
    expect(table.cluster?.conditions.find((x) => x.type === "ControlPlaneReady")?.reason).toBe("ControlPlaneNotReady");
    expect((table.cluster as Cluster & { labels?: unknown }).labels).toEqual({ team: "a" });
    // done: decided on the item read now, and nudged
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: c.kubernetesVersion });
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
    expect((await syncRound(env, "mc_1", r3.seen, undefined, memory)).nudged).toEqual([c.id]);
    expect(table.batchGets).toBe(3);
    expect(cache.has(c.id)).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it("holds a nudged cluster's further changes back for a moment, then looks at them once; the same step is nudged again only after NUDGE_REPEAT_MS", async () => {
    const { c, capi, env, sent, table, clock, memory, r1 } = await nudgedOnce();
    const reads = table.batchGets;
    // CAPI goes on reporting while the nudge is handled: no read, no second nudge
    clock.at += NUDGE_HOLD_MS / 2;
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true, failureMessage: "" });
    const r2 = await syncRound(env, "mc_1", r1.seen, undefined, memory);
    expect(r2.nudged).toEqual([]);
    expect(table.batchGets).toBe(reads);
    expect(memory.deferred.has(c.id)).toBe(true);
    // the hold over: the held-back change is looked at once with no new change; the step has not moved yet (its nudge
    // is still queued), so it is not nudged again but held for another NUDGE_HOLD_MS, and so on until the repeat time
    clock.at = NOW.getTime() + NUDGE_HOLD_MS;
    const r3 = await syncRound(env, "mc_1", r2.seen, undefined, memory);
    expect(r3.nudged).toEqual([]);
    expect(table.batchGets).toBe(reads + 1);
    clock.at += NUDGE_HOLD_MS / 2;
    expect((await syncRound(env, "mc_1", r3.seen, undefined, memory)).nudged).toEqual([]);
    expect(table.batchGets).toBe(reads + 1);
    clock.at += NUDGE_HOLD_MS / 2;
    expect((await syncRound(env, "mc_1", r3.seen, undefined, memory)).nudged).toEqual([]);
    expect(table.batchGets).toBe(reads + 2);
    // still at the same step after the repeat time: nudged again
    clock.at = NOW.getTime() + NUDGE_REPEAT_MS;
    const r5 = await syncRound(env, "mc_1", r3.seen, undefined, memory);
    expect(r5.nudged).toEqual([c.id]);
    expect(memory.deferred.size).toBe(0);
    expect(sent).toHaveLength(2);
    // a cluster that moved on to another step is nudged for it as soon as the hold is over, not after the repeat time
    clock.at += NUDGE_HOLD_MS;
    table.change({ step: "wait-objects-deleted", steps: [{ name: "wait-objects-deleted", state: "running", startedAt: T0 }] });
    capi.report(c, "Cluster", { phase: "Deleting" });
    expect((await syncRound(env, "mc_1", r5.seen, undefined, memory)).nudged).toEqual([c.id]);
    expect(sent.map((e) => (e.data as { step: string }).step)).toEqual([
      "wait-control-plane",
      "wait-control-plane",
      "wait-objects-deleted",
    ]);
  });

  it("a cluster held back after a nudge that moves on to another step meanwhile is nudged for it after NUDGE_HOLD_MS, not the repeat time", async () => {
    const { c, capi, env, sent, table, clock, memory, r1 } = await nudgedOnce();
    // the nudge is still queued when the hold ends: held again
    clock.at += NUDGE_HOLD_MS;
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true, failureMessage: "" });
    const r2 = await syncRound(env, "mc_1", r1.seen, undefined, memory);
    expect(r2.nudged).toEqual([]);
    // the nudge handled, the chain ran on to wait-addons (its workers were ready), which waits with its slow timer;
    // CAPI reports nothing new, yet the held change is looked at and the step nudged
    ranOn(table, "wait-control-plane", "wait-addons");
    clock.at += NUDGE_HOLD_MS;
    const r3 = await syncRound(env, "mc_1", r2.seen, undefined, memory);
    expect(r3.nudged).toEqual([c.id]);
    expect(sent.map((e) => (e.data as { step: string }).step)).toEqual(["wait-control-plane", "wait-addons"]);
    expect(clock.at - NOW.getTime()).toBeLessThan(NUDGE_REPEAT_MS);
  });

  it("a nudge handled that found the step waiting again (the item written since): the next change is nudged after the hold, not the repeat time", async () => {
    const { c, capi, env, sent, table, clock, memory, r1 } = await nudgedOnce();
    // the nudge's run found something the sync did not see yet (a resource set it asked CAPI to apply again) and
    // recorded it: the item is written, the step still waits
    table.change({ version: (table.cluster?.version ?? 0) + 1 } as Partial<Cluster>);
    clock.at += NUDGE_HOLD_MS / 2;
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true, failureMessage: "" });
    const r2 = await syncRound(env, "mc_1", r1.seen, undefined, memory);
    expect(r2.nudged).toEqual([]);
    clock.at = NOW.getTime() + NUDGE_HOLD_MS;
    const r3 = await syncRound(env, "mc_1", r2.seen, undefined, memory);
    expect(r3.nudged).toEqual([c.id]);
    expect(sent.map((e) => (e.data as { step: string }).step)).toEqual(["wait-control-plane", "wait-control-plane"]);
    // its id names the change it was sent for: not the first nudge's, which the lifecycle worker would take as handled
    expect(sent[1]?.id).not.toBe(sent[0]?.id);
    // not handled yet (nothing wrote the item since): held until the repeat time, as before
    clock.at += NUDGE_HOLD_MS;
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true, failureMessage: "again" });
    expect((await syncRound(env, "mc_1", r3.seen, undefined, memory)).nudged).toEqual([]);
  });

  it("a change held back when a sync ends is looked at by the next holder, which starts with no memory but what the lease kept", async () => {
    const { c, capi, env, sent, clock, memory, r1 } = await nudgedOnce();
    clock.at += NUDGE_HOLD_MS / 2;
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true, failureMessage: "" });
    const r2 = await syncRound(env, "mc_1", r1.seen, undefined, memory);
    expect(memory.deferred.has(c.id)).toBe(true);
    expect(r2.seen?.get(c.id)?.fingerprint).toBe(HELD);
    // this sync ends here (its invocation's time is up); the next one has what the lease kept (r2.seen), no memory
    clock.at = NOW.getTime() + NUDGE_REPEAT_MS;
    const next = await syncRound(env, "mc_1", r2.seen, undefined, newSyncMemory());
    expect(next.nudged).toEqual([c.id]);
    expect(sent).toHaveLength(2);
  });

  it("nudges a step CAPI reports failed (the step stops the saga with the reason), and a step it does not judge on any change", async () => {
    const { c, table, capi, env, sent } = setup();
    const first = await syncRound(env, "mc_1", undefined);
    capi.report(c, "KamajiControlPlane", { failureReason: "DataStoreUnreachable" });
    expect((await syncRound(env, "mc_1", first.seen)).nudged).toEqual([c.id]);
    table.change({
      step: "wait-objects-deleted",
      steps: [{ name: "wait-objects-deleted", state: "running", startedAt: T0 }],
    });
    const before = await syncRound(env, "mc_1", undefined);
    expect(before.nudged).toEqual([c.id]);
    expect(sent.map((e) => (e.data as { step: string }).step)).toEqual(["wait-control-plane", "wait-objects-deleted"]);
  });

  it("nudges wait-addons when the last of the cluster's addon objects is done, not at each step before", async () => {
    const { c, table, capi, env, sent } = setup();
    table.change({ step: "wait-addons", steps: [{ name: "wait-addons", state: "running", startedAt: T0 }] });
    const release = (status: Record<string, unknown>) => ({
      apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
      kind: "HelmReleaseProxy",
      metadata: {
        name: "cilium-demo-x1",
        namespace: `ckp-${c.id.replace(/_/g, "-")}`,
        generation: 1,
        labels: { "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name": "cilium" },
      },
      status,
    });
    await capi.apply("mc_1", [release({})]);
    // a first look (everything is a change) while the release is pending: wait-addons would find the same
    const first = await syncRound(env, "mc_1", undefined);
    expect(first.nudged).toEqual([]);
    await capi.apply("mc_1", [release({ observedGeneration: 1 })]);
    const second = await syncRound(env, "mc_1", first.seen);
    expect(second.nudged).toEqual([]);
    await capi.apply("mc_1", [release({ observedGeneration: 1, status: "deployed" })]);
    const third = await syncRound(env, "mc_1", second.seen);
    expect(third.nudged).toEqual([c.id]);
    expect(sent.map((e) => (e.data as { step: string }).step)).toEqual(["wait-addons"]);
  });

  it("fails a step it finds still waiting past its time limit, as the step's own run would", async () => {
    const { c, table, env } = setup();
    await syncRound({ ...env, timing: { timeoutSeconds: { "wait-control-plane": 30 }, defaultTimeoutSeconds: 3600 } }, "mc_1", undefined);
    expect(table.cluster?.phase).toBe("Failed");
    expect(table.cluster?.conditions.find((x) => x.type === "Ready")?.message).toContain("wait-control-plane did not finish within 30s");
    expect(c.steps[1]?.startedAt).toBe(T0);
  });

  it("a change seen while the chain that applied the objects has yet to write its wait is looked at again once it waits, with nothing changing since", async () => {
    const { c, table, capi, env, sent } = setup();
    const clock = { at: NOW.getTime() };
    env.deps = { ...env.deps, clock: { now: () => new Date(clock.at) } };
    const memory = newSyncMemory();
    // the create's chain has applied the objects and read them (not ready yet); before it writes that it waits on the
    // control plane, CAPI reports it ready
    table.change({
      step: "apply-objects",
      steps: [
        { name: "apply-objects", state: "running", startedAt: T0 },
        { name: "wait-control-plane", state: "pending" },
      ],
    });
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: c.kubernetesVersion });
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
    const r1 = await syncRound(env, "mc_1", undefined, undefined, memory);
    expect(r1.nudged).toEqual([]);
    // not counted as seen: a sync that ends here leaves it to the next holder
    expect(r1.seen?.get(c.id)?.fingerprint).toBe(HELD);
    // the chain writes its wait; CAPI reports nothing more
    ranOn(table, "apply-objects", "wait-control-plane");
    clock.at += NUDGE_HOLD_MS;
    const r2 = await syncRound(env, "mc_1", r1.seen, undefined, memory);
    expect(r2.nudged).toEqual([c.id]);
    expect(sent.map((e) => (e.data as { step: string }).step)).toEqual(["wait-control-plane"]);
  });

  it("does not nudge a cluster that is not waiting on the management cluster", async () => {
    const { c, table, capi, env, sent } = setup();
    table.change({ phase: "Ready", step: undefined });
    const memory = newSyncMemory();
    const first = await syncRound(env, "mc_1", undefined, undefined, memory);
    capi.report(c, "KamajiControlPlane", { ready: true });
    await syncRound(env, "mc_1", first.seen, undefined, memory);
    expect(sent).toEqual([]);
    // nor holds its changes to look at again: no operation runs
    expect(memory.deferred.size).toBe(0);
  });
});
