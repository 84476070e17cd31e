import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  addHostToGroup,
  bulkAddHosts,
  bulkRemoveHosts,
  createHostGroup,
  deleteHostGroup,
  getHostGroup,
  listHostGroups,
  removeHostFromGroup,
  updateHostGroup,
} from "../../../core/hosts/host-groups.js";
import { bulkIdsInput, createGroupInput, updateGroupInput } from "../../../core/hosts/model.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { bulkAnswer } from "../problem.js";
import {
  bulkResultSchema,
  commonProblems,
  conflictProblem,
  forceQuery,
  idempotencyHeader,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  pageOf,
  pageQuery,
  preconditionProblem,
  projectParams,
  unprocessableProblem,
} from "../schemas/common.js";
import { hostGroupSchema } from "../schemas/resources.js";

const tags = ["Host groups"];
const base = "/v1/domains/{domain}/projects/{project}/host-groups";
const nameParams = projectParams.extend({ name: z.string().min(1).max(63) });
const memberParams = nameParams.extend({ hostId: z.string().min(1).max(64) });

export function hostGroupRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary: "Create a host group",
      request: { params: projectParams, headers: idempotencyHeader, body: jsonBody(createGroupInput) },
      responses: { 201: jsonResponse(hostGroupSchema, "Created"), ...commonProblems, ...conflictProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const g = await createHostGroup(c.get("deps"), ctxOf(c), t, c.req.valid("json"));
      setEtag(c, g.version);
      return c.json(g, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List host groups",
      request: { params: projectParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(hostGroupSchema, "HostGroupPage"), "A page of groups"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listHostGroups(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a host group (list its hosts with GET /hosts?group=)",
      request: { params: nameParams },
      responses: { 200: jsonResponse(hostGroupSchema, "The group"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const g = await getHostGroup(c.get("deps"), t, c.req.valid("param").name);
      setEtag(c, g.version);
      return c.json(g, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{name}`,
      tags,
      summary: "Update a host group's description or labels",
      request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(updateGroupInput) },
      responses: { 200: jsonResponse(hostGroupSchema, "Updated"), ...commonProblems, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const g = await updateHostGroup(c.get("deps"), ctxOf(c), t, c.req.valid("param").name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, g.version);
      return c.json(g, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{name}`,
      tags,
      summary: "Delete a host group (409 while it has hosts, unless force=true releases them)",
      request: { params: nameParams, query: forceQuery, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" }, ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const ifMatch = ifMatchVersion(c);
      await deleteHostGroup(c.get("deps"), ctxOf(c), t, c.req.valid("param").name, {
        force: c.req.valid("query").force,
        ...(ifMatch !== undefined ? { ifMatch } : {}),
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: `${base}/{name}/hosts/{hostId}`,
      tags,
      summary: "Add a host to the group (409 if it is in another group)",
      request: { params: memberParams },
      responses: { 204: { description: "The host is in the group" }, ...commonProblems, ...conflictProblem, ...unprocessableProblem },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await addHostToGroup(c.get("deps"), ctxOf(c), t, p.name, p.hostId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{name}/hosts/{hostId}`,
      tags,
      summary: "Remove a host from the group",
      request: { params: memberParams },
      responses: { 204: { description: "Removed" }, ...commonProblems, ...conflictProblem },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await removeHostFromGroup(c.get("deps"), ctxOf(c), t, p.name, p.hostId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{name}/hosts/bulk-add`,
      tags,
      summary: "Add many hosts; a result per id",
      request: { params: nameParams, headers: idempotencyHeader, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id"), ...commonProblems },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await getHostGroup(c.get("deps"), t, p.name);
      return c.json(bulkAnswer(await bulkAddHosts(c.get("deps"), ctxOf(c), t, p.name, c.req.valid("json").ids)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{name}/hosts/bulk-remove`,
      tags,
      summary: "Remove many hosts; a result per id",
      request: { params: nameParams, headers: idempotencyHeader, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id"), ...commonProblems },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await getHostGroup(c.get("deps"), t, p.name);
      return c.json(bulkAnswer(await bulkRemoveHosts(c.get("deps"), ctxOf(c), t, p.name, c.req.valid("json").ids)), 200);
    },
  );
}
