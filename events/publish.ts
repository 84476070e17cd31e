import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Envelope } from "./envelope.js";

const SQS_BATCH = 10;

/**
 * Sends envelopes to a queue in batches of ten. Entries SQS refuses are
 * retried once, then reported as a failure so the caller's batch is retried
 * as a whole (consumers deduplicate by event id).
 *
 * `attributes` adds the type and id as SQS message attributes, for tools
 * that look at messages without parsing them; consumers read the envelope.
 * They cost SQS an MD5 per message, so bulk re-drives leave them out.
 */
export async function publishToQueue(sqs: SQSClient, queueUrl: string, events: Envelope[], o: { attributes?: boolean } = {}): Promise<void> {
  const attributes = o.attributes ?? true;
  for (let i = 0; i < events.length; i += SQS_BATCH) {
    let pending = events.slice(i, i + SQS_BATCH);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: pending.map((e, n) => ({
            Id: String(n),
            MessageBody: JSON.stringify(e),
            ...(attributes
              ? {
                  MessageAttributes: {
                    type: { DataType: "String", StringValue: e.type },
                    eventId: { DataType: "String", StringValue: e.id },
                  },
                }
              : {}),
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
