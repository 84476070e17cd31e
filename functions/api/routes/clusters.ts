import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { allows } from "../../../core/auth/authorize.js";
import {
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  publicCluster,
  scaleCluster,
  updateCluster,
  upgradeCluster,
} from "../../../core/clusters/clusters.js";
import { createClusterInput, scaleClusterInput, updateClusterInput, upgradeClusterInput } from "../../../core/clusters/model.js";
import type { BundleLookup } from "../../../core/clusters/platform.js";
import type { Deps } from "../../../core/deps.js";
import { resolveProviderCluster } from "../../../core/providers/provider-clusters.js";
import { DNS_LABEL } from "../../../core/shared/names.js";
import { resolveClusterRequest } from "../../../core/templates/cluster-request.js";
import { createFromTemplateInput, moveTemplateInput, TEMPLATE_VERSION } from "../../../core/templates/model.js";
import { moveTemplate, planTemplateMove } from "../../../core/templates/move.js";
import { artifactsBucket } from "../../shared/queues.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { clusterPlanSchema, dryRunQuery } from "../schemas/cluster-plan.js";
import { clusterSchema, clusterStatusSchema } from "../schemas/clusters.js";
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
import { templateMovePlanSchema } from "../schemas/templates.js";
import { importedClusterSchema } from "../schemas/tunnel.js";

const tags = ["Clusters"];
const base = "/v1/domains/{domain}/projects/{project}/clusters";
const idParams = projectParams.extend({ id: z.string().min(1).max(64) });

/** BYOH bundle manifests, read from S3 when a command checks one (the S3 client loads off the API's cold path). */
const bundle: BundleLookup = async (version, os) => {
  const [{ s3Client }, { findBundle }] = await Promise.all([
    import("../../../core/aws/s3.js"),
    import("../../../core/clusters/bundles.js"),
  ]);
  return findBundle({ s3: s3Client(), bucket: artifactsBucket() }, version, os);
};

/** ?dryRun=true: the plan of the operation (core/clusters/plan.ts), loaded only when asked for. */
async function planner(deps: Deps) {
  const [{ s3Client }, plan] = await Promise.all([import("../../../core/aws/s3.js"), import("../../../core/clusters/plan.js")]);
  return { plan, env: plan.planEnv(deps, { s3: s3Client(), bucket: artifactsBucket() }) };
}
const planned = { 200: jsonResponse(clusterPlanSchema, "The plan (dryRun=true): nothing was changed") };

