import { describe, expect, it } from "vitest";
import { ObjectWorkers } from "../doubles/workers.js";

/** A gate a test opens when it chooses. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

describe("ObjectWorkers (the doubles' work queue)", () => {
  it("runs each object's reconcile on its own: a slow one holds back only itself, and is not started twice", async () => {
    const errors: string[] = [];
    const w = new ObjectWorkers((k, e) => errors.push(`${k}: ${(e as Error).message}`), 2);
    const slow = gate();
    const ran: string[] = [];
    w.start("a", async () => {
      ran.push("a");
      await slow.wait;
    });
    w.start("a", async () => {
      ran.push("a again");
    });
    w.start("b", async () => {
      ran.push("b");
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(["a", "b"]);
    expect(w.busy("a")).toBe(true);
    expect(w.busy("b")).toBe(false);
    slow.open();
    await w.idle();
    expect(w.busy("a")).toBe(false);
    // once it ended, the key can start again
    w.start("a", async () => {
      throw new Error("refused");
    });
    await w.idle();
    expect(ran).toEqual(["a", "b"]);
    expect(errors).toEqual(["a: refused"]);
  });

  it("runs at most `workers` at once; the rest wait for a free one", async () => {
    const w = new ObjectWorkers(() => {}, 2);
    let running = 0;
    let most = 0;
    for (const k of ["a", "b", "c", "d", "e"])
      w.start(k, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    await w.idle();
    expect(most).toBe(2);
    expect(running).toBe(0);
  });
});
