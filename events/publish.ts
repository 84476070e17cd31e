import { type MessageAttributeValue, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Envelope } from "./envelope.js";
import { packBodies } from "./packing.js";

/** SendMessageBatch limits: entries per call, and bytes per message and per call (bodies plus attributes). */
export const SQS_BATCH_ENTRIES = 10;
export const SQS_MAX_BYTES = 256 * 1024;

/** The size SQS counts for a message: its body and each attribute's name, type and value, in UTF-8. */
export function messageBytes(body: string, attributes?: Record<string, MessageAttributeValue>): number {
  let n = Buffer.byteLength(body);
  for (const [name, a] of Object.entries(attributes ?? {})) {
    n += Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? "") + Buffer.byteLength(a.StringValue ?? "");
  }
  return n;
}

/**
 * Groups messages (by their sizes, in order) into batches of at most
 * `SQS_BATCH_ENTRIES` entries and `maxBytes` bytes. A message larger than
 * `maxBytes` cannot be sent; callers replace or refuse it first.
 */
export function planBatches(sizes: number[], maxBytes = SQS_MAX_BYTES, maxEntries = SQS_BATCH_ENTRIES): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (size > maxBytes) throw new Error(`message ${i} is ${size} bytes, more than the ${maxBytes} a message may have`);
    if (current.length > 0 && (current.length >= maxEntries || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * An envelope without its data, for an event too large for a message: the
 * event item stays in the table (the outbox is the audit history), and
 * consumers read the whole event from there (functions/workers/consumer.ts).
 */
export function detachData(e: Envelope): Envelope {
  return { ...e, data: {}, datadetached: true };
}

export interface PublishOptions {
  /**
   * Adds the type and id as SQS message attributes, for tools that look at
   * messages without parsing them; consumers read the envelope. They cost
   * SQS an MD5 per message, so bulk re-drives leave them out. Packed
   * messages never carry them.
   */
  attributes?: boolean;
  /** what to send instead of an event too large for one message; without it such an event is an error */
  oversized?: (e: Envelope) => Envelope;
  /**
   * Events a message may carry (events/packing.ts); 1, the default, sends
   * each envelope as a message of its own.
   */
  eventsPerMessage?: number;
}

/**
 * Events a message carries when the control plane fans out to many
 * subjects at once (a status sync round's nudges; the relay's packing is
 * per queue, infra/resources.ts). A consumer runs a
 * message's events about different subjects concurrently, so packing costs
 * them no waiting; it saves SQS requests and the consumers' invocations.
 */
export const EVENTS_PER_MESSAGE = 10;

/** The size a packed message may have: ten of them fill one SendMessageBatch call. */
export const PACKED_MESSAGE_BYTES = Math.floor(SQS_MAX_BYTES / SQS_BATCH_ENTRIES);

export interface Message {
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
  bytes: number;
}

/**
 * The messages that carry `events` to a queue: one envelope each, or packed
 * several to a message. An event too large for a message is replaced by
 * `o.oversized(e)` or refused.
 */
export function toMessages(events: Envelope[], o: PublishOptions = {}): Message[] {
  const perMessage = Math.max(1, Math.floor(o.eventsPerMessage ?? 1));
  const attributes = (o.attributes ?? true) && perMessage === 1;
  const outgoing = (e: Envelope): Message => {
    const body = JSON.stringify(e);
    const attrs: Record<string, MessageAttributeValue> | undefined = attributes
      ? { type: { DataType: "String", StringValue: e.type }, eventId: { DataType: "String", StringValue: e.id } }
      : undefined;
    return { body, ...(attrs ? { attributes: attrs } : {}), bytes: messageBytes(body, attrs) };
  };
  const single = events.map((e) => {
    const m = outgoing(e);
    if (m.bytes <= SQS_MAX_BYTES) return m;
    const small = o.oversized ? outgoing(o.oversized(e)) : undefined;
    if (!small || small.bytes > SQS_MAX_BYTES) {
      throw new Error(`event ${e.id} (${e.type}) is ${m.bytes} bytes as a message; SQS takes at most ${SQS_MAX_BYTES}`);
    }
    return small;
  });
  if (perMessage === 1) return single;
  return packBodies(
    single.map((m) => m.body),
    perMessage,
    PACKED_MESSAGE_BYTES,
  ).map((body) => ({ body, bytes: Buffer.byteLength(body) }));
}

/**
 * Sends messages to a queue in batches within SQS's limits (ten entries,
 * 256 KiB in all). Entries SQS refuses are retried once, then reported as a
 * failure so the caller's batch is retried as a whole (consumers
 * deduplicate by event id).
 */
export async function sendMessages(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (const batch of planBatches(messages.map((m) => m.bytes))) {
    let pending = batch.map((i) => messages[i] as Message);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: pending.map((m, n) => ({
            Id: String(n),
            MessageBody: m.body,
            ...(m.attributes ? { MessageAttributes: m.attributes } : {}),
          })),
        }),
      );
      const failed = new Set((out.Failed ?? []).map((f) => Number(f.Id)));
      pending = pending.filter((_, n) => failed.has(n));
      if (pending.length > 0 && attempt >= 1) {
        throw new Error(`SQS refused ${pending.length} message(s): ${(out.Failed ?? []).map((f) => f.Code).join(", ")}`);
      }
    }
  }
}

/** Sends envelopes to a queue: `toMessages`, then `sendMessages`. */
export async function publishToQueue(sqs: SQSClient, queueUrl: string, events: Envelope[], o: PublishOptions = {}): Promise<void> {
  await sendMessages(sqs, queueUrl, toMessages(events, o));
}
