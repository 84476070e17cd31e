import { monotonicFactory } from "ulid";
import { describe, expect, it } from "vitest";
import { keyBetween, spreadFraction } from "../../core/clusters/host-window.js";

describe("where a cluster starts reading a group's free hosts", () => {
  it("lies between the index's first and last key, in order of the fraction", () => {
    const first = "host_01jd000000aaaaaaaaaaaaaaaa";
    const last = "host_01jdzz0000zzzzzzzzzzzzzzzz";
    const keys = [0, 0.1, 0.25, 0.5, 0.75, 0.99].map((f) => keyBetween(first, last, f));
    expect([...keys].sort()).toEqual(keys);
    for (const k of keys) {
      expect(k >= first.slice(0, 6)).toBe(true);
      expect(k <= last).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
    // at 0 it starts at (or before) the first member, so a read from there misses none
    expect(keyBetween(first, last, 0) <= first).toBe(true);
  });

  it("spreads ids as hosts get them: 200 registered over 10 s, 50 clusters' starts over the whole index", () => {
    // newId's ids (core/shared/ids.ts): a monotonic ULID, its first ten characters the time of the registration
    const next = monotonicFactory();
    let at = Date.parse("2026-12-01T10:00:00Z");
    const ids = Array.from({ length: 200 }, () => {
      at += Math.floor(Math.random() * 100);
      return `host_${next(at).toLowerCase()}`;
    }).sort();
    const first = ids[0] as string;
    const last = ids.at(-1) as string;
    // where each of 50 clusters starts: the index of the first member at or after its key
    const starts = Array.from({ length: 50 }, (_, i) => {
      const key = keyBetween(first, last, spreadFraction(`c${i}`));
      return ids.findIndex((id) => id >= key);
    });
    expect(new Set(starts).size).toBeGreaterThan(20);
    // not all in one end of the index
    expect(starts.filter((s) => s < 100).length).toBeGreaterThan(5);
    expect(starts.filter((s) => s >= 100).length).toBeGreaterThan(5);
  });

  it("is the same at every read for the same cluster, and a single member is its own range", () => {
    expect(spreadFraction("edge-1")).toBe(spreadFraction("edge-1"));
    expect(spreadFraction("edge-1")).not.toBe(spreadFraction("edge-2"));
    expect(keyBetween("host_a", "host_a", 0.7)).toBe("host_a");
  });
});
