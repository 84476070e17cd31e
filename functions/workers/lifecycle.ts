import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { workloadPort } from "../../core/addons/workload.js";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { findBundle } from "../../core/clusters/bundles.js";
import type { SagaEnv, SagaTiming } from "../../core/clusters/ports.js";
import { capiPort, IMAGE_REGISTRY, providerPort } from "../../core/clusters/runtime.js";
import { giveUp, runSagaMessage, SAGA_ACTOR, sagaMessage, tenantOf } from "../../core/clusters/saga.js";
import { SYNCED_STEPS } from "../../core/clusters/status-sync.js";
import type { Deps } from "../../core/deps.js";
import { continueTemplateMove } from "../../core/templates/move.js";
import type { Envelope } from "../../events/envelope.js";
import { artifactsBucket, queueUrl } from "../shared/queues.js";
import { sqsConsumer } from "./consumer.js";

/**
 * The cluster lifecycle worker (product §19): each message names one step of
 * one cluster's saga; core/clusters/saga.ts runs it, and the steps after it
 * that need no waiting (an inline chain). Waiting steps send themselves a
 * delayed message (a timer) on the same queue.
 */
const seconds = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Saga timing; CKP_SAGA_TIMEOUT_<STEP> (e.g. CKP_SAGA_TIMEOUT_WAIT_REGISTRATION) overrides one step's limit. */
export function sagaTiming(): SagaTiming {
  const timeoutSeconds: Record<string, number> = {};
  for (const [k, v] of Object.entries(process.env)) {
    const m = /^CKP_SAGA_TIMEOUT_([A-Z0-9_]+)$/.exec(k);
    if (m && Number(v) > 0) timeoutSeconds[(m[1] as string).toLowerCase().replace(/_/g, "-")] = Number(v);
  }
  return {
    firstPollSeconds: seconds("CKP_SAGA_FIRST_POLL_SECONDS", 1),
    maxPollSeconds: seconds("CKP_SAGA_MAX_POLL_SECONDS", 30),
    timeoutSeconds,
    defaultTimeoutSeconds: 3600,
    // CKP_SAGA_CHAIN_SECONDS=0: every step a message of its own
    chainSeconds: process.env.CKP_SAGA_CHAIN_SECONDS === "0" ? 0 : seconds("CKP_SAGA_CHAIN_SECONDS", 10),
    // the status sync runs on every installation (a schedule on AWS); the dev control plane can turn it off
    ...(process.env.CKP_STATUS_SYNC === "off" ? {} : { syncedSteps: SYNCED_STEPS }),
  };
}

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
            QueueUrl: queueUrl("lifecycle"),
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

const run = (deps: Deps, e: Envelope) => runSagaMessage(sagaEnv(deps), sagaMessage(e));

/** An operation ended: a template move (core/templates/move.ts) starts its next one. */
const continueMove = async (deps: Deps, e: Envelope) => {
  const { bundles } = sagaEnv(deps);
  const ctx = { actor: SAGA_ACTOR, correlationId: e.correlationid, causationId: e.id };
  await continueTemplateMove(deps, ctx, tenantOf(e), (e.data as { clusterId: string }).clusterId, {
    bundle: (version, os) => findBundle(bundles, version, os),
  });
};

export const handler = sqsConsumer({
  queue: "lifecycle",
  handlers: {
    "ckp.cluster.created": run,
    "ckp.cluster.scale-requested": run,
    "ckp.cluster.autoscale-requested": run,
    "ckp.cluster.upgrade-requested": run,
    "ckp.cluster.delete-requested": run,
    "ckp.cluster.addons-change-requested": run,
    "ckp.cluster.step-completed": run,
    "ckp.cluster.step-due": run,
    "ckp.cluster.ready": continueMove,
  },
  onGiveUp: (deps, e, error) => giveUp({ deps }, sagaMessage(e), error),
});
