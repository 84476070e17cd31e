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
