import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  approveHostRequest,
  bulkApprove,
  bulkReject,
  deleteHostRequest,
  getHostRequest,
  listHostRequests,
  rejectHostRequest,
} from "../../../core/hosts/host-requests.js";
import { bulkIdsInput, bulkRejectInput, hostRequestStatus, rejectInput } from "../../../core/hosts/model.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { bulkAnswer } from "../problem.js";
import { route } from "../route.js";
import { bulkResultSchema, idParam, ifMatchHeader, jsonBody, jsonResponse, pageOf, pageQuery, projectParams } from "../schemas/common.js";
import { hostRequestSchema } from "../schemas/resources.js";

const tags = ["Host requests"];
const base = "/v1/domains/{domain}/projects/{project}/host-requests";
const idParams = projectParams.extend({ id: idParam("hreq") });

export function hostRequestRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List host requests, optionally by status",
      request: { params: projectParams, query: pageQuery.extend({ status: hostRequestStatus.optional() }) },
      responses: { 200: jsonResponse(pageOf(hostRequestSchema, "HostRequestPage"), "A page of requests") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listHostRequests(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "Get a host request",
      request: { params: idParams },
      responses: { 200: jsonResponse(hostRequestSchema, "The request") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const r = await getHostRequest(c.get("deps"), t, c.req.valid("param").id);
      setEtag(c, r.version);
      return c.json(r, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{id}`,
        tags,
        summary: "Delete a pending or rejected request; its machine id is freed to register again",
        request: { params: idParams, headers: ifMatchHeader },
        responses: { 204: { description: "Deleted" } },
      },
      ["hostrequest.host-exists"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      await deleteHostRequest(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/{id}/approve`,
        tags,
        summary: "Approve a pending request; its host is created (create-pending)",
        request: { params: idParams, headers: ifMatchHeader },
        responses: { 200: jsonResponse(hostRequestSchema, "Approved") },
      },
      ["hostrequest.decided"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const r = await approveHostRequest(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, ifMatchVersion(c));
      setEtag(c, r.version);
      return c.json(r, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/{id}/reject`,
        tags,
        summary: "Reject a pending request, with a reason",
        request: { params: idParams, headers: ifMatchHeader, body: jsonBody(rejectInput) },
        responses: { 200: jsonResponse(hostRequestSchema, "Rejected") },
      },
      ["hostrequest.decided"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const r = await rejectHostRequest(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, c.req.valid("json").reason, ifMatchVersion(c));
      setEtag(c, r.version);
      return c.json(r, 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: `${base}/bulk-approve`,
      tags,
      summary: "Approve many requests; a result per id",
      request: { params: projectParams, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      return c.json(bulkAnswer(await bulkApprove(c.get("deps"), ctxOf(c), t, c.req.valid("json").ids)), 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: `${base}/bulk-reject`,
      tags,
      summary: "Reject many requests with one reason; a result per id",
      request: { params: projectParams, body: jsonBody(bulkRejectInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const { ids, reason } = c.req.valid("json");
      return c.json(bulkAnswer(await bulkReject(c.get("deps"), ctxOf(c), t, ids, reason)), 200);
    },
  );
}
