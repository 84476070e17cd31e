import { getCluster } from "../clusters/clusters.js";
import type { Cluster } from "../clusters/model.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, DomainError, type FieldError, unprocessable } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import {
  type CreateNodePoolInput,
  DISRUPTION_DEFAULTS,
  type NodePool,
  type NodePoolRecord,
  type NodePoolSpec,
  restrictedLabel,
  type UpdateNodePoolInput,
} from "./node-pool-model.js";
import { NODE_POOL_LABEL, NODEPOOL_API_VERSION } from "./node-pool-render.js";
import { nodePoolKeys, nodePoolStatuses, type Ports, recordOf, workloadOf } from "./node-pool-sync.js";

/**
 * A cluster's Karpenter node pools (docs/autoscaling.md): created, listed,
 * read, changed (If-Match with the version) and deleted here, each change
 * with its event in one transaction (`ckp.nodepool.created|updated|deleted`),
 * which the machines worker carries into the workload cluster
 * (core/autoscaling/node-pool-sync.ts). Reads show what Karpenter reports,
 * read back from the cluster.
 */
const describe = (name: string) => `node pool ${name}`;
const KIND = "node-pool";

/** The cluster, if it runs Karpenter: else 422 node-pool.autoscaling-disabled. */
async function karpenterCluster(deps: Deps, t: ProjectRef, clusterId: string): Promise<Cluster> {
  const c = await getCluster(deps, t, clusterId, true);
  if (c.phase === "Deleting") throw unprocessable(`cluster ${c.name} is being deleted`, { cluster: c.name });
  if (c.addons?.karpenter?.enabled !== true)
    throw unprocessable(
      `cluster ${c.name} does not run Karpenter: enable the karpenter addon first (PATCH …/clusters/{id}/addons/karpenter)`,
      { cluster: c.name },
      "node-pool.autoscaling-disabled",
    );
  return c;
}

/**
 * What the pool's schema cannot state: no label in a domain the system
 * sets (Karpenter's NodePool refuses some, its controller more), no two
 * taints with the same key and effect (a Node cannot have them).
 */
function checkSpec(p: Pick<NodePoolSpec, "labels" | "taints">): void {
  const restricted: FieldError[] = Object.keys(p.labels).flatMap((k) => {
    const why = restrictedLabel(k);
    return why ? [{ path: `labels.${k}`, message: why }] : [];
  });
  if (restricted.length)
    throw new DomainError(
      "unprocessable",
      `node labels in a restricted domain: ${restricted.map((f) => f.path.slice("labels.".length)).join(", ")}`,
      { code: "node-pool.label-restricted", fields: restricted },
    );
  const seen = new Set<string>();
  const dup: FieldError[] = [];
  p.taints.forEach((taint, i) => {
    const k = `${taint.key}:${taint.effect}`;
    if (seen.has(k)) dup.push({ path: `taints.${i}`, message: `a second taint ${taint.key} with effect ${taint.effect}` });
    seen.add(k);
  });
  if (dup.length) throw new DomainError("unprocessable", "two taints with the same key and effect", { fields: dup });
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function specOf(input: CreateNodePoolInput, clusterId: string): NodePoolSpec {
  return {
    name: input.name,
    clusterId,
    requirements: withoutUndefined(input.requirements),
    labels: input.labels ?? {},
    taints: input.taints ?? [],
    limits: withoutUndefined(input.limits),
    disruption: { ...DISRUPTION_DEFAULTS, ...input.disruption },
    ...(input.weight !== undefined ? { weight: input.weight } : {}),
  };
}

/** A NodePool of that name the control plane did not render, in a cluster that can be read now: the name is taken. */
async function checkNameFreeInCluster(ports: Ports, c: Cluster, name: string): Promise<void> {
  const w = await workloadOf(ports, c);
  if (w instanceof Error) return;
  const live = await w.get({ apiVersion: NODEPOOL_API_VERSION, kind: "NodePool", name }).catch(() => undefined);
  if (live && live.metadata.labels?.[NODE_POOL_LABEL] !== name)
    throw conflict(
      `the cluster ${c.name} has a NodePool ${name} the control plane did not create; choose another name`,
      undefined,
      "already-exists",
    );
}

async function shown(ports: Ports, c: Cluster, records: NodePoolRecord[]): Promise<NodePool[]> {
  const statuses = await nodePoolStatuses(ports, c, records);
  return records.map((r, i) => {
    const { sync: _s, ...rest } = r;
    return { ...rest, status: statuses[i] as NodePool["status"] };
  });
}

export async function createNodePool(
  deps: Deps,
  ctx: Ctx,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  input: CreateNodePoolInput,
): Promise<NodePool> {
  const c = await karpenterCluster(deps, t, clusterId);
  const spec = specOf(input, c.id);
  checkSpec(spec);
  if (await findItem(deps, nodePoolKeys.item(t, c.id, spec.name), { consistent: true }))
    throw conflict(`${describe(spec.name)} of cluster ${c.name} already exists`, undefined, "already-exists");
  await checkNameFreeInCluster(ports, c, spec.name);
  const tx = transaction(deps, ctx);
  const record: NodePoolRecord = { ...spec, createdAt: tx.at, updatedAt: tx.at, version: 1 };
  tx.put(
    { ...nodePoolKeys.item(t, c.id, spec.name), kind: KIND, ...record },
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () => conflict(`${describe(spec.name)} of cluster ${c.name} already exists`, undefined, "already-exists"),
    },
  );
  tx.emit(
    "ckp.nodepool.created",
    `clusters/${c.id}/node-pools/${spec.name}`,
    { clusterId: c.id, cluster: c.name, name: spec.name, version: 1, limits: spec.limits },
    t,
  );
  await tx.commit();
  return (await shown(ports, c, [record]))[0] as NodePool;
}

