import { getCluster } from "../clusters/clusters.js";
import type { Ctx, Deps } from "../deps.js";
import { notFound } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import type { Backup, BackupSpec, CreateBackupInput } from "./backup-model.js";
import {
  checkNameFree,
  type Ports,
  pageByName,
  resolveLocation,
  storedRequests,
  storeRequest,
  unseenStatus,
  veleroCluster,
  veleroObjects,
  workloadOf,
} from "./requests.js";
import { backupFromObject } from "./velero-objects.js";

/**
 * A cluster's backups (docs/backups.md): those asked for through the API
 * and those Velero made for a schedule, as Velero reports them.
 */
interface BackupRecord extends BackupSpec {
  name: string;
  clusterId: string;
  createdAt: string;
}

function specOf(input: CreateBackupInput, location: string): BackupSpec {
  return {
    ...(input.includedNamespaces?.length ? { includedNamespaces: input.includedNamespaces } : {}),
    ...(input.excludedNamespaces?.length ? { excludedNamespaces: input.excludedNamespaces } : {}),
    ...(input.labelSelector ? { labelSelector: input.labelSelector } : {}),
    ttl: input.ttl,
    location,
  };
}

export async function createBackup(
  deps: Deps,
  ctx: Ctx,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  input: CreateBackupInput,
): Promise<Backup> {
  const c = await veleroCluster(deps, t, clusterId);
  const location = await resolveLocation(deps, t, input.location);
  await checkNameFree(deps, t, "backup", c, input.name, await workloadOf(ports, c));
  const record: BackupRecord = { name: input.name, clusterId: c.id, ...specOf(input, location), createdAt: "" };
  const { createdAt: _c, ...stored } = record;
  const at = await storeRequest(deps, ctx, t, "backup", stored, {
    type: "ckp.backup.created",
    data: { name: input.name, cluster: c.name, location },
  });
  return { ...record, createdAt: at, status: unseenStatus(new Map()) };
}

async function allBackups(deps: Deps, ports: Ports, t: ProjectRef, clusterId: string): Promise<Backup[]> {
  const c = await getCluster(deps, t, clusterId);
  const [records, live] = await Promise.all([
    storedRequests<BackupRecord>(deps, t, "backup", c.id),
    workloadOf(ports, c).then((w) => veleroObjects(w, "backup")),
  ]);
  const out = new Map<string, Backup>();
  for (const r of records) out.set(r.name, { ...r, status: unseenStatus(live) });
  if (!(live instanceof Error))
    for (const o of live.values()) {
      const b = backupFromObject(o, c.id);
      const r = out.get(b.name);
      // the request's own time, for one asked for through the API
      out.set(b.name, r ? { ...b, createdAt: r.createdAt } : b);
    }
  return [...out.values()];
}

export async function listBackups(
  deps: Deps,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Backup>> {
  return pageByName(await allBackups(deps, ports, t, clusterId), `backups/${clusterId}`, page);
}

export async function getBackup(deps: Deps, ports: Ports, t: ProjectRef, clusterId: string, name: string): Promise<Backup> {
  const b = (await allBackups(deps, ports, t, clusterId)).find((x) => x.name === name);
  if (!b) throw notFound(`backup ${name}`);
  return b;
}
