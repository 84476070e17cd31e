import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
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
import {
  bulkResultSchema,
  commonProblems,
  conflictProblem,
  idempotencyHeader,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  pageOf,
  pageQuery,
  preconditionProblem,
  projectParams,
} from "../schemas/common.js";
import { hostRequestSchema } from "../schemas/resources.js";

const tags = ["Host requests"];
const base = "/v1/domains/{domain}/projects/{project}/host-requests";
const idParams = projectParams.extend({ id: z.string().min(1).max(64) });
const decisionHeaders = ifMatchHeader.extend(idempotencyHeader.shape);

export function hostRequestRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List host requests, optionally by status",
      request: { params: projectParams, query: pageQuery.extend({ status: hostRequestStatus.optional() }) },
      responses: { 200: jsonResponse(pageOf(hostRequestSchema, "HostRequestPage"), "A page of requests"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listHostRequests(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "Get a host request",
      request: { params: idParams },
      responses: { 200: jsonResponse(hostRequestSchema, "The request"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const r = await getHostRequest(c.get("deps"), t, c.req.valid("param").id);
      setEtag(c, r.version);
      return c.json(r, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags,
      summary: "Delete a pending or rejected request; its machine id is freed to register again",
      request: { params: idParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" }, ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      await deleteHostRequest(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/approve`,
      tags,
      summary: "Approve a pending request; its host is created (create-pending)",
      request: { params: idParams, headers: decisionHeaders },
      responses: { 200: jsonResponse(hostRequestSchema, "Approved"), ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const r = await approveHostRequest(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, ifMatchVersion(c));
      setEtag(c, r.version);
      return c.json(r, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/reject`,
      tags,
      summary: "Reject a pending request, with a reason",
      request: { params: idParams, headers: decisionHeaders, body: jsonBody(rejectInput) },
      responses: { 200: jsonResponse(hostRequestSchema, "Rejected"), ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const r = await rejectHostRequest(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, c.req.valid("json").reason, ifMatchVersion(c));
      setEtag(c, r.version);
      return c.json(r, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/bulk-approve`,
      tags,
      summary: "Approve many requests; a result per id",
      request: { params: projectParams, headers: idempotencyHeader, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      return c.json(bulkAnswer(await bulkApprove(c.get("deps"), ctxOf(c), t, c.req.valid("json").ids)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/bulk-reject`,
      tags,
      summary: "Reject many requests with one reason; a result per id",
      request: { params: projectParams, headers: idempotencyHeader, body: jsonBody(bulkRejectInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id"), ...commonProblems },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const { ids, reason } = c.req.valid("json");
      return c.json(bulkAnswer(await bulkReject(c.get("deps"), ctxOf(c), t, ids, reason)), 200);
    },
  );
}
