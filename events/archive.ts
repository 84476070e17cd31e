import { createHash } from "node:crypto";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Envelope } from "./envelope.js";

/**
 * The event archive: NDJSON objects in S3, one envelope per line, laid out
 * by day and tenant (see events/README.md):
 *
 *   events/v1/dt=YYYY-MM-DD/domain=<domain|_platform>/project=<project|_domain>/<batch>.ndjson
 */
export const ARCHIVE_PREFIX = "events/v1/";

export function archivePartition(e: Pick<Envelope, "time" | "domain" | "project">): string {
  const day = e.time.slice(0, 10);
  return `${ARCHIVE_PREFIX}dt=${day}/domain=${e.domain ?? "_platform"}/project=${e.project ?? "_domain"}/`;
}

/**
 * Groups events by partition and names each object after the batch it came
 * from, so a relay retry of the same batch rewrites the same objects.
 */
export function archiveObjects(events: Envelope[], batchId: string): Array<{ key: string; body: string; count: number }> {
  const groups = new Map<string, Envelope[]>();
  for (const e of events) {
    const p = archivePartition(e);
    const list = groups.get(p) ?? [];
    list.push(e);
    groups.set(p, list);
  }
  return [...groups.entries()].map(([prefix, list]) => {
    const first = list[0] as Envelope;
    const stamp = first.time.replace(/[-:.]/g, "");
    return {
      key: `${prefix}${stamp}-${batchId}.ndjson`,
      body: `${list.map((e) => JSON.stringify(e)).join("\n")}\n`,
      count: list.length,
    };
  });
}

export function batchIdOf(parts: string[]): string {
  return createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 20);
}

export async function writeArchive(s3: S3Client, bucket: string, events: Envelope[], batchId: string): Promise<number> {
  const objects = archiveObjects(events, batchId);
  await Promise.all(
    objects.map((o) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body, ContentType: "application/x-ndjson" }))),
  );
  return objects.length;
}
