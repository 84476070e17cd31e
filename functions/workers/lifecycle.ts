import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { workloadPort } from "../../core/addons/workload.js";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { findBundle } from "../../core/clusters/bundles.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { SagaEnv } from "../../core/clusters/ports.js";
import { capiPort, IMAGE_REGISTRY, providerPort } from "../../core/clusters/runtime.js";
import { giveUp, messageVerdict, readCluster, runSagaMessage, SAGA_ACTOR, sagaMessage, tenantOf } from "../../core/clusters/saga.js";
import type { Deps } from "../../core/deps.js";
import { continueTemplateMove } from "../../core/templates/move.js";
import type { Envelope } from "../../events/envelope.js";
import { artifactsBucket, queueUrl } from "../shared/queues.js";
import { sagaTiming } from "../shared/saga-timing.js";
import { sqsConsumer } from "./consumer.js";

/**
 * The cluster lifecycle worker (product §19): each message names one step of
 * one cluster's saga; core/clusters/saga.ts runs it, and the steps after it
 * that need no waiting (an inline chain). Two queues feed it: the lifecycle
 * queue the operations' events (a create, a scale, a step completed), and the
 * step-due queue what moves a waiting step on — its timers (delayed messages
 * it sends itself) and the status sync's nudges — so a nudge does not wait
 * behind a burst of creates (functions/workers/steps.ts).
 */
let env: SagaEnv | undefined;

function sagaEnv(deps: Deps): SagaEnv {
  if (!env) {
    env = {
      deps,
      bundles: { s3: s3Client(), bucket: artifactsBucket() },
      providers: providerPort(deps),
      capi: capiPort(deps),
      workload: workloadPort(deps),
      imageRegistry: IMAGE_REGISTRY,
      apiUrl: process.env.CKP_API_URL,
      timing: sagaTiming(),
      async schedule(e, delaySeconds) {
        await sqsClient().send(
          new SendMessageCommand({
            QueueUrl: queueUrl("steps"),
            MessageBody: JSON.stringify(e),
            DelaySeconds: Math.min(900, delaySeconds),
            MessageAttributes: { type: { DataType: "String", StringValue: e.type }, eventId: { DataType: "String", StringValue: e.id } },
          }),
        );
      },
    };
  }
  return env;
}

/** A timer's cluster as its check before the dedupe record read it (beforeDedupe), so its run does not read it again. */
const readFirst = new WeakMap<Envelope, Cluster>();

const run = (deps: Deps, e: Envelope) => runSagaMessage(sagaEnv(deps), sagaMessage(e), readFirst.get(e));

const isTimer = (e: Envelope) => e.type === "ckp.cluster.step-due" && (e.data as { poll?: unknown }).poll !== undefined;

/** An operation ended: a template move (core/templates/move.ts) starts its next one. */
const continueMove = async (deps: Deps, e: Envelope) => {
  const { bundles } = sagaEnv(deps);
  const ctx = { actor: SAGA_ACTOR, correlationId: e.correlationid, causationId: e.id };
  await continueTemplateMove(deps, ctx, tenantOf(e), (e.data as { clusterId: string }).clusterId, {
    bundle: (version, os) => findBundle(bundles, version, os),
  });
};

const SAGA_EVENTS: ReadonlySet<string> = new Set([
  "ckp.cluster.created",
  "ckp.cluster.scale-requested",
  "ckp.cluster.autoscale-requested",
  "ckp.cluster.upgrade-requested",
  "ckp.cluster.delete-requested",
  "ckp.cluster.addons-change-requested",
  "ckp.cluster.step-completed",
  "ckp.cluster.step-due",
]);

/**
 * The consumer of one of the two queues: the lifecycle queue's takes every saga event (a step-due message sent
 * there before the step-due queue existed, too), the step-due queue's only step-due messages.
 */
export const lifecycleConsumer = (queue: "lifecycle" | "steps") =>
  sqsConsumer({
    queue,
    handlers:
      queue === "steps"
        ? { "ckp.cluster.step-due": run }
        : { ...Object.fromEntries([...SAGA_EVENTS].map((t) => [t, run])), "ckp.cluster.ready": continueMove },
    // The saga's own guards make its messages idempotent (core/clusters/saga.ts) — but for a timer: each delivery of one
    // sends the next, so a copy (a retried send) would double the chain from there; the dedupe record stops the copy.
    // A template move's next step (ckp.cluster.ready) is not guarded by the saga either.
    selfGuarded: (e) => SAGA_EVENTS.has(e.type) && !isTimer(e),
    // a timer whose step has moved on (the status sync nudged it along: the usual end of a fallback timer) sends no
    // next one, so it needs no dedupe record: it ends on the read that shows it
    async beforeDedupe(deps, e) {
      if (!isTimer(e)) return undefined;
      const m = sagaMessage(e);
      const c = await readCluster({ deps }, tenantOf(m), m.data.clusterId);
      const verdict = messageVerdict(c, m);
      if (!verdict && c) readFirst.set(e, c);
      return verdict;
    },
    onGiveUp: (deps, e, error) => giveUp({ deps }, sagaMessage(e), error),
  });

export const handler = lifecycleConsumer("lifecycle");
