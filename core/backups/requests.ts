import type { WorkloadClient, WorkloadPort } from "../addons/workload.js";
import { getCluster } from "../clusters/clusters.js";
import type { Cluster } from "../clusters/model.js";
import { clusterNamespace } from "../clusters/spec.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import type { KubeObject } from "../kube/objects.js";
import { badRequest, conflict, notFound, RetryableError, unprocessable } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { eachPage, findItem } from "../store/read.js";
import { backupKeys } from "./locations.js";
import { VELERO_API_VERSION, VELERO_NAMESPACE } from "./render.js";

/**
 * What backups, schedules and restores have in common: the cluster must run
 * Velero, a location must be the project's, the request is kept in the
 * project's partition (one item per request, keyed by cluster and name),
 * and what Velero says of it is read from the workload cluster on every
 * read (core/backups/velero-objects.ts). The machines worker carries each
 * request into the cluster (core/backups/request-sync.ts).
 */
export type RequestKind = "backup" | "schedule" | "restore";
/** What reads and the worker need: the cluster's workload API. */
export type Ports = { workload: WorkloadPort };

const SK_PREFIX: Record<RequestKind, string> = { backup: "BACKUP#", schedule: "BACKUPSCHEDULE#", restore: "RESTORE#" };
export const VELERO_KIND: Record<RequestKind, "Backup" | "Schedule" | "Restore"> = {
  backup: "Backup",
  schedule: "Schedule",
  restore: "Restore",
};

export const requestKeys = {
  item: (t: ProjectRef, kind: RequestKind, clusterId: string, name: string) => ({
    pk: projectPk(t),
    sk: `${SK_PREFIX[kind]}${clusterId}#${name}`,
  }),
  prefix: (kind: RequestKind, clusterId: string) => `${SK_PREFIX[kind]}${clusterId}#`,
};

/** The cluster, if it runs Velero: else 422 backup.velero-not-installed. */
export async function veleroCluster(deps: Deps, t: ProjectRef, clusterId: string): Promise<Cluster> {
  const c = await getCluster(deps, t, clusterId, true);
  const why = whyNoVelero(c);
  if (why) throw unprocessable(`cluster ${c.name}: ${why}`, { cluster: c.name }, "backup.velero-not-installed");
  return c;
}

/**
 * Why the cluster cannot take Velero requests now, if it cannot. Velero runs
 * once it has been Healthy since it was enabled: a Velero updating (new
 * values, a new backup location being applied) still takes them, and they
 * wait for their location as any other.
 */
export function whyNoVelero(c: Pick<Cluster, "addons" | "phase" | "addonHealth">): string | undefined {
  if (!c.addons?.velero?.enabled) return "Velero is not enabled (PATCH …/clusters/{id}/addons/velero with enabled=true)";
  if (c.phase === "Deleting") return "the cluster is being deleted";
  const velero = c.addonHealth?.addons.find((a) => a.addon === "velero");
  // (a record from before `healthySince` was kept: Healthy alone)
  if (!velero?.healthySince && velero?.state !== "Healthy") return "Velero is not installed yet";
  return undefined;
}

/** The location a request names, which must be the project's, or the project's default: its name. */
export async function resolveLocation(deps: Deps, t: ProjectRef, name: string | undefined): Promise<string> {
  if (name) {
    if (!(await findItem(deps, backupKeys.location(t, name), { consistent: true }))) throw notFound(`backup location ${name}`);
    return name;
  }
  const d = await findItem<{ name: string }>(deps, backupKeys.defaultLocation(t), { consistent: true });
  if (!d)
    throw unprocessable(
      "the request names no backup location and the project has no default one; name one, or make one the default",
      undefined,
      "backup.no-location",
    );
  return d.name;
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

/** Velero's objects of one kind in the cluster, by name; an Error when they cannot be read. */
export async function veleroObjects(w: WorkloadClient | Error, kind: RequestKind): Promise<Map<string, KubeObject> | Error> {
  if (w instanceof Error) return w;
  try {
    const list = await w.list(VELERO_API_VERSION, VELERO_KIND[kind], { namespace: VELERO_NAMESPACE });
    return new Map(list.map((o) => [o.metadata.name, o]));
  } catch (e) {
    return e as Error;
  }
}

/** The stored requests of one kind for a cluster. */
export async function storedRequests<T extends { name: string }>(
  deps: Deps,
  t: ProjectRef,
  kind: RequestKind,
  clusterId: string,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of eachPage<T>(deps, { partition: projectPk(t), prefix: requestKeys.prefix(kind, clusterId), consistent: true }))
    out.push(...page.map(requestOf));
  return out;
}

