import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { type AuditFilter, listAuditEvents, PLATFORM_DEFAULT_DAYS } from "../../../core/audit/events.js";
import { authorize } from "../../../core/auth/authorize.js";
import { badRequest, DomainError } from "../../../core/shared/errors.js";
import { dateTime, dnsLabel } from "../../../core/shared/names.js";
import { inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { route } from "../route.js";
import { domainParams, jsonResponse, pageOf, pageQuery, projectParams } from "../schemas/common.js";
import { auditEventSchema } from "../schemas/events.js";

const tags = ["Audit trail"];
const TYPE_SOURCE = "ckp\\.[a-z-]{1,40}\\.[a-z-]{1,40}";
const TYPE = new RegExp(`^${TYPE_SOURCE}$`);
/** one type, or several separated by commas */
const TYPES = new RegExp(`^${TYPE_SOURCE}(,${TYPE_SOURCE})*$`);
const ACTOR_KINDS = ["token", "admin", "host", "person", "system"];
const MAX_TYPES = 20;

const rfc3339 = dateTime;
const auditQuery = pageQuery.extend({
  type: z
    .union([z.string().max(400).regex(TYPES), z.array(z.string().max(400).regex(TYPES)).max(MAX_TYPES)])
    .optional()
    .describe("event type(s): repeat the parameter or separate with commas, e.g. ckp.host.deleted,ckp.hostrequest.approved"),
  subject: z.string().min(1).max(300).optional().describe("exact subject (hosts/host_01…), or a prefix ending in * (hosts/*)"),
  // [\s\S], not ".": any character, line breaks included, read alike by JavaScript and other regex engines
  actor: z
    .string()
    .max(300)
    .regex(/^(?!(token|admin|host|person|system):$)[\s\S]+$/, "kind:id or id")
    .optional()
    .describe(
      "kind:id (token:tok_01…, host:machine:m-1, person:corp:alice@example.com), just the id, or person:<user> (a person by the IdP's user claim)",
    ),
  from: rfc3339.optional().describe("RFC 3339, inclusive"),
  to: rfc3339.optional().describe("RFC 3339, inclusive"),
});
const domainAuditQuery = auditQuery.extend({ project: dnsLabel.optional().describe("only this project's events") });
const platformAuditQuery = domainAuditQuery.extend({ domain: dnsLabel.optional().describe("only this domain's events") });

type AuditQuery = z.infer<typeof platformAuditQuery>;

function filterOf(q: AuditQuery): AuditFilter {
  const types = (Array.isArray(q.type) ? q.type : q.type ? [q.type] : [])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = types.find((ty) => !TYPE.test(ty));
  if (bad) throw badRequest(`"${bad}" is not an event type`, [{ path: "type", message: "expected ckp.<resource>.<verb>" }]);
  // a count across repeated parameters, which the document cannot state: unprocessable, not invalid
  if (types.length > MAX_TYPES) {
    throw new DomainError("unprocessable", `at most ${MAX_TYPES} types`, { fields: [{ path: "type", message: `at most ${MAX_TYPES}` }] });
  }
  let actor: AuditFilter["actor"];
  if (q.actor) {
    const i = q.actor.indexOf(":");
    const kind = i > 0 ? q.actor.slice(0, i) : "";
    actor = ACTOR_KINDS.includes(kind) ? { kind, id: q.actor.slice(i + 1) } : { id: q.actor };
    if (!actor.id) throw badRequest("actor needs an id", [{ path: "actor", message: "expected kind:id or id" }]);
  }
  return {
    ...(types.length ? { types: [...new Set(types)] } : {}),
    ...(q.subject ? { subject: q.subject } : {}),
    ...(actor ? { actor } : {}),
    ...(q.domain ? { domain: q.domain } : {}),
    ...(q.project ? { project: q.project } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
}

const page = pageOf(auditEventSchema, "AuditEventPage");

export function eventRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "get",
        path: "/v1/domains/{domain}/projects/{project}/events",
        tags,
        summary: "A project's audit trail, newest first (filters: type, subject, actor, from, to)",
        request: { params: projectParams, query: auditQuery },
        responses: { 200: jsonResponse(page, "A page of events") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const q = c.req.valid("query");
      return c.json(await listAuditEvents(c.get("deps"), { kind: "project", t }, filterOf(q), q), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "get",
        path: "/v1/domains/{domain}/events",
        tags,
        summary: "A domain's audit trail: its own events and its projects' (domain-admin)",
        request: { params: domainParams, query: domainAuditQuery },
        responses: { 200: jsonResponse(page, "A page of events") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const q = c.req.valid("query");
      return c.json(await listAuditEvents(c.get("deps"), { kind: "domain", domain }, filterOf(q), q), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "get",
        path: "/v1/events",
        tags,
        summary: `The platform-wide audit trail (platform-admin); without from, the last ${PLATFORM_DEFAULT_DAYS} days up to to`,
        request: { query: platformAuditQuery },
        responses: { 200: jsonResponse(page, "A page of events") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const q = c.req.valid("query");
      return c.json(await listAuditEvents(c.get("deps"), { kind: "platform" }, filterOf(q), q), 200);
    },
  );
}
