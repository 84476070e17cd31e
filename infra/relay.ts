import { workerQueues } from "./queues";
import { archiveBucket, mainTable } from "./storage";

/** Attempts of a failing stream batch (after each bisection) before its records are given up on. */
export const RELAY_MAX_RETRIES = 10;

/**
 * Where the event source mapping sends the description (shard, sequence
 * numbers) of a stream batch the relay gave up on, so one bad record cannot
 * stall its shard for the stream's 24 hours. The events stay in the table
 * (the audit trail); an operator re-drives them from there or the archive.
 * Kept 14 days.
 */
export const relayFailures = new sst.aws.Queue("RelayFailureQueue", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

/**
 * The outbox relay on the table's stream. Only event items reach it; a
 * failed batch is retried from the stream, bisected to isolate bad records,
 * at most RELAY_MAX_RETRIES times, then described on the failure queue.
 */
mainTable.subscribe(
  "Relay",
  {
    bundle: "dist/lambdas/relay",
    handler: "index.handler",
    timeout: "60 seconds",
    link: [...Object.values(workerQueues), archiveBucket],
    // the event source mapping sends to the on-failure destination with the function's role
    permissions: [{ actions: ["sqs:SendMessage"], resources: [relayFailures.arn] }],
  },
  {
    filters: [{ eventName: ["INSERT"], dynamodb: { NewImage: { kind: { S: ["event"] } } } }],
    transform: {
      eventSourceMapping: (args) => {
        args.startingPosition = "TRIM_HORIZON";
        args.batchSize = 100;
        args.bisectBatchOnFunctionError = true;
        args.maximumRetryAttempts = RELAY_MAX_RETRIES;
        args.destinationConfig = { onFailure: { destinationArn: relayFailures.arn } };
      },
    },
  },
);
