import { Logger } from "@aws-lambda-powertools/logger";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { relayBatch, type StreamInsert } from "../../events/relay.js";
import { archiveBucket, queueUrl } from "../shared/queues.js";

const logger = new Logger({ serviceName: "ckp-relay" });

/** The outbox relay on the table's stream (DynamoDB Streams → Lambda on AWS, the stream poller locally). */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const inserts: StreamInsert[] = [];
  for (const r of event.Records) {
    if (r.eventName !== "INSERT" || !r.dynamodb?.NewImage) continue;
    inserts.push({
      sequenceNumber: r.dynamodb.SequenceNumber ?? r.eventID ?? "",
      item: unmarshall(r.dynamodb.NewImage as Record<string, AttributeValue>),
    });
  }
  const result = await relayBatch(inserts, { sqs: sqsClient(), s3: s3Client(), queueUrl, archiveBucket: archiveBucket() });
  for (const m of result.malformed) logger.error("malformed event item skipped", m);
  if (result.events > 0)
    logger.info("relayed", { events: result.events, published: result.published, archiveObjects: result.archiveObjects });
}
