import { agentWs } from "./agent-ws";
import { api } from "./api";
import { dlqLogical, type QueueDef, queues, workerBundleName } from "./resources";
import { secretsKey } from "./secrets";
import { archiveBucket, artifactsBucket, idempotencyTable, mainTable } from "./storage";

/**
 * Each queue with its DLQ (after maxReceiveCount receives) and its worker,
 * which reports partial batch failures.
 */
function queueWithWorker(name: string, def: QueueDef) {
  const dlq = new sst.aws.Queue(dlqLogical(def));
  const queue = new sst.aws.Queue(def.logical, {
    visibilityTimeout: `${def.visibilityTimeout} seconds`,
    dlq: { queue: dlq.arn, retry: def.maxReceiveCount },
  });
  queue.subscribe(
    {
      // prebuilt by scripts/build-lambdas.ts (see sst.config.ts)
      bundle: `dist/lambdas/${workerBundleName(name)}`,
      handler: `index.${def.handler.split(".").pop()}`,
      timeout: `${Math.max(10, def.visibilityTimeout - 10)} seconds`,
      // its own queue too: waiting steps and paged reconciles send themselves the next message;
      // AgentWs: requests to remote management clusters go through their agents' tunnels
      link: [mainTable, idempotencyTable, archiveBucket, artifactsBucket, secretsKey, queue, agentWs],
      // machines the providers boot download and register their agents here (cluster lifecycle);
      // CKP_API_CA_CERTIFICATE (PEM) when the API's certificate comes from a private CA
      environment: {
        CKP_API_URL: api.url,
        ...(process.env.CKP_API_CA_CERTIFICATE ? { CKP_API_CA_CERTIFICATE: process.env.CKP_API_CA_CERTIFICATE } : {}),
      },
    },
    { batch: { size: def.batchSize, partialResponses: true } },
  );
  return queue;
}

export const workerQueues = Object.fromEntries(Object.entries(queues).map(([name, def]) => [name, queueWithWorker(name, def)]));
