import { describe, expect, it } from "vitest";
import type { Cluster } from "../../core/clusters/model.js";
import { giveUp, messageVerdict, runSagaMessage, type SagaRun } from "../../core/clusters/saga.js";
import { SYNCED_STEPS } from "../../core/clusters/status-sync.js";
import type { Envelope } from "../../events/envelope.js";
import { atStep, MemoryCapi, MemoryClusterTable, memorySagaEnv, sagaMessage } from "../doubles/memory-saga-env.js";

/**
 * The operation's fallback timer (core/clusters/saga.ts): the steps the
 * status sync nudges keep a slow timer only as the fallback for a sync that
 * died. One per operation: the first synced step that waits starts it (on
 * the item first), the synced steps after it send none, and each of its
 * ticks checks whichever synced step the operation then waits on and sends
 * the next. A tick of another generation, anchor or resume chain finds
 * nothing to do.
 */
const FALLBACK = 240;

function setup(step: "wait-control-plane" | "wait-workers" | "install-addons", o: Partial<Cluster> = {}, cpReady = false) {
  const c = atStep("create", step, o);
  const table = new MemoryClusterTable(c);
  const capi = new MemoryCapi();
  capi.report(c, "KamajiControlPlane", { ready: cpReady, initialized: cpReady, ...(cpReady ? { version: c.kubernetesVersion } : {}) });
  capi.report(c, "Cluster", cpReady ? { phase: "Provisioned", controlPlaneReady: true } : { phase: "Provisioning" });
  const { env, scheduled } = memorySagaEnv(table, capi);
  env.timing.syncedSteps = SYNCED_STEPS;
  env.timing.syncedFallbackSeconds = FALLBACK;
  return { c, table, env, scheduled };
}

/** A tick of the operation's fallback timer that `anchor` started. */
const tick = (c: Cluster, anchor: string, poll: number, chain?: string): Envelope<SagaRun> => {
  const m = sagaMessage(c, anchor, poll);
  return { ...m, id: `tmr_${anchor}_f${poll}`, data: { ...m.data, slow: true, follows: true, ...(chain ? { chain } : {}) } };
};

const HELD = { generation: 1, step: "wait-control-plane" };

