import type { Deps } from "../deps.js";
import { keys, type ProjectRef } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";
import { getProjectRecord, type ProjectRecord } from "./projects.js";

/**
 * The project as registration needs it (the sealed PSK, its version, the
 * auto-approve setting), kept briefly per process so a registration costs
 * one round trip: its transaction. Nothing stale can be acted on — every
 * registration transaction checks that the project still has the PSK
 * version and project version it used (`checkProjectUnchanged`), and a
 * proof that does not match a cached PSK is checked again on a fresh read.
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 2_000;

interface Entry {
  record: ProjectRecord | undefined;
  readAt: number;
}

const entries = new Map<string, Entry>();

const keyOf = (deps: Deps, t: ProjectRef) => `${deps.table}|${t.domain}|${t.project}`;

export interface ProjectSnapshot {
  record: ProjectRecord | undefined;
  /** true when it came from the cache, so a mismatch deserves a fresh read */
  cached: boolean;
}

export async function projectForRegistration(deps: Deps, t: ProjectRef, fresh = false): Promise<ProjectSnapshot> {
  const key = keyOf(deps, t);
  const hit = entries.get(key);
  if (!fresh && hit && Date.now() - hit.readAt < TTL_MS) return { record: hit.record, cached: true };
  // Strongly consistent: right after a PSK reset the old key must no longer register.
  const record = await getProjectRecord(deps, t, true);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.delete(key);
  entries.set(key, { record, readAt: Date.now() });
  return { record, cached: false };
}

/** Raised by the transaction when the project changed since it was read. */
export class ProjectChanged extends Error {}

/** The transaction goes through only if the project is as this registration saw it. */
export function checkProjectUnchanged(tx: Transaction, t: ProjectRef, record: ProjectRecord): void {
  // Every update of the project (its approval policy among them) moves its version; a PSK reset moves pskVersion.
  tx.check(keys.project(t), {
    condition: "pskVersion = :v AND version = :pv",
    values: { ":v": record.pskVersion, ":pv": record.version },
    onConditionFailed: () => new ProjectChanged(),
  });
}
