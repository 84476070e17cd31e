import { agentWs } from "./agent-ws";
import { api } from "./api";
import { dlqLogical, type QueueDef, type QueueName, queues, workerBundleName } from "./resources";
import { secretsKey } from "./secrets";
import { archiveBucket, artifactsBucket, idempotencyTable, mainTable } from "./storage";

/**
 * Each queue with its DLQ (after maxReceiveCount receives) and its worker,
 * which reports partial batch failures. A worker may send to other queues
 * too (`sendsTo`): the lifecycle worker's waiting steps send their timers to
 * the step-due queue.
 */
function queueOf(def: QueueDef) {
  const dlq = new sst.aws.Queue(dlqLogical(def));
  return new sst.aws.Queue(def.logical, {
    visibilityTimeout: `${def.visibilityTimeout} seconds`,
    dlq: { queue: dlq.arn, retry: def.maxReceiveCount },
  });
}

function subscribeWorker(name: string, def: QueueDef, queue: sst.aws.Queue, others: sst.aws.Queue[]) {
  queue.subscribe(
    {
      // prebuilt by scripts/build-lambdas.ts (see sst.config.ts)
      bundle: `dist/lambdas/${workerBundleName(name)}`,
      handler: `index.${def.handler.split(".").pop()}`,
      timeout: `${Math.max(10, def.visibilityTimeout - 10)} seconds`,
      // its own queue too: waiting steps and paged reconciles send themselves the next message;
      // AgentWs: requests to remote management clusters go through their agents' tunnels
      link: [mainTable, idempotencyTable, archiveBucket, artifactsBucket, secretsKey, queue, ...others, agentWs],
      // machines the providers boot download and register their agents here (cluster lifecycle);
      // CKP_API_CA_CERTIFICATE (PEM) when the API's certificate comes from a private CA
      environment: {
        CKP_API_URL: api.url,
        ...(process.env.CKP_API_CA_CERTIFICATE ? { CKP_API_CA_CERTIFICATE: process.env.CKP_API_CA_CERTIFICATE } : {}),
      },
    },
    { batch: { size: def.batchSize, partialResponses: true } },
  );
}

export const workerQueues = Object.fromEntries(Object.entries(queues).map(([name, def]) => [name, queueOf(def)])) as Record<
  QueueName,
  sst.aws.Queue
>;
function queueNamed(name: string): sst.aws.Queue {
  const q = workerQueues[name as QueueName];
  if (!q) throw new Error(`sendsTo names ${name}, which is not a queue in infra/resources.ts`);
  return q;
}

for (const [name, def] of Object.entries(queues) as Array<[QueueName, QueueDef]>)
  subscribeWorker(name, def, workerQueues[name], (def.sendsTo ?? []).map(queueNamed));
