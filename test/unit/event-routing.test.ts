import { describe, expect, it } from "vitest";
import { queuesFor, routes } from "../../events/routing.js";

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

  it("skips the queues an event says it does not need; an event older than the field is routed as before", () => {
    const ready = { clusterId: "cl_1", generation: 1, operation: "create", kubernetesVersion: "v1.31.2", workers: 3 };
    // the lifecycle worker only starts a template move's next operation
    expect(queuesFor("ckp.cluster.ready", { ...ready, templateMove: false })).toEqual(["machines"]);
    expect(queuesFor("ckp.cluster.ready", { ...ready, templateMove: true })).toEqual(["machines", "lifecycle"]);
    expect(queuesFor("ckp.cluster.ready", ready)).toEqual(["machines", "lifecycle"]);
    // a completion whose next step its worker ran itself drives nothing
    const completed = { clusterId: "cl_1", generation: 1, operation: "create", completed: "apply-objects", outcome: "succeeded" };
    expect(queuesFor("ckp.cluster.step-completed", { ...completed, step: "wait-control-plane", continued: true })).toEqual([]);
    expect(queuesFor("ckp.cluster.step-completed", { ...completed, step: "wait-control-plane" })).toEqual(["lifecycle"]);
    // the operation's last step (no next one) leaves the lifecycle worker nothing to run
    expect(queuesFor("ckp.cluster.step-completed", { ...completed, completed: "wait-addons" })).toEqual([]);
  });
});
