import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { newId } from "../../core/shared/ids.js";
import type { Envelope } from "../../events/envelope.js";
import { packBodies } from "../../events/packing.js";
import { PACKED_MESSAGE_BYTES } from "../../events/publish.js";
import { useLocalAws } from "../support/api.js";

function record(e: Envelope, messageId: string, receives = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify(e),
    attributes: { ApproximateReceiveCount: String(receives), SentTimestamp: "0", SenderId: "t", ApproximateFirstReceiveTimestamp: "0" },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q",
    awsRegion: "us-east-1",
  };
}

/** One message carrying `events` packed (events/packing.ts), as SQS hands it to the consumer. */
function packedRecord(events: Envelope[], messageId: string, receives = 1): SQSRecord {
  const [body] = packBodies(
    events.map((e) => JSON.stringify(e)),
    10,
    PACKED_MESSAGE_BYTES,
  );
  return { ...record(events[0] as Envelope, messageId, receives), body: body as string };
}

/** A test event of `type` about `subject`. */
function envelope(type: string, subject: string, dataschemaversion: number, data: Record<string, unknown>): Envelope {
  return {
    specversion: "1.0",
    id: newId("evt"),
    source: "test",
    type,
    time: new Date().toISOString(),
    subject,
    datacontenttype: "application/json",
    dataschemaversion,
    domain: "d",
    project: "p",
    actor: { kind: "system", id: "test" },
    correlationid: "c",
    data,
  };
}

/**
 * functions/workers/consumer.ts on its own, with a handler that counts its
 * calls, its dedupe records in the stage's idempotency table (DynamoDB
 * Local): however often and however concurrently an event id arrives,
 * replayed or not, the handler runs once.
 */
