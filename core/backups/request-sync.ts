import { clusterKeys } from "../clusters/items.js";
import type { Cluster } from "../clusters/model.js";
import type { Deps } from "../deps.js";
import type { KubeObject } from "../kube/objects.js";
import { RetryableError } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { findItem } from "../store/read.js";
import type { Backup, BackupSchedule, Restore } from "./backup-model.js";
import { VELERO_API_VERSION, VELERO_NAMESPACE } from "./render.js";
import { type Ports, type RequestKind, requestKeys, requestOf, VELERO_KIND, workloadOf } from "./requests.js";
import { backupObject, restoreObject, scheduleObject } from "./velero-objects.js";

/**
 * Carrying a backup, schedule or restore request into the cluster's Velero
 * (the machines worker, on `ckp.backup.created`, `ckp.backupschedule.*` and
 * `ckp.restore.created`): the stored request is applied as Velero's object
 * (server-side apply, so a delivery repeated does nothing more), or, for a
 * schedule no longer stored, its Schedule is deleted. A workload cluster
 * that cannot be reached fails the message, so it is delivered again.
 *
 * A backup (or a schedule, which backs up at once) is held until Velero
 * finds the location it writes to Available: Velero refuses a backup whose
 * BackupStorageLocation is not Available at the moment it looks, for good,
 * and a location just rendered into a cluster has no phase for a few
 * seconds, or is Unavailable until Velero validates it again (its
 * credential Secret arrived after the location, say). Held, the message
 * fails and comes back with backoff; on its last delivery (`hold: false`)
 * the object is applied anyway, so Velero says why it fails rather than the
 * request staying Pending for ever.
 */
export async function syncRequest(
  deps: Deps,
  ports: Ports,
  t: ProjectRef,
  kind: RequestKind,
  clusterId: string,
  name: string,
  o: { hold?: boolean } = {},
): Promise<string> {
  const c = await findItem<Cluster>(deps, clusterKeys.cluster(t, clusterId), { consistent: true });
  if (!c || c.phase === "Deleting") return `cluster ${clusterId} is gone or going: nothing to do`;
  const stored = await findItem<Record<string, unknown>>(deps, requestKeys.item(t, kind, clusterId, name), { consistent: true });
  const w = await workloadOf(ports, c);
  if (w instanceof Error) throw new RetryableError(`cluster ${c.name}'s Velero cannot be reached: ${w.message}`);
  const by = `${t.domain}.${t.project}`;
  if (!stored) {
    const existed = await w.delete({ apiVersion: VELERO_API_VERSION, kind: VELERO_KIND[kind], namespace: VELERO_NAMESPACE, name });
    return existed ? `${kind} ${name} removed from Velero` : `${kind} ${name} is not in Velero`;
  }
  const r = requestOf(stored);
  if ((o.hold ?? true) && kind !== "restore") {
    const location = (r as unknown as { location: string }).location;
    const bsl = await w.get({ apiVersion: VELERO_API_VERSION, kind: "BackupStorageLocation", namespace: VELERO_NAMESPACE, name: location });
    const why = locationNotAvailable(location, bsl);
    if (why) throw new RetryableError(`${kind} ${name} is held: ${why}`);
  }
  const object =
    kind === "backup"
      ? backupObject(r as unknown as Backup, by)
      : kind === "schedule"
        ? scheduleObject(r as unknown as BackupSchedule, by)
        : restoreObject(r as unknown as Restore, by);
  await w.apply(object);
  return `${kind} ${name} applied to Velero`;
}

/**
 * Why a backup to this location must wait, or undefined once Velero finds
 * it Available. An Unavailable location waits too: Velero validates it
 * again on its own period, and a location is often Unavailable only until
 * then; a request that waits out its deliveries is applied anyway.
 */
export function locationNotAvailable(location: string, bsl: KubeObject | undefined): string | undefined {
  if (!bsl) return `backup location ${location} is not in the cluster's Velero yet`;
  const status = (bsl as { status?: { phase?: string; message?: string } }).status;
  if (!status?.phase) return `Velero has not validated backup location ${location} yet`;
  if (status.phase === "Available") return undefined;
  return `Velero finds backup location ${location} ${status.phase}${status.message ? ` (${status.message})` : ""}; it validates it again shortly`;
}
