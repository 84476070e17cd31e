import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  bulkDeleteHosts,
  deleteHost,
  getHost,
  hostView,
  listHosts,
  MAX_SELECTOR_TERMS,
  updateHostLabels,
} from "../../../core/hosts/hosts.js";
import { bulkIdsInput, hostStatus, updateHostInput } from "../../../core/hosts/model.js";
import { badRequest } from "../../../core/shared/errors.js";
import { LABEL_KEY, LABEL_VALUE, labelKey, labelValue } from "../../../core/shared/names.js";
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
  pageOf,
  pageQuery,
  projectParams,
} from "../schemas/common.js";
import { hostSchema } from "../schemas/resources.js";

const tags = ["Hosts"];
const base = "/v1/domains/{domain}/projects/{project}/hosts";
const idParams = projectParams.extend({ id: idParam("host") });

/** `key=value` terms (label keys and values), comma-separated, at most MAX_SELECTOR_TERMS of them. */
const TERM = `${LABEL_KEY.source.slice(1, -1)}=${LABEL_VALUE.source.slice(1, -1)}`;
const SELECTOR = new RegExp(`^${TERM}(,${TERM}){0,${MAX_SELECTOR_TERMS - 1}}$`);

const listQuery = pageQuery.extend({
  status: hostStatus.optional(),
  group: z.string().max(63).optional(),
  label: z
    .string()
    .max(2048)
    .regex(SELECTOR, `key=value[,key=value...], at most ${MAX_SELECTOR_TERMS} terms`)
    .optional()
    .describe(`equality selector: key=value[,key=value...], at most ${MAX_SELECTOR_TERMS} terms`),
});

/** Parses `k=v,k2=v2` into an equality selector. */
function parseSelector(s: string | undefined): Record<string, string> | undefined {
  if (!s) return undefined;
  const out: Record<string, string> = {};
  const parts = s.split(",");
  if (parts.length > MAX_SELECTOR_TERMS) {
    throw badRequest(`a label selector has at most ${MAX_SELECTOR_TERMS} key=value terms, not ${parts.length}`, [
      { path: "label", message: `at most ${MAX_SELECTOR_TERMS} terms` },
    ]);
  }
  for (const part of parts) {
    const i = part.indexOf("=");
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (i < 1 || !labelKey.safeParse(k).success || !labelValue.safeParse(v).success) {
      throw badRequest(`label selector "${part}" is not key=value`, [{ path: "label", message: "expected key=value[,key=value...]" }]);
    }
    out[k] = v;
  }
  return out;
}

export function hostRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List hosts (filters: status, group, label)",
      request: { params: projectParams, query: listQuery },
      responses: { 200: jsonResponse(pageOf(hostSchema, "HostPage"), "A page of hosts") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const q = c.req.valid("query");
      const labels = parseSelector(q.label);
      const page = await listHosts(
        c.get("deps"),
        t,
        { ...(q.status ? { status: q.status } : {}), ...(q.group ? { group: q.group } : {}), ...(labels ? { labels } : {}) },
        q,
      );
      return c.json({ ...page, items: page.items.map(hostView) }, 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: "Get a host",
      request: { params: idParams },
      responses: { 200: jsonResponse(hostSchema, "The host") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const h = await getHost(c.get("deps"), t, c.req.valid("param").id);
      setEtag(c, h.version);
      return c.json(hostView(h), 200);
    },
  );

  app.openapi(
    route({
      method: "patch",
      path: `${base}/{id}`,
      tags,
      summary: "Replace a host's labels",
      request: { params: idParams, headers: ifMatchHeader, body: jsonBody(updateHostInput) },
      responses: { 200: jsonResponse(hostSchema, "Updated") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const h = await updateHostLabels(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, c.req.valid("json").labels, ifMatchVersion(c));
      setEtag(c, h.version);
      return c.json(hostView(h), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{id}`,
        tags,
        summary: "Delete a host (force=true also when it is assigned to a cluster)",
        request: { params: idParams, query: forceQuery, headers: ifMatchHeader },
        responses: { 204: { description: "Deleted" } },
      },
      ["host.assigned"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const ifMatch = ifMatchVersion(c);
      await deleteHost(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, {
        force: c.req.valid("query").force,
        ...(ifMatch !== undefined ? { ifMatch } : {}),
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: `${base}/bulk-delete`,
      tags,
      summary: "Delete many hosts; a result per id",
      request: { params: projectParams, query: forceQuery, body: jsonBody(bulkIdsInput) },
      responses: { 200: jsonResponse(bulkResultSchema, "A result per id") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const results = await bulkDeleteHosts(c.get("deps"), ctxOf(c), t, c.req.valid("json").ids, c.req.valid("query").force);
      return c.json(bulkAnswer(results), 200);
    },
  );
}
