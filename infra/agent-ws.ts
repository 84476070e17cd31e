import { secretsKey } from "./secrets";
import { mainTable } from "./storage";

/**
 * Host agents' side of the control plane that is not the HTTP API:
 *
 * - the WebSocket API agents report health on. API Gateway WebSocket APIs
 *   cannot do mutual TLS, so $connect takes a single-use ticket the agent
 *   fetched over the mTLS HTTP API (POST /v1/agent/ws-ticket). $default
 *   answers each heartbeat through a two-way route response.
 * - the tunnels of cluster agents (docs/tunnel.md) end here too: their
 *   tickets come from POST /v1/cluster-agent/ws-ticket; $default writes
 *   their answer frames to the table; whoever sends them requests (the
 *   workers, the API) posts to their connections through the Management
 *   API, which linking AgentWs allows (execute-api:ManageConnections).
 * - the scheduled sweep that turns silent hosts unreachable.
 */
export const HEARTBEAT_TIMEOUT_SECONDS = "90";

export const agentWs = new sst.aws.ApiGatewayWebSocket("AgentWs", {
  accessLog: { retention: "1 month" },
});

// prebuilt by scripts/build-lambdas.ts (see sst.config.ts)
const wsFunction = {
  bundle: "dist/lambdas/agent-ws",
  handler: "index.handler",
  timeout: "10 seconds" as const,
  memory: "256 MB" as const,
  // itself: $connect closes the connection a new agent of the same cluster replaces
  link: [mainTable, secretsKey, agentWs],
};

agentWs.route("$connect", wsFunction);
agentWs.route("$disconnect", wsFunction);
const defaultRoute = agentWs.route("$default", wsFunction, {
  transform: {
    route: (args) => {
      args.routeResponseSelectionExpression = "$default";
    },
  },
});
new aws.apigatewayv2.RouteResponse("AgentWsDefaultResponse", {
  apiId: agentWs.nodes.api.id,
  routeId: defaultRoute.nodes.route.id,
  routeResponseKey: "$default",
});

new sst.aws.Cron("AgentSweep", {
  schedule: "rate(1 minute)",
  function: {
    bundle: "dist/lambdas/agent-sweep",
    handler: "index.handler",
    timeout: "60 seconds",
    link: [mainTable, secretsKey],
    environment: { CKP_AGENT_HEARTBEAT_TIMEOUT_SECONDS: HEARTBEAT_TIMEOUT_SECONDS },
  },
});
