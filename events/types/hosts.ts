import { z } from "zod";

/**
 * Host model events. From schema version 2 every event that changes a host,
 * host request or host group carries the entity as it is after the change
 * (event-carried state transfer): `request`, `host`, or `group` (the group's
 * definition; its hostCount follows from membership events). Read models
 * are rebuilt from these alone (core/projections). Snapshots are loose:
 * fields added to the model later pass through unchanged.
 */
const facts = z.record(z.string(), z.unknown());
const labels = z.record(z.string(), z.string());

export const hostRequestState = z.looseObject({
  id: z.string(),
  domain: z.string(),
  project: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  facts,
  csr: z.string().optional(),
  status: z.string(),
  reason: z.string().optional(),
  hostId: z.string().optional(),
  createdAt: z.string(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  version: z.number().int().positive(),
});

const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string(),
  message: z.string(),
  lastTransitionTime: z.string(),
});

export const hostState = z.looseObject({
  id: z.string(),
  domain: z.string(),
  project: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  requestId: z.string(),
  facts,
  labels,
  status: z.string(),
  conditions: z.array(condition),
  group: z.string().optional(),
  clusterId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});

/** A group's definition; hostCount is not part of it (membership events move it). */
export const hostGroupDefinition = z.looseObject({
  name: z.string(),
  domain: z.string(),
  project: z.string(),
  description: z.string().optional(),
  labels,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});

export const hostRequestCreatedV1 = z.object({
  requestId: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  facts,
  csr: z.string().optional(),
});
/** `request` is the request as stored: pending, or already approved when the project auto-approves. */
export const hostRequestCreated = hostRequestCreatedV1.extend({
  request: hostRequestState,
  /** the project's approval policy's decision on the machine (absent before the policy) */
  autoApproval: z.object({ mode: z.string(), approve: z.boolean(), why: z.string() }).optional(),
});

export const hostRequestApprovedV1 = z.object({
  requestId: z.string(),
  hostId: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  facts,
  automatic: z.boolean(),
});
export const hostRequestApproved = hostRequestApprovedV1.extend({ request: hostRequestState, host: hostState });

export const hostRequestRejectedV1 = z.object({ requestId: z.string(), machineId: z.string(), reason: z.string() });
export const hostRequestRejected = hostRequestRejectedV1.extend({ request: hostRequestState });

/** The request is gone; `machineFreed`: its machine record went too, so the machine registers afresh. */

export const hostProvisionedV1 = z.object({ hostId: z.string() });
export const hostProvisioned = hostProvisionedV1.extend({ host: hostState });
export const hostProvisioningFailedV1 = z.object({ hostId: z.string(), reason: z.string(), message: z.string() });
export const hostProvisioningFailed = hostProvisioningFailedV1.extend({ host: hostState });
export const hostLabelsChangedV1 = z.object({ hostId: z.string(), labels });
export const hostLabelsChanged = hostLabelsChangedV1.extend({ host: hostState });
/** Removes the host, its machine record and its request; `group` names the group whose hostCount drops. */
export const hostDeleted = z.object({ hostId: z.string(), machineId: z.string(), group: z.string().optional(), forced: z.boolean() });
/**
 * A request goes (deleted through the API), or a machine that never became a
 * host is forgotten (a cluster that created it was deleted): `machineFreed`
 * says whether its machine record went too.
 */
export const hostRequestDeleted = z.object({
  requestId: z.string().optional(),
  machineId: z.string(),
  status: z.string().optional(),
  machineFreed: z.boolean(),
  reason: z.string(),
});

export const hostGroupCreatedV1 = z.object({
  name: z.string(),
  description: z.string().optional(),
  labels,
});
export const hostGroupCreated = hostGroupCreatedV1.extend({ group: hostGroupDefinition });
export const hostGroupUpdatedV1 = hostGroupCreatedV1;
export const hostGroupUpdated = hostGroupCreatedV1.extend({ group: hostGroupDefinition });
export const hostGroupDeleted = z.object({ name: z.string(), forced: z.boolean(), releasedHosts: z.number().int() });
export const hostGroupHostAddedV1 = z.object({ group: z.string(), hostId: z.string() });
export const hostGroupHostAdded = hostGroupHostAddedV1.extend({ host: hostState });
export const hostGroupHostRemovedV1 = z.object({ group: z.string(), hostId: z.string() });
export const hostGroupHostRemoved = hostGroupHostRemovedV1.extend({ host: hostState });
