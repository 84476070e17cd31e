import { getCluster } from "../clusters/clusters.js";
import type { Cluster } from "../clusters/model.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, getItem } from "../store/read.js";
import type { BackupSchedule, CreateBackupScheduleInput, UpdateBackupScheduleInput } from "./backup-model.js";
import {
  checkNameFree,
  type Ports,
  pageByName,
  requestKeys,
  requestOf,
  resolveLocation,
  storedRequests,
  storeRequest,
  unseenStatus,
  veleroCluster,
  withVeleroStatus,
  workloadOf,
} from "./requests.js";
import { scheduleStatusOf } from "./velero-objects.js";

/**
 * A cluster's backup schedules (docs/backups.md): Velero's Schedules, which
 * make a backup each time their cron is due. The schedule is the
 * control plane's (created, changed, paused and deleted here); what Velero
 * did with it (phase, last backup) is read back.
 */
type ScheduleRecord = Omit<BackupSchedule, "status">;

const describe = (name: string) => `backup schedule ${name}`;

export async function createBackupSchedule(
  deps: Deps,
  ctx: Ctx,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  input: CreateBackupScheduleInput,
): Promise<BackupSchedule> {
  const c = await veleroCluster(deps, t, clusterId);
  const location = await resolveLocation(deps, t, input.location);
  await checkNameFree(deps, t, "schedule", c, input.name, await workloadOf(ports, c));
  const stored = {
    name: input.name,
    clusterId: c.id,
    schedule: input.schedule,
    paused: input.paused,
    skipImmediately: input.skipImmediately,
    ...(input.includedNamespaces?.length ? { includedNamespaces: input.includedNamespaces } : {}),
    ...(input.excludedNamespaces?.length ? { excludedNamespaces: input.excludedNamespaces } : {}),
    ...(input.labelSelector ? { labelSelector: input.labelSelector } : {}),
    ttl: input.ttl,
    location,
    version: 1,
  };
  const at = await storeRequest(deps, ctx, t, "schedule", stored, {
    type: "ckp.backupschedule.created",
    data: { name: input.name, cluster: c.name, schedule: input.schedule, paused: input.paused, location },
  });
  return { ...stored, createdAt: at, updatedAt: at, status: unseenStatus(new Map()) };
}

async function withStatus(ports: Ports, c: Cluster, records: ScheduleRecord[]): Promise<BackupSchedule[]> {
  const shown = await withVeleroStatus(ports, c, "schedule", records, scheduleStatusOf);
  return shown.map((s) => ({ ...s, updatedAt: s.updatedAt ?? s.createdAt }));
}

export async function listBackupSchedules(
  deps: Deps,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<BackupSchedule>> {
  const c = await getCluster(deps, t, clusterId);
  const records = await storedRequests<ScheduleRecord>(deps, t, "schedule", c.id);
  const p = pageByName(records, `backup-schedules/${clusterId}`, page);
  return { items: await withStatus(ports, c, p.items), nextCursor: p.nextCursor };
}

/** The cluster (404 if it is not the project's) and its schedule. */
async function record(deps: Deps, t: ProjectRef, clusterId: string, name: string): Promise<{ c: Cluster; r: ScheduleRecord }> {
  const c = await getCluster(deps, t, clusterId);
  const key = requestKeys.item(t, "schedule", clusterId, name);
  return { c, r: requestOf(await getItem<ScheduleRecord>(deps, key, describe(name), { consistent: true })) };
}

export async function getBackupSchedule(deps: Deps, ports: Ports, t: ProjectRef, clusterId: string, name: string): Promise<BackupSchedule> {
  const { c, r } = await record(deps, t, clusterId, name);
  return (await withStatus(ports, c, [r]))[0] as BackupSchedule;
}

export async function updateBackupSchedule(
  deps: Deps,
  ctx: Ctx,
  ports: Ports,
  t: ProjectRef,
  clusterId: string,
  name: string,
  input: UpdateBackupScheduleInput,
  ifMatch?: number,
): Promise<BackupSchedule> {
  const { c, r: prev } = await record(deps, t, clusterId, name);
  checkIfMatch(describe(name), prev.version, ifMatch);
  const { includedNamespaces: _i, excludedNamespaces: _e, labelSelector: _l, ...kept } = prev;
  const pick = <K extends "includedNamespaces" | "excludedNamespaces" | "labelSelector">(k: K): Partial<ScheduleRecord> => {
    const v = input[k];
    if (v === null) return {};
    if (v === undefined) return prev[k] !== undefined ? { [k]: prev[k] } : {};
    return Array.isArray(v) && v.length === 0 ? {} : { [k]: v };
  };
  const tx = transaction(deps, ctx);
  const next: ScheduleRecord = {
    ...kept,
    ...pick("includedNamespaces"),
    ...pick("excludedNamespaces"),
    ...pick("labelSelector"),
    ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
    ...(input.paused !== undefined ? { paused: input.paused } : {}),
    ...(input.ttl !== undefined ? { ttl: input.ttl } : {}),
    updatedAt: tx.at,
    version: prev.version + 1,
  };
  tx.put(
    { ...requestKeys.item(t, "schedule", clusterId, name), kind: "velero-schedule", ...next },
    {
      condition: "version = :v",
      values: { ":v": prev.version },
      onConditionFailed: () => conflict(`${describe(name)} changed concurrently; read it again`),
    },
  );
  tx.emit(
    "ckp.backupschedule.updated",
    `clusters/${clusterId}/schedules/${name}`,
    { clusterId, name, schedule: next.schedule, paused: next.paused, location: next.location },
    t,
  );
  await tx.commit();
  return (await withStatus(ports, c, [next]))[0] as BackupSchedule;
}

/** Deletes the schedule; the backups it made stay (until their TTL). */
export async function deleteBackupSchedule(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  clusterId: string,
  name: string,
  ifMatch?: number,
): Promise<void> {
  const { r: prev } = await record(deps, t, clusterId, name);
  checkIfMatch(describe(name), prev.version, ifMatch);
  const tx = transaction(deps, ctx);
  tx.delete(requestKeys.item(t, "schedule", clusterId, name), {
    condition: "version = :v",
    values: { ":v": prev.version },
    onConditionFailed: () => conflict(`${describe(name)} changed concurrently; read it again`),
  });
  tx.emit("ckp.backupschedule.deleted", `clusters/${clusterId}/schedules/${name}`, { clusterId, name }, t);
  await tx.commit();
}
