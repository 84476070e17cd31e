import type { KubeObject } from "../kube/objects.js";
import type { Backup, BackupSchedule, BackupSpec, Restore, VeleroStatus } from "./backup-model.js";
import { VELERO_API_VERSION, VELERO_NAMESPACE } from "./render.js";

/**
 * Backups, schedules and restores as Velero's objects (velero.io/v1, in the
 * workload cluster's `velero` namespace), and back: the request a user made
 * becomes a Backup, Schedule or Restore spec; their status is read from what
 * Velero's server wrote. Objects the control plane wrote carry
 * REQUEST_LABEL, so a schedule's backups (which Velero makes) can be told
 * from them.
 */
export const REQUEST_LABEL = "ckp.io/requested-by";
/** the label Velero puts on the backups a schedule makes */
export const SCHEDULE_LABEL = "velero.io/schedule-name";

type Any = Record<string, unknown>;

function backupSpecOf(s: BackupSpec): Any {
  return {
    ...(s.includedNamespaces?.length ? { includedNamespaces: s.includedNamespaces } : {}),
    ...(s.excludedNamespaces?.length ? { excludedNamespaces: s.excludedNamespaces } : {}),
    ...(s.labelSelector ? { labelSelector: s.labelSelector } : {}),
    ttl: s.ttl,
    storageLocation: s.location,
  };
}

const meta = (name: string, by: string) => ({ name, namespace: VELERO_NAMESPACE, labels: { [REQUEST_LABEL]: by } });

export function backupObject(b: Pick<Backup, "name"> & BackupSpec, by: string): KubeObject {
  return { apiVersion: VELERO_API_VERSION, kind: "Backup", metadata: meta(b.name, by), spec: backupSpecOf(b) } as KubeObject;
}

export function scheduleObject(
  s: Omit<BackupSchedule, "status" | "clusterId" | "createdAt" | "updatedAt" | "version">,
  by: string,
): KubeObject {
  return {
    apiVersion: VELERO_API_VERSION,
    kind: "Schedule",
    metadata: meta(s.name, by),
    spec: { schedule: s.schedule, paused: s.paused, skipImmediately: s.skipImmediately, template: backupSpecOf(s) },
  } as KubeObject;
}

export function restoreObject(r: Omit<Restore, "status" | "clusterId" | "createdAt">, by: string): KubeObject {
  return {
    apiVersion: VELERO_API_VERSION,
    kind: "Restore",
    metadata: meta(r.name, by),
    spec: {
      backupName: r.backup,
      ...(r.includedNamespaces?.length ? { includedNamespaces: r.includedNamespaces } : {}),
      ...(r.excludedNamespaces?.length ? { excludedNamespaces: r.excludedNamespaces } : {}),
      ...(r.namespaceMapping && Object.keys(r.namespaceMapping).length ? { namespaceMapping: r.namespaceMapping } : {}),
    },
  } as KubeObject;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) && v.length ? v.filter((x): x is string => typeof x === "string") : undefined);
function defined<T extends Any>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Phases after which Velero counts nothing more. */
const FINAL = new Set(["Completed", "PartiallyFailed", "Failed", "FailedValidation"]);

/**
 * The status every kind shares; New until Velero's server has looked at it.
 * Velero leaves a count out when it is zero (omitempty): once the phase is
 * final, a count left out is 0.
 */
function commonStatus(o: KubeObject): VeleroStatus {
  const s = ((o as Any).status ?? {}) as Any;
  const phase = str(s.phase) ?? "New";
  const count = (v: unknown) => num(v) ?? (FINAL.has(phase) ? 0 : undefined);
  return defined({
    phase,
    startedAt: str(s.startTimestamp),
    completedAt: str(s.completionTimestamp),
    errors: count(s.errors),
    warnings: count(s.warnings),
    validationErrors: strs(s.validationErrors),
    message: str(s.failureReason),
  });
}

/** A Backup object as the API shows it: its spec, and what Velero reports. */
export function backupFromObject(o: KubeObject, clusterId: string): Backup {
  const spec = ((o as Any).spec ?? {}) as Any;
  const s = ((o as Any).status ?? {}) as Any;
  const progress = s.progress as { itemsBackedUp?: number; totalItems?: number } | undefined;
  const schedule = o.metadata.labels?.[SCHEDULE_LABEL];
  return defined({
    name: o.metadata.name,
    clusterId,
    includedNamespaces: strs(spec.includedNamespaces),
    excludedNamespaces: strs(spec.excludedNamespaces),
    labelSelector: spec.labelSelector as BackupSpec["labelSelector"],
    ttl: str(spec.ttl) ?? "720h0m0s",
    location: str(spec.storageLocation) ?? "default",
    schedule,
    createdAt: str(o.metadata.creationTimestamp) ?? "",
    status: defined({
      ...commonStatus(o),
      expiresAt: str(s.expiration),
      progress: progress ? { itemsBackedUp: progress.itemsBackedUp ?? 0, totalItems: progress.totalItems ?? 0 } : undefined,
    }),
  });
}

export function scheduleStatusOf(o: KubeObject): BackupSchedule["status"] {
  const s = ((o as Any).status ?? {}) as Any;
  return defined({ phase: str(s.phase) ?? "New", lastBackup: str(s.lastBackup), validationErrors: strs(s.validationErrors) });
}

export function restoreStatusOf(o: KubeObject): Restore["status"] {
  const s = ((o as Any).status ?? {}) as Any;
  const progress = s.progress as { itemsRestored?: number; totalItems?: number } | undefined;
  return defined({
    ...commonStatus(o),
    progress: progress ? { itemsRestored: progress.itemsRestored ?? 0, totalItems: progress.totalItems ?? 0 } : undefined,
  });
}
