import { describe, expect, it } from "vitest";
import { desiredAddons } from "../../core/addons/desired.js";
import { pendingOnManagementCluster } from "../../core/addons/health.js";
import { CAAPH_API_VERSION, HCP_NAME_LABEL } from "../../core/addons/render.js";
import type { Cluster } from "../../core/clusters/model.js";
import { runSagaMessage, type SagaRun, sagaMessage as sagaRunOf } from "../../core/clusters/saga.js";
import { SYNCED_STEPS } from "../../core/clusters/status-sync.js";
import type { Envelope } from "../../events/envelope.js";
import {
  atStep,
  cniRelease,
  MemoryCapi,
  MemoryClusterTable,
  memorySagaEnv,
  sagaMessage,
  workloadWithPods,
} from "../doubles/memory-saga-env.js";

/**
 * wait-addons waits first on what the management cluster shows (the Helm
 * add-on provider's releases, CAPI's resource sets), which the status sync
 * watches and nudges it for, then on the workload cluster's pods, which the
 * sync does not watch. Its timer is the slow fallback only while the first
 * is pending; a nudge that finds only the workload cluster pending starts a
 * quick chain of its own.
 */
const FALLBACK = 240;

function setup(o: { deployed: boolean; podsReady: boolean }) {
  // the default cluster enables the CNI (Cilium) only
  const c = atStep("create", "wait-addons");
  const table = new MemoryClusterTable(c);
  const capi = new MemoryCapi();
  void capi.apply("mc_1", [cniRelease(c, o.deployed)]);
  const workload = workloadWithPods(o.podsReady);
  const { env, scheduled } = memorySagaEnv(table, capi, { workload });
  env.timing.syncedSteps = SYNCED_STEPS;
  env.timing.syncedFallbackSeconds = FALLBACK;
  return { c, env, scheduled, capi };
}

const nudgeOf = (c: Cluster, id = "ndg_1"): Envelope<SagaRun> => {
  const e = sagaMessage(c, "wait-addons");
  return { ...e, id, data: { ...e.data, nudge: true } };
};
const withData = (m: Envelope<SagaRun>, data: Partial<SagaRun>) => ({ ...m, data: { ...m.data, ...data } });

