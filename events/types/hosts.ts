import { z } from "zod";

const facts = z.record(z.string(), z.unknown());

export const hostRequestCreated = z.object({
  requestId: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  facts,
  csr: z.string().optional(),
});
export const hostRequestApproved = z.object({
  requestId: z.string(),
  hostId: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  facts,
  automatic: z.boolean(),
});
export const hostRequestRejected = z.object({ requestId: z.string(), machineId: z.string(), reason: z.string() });

export const hostProvisioned = z.object({ hostId: z.string() });
export const hostProvisioningFailed = z.object({ hostId: z.string(), reason: z.string(), message: z.string() });
export const hostDeleted = z.object({ hostId: z.string(), machineId: z.string(), group: z.string().optional(), forced: z.boolean() });
export const hostLabelsChanged = z.object({ hostId: z.string(), labels: z.record(z.string(), z.string()) });

export const hostGroupCreated = z.object({
  name: z.string(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()),
});
export const hostGroupUpdated = hostGroupCreated;
export const hostGroupDeleted = z.object({ name: z.string(), forced: z.boolean(), releasedHosts: z.number().int() });
export const hostGroupHostAdded = z.object({ group: z.string(), hostId: z.string() });
export const hostGroupHostRemoved = z.object({ group: z.string(), hostId: z.string() });
