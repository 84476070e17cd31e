import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import { projectIn } from "../../../core/auth/principal.js";
import { createProviderClusterInput, type ProviderScope, updateProviderClusterInput } from "../../../core/providers/model.js";
import {
  createProviderCluster,
  deleteProviderCluster,
  getProviderCluster,
  listProviderClusters,
  updateProviderCluster,
} from "../../../core/providers/provider-clusters.js";
import { providerStatus } from "../../../core/providers/status.js";
import { providerClusterForCluster } from "../../../core/providers/usage.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { domainParams, ifMatchHeader, jsonBody, jsonResponse, nameParam, pageOf, pageQuery, projectParams } from "../schemas/common.js";
import { providerClusterSchema, providerStatusSchema } from "../schemas/provider-clusters.js";

const tags = ["Provider clusters"];
const name = nameParam;
const clusterIdQuery = z
  .string()
  .regex(/^cl_[0-9a-z]{26}$/, "a cluster id")
  .optional()
  .describe("lookup: the provider cluster this cluster uses");

/**
 * Product §13, domain- and project-scoped alike. Writes: domain-admin for the
 * domain's provider clusters, project-admin for a project's. Reads: viewers
 * of the scope; the domain's own provider clusters (which every project may
 * use) are readable by anyone in the domain, project tokens included.
 */
export function providerClusterRoutes(app: OpenAPIHono<ApiEnv>): void {
  scopedRoutes(app, "domain");
  scopedRoutes(app, "project");

  app.openapi(
    route({
      method: "get",
      path: "/v1/domains/{domain}/provider-status",
      tags,
      summary: "Whether the domain has a provider cluster configured, and whether each can be used now",
      request: { params: domainParams },
      responses: { 200: jsonResponse(providerStatusSchema, "Provider status of the domain") },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      return c.json(await providerStatus(c.get("deps"), domain), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/provider-clusters",
      tags,
      summary: "Every provider cluster of the platform, both scopes (platform-admin)",
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(pageOf(providerClusterSchema, "ProviderClusterPage"), "A page of provider clusters"),
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await listProviderClusters(c.get("deps"), undefined, c.req.valid("query")), 200);
    },
  );
}

function scopedRoutes(app: OpenAPIHono<ApiEnv>, kind: "domain" | "project"): void {
  const base = kind === "domain" ? "/v1/domains/{domain}/provider-clusters" : "/v1/domains/{domain}/projects/{project}/provider-clusters";
  const params = kind === "domain" ? domainParams : projectParams;
  const nameParams = params.extend({ name });
  const where = kind === "domain" ? "the domain" : "the project";
  const listQuery =
    kind === "domain"
      ? pageQuery.extend({
          clusterId: clusterIdQuery,
          scope: z.enum(["all", "domain"]).default("all").describe("all: the domain's and every project's; domain: only the domain's own"),
        })
      : pageQuery.extend({ clusterId: clusterIdQuery });

  const scopeOf = (p: { domain: string; project?: string }): ProviderScope =>
    kind === "project" && p.project ? { domain: p.domain, project: p.project } : { domain: p.domain };
  /** Writes: domain-admin / project-admin. */
  const forWrite = (c: Context<ApiEnv>, p: { domain: string; project?: string }) => {
    const s = scopeOf(p);
    authorize(c.get("principal"), "admin", s);
    return s;
  };
  /** Reads of one scope; the domain's own provider clusters are readable from any of its projects. */
  const forRead = (c: Context<ApiEnv>, p: { domain: string; project?: string }, sharedOnly: boolean) => {
    const s = scopeOf(p);
    const principal = c.get("principal");
    const own = sharedOnly && !s.project && principal.kind !== "host" ? projectIn(principal, s.domain) : undefined;
    authorize(principal, "read", own ? { domain: s.domain, project: own } : s);
    return s;
  };

  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary: `Create a provider cluster for ${where}`,
        request: { params, body: jsonBody(createProviderClusterInput) },
        responses: { 201: jsonResponse(providerClusterSchema, "Created") },
      },
      ["already-exists", "credential.unknown", "credential.type-mismatch", "management-cluster.unknown", "management-cluster.no-match"],
    ),
    async (c) => {
      const s = forWrite(c, c.req.valid("param"));
      const pc = await createProviderCluster(c.get("deps"), ctxOf(c), s, c.req.valid("json"));
      setEtag(c, pc.version);
      return c.json(pc, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: `List ${where}'s provider clusters, or look one up by the cluster using it (clusterId)`,
      request: { params, query: listQuery },
      responses: {
        200: jsonResponse(pageOf(providerClusterSchema, "ProviderClusterPage"), "A page of provider clusters"),
      },
    }),
    async (c) => {
      const q = c.req.valid("query") as z.infer<typeof listQuery> & { scope?: "all" | "domain" };
      const s = forRead(c, c.req.valid("param"), q.scope === "domain" && !q.clusterId);
      if (q.clusterId) {
        const pc = await providerClusterForCluster(c.get("deps"), s, q.clusterId);
        return c.json({ items: pc ? [pc] : [], nextCursor: null }, 200);
      }
      const page = { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) };
      return c.json(await listProviderClusters(c.get("deps"), s, page, q.scope === "domain" ? { domainOnly: true } : {}), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a provider cluster by name",
      request: { params: nameParams },
      responses: { 200: jsonResponse(providerClusterSchema, "The provider cluster") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const s = forRead(c, p, true);
      const pc = await getProviderCluster(c.get("deps"), s, p.name);
      setEtag(c, pc.version);
      return c.json(pc, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "put",
        path: `${base}/{name}`,
        tags,
        summary: "Replace a provider cluster's configuration (the type cannot change)",
        request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(updateProviderClusterInput) },
        responses: {
          200: jsonResponse(providerClusterSchema, "Updated"),
        },
      },
      [
        "credential.unknown",
        "credential.type-mismatch",
        "management-cluster.unknown",
        "management-cluster.no-match",
        "provider-cluster.type-immutable",
      ],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const s = forWrite(c, p);
      const pc = await updateProviderCluster(c.get("deps"), ctxOf(c), s, p.name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, pc.version);
      return c.json(pc, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{name}`,
        tags,
        summary: "Delete a provider cluster (409 while a cluster uses it)",
        request: { params: nameParams, headers: ifMatchHeader },
        responses: { 204: { description: "Deleted" } },
      },
      ["provider-cluster.in-use"],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const s = forWrite(c, p);
      await deleteProviderCluster(c.get("deps"), ctxOf(c), s, p.name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
}
