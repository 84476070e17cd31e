import type { S3Client } from "@aws-sdk/client-s3";
import { upcast } from "../upcast.js";
import { type Checkpoint, emptyStats, MAX_PROBLEMS_KEPT, type ReplayStats, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import type { Progress } from "./progress.js";
import { matches, type Selection, selectionId } from "./selection.js";
import { type LineProblem, type Partition, type PartitionContent, planPartitions, readPartition } from "./source.js";
import type { ReplayItem, ReplayTarget, TargetResult } from "./targets.js";

/**
 * The replay tool's core, shared by `npm run replay` and any other front end
 * (a future `ckpctl events replay`): select archived events, read them as the
 * current schema version, and hand them in batches to a target — or, in a
 * dry run, only count them. Events go in the order of the archive's
 * partitions (day, domain, project) and, within one, by time then id, so a
 * projection sees every resource's events in the order they happened.
 */
export interface ReplayOptions {
  s3: S3Client;
  bucket: string;
  selection: Selection;
  target: ReplayTarget;
  /** count by type; write nothing (no target writes, no checkpoint) */
  dryRun?: boolean;
  /** events per batch; a checkpoint is written after each */
  batchSize?: number;
  /** where to keep the checkpoint; none means not resumable */
  checkpointFile?: string;
  /** continue from the checkpoint instead of starting over */
  resume?: boolean;
  /** stop after the batch in flight (Ctrl-C), leaving a checkpoint */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** each malformed or unreadable line, as it is found */
  onProblem?: (p: LineProblem) => void;
  /** extra identity for the checkpoint, e.g. the rebuild table */
  targetId?: string;
  readConcurrency?: number;
  now?: () => Date;
}

export interface ReplayReport extends ReplayStats {
  target: string;
  dryRun: boolean;
  /** stopped by the signal; a checkpoint was left */
  interrupted: boolean;
  /** continued from a checkpoint */
  resumed: boolean;
  /** the checkpoint said the replay had already finished */
  alreadyComplete: boolean;
  partitions: number;
  objects: number;
  bytes: number;
  elapsedMs: number;
  eventsPerSecond: number;
}

export class ResumeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResumeError";
  }
}

const sortKey = (e: { time: string; id: string }) => `${e.time}#${e.id}`;

