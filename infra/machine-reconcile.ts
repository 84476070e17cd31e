import { workerQueues } from "./queues";
import { secretsKey } from "./secrets";
import { mainTable } from "./storage";

/**
 * The machine reconciler's schedule (product §11): every minute, one check per
 * Ready or Scaling cluster goes to the machines queue, whose worker compares
 * desired and actual machines (functions/workers/machines.ts).
 */
new sst.aws.Cron("MachineReconcile", {
  schedule: "rate(1 minute)",
  function: {
    // prebuilt by scripts/build-lambdas.ts (see sst.config.ts)
    bundle: "dist/lambdas/machine-reconcile",
    handler: "index.handler",
    timeout: "60 seconds",
    link: [mainTable, secretsKey, workerQueues.machines as sst.aws.Queue],
  },
});
