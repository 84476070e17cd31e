import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { WorkloadClient, WorkloadPort } from "../addons/workload.js";
import { clusterKeys } from "../clusters/items.js";
import type { Cluster } from "../clusters/model.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { Deps } from "../deps.js";
import { conditionsOf, type KubeObject } from "../kube/objects.js";
import { isDomainError, RetryableError } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import { eachPage, findItem } from "../store/read.js";
import type { NodeClaimView, NodePoolRecord, NodePoolStatus } from "./node-pool-model.js";
import {
  KARPENTER_CRDS,
  KARPENTER_NODEPOOL_LABEL,
  NODE_POOL_LABEL,
  NODECLAIM_API_VERSION,
  NODECLASS_API_VERSION,
  NODECLASS_KIND,
  NODEPOOL_API_VERSION,
  nodePoolObjects,
  quantityReached,
} from "./node-pool-render.js";

/**
 * Node pools in the workload cluster (docs/autoscaling.md): the machines
 * worker applies a pool created or changed, and deletes a deleted one's
 * objects, on its `ckp.nodepool.*` event (syncNodePool); when the Karpenter
 * addon has been installed, every pool of the cluster is applied and what
 * CKP rendered for pools that are gone is pruned (syncClusterNodePools).
 * Every read of a pool reads what Karpenter did back from the cluster
 * (nodePoolStatuses). Always server-side apply with Strict field validation
 * (core/kube/client.ts), so a delivery repeated changes nothing more.
 */
export type Ports = { workload: WorkloadPort };

export const nodePoolKeys = {
  item: (t: ProjectRef, clusterId: string, name: string) => ({ pk: projectPk(t), sk: `NODEPOOL#${clusterId}#${name}` }),
  prefix: (clusterId: string) => `NODEPOOL#${clusterId}#`,
};

/** A stored pool without its item kind. */
export function recordOf(item: NodePoolRecord & { kind?: string }): NodePoolRecord {
  const { kind: _k, ...rest } = item;
  return rest;
}

/** The stored pools of a cluster. */
export async function storedNodePools(deps: Deps, t: ProjectRef, clusterId: string): Promise<NodePoolRecord[]> {
  const out: NodePoolRecord[] = [];
  for await (const page of eachPage<NodePoolRecord>(deps, {
    partition: projectPk(t),
    prefix: nodePoolKeys.prefix(clusterId),
    consistent: true,
  }))
    out.push(...page.map(recordOf));
  return out;
}

/** A deleted cluster's pools go with it (its delete saga's last step): answers how many there were. */
export async function deleteClusterNodePools(deps: Deps, t: ProjectRef, clusterId: string): Promise<number> {
  const pools = await storedNodePools(deps, t, clusterId);
  const { DeleteCommand } = await import("@aws-sdk/lib-dynamodb");
  for (const p of pools) await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: nodePoolKeys.item(t, clusterId, p.name) }));
  return pools.length;
}

/** The cluster's workload API, or why it cannot be read now. */
export async function workloadOf(ports: Ports, c: Cluster): Promise<WorkloadClient | Error> {
  const mc = c.resolved?.managementClusterId;
  if (!mc) return new Error("the cluster has no management cluster yet");
  try {
    return await ports.workload.reader(mc, clusterNamespace(c.id), c.name);
  } catch (e) {
    return e as Error;
  }
}

/** Why Karpenter's objects cannot be applied to the cluster yet, or undefined once its CRDs are served. */
export async function karpenterNotServed(w: WorkloadClient): Promise<string | undefined> {
  for (const name of KARPENTER_CRDS) {
    const crd = await w.get({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name });
    if (!crd) return `CustomResourceDefinition ${name} is not in the workload cluster yet`;
    if (!conditionsOf(crd).some((c) => c.type === "Established" && c.status === "True"))
      return `CustomResourceDefinition ${name} is not Established yet`;
  }
  return undefined;
}

