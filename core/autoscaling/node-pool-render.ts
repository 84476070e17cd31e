import type { KubeObject } from "../kube/objects.js";
import type { NodePoolSpec } from "./node-pool-model.js";

/**
 * A node pool as objects of the workload cluster, both cluster-scoped and
 * named after the pool: Karpenter's `NodePool` (karpenter.sh/v1), which
 * says what to launch and when to take it away, and the Cluster API
 * provider's `ClusterAPINodeClass` (karpenter.cluster.x-k8s.io/v1alpha1),
 * which says where: the cluster's MachineDeployment on the management
 * cluster, found by its `ckp.io/cluster-id` label. Both carry
 * NODE_POOL_LABEL, so the control plane can find (and prune) what it
 * rendered; the nodes carry it too.
 */
export const NODEPOOL_API_VERSION = "karpenter.sh/v1";
export const NODECLAIM_API_VERSION = "karpenter.sh/v1";
export const NODECLASS_GROUP = "karpenter.cluster.x-k8s.io";
export const NODECLASS_API_VERSION = `${NODECLASS_GROUP}/v1alpha1`;
export const NODECLASS_KIND = "ClusterAPINodeClass";
/** the CRDs that must be served before a pool can be applied */
export const KARPENTER_CRDS = ["nodepools.karpenter.sh", "nodeclaims.karpenter.sh", "clusterapinodeclasses.karpenter.cluster.x-k8s.io"];

/** Names the CKP node pool an object (and a node) was rendered from. */
export const NODE_POOL_LABEL = "ckp.io/node-pool";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/** On the cluster's MachineDeployment (management cluster): what the node class selects. */
export const CLUSTER_ID_LABEL = "ckp.io/cluster-id";
/** Karpenter's label on the NodeClaims (and nodes) of a NodePool. */
export const KARPENTER_NODEPOOL_LABEL = "karpenter.sh/nodepool";

const labelsOf = (name: string) => ({ [NODE_POOL_LABEL]: name, [MANAGED_BY_LABEL]: "ckp" });
const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** Karpenter's NodeSelectorRequirements for the pool: always Linux, then what the pool asks. */
export function requirementsOf(p: Pick<NodePoolSpec, "requirements">): Array<{ key: string; operator: "In"; values: string[] }> {
  const r = p.requirements;
  const out: Array<{ key: string; operator: "In"; values: string[] }> = [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }];
  if (r.architectures?.length) out.push({ key: "kubernetes.io/arch", operator: "In", values: uniq(r.architectures) });
  if (r.flavors?.length) out.push({ key: "node.kubernetes.io/instance-type", operator: "In", values: uniq(r.flavors) });
  if (r.zones?.length) out.push({ key: "topology.kubernetes.io/zone", operator: "In", values: uniq(r.zones) });
  return out;
}

export function nodePoolObject(p: NodePoolSpec): KubeObject {
  const limits: Record<string, string> = { cpu: p.limits.cpu };
  if (p.limits.memory) limits.memory = p.limits.memory;
  return {
    apiVersion: NODEPOOL_API_VERSION,
    kind: "NodePool",
    metadata: { name: p.name, labels: labelsOf(p.name) },
    spec: {
      template: {
        metadata: { labels: { ...p.labels, [NODE_POOL_LABEL]: p.name } },
        spec: {
          nodeClassRef: { group: NODECLASS_GROUP, kind: NODECLASS_KIND, name: p.name },
          requirements: requirementsOf(p),
          ...(p.taints.length
            ? { taints: p.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })) }
            : {}),
        },
      },
      limits,
      disruption: { consolidationPolicy: p.disruption.consolidationPolicy, consolidateAfter: p.disruption.consolidateAfter },
      ...(p.weight !== undefined ? { weight: p.weight } : {}),
    },
  };
}

export function nodeClassObject(p: Pick<NodePoolSpec, "name" | "clusterId">): KubeObject {
  return {
    apiVersion: NODECLASS_API_VERSION,
    kind: NODECLASS_KIND,
    metadata: { name: p.name, labels: labelsOf(p.name) },
    spec: { scalableResourceSelector: { matchLabels: { [CLUSTER_ID_LABEL]: p.clusterId } } },
  };
}

/** What is applied, in order: the node class first, as the NodePool refers to it. */
export function nodePoolObjects(p: NodePoolSpec): KubeObject[] {
  return [nodeClassObject(p), nodePoolObject(p)];
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const FRACTION: Record<string, number> = { n: 1e9, u: 1e6, m: 1e3 };
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:([KMGTPE]i)|([numkMGTPE]?)|[eE]([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+))$/;

/**
 * A Kubernetes quantity (as Karpenter writes `status.resources` and limits:
 * `4`, `3500m`, `16Gi`, `1e3`) in base units (cores, bytes); undefined if it
 * is not one.
 */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
  if (typeof q !== "string") return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const [, sign, digits, binary, suffix, exponent] = m;
  let v = Number(digits);
  if (binary) v *= BINARY[binary] as number;
  else if (exponent !== undefined) v *= 10 ** Number(exponent);
  else if (suffix && FRACTION[suffix]) v /= FRACTION[suffix] as number;
  else v *= DECIMAL[suffix ?? ""] as number;
  if (!Number.isFinite(v)) return undefined;
  return sign === "-" ? -v : v;
}

/** used ≥ limit, for quantities (a rounding hair below counts as reached: 7999.9999999m of 8). */
export function quantityReached(used: unknown, limit: unknown): boolean {
  const u = parseQuantity(used);
  const l = parseQuantity(limit);
  if (u === undefined || l === undefined) return false;
  return u >= l - Math.abs(l) * 1e-9;
}
