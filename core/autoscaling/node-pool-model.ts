import { z } from "zod";
import { dnsLabel, LABEL_KEY, LABEL_VALUE, labelKey, labels } from "../shared/names.js";

/**
 * Karpenter node pools of a cluster (docs/autoscaling.md): what kind of
 * machines Karpenter may add to the cluster (architecture, instance flavour,
 * zone), how they are labelled and tainted, how much CPU and memory it may
 * add in all, and when it may take them away again. The control plane keeps
 * the pool (tenant-isolated, versioned, audited) and renders it into the
 * workload cluster as Karpenter's `NodePool` and the Cluster API provider's
 * `ClusterAPINodeClass` (core/autoscaling/node-pool-render.ts); what
 * Karpenter did with it is read back from there on every read.
 *
 * Every rule one field can state is stated here (so the OpenAPI document
 * shows it); rules across fields or about label domains are checked by the
 * command (core/autoscaling/node-pools.ts) and answer 422.
 */

/**
 * A Kubernetes quantity as limits take it: a non-negative decimal with an
 * optional SI (m, k, M, G, T, P, E) or binary (Ki … Ei) suffix — `16`,
 * `8000m`, `0.5`, `64Gi`. Exponents and the tiny suffixes (n, u), which
 * Kubernetes also reads, are not needed for a limit and are refused.
 */
export const LIMIT_QUANTITY = /^[0-9]{1,9}(\.[0-9]{1,3})?([KMGTPE]i|[mkMGTPE])?$/;
/** How long Karpenter waits before consolidating: Go-style durations (`30s`, `5m`, `1h30m`) or `Never`. */
export const CONSOLIDATE_AFTER = /^(([0-9]{1,6}(h|m|s)){1,3}|Never)$/;

