import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { newId } from "../../core/shared/ids.js";
import type { Envelope } from "../../events/envelope.js";
import { useLocalAws } from "../support/api.js";

function record(e: Envelope, messageId: string, receives = 1): SQSRecord {
  return {
    messageId, receiptHandle: messageId, body: JSON.stringify(e),
    attributes: { ApproximateReceiveCount: String(receives), SentTimestamp: "0", SenderId: "t", ApproximateFirstReceiveTimestamp: "0" },
    messageAttributes: {}, md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q", awsRegion: "us-east-1",
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
    const e: Envelope = {
      specversion: "1.0", id: newId("evt"), source: "test", type: "ckp.host.labels-changed", time: new Date().toISOString(), subject: "hosts/host_x",
      datacontenttype: "application/json", dataschemaversion: 2, domain: "d", project: "p", actor: { kind: "system", id: "test" }, correlationid: "c", data: { hostId: "host_x" },
    };

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
});
