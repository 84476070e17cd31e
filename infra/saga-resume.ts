import { workerQueues } from "./queues";
import { mainTable } from "./storage";

/**
 * The scheduled resume of stalled sagas (docs/clusters.md "When a timer is
 * lost"): every minute, a cluster whose operation changed nothing for
 * CKP_SAGA_STALL_SECONDS (300) gets a new timer chain for its current step on
 * the step-due queue (functions/scheduled/saga-resume.ts).
 */
new sst.aws.Cron("SagaResume", {
  schedule: "rate(1 minute)",
  function: {
    // prebuilt by scripts/build-lambdas.ts (see sst.config.ts)
    bundle: "dist/lambdas/saga-resume",
    handler: "index.handler",
    timeout: "60 seconds",
    link: [mainTable, workerQueues.steps],
  },
});
