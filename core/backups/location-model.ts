import { z } from "zod";
import { dnsLabel, HTTP_URL } from "../shared/names.js";

/**
 * Backup storage locations (product §17): where a project's clusters' Velero
 * keeps its backups, an S3-compatible bucket and a prefix in it. A project
 * resource: usable only by that project's clusters, and no two projects may
 * hold the same bucket and prefix (core/backups/bucket-claims.ts). The access
 * keys are write-only (sealed like credentials, never returned, never in an
 * event or log).
 */

/** S3's bucket naming rules (the DNS-compatible ones every S3-compatible store accepts). */
export const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Key segments without empty ones (no leading or doubled slash); one trailing slash is dropped. */
export const PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/?$/;
const REGION = /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/;
const PEM_CERTS = /^(\s*-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----)+\s*$/;

const bucket = z.string().min(3).max(63).regex(BUCKET, "an S3 bucket name: 3–63 lowercase letters, digits, '.' and '-'");
const prefix = z
  .string()
  .min(1)
  .max(512)
  .regex(PREFIX, "key segments separated by '/', without a leading or doubled '/'")
  .describe("the key prefix Velero writes under; left out, the whole bucket");
const region = z.string().min(1).max(32).regex(REGION, "a region name, e.g. us-east-1");
const endpoint = z
  .string()
  .max(2048)
  .regex(HTTP_URL, "must be an http(s) URL")
  .describe("the S3 API's URL for an S3-compatible store (MinIO, Ceph RGW, …); left out, AWS S3 in `region`");
const caBundle = z
  .string()
  .max(65536)
  .regex(PEM_CERTS, "PEM certificates")
  .describe("PEM certificates to trust for an endpoint whose certificate a private CA signed");
export const s3Credentials = z
  .strictObject({
    accessKeyId: z
      .string()
      .min(3)
      .max(128)
      .regex(/^[A-Za-z0-9+/=_-]+$/, "letters, digits and +/=_-"),
    secretAccessKey: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces"),
  })
  .describe("the keys Velero and the control plane's check use. Write-only: never returned.");

export const createBackupLocationInput = z.strictObject({
  name: dnsLabel,
  description: z.string().max(1000).optional(),
  provider: z.literal("aws").default("aws").describe("`aws`: S3 or an S3-compatible store"),
  bucket,
  prefix: prefix.optional(),
  region: region.default("us-east-1"),
  endpoint: endpoint.optional(),
  s3ForcePathStyle: z.boolean().default(false).describe("path-style addressing (most S3-compatible stores need it)"),
  caBundle: caBundle.optional(),
  credentials: s3Credentials,
  default: z.boolean().default(false).describe("backups of the project that name no location use this one"),
});
export type CreateBackupLocationInput = z.infer<typeof createBackupLocationInput>;

/** A change: each field given replaces the stored one; `null` removes an optional one. */
export const updateBackupLocationInput = z.strictObject({
  description: z.string().max(1000).nullable().optional(),
  bucket: bucket.optional(),
  prefix: prefix.nullable().optional(),
  region: region.optional(),
  endpoint: endpoint.nullable().optional(),
  s3ForcePathStyle: z.boolean().optional(),
  caBundle: caBundle.nullable().optional(),
  credentials: s3Credentials.optional(),
  default: z.boolean().optional(),
});
export type UpdateBackupLocationInput = z.infer<typeof updateBackupLocationInput>;

/** Where a location points: what the check reaches and what Velero is given. */
export interface S3Target {
  bucket: string;
  /** without a trailing slash; absent for the whole bucket */
  prefix?: string;
  region: string;
  endpoint?: string;
  s3ForcePathStyle: boolean;
  caBundle?: string;
}

export interface BackupLocation extends S3Target {
  name: string;
  domain: string;
  project: string;
  description?: string;
  provider: "aws";
  /** the keys are stored (encrypted); they are never returned */
  credentialsSet: true;
  default: boolean;
  /** when the control plane last reached the bucket with the keys (on create, and on each change of where or how) */
  verifiedAt: string;
  /** what Velero in each of the project's clusters that runs it last reported of the location */
  clusters: LocationInCluster[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A prefix as stored: no trailing slash, absent for the whole bucket. */
export function normalizePrefix(p: string | null | undefined): string | undefined {
  if (p === null || p === undefined) return undefined;
  const s = p.replace(/\/+$/, "");
  return s === "" ? undefined : s;
}

/** A location in one cluster: its BackupStorageLocation's status as Velero reports it. */
export interface LocationInCluster {
  clusterId: string;
  cluster: string;
  phase: "Available" | "Unavailable" | "Pending";
  lastValidationTime?: string;
  message?: string;
}
