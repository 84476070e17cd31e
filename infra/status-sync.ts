import { agentWs } from "./agent-ws";
import { workerQueues } from "./queues";
import { secretsKey } from "./secrets";
import { mainTable } from "./storage";

/**
 * The status sync of the management clusters (docs/clusters.md "Status
 * sync"): every minute one invocation that, for about 55 s, lists each
 * management cluster's CAPI objects once a second and nudges the waiting
 * cluster sagas whose objects changed (functions/scheduled/status-sync.ts).
 * A lease per management cluster in the table keeps it to one sync at a
 * time; when an invocation dies its leases expire (15 s) and the next one
 * takes over. The lifecycle workers' own timers are the fallback.
 */
new sst.aws.Cron("StatusSync", {
  schedule: "rate(1 minute)",
  function: {
    // prebuilt by scripts/build-lambdas.ts (see sst.config.ts)
    bundle: "dist/lambdas/status-sync",
    handler: "index.handler",
    // the handler stops 5 s before its time runs out
    timeout: "70 seconds",
    // AgentWs: remote management clusters are listed through their agents' tunnels
    link: [mainTable, secretsKey, workerQueues.steps, agentWs],
  },
});
