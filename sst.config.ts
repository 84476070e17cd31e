/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The control plane on AWS. Resource shapes come from infra/resources.ts,
 * which the local stack bootstrap reads too. `sst deploy` needs an AWS
 * account; CI only type-checks this file (see docs/deploying.md).
 */
export default $config({
  app(input) {
    return {
      name: "ckp-control-plane",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
      providers: { aws: { region: "us-east-1" } },
    };
  },
  async run() {
    // Functions deploy the bundles measured by the benchmark (esbuild with
    // lazily loaded chunks and zod's English-only locale index).
    const { execSync } = await import("node:child_process");
    execSync("npx tsx scripts/build-lambdas.ts", { stdio: "inherit" });
    const storage = await import("./infra/storage");
    await import("./infra/secrets");
    await import("./infra/queues");
    await import("./infra/relay");
    await import("./infra/machine-reconcile");
    await import("./infra/status-sync");
    await import("./infra/saga-resume");
    const { agentWs } = await import("./infra/agent-ws");
    const { api } = await import("./infra/api");
    await import("./infra/agent-domain");
    const { consoleRouter } = await import("./infra/console");
    return { api: api.url, console: consoleRouter.url, agentWebSocket: agentWs.url, archiveBucket: storage.archiveBucket.name };
  },
});
