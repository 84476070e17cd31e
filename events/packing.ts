/**
 * A queue message may carry several events: `{"events": [envelope, …]}`.
 * The replay tool packs events this way (a re-drive of 100,000 events is
 * then some thousands of messages, not 100,000), and so do the relay (a
 * queue's events of one stream batch, for the queues whose handlers are
 * short) and the status sync (a round's nudges); an event alone in its message is sent as
 * the envelope itself. Consumers
 * read both (functions/workers/consumer.ts), run the events of different
 * subjects at once and those of one subject in order, and deduplicate each
 * event by id, so a packed message retried after one of its events failed
 * hands only the unfinished ones to their handlers.
 */

/** Bytes a packed body adds around its events: `{"events":[` and `]}` (plus a comma between two events). */
const PACKING_OVERHEAD = Buffer.byteLength('{"events":[]}');

/**
 * Packs message bodies (each one envelope as JSON), in order, into messages
 * of at most `maxEvents` events and `maxBytes` bytes. A group of one is sent
 * as the envelope itself; a body already larger than `maxBytes` goes alone.
 */
export function packBodies(bodies: string[], maxEvents: number, maxBytes: number): string[] {
  if (maxEvents <= 1) return bodies;
  const out: string[] = [];
  let group: string[] = [];
  let bytes = PACKING_OVERHEAD;
  const close = () => {
    if (group.length === 1) out.push(group[0] as string);
    else if (group.length > 1) out.push(`{"events":[${group.join(",")}]}`);
    group = [];
    bytes = PACKING_OVERHEAD;
  };
  for (const body of bodies) {
    const size = Buffer.byteLength(body);
    if (group.length > 0 && (group.length >= maxEvents || bytes + 1 + size > maxBytes)) close();
    bytes += size + (group.length > 0 ? 1 : 0);
    group.push(body);
  }
  close();
  return out;
}

/** The events a parsed message body carries: the envelope itself, or each of a packed message's. */
export function eventsOf(message: unknown): unknown[] {
  if (message && typeof message === "object" && !("specversion" in message) && Array.isArray((message as { events?: unknown }).events)) {
    return (message as { events: unknown[] }).events;
  }
  return [message];
}

/** A packed message's events grouped by subject, each group in the message's order (an event without one is its own group). */
export function bySubject(events: unknown[]): Map<unknown, unknown[]> {
  const groups = new Map<unknown, unknown[]>();
  for (const e of events) {
    const subject = (e as { subject?: unknown } | null)?.subject;
    const key = typeof subject === "string" ? subject : Symbol();
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return groups;
}
