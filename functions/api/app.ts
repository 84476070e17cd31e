import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../../core/deps.js";
import { mountGrpc } from "../grpc/mount.js";
import { docsPage } from "./docs.js";
import type { ApiEnv } from "./env.js";
import { mountLazyGroup } from "./lazy-routes.js";
import { bearerAuth } from "./middleware/auth.js";
import { CLUSTER_AGENT_PREFIX, clusterAgentCertificateAuth } from "./middleware/cluster-agent-auth.js";
import { clientCertificateOf, hostCertificateAuth } from "./middleware/host-auth.js";
import { idempotencyKeys } from "./middleware/idempotency.js";
import { requestContext } from "./middleware/request-context.js";
import { problemOf, problemResponse } from "./problem.js";
import { eagerRoutes, lazyRouteGroups } from "./route-groups.js";
import { answerErrors, newRouter } from "./router.js";
import { problemSchema, STORABLE_VALUE, storableValueSchema } from "./schemas/common.js";

export interface AppOptions {
  deps: () => Deps;
  adminTokenHash: () => string | undefined;
  idempotencyTable: () => string;
  dynamoClient: () => DynamoDBClient;
  /** where the docs page loads Swagger UI from (a CDN by default) */
  docsAssetsUrl?: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Paths that do not take a bearer token. */
const PUBLIC = new Set([
  "/v1/openapi.json",
  "/v1/docs",
  "/v1/healthz",
  "/v1/agent/register",
  "/v1/agent/download",
  "/v1/ca",
  // how to sign in, asked before anyone is signed in (docs/oidc.md)
  "/v1/auth/config",
  "/v1/auth/token",
  "/v1/cluster-agent/register",
]);

const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "CKP control plane API",
    version: "1.0.0",
    description:
      "Multi-tenant control plane for machine hosts, host groups, management and provider clusters, and the Kubernetes clusters built from them.",
  },
  security: [{ bearer: [] }],
};

/** The OpenAPI 3.1 document of every route, the lazily loaded ones included. */
export async function apiDocument(): Promise<ReturnType<OpenAPIHono<ApiEnv>["getOpenAPI31Document"]>> {
  const doc = newRouter();
  for (const register of [...eagerRoutes, ...(await Promise.all(lazyRouteGroups.map((g) => g.load())))]) register(doc);
  doc.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  doc.openAPIRegistry.registerComponent("schemas", STORABLE_VALUE, storableValueSchema as never);
  // every problem response refers to it
  doc.openAPIRegistry.register("Problem", problemSchema);
  doc.openAPIRegistry.registerComponent("securitySchemes", "hostCertificate", {
    type: "mutualTLS",
    description: "a host's client certificate, issued by the installation's CA on approval",
  });
  doc.openAPIRegistry.registerComponent("securitySchemes", "clusterAgentCertificate", {
    type: "mutualTLS",
    description: "a cluster agent's client certificate, issued by the installation's CA on registration",
  });
  return doc.getOpenAPI31Document(DOCUMENT);
}

/** The whole HTTP API as one Hono app: run by Lambda and by the local dev server alike. */
export function createApp(opts: AppOptions): OpenAPIHono<ApiEnv> {
  const app = newRouter();

  app.use("*", requestContext(opts.deps));
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problemResponse(c, { ...problemOf("payload-too-large"), detail: `request bodies are limited to ${MAX_BODY_BYTES} bytes` }),
    }),
  );
  const auth = bearerAuth(opts.adminTokenHash);
  const hostAuth = hostCertificateAuth();
  const agentAuth = clusterAgentCertificateAuth();
  // A request that arrived with a client certificate (mTLS) is a host, or on the cluster agents' paths a cluster agent;
  // anything else needs a bearer token.
  app.use("/v1/*", async (c, next) => {
    if (PUBLIC.has(c.req.path)) return next();
    if (!clientCertificateOf(c)) return auth(c, next);
    return c.req.path.startsWith(CLUSTER_AGENT_PREFIX) ? agentAuth(c, next) : hostAuth(c, next);
  });
  const idempotency = idempotencyKeys(opts.idempotencyTable, opts.dynamoClient);
  app.use("/v1/*", async (c, next) => (PUBLIC.has(c.req.path) || c.get("host") || c.get("clusterAgent") ? next() : idempotency(c, next)));

  // the MachineHost gRPC service (Connect, gRPC-Web), loaded on its first call; it authenticates itself (docs/grpc.md)
  mountGrpc(app, { deps: opts.deps, adminTokenHash: opts.adminTokenHash });
  for (const register of eagerRoutes) register(app);
  for (const group of lazyRouteGroups) mountLazyGroup(app, group);

  let document: ReturnType<typeof apiDocument> | undefined;
  app.get("/v1/openapi.json", async (c) => {
    document ??= apiDocument().catch((e: unknown) => {
      document = undefined;
      throw e;
    });
    return c.json(await document);
  });
  app.get("/v1/docs", (c) => c.html(docsPage("/v1/openapi.json", opts.docsAssetsUrl)));
  app.get("/v1/healthz", (c) => c.json({ status: "ok" }));

  answerErrors(app);
  return app;
}
