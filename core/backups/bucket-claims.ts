import type { Deps } from "../deps.js";
import { conflict } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { eachPage, findItem } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import type { S3Target } from "./location-model.js";

/**
 * Which project holds which part of a bucket. Each location claims its
 * bucket and prefix in a partition per bucket (keyed by the store it lives
 * in: AWS S3, where bucket names are global, or an S3-compatible endpoint),
 * with a lock item whose version every claim bumps: two projects creating
 * overlapping locations at once cannot both pass the check, one of them
 * conflicts and retries.
 */
export interface BucketClaim {
  domain: string;
  project: string;
  location: string;
  bucket: string;
  store: string;
  prefix?: string;
}

interface LockRecord {
  version: number;
}

/** The store a bucket lives in: `aws` for AWS S3 (any region, any endpoint form), else the endpoint's host, port and path. */
export function storeOf(t: Pick<S3Target, "endpoint">): string {
  if (!t.endpoint) return "aws";
  const u = new URL(t.endpoint);
  const host = u.hostname.toLowerCase();
  if (host === "amazonaws.com" || host.endsWith(".amazonaws.com")) return "aws";
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return `${host}:${port}${u.pathname.replace(/\/+$/, "")}`;
}

const bucketPk = (store: string, bucket: string) => `S3BUCKET#${store}#${bucket}`;
export const claimKeys = {
  lock: (store: string, bucket: string) => ({ pk: bucketPk(store, bucket), sk: "LOCK" }),
  claim: (store: string, bucket: string, t: ProjectRef, location: string) => ({
    pk: bucketPk(store, bucket),
    sk: `CLAIM#${t.domain}#${t.project}#${location}`,
  }),
};

/** Whether two prefixes share keys: equal, or one is inside the other (no prefix is the whole bucket). */
export function prefixesOverlap(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

export interface ClaimCheck {
  store: string;
  bucket: string;
  lockVersion: number;
}

/**
 * Checks that no other project holds the bucket and prefix (409
 * `backup-location.bucket-taken`, never saying which project does) and
 * returns what `addClaim` needs to take it.
 */
export async function checkClaim(deps: Deps, t: ProjectRef, target: S3Target): Promise<ClaimCheck> {
  const store = storeOf(target);
  const lock = await findItem<LockRecord>(deps, claimKeys.lock(store, target.bucket), { consistent: true });
  const claims: BucketClaim[] = [];
  for await (const page of eachPage<BucketClaim>(deps, { partition: bucketPk(store, target.bucket), prefix: "CLAIM#", consistent: true }))
    claims.push(...page);
  const taken = claims.some((c) => (c.domain !== t.domain || c.project !== t.project) && prefixesOverlap(c.prefix, target.prefix));
  if (taken) {
    const where = target.prefix ? `bucket ${target.bucket} with prefix ${target.prefix}` : `bucket ${target.bucket}`;
    throw conflict(
      `${where} is already used by another project (a project's backups never share keys with another's); choose another bucket or prefix`,
      undefined,
      "backup-location.bucket-taken",
    );
  }
  return { store, bucket: target.bucket, lockVersion: lock?.version ?? 0 };
}

/** Takes the claim checked by `checkClaim`, failing the transaction if another claim on the bucket came in between. */
export function addClaim(tx: Transaction, t: ProjectRef, location: string, check: ClaimCheck, prefix: string | undefined): void {
  tx.update(claimKeys.lock(check.store, check.bucket), "SET #kind = :kind, version = :next", {
    condition: check.lockVersion === 0 ? "attribute_not_exists(pk)" : "version = :v",
    names: { "#kind": "kind" },
    values: { ":kind": "s3-bucket-lock", ":next": check.lockVersion + 1, ...(check.lockVersion ? { ":v": check.lockVersion } : {}) },
    onConditionFailed: () => conflict(`another location on bucket ${check.bucket} was created at the same time; retry`),
  });
  const claim: BucketClaim = {
    ...t,
    location,
    bucket: check.bucket,
    store: check.store,
    ...(prefix !== undefined ? { prefix } : {}),
  };
  tx.put({ ...claimKeys.claim(check.store, check.bucket, t, location), kind: "s3-bucket-claim", ...claim });
}

/** Releases a location's claim. */
export function removeClaim(tx: Transaction, t: ProjectRef, location: string, target: S3Target): void {
  tx.delete(claimKeys.claim(storeOf(target), target.bucket, t, location));
}
