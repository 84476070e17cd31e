import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { dynamoClient } from "../../core/aws/clients.js";
import { withSource } from "../../core/aws/round-trips.js";
import { sqsClient } from "../../core/aws/sqs.js";
import type { Deps } from "../../core/deps.js";
import { findItem } from "../../core/store/read.js";
import { type Envelope, envelopeSchema } from "../../events/envelope.js";
import { eventItemKey } from "../../events/outbox.js";
import { bySubject, eventsOf } from "../../events/packing.js";
import { maxReceiveCount, type QueueName, queues } from "../../infra/resources.js";
import { idempotencyTableName, runtimeDeps } from "../shared/runtime.js";
import { deferRetry } from "./retry-backoff.js";

export type EventHandler = (deps: Deps, e: Envelope) => Promise<unknown>;

export interface ConsumerSpec {
  queue: QueueName;
  /** handlers by event type; other types are acknowledged and ignored */
  handlers: Record<string, EventHandler>;
  /**
   * Called on the last delivery before SQS moves a failing message to the DLQ,
   * to record the reason on the resource the message was about.
   */
  onGiveUp?: (deps: Deps, e: Envelope, error: Error) => Promise<void>;
  /**
   * Events whose handler is idempotent by its own conditional writes (DESIGN
   * rule 3's first way: the cluster saga runs a step only at the generation
   * and step the cluster records, and writes its end under the same
   * condition). They skip the dedupe record: two writes per event that guard
   * nothing the handler does not, since such a handler already meets the
   * same step run at once from two different events (a nudge and a timer).
   */
  selfGuarded?: (e: Envelope) => boolean;
  /**
   * Looked at before the dedupe record of an event that is not self-guarded: an answer (the outcome) ends the
   * event there, acknowledged with no dedupe record — for an event a read shows has nothing left to do (a saga
   * timer whose step has moved on: it sends nothing, so a copy of it doubles nothing either). The record's two
   * writes are spared where they guard nothing.
   */
  beforeDedupe?: (deps: Deps, e: Envelope) => Promise<string | undefined>;
}

/**
 * An SQS worker: partial batch responses (Powertools batch), one envelope
 * or several packed ones per message, each deduplicated by event id
 * (Powertools idempotency) so an event delivered twice, or replayed, is
 * handled once. A failed message is retried with backoff
 * (./retry-backoff.ts) until SQS dead-letters it.
 */
