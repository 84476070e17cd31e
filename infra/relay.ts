import { workerQueues } from "./queues";
import { archiveBucket, mainTable } from "./storage";

/**
 * The outbox relay on the table's stream. Only event items reach it; a
 * failed batch is retried from the stream (bisected to isolate bad records).
 */
mainTable.subscribe(
  "Relay",
  {
    bundle: "dist/lambdas/relay",
    handler: "index.handler",
    timeout: "60 seconds",
    link: [...Object.values(workerQueues), archiveBucket],
  },
  {
    filters: [{ eventName: ["INSERT"], dynamodb: { NewImage: { kind: { S: ["event"] } } } }],
    transform: {
      eventSourceMapping: (args) => {
        args.startingPosition = "TRIM_HORIZON";
        args.bisectBatchOnFunctionError = true;
        args.batchSize = 100;
      },
    },
  },
);
