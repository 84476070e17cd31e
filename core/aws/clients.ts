import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { attachRoundTripCounter } from "./round-trips.js";
import { withoutSdkLogging } from "./sdk-logging.js";

/**
 * SDK clients, created once per process. Endpoints come from the standard
 * variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, ...) which the SDK
 * reads itself, so the same code talks to AWS and to the local stack.
 */
let dynamo: DynamoDBClient | undefined;
let document: DynamoDBDocumentClient | undefined;

export function dynamoClient(): DynamoDBClient {
  if (!dynamo) {
    dynamo = new DynamoDBClient({ maxAttempts: 4 });
    attachRoundTripCounter(dynamo, "DynamoDB");
    withoutSdkLogging(dynamo);
  }
  return dynamo;
}

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  if (!document) {
    document = DynamoDBDocumentClient.from(dynamoClient(), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return document;
}

/** True when an emulator endpoint is configured (path-style S3). */
export function usingLocalEndpoints(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
}
