import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { sqsClient } from "../../core/aws/sqs.js";
import { managementKube } from "../../core/byoh/kube.js";
import { runStatusSync, type StatusSyncEnv } from "../../core/clusters/status-sync.js";
import type { Deps } from "../../core/deps.js";
import { kubeFor } from "../../core/management/access.js";
import { allManagementClusters } from "../../core/management/registry.js";
import { EVENTS_PER_MESSAGE, publishToQueue } from "../../events/publish.js";
import { queueUrl } from "../shared/queues.js";
import { runtimeDeps } from "../shared/runtime.js";
import { sagaTiming } from "../shared/saga-timing.js";

const logger = new Logger({ serviceName: "ckp-status-sync" });

/** How long one invocation syncs: EventBridge starts the next one a minute after this one. */
export const SYNC_BUDGET_MS = 55_000;

const number = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

export function statusSyncEnv(deps: Deps, log?: StatusSyncEnv["log"]): StatusSyncEnv {
  const kube = managementKube(deps);
  const env: StatusSyncEnv = {
    deps,
    timing: sagaTiming(),
    list: (mc, apiVersion, kind, o) => kube.list(mc, apiVersion, kind, o),
    // only those clusters are placed on: the others have nothing to wait on
    managementClusters: async () => (await allManagementClusters(deps)).filter((m) => m.clusterCount > 0).map((m) => m.id),
    // a round's nudges for different clusters share messages (the lifecycle worker runs them at once)
    send: (events) => publishToQueue(sqsClient(), queueUrl("steps"), events, { eventsPerMessage: EVENTS_PER_MESSAGE }),
    mirror: {
      listWithVersion: (mc, apiVersion, kind, o) => kube.listWithVersion(mc, apiVersion, kind, o),
      async watch(mc, apiVersion, kind, o, onEvent) {
        return (await kubeFor(deps, mc)).watch(apiVersion, kind, o, (e) => {
          onEvent(e);
          return undefined;
        });
      },
    },
    log: log ?? ((msg, extra) => logger.info(msg, extra ?? {})),
  };
  // CKP_STATUS_SYNC_WATCH=off: no watches, a list per kind every round (the sync as it was before list + watch)
  if (process.env.CKP_STATUS_SYNC_WATCH === "off") delete env.mirror;
  return env;
}

/**
 * Scheduled every minute (EventBridge on AWS; a loop in the dev runner): the
 * status sync of every management cluster whose lease it gets
 * (core/clusters/status-sync.ts), for about 55 s: each management cluster
 * listed and watched (CKP_STATUS_SYNC_WATCH=off: listed every round instead),
 * a round at each change and at least every CKP_STATUS_SYNC_INTERVAL_MS
 * (default 1000).
 */
export async function handler(_event?: unknown, context?: Context, o: { until?: () => boolean } = {}) {
  const budget = Math.min(SYNC_BUDGET_MS, (context?.getRemainingTimeInMillis() ?? SYNC_BUDGET_MS + 5000) - 5000);
  const end = Date.now() + budget;
  const out = await runStatusSync(statusSyncEnv(runtimeDeps()), {
    intervalMs: number("CKP_STATUS_SYNC_INTERVAL_MS", 1000),
    settleMs: number("CKP_STATUS_SYNC_SETTLE_MS", 500),
    leaseSeconds: number("CKP_STATUS_SYNC_LEASE_SECONDS", 15),
    // one watch per kind for the whole invocation
    mirrorOptions: { watchSeconds: Math.ceil(budget / 1000) + 5 },
    until: () => Date.now() >= end || (o.until?.() ?? false),
  });
  logger.info("status sync ended", out);
  return out;
}