describe("the operation's fallback timer", () => {
  it("the first synced step that waits starts it: written on the item, then sent; a redelivery sends it under the same id", async () => {
    const { c, table, env, scheduled } = setup("wait-control-plane");
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");
    expect(table.cluster?.fallbackTimer).toEqual(HELD);
    expect(scheduled.map((s) => [s.delaySeconds, s.e.data])).toEqual([
      [FALLBACK, { clusterId: c.id, generation: c.generation, step: "wait-control-plane", poll: 1, slow: true, follows: true }],
    ]);
    expect(scheduled[0]?.e.id).toBe(`tmr_${c.id}_${c.generation}_wait-control-plane_f1`);
    expect(await runSagaMessage(env, sagaMessage(c, "wait-control-plane"))).toBe("waiting");
    expect(scheduled.map((s) => s.e.id)).toEqual([scheduled[0]?.e.id, scheduled[0]?.e.id]);
  });

  it("a synced step after it sends none while the item holds it; one of another generation is not held", async () => {
    const held = setup("wait-workers", { fallbackTimer: HELD });
    expect(await runSagaMessage(held.env, sagaMessage(held.c, "wait-workers"))).toBe("waiting");
    expect(held.scheduled).toEqual([]);
    expect(held.table.cluster?.fallbackTimer).toEqual(HELD);
    // the wait itself is recorded as always
    expect(held.table.cluster?.conditions.some((x) => x.status === "False")).toBe(true);

    const old = setup("wait-workers", { fallbackTimer: { generation: 0, step: "wait-control-plane" } });
    expect(await runSagaMessage(old.env, sagaMessage(old.c, "wait-workers"))).toBe("waiting");
    expect(old.scheduled.map((s) => s.e.data)).toEqual([
      { clusterId: old.c.id, generation: old.c.generation, step: "wait-workers", poll: 1, slow: true, follows: true },
    ]);
    expect(old.table.cluster?.fallbackTimer).toEqual({ generation: 1, step: "wait-workers" });
  });

  it("a tick checks the synced step the operation now waits on, and sends the next tick of the same timer", async () => {
    const { c, table, env, scheduled } = setup("wait-workers", { fallbackTimer: HELD });
    const t = tick(c, "wait-control-plane", 1);
    expect(messageVerdict(table.cluster, t)).toBeUndefined();
    expect(await runSagaMessage(env, t)).toBe("waiting");
    expect(scheduled.map((s) => [s.delaySeconds, s.e.data])).toEqual([
      [FALLBACK, { clusterId: c.id, generation: c.generation, step: "wait-control-plane", poll: 2, slow: true, follows: true }],
    ]);
    expect(scheduled[0]?.e.id).toBe(`tmr_${c.id}_${c.generation}_wait-control-plane_f2`);
    // wait-workers was checked: its wait is on the item
    expect(table.commits).toBeGreaterThan(0);
  });

  it("a tick of a timer the item does not hold (another anchor, generation or resume chain) finds nothing to do", async () => {
    for (const o of [
      { fallbackTimer: { generation: 1, step: "wait-workers" } },
      { fallbackTimer: { generation: 0, step: "wait-control-plane" } },
      { fallbackTimer: HELD, sagaChain: "rnew" },
      {},
    ] as Partial<Cluster>[]) {
      const { c, table, env, scheduled } = setup("wait-workers", o);
      const t = tick(c, "wait-control-plane", 3);
      expect(messageVerdict(table.cluster, t)).toBe("stale");
      expect(await runSagaMessage(env, t)).toBe("stale");
      expect(scheduled).toEqual([]);
      expect(table.commits).toBe(0);
    }
    // an old step's own (not the operation's) slow timer is stale as before
    const { c, table } = setup("wait-workers", { fallbackTimer: HELD });
    const own = sagaMessage(c, "wait-control-plane", 3);
    expect(messageVerdict(table.cluster, { ...own, data: { ...own.data, slow: true } })).toBe("stale");
  });

  it("at a step the sync does not nudge, a tick runs nothing and only sends the next tick", async () => {
    const { c, table, env, scheduled } = setup("install-addons", { fallbackTimer: HELD });
    expect(await runSagaMessage(env, tick(c, "wait-control-plane", 2))).toBe("waiting");
    expect(scheduled.map((s) => s.e.id)).toEqual([`tmr_${c.id}_${c.generation}_wait-control-plane_f3`]);
    expect(table.commits).toBe(0);
  });

  it("at a step the sync does not nudge with none after it (a delete's releases), a tick ends the timer", async () => {
    const anchor = { generation: 1, step: "delete-objects" };
    for (const [op, step, goesOn] of [
      ["delete", "release-machines", false],
      ["upgrade", "upgrade-workers", true],
    ] as const) {
      const c = atStep(op, step, { fallbackTimer: anchor });
      const table = new MemoryClusterTable(c);
      const { env, scheduled } = memorySagaEnv(table, new MemoryCapi());
      env.timing.syncedSteps = SYNCED_STEPS;
      env.timing.syncedFallbackSeconds = FALLBACK;
      expect(await runSagaMessage(env, tick(c, "delete-objects", 4))).toBe(goesOn ? "waiting" : "stale");
      expect(scheduled.map((x) => x.e.id)).toEqual(goesOn ? [`tmr_${c.id}_${c.generation}_delete-objects_f5`] : []);
      expect(table.commits).toBe(0);
    }
  });

  it("a tick that completes the step keeps the timer going when the next step goes on by its own message", async () => {
    const { c, table, env, scheduled } = setup("wait-control-plane", { fallbackTimer: HELD }, true);
    expect(await runSagaMessage(env, tick(c, "wait-control-plane", 1))).toBe("completed");
    expect(table.cluster?.step).toBe("install-cni");
    expect(scheduled.map((s) => s.e.id)).toEqual([`tmr_${c.id}_${c.generation}_wait-control-plane_f2`]);
  });

  it("after a scheduled resume, the next synced step that waits starts a timer of the resume's chain", async () => {
    const { c, table, env, scheduled } = setup("wait-workers", { fallbackTimer: HELD, sagaChain: "rabc" });
    expect(await runSagaMessage(env, sagaMessage(c, "wait-workers"))).toBe("waiting");
    expect(table.cluster?.fallbackTimer).toEqual({ generation: 1, step: "wait-workers", chain: "rabc" });
    expect(scheduled.map((s) => [s.e.id, s.e.data])).toEqual([
      [
        `tmr_${c.id}_${c.generation}_wait-workers_rabc_f1`,
        { clusterId: c.id, generation: c.generation, step: "wait-workers", poll: 1, chain: "rabc", slow: true, follows: true },
      ],
    ]);
    // and a tick of it goes on in that chain
    scheduled.length = 0;
    expect(await runSagaMessage(env, tick(table.cluster as Cluster, "wait-workers", 1, "rabc"))).toBe("waiting");
    expect(scheduled.map((s) => s.e.id)).toEqual([`tmr_${c.id}_${c.generation}_wait-workers_rabc_f2`]);
  });

  it("a tick whose deliveries all failed fails the step the operation waits on, as the step's own timer would", async () => {
    const { c, table, env } = setup("wait-workers", { fallbackTimer: HELD });
    await giveUp(env, tick(c, "wait-control-plane", 2), new Error("the management cluster refused"));
    expect(table.cluster?.phase).toBe("Failed");
    expect(table.cluster?.steps.find((r) => r.name === "wait-workers")).toMatchObject({ state: "failed" });
    // one the item does not hold changes nothing
    const other = setup("wait-workers", { fallbackTimer: { generation: 1, step: "wait-workers" } });
    await giveUp(other.env, tick(other.c, "wait-control-plane", 2), new Error("the management cluster refused"));
    expect(other.table.cluster?.phase).toBe("Provisioning");
  });

  it("once the operation is over, a tick is stale and the timer ends", async () => {
    const { c, table, env, scheduled } = setup("wait-workers", { fallbackTimer: HELD });
    table.change({
      phase: "Ready",
      step: "wait-addons",
      steps: c.steps.map((r) => ({ ...r, state: "succeeded" as const })),
    } as Partial<Cluster>);
    expect(await runSagaMessage(env, tick(c, "wait-control-plane", 2))).toBe("stale");
    expect(scheduled).toEqual([]);
  });
});
