import type { QueueName } from "../infra/resources.js";
import type { EventType } from "./registry.js";

/**
 * Which queues receive which events. Events not listed are archived and kept
 * in the audit trail but drive no worker.
 */
export const routes: Partial<Record<EventType, QueueName[]>> = {
  "ckp.hostrequest.approved": ["provisioning"],
};

export function queuesFor(type: string): QueueName[] {
  return routes[type as EventType] ?? [];
}
