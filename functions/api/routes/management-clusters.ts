import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import { checkHealth } from "../../../core/management/health.js";
import { registerManagementClusterInput, updateManagementClusterInput } from "../../../core/management/model.js";
import {
  deleteManagementCluster,
  getManagementCluster,
  listManagementClusters,
  managementSubject,
  registerManagementCluster,
  updateManagementCluster,
} from "../../../core/management/registry.js";
import { unprocessable } from "../../../core/shared/errors.js";
import { tokenInput } from "../../../core/tunnel/tokens.js";
import { installAnswer, publicApiUrl } from "../agent-install.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { idParam, ifMatchHeader, jsonBody, jsonResponse, pageOf, pageQuery } from "../schemas/common.js";
import { managementClusterHealthSchema, managementClusterSchema } from "../schemas/management.js";
import { agentInstallSchema, agentStatusSchema } from "../schemas/tunnel.js";

const tags = ["Management clusters"];
const base = "/v1/management-clusters";
const idParams = z.object({ id: idParam("mc") });
const tokenParams = idParams.extend({ tokenId: z.string().min(1).max(64) });

/** A remote management cluster's agent subject; 422 for a direct one (it has no agent). */
async function remoteSubject(c: Context<ApiEnv>, id: string) {
  const mc = await getManagementCluster(c.get("deps"), id);
  if (mc.connectivity !== "remote") throw unprocessable(`management cluster ${mc.name} is direct: it has no agent`);
  return { mc, subject: managementSubject(mc.id) };
}

/** Product §14: the registry of CAPI management clusters. Platform-admin only. */
export function managementClusterRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary: "Register a management cluster (platform-admin). Credentials are stored encrypted and never returned.",
        description:
          "connectivity remote: no credentials; the answer's `agent` carries a registration token and the manifest that runs the " +
          "cluster agent in the cluster, which then dials out and holds the tunnel the control plane works through (docs/tunnel.md).",
        request: { body: jsonBody(registerManagementClusterInput) },
        responses: {
          201: jsonResponse(
            managementClusterSchema
              .extend({ agent: agentInstallSchema.optional().describe("remote: how to install its agent") })
              .meta({ id: "ManagementClusterRegistered" }),
            "Registered",
          ),
        },
      },
      ["already-exists"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const deps = c.get("deps");
      const { registration, ...mc } = await registerManagementCluster(deps, ctxOf(c), c.req.valid("json"));
      setEtag(c, mc.version);
      if (!registration) return c.json(mc, 201);
      return c.json({ ...mc, agent: await installAnswer(c, deps, managementSubject(mc.id), registration) }, 201);
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
    route({
      method: "patch",
      path: `${base}/{id}`,
      tags,
      summary: "Update labels, description, capacity, schedulability, or rotate the credentials (platform-admin)",
      request: { params: idParams, headers: ifMatchHeader, body: jsonBody(updateManagementClusterInput) },
      responses: {
        200: jsonResponse(managementClusterSchema, "Updated"),
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

  app.openapi(
    route(
      {
        method: "get",
        path: `${base}/{id}/agent`,
        tags,
        summary: "A remote management cluster's agent: its tunnel's state and its registration tokens (platform-admin)",
        request: { params: idParams },
        responses: { 200: jsonResponse(agentStatusSchema, "The agent's state") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const { mc, subject } = await remoteSubject(c, c.req.valid("param").id);
      const { agentStatus } = await import("../../../core/tunnel/agents.js");
      return c.json(await agentStatus(c.get("deps"), subject, mc.createdAt), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/{id}/agent-tokens`,
        tags,
        summary: "A new registration token for a remote management cluster's agent, with its manifest (platform-admin)",
        request: { params: idParams, body: jsonBody(tokenInput) },
        responses: { 201: jsonResponse(agentInstallSchema, "The token and manifest") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const { subject } = await remoteSubject(c, c.req.valid("param").id);
      const { newAgentToken } = await import("../../../core/tunnel/agents.js");
      return c.json(await newAgentToken(c.get("deps"), ctxOf(c), subject, c.req.valid("json"), publicApiUrl(c)), 201);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{id}/agent-tokens/{tokenId}`,
        tags,
        summary: "Revoke a registration token: it can no longer register an agent (platform-admin)",
        request: { params: tokenParams },
        responses: { 204: { description: "Revoked" } },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const { subject } = await remoteSubject(c, c.req.valid("param").id);
      const { revokeToken } = await import("../../../core/tunnel/tokens.js");
      await revokeToken(c.get("deps"), ctxOf(c), subject, c.req.valid("param").tokenId);
      return c.body(null, 204);
    },
  );
}
