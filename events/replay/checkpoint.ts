import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { LineProblem } from "./source.js";

/** Counters a replay reports, kept in the checkpoint so a resumed run reports the whole. */
export interface ReplayStats {
  /** archive lines read that were envelopes */
  read: number;
  /** events the selection took (after filters and de-duplication) */
  selected: number;
  byType: Record<string, number>;
  /** events read as an older schema version and upcast */
  upcast: number;
  /** queues: events sent per queue; rebuild: unused */
  routed: Record<string, number>;
  /** queues: SQS messages sent per queue (several events to a message); rebuild: unused */
  messages: Record<string, number>;
  /** queues: selected events no queue routes */
  notRouted: number;
  /** rebuild: events projected and recorded */
  applied: number;
  /** rebuild: events the target already had (by event id) */
  alreadyApplied: number;
  /** the same event id seen again in a partition (a relay retry archives a batch twice) */
  duplicates: number;
  /** lines that are not event envelopes */
  malformed: number;
  /** events skipped because they cannot be read as the current version, by reason */
  unreadable: Record<string, number>;
  /** the first problems, with object key and line */
  problems: LineProblem[];
}

export const MAX_PROBLEMS_KEPT = 1000;

export function emptyStats(): ReplayStats {
  return {
    read: 0,
    selected: 0,
    byType: {},
    upcast: 0,
    routed: {},
    messages: {},
    notRouted: 0,
    applied: 0,
    alreadyApplied: 0,
    duplicates: 0,
    malformed: 0,
    unreadable: {},
    problems: [],
  };
}

/**
 * Where a replay stands: every partition before `partition` is done, and in
 * `partition` every event up to `after` (its `time#id`, the order events
 * are replayed in). Written after each batch.
 */
export interface Checkpoint {
  version: 1;
  /** selection and target this checkpoint belongs to */
  id: string;
  partition: string;
  after: string;
  complete: boolean;
  stats: ReplayStats;
  updatedAt: string;
}

export function readCheckpoint(file: string): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  const c = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
  if (c.version !== 1 || typeof c.id !== "string" || typeof c.partition !== "string") throw new Error(`${file} is not a replay checkpoint`);
  // a checkpoint written by an older version may lack newer counters
  return { ...c, stats: { ...emptyStats(), ...c.stats } };
}

export function writeCheckpoint(file: string, c: Checkpoint): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`);
  renameSync(tmp, file);
}
