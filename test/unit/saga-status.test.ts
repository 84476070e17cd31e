import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import { progressCondition, setCondition } from "../../core/clusters/operations.js";
import { giveUp, runSagaMessage, sameObserved } from "../../core/clusters/saga.js";
import { TunnelDisconnected } from "../../core/kube/errors.js";
import { conflict } from "../../core/shared/errors.js";
import { cluster, MemoryCapi, MemoryClusterTable, memorySagaEnv, NOW, sagaMessage } from "../doubles/memory-saga-env.js";

const at = NOW.toISOString();
const T0 = "2030-01-01T11:59:00.000Z";

/** A create waiting for its control plane since T0 (step 8 of 12). */
const waitingCreate = (o: Partial<Cluster> = {}) =>
  cluster({
    step: "wait-control-plane",
    steps: [
      { name: "apply-objects", state: "succeeded", startedAt: T0, endedAt: T0 },
      { name: "wait-control-plane", state: "running", startedAt: T0 },
      { name: "install-cni", state: "pending" },
    ],
    conditions: [
      {
        type: "Ready",
        status: "False",
        reason: "Provisioning",
        message: "create: step 8 of 12, wait-control-plane",
        lastTransitionTime: T0,
      },
    ],
    ...o,
  });
const notReady = (capi: MemoryCapi, c: Cluster) => {
  capi.report(c, "Cluster", { phase: "Provisioning" });
  capi.report(c, "KamajiControlPlane", { ready: false, initialized: false });
};
const condition = (c: Cluster | undefined, type: string) => c?.conditions.find((x) => x.type === type);

describe("the Ready condition while an operation runs", () => {
  it("says which step of how many the operation is at, with the operation's phase as reason", () => {
    expect(progressCondition("upgrade", "upgrade-workers", at, [])).toEqual([
      { type: "Ready", status: "False", reason: "Upgrading", message: "upgrade: step 4 of 6, upgrade-workers", lastTransitionTime: at },
    ]);
    expect(progressCondition("delete", "finalize", at, [])[0]?.message).toBe("delete: step 9 of 9, finalize");
    expect(progressCondition("addons", "install-addons", at, [])[0]?.reason).toBe("Updating");
  });

  it("keeps its transition time while the status stays False, and the same list when nothing changed", () => {
    const first = progressCondition("scale", "assign-hosts", T0, []);
    const next = progressCondition("scale", "apply-objects", at, first);
    expect(next[0]).toMatchObject({ message: "scale: step 3 of 6, apply-objects", lastTransitionTime: T0 });
    expect(
      setCondition(next, { type: "Ready", status: "False", reason: "Scaling", message: "scale: step 3 of 6, apply-objects" }, at),
    ).toBe(next);
    expect(setCondition(next, { type: "Ready", status: "True", reason: "Ready", message: "2 worker(s)" }, at)[0]?.lastTransitionTime).toBe(
      at,
    );
  });
});

