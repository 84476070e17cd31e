import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Envelope } from "../../events/envelope.js";
import { eventPartition } from "../../events/outbox.js";
import type { Deps } from "../deps.js";
import { badRequest, DomainError } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { decodeCursor, encodeCursor, type Key, type Page } from "../store/pagination.js";

/**
 * The audit trail: the event items the commands wrote (the outbox stays as
 * history), newest first. A project reads its own event partition, a domain
 * its index partition (its own events and its projects'), the platform the
 * per-day index partitions. No scope reaches another tenant's partition.
 */
export type AuditScope = { kind: "project"; t: ProjectRef } | { kind: "domain"; domain: string } | { kind: "platform" };

export interface AuditFilter {
  types?: string[];
  /** exact subject, or a prefix when it ends with `*` (e.g. `hosts/*`) */
  subject?: string;
  /** matches the actor, or the token, host or person a system actor acted for; a person also by their IdP user claim */
  actor?: { kind?: string; id: string };
  /** platform scope: events of one domain */
  domain?: string;
  /** domain and platform scope: events of one project */
  project?: string;
  /** RFC 3339, inclusive */
  from?: string;
  to?: string;
}

/** Without `from`, the platform-wide trail looks back this many days from `to`. */
export const PLATFORM_DEFAULT_DAYS = 30;
/** Query calls one page may take when filters drop items or days are empty. */
const MAX_QUERIES_PER_PAGE = 10;
const DAY_MS = 86_400_000;

interface Target {
  index?: "gsi1" | "gsi2";
  pkAttr: string;
  skAttr: string;
  pk: string;
}

export async function listAuditEvents(
  deps: Deps,
  scope: AuditScope,
  filter: AuditFilter,
  page: { limit: number; cursor?: string },
): Promise<Page<Envelope>> {
  const from = filter.from ? new Date(filter.from).toISOString() : undefined;
  const to = filter.to ? new Date(filter.to).toISOString() : undefined;
  // a rule across parameters, which the document cannot state: unprocessable, not invalid
  if (from && to && from > to)
    throw new DomainError("unprocessable", "from is after to", { fields: [{ path: "from", message: "must not be after to" }] });
  const base = buildFilter(filter);
  if (scope.kind !== "platform") {
    const target: Target =
      scope.kind === "project"
        ? { pkAttr: "pk", skAttr: "sk", pk: eventPartition(scope.t) }
        : { index: "gsi1", pkAttr: "gsi1pk", skAttr: "gsi1sk", pk: `D#${scope.domain}#EVTS` };
    const start = decodeCursor(page.cursor, { attr: target.pkAttr, value: target.pk });
    const out = await queryPartition(deps, target, base, { from, to }, page.limit, start, MAX_QUERIES_PER_PAGE);
    return { items: out.items, nextCursor: encodeCursor(out.next) };
  }

  // Platform: one index partition per day, walked from `to` back to `from`.
  const toDay = (to ?? deps.clock.now().toISOString()).slice(0, 10);
  const fromDay = (from ?? new Date(Date.parse(`${toDay}T00:00:00.000Z`) - (PLATFORM_DEFAULT_DAYS - 1) * DAY_MS).toISOString()).slice(
    0,
    10,
  );
  let { day, key } = decodePlatformCursor(page.cursor, fromDay, toDay) ?? { day: toDay, key: undefined as Key | undefined };
  const items: Envelope[] = [];
  let budget = MAX_QUERIES_PER_PAGE;
  while (budget > 0) {
    const target: Target = { index: "gsi2", pkAttr: "gsi2pk", skAttr: "gsi2sk", pk: `EVTS#${day}` };
    const out = await queryPartition(deps, target, base, { from, to }, page.limit - items.length, key, budget);
    items.push(...out.items);
    budget -= out.queries;
    if (out.next) {
      key = out.next;
      if (items.length >= page.limit || budget <= 0) return { items, nextCursor: encodePlatformCursor(day, key) };
      continue;
    }
    if (day <= fromDay) return { items, nextCursor: null };
    day = new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
    key = undefined;
    if (items.length >= page.limit || budget <= 0) return { items, nextCursor: encodePlatformCursor(day, undefined) };
  }
  return { items, nextCursor: encodePlatformCursor(day, key) };
}

