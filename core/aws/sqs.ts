import { SQSClient } from "@aws-sdk/client-sqs";
import { attachRoundTripCounter } from "./round-trips.js";
import { withoutSdkLogging } from "./sdk-logging.js";

let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  if (!sqs) {
    sqs = new SQSClient({ maxAttempts: 5 });
    attachRoundTripCounter(sqs, "SQS");
    withoutSdkLogging(sqs);
  }
  return sqs;
}
