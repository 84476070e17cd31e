import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import { checkHealth } from "../../../core/management/health.js";
import { registerManagementClusterInput, updateManagementClusterInput } from "../../../core/management/model.js";
import {
  deleteManagementCluster,
  getManagementCluster,
  listManagementClusters,
  registerManagementCluster,
  updateManagementCluster,
} from "../../../core/management/registry.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import {
  commonProblems,
  conflictProblem,
  idempotencyHeader,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  pageOf,
  pageQuery,
  preconditionProblem,
  unprocessableProblem,
} from "../schemas/common.js";
import { managementClusterHealthSchema, managementClusterSchema } from "../schemas/management.js";

const tags = ["Management clusters"];
const base = "/v1/management-clusters";
const idParams = z.object({ id: z.string().min(1).max(64) });

/** Product §14: the registry of CAPI management clusters. Platform-admin only. */
export function managementClusterRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary: "Register a management cluster (platform-admin). Credentials are stored encrypted and never returned.",
      request: { headers: idempotencyHeader, body: jsonBody(registerManagementClusterInput) },
      responses: {
        201: jsonResponse(managementClusterSchema, "Registered"),
        ...commonProblems,
        ...conflictProblem,
        ...unprocessableProblem,
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const mc = await registerManagementCluster(c.get("deps"), ctxOf(c), c.req.valid("json"));
      setEtag(c, mc.version);
      return c.json(mc, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List management clusters (platform-admin)",
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(pageOf(managementClusterSchema, "ManagementClusterPage"), "A page of management clusters"),
        ...commonProblems,
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await listManagementClusters(c.get("deps"), c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "Get a management cluster (platform-admin)",
      request: { params: idParams },
      responses: { 200: jsonResponse(managementClusterSchema, "The management cluster"), ...commonProblems },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const mc = await getManagementCluster(c.get("deps"), c.req.valid("param").id);
      setEtag(c, mc.version);
      return c.json(mc, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{id}`,
      tags,
      summary: "Update labels, description, capacity, schedulability, or rotate the credentials (platform-admin)",
      request: { params: idParams, headers: ifMatchHeader, body: jsonBody(updateManagementClusterInput) },
      responses: {
        200: jsonResponse(managementClusterSchema, "Updated"),
        ...commonProblems,
        ...preconditionProblem,
        ...unprocessableProblem,
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const mc = await updateManagementCluster(c.get("deps"), ctxOf(c), c.req.valid("param").id, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, mc.version);
      return c.json(mc, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags,
      summary: "Deregister a management cluster (409 while clusters or provider clusters use it)",
      request: { params: idParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" }, ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      await deleteManagementCluster(c.get("deps"), ctxOf(c), c.req.valid("param").id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/health`,
      tags,
      summary: "Probe a management cluster: reachability, Kubernetes version, installed providers (platform-admin)",
      request: { params: idParams },
      responses: {
        200: jsonResponse(managementClusterHealthSchema, "Health, also when unreachable (reachable: false)"),
        ...commonProblems,
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await checkHealth(c.get("deps"), c.req.valid("param").id), 200);
    },
  );
}