export const ARCHITECTURES = ["amd64", "arm64"] as const;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
export const CONSOLIDATION_POLICIES = ["WhenEmpty", "WhenEmptyOrUnderutilized"] as const;
export const DISRUPTION_DEFAULTS = { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m" } as const;

/** A value of a requirement (an instance flavour, a zone): a non-empty Kubernetes label value. */
const requirementValue = z.string().min(1).max(63).regex(LABEL_VALUE, "must be a Kubernetes label value");

export const nodePoolRequirements = z
  .strictObject({
    architectures: z
      .array(z.enum(ARCHITECTURES))
      .min(1)
      .max(2)
      .optional()
      .describe("CPU architectures Karpenter may launch (kubernetes.io/arch); left out, any the flavours offer"),
    flavors: z
      .array(requirementValue)
      .min(1)
      .max(100)
      .optional()
      .describe("instance flavours Karpenter may launch (node.kubernetes.io/instance-type); left out, any"),
    zones: z
      .array(requirementValue)
      .min(1)
      .max(100)
      .optional()
      .describe("availability zones Karpenter may launch into (topology.kubernetes.io/zone); left out, any"),
  })
  .describe("what kind of machines Karpenter may add; every field left out allows any");
export type NodePoolRequirements = z.infer<typeof nodePoolRequirements>;

export const nodePoolTaint = z.strictObject({
  key: labelKey,
  value: z.string().min(1).max(63).regex(LABEL_VALUE, "must be a Kubernetes label value").optional(),
  effect: z.enum(TAINT_EFFECTS),
});
export type NodePoolTaint = z.infer<typeof nodePoolTaint>;

const quantity = z.string().max(16).regex(LIMIT_QUANTITY, "a Kubernetes quantity, e.g. 16, 8000m, 0.5 or 64Gi");

export const nodePoolLimits = z
  .strictObject({
    cpu: quantity.describe("the most CPU all the pool's nodes may have together (limits.cpu), e.g. 16 or 8000m"),
    memory: quantity.optional().describe("the most memory all the pool's nodes may have together (limits.memory), e.g. 64Gi"),
  })
  .describe("Karpenter launches no node that would take the pool's nodes over a limit");
export type NodePoolLimits = z.infer<typeof nodePoolLimits>;

export const nodePoolDisruption = z
  .strictObject({
    consolidationPolicy: z
      .enum(CONSOLIDATION_POLICIES)
      .default(DISRUPTION_DEFAULTS.consolidationPolicy)
      .describe("which nodes Karpenter may remove: only empty ones, or also underutilised ones whose pods fit elsewhere"),
    consolidateAfter: z
      .string()
      .max(24)
      .regex(CONSOLIDATE_AFTER, "a duration such as 30s, 5m or 1h30m, or Never")
      .default(DISRUPTION_DEFAULTS.consolidateAfter)
      .describe("how long a node must have been removable before Karpenter removes it; Never: it never consolidates"),
  })
  .describe("when Karpenter takes nodes away again");
export type NodePoolDisruption = z.infer<typeof nodePoolDisruption>;

const poolLabels = labels.describe(
  "labels of the nodes Karpenter launches; keys in karpenter.sh, kubernetes.io, k8s.io (but node.kubernetes.io and node-restriction.kubernetes.io) and ckp.io are the system's and refused",
);
const taints = z.array(nodePoolTaint).max(50).describe("taints of the nodes Karpenter launches: only pods that tolerate them run there");
const weight = z.number().int().min(1).max(100).describe("Karpenter tries pools of a higher weight first; left out, the lowest (0)");

export const createNodePoolInput = z.strictObject({
  name: dnsLabel.describe("the pool's name, and that of its NodePool and ClusterAPINodeClass in the cluster"),
  requirements: nodePoolRequirements.default({}),
  labels: poolLabels.optional(),
  taints: taints.optional(),
  limits: nodePoolLimits,
  disruption: nodePoolDisruption.default(DISRUPTION_DEFAULTS),
  weight: weight.optional(),
});
export type CreateNodePoolInput = z.infer<typeof createNodePoolInput>;

/** A change: each field given replaces the stored one whole; `null` removes `weight`. */
export const updateNodePoolInput = z.strictObject({
  requirements: nodePoolRequirements.optional(),
  labels: poolLabels.optional(),
  taints: taints.optional(),
  limits: nodePoolLimits.optional(),
  disruption: nodePoolDisruption.optional(),
  weight: weight.nullable().optional(),
});
export type UpdateNodePoolInput = z.infer<typeof updateNodePoolInput>;

/** The pool as the control plane keeps it. */
export interface NodePoolSpec {
  name: string;
  clusterId: string;
  requirements: NodePoolRequirements;
  labels: Record<string, string>;
  taints: NodePoolTaint[];
  limits: NodePoolLimits;
  disruption: { consolidationPolicy: (typeof CONSOLIDATION_POLICIES)[number]; consolidateAfter: string };
  weight?: number;
}

/** What the machines worker last did with a version of the pool in the workload cluster. */
export interface NodePoolSync {
  version: number;
  at: string;
  /** Applied: the cluster took it; Rejected: the cluster's apiserver refused it (message: why) */
  result: "Applied" | "Rejected";
  message?: string;
}

export interface NodePoolRecord extends NodePoolSpec {
  createdAt: string;
  updatedAt: string;
  version: number;
  sync?: NodePoolSync;
}

/**
 * - Pending: kept, not (yet) in the cluster, or Karpenter is not installed there yet
 * - Ready: Karpenter's NodePool is Ready
 * - NotReady: the NodePool is there but Karpenter does not (yet) call it Ready (`message` says why)
 * - Rejected: the cluster's apiserver refused the pool's current version (`message` says why)
 * - Unknown: the workload cluster cannot be read now (`message` says why)
 */
export type NodePoolState = "Pending" | "Ready" | "NotReady" | "Rejected" | "Unknown";

export interface NodeClaimView {
  name: string;
  /** the furthest of Karpenter's steps it reached: Pending, Launched, Registered, Initialized; LaunchFailed; Terminating */
  phase: string;
  providerID?: string;
  nodeName?: string;
  instanceType?: string;
  createdAt?: string;
}

export interface NodePoolStatus {
  state: NodePoolState;
  message?: string;
  /** the pool's version the cluster last took */
  appliedVersion?: number;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }>;
  /** nodes Karpenter launched for the pool */
  nodes?: number;
  /** what the pool's nodes have in all (Karpenter's status.resources: cpu, memory, pods, …) */
  resources?: Record<string, string>;
  /** a limit is used up: Karpenter launches no more nodes for the pool */
  limitReached?: boolean;
  nodeClaims?: NodeClaimView[];
}

export interface NodePool extends NodePoolSpec {
  createdAt: string;
  updatedAt: string;
  version: number;
  status: NodePoolStatus;
}

/** The label key's domain (the part before `/`), or "" for a key without one. */
function domainOf(key: string): string {
  const i = key.indexOf("/");
  return i < 0 ? "" : key.slice(0, i);
}

const RESTRICTED_DOMAINS = ["karpenter.sh", "kubernetes.io", "k8s.io", "ckp.io"];
const ALLOWED_DOMAINS = ["node.kubernetes.io", "node-restriction.kubernetes.io"];
const within = (domain: string, d: string) => domain === d || domain.endsWith(`.${d}`);

/**
 * Why a node label key is the system's, or undefined if a user may set it:
 * Karpenter's restricted domains (its NodePool CRD refuses karpenter.sh and
 * kubernetes.io/hostname; its controller every key in kubernetes.io and
 * k8s.io, but node.kubernetes.io and node-restriction.kubernetes.io), and
 * ckp.io, which the control plane sets itself.
 */
export function restrictedLabel(key: string): string | undefined {
  if (!LABEL_KEY.test(key)) return "not a Kubernetes label key";
  const domain = domainOf(key);
  if (ALLOWED_DOMAINS.some((d) => within(domain, d))) return undefined;
  const d = RESTRICTED_DOMAINS.find((r) => within(domain, r));
  return d ? `label domain ${d} is restricted: the system sets these labels` : undefined;
}
