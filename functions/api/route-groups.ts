import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env.js";
import { agentRoutes } from "./routes/agent.js";
import { hostGroupRoutes } from "./routes/host-groups.js";
import { hostRequestRoutes } from "./routes/host-requests.js";
import { hostRoutes } from "./routes/hosts.js";
import { hostPskRoutes } from "./routes/hosts-psk.js";
import { tenancyRoutes } from "./routes/tenancy.js";
import { tokenRoutes } from "./routes/tokens.js";

/** Adds a set of routes (and their OpenAPI definitions) to an app. */
export type RouteRegistrar = (app: OpenAPIHono<ApiEnv>) => void;

/**
 * Tenancy, tokens and host management: what agents and most callers use,
 * loaded with the API.
 */
export const eagerRoutes: RouteRegistrar[] = [
  tenancyRoutes,
  tokenRoutes,
  hostPskRoutes,
  agentRoutes,
  hostRequestRoutes,
  hostRoutes,
  hostGroupRoutes,
];

/**
 * Routes loaded on the first request under one of their paths (Hono
 * patterns), so a cold start does not compile and build the schemas of
 * every route (functions/api/lazy-routes.ts). Every documented path of a
 * group must match one of its patterns (test/unit/route-groups.test.ts).
 */
export interface LazyRouteGroup {
  name: string;
  paths: string[];
  load: () => Promise<RouteRegistrar>;
}

const project = "/v1/domains/:domain/projects/:project";

export const lazyRouteGroups: LazyRouteGroup[] = [
  {
    name: "events",
    paths: ["/v1/events", "/v1/domains/:domain/events", `${project}/events`],
    load: async () => (await import("./routes/events.js")).eventRoutes,
  },
  {
    name: "management-clusters",
    paths: ["/v1/management-clusters", "/v1/management-clusters/*"],
    load: async () => (await import("./routes/management-clusters.js")).managementClusterRoutes,
  },
  {
    name: "credentials",
    paths: ["/v1/domains/:domain/credentials", "/v1/domains/:domain/credentials/*"],
    load: async () => (await import("./routes/credentials.js")).credentialRoutes,
  },
  {
    name: "provider-clusters",
    paths: [
      "/v1/provider-clusters",
      "/v1/provider-clusters/*",
      "/v1/domains/:domain/provider-status",
      "/v1/domains/:domain/provider-clusters",
      "/v1/domains/:domain/provider-clusters/*",
      `${project}/provider-clusters`,
      `${project}/provider-clusters/*`,
    ],
    load: async () => (await import("./routes/provider-clusters.js")).providerClusterRoutes,
  },
  {
    name: "pki",
    paths: ["/v1/ca", "/v1/certificates", "/v1/certificates/*", `${project}/certificates`, `${project}/certificates/*`],
    load: async () => (await import("./routes/pki.js")).pkiRoutes,
  },
  {
    name: "clusters",
    paths: [`${project}/clusters`, `${project}/clusters/*`],
    load: async () => {
      const [{ clusterRoutes }, { clusterAddonRoutes }, { backupRoutes }, { nodePoolRoutes }, { clusterEncryptionRoutes }] =
        await Promise.all([
          import("./routes/clusters.js"),
          import("./routes/addons.js"),
          import("./routes/backups.js"),
          import("./routes/node-pools.js"),
          import("./routes/cluster-encryption.js"),
        ]);
      return (app) => {
        clusterRoutes(app);
        clusterEncryptionRoutes(app);
        clusterAddonRoutes(app);
        backupRoutes(app);
        nodePoolRoutes(app);
      };
    },
  },
  {
    name: "addons",
    paths: ["/v1/addons", "/v1/addons/*"],
    load: async () => (await import("./routes/addons.js")).addonCatalogRoutes,
  },
  {
    name: "storage-profiles",
    paths: ["/v1/domains/:domain/storage-profiles", "/v1/domains/:domain/storage-profiles/*"],
    load: async () => (await import("./routes/storage-profiles.js")).storageProfileRoutes,
  },
  {
    name: "cluster-templates",
    paths: [
      "/v1/domains/:domain/cluster-templates",
      "/v1/domains/:domain/cluster-templates/*",
      `${project}/cluster-templates`,
      `${project}/cluster-templates/*`,
    ],
    load: async () => (await import("./routes/cluster-templates.js")).clusterTemplateRoutes,
  },
  {
    name: "backup-locations",
    paths: [`${project}/backup-locations`, `${project}/backup-locations/*`],
    load: async () => (await import("./routes/backup-locations.js")).backupLocationRoutes,
  },
  {
    name: "identity",
    paths: [
      "/v1/auth/*",
      "/v1/identity-providers",
      "/v1/identity-providers/*",
      "/v1/domains/:domain/identity-providers",
      "/v1/domains/:domain/identity-providers/*",
      "/v1/role-bindings",
      "/v1/role-bindings/*",
      "/v1/domains/:domain/role-bindings",
      "/v1/domains/:domain/role-bindings/*",
      `${project}/role-bindings`,
      `${project}/role-bindings/*`,
    ],
    load: async () => (await import("./routes/identity.js")).identityRoutes,
  },
  {
    name: "imported-clusters",
    paths: [`${project}/imported-clusters`, `${project}/imported-clusters/*`],
    load: async () => (await import("./routes/imported-clusters.js")).importedClusterRoutes,
  },
  {
    name: "cluster-agent",
    paths: ["/v1/cluster-agent/*"],
    load: async () => (await import("./routes/cluster-agent.js")).clusterAgentRoutes,
  },
  {
    name: "package-keys",
    paths: ["/v1/package-keys", "/v1/package-keys/*"],
    load: async () => (await import("./routes/package-keys.js")).packageKeyRoutes,
  },
  {
    name: "kubernetes-versions",
    paths: ["/v1/kubernetes-versions", "/v1/kubernetes-versions/*", "/v1/byoh-bundles", "/v1/byoh-bundles/*"],
    load: async () => (await import("./routes/kubernetes-versions.js")).kubernetesVersionRoutes,
  },
];
