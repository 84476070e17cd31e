import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import { newSteps, OPERATION_STEPS, STEP_NAMES } from "../../core/clusters/operations.js";
import { runSagaMessage } from "../../core/clusters/saga.js";
import { STEPS } from "../../core/clusters/steps.js";
import {
  atStep,
  cniRelease,
  MemoryCapi,
  MemoryClusterTable,
  memorySagaEnv,
  NOW,
  recordsAt,
  sagaMessage,
  T0,
  workloadWithPods,
} from "../doubles/memory-saga-env.js";

const at = NOW.toISOString();

/** CAPI reports the control plane up at a version. */
function controlPlaneUp(capi: MemoryCapi, c: Cluster, version = c.kubernetesVersion) {
  capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version });
  capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
}

describe("the steps of each operation", () => {
  it("runs them in this order", () => {
    expect(OPERATION_STEPS).toEqual({
      create: [
        "resolve-provider",
        "provision-machines",
        "wait-registration",
        "wait-approval",
        "assign-hosts",
        "issue-certificates",
        "apply-objects",
        "wait-control-plane",
        "install-cni",
        "wait-workers",
        "install-addons",
        "wait-addons",
      ],
      scale: ["assign-hosts", "mark-surplus-machines", "apply-objects", "wait-workers", "release-surplus-hosts", "wait-addons"],
      autoscale: [
        "provision-machines",
        "wait-registration",
        "wait-approval",
        "assign-hosts",
        "mark-surplus-machines",
        "apply-objects",
        "wait-workers",
        "release-surplus-hosts",
        "wait-addons",
      ],
      upgrade: ["upgrade-control-plane", "wait-control-plane", "upgrade-addons", "upgrade-workers", "wait-workers", "wait-addons"],
      addons: ["install-cni", "install-addons", "wait-addons"],
      delete: [
        "delete-addons",
        "delete-objects",
        "wait-objects-deleted",
        "release-hosts",
        "release-machines",
        "release-placement",
        "release-storage-profile",
        "revoke-certificates",
        "finalize",
      ],
    });
  });

  it("names only steps that exist: each has a body and a condition, none twice in one operation, none unused", () => {
    const named = new Set<string>();
    for (const [op, steps] of Object.entries(OPERATION_STEPS)) {
      expect(new Set(steps).size, op).toBe(steps.length);
      for (const s of steps) {
        named.add(s);
        expect(STEP_NAMES, `${op}: ${s}`).toContain(s);
        expect(typeof STEPS[s]?.run, `${op}: ${s}`).toBe("function");
        expect(STEPS[s]?.condition, `${op}: ${s}`).toMatch(/^[A-Z][A-Za-z]+$/);
      }
    }
    expect(Object.keys(STEPS).sort()).toEqual([...STEP_NAMES].sort());
    expect([...named].sort()).toEqual([...STEP_NAMES].sort());
  });

  it("starts a new operation at its first step, the others pending", () => {
    expect(newSteps("scale", at)).toEqual([
      { name: "assign-hosts", state: "running", startedAt: at },
      { name: "mark-surplus-machines", state: "pending" },
      { name: "apply-objects", state: "pending" },
      { name: "wait-workers", state: "pending" },
      { name: "release-surplus-hosts", state: "pending" },
      { name: "wait-addons", state: "pending" },
    ]);
  });
});

describe("running a step and moving on", () => {
  it("a done step records its end, starts the next one and names it in the step-completed event", async () => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    controlPlaneUp(capi, c);
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).toBe("completed");

    const after = table.cluster as Cluster;
    expect(after.step).toBe("install-cni");
    expect(after.version).toBe(2);
    expect(after.steps.find((r) => r.name === "wait-control-plane")).toEqual({
      name: "wait-control-plane",
      state: "succeeded",
      startedAt: T0,
      endedAt: at,
      message: "the control plane is ready at v1.31.2",
    });
    expect(after.steps.find((r) => r.name === "install-cni")).toEqual({ name: "install-cni", state: "running", startedAt: at });
    expect(after.steps.find((r) => r.name === "wait-workers")?.state).toBe("pending");
    expect(table.events.map((e) => [e.type, e.data.completed, e.data.step])).toEqual([
      ["ckp.cluster.step-completed", "wait-control-plane", "install-cni"],
    ]);
  });

  it("a message delivered again after its step completed does nothing", async () => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    controlPlaneUp(capi, c);
    const { env } = memorySagaEnv(table, capi);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("completed");
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("stale");
    expect(table.commits).toBe(1);
    expect((table.cluster as Cluster).step).toBe("install-cni");
  });

  it.each<[string, Partial<Cluster>]>([
    ["an older generation", { generation: 2 }],
    ["the cluster is on another step", { step: "install-cni" }],
    ["the cluster failed", { phase: "Failed" }],
    ["the step's record is no longer running", { steps: recordsAt("create", "install-cni") }],
  ])("a message is stale when %s", async (_what, change) => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    table.change(change);
    const capi = new MemoryCapi();
    controlPlaneUp(capi, c);
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).toBe("stale");
    expect(table.commits).toBe(0);
  });

  it("a cluster deleted meanwhile is gone", async () => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    table.item = undefined;
    expect(await runSagaMessage(memorySagaEnv(table, new MemoryCapi()).env, sagaMessage(c, "wait-control-plane"))).toBe("gone");
  });

  it("a message without a step finishes at once", async () => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    const e = sagaMessage(c, "wait-control-plane");
    expect(await runSagaMessage(memorySagaEnv(table, new MemoryCapi()).env, { ...e, data: { ...e.data, step: undefined } })).toBe(
      "finished",
    );
  });

  it("another worker moving the cluster on while the step ran loses nothing: the step's completion is not written", async () => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    controlPlaneUp(capi, c);
    const get = capi.get.bind(capi);
    capi.get = async (mc, ref) => {
      table.change({ step: "install-cni", version: 7 });
      return get(mc, ref);
    };
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).toBe("stale");
    expect(table.commits).toBe(0);
    expect(table.cluster?.version).toBe(7);
  });
});

