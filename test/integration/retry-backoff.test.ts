import { randomBytes } from "node:crypto";
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import type { Context, SQSEvent } from "aws-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { sqsClient } from "../../core/aws/sqs.js";
import { queues } from "../../infra/resources.js";
import { useLocalAws } from "../support/api.js";

/**
 * The retry backoff of the shared SQS consumer (functions/workers/consumer.ts),
 * against LocalStack SQS: a message whose handler fails is hidden for a time
 * that follows its receive count (ChangeMessageVisibility), not the queue's
 * fixed visibility timeout — on Lambda and locally alike, since both run this
 * handler. The queue here hides messages for 120 s, so a message seen again
 * within seconds proves the consumer set its visibility.
 */
const QUEUE_VISIBILITY = 120;
const made: string[] = [];
afterAll(async () => {
  for (const url of made)
    await sqsClient()
      .send(new DeleteQueueCommand({ QueueUrl: url }))
      .catch(() => undefined);
});

async function receive(url: string, o: { visibility?: number; waitSeconds?: number } = {}): Promise<Message | undefined> {
  const out = await sqsClient().send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: o.waitSeconds ?? 1,
      MessageSystemAttributeNames: ["All"],
      ...(o.visibility !== undefined ? { VisibilityTimeout: o.visibility } : {}),
    }),
  );
  return out.Messages?.[0];
}

const receives = (m: Message) => Number(m.Attributes?.ApproximateReceiveCount);

/** Waits for the message to be delivered again; answers it and the seconds it took. */
async function nextDelivery(url: string, timeoutSeconds: number, visibility?: number): Promise<{ m: Message; after: number }> {
  const start = Date.now();
  while (Date.now() - start < timeoutSeconds * 1000) {
    const m = await receive(url, visibility !== undefined ? { visibility } : {});
    if (m) return { m, after: (Date.now() - start) / 1000 };
  }
  throw new Error(`the message was not delivered again within ${timeoutSeconds}s`);
}

