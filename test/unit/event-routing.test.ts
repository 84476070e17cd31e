import { describe, expect, it } from "vitest";
import { routes } from "../../events/routing.js";

/** An event routed to a queue its worker does not handle would be received, acknowledged and dropped. */
describe("event routing", () => {
  it("routes every event only to queues whose worker handles it", async () => {
    const workers = {
      byohosts: (await import("../../functions/workers/byohosts.js")).handler,
      lifecycle: (await import("../../functions/workers/lifecycle.js")).handler,
      machines: (await import("../../functions/workers/machines.js")).handler,
      provisioning: (await import("../../functions/workers/provisioning.js")).handler,
    };
    const unhandled: string[] = [];
    for (const [type, queues] of Object.entries(routes))
      for (const q of queues ?? []) {
        const w = workers[q as keyof typeof workers];
        if (!w?.handles.includes(type)) unhandled.push(`${type} → ${q}`);
      }
    expect(unhandled).toEqual([]);
    expect(workers.lifecycle.handles).toContain("ckp.cluster.autoscale-requested");
  });
});