describe("sqsConsumer", () => {
  it("hands an event to its handler once: duplicates in one batch, later, and replayed", async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    const calls: string[] = [];
    const consume = sqsConsumer({
      queue: "provisioning",
      handlers: {
        "ckp.host.labels-changed": async (_deps, e) => {
          calls.push(e.id);
          await new Promise((r) => setTimeout(r, 200)); // long enough for the copies to meet it running
        },
      },
    });
    const e = envelope("ckp.host.labels-changed", "hosts/host_x", 2, { hostId: "host_x" });

    // the same envelope twice in one batch: processed concurrently
    const first = await consume({ Records: [record(e, "a"), record(e, "b")] } as SQSEvent);
    expect(calls).toEqual([e.id]);
    // the copy that met the first in progress goes back to the queue, unhandled
    expect(first.batchItemFailures).toHaveLength(1);
    const back = first.batchItemFailures[0]?.itemIdentifier as string;

    // redelivered, and a replay of the same event: acknowledged, not handled
    const later = await consume({ Records: [record(e, back, 2), record({ ...e, replay: true }, "c")] } as SQSEvent);
    expect(later.batchItemFailures).toEqual([]);
    expect(calls).toEqual([e.id]);

    // another event is handled (the counter does count)
    const other = { ...e, id: newId("evt") };
    expect((await consume({ Records: [record(other, "d")] } as SQSEvent)).batchItemFailures).toEqual([]);
    expect(calls).toEqual([e.id, other.id]);
  });

  it("ends an event its beforeDedupe answers with no dedupe record; hands the others to the handler as beforeDedupe saw them", async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    const calls: string[] = [];
    const looked = new WeakSet<Envelope>();
    let moved = true;
    const consume = sqsConsumer({
      queue: "lifecycle",
      handlers: {
        "ckp.cluster.step-due": async (_deps, e) => {
          // the very object the check looked at (the lifecycle worker hands its read over this way)
          expect(looked.has(e)).toBe(true);
          calls.push(e.id);
        },
      },
      beforeDedupe: async (_deps, e) => {
        looked.add(e);
        return moved ? "stale" : undefined;
      },
    });
    const e = envelope("ckp.cluster.step-due", "clusters/cl_x", 1, { clusterId: "cl_x", generation: 1, step: "wait-workers", poll: 1 });
    expect((await consume({ Records: [record(e, "s1")] } as SQSEvent)).batchItemFailures).toEqual([]);
    expect(calls).toEqual([]);
    // no dedupe record was written for it: the same event, now with something to do, is handled — once
    moved = false;
    expect((await consume({ Records: [record(e, "s2", 2)] } as SQSEvent)).batchItemFailures).toEqual([]);
    expect((await consume({ Records: [record(e, "s3", 3)] } as SQSEvent)).batchItemFailures).toEqual([]);
    expect(calls).toEqual([e.id]);
  });

  it("hands each event of a packed message to its handler in order; a retry after a failure handles only the rest", async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    const calls: string[] = [];
    let failOn: string | undefined;
    const consume = sqsConsumer({
      queue: "byohosts",
      handlers: {
        "ckp.host.labels-changed": async (_deps, e) => {
          if (e.id === failOn) throw new Error("not yet");
          calls.push(e.id);
        },
      },
    });
    const base = envelope("ckp.host.labels-changed", "hosts/host_y", 2, { hostId: "host_y" });
    const events = [1, 2, 3].map(() => ({ ...base, id: newId("evt"), replay: true }));
    const packed = (messageId: string, receives = 1) => packedRecord(events, messageId, receives);

    failOn = events[1]?.id;
    const first = await consume({ Records: [packed("p1")] } as SQSEvent);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "p1" }]);
    expect(calls).toEqual([events[0]?.id]);

    failOn = undefined;
    expect((await consume({ Records: [packed("p1", 2)] } as SQSEvent)).batchItemFailures).toEqual([]);
    expect(calls).toEqual(events.map((e) => e.id));

    // a packed message with nothing in it is refused, not acknowledged
    const empty = { ...packed("p2"), body: '{"events":[]}' };
    expect((await consume({ Records: [empty] } as SQSEvent)).batchItemFailures).toEqual([{ itemIdentifier: "p2" }]);
  });

  it("runs a packed message's events about different subjects at once, each subject's in order; a failure fails only its subject's rest", async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    const started: string[] = [];
    const done: string[] = [];
    let bStarted: () => void = () => undefined;
    const bHasStarted = new Promise<void>((resolve) => {
      bStarted = resolve;
    });
    let failB = true;
    const consume = sqsConsumer({
      queue: "lifecycle",
      handlers: {
        "ckp.cluster.step-due": async (_deps, e) => {
          const { n } = e.data as { n: string };
          started.push(n);
          // a1 waits until b1 has started: run one after the other, this would never end (the race fails the test)
          if (n === "a1")
            await Promise.race([
              bHasStarted,
              new Promise((_, reject) => setTimeout(() => reject(new Error("b1 did not start while a1 ran")), 3000)),
            ]);
          if (n === "b1") {
            bStarted();
            if (failB) throw new Error("not yet");
          }
          done.push(n);
        },
      },
    });
    const about = (subject: string, n: string) => envelope("ckp.cluster.step-due", subject, 1, { n });
    const events = [about("clusters/a", "a1"), about("clusters/b", "b1"), about("clusters/a", "a2"), about("clusters/b", "b2")];
    const packed = (messageId: string, receives = 1) => packedRecord(events, messageId, receives);

    const first = await consume({ Records: [packed("m1")] } as SQSEvent);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    // a's two ran, in order; b stopped at its failure, so b2 did not run
    expect(done).toEqual(["a1", "a2"]);
    expect(started).not.toContain("b2");

    failB = false;
    started.length = 0;
    expect((await consume({ Records: [packed("m1", 2)] } as SQSEvent)).batchItemFailures).toEqual([]);
    // the retry handled only what had not finished (a1 and a2 have their dedupe records)
    expect(started).toEqual(["b1", "b2"]);
    expect(done).toEqual(["a1", "a2", "b1", "b2"]);
  });
});
