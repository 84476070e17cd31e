import { agentWs } from "./agent-ws";
import { adminToken, secretsKey } from "./secrets";
import { archiveBucket, artifactsBucket, idempotencyTable, mainTable } from "./storage";

/** The HTTP API: every route goes to the one Hono app. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  accessLog: { retention: "1 month" },
});

api.route("$default", {
  bundle: "dist/lambdas/api",
  handler: "index.handler",
  memory: "512 MB",
  timeout: "29 seconds",
  // AgentWs: health probes and imported clusters' reads go through cluster agents' tunnels
  link: [mainTable, idempotencyTable, archiveBucket, artifactsBucket, adminToken, secretsKey, agentWs],
  environment: {
    // where hosts reach the mTLS API (infra/agent-domain.ts) and the agent WebSocket (infra/agent-ws.ts)
    ...(process.env.CKP_AGENT_DOMAIN ? { CKP_AGENT_API_URL: `https://${process.env.CKP_AGENT_DOMAIN}` } : {}),
    CKP_AGENT_WS_URL: agentWs.url,
    // the S3 hosts backup locations may use (docs/backups.md); unset at deploy, any
    ...(process.env.CKP_BACKUP_ENDPOINT_HOSTS ? { CKP_BACKUP_ENDPOINT_HOSTS: process.env.CKP_BACKUP_ENDPOINT_HOSTS } : {}),
  },
});
