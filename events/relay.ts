import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { type QueueName, queues } from "../infra/resources.js";
import { batchIdOf, writeArchive } from "./archive.js";
import { type Envelope, envelopeSchema } from "./envelope.js";
import { EVENT_ITEM_KIND } from "./outbox.js";
import { detachData, publishToQueue } from "./publish.js";
import { queuesFor } from "./routing.js";

/** A new table item seen on the stream, already unmarshalled. */
export interface StreamInsert {
  sequenceNumber: string;
  item: Record<string, unknown>;
}

export interface RelayTargets {
  sqs: SQSClient;
  s3: S3Client;
  queueUrl: (q: QueueName) => string;
  archiveBucket: string;
}

export interface RelayResult {
  events: number;
  /** event items that do not parse as envelopes; logged by the caller, never retried */
  malformed: Array<{ sequenceNumber: string; error: string }>;
  published: number;
  archiveObjects: number;
}

/**
 * The outbox relay: events written to the table (in the same transaction as
 * their state change) are published to the queues that route them (a
 * queue's events of one batch packed up to its `relayEventsPerMessage` to a
 * message, infra/resources.ts) and archived to S3. Failing throws, and the stream batch is delivered again:
 * at-least-once, with consumers deduplicating by event id. An event too
 * large for an SQS message is published without its data (consumers read it
 * from the table), so no event can stall the stream.
 */
export async function relayBatch(inserts: StreamInsert[], targets: RelayTargets): Promise<RelayResult> {
  const events: Envelope[] = [];
  const malformed: RelayResult["malformed"] = [];
  for (const ins of inserts) {
    if (ins.item.kind !== EVENT_ITEM_KIND) continue;
    const parsed = envelopeSchema.safeParse(ins.item.event);
    if (parsed.success) events.push(parsed.data as Envelope);
    else malformed.push({ sequenceNumber: ins.sequenceNumber, error: parsed.error.message });
  }
  if (events.length === 0) return { events: 0, malformed, published: 0, archiveObjects: 0 };

  const byQueue = new Map<QueueName, Envelope[]>();
  for (const e of events) {
    for (const q of queuesFor(e.type, e.data)) byQueue.set(q, [...(byQueue.get(q) ?? []), e]);
  }
  let published = 0;
  await Promise.all(
    [...byQueue.entries()].map(async ([q, list]) => {
      await publishToQueue(targets.sqs, targets.queueUrl(q), list, {
        oversized: detachData,
        eventsPerMessage: queues[q].relayEventsPerMessage,
      });
      published += list.length;
    }),
  );
  const batchId = batchIdOf(inserts.map((i) => i.sequenceNumber));
  const archiveObjects = await writeArchive(targets.s3, targets.archiveBucket, events, batchId);
  return { events: events.length, malformed, published, archiveObjects };
}
