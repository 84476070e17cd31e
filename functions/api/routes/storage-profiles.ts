import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { storageProfileInput } from "../../../core/addons/storage-model.js";
import { deleteStorageProfile, getStorageProfile, listStorageProfiles, putStorageProfile } from "../../../core/addons/storage-profiles.js";
import { authorize } from "../../../core/auth/authorize.js";
import { DNS_LABEL } from "../../../core/shared/names.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { storageProfileSchema } from "../schemas/addons.js";
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
} from "../schemas/common.js";

/**
 * Storage profiles (product §16): the Ceph connection of a domain's clusters'
 * storage plugin. Platform admins write them; the domain's users read them
 * (never the key) to know what their clusters can ask for.
 */
const tags = ["Storage profiles"];
const base = "/v1/domains/{domain}/storage-profiles";
const nameParams = domainParams.extend({ name: z.string().min(1).max(63).regex(DNS_LABEL, "a DNS-1123 label") });

export function storageProfileRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "put",
      path: `${base}/{name}`,
      tags,
      summary:
        "Create or replace a storage profile (platform-admin). userKey is required when creating; a replace without it keeps the stored key. default: true makes it the domain's default",
      request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(storageProfileInput) },
      responses: {
        200: jsonResponse(storageProfileSchema, "Replaced"),
        201: jsonResponse(storageProfileSchema, "Created"),
        ...commonProblems,
        ...conflictProblem,
        ...preconditionProblem,
      },
    }),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "admin", {});
      const { profile, created } = await putStorageProfile(c.get("deps"), ctxOf(c), domain, name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, profile.version);
      return created ? c.json(profile, 201) : c.json(profile, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: "List the domain's storage profiles, without their keys (domain roles; not project-scoped tokens)",
      request: { params: domainParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(storageProfileSchema, "StorageProfilePage"), "A page of profiles"), ...commonProblems },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      return c.json(await listStorageProfiles(c.get("deps"), domain, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a storage profile, without its key (domain roles; not project-scoped tokens)",
      request: { params: nameParams },
      responses: { 200: jsonResponse(storageProfileSchema, "The profile"), ...commonProblems },
    }),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "read", { domain });
      const p = await getStorageProfile(c.get("deps"), domain, name);
      setEtag(c, p.version);
      return c.json(p, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{name}`,
      tags,
      summary: "Delete a storage profile (platform-admin); 409 storage-profile.in-use while clusters use it",
      request: { params: nameParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" }, ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "admin", {});
      await deleteStorageProfile(c.get("deps"), ctxOf(c), domain, name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
}
