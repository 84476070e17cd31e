import { z } from "zod";

/** Backup storage locations (docs/backups.md): where they point, never their keys. */
export const backupLocationChanged = z.object({
  name: z.string(),
  bucket: z.string(),
  prefix: z.string().optional(),
  region: z.string(),
  endpoint: z.string().optional(),
  s3ForcePathStyle: z.boolean(),
  default: z.boolean(),
  /** whether the request set new keys (the keys themselves are never in an event) */
  credentialsChanged: z.boolean(),
});
export const backupLocationDeleted = z.object({ name: z.string(), bucket: z.string(), prefix: z.string().optional() });

/** Backups, schedules and restores of a cluster (docs/backups.md): what was asked; Velero's status is read from the cluster. */
const request = { clusterId: z.string(), cluster: z.string(), name: z.string() };
export const backupCreated = z.object({ ...request, location: z.string() });
export const backupScheduleCreated = z.object({ ...request, schedule: z.string(), paused: z.boolean(), location: z.string() });
export const backupScheduleUpdated = z.object({
  clusterId: z.string(),
  name: z.string(),
  schedule: z.string(),
  paused: z.boolean(),
  location: z.string(),
});
export const backupScheduleDeleted = z.object({ clusterId: z.string(), name: z.string() });
export const restoreCreated = z.object({ ...request, backup: z.string() });