interface QueryParts {
  filter?: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function buildFilter(f: AuditFilter): QueryParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses: string[] = [];
  if (f.types?.length || f.subject || f.actor || f.domain || f.project) names["#e"] = "event";
  if (f.types?.length) {
    names["#type"] = "type";
    clauses.push(`#e.#type IN (${f.types.map((_, i) => `:type${i}`).join(", ")})`);
    f.types.forEach((ty, i) => {
      values[`:type${i}`] = ty;
    });
  }
  if (f.subject) {
    names["#subject"] = "subject";
    if (f.subject.endsWith("*")) {
      clauses.push("begins_with(#e.#subject, :subject)");
      values[":subject"] = f.subject.slice(0, -1);
    } else {
      clauses.push("#e.#subject = :subject");
      values[":subject"] = f.subject;
    }
  }
  if (f.actor) {
    Object.assign(names, { "#actor": "actor", "#aid": "id", "#obo": "onBehalfOf" });
    values[":aid"] = f.actor.id;
    if (f.actor.kind) {
      names["#akind"] = "kind";
      values[":akind"] = f.actor.kind;
    }
    const match = (path: string) => (f.actor?.kind ? `(${path}.#aid = :aid AND ${path}.#akind = :akind)` : `${path}.#aid = :aid`);
    // A person is `<idp>:<user>`; `person:<user>` finds them by the user claim alone, whichever IdP they came through.
    const byUser = !f.actor.kind || f.actor.kind === "person" ? " OR #e.#actor.#person.#user = :aid" : "";
    if (byUser) Object.assign(names, { "#person": "person", "#user": "user" });
    clauses.push(`(${match("#e.#actor")} OR ${match("#e.#actor.#obo")}${byUser})`);
  }
  if (f.domain) {
    names["#domain"] = "domain";
    values[":domain"] = f.domain;
    clauses.push("#e.#domain = :domain");
  }
  if (f.project) {
    names["#project"] = "project";
    values[":project"] = f.project;
    clauses.push("#e.#project = :project");
  }
  return { ...(clauses.length ? { filter: clauses.join(" AND ") } : {}), names, values };
}

/**
 * Newest first within one partition, until `limit` items or `budget` queries.
 * The next key is the last item returned when the page filled up, so no
 * matching item is skipped when a query returned more than was needed.
 */
async function queryPartition(
  deps: Deps,
  target: Target,
  parts: QueryParts,
  range: { from?: string | undefined; to?: string | undefined },
  limit: number,
  start: Key | undefined,
  budget: number,
): Promise<{ items: Envelope[]; next: Key | undefined; queries: number }> {
  const names: Record<string, string> = { ...parts.names, "#pk": target.pkAttr };
  const values: Record<string, unknown> = { ...parts.values, ":pk": target.pk };
  let keyCondition = "#pk = :pk";
  const lo = range.from;
  const hi = range.to ? `${range.to}#\uffff` : undefined;
  if (lo || hi) names["#sk"] = target.skAttr;
  if (lo && hi) {
    keyCondition += " AND #sk BETWEEN :lo AND :hi";
    Object.assign(values, { ":lo": lo, ":hi": hi });
  } else if (lo) {
    keyCondition += " AND #sk >= :lo";
    values[":lo"] = lo;
  } else if (hi) {
    keyCondition += " AND #sk <= :hi";
    values[":hi"] = hi;
  }
  const input: QueryCommandInput = {
    TableName: deps.table,
    ...(target.index ? { IndexName: target.index } : {}),
    KeyConditionExpression: keyCondition,
    ...(parts.filter ? { FilterExpression: parts.filter } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
  const items: Envelope[] = [];
  let key = start;
  let queries = 0;
  while (queries < budget) {
    queries++;
    const want = limit - items.length;
    const out = await deps.db.send(
      new QueryCommand({ ...input, Limit: parts.filter ? Math.max(want, 100) : want, ExclusiveStartKey: key }),
    );
    const got = out.Items ?? [];
    for (let i = 0; i < got.length; i++) {
      const it = got[i] as Record<string, unknown>;
      items.push(it.event as Envelope);
      if (items.length >= limit) {
        const more = i < got.length - 1 || out.LastEvaluatedKey !== undefined;
        return { items, next: more ? keyOf(it, target) : undefined, queries };
      }
    }
    key = out.LastEvaluatedKey;
    if (!key) return { items, next: undefined, queries };
  }
  return { items, next: key, queries };
}

function keyOf(item: Record<string, unknown>, target: Target): Key {
  return {
    pk: item.pk,
    sk: item.sk,
    ...(target.index ? { [target.pkAttr]: item[target.pkAttr], [target.skAttr]: item[target.skAttr] } : {}),
  };
}

function encodePlatformCursor(day: string, key: Key | undefined): string {
  return Buffer.from(JSON.stringify({ day, ...(key ? { key } : {}) })).toString("base64url");
}

function decodePlatformCursor(
  cursor: string | undefined,
  fromDay: string,
  toDay: string,
): { day: string; key: Key | undefined } | undefined {
  if (!cursor) return undefined;
  const invalid = () => badRequest("cursor is not valid", [{ path: "cursor", message: "not a cursor issued by this list" }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const c = parsed as { day?: unknown; key?: unknown };
  if (typeof c !== "object" || c === null || typeof c.day !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(c.day)) throw invalid();
  if (c.day < fromDay || c.day > toDay) throw invalid();
  if (c.key === undefined) return { day: c.day, key: undefined };
  const key = decodeCursor(Buffer.from(JSON.stringify(c.key)).toString("base64url"), { attr: "gsi2pk", value: `EVTS#${c.day}` });
  return { day: c.day, key };
}
