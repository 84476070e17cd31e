import { Logger } from "@aws-lambda-powertools/logger";
import { sqsClient } from "../../core/aws/sqs.js";
import { newTimerChain, stalledSagas } from "../../core/clusters/saga-resume.js";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent } from "../../events/outbox.js";
import { publishToQueue } from "../../events/publish.js";
import { queueUrl } from "../shared/queues.js";
import { runtimeDeps } from "../shared/runtime.js";

const logger = new Logger({ serviceName: "ckp-saga-resume" });

/** How long an operation may change nothing before its step is given a new timer chain (CKP_SAGA_STALL_SECONDS). */
export function stallSeconds(): number {
  const v = Number(process.env.CKP_SAGA_STALL_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : 300;
}

/**
 * Scheduled (EventBridge every minute on AWS, an interval in the dev runner):
 * a cluster whose operation changed nothing for `stallSeconds` gets a new
 * timer for its current step on the step-due queue (core/clusters/saga-resume.ts).
 */
export async function handler(): Promise<{ resumed: number }> {
  const deps = runtimeDeps();
  const now = deps.clock.now();
  const before = new Date(now.getTime() - stallSeconds() * 1000);
  const cause = { actor: { kind: "system", id: "saga-resume" } as const, correlationId: `saga-resume-${now.toISOString()}` };
  const timers: Envelope[] = [];
  for await (const s of stalledSagas(deps, before)) {
    const chain = await newTimerChain(deps, s, before, now);
    if (!chain) continue;
    const e = buildEvent(
      "ckp.cluster.step-due",
      `clusters/${s.id}`,
      { clusterId: s.id, generation: s.generation, step: s.step, poll: 1, chain },
      { domain: s.domain, project: s.project },
      cause,
      now,
    );
    timers.push({ ...e, id: `tmr_${s.id}_${s.generation}_${s.step}_${chain}_1` });
  }
  // the chains are written before their first timers are sent: a resume that dies in between is resumed again after the stall time
  if (timers.length > 0) {
    await publishToQueue(sqsClient(), queueUrl("steps"), timers);
    logger.info("stalled sagas resumed", { resumed: timers.length, clusters: timers.map((t) => t.subject) });
  }
  return { resumed: timers.length };
}
