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

  it("the step-due queue's worker takes the waiting steps' timers and nudges, and no operation's event", async () => {
    const steps = (await import("../../functions/workers/steps.js")).handler;
    const lifecycle = (await import("../../functions/workers/lifecycle.js")).handler;
    expect(steps.handles).toEqual(["ckp.cluster.step-due"]);
    // the relay sends it nothing: what starts an operation stays on the lifecycle queue
    expect(Object.values(routes).some((qs) => (qs ?? []).includes("steps" as never))).toBe(false);
    // a step-due message sent to the lifecycle queue before the step-due queue existed still runs there
    expect(lifecycle.handles).toContain("ckp.cluster.step-due");
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
