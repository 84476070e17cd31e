import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import { giveUp, runSagaMessage } from "../../core/clusters/saga.js";
import { applyOnce, type ChainMemo, newChainMemo, PLACEHOLDER_BUNDLE } from "../../core/clusters/steps/common.js";
import { queuesFor } from "../../events/routing.js";
import { atStep, MemoryCapi, MemoryClusterTable, memoryBundles, memorySagaEnv, sagaMessage } from "../doubles/memory-saga-env.js";

/**
 * An inline chain (core/clusters/saga.ts): the worker that completes a step
 * runs the next one itself, while the chain's time lasts; the completion's
 * event is marked `continued` and drives no queue; the message's id on the
 * cluster lets the same message, delivered again, go on where the chain was.
 */
/** The control plane is up; Cilium's install-cni then waits for the endpoint Kamaji has not published yet. */
function setup(chainSeconds: number) {
  const c = atStep("create", "wait-control-plane");
  const table = new MemoryClusterTable(c);
  const capi = new MemoryCapi();
  capi.report(c, "KamajiControlPlane", { ready: true, initialized: true, version: c.kubernetesVersion });
  capi.report(c, "Cluster", { phase: "Provisioned", controlPlaneReady: true });
  const { env, scheduled } = memorySagaEnv(table, capi);
  env.timing.chainSeconds = chainSeconds;
  return { c, table, capi, env, scheduled };
}

/** Kamaji publishes the API server's endpoint on the Cluster: Cilium's install-cni can go on. */
function publishEndpoint(capi: MemoryCapi, c: Cluster) {
  capi.report(
    c,
    "Cluster",
    { phase: "Provisioned", controlPlaneReady: true },
    { spec: { controlPlaneEndpoint: { host: "10.0.0.1", port: 6443 } } },
  );
}

