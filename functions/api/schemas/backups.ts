import { z } from "zod";

export const backupLocationSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    project: z.string(),
    description: z.string().optional(),
    provider: z.literal("aws"),
    bucket: z.string(),
    prefix: z.string().optional().describe("without a trailing slash; absent: the whole bucket"),
    region: z.string(),
    endpoint: z.string().optional(),
    s3ForcePathStyle: z.boolean(),
    caBundle: z.string().optional(),
    credentialsSet: z.literal(true).describe("the keys are stored (encrypted); they are never returned"),
    default: z.boolean(),
    verifiedAt: z.string().describe("when the control plane last wrote and removed a probe object with the keys"),
    clusters: z
      .array(
        z.object({
          clusterId: z.string(),
          cluster: z.string(),
          phase: z.enum(["Available", "Unavailable", "Pending"]),
          lastValidationTime: z.string().optional(),
          message: z.string().optional(),
        }),
      )
      .describe("the project's clusters that run Velero, with the location's phase as Velero last reported it there"),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "BackupLocation" });

const namespacesOut = z.array(z.string());
const labelSelectorOut = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
});
const phase = z
  .string()
  .describe(
    "Velero's phase (New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation, …; a schedule: New, Enabled, FailedValidation), or the control plane's: Pending (asked for, not yet in the cluster), Unknown (the cluster's Velero cannot be read; see message)",
  );
const veleroStatus = {
  phase,
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  errors: z.number().optional().describe("errors Velero counted"),
  warnings: z.number().optional(),
  validationErrors: z.array(z.string()).optional().describe("why Velero refused it (FailedValidation)"),
  message: z.string().optional(),
};
const backupSpecOut = {
  includedNamespaces: namespacesOut.optional(),
  excludedNamespaces: namespacesOut.optional(),
  labelSelector: labelSelectorOut.optional(),
  ttl: z.string(),
  location: z.string().describe("the backup location it is written to"),
};

export const backupSchema = z
  .object({
    name: z.string(),
    clusterId: z.string(),
    ...backupSpecOut,
    schedule: z.string().optional().describe("the schedule that made it, for a scheduled backup"),
    createdAt: z.string(),
    status: z.object({
      ...veleroStatus,
      expiresAt: z.string().optional().describe("when Velero deletes it (its TTL)"),
      progress: z.object({ itemsBackedUp: z.number(), totalItems: z.number() }).optional(),
    }),
  })
  .meta({ id: "Backup" });

export const backupScheduleSchema = z
  .object({
    name: z.string(),
    clusterId: z.string(),
    schedule: z.string(),
    paused: z.boolean(),
    skipImmediately: z.boolean(),
    ...backupSpecOut,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    status: z.object({
      phase,
      lastBackup: z.string().optional().describe("when Velero last made a backup for it"),
      validationErrors: z.array(z.string()).optional(),
      message: z.string().optional(),
    }),
  })
  .meta({ id: "BackupSchedule" });

export const restoreSchema = z
  .object({
    name: z.string(),
    clusterId: z.string(),
    backup: z.string(),
    includedNamespaces: namespacesOut.optional(),
    excludedNamespaces: namespacesOut.optional(),
    namespaceMapping: z.record(z.string(), z.string()).optional(),
    createdAt: z.string(),
    status: z.object({ ...veleroStatus, progress: z.object({ itemsRestored: z.number(), totalItems: z.number() }).optional() }),
  })
  .meta({ id: "Restore" });
