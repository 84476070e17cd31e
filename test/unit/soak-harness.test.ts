import { describe, expect, it } from "vitest";
import type { SoakClient } from "../../bench/soak/client.js";
import { ALL_FAULTS, FaultInjector } from "../../bench/soak/faults.js";
import { Prng } from "../../bench/soak/prng.js";
import type { SoakSystem } from "../../bench/soak/system.js";
import { ENGINE_LOSS_WINDOW_MS, Workload } from "../../bench/soak/workload.js";

/** The soak harness's own bookkeeping (bench/soak, docs/soak.md): what it draws, and what it counts as the emulator's loss. */
describe("the soak harness", () => {
  it("deals the fault kinds like a shuffled deck: each kind once before any again, the same order for the same seed", () => {
    const draw = (seed: number) => {
      const f = new FaultInjector({} as SoakSystem, undefined, new Prng(seed), ALL_FAULTS, () => {});
      return Array.from({ length: ALL_FAULTS.length * 3 }, () => f.nextKind());
    };
    const kinds = draw(7);
    for (let round = 0; round < 3; round++)
      expect(new Set(kinds.slice(round * ALL_FAULTS.length, (round + 1) * ALL_FAULTS.length))).toEqual(new Set(ALL_FAULTS));
    expect(draw(7)).toEqual(kinds);
    expect(draw(8)).not.toEqual(kinds);
  });

  it("counts a write not found as lost with DynamoDB Local only when its kill -9 came right after the acknowledgement", () => {
    const w = new Workload({} as SoakClient, new Prng(1), { clusters: undefined, maxLiveClusters: 0 }, () => {});
    const kills = [10_000];
    w.dynamoKilledAt = () => kills;
    const justBefore = { ackedAt: 10_000 - 20 };
    expect(w.lostWithEmulator(justBefore, "host request a")).toBe(true);
    expect(justBefore).toMatchObject({ uncertain: true });
    // acknowledged long before the kill, or after it: the emulator had it on disk, so a loss is the control plane's
    expect(w.lostWithEmulator({ ackedAt: 10_000 - ENGINE_LOSS_WINDOW_MS - 1 }, "host request b")).toBe(false);
    expect(w.lostWithEmulator({ ackedAt: 10_001 }, "host request c")).toBe(false);
    expect(w.lostWithEmulator({}, "host request d")).toBe(false);
    expect(w.lostWithEngine).toEqual(["host request a"]);
  });
});
