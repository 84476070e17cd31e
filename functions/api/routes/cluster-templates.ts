import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import { notFound } from "../../../core/shared/errors.js";
import { DNS_LABEL } from "../../../core/shared/names.js";
import { publishTemplateInput, TEMPLATE_VERSION, updateTemplateInput, updateTemplateVersionInput } from "../../../core/templates/model.js";
import {
  getTemplate,
  getTemplateVersion,
  listOfferedTemplates,
  listTemplates,
  offeredTo,
  publishTemplate,
  setVersionDeprecated,
  updateTemplate,
} from "../../../core/templates/templates.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import {
  commonProblems,
  conflictProblem,
  domainParams,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  pageOf,
  pageQuery,
  preconditionProblem,
  problemResponses,
  projectParams,
} from "../schemas/common.js";
import { clusterTemplateSchema, clusterTemplateVersionSchema } from "../schemas/templates.js";

/**
 * Cluster templates (docs/templates.md): domain admins publish immutable,
 * versioned cluster specs with parameters and choose which projects may use
 * them; a project's members list what is offered to them and create
 * clusters from it (POST …/clusters with `{template, version, parameters}`).
 */
const tags = ["Cluster templates"];
const base = "/v1/domains/{domain}/cluster-templates";
const projectBase = "/v1/domains/{domain}/projects/{project}/cluster-templates";
const name = z.string().min(1).max(63).regex(DNS_LABEL, "a DNS-1123 label");
const version = z.string().min(5).max(20).regex(TEMPLATE_VERSION, "a version MAJOR.MINOR.PATCH");
const nameParams = domainParams.extend({ name });
const versionParams = nameParams.extend({ version });
const projectVersionParams = projectParams.extend({ name, version });

export function clusterTemplateRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary:
        "Publish a version of a cluster template (domain-admin): a new name creates the template. The spec is checked by rendering it; a published version never changes (409)",
      request: { params: domainParams, body: jsonBody(publishTemplateInput) },
      responses: {
        201: jsonResponse(clusterTemplateVersionSchema, "Published"),
        ...commonProblems,
        ...problemResponses(["conflict", "cluster-template.version-exists", "unprocessable-request", "cluster-template.invalid"]),
      },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const v = await publishTemplate(c.get("deps"), ctxOf(c), domain, c.req.valid("json"));
      return c.json(v, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List the domain's cluster templates, with their versions and offering (domain roles)",
      request: { params: domainParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(clusterTemplateSchema, "ClusterTemplatePage"), "A page of templates"), ...commonProblems },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      return c.json(await listTemplates(c.get("deps"), domain, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a cluster template: its offering and versions (domain roles)",
      request: { params: nameParams },
      responses: { 200: jsonResponse(clusterTemplateSchema, "The template"), ...commonProblems },
    }),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      const tpl = await getTemplate(c.get("deps"), domain, name);
      setEtag(c, tpl.version);
      return c.json(tpl, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{name}`,
      tags,
      summary: "Change which projects may use a template, or its description (domain-admin); its versions never change",
      request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(updateTemplateInput) },
      responses: { 200: jsonResponse(clusterTemplateSchema, "Updated"), ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const tpl = await updateTemplate(c.get("deps"), ctxOf(c), domain, name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, tpl.version);
      return c.json(tpl, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{name}/versions/{version}`,
      tags,
      summary: "Get one version of a cluster template: its parameters and spec (domain roles)",
      request: { params: versionParams },
      responses: { 200: jsonResponse(clusterTemplateVersionSchema, "The version"), ...commonProblems },
    }),
    async (c) => {
      const { domain, name, version } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      return c.json(await getTemplateVersion(c.get("deps"), domain, name, version), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{name}/versions/{version}`,
      tags,
      summary:
        "Deprecate a version, or offer it again (domain-admin): clusters made from it keep it; new clusters cannot take it. The only change a version takes",
      request: { params: versionParams, body: jsonBody(updateTemplateVersionInput) },
      responses: { 200: jsonResponse(clusterTemplateVersionSchema, "Updated"), ...commonProblems, ...conflictProblem },
    }),
    async (c) => {
      const { domain, name, version } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const v = await setVersionDeprecated(c.get("deps"), ctxOf(c), domain, name, version, c.req.valid("json").deprecated);
      return c.json(v, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: projectBase,
      tags,
      summary: "The cluster templates offered to the project, each with a version that is not deprecated (project roles)",
      request: { params: projectParams },
      responses: {
        200: jsonResponse(z.object({ items: z.array(clusterTemplateSchema) }).meta({ id: "OfferedClusterTemplates" }), "The templates"),
        ...commonProblems,
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json({ items: await listOfferedTemplates(c.get("deps"), t) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${projectBase}/{name}/versions/{version}`,
      tags,
      summary: "A version of a template offered to the project: the parameters to fill in (project roles)",
      request: { params: projectVersionParams },
      responses: { 200: jsonResponse(clusterTemplateVersionSchema, "The version"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const { name, version } = c.req.valid("param");
      const deps = c.get("deps");
      const tpl = await getTemplate(deps, t.domain, name).catch(() => undefined);
      // a template not offered to the project is, for it, no template at all
      if (!tpl || !offeredTo(tpl, t.project)) throw notFound(`cluster template ${name}`);
      return c.json(await getTemplateVersion(deps, t.domain, name, version), 200);
    },
  );
}
