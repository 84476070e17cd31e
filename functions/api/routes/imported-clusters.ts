import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  agentSubjectOf,
  detachImportedCluster,
  importCluster,
  importedSubject,
  listImportedClusters,
  readImportedCluster,
} from "../../../core/imported/imported.js";
import { importClusterInput } from "../../../core/imported/model.js";
import { agentStatus, newAgentToken } from "../../../core/tunnel/agents.js";
import { revokeToken, tokenInput } from "../../../core/tunnel/tokens.js";
import { installAnswer, publicApiUrl } from "../agent-install.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { setEtag } from "../middleware/etag.js";
import {
  commonProblems,
  conflictProblem,
  idempotencyHeader,
  jsonBody,
  jsonResponse,
  pageOf,
  pageQuery,
  projectParams,
  unprocessableProblem,
} from "../schemas/common.js";
import {
  agentInstallSchema,
  agentStatusSchema,
  importedClusterCreatedSchema,
  importedClusterLiveSchema,
  importedClusterSchema,
} from "../schemas/tunnel.js";

const tags = ["Imported clusters"];
const base = "/v1/domains/{domain}/projects/{project}/imported-clusters";
const idParams = projectParams.extend({ id: z.string().min(1).max(64) });
const tokenParams = idParams.extend({ tokenId: z.string().min(1).max(64) });

/**
 * Existing clusters brought into a project (docs/tunnel.md): imported with
 * a kubeconfig the control plane reaches them with, or registered (no
 * kubeconfig) and reached through their cluster agent. They list beside
 * the CAPI clusters (GET …/clusters, type imported). Deleting one detaches
 * it; the cluster itself is never touched.
 */
export function importedClusterRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary: "Import a cluster (with a kubeconfig, checked by reaching it) or register one (without: a token and the agent manifest)",
      request: { params: projectParams, headers: idempotencyHeader, body: jsonBody(importClusterInput) },
      responses: {
        201: jsonResponse(importedClusterCreatedSchema, "Imported, or registered and waiting for its agent"),
        ...commonProblems,
        ...conflictProblem,
        ...unprocessableProblem,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const deps = c.get("deps");
      const { registration, ...cluster } = await importCluster(deps, ctxOf(c), t, c.req.valid("json"));
      setEtag(c, cluster.version);
      if (!registration) return c.json(cluster, 201);
      return c.json({ ...cluster, agent: await installAnswer(c, deps, importedSubject(cluster), registration) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List the project's imported clusters (GET …/clusters lists them with the CAPI clusters)",
      request: { params: projectParams, query: pageQuery },
      responses: {
        200: jsonResponse(pageOf(importedClusterSchema, "ImportedClusterPage"), "A page of imported clusters"),
        ...commonProblems,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listImportedClusters(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "An imported cluster, with its Kubernetes version, nodes and health read through its connection now",
      request: { params: idParams },
      responses: {
        200: jsonResponse(importedClusterLiveSchema, "The cluster; live.reachable false when it cannot be read"),
        ...commonProblems,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const cluster = await readImportedCluster(c.get("deps"), t, c.req.valid("param").id);
      setEtag(c, cluster.version);
      return c.json(cluster, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags,
      summary: "Detach an imported cluster: its agent's access ends and the record goes; the cluster itself is not touched",
      request: { params: idParams },
      responses: { 204: { description: "Detached" }, ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      await detachImportedCluster(c.get("deps"), ctxOf(c), t, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/agent`,
      tags,
      summary: "A registered cluster's agent: its tunnel's state and its registration tokens",
      request: { params: idParams },
      responses: { 200: jsonResponse(agentStatusSchema, "The agent's state"), ...commonProblems, ...unprocessableProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const { subject, record } = await agentSubjectOf(c.get("deps"), t, c.req.valid("param").id);
      return c.json(await agentStatus(c.get("deps"), subject, record.createdAt), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/agent-tokens`,
      tags,
      summary: "A new registration token for a registered cluster's agent, with its manifest",
      request: { params: idParams, headers: idempotencyHeader, body: jsonBody(tokenInput) },
      responses: { 201: jsonResponse(agentInstallSchema, "The token and manifest"), ...commonProblems, ...unprocessableProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const { subject } = await agentSubjectOf(c.get("deps"), t, c.req.valid("param").id);
      return c.json(await newAgentToken(c.get("deps"), ctxOf(c), subject, c.req.valid("json"), publicApiUrl(c)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}/agent-tokens/{tokenId}`,
      tags,
      summary: "Revoke a registration token: it can no longer register an agent",
      request: { params: tokenParams },
      responses: { 204: { description: "Revoked" }, ...commonProblems, ...unprocessableProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const { subject } = await agentSubjectOf(c.get("deps"), t, c.req.valid("param").id);
      await revokeToken(c.get("deps"), ctxOf(c), subject, c.req.valid("param").tokenId);
      return c.body(null, 204);
    },
  );
}
