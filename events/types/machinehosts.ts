import { z } from "zod";

/**
 * Provisions of machine hosts (core/machinehosts): machines asked of a
 * provider cluster for a host group, without a cluster. Each event carries
 * the provision as stored after the change (`provision`).
 */
const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string(),
  message: z.string(),
  lastTransitionTime: z.string(),
});
const machine = z.object({ name: z.string(), machineId: z.string(), serverId: z.string().optional() });

export const hostProvisionState = z.looseObject({
  id: z.string(),
  domain: z.string(),
  project: z.string(),
  group: z.string(),
  providerCluster: z.object({ name: z.string(), project: z.string().optional(), type: z.string() }),
  count: z.number().int().positive(),
  os: z.string(),
  arch: z.string(),
  requestId: z.string().optional(),
  machines: z.array(machine),
  status: z.string(),
  conditions: z.array(condition),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});

export const hostProvisionRequested = z.object({
  provisionId: z.string(),
  group: z.string(),
  providerCluster: z.string(),
  count: z.number().int().positive(),
  provision: hostProvisionState,
});
export const hostProvisionMachinesCreated = z.object({
  provisionId: z.string(),
  group: z.string(),
  provider: z.string(),
  machines: z.array(machine),
  provision: hostProvisionState,
});
export const hostProvisionFailed = z.object({
  provisionId: z.string(),
  group: z.string(),
  reason: z.string(),
  message: z.string(),
  provision: hostProvisionState,
});
export const hostProvisionMachineReleased = z.object({
  provisionId: z.string(),
  machineId: z.string(),
  serverId: z.string().optional(),
});
