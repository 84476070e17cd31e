import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export interface SqsPollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  handler: (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse | undefined>;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  /** batches handled at once, each by its own receive loop (Lambda's event source mapping starts at five) */
  concurrency?: number;
}

/**
 * Plays Lambda's SQS event source mapping locally: receives a batch, hands it
 * to the same handler as a real SQSEvent and deletes what succeeded.
 * Failures stay on the queue, exactly as on Lambda: the handler itself
 * (functions/workers/consumer.ts) has set their visibility to the retry
 * backoff. SQS counts receives and moves a message to the DLQ after
 * maxReceiveCount. With `concurrency` above one, that many loops receive and
 * handle batches side by side, as concurrent invocations would.
 */
export class SqsPoller {
  private running = false;
  private loops: Array<Promise<void>> = [];

  constructor(private readonly o: SqsPollerOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: Math.max(1, this.o.concurrency ?? 1) }, () => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const out = await this.o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.o.queueUrl,
            MaxNumberOfMessages: this.o.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
        );
        const messages = out.Messages ?? [];
        if (messages.length > 0) await this.handle(messages);
      } catch (e) {
        if (!this.running) return;
        this.o.log("sqs poll failed", { queue: this.o.queueUrl, error: (e as Error).message });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async handle(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failedIds: Set<string>;
    try {
      const res = await this.o.handler(event);
      failedIds = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      this.o.log("worker threw; the whole batch returns to the queue", { error: (e as Error).message });
      failedIds = new Set(messages.map((m) => m.MessageId as string));
    }
    const done = messages.filter((m) => !failedIds.has(m.MessageId as string));
    if (done.length) {
      await this.o.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.o.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
  }

  private toRecord(m: Message): SQSRecord {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId as string,
      receiptHandle: m.ReceiptHandle as string,
      body: m.Body ?? "",
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? "1",
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? "local",
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { dataType: v.DataType ?? "String", ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}) },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? "",
      eventSource: "aws:sqs",
      eventSourceARN: this.o.queueArn,
      awsRegion: process.env.AWS_REGION ?? "us-east-1",
    };
  }
}