const noKarpenter = (why: string) => `Karpenter is not installed in the cluster yet (${why})`;

/** Records what the worker did with a version of the pool, unless the pool has changed (or gone) since. */
async function recordSync(deps: Deps, t: ProjectRef, p: NodePoolRecord, result: "Applied" | "Rejected", message?: string) {
  const sync = { version: p.version, at: deps.clock.now().toISOString(), result, ...(message ? { message: message.slice(0, 2000) } : {}) };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: nodePoolKeys.item(t, p.clusterId, p.name),
        UpdateExpression: "SET #s = :s",
        ConditionExpression: "#v = :v",
        ExpressionAttributeNames: { "#s": "sync", "#v": "version" },
        ExpressionAttributeValues: { ":s": sync, ":v": p.version },
      }),
    );
  } catch (e) {
    // a newer version (or a delete) is carried by its own message
    if ((e as { name?: string }).name !== "ConditionalCheckFailedException") throw e;
  }
}

/**
 * Applies one pool (class, then NodePool). A refusal of the cluster's
 * apiserver (a CEL rule, a schema) is recorded on the pool and shown as its
 * state Rejected: retrying the same objects cannot succeed. Anything else
 * (unreachable, throttled) is thrown for the message to come back.
 */
async function applyPool(deps: Deps, t: ProjectRef, w: WorkloadClient, p: NodePoolRecord): Promise<"Applied" | "Rejected"> {
  try {
    for (const o of nodePoolObjects(p)) await w.apply(o);
  } catch (e) {
    if (isDomainError(e) && e.kind === "unprocessable") {
      await recordSync(deps, t, p, "Rejected", e.message);
      return "Rejected";
    }
    throw e;
  }
  await recordSync(deps, t, p, "Applied");
  return "Applied";
}

async function deletePoolObjects(w: WorkloadClient, name: string): Promise<boolean> {
  const pool = await w.delete({ apiVersion: NODEPOOL_API_VERSION, kind: "NodePool", name });
  const cls = await w.delete({ apiVersion: NODECLASS_API_VERSION, kind: NODECLASS_KIND, name });
  return pool || cls;
}

/** The worker's reading of a cluster: gone or going clusters need nothing. */
async function liveCluster(deps: Deps, t: ProjectRef, clusterId: string): Promise<Cluster | undefined> {
  const c = await findItem<Cluster>(deps, clusterKeys.cluster(t, clusterId), { consistent: true });
  return c && c.phase !== "Deleting" ? c : undefined;
}

/**
 * Brings one pool of the cluster in step (the machines worker, on
 * `ckp.nodepool.created|updated|deleted`): the stored pool, whatever its
 * version now, is applied; a pool no longer stored has its objects deleted.
 * Held (RetryableError, the message comes back with backoff) while the
 * workload cluster cannot be reached or Karpenter's CRDs are not served
 * there yet; syncClusterNodePools applies every pool once the addon is in.
 */
export async function syncNodePool(deps: Deps, ports: Ports, t: ProjectRef, clusterId: string, name: string): Promise<string> {
  const c = await liveCluster(deps, t, clusterId);
  if (!c) return `cluster ${clusterId} is gone or going: nothing to do`;
  const stored = await findItem<NodePoolRecord & { kind?: string }>(deps, nodePoolKeys.item(t, clusterId, name), { consistent: true });
  if (stored && c.addons?.karpenter?.enabled !== true)
    return `node pool ${name} kept: cluster ${c.name} does not run Karpenter (it is applied when the addon is installed)`;
  const w = await workloadOf(ports, c);
  if (w instanceof Error) throw new RetryableError(`cluster ${c.name} cannot be reached: ${w.message}`);
  const why = await karpenterNotServed(w);
  if (!stored) {
    if (why) return `node pool ${name} deleted; Karpenter is not in the cluster, so nothing to remove`;
    return (await deletePoolObjects(w, name)) ? `node pool ${name} removed from the cluster` : `node pool ${name} is not in the cluster`;
  }
  if (why) throw new RetryableError(`node pool ${name} is held: ${noKarpenter(why)}`);
  const p = recordOf(stored);
  const result = await applyPool(deps, t, w, p);
  return result === "Applied" ? `node pool ${name} v${p.version} applied` : `node pool ${name} v${p.version} rejected by the cluster`;
}

