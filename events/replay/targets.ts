import type { SQSClient } from "@aws-sdk/client-sqs";
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type ItemKey, itemKey, keysRead, ReadModel, type Write } from "../../core/projections/host-model.js";
import { type QueueName, queues, type TableDef, tables } from "../../infra/resources.js";
import type { Envelope } from "../envelope.js";
import { eventItem, eventPartition } from "../outbox.js";
import { detachData, type Message, planBatches, SQS_BATCH_ENTRIES, sendMessages, toMessages } from "../publish.js";
import { queuesFor } from "../routing.js";
import { mapLimit } from "./source.js";

/** One event to replay: as the current schema version, and as archived. */
export interface ReplayItem {
  event: Envelope;
  original: Envelope;
}

export interface TargetResult {
  /** queues: events sent per queue */
  routed?: Record<string, number>;
  /** queues: SQS messages those events went in, per queue */
  messages?: Record<string, number>;
  notRouted?: number;
  applied?: number;
  alreadyApplied?: number;
}

export interface ReplayTarget {
  readonly name: "queues" | "rebuild";
  /** events per batch unless the caller says otherwise */
  readonly batchSize: number;
  /** what a dry run would do with the batch, without doing it */
  plan(batch: ReplayItem[]): TargetResult;
  handle(batch: ReplayItem[]): Promise<TargetResult>;
}

/** Allows `perSecond` units a second, in bursts of at most one second's worth. */
export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly perSecond: number) {
    this.tokens = Math.min(perSecond, 10);
  }

  take(n: number): Promise<void> {
    const run = this.queue.then(async () => {
      for (;;) {
        const now = performance.now();
        this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
        this.last = now;
        if (this.tokens >= n || this.tokens >= this.perSecond) {
          this.tokens -= n;
          return;
        }
        await new Promise((r) => setTimeout(r, Math.ceil(((n - this.tokens) / this.perSecond) * 1000)));
      }
    });
    this.queue = run;
    return run;
  }
}

/** Events a replayed message carries at most (a queue may take fewer: `replayEventsPerMessage` in infra/resources.ts). */
export const EVENTS_PER_MESSAGE = 10;

/**
 * Re-drives events into the queues that route them (events/routing.ts),
 * flagged `replay: true`, packed several to a message (events/packing.ts):
 * as many as the queue takes, and at most `eventsPerMessage`. Consumers
 * deduplicate by event id, so an event they already handled is acknowledged
 * and not handled again. Messages leave out the relay's optional SQS message
 * attributes (see events/publish.ts): on the local stack they cut throughput
 * by a third.
 */
export class QueueTarget implements ReplayTarget {
  readonly name = "queues" as const;
  /** enough events to keep every call in flight busy */
  readonly batchSize: number;
  private readonly perMessage: number;

  constructor(
    private readonly o: {
      sqs: SQSClient;
      queueUrl: (q: QueueName) => string;
      /** concurrent SendMessageBatch calls */
      concurrency?: number;
      /** messages per second */
      rate?: RateLimiter;
      /** events per message at most; 1 sends each event as a message of its own */
      eventsPerMessage?: number;
    },
  ) {
    this.perMessage = Math.max(1, Math.floor(o.eventsPerMessage ?? EVENTS_PER_MESSAGE));
    this.batchSize = (o.concurrency ?? 16) * SQS_BATCH_ENTRIES * this.perMessage;
  }

  /** The messages for each queue, and what the batch's result reports. */
  private route(batch: ReplayItem[]): { byQueue: Map<QueueName, Message[]>; result: TargetResult } {
    const events = new Map<QueueName, Envelope[]>();
    let notRouted = 0;
    for (const { event } of batch) {
      const qs = queuesFor(event.type, event.data);
      if (qs.length === 0) notRouted++;
      for (const q of qs) {
        const list = events.get(q) ?? [];
        list.push({ ...event, replay: true });
        events.set(q, list);
      }
    }
    const byQueue = new Map(
      [...events].map(
        ([q, list]) =>
          [
            q,
            toMessages(list, {
              attributes: false,
              oversized: detachData,
              eventsPerMessage: Math.min(this.perMessage, queues[q].replayEventsPerMessage),
            }),
          ] as const,
      ),
    );
    const count = <T>(m: Map<QueueName, T[]>) => Object.fromEntries([...m].map(([q, l]) => [q, l.length]));
    return { byQueue, result: { routed: count(events), messages: count(byQueue), notRouted } };
  }

