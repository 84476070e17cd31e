import { z } from "zod";

/**
 * Karpenter node pools of a cluster (docs/autoscaling.md): each create,
 * change and delete, for the audit trail and for the machines worker, which
 * brings the workload cluster in step (core/autoscaling/node-pool-sync.ts).
 */
const pool = { clusterId: z.string(), cluster: z.string(), name: z.string() };
const limits = z.object({ cpu: z.string(), memory: z.string().optional() });
export const nodePoolCreated = z.object({ ...pool, version: z.number().int(), limits });
export const nodePoolUpdated = z.object({
  ...pool,
  version: z.number().int(),
  limits,
  /** the fields the change gave (requirements, labels, taints, limits, disruption, weight) */
  changed: z.array(z.string()),
});
export const nodePoolDeleted = z.object(pool);
