import { Logger } from "@aws-lambda-powertools/logger";
import { sqsClient } from "../../core/aws/sqs.js";
import { clustersToCheck } from "../../core/byoh/clusters-to-check.js";
import { importedClustersWithAddons } from "../../core/imported/addon-check.js";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent } from "../../events/outbox.js";
import { publishToQueue } from "../../events/publish.js";
import { queueUrl } from "../shared/queues.js";
import { runtimeDeps } from "../shared/runtime.js";

const logger = new Logger({ serviceName: "ckp-machine-reconcile" });

/**
 * Scheduled (EventBridge on AWS, an interval in the dev runner): one
 * machine check per Ready or Scaling cluster, and one addons check per
 * imported cluster that runs an addon (core/imported/addon-check.ts), as
 * messages to the machines queue, so the checks spread over its workers and
 * are retried one by one.
 */
export async function handler(): Promise<{ enqueued: number; importedChecks: number }> {
  const deps = runtimeDeps();
  const now = deps.clock.now();
  const cause = { actor: { kind: "system", id: "machine-reconciler" } as const, correlationId: `machine-check-${now.toISOString()}` };
  const url = queueUrl("machines");
  let batch: Envelope[] = [];
  let enqueued = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await publishToQueue(sqsClient(), url, batch, { attributes: false });
    enqueued += batch.length;
    batch = [];
  };
  for await (const c of clustersToCheck(deps)) {
    const e = buildEvent(
      "ckp.cluster.machines-check-due",
      `clusters/${c.id}`,
      { clusterId: c.id },
      { domain: c.domain, project: c.project },
      cause,
      now,
    );
    // one check per cluster and tick: an invocation retried by EventBridge sends the same ids
    batch.push({ ...e, id: `mchk_${c.id}_${now.getTime()}` });
    if (batch.length >= 100) await flush();
  }
  const machineChecks = enqueued + batch.length;
  for await (const c of importedClustersWithAddons(deps)) {
    const e = buildEvent(
      "ckp.importedcluster.addons-check-due",
      `imported-clusters/${c.id}`,
      { id: c.id },
      { domain: c.domain, project: c.project },
      cause,
      now,
    );
    batch.push({ ...e, id: `iachk_${c.id}_${now.getTime()}` });
    if (batch.length >= 100) await flush();
  }
  await flush();
  const importedChecks = enqueued - machineChecks;
  if (enqueued > 0) logger.info("checks enqueued", { machineChecks, importedChecks });
  return { enqueued: machineChecks, importedChecks };
}
