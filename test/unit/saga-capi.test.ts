import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import type { KubeObjectLike } from "../../core/clusters/ports.js";
import { runSagaMessage } from "../../core/clusters/saga.js";
import { capiFailure, observe, waitControlPlane, waitWorkers } from "../../core/clusters/steps/capi-state.js";
import { failureReason, type StepContext, StepFailure } from "../../core/clusters/steps.js";
import { InfrastructureError } from "../../core/infrastructure/errors.js";
import { conflict, DomainError, notFound, unprocessable } from "../../core/shared/errors.js";
import { cluster, MemoryCapi, MemoryClusterTable, memorySagaEnv, NOW, sagaMessage } from "../doubles/memory-saga-env.js";

const at = NOW.toISOString();
const obj = (kind: string, name: string, status: Record<string, unknown>): KubeObjectLike => ({
  apiVersion: "x/v1",
  kind,
  metadata: { name },
  status,
});

function context(c: Cluster, capi: MemoryCapi): StepContext {
  const { env } = memorySagaEnv(new MemoryClusterTable(c), capi);
  return {
    env,
    c,
    t: { domain: c.domain, project: c.project },
    ctx: { actor: { kind: "system", id: "t" }, correlationId: "c" },
    guard: { clusterId: c.id, generation: 1, step: "x" },
  };
}

describe("what CAPI reports, as the cluster's observed status", () => {
  it("takes the control plane's readiness and version, the workers' counts and the Cluster's phase", () => {
    expect(
      observe(
        {
          cluster: obj("Cluster", "demo", { phase: "Provisioned" }),
          controlPlane: obj("KamajiControlPlane", "demo", { ready: true, initialized: true, version: "v1.31.2" }),
          workers: obj("MachineDeployment", "demo-workers", { readyReplicas: 2, updatedReplicas: 1 }),
        },
        at,
      ),
    ).toEqual({ controlPlaneReady: true, controlPlaneVersion: "v1.31.2", readyWorkers: 2, updatedWorkers: 1, phase: "Provisioned", at });
  });

  it("a control plane ready but not initialized is not ready; missing objects report nothing", () => {
    expect(
      observe({ cluster: undefined, controlPlane: obj("KamajiControlPlane", "demo", { ready: true }), workers: undefined }, at),
    ).toEqual({ controlPlaneReady: false, readyWorkers: 0, updatedWorkers: 0, at });
  });
});

describe("CAPI failures", () => {
  const failed = (kind: string, reason: string, message?: string) =>
    obj(kind, kind.toLowerCase(), { failureReason: reason, ...(message ? { failureMessage: message } : {}) });

  it("names the failure at its source first: the control plane, then the workers, then the Cluster", () => {
    const st = {
      cluster: failed("Cluster", "ControlPlaneFailed", "wrapped"),
      controlPlane: failed("KamajiControlPlane", "DataStoreUnreachable", "etcd refused"),
      workers: failed("MachineDeployment", "BadTemplate"),
    };
    expect(() => capiFailure(st)).toThrow("KamajiControlPlane kamajicontrolplane failed: DataStoreUnreachable: etcd refused");
    expect(() => capiFailure({ ...st, controlPlane: undefined })).toThrow("MachineDeployment machinedeployment failed: BadTemplate");
    expect(() => capiFailure({ ...st, controlPlane: undefined, workers: undefined })).toThrow(
      "Cluster cluster failed: ControlPlaneFailed: wrapped",
    );
    try {
      capiFailure(st);
    } catch (e) {
      expect(e).toBeInstanceOf(StepFailure);
      expect(failureReason(e)).toBe("CapiFailure");
    }
  });

  it("a Cluster in phase Failed without a reason fails too; healthy objects do not", () => {
    expect(() =>
      capiFailure({ cluster: obj("Cluster", "demo", { phase: "Failed" }), controlPlane: undefined, workers: undefined }),
    ).toThrow("Cluster demo is in phase Failed");
    expect(
      capiFailure({
        cluster: obj("Cluster", "demo", { phase: "Provisioned", failureReason: "" }),
        controlPlane: undefined,
        workers: undefined,
      }),
    ).toBeUndefined();
  });

  it("maps a terminal error to the reason word of the cluster's condition", () => {
    expect(failureReason(new StepFailure("NoTarget", "x"))).toBe("NoTarget");
    expect(failureReason(new InfrastructureError("ProviderAuthFailed", "x"))).toBe("ProviderAuthFailed");
    expect(failureReason(unprocessable("x", { reason: "BundleMissing" }))).toBe("BundleMissing");
    expect(failureReason(notFound("host"))).toBe("NotFound");
    expect(failureReason(conflict("x"))).toBe("Conflict");
    expect(failureReason(unprocessable("x"))).toBe("Unprocessable");
    expect(failureReason(new DomainError("validation", "x"))).toBe("Invalid");
    expect(failureReason(new DomainError("forbidden", "x"))).toBe("Failed");
    expect(failureReason(new Error("x"))).toBe("Failed");
  });

  it("a CAPI failure while waiting fails the cluster with reason CapiFailure on the step's condition", async () => {
    const c = cluster({
      step: "wait-control-plane",
      steps: [
        { name: "wait-control-plane", state: "running", startedAt: at },
        { name: "install-cni", state: "pending" },
      ],
    });
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.report(c, "KamajiControlPlane", { failureReason: "DataStoreUnreachable" });
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "wait-control-plane"))).toBe("failed");
    const after = table.cluster as Cluster;
    expect(after.phase).toBe("Failed");
    expect(after.conditions.find((x) => x.type === "ControlPlaneReady")).toMatchObject({ status: "False", reason: "CapiFailure" });
    expect(table.events.map((e) => [e.type, e.data.reason])).toEqual([["ckp.cluster.failed", "CapiFailure"]]);
  });
});

