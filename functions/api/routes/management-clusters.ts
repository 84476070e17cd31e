import type { OpenAPIHono } from "@hono/zod-openapi";
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
import { route } from "../route.js";
import { idParam, ifMatchHeader, jsonBody, jsonResponse, pageOf, pageQuery } from "../schemas/common.js";
import { managementClusterHealthSchema, managementClusterSchema } from "../schemas/management.js";

const tags = ["Management clusters"];
const base = "/v1/management-clusters";
const idParams = z.object({ id: idParam("mc") });

/** Product §14: the registry of CAPI management clusters. Platform-admin only. */
export function managementClusterRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary: "Register a management cluster (platform-admin). Credentials are stored encrypted and never returned.",
        request: { body: jsonBody(registerManagementClusterInput) },
        responses: {
          201: jsonResponse(managementClusterSchema, "Registered"),
        },
      },
      ["already-exists", "management-cluster.remote-unsupported"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const mc = await registerManagementCluster(c.get("deps"), ctxOf(c), c.req.valid("json"));
      setEtag(c, mc.version);
      return c.json(mc, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List management clusters (platform-admin)",
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(pageOf(managementClusterSchema, "ManagementClusterPage"), "A page of management clusters"),
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await listManagementClusters(c.get("deps"), c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "Get a management cluster (platform-admin)",
      request: { params: idParams },
      responses: { 200: jsonResponse(managementClusterSchema, "The management cluster") },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const mc = await getManagementCluster(c.get("deps"), c.req.valid("param").id);
      setEtag(c, mc.version);
      return c.json(mc, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "patch",
        path: `${base}/{id}`,
        tags,
        summary: "Update labels, description, capacity, schedulability, or rotate the credentials (platform-admin)",
        request: { params: idParams, headers: ifMatchHeader, body: jsonBody(updateManagementClusterInput) },
        responses: {
          200: jsonResponse(managementClusterSchema, "Updated"),
        },
      },
      ["management-cluster.remote-unsupported"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const mc = await updateManagementCluster(c.get("deps"), ctxOf(c), c.req.valid("param").id, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, mc.version);
      return c.json(mc, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{id}`,
        tags,
        summary: "Deregister a management cluster (409 while clusters or provider clusters use it)",
        request: { params: idParams, headers: ifMatchHeader },
        responses: { 204: { description: "Deleted" } },
      },
      ["management-cluster.in-use"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      await deleteManagementCluster(c.get("deps"), ctxOf(c), c.req.valid("param").id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{id}/health`,
      tags,
      summary: "Probe a management cluster: reachability, Kubernetes version, installed providers (platform-admin)",
      request: { params: idParams },
      responses: {
        200: jsonResponse(managementClusterHealthSchema, "Health, also when unreachable (reachable: false)"),
      },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await checkHealth(c.get("deps"), c.req.valid("param").id), 200);
    },
  );
}