/** A queue's Lambda handler; `handles` lists the event types it acts on (the routing table must send no others). */
export type SqsConsumer = ((event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>) & { handles: readonly string[] };

export function sqsConsumer(spec: ConsumerSpec): SqsConsumer {
  const logger = new Logger({ serviceName: `ckp-worker-${spec.queue}` });
  const maxReceives = maxReceiveCount(spec.queue);
  const guarded = spec.selfGuarded ?? (() => false);
  /** an event handed to its handler, with the outcome the dedupe record keeps (a self-guarded event runs it directly) */
  const dispatch = async (e: Envelope) => {
    const h = spec.handlers[e.type];
    const result = h ? await h(runtimeDeps(), e) : "ignored";
    return { type: e.type, result: typeof result === "string" ? result : "done" };
  };
  let handleOnce: ((e: Envelope) => Promise<unknown>) | undefined;
  let config: IdempotencyConfig | undefined;

  const dedupe = () => {
    config = new IdempotencyConfig({ eventKeyJmesPath: "id", expiresAfterSeconds: 7 * 24 * 3600 });
    handleOnce = makeIdempotent(dispatch, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: idempotencyTableName(), awsSdkV3Client: dynamoClient() }),
      config,
      keyPrefix: `consumer.${spec.queue}`,
    });
    return handleOnce;
  };

  const handleEvent = async (raw: unknown, record: SQSRecord, receives: number): Promise<unknown> => {
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`message ${record.messageId} is not an event envelope: ${parsed.error.message}`);
    const e = parsed.data.datadetached ? await withData(runtimeDeps(), parsed.data as Envelope) : (parsed.data as Envelope);
    const started = Date.now();
    try {
      const out = await withSource(sourceOf(e), async () => {
        if (guarded(e)) return dispatch(e);
        const early = await spec.beforeDedupe?.(runtimeDeps(), e);
        if (early !== undefined) return { type: e.type, result: early };
        return (handleOnce ?? dedupe())(e);
      });
      logger.info("handled", {
        eventId: e.id,
        type: e.type,
        outcome: out,
        durationMs: Date.now() - started,
        ...(e.replay ? { replay: true } : {}),
      });
      return out;
    } catch (err) {
      logger.error("handler failed", { eventId: e.id, type: e.type, receives, error: err as Error });
      if (receives >= maxReceives && spec.onGiveUp) {
        await spec
          .onGiveUp(runtimeDeps(), e, err as Error)
          .catch((giveUpErr: unknown) => logger.error("could not record the failure", { eventId: e.id, error: giveUpErr as Error }));
      }
      throw err;
    }
  };

  /**
   * A message's events (a packed message carries several, events/packing.ts):
   * those about one subject in order, those about different subjects at once
   * (a status sync round's nudges for ten clusters travel in one message
   * and should not wait on each other). A failure stops its subject's later
   * events and fails the message once the others are done; its retry skips,
   * by id, the events already handled.
   */
  const handle = async (record: SQSRecord, receives: number): Promise<void> => {
    let raw: unknown;
    try {
      raw = JSON.parse(record.body);
    } catch {
      throw new Error(`message ${record.messageId} is not JSON`);
    }
    const events = eventsOf(raw);
    if (events.length === 0) throw new Error(`message ${record.messageId} carries no events`);
    if (events.length === 1) return void (await handleEvent(events[0], record, receives));
    const outcomes = await Promise.allSettled(
      [...bySubject(events).values()].map(async (group) => {
        for (const e of group) await handleEvent(e, record, receives);
      }),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) throw failed.reason;
  };

  const recordHandler = async (record: SQSRecord): Promise<unknown> => {
    const receives = Number(record.attributes.ApproximateReceiveCount ?? "1");
    try {
      return await handle(record, receives);
    } catch (err) {
      // Without this the message would come back after the queue's full visibility timeout —
      // after the last receive too: SQS dead-letters it once it is visible again.
      await deferRetry(sqsClient(), record, inProgressHoldSeconds(err, holdMs)).then(
        (delay) => logger.info("retry deferred", { messageId: record.messageId, receives, delaySeconds: delay }),
        (visErr: unknown) =>
          logger.warn("could not defer the retry; the queue's visibility timeout applies", {
            messageId: record.messageId,
            error: visErr as Error,
          }),
      );
      throw err;
    }
  };

  // how long an in-progress dedupe record can be held: the remaining time of an invocation (what Powertools gives it)
  let holdMs = queues[spec.queue].visibilityTimeout * 1000;
  const consume = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (!handleOnce) dedupe();
    const invocation = context ?? ({ getRemainingTimeInMillis: () => queues[spec.queue].visibilityTimeout * 1000 } as Context);
    holdMs = invocation.getRemainingTimeInMillis();
    config?.registerLambdaContext(invocation);
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
  };
  return Object.assign(consume, { handles: Object.keys(spec.handlers) });
}

/**
 * Seconds until an event's dedupe record, left "in progress" by an attempt
 * that died or lost its database before it could clear it, may be taken
 * over: Powertools holds it for the remaining time of the invocation that
 * wrote it, at most `holdMs` (an invocation's whole time; the error does not
 * carry the record). A retry before then fails again at once, so without
 * this the backoff's short first delays spent every receive of the message
 * inside that window and the consumer gave up on work that never failed
 * (the soak test, bench/soak, found hosts create-failed after DynamoDB Local
 * was killed).
 */
export function inProgressHoldSeconds(err: unknown, holdMs: number, now = Date.now()): number {
  if (!(err instanceof IdempotencyAlreadyInProgressError)) return 0;
  const expiry = err.existingRecord?.inProgressExpiryTimestamp;
  const ms = typeof expiry === "number" && expiry > now ? expiry - now : holdMs;
  return Math.ceil(ms / 1000) + 1;
}

/**
 * The whole event for a message the relay sent without its data (too large
 * for SQS): the outbox item in the table holds it. A message that is a
 * replay stays flagged as one.
 */
async function withData(deps: Deps, e: Envelope): Promise<Envelope> {
  const item = await findItem<{ event?: unknown }>(deps, eventItemKey(e), { consistent: true });
  const full = envelopeSchema.safeParse(item?.event);
  if (!full.success || full.data.id !== e.id)
    throw new Error(`event ${e.id} arrived without its data and its item in the table cannot be read`);
  return { ...(full.data as Envelope), ...(e.replay ? { replay: true } : {}) };
}

/** What a benchmark's round-trip tallies attribute an event's work to: its type, and a lifecycle message's step and kind. */
function sourceOf(e: Envelope): string {
  const d = (e.data ?? {}) as { step?: unknown; nudge?: unknown; poll?: unknown };
  const step = typeof d.step === "string" ? ` ${d.step}` : "";
  const kind = d.nudge ? " (nudge)" : d.poll !== undefined ? " (timer)" : "";
  return `${e.type}${step}${kind}`;
}
