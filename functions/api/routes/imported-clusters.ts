import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ADDON_VALUES } from "../../../core/addons/catalog.js";
import {
  agentSubjectOf,
  changeImportedClusterAddon,
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
  problemResponses,
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
const addonParams = idParams.extend({ name: z.string().min(1).max(64).describe("velero: the only addon an imported cluster takes") });
const addonChange = z
  .strictObject({
    enabled: z.boolean().optional(),
    values: ADDON_VALUES.velero
      .unwrap()
      .optional()
      .describe("Velero's values (GET /v1/addons); they replace the previous ones, and defaults fill what is left out"),
  })
  .meta({ id: "ImportedClusterAddonChange" });

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
      method: "patch",
      path: `${base}/{id}/addons/{name}`,
      tags,
      summary:
        "Enable, disable or reconfigure Velero on an imported cluster: recorded, then applied there as a Helm installer Job (docs/addons.md); GET …/imported-clusters/{id} shows addons.velero's phase and conditions. Any other addon: 422",
      request: { params: addonParams, headers: ifMatchHeader, body: jsonBody(addonChange) },
      responses: {
        202: jsonResponse(importedClusterSchema, "Recorded and being applied (or unchanged, when the change changes nothing)"),
        ...commonProblems,
        ...conflictProblem,
        ...preconditionProblem,
        ...problemResponses(["unprocessable-request", "imported-cluster.addon-not-supported"]),
      },
    }),
    async (c) => {
      const { id, name, ...p } = c.req.valid("param");
      const t = inProject(c, p, "admin");
      const change = c.req.valid("json") as { enabled?: boolean; values?: Record<string, unknown> };
      const cluster = await changeImportedClusterAddon(c.get("deps"), ctxOf(c), t, id, name, change, ifMatchVersion(c));
      setEtag(c, cluster.version);
      return c.json(cluster, 202);
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
