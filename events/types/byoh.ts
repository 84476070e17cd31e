import { z } from "zod";

/**
 * The host provisioner's reconcilers (product §11): the machine reconciler's
 * findings about a cluster, and the messages that drive both reconcilers
 * without a state change of their own (sent straight to their queues, not
 * through the outbox).
 */
const findings = {
  clusterId: z.string(),
  reason: z.string(),
  message: z.string(),
  desiredWorkers: z.number().int(),
  machines: z.number().int(),
  missingMachines: z.number().int(),
  extraMachines: z.array(z.string()),
  unhealthyMachines: z.array(z.string()),
  missingByoHosts: z.array(z.string()),
  unexpectedByoHosts: z.array(z.string()),
  unclaimedHosts: z.array(z.string()),
};
/** The cluster's machines no longer match what the control plane wants (or drift changed). */
export const clusterDriftDetected = z.object(findings);
/** The cluster's machines match again. */
export const clusterDriftCleared = z.object({ clusterId: z.string(), message: z.string() });
/** A timer: compare one cluster's desired and actual machines now (the scheduled machine reconciler). */
export const clusterMachinesCheckDue = z.object({ clusterId: z.string() });
/** A continuation: reconcile the ByoHosts of a large host group's next page of members. */
export const hostGroupByoHostsSyncDue = z.object({ group: z.string(), cursor: z.record(z.string(), z.unknown()).optional() });
