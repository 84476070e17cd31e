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
  link: [mainTable, idempotencyTable, archiveBucket, artifactsBucket, adminToken, secretsKey],
});