export interface ClusterNodePoolsSync {
  applied: string[];
  rejected: string[];
  pruned: string[];
}

/**
 * Every stored pool of the cluster applied, and the objects CKP rendered
 * (label `ckp.io/node-pool`) for pools no longer stored deleted: called
 * when the Karpenter addon has been installed in the cluster. Throws
 * RetryableError while the cluster cannot be reached or Karpenter's CRDs
 * are not served yet.
 */
export async function syncClusterNodePools(deps: Deps, ports: Ports, cluster: Cluster): Promise<ClusterNodePoolsSync> {
  const t = { domain: cluster.domain, project: cluster.project };
  const w = await workloadOf(ports, cluster);
  if (w instanceof Error) throw new RetryableError(`cluster ${cluster.name} cannot be reached: ${w.message}`);
  const why = await karpenterNotServed(w);
  if (why) throw new RetryableError(noKarpenter(why));
  // what CKP rendered, listed before the store is read: a pool created meanwhile is never taken for a gone one
  const rendered = new Set<string>();
  for (const [apiVersion, kind] of [
    [NODEPOOL_API_VERSION, "NodePool"],
    [NODECLASS_API_VERSION, NODECLASS_KIND],
  ] as const) {
    for (const o of await w.list(apiVersion, kind, { namespace: "", labelSelector: NODE_POOL_LABEL }))
      rendered.add(o.metadata.labels?.[NODE_POOL_LABEL] ?? o.metadata.name);
  }
  const stored = await storedNodePools(deps, t, cluster.id);
  const out: ClusterNodePoolsSync = { applied: [], rejected: [], pruned: [] };
  for (const p of stored) out[(await applyPool(deps, t, w, p)) === "Applied" ? "applied" : "rejected"].push(p.name);
  const keep = new Set(stored.map((p) => p.name));
  for (const name of [...rendered].sort()) {
    if (keep.has(name)) continue;
    await deletePoolObjects(w, name);
    out.pruned.push(name);
  }
  return out;
}

type Any = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** How far Karpenter got with a NodeClaim, from its conditions. */
export function nodeClaimPhase(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return "Terminating";
  const status = (type: string) => conditionsOf(o).find((c) => c.type === type)?.status;
  if (status("Initialized") === "True") return "Initialized";
  if (status("Registered") === "True") return "Registered";
  if (status("Launched") === "True") return "Launched";
  if (status("Launched") === "False") return "LaunchFailed";
  return "Pending";
}

export function nodeClaimView(o: KubeObject): NodeClaimView {
  const s = (o.status ?? {}) as Any;
  const instanceType = o.metadata.labels?.["node.kubernetes.io/instance-type"];
  const v: NodeClaimView = { name: o.metadata.name, phase: nodeClaimPhase(o) };
  const providerID = str(s.providerID);
  const nodeName = str(s.nodeName);
  const createdAt = str(o.metadata.creationTimestamp);
  if (providerID) v.providerID = providerID;
  if (nodeName) v.nodeName = nodeName;
  if (instanceType) v.instanceType = instanceType;
  if (createdAt) v.createdAt = createdAt;
  return v;
}