describe("an inline chain of steps", () => {
  it("runs the next step in the same run: one message, the completion marked continued, the next step's own timer", async () => {
    const { c, table, env, scheduled } = setup(10);
    const m = sagaMessage(c, "wait-control-plane", 4);
    expect(await runSagaMessage(env, m)).toBe("waiting");
    const after = table.cluster as Cluster;
    expect(after.step).toBe("install-cni");
    expect(after.chainedFrom).toBe(m.id);
    expect(after.conditions.find((x) => x.type === "CniInstalled")).toMatchObject({ status: "False", reason: "EndpointPending" });
    const completed = table.events.find((e) => e.type === "ckp.cluster.step-completed");
    expect(completed?.data).toMatchObject({ completed: "wait-control-plane", step: "install-cni", continued: true });
    // the relay sends it nowhere; a completion without `continued` still goes to the lifecycle queue
    expect(queuesFor("ckp.cluster.step-completed", completed?.data)).toEqual([]);
    expect(queuesFor("ckp.cluster.step-completed", { ...completed?.data, continued: undefined })).toEqual(["lifecycle"]);
    // install-cni's first timer, not the fifth of wait-control-plane's chain
    expect(scheduled.map((s) => s.e.data)).toEqual([{ clusterId: c.id, generation: c.generation, step: "install-cni", poll: 1 }]);
  });

  it("without chain time, a completion is a message of its own, as before", async () => {
    const { c, table, env, scheduled } = setup(0);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 4))).toBe("completed");
    expect(table.cluster?.step).toBe("install-cni");
    expect(table.cluster?.chainedFrom).toBeUndefined();
    expect(table.events.find((e) => e.type === "ckp.cluster.step-completed")?.data.continued).toBeUndefined();
    expect(scheduled).toEqual([]);
  });

  it("the same message delivered again (its worker died in the chain) runs the step the chain reached; another is stale", async () => {
    const { c, table, capi, env, scheduled } = setup(10);
    const m = sagaMessage(c, "wait-control-plane", 4);
    await runSagaMessage(env, m);
    scheduled.length = 0;
    // Kamaji publishes the endpoint: the redelivered message finds install-cni and completes it
    publishEndpoint(capi, c);
    env.timing.chainSeconds = 0;
    expect(await runSagaMessage(env, m)).toBe("completed");
    expect(table.cluster?.step).toBe("wait-workers");
    // a timer of wait-control-plane's old chain finds nothing to do
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 5))).toBe("stale");
    expect(scheduled).toEqual([]);
  });

  it("goes on from the item as its completion wrote it, with no read; reads it again when something else wrote it meanwhile", async () => {
    // nothing else writes: wait-control-plane and install-cni complete, wait-workers waits, on the one read of the item
    const quiet = setup(10);
    publishEndpoint(quiet.capi, quiet.c);
    expect(await runSagaMessage(quiet.env, sagaMessage(quiet.c, "wait-control-plane", 4))).toBe("waiting");
    expect(quiet.table.cluster?.step).toBe("wait-workers");
    expect(quiet.table.gets).toBe(1);
    // each write under the version it derived from the one before, none refused: wait-control-plane's completion
    // with install-cni folded into it, then wait-workers's wait
    expect(quiet.table.cluster?.version).toBe(quiet.c.version + 2);

    // the status sync writes the item while install-cni runs (folded into wait-control-plane's completion): the
    // completion is written all the same, and the next step reads the item, the sync's write included
    const busy = setup(10);
    publishEndpoint(busy.capi, busy.c);
    const apply = busy.capi.apply.bind(busy.capi);
    busy.capi.apply = async (mc, objects) => {
      if (busy.table.cluster?.step === "wait-control-plane")
        busy.table.change({ version: (busy.table.cluster?.version ?? 0) + 1, labels: { team: "a" } } as Partial<Cluster>);
      return apply(mc, objects);
    };
    expect(await runSagaMessage(busy.env, sagaMessage(busy.c, "wait-control-plane", 4))).toBe("waiting");
    expect(busy.table.cluster?.step).toBe("wait-workers");
    expect(busy.table.gets).toBe(2);
    expect(busy.table.cluster?.steps.find((r) => r.name === "install-cni")?.state).toBe("succeeded");
    expect((busy.table.cluster as Cluster & { labels?: unknown }).labels).toEqual({ team: "a" });
  });

  it("folds an apply that needs no wait (install-cni) into the completion of the wait before it: one write, two records", async () => {
    const { c, table, capi, env } = setup(10);
    publishEndpoint(capi, c);
    const commits = table.commits;
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 4))).toBe("waiting");
    const after = table.cluster as Cluster;
    expect(after.step).toBe("wait-workers");
    // wait-control-plane and install-cni in one transaction, wait-workers's wait in the other
    expect(table.commits - commits).toBe(2);
    expect(capi.applied.some((o) => o.kind === "HelmChartProxy" && o.metadata.name === "cilium")).toBe(true);
    const records = Object.fromEntries(after.steps.map((r) => [r.name, r]));
    expect(records["wait-control-plane"]?.state).toBe("succeeded");
    expect(records["install-cni"]?.state).toBe("succeeded");
    expect(records["install-cni"]?.message).toContain("HelmChartProxy cilium");
    expect(after.conditions.find((x) => x.type === "CniInstalled")).toMatchObject({ status: "True", reason: "Succeeded" });
    const completed = table.events.filter((e) => e.type === "ckp.cluster.step-completed").map((e) => e.data);
    expect(completed.map((d) => [d.completed, d.step, d.continued])).toEqual([
      ["wait-control-plane", "install-cni", true],
      ["install-cni", "wait-workers", true],
    ]);
  });

  it("install-cni takes the control plane endpoint from wait-control-plane's read of the Cluster in its chain; reads again if it had none", async () => {
    const kinds = (capi: MemoryCapi, onCluster?: () => void) => {
      const read: string[] = [];
      const get = capi.get.bind(capi);
      capi.get = async (mc, ref) => {
        read.push(ref.kind);
        const o = await get(mc, ref);
        if (ref.kind === "Cluster") onCluster?.();
        return o;
      };
      return read;
    };
    const quiet = setup(10);
    publishEndpoint(quiet.capi, quiet.c);
    const quietReads = kinds(quiet.capi);
    expect(await runSagaMessage(quiet.env, sagaMessage(quiet.c, "wait-control-plane", 4))).toBe("waiting");
    expect(quiet.table.cluster?.step).toBe("wait-workers");
    // wait-control-plane's and wait-workers' reads; none of install-cni's own
    expect(quietReads.filter((k) => k === "Cluster")).toHaveLength(2);

    // Kamaji publishes the endpoint just after wait-control-plane read the Cluster: install-cni reads it itself
    const late = setup(10);
    let published = false;
    const lateReads = kinds(late.capi, () => {
      if (!published) publishEndpoint(late.capi, late.c);
      published = true;
    });
    expect(await runSagaMessage(late.env, sagaMessage(late.c, "wait-control-plane", 4))).toBe("waiting");
    expect(late.table.cluster?.step).toBe("wait-workers");
    expect(lateReads.filter((k) => k === "Cluster")).toHaveLength(3);
  });

  it("applies an object once per chain as it is: the same again is left out, a changed one or a new chain applies it", async () => {
    const { c, capi, env } = setup(10);
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "ckp-x" } };
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "ca", namespace: "ckp-x" } };
    const s = (chain?: ChainMemo) =>
      ({ env, c, t: { domain: c.domain, project: c.project }, chain }) as unknown as Parameters<typeof applyOnce>[0];
    const memo = newChainMemo();
    await applyOnce(s(memo), "mc_1", [ns, secret]);
    await applyOnce(s(memo), "mc_1", [ns, { ...secret, metadata: { ...secret.metadata, labels: { a: "b" } } }]);
    expect(capi.applied.map((o) => o.kind)).toEqual(["Namespace", "Secret", "Secret"]);
    await applyOnce(s(memo), "mc_2", [ns]);
    await applyOnce(s(memo), "mc_1", [{ ...ns, metadata: { ...ns.metadata, labels: { a: "b" } } }]);
    await applyOnce(s(newChainMemo()), "mc_1", [ns]);
    await applyOnce(s(), "mc_1", [ns]);
    expect(capi.applied.filter((o) => o.kind === "Namespace")).toHaveLength(5);
  });

  it("folds the objects' apply into the completion of the step before it (a scale's marking of surplus machines)", async () => {
    // a scale up: no surplus to mark, then the objects applied at the new count, then a wait for the workers
    const c = atStep("scale", "mark-surplus-machines", { workers: 2 });
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    const { env } = memorySagaEnv(table, capi);
    env.timing.chainSeconds = 10;
    // the BYOH bundle the objects are rendered with
    env.bundles = memoryBundles({ ...PLACEHOLDER_BUNDLE, kubernetesVersion: c.kubernetesVersion });
    // a clock a second further at each look, so each record's times tell which step ran when
    let tick = Date.parse("2030-01-01T12:00:00.000Z");
    env.deps.clock = {
      now: () => {
        tick += 1000;
        return new Date(tick);
      },
    };
    expect(await runSagaMessage(env, sagaMessage(c, "mark-surplus-machines"))).toBe("waiting");
    const after = table.cluster as Cluster;
    expect(after.step).toBe("wait-workers");
    // mark-surplus-machines and apply-objects in one transaction, wait-workers's wait in the other
    expect(table.commits).toBe(2);
    expect(capi.applied.some((o) => o.kind === "MachineDeployment")).toBe(true);
    expect(Object.fromEntries(after.steps.map((r) => [r.name, r.state]))).toMatchObject({
      "mark-surplus-machines": "skipped",
      "apply-objects": "succeeded",
      "wait-workers": "running",
    });
    // each step's record spans its own run: the marking ended as the apply started, the apply before the write
    const records = Object.fromEntries(after.steps.map((r) => [r.name, r]));
    expect(records["mark-surplus-machines"]?.endedAt).toBe(records["apply-objects"]?.startedAt);
    expect(Date.parse(records["apply-objects"]?.endedAt ?? "")).toBeGreaterThan(Date.parse(records["apply-objects"]?.startedAt ?? ""));
    expect(Date.parse(records["wait-workers"]?.startedAt ?? "")).toBeGreaterThan(Date.parse(records["apply-objects"]?.endedAt ?? ""));
    const completed = table.events.filter((e) => e.type === "ckp.cluster.step-completed").map((e) => e.data);
    expect(completed.map((d) => [d.completed, d.step, d.continued])).toEqual([
      ["mark-surplus-machines", "apply-objects", true],
      ["apply-objects", "wait-workers", true],
    ]);
  });

  it("an action that fails while folded is not folded: it runs next as its own step, and its failure is handled there", async () => {
    const { c, table, capi, env } = setup(10);
    publishEndpoint(capi, c);
    const apply = capi.apply.bind(capi);
    let tries = 0;
    capi.apply = async (mc, objects) => {
      if (objects.some((o) => o.kind === "HelmChartProxy")) {
        tries++;
        throw new Error("the management cluster's apiserver is restarting");
      }
      return apply(mc, objects);
    };
    const m = sagaMessage(c, "wait-control-plane", 4);
    await expect(runSagaMessage(env, m)).rejects.toThrow(/restarting/);
    // tried while folded, then as its own step, whose failure counts a retry and leaves the message to come back
    expect(tries).toBe(2);
    const after = table.cluster as Cluster;
    expect(after.step).toBe("install-cni");
    expect(after.steps.find((r) => r.name === "wait-control-plane")?.state).toBe("succeeded");
    expect(after.steps.find((r) => r.name === "install-cni")).toMatchObject({ state: "running", retries: 1 });
    // the message comes back and finds the step its chain reached
    capi.apply = apply;
    expect(await runSagaMessage(env, m)).toBe("waiting");
    expect(table.cluster?.steps.find((r) => r.name === "install-cni")?.state).toBe("succeeded");
  });

  it("completes the steps the item alone decides in the same write as the step before them, each with its record and event", async () => {
    // the group had the free hosts (reserved at creation): no machines to wait for, the hosts already assigned
    const c = atStep("create", "provision-machines", { hostIds: ["host_a", "host_b"] });
    const table = new MemoryClusterTable(c);
    const { env } = memorySagaEnv(table, new MemoryCapi());
    env.timing.chainSeconds = 0;
    expect(await runSagaMessage(env, sagaMessage(c, "provision-machines"))).toBe("completed");
    expect(table.commits).toBe(1);
    const after = table.cluster as Cluster;
    expect(after.step).toBe("issue-certificates");
    expect(after.version).toBe(c.version + 1);
    expect(Object.fromEntries(after.steps.map((r) => [r.name, r.state]))).toMatchObject({
      "provision-machines": "skipped",
      "wait-registration": "skipped",
      "wait-approval": "skipped",
      "assign-hosts": "succeeded",
      "issue-certificates": "running",
    });
    expect(after.conditions.find((x) => x.type === "HostsAssigned")).toMatchObject({ status: "True", reason: "Succeeded" });
    const completed = table.events.filter((e) => e.type === "ckp.cluster.step-completed").map((e) => e.data);
    expect(completed.map((d) => [d.completed, d.step, d.continued])).toEqual([
      ["provision-machines", "wait-registration", true],
      ["wait-registration", "wait-approval", true],
      ["wait-approval", "assign-hosts", true],
      ["assign-hosts", "issue-certificates", undefined],
    ]);
    // only the last drives the lifecycle worker, to the step that needs one
    expect(completed.map((d) => queuesFor("ckp.cluster.step-completed", d))).toEqual([[], [], [], ["lifecycle"]]);

    // a machine was provisioned: waiting for its registration needs reads, so the completion stops before it
    const withMachine = atStep("create", "provision-machines", {
      hostIds: ["host_a", "host_b"],
      provisioned: [{ serverId: "srv-1", name: "m-0", machineId: "mach-1", hostId: "host_b" }],
    });
    const t2 = new MemoryClusterTable(withMachine);
    const second = memorySagaEnv(t2, new MemoryCapi());
    second.env.timing.chainSeconds = 0;
    expect(await runSagaMessage(second.env, sagaMessage(withMachine, "provision-machines"))).toBe("completed");
    expect(t2.cluster?.step).toBe("wait-registration");
    expect(t2.events.filter((e) => e.type === "ckp.cluster.step-completed")).toHaveLength(1);
  });

  it("a message given up on fails the step its chain had reached", async () => {
    const { c, table, env } = setup(10);
    const m = sagaMessage(c, "wait-control-plane", 4);
    await runSagaMessage(env, m);
    await giveUp(env, m, new Error("the management cluster refused the HelmChartProxy"));
    const failed = table.cluster as Cluster;
    expect(failed.phase).toBe("Failed");
    expect(failed.steps.find((r) => r.name === "install-cni")?.state).toBe("failed");
    expect(failed.conditions.find((x) => x.type === "CniInstalled")).toMatchObject({ reason: "RetriesExhausted" });
  });
});
