import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { clusterAddonsView } from "../../../core/addons/addons-view.js";
import { ADDON_NAMES, ADDON_VALUES, type AddonName, catalogView } from "../../../core/addons/catalog.js";
import { changeClusterAddon } from "../../../core/addons/cluster-addons.js";
import { getCluster, publicCluster } from "../../../core/clusters/clusters.js";
import { notFound } from "../../../core/shared/errors.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { addonCatalogSchema, clusterAddonSchema } from "../schemas/addons.js";
import { clusterSchema } from "../schemas/clusters.js";
import {
  commonProblems,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  preconditionProblem,
  problemResponses,
  projectParams,
} from "../schemas/common.js";

/**
 * The addon catalog (GET /v1/addons) and a cluster's addons: their state
 * (GET …/clusters/{id}/addons) and one PATCH per addon, each with the
 * addon's own values schema, so the OpenAPI document states exactly what
 * each accepts.
 */
const idParams = projectParams.extend({ id: z.string().min(1).max(64) });
const clusterPath = "/v1/domains/{domain}/projects/{project}/clusters/{id}";

/** The catalog only: loaded for GET /v1/addons. */
export function addonCatalogRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/addons",
      tags: ["Addons"],
      summary: "The addon catalog: each addon's versions per Kubernetes minor, chart, namespace, values schema and health checks",
      responses: { 200: jsonResponse(z.object({ items: z.array(addonCatalogSchema) }), "The catalog"), ...commonProblems },
    }),
    async (c) => {
      if (c.get("principal").kind === "host") throw notFound("resource");
      return c.json({ items: catalogView() }, 200);
    },
  );
}

function patchRoute(app: OpenAPIHono<ApiEnv>, name: AddonName): void {
  const values = ADDON_VALUES[name].unwrap();
  const body = z
    .strictObject({
      enabled: z.boolean().optional().describe("only optional addons (Velero) can be switched on or off"),
      values: values.optional().describe("the addon's values; they replace the previous ones, and defaults fill what is left out"),
    })
    .meta({ id: `ClusterAddonChange_${name.replace(/-/g, "_")}` });
  app.openapi(
    createRoute({
      method: "patch",
      path: `${clusterPath}/addons/${name}`,
      tags: ["Addons"],
      summary: `Enable, disable or reconfigure ${name} on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run ${name} or it cannot be switched`,
      request: { params: idParams, headers: ifMatchHeader, body: jsonBody(body) },
      responses: {
        202: jsonResponse(clusterSchema, "Updating (or unchanged, when the change changes nothing)"),
        ...commonProblems,
        ...problemResponses(["conflict", "cluster.not-ready"]),
        ...preconditionProblem,
        ...problemResponses([
          "unprocessable-request",
          "cluster.addon-not-applicable",
          "cluster.addon-not-optional",
          ...(name === "karpenter" ? (["cluster.autoscaling-not-supported", "cluster.autoscaling-bounds-invalid"] as const) : []),
        ]),
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      const change = c.req.valid("json") as { enabled?: boolean; values?: Record<string, unknown> };
      const cluster = await changeClusterAddon(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, name, change, ifMatchVersion(c));
      setEtag(c, cluster.version);
      return c.json(publicCluster(cluster), 202);
    },
  );
}

/** A cluster's addons: registered with the cluster routes (same paths). */
export function clusterAddonRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: `${clusterPath}/addons`,
      tags: ["Addons"],
      summary: "A cluster's addons: each one's version, state, conditions, values and when it was last checked",
      request: { params: idParams },
      responses: { 200: jsonResponse(z.object({ items: z.array(clusterAddonSchema) }), "The cluster's addons"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const cluster = await getCluster(c.get("deps"), t, c.req.valid("param").id, true);
      setEtag(c, cluster.version);
      return c.json({ items: clusterAddonsView(cluster) }, 200);
    },
  );
  for (const name of ADDON_NAMES) patchRoute(app, name);
}