/** A stored request without its item kind. */
export function requestOf<T>(item: T): T {
  const { kind: _k, ...rest } = item as T & { kind?: string };
  return rest as T;
}

/** Refuses a name already taken by a stored request or by an object in the cluster. */
export async function checkNameFree(deps: Deps, t: ProjectRef, kind: RequestKind, c: Cluster, name: string, w: WorkloadClient | Error) {
  const taken = () => conflict(`${kind} ${name} of cluster ${c.name} already exists`, undefined, "already-exists");
  if (await findItem(deps, requestKeys.item(t, kind, c.id, name), { consistent: true })) throw taken();
  if (w instanceof Error) return;
  const live = await w
    .get({ apiVersion: VELERO_API_VERSION, kind: VELERO_KIND[kind], namespace: VELERO_NAMESPACE, name })
    .catch(() => undefined);
  if (live) throw taken();
}

/** A request kept, with the event that carries it into the cluster, in one transaction. */
export async function storeRequest(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  kind: RequestKind,
  record: { name: string; clusterId: string } & Record<string, unknown>,
  event: { type: "ckp.backup.created" | "ckp.backupschedule.created" | "ckp.restore.created"; data: Record<string, unknown> },
): Promise<string> {
  const tx = transaction(deps, ctx);
  tx.put(
    { ...requestKeys.item(t, kind, record.clusterId, record.name), kind: `velero-${kind}`, ...record, createdAt: tx.at },
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () => conflict(`${kind} ${record.name} already exists`, undefined, "already-exists"),
    },
  );
  tx.emit(event.type, `clusters/${record.clusterId}/${kind}s/${record.name}`, { clusterId: record.clusterId, ...event.data } as never, t);
  await tx.commit();
  return tx.at;
}

/**
 * Stored requests with what Velero reports of each, read from the cluster
 * once: `statusOf` for one Velero has, Pending or Unknown for one it has not.
 */
export async function withVeleroStatus<R extends { name: string }, S>(
  ports: Ports,
  c: Cluster,
  kind: RequestKind,
  records: R[],
  statusOf: (o: KubeObject) => S,
): Promise<Array<R & { status: S | ReturnType<typeof unseenStatus> }>> {
  const live = await veleroObjects(await workloadOf(ports, c), kind);
  return records.map((r) => {
    const o = live instanceof Error ? undefined : live.get(r.name);
    return { ...r, status: o ? statusOf(o) : unseenStatus(live) };
  });
}

/** What a read shows of a request Velero has not (yet, or visibly) got: Pending, or Unknown with why. */
export function unseenStatus(live: Map<string, KubeObject> | Error): { phase: string; message: string } {
  return live instanceof Error
    ? { phase: "Unknown", message: `the cluster's Velero cannot be read: ${live.message}` }
    : { phase: "Pending", message: "asked for; the control plane is creating it in the cluster" };
}

/**
 * A page of a list that merges stored requests and the cluster's objects:
 * sorted by name, the cursor the last name given (bound to its list, so a
 * cursor of another list is a 400).
 */
export function pageByName<T extends { name: string }>(
  items: T[],
  list: string,
  page: { limit: number; cursor?: string | undefined },
): Page<T> {
  let after: string | undefined;
  if (page.cursor) {
    let c: unknown;
    try {
      c = JSON.parse(Buffer.from(page.cursor, "base64url").toString("utf8"));
    } catch {
      c = undefined;
    }
    const k = c as { l?: unknown; a?: unknown } | undefined;
    if (!k || k.l !== list || typeof k.a !== "string")
      throw badRequest("cursor is not valid", [{ path: "cursor", message: "not a cursor issued by this list" }]);
    after = k.a;
  }
  const sorted = [...items]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((i) => after === undefined || i.name > after);
  const out = sorted.slice(0, page.limit);
  const more = sorted.length > page.limit;
  const last = out.at(-1)?.name;
  return { items: out, nextCursor: more && last ? Buffer.from(JSON.stringify({ l: list, a: last })).toString("base64url") : null };
}

/** The cluster's workload cluster, for a command that needs it now (a restore checks its backup): else 503. */
export function requireWorkload(w: WorkloadClient | Error, c: Cluster): WorkloadClient {
  if (w instanceof Error) throw new RetryableError(`cluster ${c.name}'s Velero cannot be reached: ${w.message}`);
  return w;
}