describe("wait-addons under the status sync", () => {
  it("while a release is not yet deployed, the step's own timer is only the slow fallback (the operation's, test/unit/saga-fallback-timer.test.ts)", async () => {
    const { c, env, scheduled } = setup({ deployed: false, podsReady: false });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-addons"))).toBe("waiting");
    expect(scheduled.map((s) => [s.delaySeconds, s.e.data])).toEqual([
      [FALLBACK, { clusterId: c.id, generation: c.generation, step: "wait-addons", poll: 1, slow: true, follows: true }],
    ]);
  });

  it("the fallback timer stays the fallback when it finds only the pods pending: the sync's nudge started the quick chain", async () => {
    const { c, env, scheduled } = setup({ deployed: true, podsReady: false });
    expect(await runSagaMessage(env, withData(sagaMessage(c, "wait-addons", 1), { slow: true }))).toBe("waiting");
    expect(scheduled.map((s) => [s.delaySeconds, s.e.data])).toEqual([
      [FALLBACK, { clusterId: c.id, generation: c.generation, step: "wait-addons", poll: 2, slow: true }],
    ]);
  });

  it("once the releases are deployed and only the workload cluster's pods are pending, it polls on its own quick timer", async () => {
    const { c, env, scheduled } = setup({ deployed: true, podsReady: false });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-addons", 1))).toBe("waiting");
    expect(scheduled.map((s) => s.delaySeconds)).toEqual([env.timing.firstPollSeconds * 2]);
  });

  it("a nudge that finds a release still pending schedules nothing: the sync will nudge again", async () => {
    const { c, env, scheduled } = setup({ deployed: false, podsReady: false });
    expect(await runSagaMessage(env, nudgeOf(c))).toBe("waiting");
    expect(scheduled).toEqual([]);
  });

  it("a nudge that finds only the pods pending starts a quick chain of its own, the same for the same nudge delivered twice", async () => {
    const { c, env, scheduled } = setup({ deployed: true, podsReady: false });
    expect(await runSagaMessage(env, nudgeOf(c))).toBe("waiting");
    expect(await runSagaMessage(env, nudgeOf(c))).toBe("waiting");
    expect(scheduled).toHaveLength(2);
    const [first, again] = scheduled;
    expect(first?.delaySeconds).toBe(env.timing.firstPollSeconds);
    const quickChain = (first?.e.data as SagaRun | undefined)?.quickChain;
    expect(quickChain).toMatch(/^[0-9a-f]{12}$/);
    expect(first?.e.data).toEqual({ clusterId: c.id, generation: c.generation, step: "wait-addons", poll: 1, quickChain });
    expect(first?.e.id).toBe(`tmr_${c.id}_${c.generation}_wait-addons_${quickChain}_1`);
    // a redelivered nudge makes the same timer (deduplicated by id); another nudge another chain
    expect(again?.e.id).toBe(first?.e.id);
    await runSagaMessage(env, nudgeOf(c, "ndg_2"));
    expect(scheduled[2]?.e.id).not.toBe(first?.e.id);
  });

  it("the nudge's chain goes on doubling while only the pods are pending, and ends once the sync watches what the step waits on", async () => {
    const quick = setup({ deployed: true, podsReady: false });
    const timer = withData(sagaMessage(quick.c, "wait-addons", 2), { quickChain: "abc123abc123" });
    expect(await runSagaMessage(quick.env, timer)).toBe("waiting");
    expect(quick.scheduled.map((s) => [s.delaySeconds, s.e.id])).toEqual([
      [quick.env.timing.firstPollSeconds * 4, `tmr_${quick.c.id}_${quick.c.generation}_wait-addons_abc123abc123_3`],
    ]);
    const slow = setup({ deployed: false, podsReady: false });
    expect(await runSagaMessage(slow.env, withData(sagaMessage(slow.c, "wait-addons", 2), { quickChain: "abc123abc123" }))).toBe("waiting");
    expect(slow.scheduled).toEqual([]);
  });

  it("an operation's request event, whose data has fields of its own (a scale's `from`), is no quick chain's timer", () => {
    const c = atStep("create", "wait-addons");
    for (const from of [1, "v1.30.6"]) {
      const e = { ...sagaMessage(c, "wait-addons"), data: { clusterId: c.id, generation: 2, from, to: 3 } };
      expect(sagaRunOf(e as Envelope).data.quickChain).toBeUndefined();
    }
  });

  it("Ready once the pods are: the step is done on the nudge", async () => {
    const { c, env, scheduled } = setup({ deployed: true, podsReady: true });
    expect(await runSagaMessage(env, nudgeOf(c))).toBe("finished");
    expect(scheduled).toEqual([]);
  });
});

describe("what of the addons the management cluster shows", () => {
  const c = atStep("create", "wait-addons");
  const desired = desiredAddons(c);
  const release = (status: Record<string, unknown>, version = desired[0]?.version?.chartVersion) => ({
    apiVersion: CAAPH_API_VERSION,
    kind: "HelmReleaseProxy",
    metadata: { name: "r", namespace: "ns", generation: 1, labels: { [HCP_NAME_LABEL]: "cilium" } },
    spec: { version },
    status,
  });
  it("pending while a release is missing, not deployed, at another version, or its chart proxy not yet acted on", () => {
    const none = { releases: [], charts: [], sets: [] };
    expect(pendingOnManagementCluster(desired, none)).toBe(true);
    expect(pendingOnManagementCluster(desired, { ...none, releases: [release({ observedGeneration: 1 })] })).toBe(true);
    expect(
      pendingOnManagementCluster(desired, { ...none, releases: [release({ status: "deployed", observedGeneration: 1 }, "0.0.1")] }),
    ).toBe(true);
    const deployed = [release({ status: "deployed", observedGeneration: 1 })];
    expect(pendingOnManagementCluster(desired, { ...none, releases: deployed })).toBe(false);
    const chart = { apiVersion: CAAPH_API_VERSION, kind: "HelmChartProxy", metadata: { name: "cilium", namespace: "ns", generation: 2 } };
    expect(
      pendingOnManagementCluster(desired, { ...none, releases: deployed, charts: [{ ...chart, status: { observedGeneration: 1 } }] }),
    ).toBe(true);
    expect(
      pendingOnManagementCluster(desired, { ...none, releases: deployed, charts: [{ ...chart, status: { observedGeneration: 2 } }] }),
    ).toBe(false);
  });
});
