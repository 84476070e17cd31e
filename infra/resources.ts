/**
 * The one definition of the control plane's AWS resources. SST components in
 * `infra/*.ts` and the local bootstrap (`scripts/dev/bootstrap.ts`) both read
 * it, so a table, queue or bucket is named and shaped in exactly one place.
 *
 * Logical names double as SST component names and as the keys runtime code
 * uses to find a resource (`SST_RESOURCE_<logical>`).
 */

export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDef {
  logical: string;
  partitionKey: string;
  sortKey?: string;
  indexes: IndexDef[];
  stream: boolean;
  ttlAttribute?: string;
}

export interface QueueDef {
  logical: string;
  /** seconds a received message stays hidden; must exceed the worker's timeout */
  visibilityTimeout: number;
  /** receives before SQS moves a message to the queue's DLQ */
  maxReceiveCount: number;
  /** worker entry point under functions/workers */
  handler: string;
  batchSize: number;
  /**
   * Events a replayed message may carry (events/packing.ts). A consumer
   * handles a message's events about one subject one after another within
   * the message's visibility timeout, and a replay's are mostly about a few
   * subjects, so queues whose handlers are slow (saga steps, reconciling
   * against a management cluster) take one event per message.
   */
  replayEventsPerMessage: number;
  /**
   * Events a message from the relay carries at most (events/relay.ts): the
   * queue's events of one stream batch ride together, run at once by the
   * consumer when their subjects differ. The lifecycle saga's take one each:
   * a created or requested operation starts a chain of steps that can run for
   * many seconds, and each should be an invocation of its own, spread over
   * the queue's concurrent workers, not ten in one.
   */
  relayEventsPerMessage: number;
  /** the other queues its worker sends messages to (infra/queues.ts links them) */
  sendsTo?: readonly string[];
}

export interface BucketDef {
  logical: string;
}

export const tables = {
  main: {
    logical: "MainTable",
    partitionKey: "pk",
    sortKey: "sk",
    indexes: [
      { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
      { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
      { name: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    ],
    stream: true,
    ttlAttribute: "expiresAt",
  },
  /** Powertools idempotency records (HTTP Idempotency-Key and consumer dedupe). */
  idempotency: {
    logical: "IdempotencyTable",
    partitionKey: "id",
    indexes: [],
    stream: false,
    ttlAttribute: "expiration",
  },
} satisfies Record<string, TableDef>;

export const queues = {
  provisioning: {
    logical: "ProvisioningQueue",
    visibilityTimeout: 60,
    maxReceiveCount: 5,
    handler: "functions/workers/provisioning.handler",
    batchSize: 10,
    replayEventsPerMessage: 10,
    relayEventsPerMessage: 10,
  },
  /** the cluster lifecycle saga (product §19): one message per step, plus timers of waiting steps */
  lifecycle: {
    logical: "LifecycleQueue",
    visibilityTimeout: 45,
    maxReceiveCount: 8,
    handler: "functions/workers/lifecycle.handler",
    batchSize: 5,
    replayEventsPerMessage: 1,
    relayEventsPerMessage: 1,
    // a waiting step's timers
    sendsTo: ["steps"],
  },
  /**
   * the saga's waiting steps (product §19): their timers and the status sync's nudges, on a queue of their own so a
   * burst of creates and operations, each a chain of steps seconds long, does not hold back the moment CAPI reports
   * (the same worker's handler; docs/clusters.md "Two queues")
   */
  steps: {
    logical: "StepDueQueue",
    visibilityTimeout: 45,
    maxReceiveCount: 8,
    handler: "functions/workers/steps.handler",
    batchSize: 5,
    replayEventsPerMessage: 1,
    relayEventsPerMessage: 1,
  },
  /** the BYOH host reconciler (product §11): hosts' ByoHost objects on the management clusters */
  byohosts: {
    logical: "ByoHostQueue",
    visibilityTimeout: 60,
    maxReceiveCount: 6,
    handler: "functions/workers/byohosts.handler",
    batchSize: 10,
    replayEventsPerMessage: 10,
    relayEventsPerMessage: 10,
  },
  /** the machine reconciler (product §11): a cluster's desired against actual machines, drift recorded on the cluster */
  machines: {
    logical: "MachineReconcileQueue",
    visibilityTimeout: 60,
    maxReceiveCount: 5,
    handler: "functions/workers/machines.handler",
    batchSize: 5,
    replayEventsPerMessage: 1,
    relayEventsPerMessage: 10,
  },
} satisfies Record<string, QueueDef>;

export type QueueName = keyof typeof queues;

/**
 * Receives before a queue's messages go to its DLQ (and its consumer records
 * the give-up). `CKP_<QUEUE>_MAX_RECEIVES` (e.g. CKP_LIFECYCLE_MAX_RECEIVES=3)
 * lowers it on the local stack, where the dev runner creates the queues and
 * runs the consumers in one process, so tests of retry limits stay short.
 * Deployed queues use the definition.
 */
export function maxReceiveCount(name: QueueName): number {
  const v = Number(process.env[`CKP_${name.toUpperCase()}_MAX_RECEIVES`]);
  return Number.isInteger(v) && v >= 1 ? v : queues[name].maxReceiveCount;
}

export const buckets = {
  archive: { logical: "EventArchiveBucket" },
  artifacts: { logical: "ArtifactsBucket" },
} satisfies Record<string, BucketDef>;

export type BucketName = keyof typeof buckets;

/** Dead-letter queue logical name for a queue. */
export function dlqLogical(q: QueueDef): string {
  return `${q.logical}Dlq`;
}

/** Directory under dist/lambdas/ holding a queue worker's prebuilt bundle. */
export function workerBundleName(queue: string): string {
  return `worker-${queue}`;
}

/** Physical names used where we name resources ourselves (the local stack). */
export function localName(stage: string, logical: string): string {
  return `ckp-${stage}-${logical}`;
}
