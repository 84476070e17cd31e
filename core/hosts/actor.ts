import type { Actor } from "../../events/envelope.js";

/**
 * A host as an event actor, in every path it acts through (registration,
 * mTLS requests, the WebSocket): named by its machine id, which it has from
 * its first registration on, before any host id exists. So `actor=host:
 * machine:<machineId>` in the audit trail finds everything a machine did.
 */
export function hostActor(machineId: string): Actor {
  return { kind: "host", id: hostActorId(machineId) };
}

export function hostActorId(machineId: string): string {
  return `machine:${machineId}`;
}
