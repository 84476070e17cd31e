import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import { messageVerdict, runSagaMessage, type SagaRun } from "../../core/clusters/saga.js";
import { atStep, MemoryCapi, MemoryClusterTable, memorySagaEnv, sagaMessage } from "../doubles/memory-saga-env.js";

/**
 * A waiting step's timers form a chain; the scheduled resume
 * (core/clusters/saga-resume.ts) starts a new one by writing its token on the
 * cluster. A timer of another chain schedules no successor, so a resume of a
 * chain that was only slow does not double it.
 */
function setup(o: Partial<Cluster> = {}) {
  const c = atStep("create", "wait-control-plane", o);
  const table = new MemoryClusterTable(c);
  const capi = new MemoryCapi();
  capi.report(c, "KamajiControlPlane", { ready: false, initialized: false });
  capi.report(c, "Cluster", { phase: "Provisioning" });
  return { c, ...memorySagaEnv(table, capi) };
}

const withData = (m: ReturnType<typeof sagaMessage>, data: Partial<SagaRun>) => ({ ...m, data: { ...m.data, ...data } });

describe("a waiting step's timer chain", () => {
  it("before any resume, a timer schedules its successor without a chain, as before", async () => {
    const { c, env, scheduled } = setup();
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 3))).toBe("waiting");
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.e.data).toEqual({ clusterId: c.id, generation: c.generation, step: "wait-control-plane", poll: 4 });
    expect(scheduled[0]?.e.id).toBe(`tmr_${c.id}_${c.generation}_wait-control-plane_4`);
  });

  it("the resume's chain goes on, its token in the data and the id", async () => {
    const { c, env, scheduled } = setup({ sagaChain: "rabc" });
    expect(await runSagaMessage(env, withData(sagaMessage(c, "wait-control-plane", 1), { chain: "rabc" }))).toBe("waiting");
    expect(scheduled.map((s) => s.e.data)).toEqual([
      { clusterId: c.id, generation: c.generation, step: "wait-control-plane", poll: 2, chain: "rabc" },
    ]);
    expect(scheduled[0]?.e.id).toBe(`tmr_${c.id}_${c.generation}_wait-control-plane_rabc_2`);
  });

  it("a timer of the chain the resume replaced runs the step but schedules nothing", async () => {
    const { c, env, scheduled } = setup({ sagaChain: "rnew" });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 7))).toBe("waiting");
    expect(await runSagaMessage(env, withData(sagaMessage(c, "wait-control-plane", 2), { chain: "rold" }))).toBe("waiting");
    expect(scheduled).toEqual([]);
  });

  it("a step the status sync nudges keeps only a slow fallback timer: every syncedFallbackSeconds from the first", async () => {
    const { c, env, scheduled } = setup();
    env.timing.syncedSteps = new Set(["wait-control-plane"]);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");
    expect(scheduled.map((s) => s.delaySeconds)).toEqual([env.timing.maxPollSeconds]);
    env.timing.syncedFallbackSeconds = 240;
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 1))).toBe("waiting");
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 2))).toBe("waiting");
    expect(scheduled.map((s) => s.delaySeconds)).toEqual([env.timing.maxPollSeconds, 240, 240]);
    // without the sync the first re-check comes after firstPollSeconds
    const other = setup();
    expect(await runSagaMessage(other.env, sagaMessage(other.c, "wait-control-plane"))).toBe("waiting");
    expect(other.scheduled.map((s) => s.delaySeconds)).toEqual([other.env.timing.firstPollSeconds]);
  });

  it("the message that starts a step (no poll) starts its chain with the cluster's token", async () => {
    const { c, env, scheduled } = setup({ sagaChain: "rabc" });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");
    expect(scheduled.map((s) => s.e.data)).toEqual([
      { clusterId: c.id, generation: c.generation, step: "wait-control-plane", poll: 1, chain: "rabc" },
    ]);
  });
});

/**
 * What the lifecycle worker looks at before a timer's dedupe record
 * (functions/workers/lifecycle.ts, beforeDedupe): a timer whose step moved
 * on ends on that read, with no record; one with something to do runs on
 * the item it read.
 */
describe("a lifecycle message's verdict on the cluster as read", () => {
  it("gone, stale (another generation, a failed operation, another step, a step no longer running), or run", () => {
    const c = atStep("create", "wait-workers");
    const timer = sagaMessage(c, "wait-workers", 2);
    expect(messageVerdict(c, timer)).toBeUndefined();
    expect(messageVerdict(undefined, timer)).toBe("gone");
    expect(messageVerdict({ ...c, generation: c.generation + 1 }, timer)).toBe("stale");
    expect(messageVerdict({ ...c, phase: "Failed" }, timer)).toBe("stale");
    // the status sync nudged the cluster on to wait-addons: the fallback timer of wait-workers has nothing to do
    const moved = atStep("create", "wait-addons", { id: c.id, generation: c.generation });
    expect(messageVerdict(moved, timer)).toBe("stale");
    // unless this very message started the inline chain that took the cluster there (it is delivered again)
    expect(messageVerdict({ ...moved, chainedFrom: timer.id }, timer)).toBeUndefined();
    // the operation ended at this step: its record is no longer running
    const ended = { ...c, steps: c.steps.map((r) => (r.name === "wait-workers" ? { ...r, state: "succeeded" as const } : r)) };
    expect(messageVerdict(ended, timer)).toBe("stale");
  });

  it("a timer runs on the item handed to it, without reading it again", async () => {
    const c = atStep("create", "wait-control-plane");
    const table = new MemoryClusterTable(c);
    const capi = new MemoryCapi();
    capi.report(c, "KamajiControlPlane", { ready: false, initialized: false });
    capi.report(c, "Cluster", { phase: "Provisioning" });
    const { env } = memorySagaEnv(table, capi);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 2), table.cluster)).toBe("waiting");
    expect(table.gets).toBe(0);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane", 3))).toBe("waiting");
    expect(table.gets).toBe(1);
  });
});
