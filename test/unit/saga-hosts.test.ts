import { describe, expect, it } from "vitest";
import { readClaims } from "../../core/byoh/claims.js";
import { BYOH_API_VERSION, CAPI_API_VERSION, CKP_HOST_LABELS, DELETE_MACHINE_ANNOTATION } from "../../core/byoh/names.js";
import type { Cluster } from "../../core/clusters/model.js";
import { runSagaMessage } from "../../core/clusters/saga.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { surplusOrder } from "../../core/clusters/steps/host-moves.js";
import type { StepContext } from "../../core/clusters/steps.js";
import { STEPS } from "../../core/clusters/steps.js";
import type { KubeObject } from "../../core/kube/objects.js";
import { cluster, MemoryCapi, MemoryClusterTable, memorySagaEnv, NOW, sagaMessage } from "../doubles/memory-saga-env.js";

const at = NOW.toISOString();
const ns = clusterNamespace(cluster().id);

/** A worker Machine on a host: its ByoMachine holds the host's ByoHost. */
function machine(name: string, o: { annotations?: Record<string, string>; deleting?: boolean; status?: Record<string, unknown> } = {}) {
  return {
    apiVersion: CAPI_API_VERSION,
    kind: "Machine",
    metadata: {
      name,
      namespace: ns,
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.deleting ? { deletionTimestamp: "2030-01-01T11:00:00Z" } : {}),
    },
    spec: { infrastructureRef: { name: `bm-${name}` } },
    status: o.status ?? { phase: "Running" },
  } as KubeObject;
}
const byoHost = (hostId: string, machineName?: string) =>
  ({
    apiVersion: BYOH_API_VERSION,
    kind: "ByoHost",
    metadata: { name: hostId.replace("_", "-"), labels: { [CKP_HOST_LABELS.hostId]: hostId } },
    status: machineName ? { machineRef: { kind: "ByoMachine", name: `bm-${machineName}` } } : {},
  }) as KubeObject;

const ctx = (c: Cluster) => ({ c }) as StepContext;

describe("which hosts a scale-down gives up", () => {
  // assigned in this order: h1 first, h6 last
  const hostIds = ["h1", "h2", "h3", "h4", "h5", "h6"];

  it("the most recently assigned first when nothing else tells them apart", () => {
    const claims = readClaims(
      hostIds.map((h) => machine(`m-${h}`)),
      hostIds.map((h) => byoHost(h, `m-${h}`)),
    );
    expect(surplusOrder(ctx(cluster({ hostIds })), claims)).toEqual(["h6", "h5", "h4", "h3", "h2", "h1"]);
  });

  it("provisioned machines before hosts of the group, each the most recent first", () => {
    const claims = readClaims(
      hostIds.map((h) => machine(`m-${h}`)),
      hostIds.map((h) => byoHost(h, `m-${h}`)),
    );
    const provisioned = ["h2", "h4"].map((h) => ({ serverId: `srv-${h}`, name: h, machineId: `mid-${h}`, hostId: h }));
    expect(surplusOrder(ctx(cluster({ hostIds, provisioned })), claims)).toEqual(["h4", "h2", "h6", "h5", "h3", "h1"]);
  });

  it("hosts an earlier attempt marked, then hosts no Machine runs on, then unhealthy Machines', then provisioned, then the rest", () => {
    const machines = [
      machine("m-h1"),
      machine("m-h2", { status: { phase: "Running", conditions: [{ type: "NodeHealthy", status: "False", reason: "NodeNotFound" }] } }),
      machine("m-h3", { annotations: { [DELETE_MACHINE_ANNOTATION]: "yes" } }),
      machine("m-h4"),
      machine("m-h5", { deleting: true }),
    ];
    const claims = readClaims(machines, [...["h1", "h2", "h3", "h4", "h5"].map((h) => byoHost(h, `m-${h}`)), byoHost("h6")]);
    const provisioned = [{ serverId: "srv-h1", name: "h1", machineId: "mid-h1", hostId: "h1" }];
    expect(surplusOrder(ctx(cluster({ hostIds, provisioned })), claims)).toEqual(["h5", "h3", "h6", "h2", "h1", "h4"]);
  });
});