/** A queue of its own on LocalStack (removed after the file), with the workers' AWS settings and quiet logs. */
async function testQueue(prefix: string) {
  const env = useLocalAws();
  Object.assign(process.env, env);
  process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
  const sqs = sqsClient();
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${prefix}-${randomBytes(4).toString("hex")}`,
      Attributes: { VisibilityTimeout: String(QUEUE_VISIBILITY) },
    }),
  );
  const url = created.QueueUrl as string;
  made.push(url);
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }))).Attributes
    ?.QueueArn as string;
  return { sqs, url, arn, env };
}

describe("retry backoff of failed messages", () => {
  it("hides a failed message for 2^(receives-1) seconds (capped), from its ApproximateReceiveCount", async () => {
    // the failures below are on purpose
    const { sqs, url, arn } = await testQueue("ckp-test-backoff");

    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    let calls = 0;
    const failing = sqsConsumer({
      queue: "lifecycle",
      handlers: {
        "ckp.test.failed": async () => {
          calls++;
          throw new Error("still broken");
        },
      },
    });
    const now = new Date().toISOString();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify({
          specversion: "1.0",
          id: `evt_backoff_${randomBytes(6).toString("hex")}`,
          source: "test",
          type: "ckp.test.failed",
          time: now,
          subject: "test",
          datacontenttype: "application/json",
          dataschemaversion: 1,
          actor: { kind: "system", id: "test" },
          correlationid: "test",
          data: {},
        }),
      }),
    );
    const deliver = async (m: Message) => {
      const event: SQSEvent = {
        Records: [
          {
            messageId: m.MessageId as string,
            receiptHandle: m.ReceiptHandle as string,
            body: m.Body as string,
            attributes: {
              ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount as string,
              SentTimestamp: m.Attributes?.SentTimestamp ?? "0",
              SenderId: "test",
              ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? "0",
            },
            messageAttributes: {},
            md5OfBody: m.MD5OfBody ?? "",
            eventSource: "aws:sqs",
            eventSourceARN: arn,
            awsRegion: process.env.AWS_REGION ?? "us-east-1",
          },
        ],
      };
      expect((await failing(event)).batchItemFailures).toEqual([{ itemIdentifier: m.MessageId }]);
    };

    // 1st receive fails: back after about 1 s, far sooner than the queue's 120 s
    const first = await nextDelivery(url, 10);
    expect(receives(first.m)).toBe(1);
    await deliver(first.m);
    const second = await nextDelivery(url, 15, 0); // visible again at once: the next receives count up
    expect(receives(second.m)).toBe(2);
    expect(second.after).toBeLessThan(15);

    // receives 3 and 4 without the consumer (visible again at once), then the 5th fails: 16 s
    expect(receives((await receive(url, { visibility: 0, waitSeconds: 5 })) as Message)).toBe(3);
    expect(receives((await receive(url, { visibility: 0, waitSeconds: 5 })) as Message)).toBe(4);
    const fifth = (await receive(url, { waitSeconds: 5 })) as Message;
    expect(receives(fifth)).toBe(5);
    await deliver(fifth);
    const deferredAt = Date.now();
    // hidden for 16 s: not back within the first 8 (a fixed short backoff would have returned it)
    while (Date.now() - deferredAt < 8000) expect(await receive(url)).toBeUndefined();
    const sixth = await nextDelivery(url, 40);
    expect(receives(sixth.m)).toBe(6);
    const hidden = (Date.now() - deferredAt) / 1000;
    expect(hidden).toBeGreaterThanOrEqual(14);
    expect(hidden).toBeLessThan(QUEUE_VISIBILITY);
    expect(calls).toBe(2);
    expect(queues.lifecycle.maxReceiveCount).toBeGreaterThan(6);
  }, 120_000);

  it("holds a message whose event a dead attempt left in progress until that attempt's hold ends, then handles it once (issue 22's soak)", async () => {
    // Before: the backoff's 1, 2, 4, 8 s retries all met the dead attempt's in-progress dedupe record
    // (held for the invocation's remaining time), and the provisioning consumer gave up on a host that never failed.
    const { sqs, url, arn } = await testQueue("ckp-test-inprogress");
    const body = JSON.stringify({
      specversion: "1.0",
      id: `evt_inprogress_${randomBytes(6).toString("hex")}`,
      source: "test",
      type: "ckp.test.held",
      time: new Date().toISOString(),
      subject: "test",
      datacontenttype: "application/json",
      dataschemaversion: 1,
      actor: { kind: "system", id: "test" },
      correlationid: "test",
      data: {},
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    const eventOf = (m: Pick<Message, "MessageId" | "ReceiptHandle" | "Attributes">): SQSEvent => ({
      Records: [
        {
          messageId: m.MessageId as string,
          receiptHandle: m.ReceiptHandle as string,
          body,
          attributes: {
            ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1",
            SentTimestamp: "0",
            SenderId: "test",
            ApproximateFirstReceiveTimestamp: "0",
          },
          messageAttributes: {},
          md5OfBody: "",
          eventSource: "aws:sqs",
          eventSourceARN: arn,
          awsRegion: process.env.AWS_REGION ?? "us-east-1",
        },
      ],
    });
    const HOLD_MS = 12_000;
    const context = { getRemainingTimeInMillis: () => HOLD_MS } as Context;
    const { sqsConsumer } = await import("../../functions/workers/consumer.js");

    // an attempt that dies mid-handler (its process killed): its dedupe record stays in progress for HOLD_MS
    const dying = sqsConsumer({ queue: "provisioning", handlers: { "ckp.test.held": () => new Promise<void>(() => {}) } });
    void dying(eventOf({ MessageId: "dead-attempt", ReceiptHandle: "gone", Attributes: {} }), context);
    await new Promise((r) => setTimeout(r, 1000));

    const calls: string[] = [];
    const gaveUp: string[] = [];
    const worker = sqsConsumer({
      queue: "provisioning",
      handlers: { "ckp.test.held": async (_deps, e) => void calls.push(e.id) },
      onGiveUp: async (_deps, _e, err) => void gaveUp.push(err.message),
    });
    const first = await nextDelivery(url, 10);
    expect((await worker(eventOf(first.m), context)).batchItemFailures).toHaveLength(1);
    const deferredAt = Date.now();
    // hidden until the hold ends, not for the backoff's 1 s
    while (Date.now() - deferredAt < HOLD_MS - 3000) expect(await receive(url)).toBeUndefined();
    const again = await nextDelivery(url, 30);
    expect(Date.now() - deferredAt).toBeGreaterThanOrEqual(HOLD_MS - 2000);
    expect((await worker(eventOf(again.m), context)).batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(gaveUp).toEqual([]);
    expect(receives(again.m)).toBeLessThan(queues.provisioning.maxReceiveCount);
  }, 120_000);
});