export async function listNodePools(
  deps: Deps,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<NodePool>> {
  const c = await getCluster(deps, t, clusterId);
  const p = await listItems<NodePoolRecord>(deps, {
    partition: projectPk(t),
    prefix: nodePoolKeys.prefix(c.id),
    page,
    consistent: true,
    map: (i) => recordOf(i as unknown as NodePoolRecord),
  });
  return { items: await shown(ports, c, p.items), nextCursor: p.nextCursor };
}

/** The cluster (404 if it is not the project's) and its pool. */
async function record(deps: Deps, t: ProjectRef, clusterId: string, name: string): Promise<{ c: Cluster; r: NodePoolRecord }> {
  const c = await getCluster(deps, t, clusterId, true);
  const r = await getItem<NodePoolRecord>(deps, nodePoolKeys.item(t, c.id, name), describe(name), { consistent: true });
  return { c, r: recordOf(r) };
}

export async function getNodePool(deps: Deps, ports: Ports, t: ProjectRef, clusterId: string, name: string): Promise<NodePool> {
  const { c, r } = await record(deps, t, clusterId, name);
  return (await shown(ports, c, [r]))[0] as NodePool;
}

export async function updateNodePool(
  deps: Deps,
  ctx: Ctx,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  name: string,
  input: UpdateNodePoolInput,
  ifMatch?: number,
): Promise<NodePool> {
  const { r: prev } = await record(deps, t, clusterId, name);
  checkIfMatch(describe(name), prev.version, ifMatch);
  const c = await karpenterCluster(deps, t, clusterId);
  const { weight: _w, sync: _s, ...kept } = prev;
  const weight = input.weight === undefined ? prev.weight : (input.weight ?? undefined);
  const tx = transaction(deps, ctx);
  const next: NodePoolRecord = {
    ...kept,
    ...(input.requirements !== undefined ? { requirements: withoutUndefined(input.requirements) } : {}),
    ...(input.labels !== undefined ? { labels: input.labels } : {}),
    ...(input.taints !== undefined ? { taints: input.taints } : {}),
    ...(input.limits !== undefined ? { limits: withoutUndefined(input.limits) } : {}),
    ...(input.disruption !== undefined ? { disruption: { ...DISRUPTION_DEFAULTS, ...input.disruption } } : {}),
    ...(weight !== undefined ? { weight } : {}),
    updatedAt: tx.at,
    version: prev.version + 1,
  };
  checkSpec(next);
  // what the worker last did stays until it applies this version
  const item = { ...nodePoolKeys.item(t, c.id, name), kind: KIND, ...next, ...(prev.sync ? { sync: prev.sync } : {}) };
  tx.put(item, {
    condition: "version = :v",
    values: { ":v": prev.version },
    onConditionFailed: () => conflict(`${describe(name)} changed concurrently; read it again`),
  });
  tx.emit(
    "ckp.nodepool.updated",
    `clusters/${c.id}/node-pools/${name}`,
    {
      clusterId: c.id,
      cluster: c.name,
      name,
      version: next.version,
      limits: next.limits,
      changed: Object.keys(input).filter((k) => input[k as keyof UpdateNodePoolInput] !== undefined),
    },
    t,
  );
  await tx.commit();
  return (await shown(ports, c, [{ ...next, ...(prev.sync ? { sync: prev.sync } : {}) }]))[0] as NodePool;
}

/** Deletes the pool; the machines worker removes its NodePool and node class, and Karpenter then the pool's nodes. */
export async function deleteNodePool(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  clusterId: string,
  name: string,
  ifMatch?: number,
): Promise<void> {
  const { c, r: prev } = await record(deps, t, clusterId, name);
  checkIfMatch(describe(name), prev.version, ifMatch);
  const tx = transaction(deps, ctx);
  tx.delete(nodePoolKeys.item(t, c.id, name), {
    condition: "version = :v",
    values: { ":v": prev.version },
    onConditionFailed: () => conflict(`${describe(name)} changed concurrently; read it again`),
  });
  tx.emit("ckp.nodepool.deleted", `clusters/${c.id}/node-pools/${name}`, { clusterId: c.id, cluster: c.name, name }, t);
  await tx.commit();
}
