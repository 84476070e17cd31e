import { z } from "zod";

/** A node pool as the API answers it (core/autoscaling/node-pool-model.ts), with what Karpenter reports of it. */
const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

const nodeClaim = z
  .object({
    name: z.string(),
    phase: z
      .string()
      .describe(
        "how far Karpenter got: Pending, Launched (the machine exists), Registered (its node joined), Initialized (ready for pods); LaunchFailed; Terminating",
      ),
    providerID: z.string().optional(),
    nodeName: z.string().optional(),
    instanceType: z.string().optional().describe("the flavour launched (node.kubernetes.io/instance-type)"),
    createdAt: z.string().optional(),
  })
  .meta({ id: "NodeClaim" });

export const nodePoolSchema = z
  .object({
    name: z.string(),
    clusterId: z.string(),
    requirements: z.object({
      architectures: z.array(z.enum(["amd64", "arm64"])).optional(),
      flavors: z.array(z.string()).optional(),
      zones: z.array(z.string()).optional(),
    }),
    labels: z.record(z.string(), z.string()),
    taints: z.array(
      z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]) }),
    ),
    limits: z.object({ cpu: z.string(), memory: z.string().optional() }),
    disruption: z.object({
      consolidationPolicy: z.enum(["WhenEmpty", "WhenEmptyOrUnderutilized"]),
      consolidateAfter: z.string(),
    }),
    weight: z.number().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    status: z
      .object({
        state: z
          .enum(["Pending", "Ready", "NotReady", "Rejected", "Unknown"])
          .describe(
            "Pending: kept, not (yet) in the cluster or Karpenter not installed there yet; Ready / NotReady: Karpenter's NodePool condition; Rejected: the cluster's apiserver refused this version (message); Unknown: the cluster cannot be read now (message)",
          ),
        message: z.string().optional(),
        appliedVersion: z.number().optional().describe("the pool's version the cluster last took"),
        conditions: z.array(condition).optional().describe("the NodePool's conditions, as Karpenter reports them"),
        nodes: z.number().optional().describe("nodes Karpenter launched for the pool"),
        resources: z
          .record(z.string(), z.string())
          .optional()
          .describe("what the pool's nodes have in all (Karpenter's status.resources: cpu, memory, pods, …)"),
        limitReached: z
          .boolean()
          .optional()
          .describe("the nodes use up limits.cpu (or limits.memory): Karpenter launches no more for the pool"),
        nodeClaims: z.array(nodeClaim).optional().describe("the machines Karpenter asked for, for the pool"),
      })
      .describe("read back from the workload cluster on every read"),
  })
  .meta({ id: "NodePool" });