describe("waiting on the control plane", () => {
  const c = cluster();

  it.each<[string, (capi: MemoryCapi) => void, string]>([
    ["ObjectsMissing", () => {}, "the Cluster or KamajiControlPlane object is missing on the management cluster"],
    [
      "ControlPlaneNotReady",
      (capi) => {
        capi.report(c, "Cluster", { phase: "Provisioning" });
        capi.report(c, "KamajiControlPlane", { ready: true, initialized: false });
      },
      "the Kamaji control plane is not ready yet (Cluster phase Provisioning)",
    ],
    [
      "ControlPlaneUpgrading",
      (capi) => {
        capi.report(c, "Cluster", { phase: "Provisioned", conditions: [{ type: "ControlPlaneReady", status: "True" }] });
        capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: "v1.30.6" });
      },
      "the control plane runs v1.30.6; waiting for v1.31.2",
    ],
  ])("waits with %s", async (reason, setup, message) => {
    const capi = new MemoryCapi();
    setup(capi);
    expect(await waitControlPlane(context(c, capi))).toMatchObject({ kind: "wait", reason, message });
  });

  it("is done when the Cluster says the control plane is ready and it runs the version", async () => {
    const capi = new MemoryCapi();
    capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
    capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: "v1.31.2" });
    expect(await waitControlPlane(context(c, capi))).toEqual({
      kind: "done",
      message: "the control plane is ready at v1.31.2",
      set: {
        observed: { controlPlaneReady: true, controlPlaneVersion: "v1.31.2", readyWorkers: 0, updatedWorkers: 0, phase: "Provisioned", at },
      },
    });
  });
});

describe("waiting on the workers", () => {
  const c = cluster({ workers: 2 });
  const spec = { replicas: 2, template: { spec: { version: "v1.31.2" } } };

  it.each<[string, Record<string, unknown>, Record<string, unknown>, number, string]>([
    ["WorkersNotUpdated", { template: { spec: { version: "v1.30.6" } } }, {}, 1, "the MachineDeployment asks for v1.30.6, not v1.31.2"],
    ["WorkersProgressing", spec, { observedGeneration: 1 }, 2, "CAPI has not yet seen the MachineDeployment's latest spec"],
    [
      "WorkersProgressing",
      spec,
      { observedGeneration: 2, replicas: 2, readyReplicas: 1, updatedReplicas: 2 },
      2,
      "1 of 2 worker(s) ready, 2 at v1.31.2",
    ],
    [
      "WorkersProgressing",
      spec,
      { observedGeneration: 2, replicas: 3, readyReplicas: 2, updatedReplicas: 2 },
      2,
      "2 of 2 worker(s) ready, 2 at v1.31.2, 1 being removed",
    ],
  ])("waits with %s (%#)", async (reason, mdSpec, status, generation, message) => {
    const capi = new MemoryCapi();
    capi.report(c, "MachineDeployment", status, { spec: mdSpec, generation });
    expect(await waitWorkers(context(c, capi))).toMatchObject({ kind: "wait", reason, message });
  });

  it("waits for a missing MachineDeployment, and is done when every replica is ready and updated", async () => {
    const capi = new MemoryCapi();
    expect(await waitWorkers(context(c, capi))).toMatchObject({ kind: "wait", reason: "ObjectsMissing" });
    capi.report(
      c,
      "MachineDeployment",
      { observedGeneration: 2, replicas: 2, readyReplicas: 2, updatedReplicas: 2 },
      { spec, generation: 2 },
    );
    expect(await waitWorkers(context(c, capi))).toMatchObject({ kind: "done", message: "2 worker(s) ready at v1.31.2" });
  });
});
