import { createHash } from "node:crypto";
import { ARCHIVE_PREFIX } from "../archive.js";
import type { Envelope } from "../envelope.js";

/** Which archived events a replay takes. Every field narrows; none means all. */
export interface Selection {
  /** RFC 3339, inclusive: bounds the days listed and the events taken */
  from?: string;
  to?: string;
  types?: string[];
  domain?: string;
  /** needs `domain` */
  project?: string;
  /** exact subject, or a prefix ending in `*` */
  subject?: string;
}

export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectionError";
  }
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TYPE = /^ckp\.[a-z-]+\.[a-z-]+$/;
const DAY_MS = 86_400_000;

/** Checks a selection and normalises its times to UTC ISO 8601. */
export function normaliseSelection(s: Selection): Selection {
  const time = (v: string | undefined, what: string, endOfDay: boolean) => {
    if (v === undefined) return undefined;
    // A bare date means the whole day.
    const value = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z` : v;
    const ms = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
      throw new SelectionError(`${what} must be an RFC 3339 time or a date (YYYY-MM-DD), not "${v}"`);
    return new Date(ms).toISOString();
  };
  const from = time(s.from, "--from", false);
  const to = time(s.to, "--to", true);
  if (from && to && from > to) throw new SelectionError("--from is after --to");
  if (s.project && !s.domain) throw new SelectionError("--project needs --domain");
  for (const [what, v] of [
    ["--domain", s.domain],
    ["--project", s.project],
  ] as const) {
    if (v !== undefined && !NAME.test(v)) throw new SelectionError(`${what} "${v}" is not a domain or project name`);
  }
  const types = s.types
    ?.flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = types?.find((x) => !TYPE.test(x));
  if (bad) throw new SelectionError(`--type "${bad}" is not an event type (ckp.<resource>.<verb>)`);
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(types?.length ? { types: [...new Set(types)].sort() } : {}),
    ...(s.domain ? { domain: s.domain } : {}),
    ...(s.project ? { project: s.project } : {}),
    ...(s.subject ? { subject: s.subject } : {}),
  };
}

/** Days (YYYY-MM-DD) the selection spans, or undefined when it has no lower bound. */
export function daysOf(s: Selection, today: string): string[] | undefined {
  if (!s.from) return undefined;
  const last = (s.to ?? `${today}T23:59:59.999Z`).slice(0, 10);
  const days: string[] = [];
  for (let d = Date.parse(`${s.from.slice(0, 10)}T00:00:00.000Z`); ; d += DAY_MS) {
    const day = new Date(d).toISOString().slice(0, 10);
    if (day > last) break;
    days.push(day);
  }
  return days;
}

/** The archive prefix holding a day's events for the selection's tenant. */
export function dayPrefix(s: Selection, day: string): string {
  let p = `${ARCHIVE_PREFIX}dt=${day}/`;
  if (s.domain) {
    p += `domain=${s.domain}/`;
    if (s.project) p += `project=${s.project}/`;
  }
  return p;
}

export function matches(e: Envelope, s: Selection): boolean {
  if (s.from && e.time < s.from) return false;
  if (s.to && e.time > s.to) return false;
  if (s.types && !s.types.includes(e.type)) return false;
  if (s.domain && e.domain !== s.domain) return false;
  if (s.project && e.project !== s.project) return false;
  if (s.subject) {
    if (s.subject.endsWith("*") ? !e.subject.startsWith(s.subject.slice(0, -1)) : e.subject !== s.subject) return false;
  }
  return true;
}

/** Identifies a selection and target, so a checkpoint is only resumed by the same replay. */
export function selectionId(s: Selection, target: string): string {
  return createHash("sha256").update(JSON.stringify({ s, target })).digest("hex").slice(0, 16);
}
