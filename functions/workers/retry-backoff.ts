import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";

/**
 * When a message fails, SQS delivers it again once its visibility timeout
 * ends. Left alone that is the queue's fixed timeout (45–60 s); the
 * consumer instead hides a failed message for a time that grows with its
 * receive count, so a retry comes soon after a blip and spaces out when
 * the failure persists. The same code runs on Lambda and under the local
 * poller, which only plays the event source mapping.
 */
export const RETRY_BACKOFF = { firstSeconds: 1, maxSeconds: 30 } as const;

/** 1, 2, 4, 8 … seconds for the 1st, 2nd, 3rd … receive, capped. */
export function retryDelaySeconds(receiveCount: number, o: { firstSeconds: number; maxSeconds: number } = RETRY_BACKOFF): number {
  const n = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  return Math.min(o.maxSeconds, o.firstSeconds * 2 ** Math.min(n - 1, 30));
}

const urls = new Map<string, Promise<string>>();

/** The queue URL of an SQS event record, from its source ARN (arn:aws:sqs:<region>:<account>:<name>). */
function queueUrlOf(sqs: SQSClient, arn: string): Promise<string> {
  let p = urls.get(arn);
  if (!p) {
    const [, , , , account, name] = arn.split(":");
    if (!account || !name) return Promise.reject(new Error(`not an SQS queue ARN: ${arn}`));
    p = sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })).then((r) => {
      if (!r.QueueUrl) throw new Error(`no URL for queue ${arn}`);
      return r.QueueUrl;
    });
    p.catch(() => urls.delete(arn));
    urls.set(arn, p);
  }
  return p;
}

/**
 * Sets the failed message's visibility from its receive count. Called before
 * the message is reported as a batch item failure: the event source mapping
 * (or the local poller) leaves reported failures on the queue, and they come
 * back when this visibility ends; `atLeastSeconds` holds it longer (an event
 * whose dedupe record is still in progress). Answers the delay set.
 */
export async function deferRetry(sqs: SQSClient, record: SQSRecord, atLeastSeconds = 0): Promise<number> {
  // 12 hours is the most SQS accepts
  const delay = Math.min(43_200, Math.max(atLeastSeconds, retryDelaySeconds(Number(record.attributes.ApproximateReceiveCount ?? "1"))));
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: await queueUrlOf(sqs, record.eventSourceARN),
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: delay,
    }),
  );
  return delay;
}
