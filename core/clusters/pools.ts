import { z } from "zod";
import { DomainError, notFound } from "../shared/errors.js";
import { dnsLabel, LABEL_VALUE } from "../shared/names.js";

/**
 * Worker pools (issue 19 point 5, ACP's node planning): a cluster's workers
 * come in pools, each from its own host group, each its own MachineDeployment
 * with its own count, node roles and taints. The pool a cluster was always
 * created with (`hostGroup`, `workers`) is the primary pool `workers`; its
 * object names never change, so clusters created before pools existed keep
 * theirs. Further pools are `workerPools`.
 *
 * Every pool takes its hosts from a host group no other pool of the cluster
 * uses: a host belongs to one group, and a ByoMachineTemplate selects hosts by
 * group and cluster id, so distinct groups alone keep BYOH from giving one
 * pool's host to another pool's Machine.
 */
export const PRIMARY_POOL = "workers";
export const MAX_WORKER_POOLS = 10;
export const MAX_POOL_WORKERS = 500;

/** A node role: the `<role>` of the Node label `node-role.kubernetes.io/<role>`. */
export const workerRole = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a role name: lowercase letters, digits and '-', e.g. infra")
  .describe("rendered as the Node label node-role.kubernetes.io/<role> (empty value)");

/** The taint key's name part; with an optional DNS prefix, like a label key. */
const TAINT_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export const nodeTaint = z.strictObject({
  key: z.string().min(1).max(253).regex(TAINT_KEY, "a taint key, like a label key: [prefix/]name"),
  value: z.string().max(63).regex(LABEL_VALUE, "a taint value, like a label value").optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
});
export type NodeTaint = z.infer<typeof nodeTaint>;

export const workerRoles = z.array(workerRole).max(10).describe("node roles, at most 10");
export const nodeTaints = z.array(nodeTaint).max(20).describe("taints every node of the pool registers with, at most 20");

export const workerPoolInput = z.strictObject({
  name: dnsLabel.describe(
    `the pool's name, unique in the cluster and not "${PRIMARY_POOL}" (the primary pool's); its MachineDeployment is ${PRIMARY_POOL}-<name>`,
  ),
  hostGroup: dnsLabel.describe("the host group the pool's hosts are taken from; no other pool of the cluster may use it"),
  count: z.number().int().min(1).max(MAX_POOL_WORKERS),
  roles: workerRoles.optional(),
  taints: nodeTaints.optional(),
});
export type WorkerPoolInput = z.infer<typeof workerPoolInput>;

export const workerPoolsInput = z
  .array(workerPoolInput)
  .max(MAX_WORKER_POOLS)
  .describe(
    `pools beyond the primary one (hostGroup, workers), at most ${MAX_WORKER_POOLS}: each from its own free hosts of its own host group (never provisioned by the provider), each its own MachineDeployment`,
  );

/** A further pool as the cluster records it. */
export interface WorkerPool {
  name: string;
  hostGroup: string;
  count: number;
  roles?: string[];
  taints?: NodeTaint[];
  /** the hosts assigned to this pool (also in the cluster's `hostIds`) */
  hostIds: string[];
}

/** A pool as the saga works with it: the primary one or a further one. */
export interface PoolView {
  name: string;
  /** the MachineDeployment and its templates */
  objectName: string;
  hostGroup: string;
  count: number;
  hostIds: string[];
  /** the index in the cluster's `workerPools`; undefined for the primary pool */
  index?: number;
}

/** The object name of a further pool: prefixed, so it never clashes with the cluster's own objects (named like the cluster). */
export function poolObjectName(pool: string): string {
  return pool === PRIMARY_POOL ? PRIMARY_POOL : `${PRIMARY_POOL}-${pool}`;
}

interface PoolHolder {
  name: string;
  hostGroup: string;
  workers: number;
  hostIds: string[];
  workerPools?: WorkerPool[];
}

/** Every pool of the cluster, the primary first; the primary's hosts are the cluster's hosts no further pool holds. */
export function poolsOf(c: PoolHolder): PoolView[] {
  const extra = c.workerPools ?? [];
  const elsewhere = new Set(extra.flatMap((p) => p.hostIds));
  return [
    {
      name: PRIMARY_POOL,
      objectName: PRIMARY_POOL,
      hostGroup: c.hostGroup,
      count: c.workers,
      hostIds: c.hostIds.filter((h) => !elsewhere.has(h)),
    },
    ...extra.map((p, index) => ({
      name: p.name,
      objectName: poolObjectName(p.name),
      hostGroup: p.hostGroup,
      count: p.count,
      hostIds: p.hostIds,
      index,
    })),
  ];
}

export function poolOf(c: PoolHolder, name: string): PoolView {
  const p = poolsOf(c).find((x) => x.name === name);
  if (!p) throw notFound(`worker pool ${name} of cluster ${c.name}`, "cluster.worker-pool-unknown");
  return p;
}

/**
 * What the schema cannot say about a set of pools: names unique and not the
 * primary's, host groups distinct from each other and from the primary's.
 */
export function checkWorkerPools(primary: { hostGroup: string; workerTaints?: NodeTaint[] | undefined }, pools: WorkerPoolInput[]): void {
  const fields: Array<{ path: string; message: string }> = [];
  const taintsTwice = (path: string, taints: NodeTaint[] | undefined) => {
    const seen = new Set<string>();
    (taints ?? []).forEach((t, j) => {
      if (seen.has(`${t.key}:${t.effect}`)) fields.push({ path: `${path}.${j}`, message: `taint ${t.key}:${t.effect} is given twice` });
      seen.add(`${t.key}:${t.effect}`);
    });
  };
  taintsTwice("workerTaints", primary.workerTaints);
  const primaryGroup = primary.hostGroup;
  const names = new Set<string>();
  const groups = new Map<string, string>([[primaryGroup, "the primary pool (hostGroup)"]]);
  pools.forEach((p, i) => {
    if (p.name === PRIMARY_POOL) fields.push({ path: `workerPools.${i}.name`, message: `"${PRIMARY_POOL}" is the primary pool's name` });
    else if (names.has(p.name)) fields.push({ path: `workerPools.${i}.name`, message: `pool ${p.name} is named twice` });
    names.add(p.name);
    const other = groups.get(p.hostGroup);
    if (other) fields.push({ path: `workerPools.${i}.hostGroup`, message: `host group ${p.hostGroup} is already used by ${other}` });
    else groups.set(p.hostGroup, `pool ${p.name}`);
    taintsTwice(`workerPools.${i}.taints`, p.taints);
  });
  if (fields.length)
    throw new DomainError("unprocessable", fields.map((f) => f.message).join("; "), { fields, code: "cluster.worker-pool-invalid" });
}

/** A taint as `kubectl taint` writes it: key=value:Effect. */
export function taintString(t: NodeTaint): string {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}