describe("a waiting step", () => {
  it("puts the reason on its condition, records what CAPI reports, and checks again after the first poll delay", async () => {
    const c = waitingCreate();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    notReady(capi, c);
    const { env, scheduled } = memorySagaEnv(table, capi);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");

    const after = table.cluster as Cluster;
    expect(after.phase).toBe("Provisioning");
    expect(after.step).toBe("wait-control-plane");
    expect(condition(after, "ControlPlaneReady")).toEqual({
      type: "ControlPlaneReady",
      status: "False",
      reason: "ControlPlaneNotReady",
      message: "the Kamaji control plane is not ready yet (Cluster phase Provisioning)",
      lastTransitionTime: at,
    });
    expect(condition(after, "Ready")?.message).toBe("create: step 8 of 12, wait-control-plane");
    expect(after.observed).toEqual({ controlPlaneReady: false, readyWorkers: 0, updatedWorkers: 0, phase: "Provisioning", at });
    expect(table.events.map((e) => e.type)).toEqual(["ckp.cluster.progressed"]);
    expect(scheduled.map((s) => [s.e.id, s.e.type, s.e.data.poll, s.delaySeconds])).toEqual([
      [`tmr_${c.id}_1_wait-control-plane_1`, "ckp.cluster.step-due", 1, 5],
    ]);
  });

  it("writes nothing when nothing changed, and backs off: 5 s, 10 s, … up to the maximum", async () => {
    const c = waitingCreate();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    notReady(capi, c);
    const { env, scheduled } = memorySagaEnv(table, capi);
    await runSagaMessage(env, sagaMessage(c, "wait-control-plane"));
    for (const poll of [1, 2, 6]) expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", poll))).toBe("waiting");
    expect(table.commits).toBe(1);
    expect(scheduled.map((s) => s.delaySeconds)).toEqual([5, 10, 20, 60]);
  });

  it("fails the cluster when its time is up, the other steps cancelled", async () => {
    const c = waitingCreate();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    notReady(capi, c);
    const { env } = memorySagaEnv(table, capi, { now: new Date(Date.parse(T0) + 30 * 60_000 + 1000) });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("failed");
    const after = table.cluster as Cluster;
    expect(after.phase).toBe("Failed");
    expect(after.steps.map((r) => r.state)).toEqual(["succeeded", "failed", "cancelled"]);
    expect(condition(after, "ControlPlaneReady")?.reason).toBe("StepTimedOut");
    expect(condition(after, "Ready")).toMatchObject({
      status: "False",
      reason: "Failed",
      message:
        "create failed at step wait-control-plane (StepTimedOut): wait-control-plane did not finish within 1800s: the Kamaji control plane is not ready yet (Cluster phase Provisioning)",
    });
    expect(table.events.map((e) => [e.type, e.data.step, e.data.reason])).toEqual([
      ["ckp.cluster.failed", "wait-control-plane", "StepTimedOut"],
    ]);
  });

  it("waits, as a condition, for a management cluster whose agent is away", async () => {
    const c = waitingCreate();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.get = async () => {
      throw new TunnelDisconnected("management cluster mc-eu-1", T0);
    };
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");
    expect(condition(table.cluster, "ControlPlaneReady")).toMatchObject({
      reason: "TunnelDisconnected",
      message: `management cluster mc-eu-1: its cluster agent is not connected (disconnected since ${T0})`,
    });
  });
});

describe("a step that throws", () => {
  it.each<[string, Error]>([
    ["an unexpected error", new Error("socket hang up")],
    ["a concurrency conflict", conflict("the resource was changed concurrently; retry")],
  ])("is retried on %s: the attempt is counted on the step, the cluster keeps its phase", async (_what, err) => {
    const c = waitingCreate();
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.get = async () => {
      throw err;
    };
    await expect(runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).rejects.toBe(err);
    const after = table.cluster as Cluster;
    expect(after.phase).toBe("Provisioning");
    expect(after.steps[1]).toEqual({
      name: "wait-control-plane",
      state: "running",
      startedAt: T0,
      retries: 1,
      message: `attempt 1 failed, retrying: ${err.message}`,
    });
    expect(table.events.map((e) => [e.type, e.data.retries])).toEqual([["ckp.cluster.step-retrying", 1]]);
  });

  it("stops with RetriesExhausted when the last delivery fails", async () => {
    const c = waitingCreate();
    const table = new MemoryClusterTable(c);
    await giveUp(memorySagaEnv(table, new MemoryCapi()).env, sagaMessage(c, "wait-control-plane"), new Error("socket hang up"));
    const after = table.cluster as Cluster;
    expect(after.phase).toBe("Failed");
    expect(condition(after, "ControlPlaneReady")).toMatchObject({
      reason: "RetriesExhausted",
      message: "gave up after repeated failures: socket hang up",
    });
    // a second report of the same failure changes nothing
    await giveUp(memorySagaEnv(table, new MemoryCapi()).env, sagaMessage(c, "wait-control-plane"), new Error("again"));
    expect(table.commits).toBe(1);
  });
});

describe("what CAPI reported, compared", () => {
  const seen = {
    controlPlaneReady: true,
    controlPlaneVersion: "v1.31.2",
    readyWorkers: 1,
    updatedWorkers: 1,
    phase: "Provisioned",
    at: "t1",
  };
  it("is the same whatever the order of its keys (DynamoDB does not keep it) and whenever it was read", () => {
    const stored = {
      at: "t0",
      phase: "Provisioned",
      updatedWorkers: 1,
      readyWorkers: 1,
      controlPlaneVersion: "v1.31.2",
      controlPlaneReady: true,
    };
    expect(sameObserved(seen, stored)).toBe(true);
  });
  it("differs when a count, the version or the phase moved, a field appeared, or nothing was stored", () => {
    expect(sameObserved(seen, { ...seen, readyWorkers: 2 })).toBe(false);
    expect(sameObserved(seen, { ...seen, phase: "Provisioning" })).toBe(false);
    const { controlPlaneVersion: _v, ...noVersion } = seen;
    expect(sameObserved(seen, noVersion)).toBe(false);
    expect(sameObserved(seen, undefined)).toBe(false);
  });
});
