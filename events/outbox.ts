import { newId } from "../core/shared/ids.js";
import { type Actor, type Envelope, EVENT_SOURCE } from "./envelope.js";
import { type EventData, type EventType, eventTypes } from "./registry.js";

/**
 * Builds events and the table items that carry them. The item is written in
 * the same transaction as the state change it describes (the outbox); the
 * relay publishes it from the table's stream, and it stays as audit history.
 */
export interface EventScope {
  domain?: string;
  project?: string;
}

export interface EventCause {
  actor: Actor;
  correlationId: string;
  causationId?: string;
}

export const EVENT_ITEM_KIND = "event";

export function buildEvent<T extends EventType>(
  type: T,
  subject: string,
  data: EventData<T>,
  scope: EventScope,
  cause: EventCause,
  time: Date,
): Envelope {
  const def = eventTypes[type];
  const parsed = def.schema.parse(data) as Record<string, unknown>;
  return {
    specversion: "1.0",
    id: newId("evt"),
    source: EVENT_SOURCE,
    type,
    time: time.toISOString(),
    subject,
    datacontenttype: "application/json",
    dataschemaversion: def.version,
    ...(scope.domain ? { domain: scope.domain } : {}),
    ...(scope.project ? { project: scope.project } : {}),
    actor: cause.actor,
    correlationid: cause.correlationId,
    ...(cause.causationId ? { causationid: cause.causationId } : {}),
    data: parsed,
  };
}

/** Partition holding a tenant's events, newest last by sort key. */
export function eventPartition(scope: EventScope): string {
  if (scope.domain && scope.project) return `D#${scope.domain}#P#${scope.project}#EVT`;
  if (scope.domain) return `D#${scope.domain}#EVT`;
  return "PLATFORM#EVT";
}

/** The key of the table item that holds event `e`. */
export function eventItemKey(e: Pick<Envelope, "domain" | "project" | "time" | "id">): { pk: string; sk: string } {
  return { pk: eventPartition({ domain: e.domain, project: e.project }), sk: `${e.time}#${e.id}` };
}

export function eventItem(e: Envelope): Record<string, unknown> {
  const { pk, sk: sortKey } = eventItemKey(e);
  return {
    pk,
    sk: sortKey,
    kind: EVENT_ITEM_KIND,
    // domain-wide audit (a domain's own events and its projects')
    ...(e.domain ? { gsi1pk: `D#${e.domain}#EVTS`, gsi1sk: sortKey } : {}),
    // platform-wide audit, bucketed by day to spread the partition
    gsi2pk: `EVTS#${e.time.slice(0, 10)}`,
    gsi2sk: sortKey,
    event: e,
  };
}