  plan(batch: ReplayItem[]): TargetResult {
    return this.route(batch).result;
  }

  async handle(batch: ReplayItem[]): Promise<TargetResult> {
    const { byQueue, result } = this.route(batch);
    const calls: Array<{ url: string; messages: Message[] }> = [];
    for (const [q, messages] of byQueue) {
      const url = this.o.queueUrl(q);
      for (const indexes of planBatches(messages.map((m) => m.bytes)))
        calls.push({ url, messages: indexes.map((i) => messages[i] as Message) });
    }
    await mapLimit(calls, this.o.concurrency ?? 16, async (c) => {
      await this.o.rate?.take(c.messages.length);
      await sendMessages(this.o.sqs, c.url, c.messages);
    });
    return result;
  }
}

/**
 * The shape of a rebuild table: the main table's keys and indexes, so every
 * list and the audit trail read it as they read the live one, but no stream:
 * nothing relays from a rebuilt table.
 */
export const REBUILD_TABLE: TableDef = { ...tables.main, stream: false };

const GET_LIMIT = 100;
const WRITE_LIMIT = 25;
const PARALLEL_CALLS = 4;

/**
 * Rebuilds the read models into another table (core/projections): each
 * batch reads the items its events touch, applies the events in order and
 * writes the resulting items, then records the events themselves (the
 * audit trail of the rebuilt table). An event whose item the table already
 * has is skipped, so replaying twice changes nothing the second time, and a
 * batch interrupted halfway is completed, not doubled, on resume.
 */
export class RebuildTarget implements ReplayTarget {
  readonly name = "rebuild" as const;
  readonly batchSize = 100;

  constructor(private readonly o: { db: DynamoDBDocumentClient; table: string /** events per second */; rate?: RateLimiter }) {}

  plan(batch: ReplayItem[]): TargetResult {
    return { applied: batch.length };
  }

  async handle(batch: ReplayItem[]): Promise<TargetResult> {
    await this.o.rate?.take(batch.length);
    const model = new ReadModel();
    const eventKey = (e: Envelope): ItemKey => ({ pk: eventPartition({ domain: e.domain, project: e.project }), sk: `${e.time}#${e.id}` });
    const wanted = new Map<string, ItemKey>();
    for (const { event, original } of batch) {
      for (const k of [eventKey(original), ...keysRead(event)]) wanted.set(itemKey(k), k);
    }
    const found = await this.read([...wanted.values()]);
    const recorded = new Set<string>();
    for (const [id, k] of wanted) {
      const item = found.get(id);
      if (item?.kind === "event") recorded.add(id);
      else model.load(k, item);
    }
    const fresh = batch.filter(({ original }) => !recorded.has(itemKey(eventKey(original))));
    for (const { event } of fresh) model.apply(event);
    await this.write(model.takeChanges());
    await this.write(fresh.map(({ original }) => ({ put: eventItem(original) })));
    return { applied: fresh.length, alreadyApplied: batch.length - fresh.length };
  }

  private async read(keys: ItemKey[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    const chunks = [];
    for (let i = 0; i < keys.length; i += GET_LIMIT) chunks.push(keys.slice(i, i + GET_LIMIT));
    await mapLimit(chunks, PARALLEL_CALLS, async (chunk) => {
      let pending: ItemKey[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const res = await this.o.db.send(
          new BatchGetCommand({ RequestItems: { [this.o.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of res.Responses?.[this.o.table] ?? []) out.set(itemKey({ pk: item.pk as string, sk: item.sk as string }), item);
        pending = (res.UnprocessedKeys?.[this.o.table]?.Keys ?? []) as ItemKey[];
      }
    });
    return out;
  }

  /** Writes in parallel chunks; each key appears once, so their order does not matter. */
  private async write(writes: Write[]): Promise<void> {
    const chunks = [];
    for (let i = 0; i < writes.length; i += WRITE_LIMIT) {
      chunks.push(
        writes.slice(i, i + WRITE_LIMIT).map((w) => ("put" in w ? { PutRequest: { Item: w.put } } : { DeleteRequest: { Key: w.delete } })),
      );
    }
    await mapLimit(chunks, PARALLEL_CALLS, async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const res = await this.o.db.send(new BatchWriteCommand({ RequestItems: { [this.o.table]: pending } }));
        pending = (res.UnprocessedItems?.[this.o.table] ?? []) as typeof pending;
      }
    });
  }
}

function backoff(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
}
