import { describe, expect, it } from "vitest";
import { Coalesced } from "../doubles/coalesced.js";

describe("Coalesced (the doubles' passes asked for at once)", () => {
  it("runs one pass at a time; calls made during a pass share the one pass after it, which starts after it ends", async () => {
    const log: string[] = [];
    let n = 0;
    let release: (() => void) | undefined;
    const c = new Coalesced(async () => {
      const k = ++n;
      log.push(`start ${k}`);
      await new Promise<void>((r) => {
        release = r;
      });
      log.push(`end ${k}`);
    });
    const first = c.run();
    const second = c.run();
    const third = c.run();
    expect(second).toBe(third);
    release?.();
    await first;
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(["start 1", "end 1", "start 2"]);
    release?.();
    await second;
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2"]);
    // nothing under way: a call starts a pass of its own
    const fourth = c.run();
    release?.();
    await fourth;
    expect(n).toBe(3);
  });
});
