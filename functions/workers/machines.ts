import { type ManagementKube, managementKube } from "../../core/byoh/kube.js";
import { checkClusterMachines } from "../../core/byoh/machine-reconciler.js";
import type { Deps } from "../../core/deps.js";
import type { Envelope } from "../../events/envelope.js";
import { sqsConsumer } from "./consumer.js";

/**
 * The machine reconciler (product §11): one message per cluster to check —
 * from the schedule (functions/scheduled/machine-reconcile.ts) or when a
 * saga operation ends (`ckp.cluster.ready`) — compares its desired and
 * actual machines and records the drift (core/byoh/machine-reconciler.ts).
 */
let kube: ManagementKube | undefined;

const check = (deps: Deps, e: Envelope) => {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  kube ??= managementKube(deps);
  return checkClusterMachines(deps, kube, { domain: e.domain, project: e.project }, (e.data as { clusterId: string }).clusterId, {
    correlationId: e.correlationid,
    causationId: e.id,
  });
};

export const handler = sqsConsumer({
  queue: "machines",
  handlers: {
    "ckp.cluster.machines-check-due": check,
    "ckp.cluster.ready": check,
  },
});
