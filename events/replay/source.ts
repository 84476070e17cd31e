import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { ARCHIVE_PREFIX } from "../archive.js";
import { type Envelope, envelopeSchema } from "../envelope.js";
import { dayPrefix, daysOf, type Selection } from "./selection.js";

/**
 * Reading the archive (events/README.md): objects are listed by the
 * dt=/domain=/project= prefixes the selection allows and grouped into
 * partitions (one tenant's day), read line by line. A line that is not an
 * envelope is reported with its object and line number and skipped.
 */
export interface ArchiveObject {
  key: string;
  size: number;
}

export interface Partition {
  /** events/v1/dt=…/domain=…/project=…/ */
  prefix: string;
  objects: ArchiveObject[];
  bytes: number;
}

export interface LineProblem {
  key: string;
  /** 1-based */
  line: number;
  error: string;
}

export interface ArchivedEvent {
  event: Envelope;
  key: string;
  line: number;
}

export interface PartitionContent {
  events: ArchivedEvent[];
  malformed: LineProblem[];
}

async function listAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  delimiter?: string,
): Promise<{ objects: ArchiveObject[]; prefixes: string[] }> {
  const objects: ArchiveObject[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
        ...(delimiter ? { Delimiter: delimiter } : {}),
      }),
    );
    for (const o of out.Contents ?? []) if (o.Key) objects.push({ key: o.Key, size: o.Size ?? 0 });
    for (const p of out.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return { objects, prefixes };
}

/** Lists the archive objects the selection can touch, grouped into partitions in key order. */
export async function planPartitions(s3: S3Client, bucket: string, s: Selection, today: string): Promise<Partition[]> {
  let days = daysOf(s, today);
  if (!days) {
    const { prefixes } = await listAll(s3, bucket, ARCHIVE_PREFIX, "/");
    const last = s.to?.slice(0, 10);
    days = prefixes
      .map((p) => /dt=(\d{4}-\d{2}-\d{2})\/$/.exec(p)?.[1])
      .filter((d): d is string => d !== undefined && (!last || d <= last))
      .sort();
  }
  const lists = await mapLimit(days, 4, (day) => listAll(s3, bucket, dayPrefix(s, day)));
  const byPrefix = new Map<string, ArchiveObject[]>();
  for (const { objects } of lists) {
    for (const o of objects) {
      if (!o.key.endsWith(".ndjson")) continue;
      const prefix = o.key.slice(0, o.key.lastIndexOf("/") + 1);
      const list = byPrefix.get(prefix) ?? [];
      list.push(o);
      byPrefix.set(prefix, list);
    }
  }
  return [...byPrefix.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prefix, objects]) => {
      objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { prefix, objects, bytes: objects.reduce((n, o) => n + o.size, 0) };
    });
}

/** Parses one NDJSON object; never throws on a bad line. */
export function parseLines(key: string, body: string): PartitionContent {
  const events: ArchivedEvent[] = [];
  const malformed: LineProblem[] = [];
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as string).trim();
    if (!text) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      malformed.push({ key, line: i + 1, error: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      malformed.push({
        key,
        line: i + 1,
        error: `not an event envelope: ${issue ? `${issue.path.join(".") || "(root)"} ${issue.message}` : "invalid"}`,
      });
      continue;
    }
    events.push({ event: parsed.data as Envelope, key, line: i + 1 });
  }
  return { events, malformed };
}

export async function readPartition(s3: S3Client, bucket: string, p: Partition, concurrency = 8): Promise<PartitionContent> {
  const parts = await mapLimit(p.objects, concurrency, async (o) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.key }));
    return parseLines(o.key, (await out.Body?.transformToString("utf8")) ?? "");
  });
  return { events: parts.flatMap((x) => x.events), malformed: parts.flatMap((x) => x.malformed) };
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}