describe("resuming after a crash", () => {
  it("a step found running runs again from what it recorded and moves on once", async () => {
    // the worker died after CAPI had the objects, before recording: the redelivered message finds the step still running
    const c = atStep("create", "wait-control-plane", { conditions: [] });
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.report(c, "KamajiControlPlane", { ready: false, initialized: false });
    capi.report(c, "Cluster", { phase: "Provisioning" });
    const { env } = memorySagaEnv(table, capi);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");
    expect(table.cluster?.step).toBe("wait-control-plane");
    controlPlaneUp(capi, c);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 1))).toBe("completed");
    expect(table.cluster?.step).toBe("install-cni");
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 1))).toBe("stale");
  });

  it("an operation recorded before a step existed gets the step's record when it reaches it", async () => {
    // a release added install-cni between wait-control-plane and wait-workers while this create was under way
    const old = recordsAt("create", "wait-control-plane").filter((r) => r.name !== "install-cni");
    const c = atStep("create", "wait-control-plane", { steps: old });
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    controlPlaneUp(capi, c);
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).toBe("completed");
    const after = table.cluster as Cluster;
    expect(after.step).toBe("install-cni");
    expect(after.steps.map((r) => r.name)).toEqual(OPERATION_STEPS.create);
    expect(after.steps[8]).toEqual({ name: "install-cni", state: "running", startedAt: at });
  });
});

describe("the last step of an operation", () => {
  const moving: Cluster["templateMove"] = { template: "edge", from: "1.0.0", to: "1.1.0", state: "Running", pending: [], startedAt: T0 };
  it.each([
    ["alone", undefined],
    ["as a template move's operation", moving],
  ])("an upgrade's last step makes the cluster Ready at the target version, its CNI moved with it (%s)", async (_, templateMove) => {
    const c = atStep("upgrade", "wait-addons", {
      phase: "Upgrading",
      kubernetesVersion: "v1.30.6",
      cni: { name: "calico", version: "v3.28.2" },
      target: { kubernetesVersion: "v1.31.2" },
      ...(templateMove ? { templateMove } : {}),
    });
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    await capi.apply("mc_1", [cniRelease(c)]);
    const workload = workloadWithPods();
    const { env } = memorySagaEnv(table, capi, { workload });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-addons"))).toBe("finished");

    const after = table.cluster as Cluster;
    expect(after.phase).toBe("Ready");
    expect(after.kubernetesVersion).toBe("v1.31.2");
    expect(after.cni).toEqual({ name: "calico", version: "v3.30.5" });
    expect(after.target).toBeUndefined();
    expect(after.steps.at(-1)?.state).toBe("succeeded");
    expect(after.conditions.find((x) => x.type === "Ready")).toEqual({
      type: "Ready",
      status: "True",
      reason: "Ready",
      message: "2 worker(s) at v1.31.2",
      lastTransitionTime: at,
    });
    expect(table.events.map((e) => e.type)).toEqual(["ckp.cluster.step-completed", "ckp.cluster.ready"]);
    expect(table.events[1]?.data).toEqual({
      clusterId: c.id,
      generation: 1,
      operation: "upgrade",
      kubernetesVersion: "v1.31.2",
      workers: 2,
      // the lifecycle worker hears of it only for a move (events/routing.ts)
      templateMove: templateMove !== undefined,
    });
  });

  it("a delete's last step removes the cluster and records that it is deleted", async () => {
    const c = atStep("delete", "finalize", { phase: "Deleting" });
    const table = new MemoryClusterTable(c);
    expect(await runSagaMessage(memorySagaEnv(table, new MemoryCapi()).env, sagaMessage(c, "finalize"))).toBe("finished");
    expect(table.item).toBeUndefined();
    expect(table.events.map((e) => [e.type, e.data])).toEqual([["ckp.cluster.deleted", { clusterId: c.id, name: "demo" }]]);
  });
});