describe("marking the leaving Machines", () => {
  // a scale from 4 to 2 workers: h3 and h4 were assigned last
  const scaling = (o: Partial<Cluster> = {}) =>
    cluster({
      operation: "scale",
      phase: "Scaling",
      step: "mark-surplus-machines",
      workers: 2,
      hostIds: ["h1", "h2", "h3", "h4"],
      steps: [
        { name: "assign-hosts", state: "succeeded", startedAt: at, endedAt: at },
        { name: "mark-surplus-machines", state: "running", startedAt: at },
        { name: "apply-objects", state: "pending" },
      ],
      ...o,
    });
  async function managementCluster(marked: string[] = []) {
    const capi = new MemoryCapi();
    await capi.apply("mc_1", [
      ...["h1", "h2", "h3", "h4"].map((h) =>
        machine(`m-${h}`, marked.includes(h) ? { annotations: { [DELETE_MACHINE_ANNOTATION]: "yes" } } : {}),
      ),
      ...["h1", "h2", "h3", "h4"].map((h) => byoHost(h, `m-${h}`)),
    ]);
    capi.applied.length = 0;
    return capi;
  }

  it("annotates the surplus hosts' Machines with the delete-machine annotation, only that", async () => {
    const c = scaling();
    const capi = await managementCluster();
    const table = new MemoryClusterTable(c);
    expect(await runSagaMessage(memorySagaEnv(table, capi).env, sagaMessage(c, "mark-surplus-machines"))).toBe("completed");
    expect(capi.applied).toEqual(
      ["m-h4", "m-h3"].map((name) => ({
        apiVersion: CAPI_API_VERSION,
        kind: "Machine",
        metadata: { name, namespace: ns, annotations: { [DELETE_MACHINE_ANNOTATION]: "yes" } },
      })),
    );
    expect(table.cluster?.step).toBe("apply-objects");
    expect(table.cluster?.steps[1]?.message).toBe(
      `host(s) h4, h3 leave the cluster; machine(s) m-h4, m-h3 marked ${DELETE_MACHINE_ANNOTATION} so CAPI removes them first`,
    );
  });

  it("run again after a crash, keeps the Machines an earlier attempt marked and marks only the rest", async () => {
    const c = scaling();
    const capi = await managementCluster(["h2"]);
    const s = { ...ctx(c), env: memorySagaEnv(new MemoryClusterTable(c), capi).env } as StepContext;
    const out = await STEPS["mark-surplus-machines"].run(s);
    expect(out).toMatchObject({ kind: "done" });
    expect(out.message.startsWith("host(s) h2, h4 leave the cluster")).toBe(true);
    expect(capi.applied.map((o) => o.metadata.name)).toEqual(["m-h4"]);
  });

  it("is skipped when the cluster is not scaling down", async () => {
    const c = scaling({ workers: 4 });
    const capi = await managementCluster();
    const s = { ...ctx(c), env: memorySagaEnv(new MemoryClusterTable(c), capi).env } as StepContext;
    expect(await STEPS["mark-surplus-machines"].run(s)).toEqual({
      kind: "done",
      skipped: true,
      message: "the cluster is not scaling down",
    });
    expect(capi.applied).toEqual([]);
  });

  it("releasing waits, with its own timeout reason, while CAPI still runs Machines on the surplus hosts", async () => {
    const c = scaling({ step: "release-surplus-hosts" });
    const capi = await managementCluster(["h3", "h4"]);
    // CAPI removed m-h4: BYOH released h4; m-h3 is still draining
    await capi.delete("mc_1", { apiVersion: CAPI_API_VERSION, kind: "Machine", name: "m-h4", namespace: ns });
    const s = { ...ctx(c), env: memorySagaEnv(new MemoryClusterTable(c), capi).env } as StepContext;
    expect(await STEPS["release-surplus-hosts"].run(s)).toEqual({
      kind: "wait",
      reason: "WaitingForRelease",
      message: "1 of 2 surplus host(s) released by CAPI; still in use: h3 (machine m-h3)",
      timeoutReason: "HostsNotReleased",
    });
  });
});