/** The state of a pool Karpenter has a NodePool of, and what it reports. */
function liveStatus(p: NodePoolRecord, pool: KubeObject, claims: KubeObject[]): NodePoolStatus {
  const s = (pool.status ?? {}) as Any;
  const conditions = conditionsOf(pool).map((c) => ({
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
    ...(c.lastTransitionTime ? { lastTransitionTime: c.lastTransitionTime } : {}),
  }));
  const resources = Object.fromEntries(
    Object.entries((s.resources ?? {}) as Any)
      .filter(([, v]) => typeof v === "string" || typeof v === "number")
      .map(([k, v]) => [k, String(v)]),
  );
  const limitReached =
    quantityReached(resources.cpu, p.limits.cpu) || (p.limits.memory !== undefined && quantityReached(resources.memory, p.limits.memory));
  const ready = conditions.find((c) => c.type === "Ready");
  const rejected = p.sync?.result === "Rejected" && p.sync.version === p.version;
  const state = rejected ? "Rejected" : ready?.status === "True" ? "Ready" : "NotReady";
  const message = rejected
    ? p.sync?.message
    : state === "NotReady"
      ? (ready?.message ?? ready?.reason ?? "Karpenter has not reported the NodePool Ready yet")
      : undefined;
  const applied = appliedVersion(p);
  return {
    state,
    ...(message ? { message } : {}),
    ...(applied !== undefined ? { appliedVersion: applied } : {}),
    conditions,
    nodes: typeof s.nodes === "number" ? s.nodes : 0,
    resources,
    limitReached,
    nodeClaims: claims
      .filter((c) => c.metadata.labels?.[KARPENTER_NODEPOOL_LABEL] === p.name)
      .map(nodeClaimView)
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function appliedVersion(p: NodePoolRecord): number | undefined {
  return p.sync?.result === "Applied" ? p.sync.version : undefined;
}

/** A pool the cluster has no NodePool of (yet), or that cannot be read: Pending or Unknown, unless the cluster refused its version. */
function unseenStatus(p: NodePoolRecord, state: "Pending" | "Unknown", message: string): NodePoolStatus {
  const rejected = p.sync?.result === "Rejected" && p.sync.version === p.version;
  const applied = appliedVersion(p);
  return {
    state: rejected ? "Rejected" : state,
    message: rejected ? (p.sync?.message ?? message) : message,
    ...(applied !== undefined ? { appliedVersion: applied } : {}),
  };
}

/**
 * What the cluster says of each pool, read at once (one list of NodePools,
 * one of NodeClaims; the workload client's short deadline bounds it): best
 * effort, a cluster that cannot be read makes every pool Unknown, with why.
 */
export async function nodePoolStatuses(ports: Ports, c: Cluster, pools: NodePoolRecord[]): Promise<NodePoolStatus[]> {
  if (pools.length === 0) return [];
  const unseen = (state: "Pending" | "Unknown", message: string) => pools.map((p) => unseenStatus(p, state, message));
  if (c.addons?.karpenter?.enabled !== true)
    return unseen("Pending", "the cluster does not run Karpenter: the pool is applied when the karpenter addon is installed");
  const w = await workloadOf(ports, c);
  if (w instanceof Error) return unseen("Unknown", `the workload cluster cannot be read: ${w.message}`);
  let live: KubeObject[];
  let claims: KubeObject[];
  try {
    [live, claims] = await Promise.all([
      w.list(NODEPOOL_API_VERSION, "NodePool", { namespace: "", labelSelector: NODE_POOL_LABEL }),
      w.list(NODECLAIM_API_VERSION, "NodeClaim", { namespace: "", labelSelector: KARPENTER_NODEPOOL_LABEL }),
    ]);
  } catch (e) {
    if (isDomainError(e) && e.code === "management-cluster.kind-not-served")
      return unseen("Pending", `${noKarpenter("its CRDs are not served")}: the pool is applied when it is`);
    return unseen("Unknown", `the workload cluster cannot be read: ${(e as Error).message}`);
  }
  const byName = new Map(live.map((o) => [o.metadata.name, o]));
  return pools.map((p) => {
    const pool = byName.get(p.name);
    if (pool) return liveStatus(p, pool, claims);
    return unseenStatus(p, "Pending", "kept; the control plane is applying it to the cluster");
  });
}