export async function replay(o: ReplayOptions): Promise<ReplayReport> {
  const now = o.now ?? (() => new Date());
  const started = performance.now();
  const dryRun = o.dryRun ?? false;
  const id = selectionId(o.selection, `${o.target.name}:${o.targetId ?? ""}`);
  let stats = emptyStats();
  let resumeAt: { partition: string; after: string } | undefined;
  if (o.resume) {
    if (!o.checkpointFile) throw new ResumeError("resuming needs a checkpoint file");
    const c = readCheckpoint(o.checkpointFile);
    if (!c) throw new ResumeError(`no checkpoint at ${o.checkpointFile} to resume from`);
    if (c.id !== id) throw new ResumeError(`the checkpoint at ${o.checkpointFile} belongs to another selection or target`);
    stats = c.stats;
    if (c.complete) return report(stats, { interrupted: false, resumed: true, alreadyComplete: true, partitions: 0, objects: 0, bytes: 0 });
    resumeAt = { partition: c.partition, after: c.after };
  }

  const all = await planPartitions(o.s3, o.bucket, o.selection, now().toISOString().slice(0, 10));
  const partitions = resumeAt ? all.filter((p) => p.prefix >= (resumeAt as { partition: string }).partition) : all;
  const bytesTotal = partitions.reduce((n, p) => n + p.bytes, 0);
  const objects = partitions.reduce((n, p) => n + p.objects.length, 0);
  const batchSize = Math.max(1, o.batchSize ?? o.target.batchSize);

  let bytesDone = 0;
  let eventsDone = 0;
  const progress = (partial: number) => {
    const elapsed = (performance.now() - started) / 1000;
    const done = bytesDone + partial;
    const byteRate = done / Math.max(elapsed, 0.001);
    o.onProgress?.({
      bytesDone: done,
      bytesTotal,
      events: eventsDone,
      rate: eventsDone / Math.max(elapsed, 0.001),
      etaSeconds: done > 0 ? (bytesTotal - done) / byteRate : undefined,
    });
  };
  const checkpoint = (partition: string, after: string, complete = false) => {
    if (dryRun || !o.checkpointFile) return;
    const c: Checkpoint = { version: 1, id, partition, after, complete, stats, updatedAt: now().toISOString() };
    writeCheckpoint(o.checkpointFile, c);
  };
  const problem = (p: LineProblem) => {
    if (stats.problems.length < MAX_PROBLEMS_KEPT) stats.problems.push(p);
    o.onProblem?.(p);
  };

  progress(0);
  // Read the next partition while the current one is replayed.
  const read = (p: Partition | undefined): Promise<PartitionContent> | undefined =>
    p ? readPartition(o.s3, o.bucket, p, o.readConcurrency ?? 8) : undefined;
  let next = read(partitions[0]);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i] as Partition;
    const content = await (next as Promise<PartitionContent>);
    next = read(partitions[i + 1]);
    const skipUpTo = resumeAt?.partition === p.prefix ? resumeAt.after : undefined;
    // The partition a resumed run stopped in was counted (lines, problems) when it was first read.
    const items =
      skipUpTo === undefined
        ? prepare(content, o.selection, stats, problem)
        : prepare(content, o.selection, emptyStats(), () => {}, skipUpTo);

    for (let start = 0; start < items.length; start += batchSize) {
      if (o.signal?.aborted) {
        checkpoint(p.prefix, start > 0 ? sortKey(items[start - 1]?.original as ReplayItem["original"]) : (skipUpTo ?? ""));
        void next?.catch(() => undefined);
        return report(stats, {
          interrupted: true,
          resumed: Boolean(resumeAt),
          alreadyComplete: false,
          partitions: partitions.length,
          objects,
          bytes: bytesTotal,
        });
      }
      const batch = items.slice(start, start + batchSize);
      const result = dryRun ? o.target.plan(batch) : await o.target.handle(batch);
      tally(stats, batch, result);
      eventsDone += batch.length;
      checkpoint(p.prefix, sortKey((batch[batch.length - 1] as ReplayItem).original));
      progress(p.bytes * ((start + batch.length) / items.length));
    }
    bytesDone += p.bytes;
    if (items.length === 0) checkpoint(p.prefix, skipUpTo ?? "");
    progress(0);
  }
  checkpoint(partitions[partitions.length - 1]?.prefix ?? "", "", true);
  return report(stats, {
    interrupted: false,
    resumed: Boolean(resumeAt),
    alreadyComplete: false,
    partitions: partitions.length,
    objects,
    bytes: bytesTotal,
  });

  function report(
    s: ReplayStats,
    extra: Pick<ReplayReport, "interrupted" | "resumed" | "alreadyComplete" | "partitions" | "objects" | "bytes">,
  ): ReplayReport {
    const elapsedMs = performance.now() - started;
    return { ...s, ...extra, target: o.target.name, dryRun, elapsedMs, eventsPerSecond: eventsDone / Math.max(elapsedMs / 1000, 0.001) };
  }
}

/** Filters, de-duplicates, upcasts and orders one partition's events. */
function prepare(
  content: PartitionContent,
  s: Selection,
  stats: ReplayStats,
  problem: (p: LineProblem) => void,
  skipUpTo?: string,
): ReplayItem[] {
  stats.read += content.events.length;
  stats.malformed += content.malformed.length;
  content.malformed.forEach(problem);
  const seen = new Set<string>();
  const items: ReplayItem[] = [];
  const ordered = [...content.events].sort((a, b) =>
    sortKey(a.event) < sortKey(b.event) ? -1 : sortKey(a.event) > sortKey(b.event) ? 1 : 0,
  );
  for (const { event, key, line } of ordered) {
    if (!matches(event, s)) continue;
    if (seen.has(event.id)) {
      stats.duplicates++;
      continue;
    }
    seen.add(event.id);
    if (skipUpTo !== undefined && sortKey(event) <= skipUpTo) continue;
    const out = upcast(event);
    if (!out.ok) {
      stats.unreadable[out.kind] = (stats.unreadable[out.kind] ?? 0) + 1;
      problem({ key, line, error: `${event.id}: ${out.reason}` });
      continue;
    }
    if (out.upcast) stats.upcast++;
    items.push({ event: out.event, original: event });
  }
  return items;
}

function tally(stats: ReplayStats, batch: ReplayItem[], r: TargetResult): void {
  stats.selected += batch.length;
  for (const { event } of batch) stats.byType[event.type] = (stats.byType[event.type] ?? 0) + 1;
  for (const [q, n] of Object.entries(r.routed ?? {})) stats.routed[q] = (stats.routed[q] ?? 0) + n;
  for (const [q, n] of Object.entries(r.messages ?? {})) stats.messages[q] = (stats.messages[q] ?? 0) + n;
  stats.notRouted += r.notRouted ?? 0;
  stats.applied += r.applied ?? 0;
  stats.alreadyApplied += r.alreadyApplied ?? 0;
}