export function clusterRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary:
        "Create a cluster; the lifecycle saga takes it to Ready (watch GET …/clusters/{id}/status). 422 when no BYOH bundle matches its version and hosts",
      request: {
        params: projectParams,
        query: dryRunQuery,
        headers: idempotencyHeader,
        body: jsonBody(
          z
            .union([createClusterInput, createFromTemplateInput.meta({ id: "CreateClusterFromTemplateInput" })])
            .describe("a full spec, or a cluster template offered to the project with its parameters"),
        ),
      },
      responses: {
        201: jsonResponse(clusterSchema, "Accepted: provisioning started"),
        ...planned,
        ...commonProblems,
        ...problemResponses([
          "conflict",
          "cluster.name-taken",
          "unprocessable-request",
          "cluster.version-unsupported",
          "cluster.bundle-missing",
          "cluster.storage-profile-missing",
          "cluster.autoscaling-not-supported",
          "cluster.autoscaling-bounds-invalid",
          "cluster.registry-invalid",
          "cluster.insufficient-hosts",
          "cluster.worker-pool-invalid",
          "cluster-template.not-offered",
          "cluster-template.version-deprecated",
          "cluster-template.parameter-invalid",
        ]),
        ...problemResponses(["forbidden", "cluster.template-required"]),
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      const deps = c.get("deps");
      const { input, template } = await resolveClusterRequest(deps, t, c.req.valid("json"), {
        domainAdmin: allows(c.get("principal"), "admin", { domain: t.domain }),
      });
      if (c.req.valid("query").dryRun === "true") {
        const { plan, env } = await planner(deps);
        return c.json(await plan.planCreate(env, ctxOf(c), t, input), 200);
      }
      const cluster = await createCluster(
        deps,
        ctxOf(c),
        t,
        input,
        { resolveProviderCluster: (tt, name, ahead) => resolveProviderCluster(deps, tt, name, ahead), bundle },
        { ...(template ? { template } : {}), ...(c.get("idempotencyKey") ? { idempotencyKey: c.get("idempotencyKey") } : {}) },
      );
      setEtag(c, cluster.version);
      return c.json(publicCluster(cluster), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List clusters: CAPI clusters (type capi) and, beside them, imported ones (type imported, …/imported-clusters)",
      request: {
        params: projectParams,
        query: pageQuery.extend({
          template: z
            .string()
            .min(1)
            .max(63)
            .regex(DNS_LABEL, "a DNS-1123 label")
            .optional()
            .describe("only clusters made from this cluster template"),
          templateVersion: z
            .string()
            .max(20)
            .regex(TEMPLATE_VERSION, "a version MAJOR.MINOR.PATCH")
            .optional()
            .describe("with template: only clusters on this version of it"),
        }),
      },
      responses: {
        200: jsonResponse(
          pageOf(
            z.union([clusterSchema.extend({ type: z.literal("capi") }).meta({ id: "CapiClusterListItem" }), importedClusterSchema]),
            "ClusterPage",
          ),
          "A page of clusters",
        ),
        ...commonProblems,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const { template, templateVersion, ...page } = c.req.valid("query");
      return c.json(
        await listClusters(c.get("deps"), t, page, template ? { template, ...(templateVersion ? { templateVersion } : {}) } : {}),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "Get a cluster",
      request: { params: idParams },
      responses: { 200: jsonResponse(clusterSchema, "The cluster"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const cluster = await getCluster(c.get("deps"), t, c.req.valid("param").id);
      setEtag(c, cluster.version);
      return c.json(publicCluster(cluster), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/status`,
      tags,
      summary: "A cluster's progress: phase, conditions, the current step and each step's start and end",
      request: { params: idParams },
      responses: { 200: jsonResponse(clusterStatusSchema, "The status"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const { clusterStatus } = await import("../../../core/clusters/host-preflight.js");
      return c.json(await clusterStatus(c.get("deps"), t, await getCluster(c.get("deps"), t, c.req.valid("param").id, true)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/kubeconfig`,
      tags,
      summary:
        "The cluster's admin kubeconfig, as its control plane provider wrote it on the management cluster (project admins; each read is an audit event). 409 until the control plane is up",
      request: { params: idParams },
      responses: {
        200: { description: "The kubeconfig (YAML)", content: { "application/yaml": { schema: z.string() } } },
        ...commonProblems,
        ...problemResponses(["cluster.kubeconfig-unavailable"]),
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const [{ issueKubeconfig }, { managementKube }] = await Promise.all([
        import("../../../core/clusters/kubeconfig.js"),
        import("../../../core/byoh/kube.js"),
      ]);
      const deps = c.get("deps");
      const k = await issueKubeconfig(deps, managementKube(deps), ctxOf(c), t, c.req.valid("param").id);
      c.header("content-disposition", `attachment; filename="${k.clusterName}.kubeconfig"`);
      return c.body(k.kubeconfig, 200, { "content-type": "application/yaml" });
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{id}`,
      tags,
      summary: "Change a cluster's description, labels or annotations",
      request: { params: idParams, headers: ifMatchHeader, body: jsonBody(updateClusterInput) },
      responses: { 200: jsonResponse(clusterSchema, "Updated"), ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      const cluster = await updateCluster(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, cluster.version);
      return c.json(publicCluster(cluster), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags,
      summary: "Delete a cluster: its CAPI objects, hosts (back to the group) and provider machines are released",
      request: { params: idParams, query: dryRunQuery, headers: ifMatchHeader },
      responses: { 202: jsonResponse(clusterSchema, "Deleting"), ...planned, ...commonProblems, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      if (c.req.valid("query").dryRun === "true") {
        const { plan, env } = await planner(c.get("deps"));
        return c.json(await plan.planDelete(env, ctxOf(c), t, c.req.valid("param").id), 200);
      }
      const cluster = await deleteCluster(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, ifMatchVersion(c));
      return c.json(publicCluster(cluster), 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/scale`,
      tags,
      summary:
        "Change a worker pool's count: the primary pool (workers) unless `pool` names another (404 cluster.worker-pool-unknown); 422 when the pool's group has too few free hosts; after a failed scale, retry it (same count) or abandon it (the count before); while a scale runs, its own count answers 202 with it and any other 409",
      request: {
        params: idParams,
        query: dryRunQuery,
        headers: ifMatchHeader.extend(idempotencyHeader.shape),
        body: jsonBody(scaleClusterInput),
      },
      responses: {
        202: jsonResponse(clusterSchema, "Scaling"),
        ...planned,
        ...commonProblems,
        ...problemResponses(["conflict", "cluster.not-ready"]),
        ...problemResponses(["unprocessable-request", "cluster.insufficient-hosts", "cluster.bundle-missing", "cluster.autoscaled"]),
        ...problemResponses(["not-found", "cluster.worker-pool-unknown"]),
        ...preconditionProblem,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      if (c.req.valid("query").dryRun === "true") {
        const { plan, env } = await planner(c.get("deps"));
        const body = c.req.valid("json");
        return c.json(await plan.planScale(env, ctxOf(c), t, c.req.valid("param").id, body.workers, body.pool), 200);
      }
      const body = c.req.valid("json");
      const cluster = await scaleCluster(
        c.get("deps"),
        ctxOf(c),
        t,
        c.req.valid("param").id,
        body.workers,
        { bundle },
        ifMatchVersion(c),
        body.pool !== undefined ? { pool: body.pool } : {},
      );
      return c.json(publicCluster(cluster), 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/upgrade`,
      tags,
      summary:
        "Upgrade one minor version: the control plane first, then the workers (422 with the allowed targets, or naming a missing bundle); after a failed upgrade, retry it (same target) or abandon it (the current version)",
      request: {
        params: idParams,
        query: dryRunQuery,
        headers: ifMatchHeader.extend(idempotencyHeader.shape),
        body: jsonBody(upgradeClusterInput),
      },
      responses: {
        202: jsonResponse(clusterSchema, "Upgrading"),
        ...planned,
        ...commonProblems,
        ...conflictProblem,
        ...unprocessableProblem,
        ...preconditionProblem,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      if (c.req.valid("query").dryRun === "true") {
        const { plan, env } = await planner(c.get("deps"));
        return c.json(await plan.planUpgrade(env, ctxOf(c), t, c.req.valid("param").id, c.req.valid("json").kubernetesVersion), 200);
      }
      const cluster = await upgradeCluster(
        c.get("deps"),
        ctxOf(c),
        t,
        c.req.valid("param").id,
        c.req.valid("json").kubernetesVersion,
        { bundle },
        ifMatchVersion(c),
      );
      return c.json(publicCluster(cluster), 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/template-move`,
      tags,
      summary:
        "Move a cluster made from a template to another (newer) version of it: the version is rendered with the cluster's parameters and any given here, and the difference carried out by an upgrade, a scale and addon changes, one after the other. dryRun=true answers the difference and changes nothing; 422 when the difference is something no operation changes",
      request: { params: idParams, query: dryRunQuery, body: jsonBody(moveTemplateInput) },
      responses: {
        200: jsonResponse(templateMovePlanSchema, "The plan (dryRun=true): nothing was changed"),
        202: jsonResponse(templateMovePlanSchema, "Moving: the first operation started (or, with no operation, done)"),
        ...commonProblems,
        ...problemResponses(["conflict", "cluster.not-ready"]),
        ...problemResponses([
          "unprocessable-request",
          "cluster.not-from-template",
          "cluster-template.not-offered",
          "cluster-template.version-deprecated",
          "cluster-template.parameter-invalid",
          "cluster-template.move-unsupported",
          "cluster.insufficient-hosts",
          "cluster.bundle-missing",
          "cluster.autoscaled",
        ]),
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      const deps = c.get("deps");
      const id = c.req.valid("param").id;
      if (c.req.valid("query").dryRun === "true") return c.json((await planTemplateMove(deps, t, id, c.req.valid("json"))).plan, 200);
      return c.json(await moveTemplate(deps, ctxOf(c), t, id, c.req.valid("json"), { bundle }), 202);
    },
  );
}
