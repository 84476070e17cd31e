import { getCluster } from "../clusters/clusters.js";
import type { Ctx, Deps } from "../deps.js";
import { notFound } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { findItem } from "../store/read.js";
import type { CreateRestoreInput, Restore } from "./backup-model.js";
import { VELERO_API_VERSION, VELERO_NAMESPACE } from "./render.js";
import {
  checkNameFree,
  type Ports,
  pageByName,
  requestKeys,
  requestOf,
  requireWorkload,
  storedRequests,
  storeRequest,
  unseenStatus,
  veleroCluster,
  withVeleroStatus,
  workloadOf,
} from "./requests.js";
import { restoreStatusOf } from "./velero-objects.js";

/**
 * A cluster's restores (docs/backups.md): Velero restores a backup of the
 * same cluster — one asked for through the API or made by a schedule —
 * optionally into other namespaces.
 */
type RestoreRecord = Omit<Restore, "status">;

export async function createRestore(
  deps: Deps,
  ctx: Ctx,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  input: CreateRestoreInput,
): Promise<Restore> {
  const c = await veleroCluster(deps, t, clusterId);
  const w = await workloadOf(ports, c);
  await checkNameFree(deps, t, "restore", c, input.name, w);
  // the backup must be this cluster's: asked for here, or in its Velero (a schedule's)
  const asked = await findItem(deps, requestKeys.item(t, "backup", c.id, input.backup), { consistent: true });
  if (!asked) {
    const live = await requireWorkload(w, c).get({
      apiVersion: VELERO_API_VERSION,
      kind: "Backup",
      namespace: VELERO_NAMESPACE,
      name: input.backup,
    });
    if (!live) throw notFound(`backup ${input.backup} of cluster ${c.name}`);
  }
  const stored = {
    name: input.name,
    clusterId: c.id,
    backup: input.backup,
    ...(input.includedNamespaces?.length ? { includedNamespaces: input.includedNamespaces } : {}),
    ...(input.excludedNamespaces?.length ? { excludedNamespaces: input.excludedNamespaces } : {}),
    ...(input.namespaceMapping && Object.keys(input.namespaceMapping).length ? { namespaceMapping: input.namespaceMapping } : {}),
  };
  const at = await storeRequest(deps, ctx, t, "restore", stored, {
    type: "ckp.restore.created",
    data: { name: input.name, cluster: c.name, backup: input.backup },
  });
  return { ...stored, createdAt: at, status: unseenStatus(new Map()) };
}

export async function listRestores(
  deps: Deps,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Restore>> {
  const c = await getCluster(deps, t, clusterId);
  const p = pageByName(await storedRequests<RestoreRecord>(deps, t, "restore", c.id), `restores/${clusterId}`, page);
  return { items: await withVeleroStatus(ports, c, "restore", p.items, restoreStatusOf), nextCursor: p.nextCursor };
}

export async function getRestore(deps: Deps, ports: Ports, t: ProjectRef, clusterId: string, name: string): Promise<Restore> {
  const c = await getCluster(deps, t, clusterId);
  const r = await findItem<RestoreRecord>(deps, requestKeys.item(t, "restore", clusterId, name), { consistent: true });
  if (!r) throw notFound(`restore ${name}`);
  return (await withVeleroStatus(ports, c, "restore", [requestOf(r)], restoreStatusOf))[0] as Restore;
}
