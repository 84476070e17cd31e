import type { QueueName } from "../infra/resources.js";
import type { EventType } from "./registry.js";

/**
 * Which queues receive which events. Events not listed are archived and kept
 * in the audit trail but drive no worker.
 */
export const routes: Partial<Record<EventType, QueueName[]>> = {
  "ckp.hostrequest.approved": ["provisioning"],
  "ckp.cluster.created": ["lifecycle"],
  "ckp.cluster.step-completed": ["lifecycle"],
  "ckp.cluster.scale-requested": ["lifecycle"],
  "ckp.cluster.upgrade-requested": ["lifecycle"],
  "ckp.cluster.delete-requested": ["lifecycle"],
};

export function queuesFor(type: string): QueueName[] {
  return routes[type as EventType] ?? [];
}
