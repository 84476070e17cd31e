import type { OpenAPIHono } from "@hono/zod-openapi";
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
import { route } from "../route.js";
import {
  bulkResultSchema,
  forceQuery,
  idParam,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  nameParam,
  pageOf,
  pageQuery,
  projectParams,
} from "../schemas/common.js";
import { hostGroupSchema } from "../schemas/resources.js";

const tags = ["Host groups"];
const base = "/v1/domains/{domain}/projects/{project}/host-groups";
const nameParams = projectParams.extend({ name: nameParam });
const memberParams = nameParams.extend({ hostId: idParam("host") });

export function hostGroupRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary: "Create a host group",
        request: { params: projectParams, body: jsonBody(createGroupInput) },
        responses: { 201: jsonResponse(hostGroupSchema, "Created") },
      },
      ["already-exists", "management-cluster.unknown"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const g = await createHostGroup(c.get("deps"), ctxOf(c), t, c.req.valid("json"));
      setEtag(c, g.version);
      return c.json(g, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List host groups",
      request: { params: projectParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(hostGroupSchema, "HostGroupPage"), "A page of groups") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listHostGroups(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a host group (list its hosts with GET /hosts?group=)",
      request: { params: nameParams },
      responses: { 200: jsonResponse(hostGroupSchema, "The group") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const g = await getHostGroup(c.get("deps"), t, c.req.valid("param").name);
      setEtag(c, g.version);
      return c.json(g, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "patch",
        path: `${base}/{name}`,
        tags,
        summary: "Update a host group's description or labels",
        request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(updateGroupInput) },
        responses: { 200: jsonResponse(hostGroupSchema, "Updated") },
      },
      ["management-cluster.unknown"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const g = await updateHostGroup(c.get("deps"), ctxOf(c), t, c.req.valid("param").name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, g.version);
      return c.json(g, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{name}`,
        tags,
        summary: "Delete a host group (409 while it has hosts, unless force=true releases them)",
        request: { params: nameParams, query: forceQuery, headers: ifMatchHeader },
        responses: { 204: { description: "Deleted" } },
      },
      ["hostgroup.in-use", "host.assigned"],
    ),
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
    route(
      {
        method: "put",
        path: `${base}/{name}/hosts/{hostId}`,
        tags,
        summary: "Add a host to the group (409 if it is in another group; 422 host.preflight-failed if it fails its preflight)",
        request: { params: memberParams },
        responses: { 204: { description: "The host is in the group" } },
      },
      ["host.in-another-group", "host.provisioning-failed", "host.preflight-failed"],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await addHostToGroup(c.get("deps"), ctxOf(c), t, p.name, p.hostId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{name}/hosts/{hostId}`,
        tags,
        summary: "Remove a host from the group",
        request: { params: memberParams },
        responses: { 204: { description: "Removed" } },
      },
      ["host.assigned"],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await removeHostFromGroup(c.get("deps"), ctxOf(c), t, p.name, p.hostId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: `${base}/{name}/hosts/bulk-add`,
      tags,
      summary: "Add many hosts; a result per id",
      request: { params: nameParams, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await getHostGroup(c.get("deps"), t, p.name);
      return c.json(bulkAnswer(await bulkAddHosts(c.get("deps"), ctxOf(c), t, p.name, c.req.valid("json").ids)), 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: `${base}/{name}/hosts/bulk-remove`,
      tags,
      summary: "Remove many hosts; a result per id",
      request: { params: nameParams, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "admin");
      await getHostGroup(c.get("deps"), t, p.name);
      return c.json(bulkAnswer(await bulkRemoveHosts(c.get("deps"), ctxOf(c), t, p.name, c.req.valid("json").ids)), 200);
    },
  );
}
