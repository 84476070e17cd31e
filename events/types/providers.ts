import { z } from "zod";

export const providerClusterCreated = z.object({
  name: z.string(),
  scope: z.enum(["domain", "project"]),
  type: z.string(),
  credential: z.string(),
  managementClusterId: z.string().optional(),
  placement: z.record(z.string(), z.unknown()).optional(),
});
export const providerClusterUpdated = providerClusterCreated;
export const providerClusterDeleted = z.object({ name: z.string(), scope: z.enum(["domain", "project"]), type: z.string() });

const pcRef = z.object({ name: z.string(), project: z.string().optional() });
export const providerUseRecorded = z.object({ clusterId: z.string(), providerCluster: pcRef });
export const providerUseReleased = providerUseRecorded;
