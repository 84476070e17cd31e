import { z } from "zod";
import { DNS_LABEL, dnsLabel } from "../shared/names.js";
import { labelSelector } from "../shared/selector.js";

/**
 * Backups, schedules and restores of a cluster (docs/backups.md): what a
 * user asks of the cluster's Velero, kept by the control plane as the
 * request (tenant-isolated, audited) and carried into the workload cluster
 * as Velero's own objects (core/backups/velero-objects.ts). What happened —
 * phase, progress, errors — is Velero's to say: it is read back from those
 * objects on every read, never stored.
 */

/** A Go duration as Velero takes it for a TTL: hours, minutes, seconds, e.g. `720h0m0s`, `24h`, `90m`. */
export const GO_DURATION = /^(?=[0-9])([0-9]{1,6}h)?([0-9]{1,6}m)?([0-9]{1,6}s)?$/;
/**
 * A schedule as Velero reads it (robfig/cron's standard parser): five fields
 * (minute hour day-of-month month day-of-week), a descriptor, or `@every`
 * and a duration. The form is checked here; a field out of its range
 * (minute 75) is Velero's to refuse, and shows as FailedValidation.
 */
export const CRON =
  /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every ([0-9]{1,6}(h|m|s))+|[0-9A-Za-z*/,?-]{1,64}( [0-9A-Za-z*/,?-]{1,64}){4})$/;

const namespaceName = z
  .string()
  .max(63)
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?|\*)$/, "a namespace name, or * for all");
const namespaces = z.array(namespaceName).max(100);

/** What to back up; the same for a backup and a schedule's backups. */
const backupSpec = {
  includedNamespaces: namespaces.optional().describe('namespaces to back up; left out or ["*"], all'),
  excludedNamespaces: namespaces.optional().describe("namespaces to leave out"),
  labelSelector: labelSelector.optional().describe("only objects whose labels match"),
  ttl: z
    .string()
    .max(24)
    .regex(GO_DURATION, "a duration in hours, minutes and seconds, e.g. 720h0m0s")
    .default("720h0m0s")
    .describe("how long Velero keeps the backup before it deletes it (a Go duration; 720h = 30 days)"),
  location: dnsLabel.optional().describe("the project's backup location to write to; left out, the project's default location"),
};

export const createBackupInput = z.strictObject({ name: dnsLabel, ...backupSpec });
export type CreateBackupInput = z.infer<typeof createBackupInput>;

export const createBackupScheduleInput = z.strictObject({
  name: dnsLabel,
  schedule: z
    .string()
    .max(200)
    .regex(CRON, "a cron schedule: five fields, @daily-style, or @every 6h")
    .describe("when Velero backs up (cron, UTC)"),
  paused: z.boolean().default(false).describe("a paused schedule makes no backups"),
  skipImmediately: z
    .boolean()
    .default(false)
    .describe("Velero's skipImmediately: a backup that is due when the schedule starts (or is unpaused) is skipped"),
  ...backupSpec,
});
export type CreateBackupScheduleInput = z.infer<typeof createBackupScheduleInput>;

/** A change: each field given replaces the stored one; `null` removes an optional one. */
export const updateBackupScheduleInput = z.strictObject({
  schedule: createBackupScheduleInput.shape.schedule.optional(),
  paused: z.boolean().optional(),
  includedNamespaces: namespaces.nullable().optional(),
  excludedNamespaces: namespaces.nullable().optional(),
  labelSelector: labelSelector.nullable().optional(),
  ttl: z.string().max(24).regex(GO_DURATION, "a duration in hours, minutes and seconds, e.g. 720h0m0s").optional(),
});
export type UpdateBackupScheduleInput = z.infer<typeof updateBackupScheduleInput>;

export const createRestoreInput = z.strictObject({
  name: dnsLabel,
  backup: dnsLabel.describe("the backup to restore from: one of the cluster's (made on request or by a schedule)"),
  includedNamespaces: namespaces.optional().describe("namespaces of the backup to restore; left out, all"),
  excludedNamespaces: namespaces.optional(),
  namespaceMapping: z
    .record(dnsLabel, dnsLabel)
    .refine((m) => Object.keys(m).length <= 50, { message: "at most 50 namespaces" })
    .meta({ propertyNames: { maxLength: 63, pattern: DNS_LABEL.source }, maxProperties: 50 })
    .optional()
    .describe("restore a namespace of the backup under another name: {from: to}"),
});
export type CreateRestoreInput = z.infer<typeof createRestoreInput>;

/** What was asked: a backup's and a schedule's template. */
export interface BackupSpec {
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  labelSelector?: z.infer<typeof labelSelector>;
  ttl: string;
  /** the location, resolved when asked (the project's default then, if none was named) */
  location: string;
}

/** Velero's phases, and two of the control plane's: Pending (asked, not yet in the cluster), Unknown (the cluster cannot be read). */
export type VeleroPhase = string;

export interface VeleroStatus {
  phase: VeleroPhase;
  startedAt?: string;
  completedAt?: string;
  errors?: number;
  warnings?: number;
  validationErrors?: string[];
  /** why the phase is Pending or Unknown, or Velero's failure reason */
  message?: string;
}

export interface Backup extends BackupSpec {
  name: string;
  clusterId: string;
  /** the schedule that made it, for a scheduled backup */
  schedule?: string;
  /** when it was asked for (for a scheduled backup: when Velero made it) */
  createdAt: string;
  status: VeleroStatus & { expiresAt?: string; progress?: { itemsBackedUp: number; totalItems: number } };
}

export interface BackupSchedule extends BackupSpec {
  name: string;
  clusterId: string;
  schedule: string;
  paused: boolean;
  skipImmediately: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  status: { phase: VeleroPhase; lastBackup?: string; validationErrors?: string[]; message?: string };
}

export interface Restore {
  name: string;
  clusterId: string;
  backup: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  namespaceMapping?: Record<string, string>;
  createdAt: string;
  status: VeleroStatus & { progress?: { itemsRestored: number; totalItems: number } };
}
