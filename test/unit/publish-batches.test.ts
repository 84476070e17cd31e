import { describe, expect, it } from "vitest";
import { SQS_BATCH_ENTRIES, SQS_MAX_BYTES, detachData, messageBytes, planBatches } from "../../events/publish.js";
import { buildEvent } from "../../events/outbox.js";

const KiB = 1024;

describe("relay batches fit SQS's limits", () => {
  it("splits by bytes as well as by count", () => {
    // ten 100 KiB messages: at most two fit one 256 KiB batch
    const batches = planBatches(Array(10).fill(100 * KiB));
    expect(batches).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]);
    for (const b of planBatches([200 * KiB, 50 * KiB, 10 * KiB, 250 * KiB, 1, 1, 1])) {
      expect(b.length).toBeLessThanOrEqual(SQS_BATCH_ENTRIES);
    }
    expect(planBatches([200 * KiB, 50 * KiB, 10 * KiB, 250 * KiB, 1])).toEqual([[0, 1], [2], [3, 4]]);
  });

  it("splits small messages by count, keeps order, and fills batches exactly to the limit", () => {
    const sizes = Array(25).fill(100);
    const batches = planBatches(sizes);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(sizes.map((_, i) => i));
    expect(planBatches([SQS_MAX_BYTES / 2, SQS_MAX_BYTES / 2, 1])).toEqual([[0, 1], [2]]);
    expect(planBatches([])).toEqual([]);
  });

  it("never puts more than the limit in one batch", () => {
    const sizes = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 120) * KiB + 1);
    for (const b of planBatches(sizes)) {
      expect(b.reduce((n, i) => n + (sizes[i] as number), 0)).toBeLessThanOrEqual(SQS_MAX_BYTES);
    }
  });

  it("refuses a message that is larger than a batch may be", () => {
    expect(() => planBatches([1, SQS_MAX_BYTES + 1])).toThrow(/message 1/);
  });

  it("counts attributes and multi-byte characters", () => {
    expect(messageBytes("é")).toBe(2);
    expect(messageBytes("ab", { type: { DataType: "String", StringValue: "x" } })).toBe(2 + 4 + 6 + 1);
  });

  it("a detached event keeps everything but its data", () => {
    const e = buildEvent("ckp.psk.rotated", "projects/p/host-psk", { version: 2 }, { domain: "a", project: "p" }, { actor: { kind: "token", id: "t" }, correlationId: "c" }, new Date());
    const d = detachData(e);
    expect(d).toEqual({ ...e, data: {}, datadetached: true });
  });
});
