import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { workloadPort } from "../../../core/addons/workload.js";
import { createNodePoolInput, updateNodePoolInput } from "../../../core/autoscaling/node-pool-model.js";
import type { Ports } from "../../../core/autoscaling/node-pool-sync.js";
import { createNodePool, deleteNodePool, getNodePool, listNodePools, updateNodePool } from "../../../core/autoscaling/node-pools.js";
import type { Deps } from "../../../core/deps.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { ifMatchHeader, jsonBody, jsonResponse, nameParam, pageOf, pageQuery, projectParams } from "../schemas/common.js";
import { nodePoolSchema } from "../schemas/node-pools.js";

/**
 * A cluster's Karpenter node pools (docs/autoscaling.md): what Karpenter may
 * add to the cluster and when it takes it away. Project admins write them;
 * the project reads them, with what Karpenter reports (NodeClaims, nodes,
 * resources in use, limit reached), read back from the workload cluster.
 */
const tags = ["Node pools"];
const base = "/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools";
const clusterParams = projectParams.extend({ id: z.string().min(1).max(64) });
const itemParams = clusterParams.extend({ name: nameParam });
const refusals = ["node-pool.autoscaling-disabled", "node-pool.label-restricted", "unprocessable-request"] as const;

let ports: Ports | undefined;
const portsOf = (deps: Deps) => {
  ports ??= { workload: workloadPort(deps) };
  return ports;
};

export function nodePoolRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary:
          "Create a node pool: Karpenter may then add nodes of the kinds it allows, up to its limits. The cluster must run the karpenter addon; the pool reaches the cluster asynchronously (status Pending until it does)",
        request: { params: clusterParams, body: jsonBody(createNodePoolInput) },
        responses: { 201: jsonResponse(nodePoolSchema, "Created") },
      },
      ["already-exists", ...refusals],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      const n = await createNodePool(c.get("deps"), ctxOf(c), portsOf(c.get("deps")), t, p.id, c.req.valid("json"));
      setEtag(c, n.version);
      return c.json(n, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List the cluster's node pools (by name), with what Karpenter reports of each",
      request: { params: clusterParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(nodePoolSchema, "NodePoolPage"), "A page of node pools") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      return c.json(await listNodePools(c.get("deps"), portsOf(c.get("deps")), t, p.id, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a node pool and what Karpenter reports of it: its NodeClaims, nodes, resources in use, whether a limit is reached",
      request: { params: itemParams },
      responses: { 200: jsonResponse(nodePoolSchema, "The node pool") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      const n = await getNodePool(c.get("deps"), portsOf(c.get("deps")), t, p.id, p.name);
      setEtag(c, n.version);
      return c.json(n, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "patch",
        path: `${base}/{name}`,
        tags,
        summary:
          "Change a node pool: each field given replaces the stored one whole (null removes weight). Karpenter replaces nodes that no longer fit (drift)",
        request: { params: itemParams, headers: ifMatchHeader, body: jsonBody(updateNodePoolInput) },
        responses: { 200: jsonResponse(nodePoolSchema, "Updated") },
      },
      [...refusals],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      const n = await updateNodePool(
        c.get("deps"),
        ctxOf(c),
        portsOf(c.get("deps")),
        t,
        p.id,
        p.name,
        c.req.valid("json"),
        ifMatchVersion(c),
      );
      setEtag(c, n.version);
      return c.json(n, 200);
    },
  );

  app.openapi(
    route({
      method: "delete",
      path: `${base}/{name}`,
      tags,
      summary: "Delete a node pool: its NodePool and node class leave the cluster, and Karpenter drains and removes the pool's nodes",
      request: { params: itemParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await deleteNodePool(c.get("deps"), ctxOf(c), t, p.id, p.name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
}
