import { z } from "zod";

const labels = z.record(z.string(), z.string());

export const managementClusterRegistered = z.object({
  id: z.string(),
  name: z.string(),
  connectivity: z.enum(["direct", "remote"]),
  server: z.string().optional(),
  labels,
});
export const managementClusterUpdated = z.object({
  id: z.string(),
  name: z.string(),
  labels,
  schedulable: z.boolean(),
  maxClusters: z.number().int().optional(),
  /** new credentials were stored (never the credentials themselves) */
  credentialsRotated: z.boolean(),
});
export const managementClusterDeleted = z.object({ id: z.string(), name: z.string() });
export const clusterPlaced = z.object({ id: z.string(), domain: z.string(), project: z.string(), clusterId: z.string() });
export const clusterReleased = clusterPlaced;
