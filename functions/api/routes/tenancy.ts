import type { OpenAPIHono } from "@hono/zod-openapi";
import { authorize } from "../../../core/auth/authorize.js";
import { createDomain, getDomain, listDomains, updateDomain } from "../../../core/tenancy/domains.js";
import { createDomainInput, createProjectInput, updateDomainInput, updateProjectInput } from "../../../core/tenancy/model.js";
import { createProject, getProject, listProjects, updateProject } from "../../../core/tenancy/projects.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { domainParams, ifMatchHeader, jsonBody, jsonResponse, pageOf, pageQuery, projectParams } from "../schemas/common.js";
import { domainSchema, projectSchema } from "../schemas/resources.js";

const tags = ["Tenancy"];

export function tenancyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/domains",
        tags,
        summary: "Create a domain (platform-admin)",
        request: { body: jsonBody(createDomainInput) },
        responses: { 201: jsonResponse(domainSchema, "Created") },
      },
      ["already-exists"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const d = await createDomain(c.get("deps"), ctxOf(c), c.req.valid("json"));
      setEtag(c, d.version);
      return c.json(d, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/domains",
      tags,
      summary: "List domains (platform-admin)",
      request: { query: pageQuery },
      responses: { 200: jsonResponse(pageOf(domainSchema, "DomainPage"), "A page of domains") },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await listDomains(c.get("deps"), c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/domains/{domain}",
      tags,
      summary: "Get a domain",
      request: { params: domainParams },
      responses: { 200: jsonResponse(domainSchema, "The domain") },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      const d = await getDomain(c.get("deps"), domain);
      setEtag(c, d.version);
      return c.json(d, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/domains/{domain}/projects",
        tags,
        summary: "Create a project (domain-admin)",
        request: { params: domainParams, body: jsonBody(createProjectInput) },
        responses: { 201: jsonResponse(projectSchema, "Created") },
      },
      ["already-exists", "project.approval-conflict"],
    ),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const p = await createProject(c.get("deps"), ctxOf(c), domain, c.req.valid("json"));
      setEtag(c, p.version);
      return c.json(p, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/domains/{domain}/projects",
      tags,
      summary: "List a domain's projects",
      request: { params: domainParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(projectSchema, "ProjectPage"), "A page of projects") },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      return c.json(await listProjects(c.get("deps"), domain, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/domains/{domain}/projects/{project}",
      tags,
      summary: "Get a project, with its settings",
      request: { params: projectParams },
      responses: { 200: jsonResponse(projectSchema, "The project") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const p = await getProject(c.get("deps"), t);
      setEtag(c, p.version);
      return c.json(p, 200);
    },
  );

  app.openapi(
    route({
      method: "patch",
      path: "/v1/domains/{domain}",
      tags,
      summary: "Update a domain's display name and settings, e.g. whether clusters must come from cluster templates (platform-admin)",
      request: { params: domainParams, headers: ifMatchHeader, body: jsonBody(updateDomainInput) },
      responses: { 200: jsonResponse(domainSchema, "Updated") },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "admin", {});
      const d = await updateDomain(c.get("deps"), ctxOf(c), domain, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, d.version);
      return c.json(d, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "patch",
        path: "/v1/domains/{domain}/projects/{project}",
        tags,
        summary: "Update a project's settings, e.g. how hosts are approved (project-admin)",
        request: { params: projectParams, headers: ifMatchHeader, body: jsonBody(updateProjectInput) },
        responses: { 200: jsonResponse(projectSchema, "Updated") },
      },
      ["project.approval-conflict"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const p = await updateProject(c.get("deps"), ctxOf(c), t, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, p.version);
      return c.json(p, 200);
    },
  );
}
