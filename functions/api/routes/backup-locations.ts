import type { OpenAPIHono } from "@hono/zod-openapi";
import { createBackupLocationInput, updateBackupLocationInput } from "../../../core/backups/location-model.js";
import {
  createBackupLocation,
  deleteBackupLocation,
  getBackupLocation,
  listBackupLocations,
  updateBackupLocation,
} from "../../../core/backups/locations.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { backupLocationSchema } from "../schemas/backups.js";
import { ifMatchHeader, jsonBody, jsonResponse, nameParam, pageOf, pageQuery, projectParams } from "../schemas/common.js";

/**
 * Backup storage locations (docs/backups.md): S3 buckets a project's
 * clusters' Velero backs up to. Project admins write them (each create and
 * change is checked against the bucket for real); the project reads them,
 * never the keys.
 */
const tags = ["Backup locations"];
const base = "/v1/domains/{domain}/projects/{project}/backup-locations";
const nameParams = projectParams.extend({ name: nameParam });
const checked = [
  "backup-location.endpoint-not-allowed",
  "backup-location.unreachable",
  "backup-location.access-denied",
  "backup-location.bucket-missing",
] as const;

export function backupLocationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary:
          "Create a backup location: the bucket is reached with the keys (a probe object written and removed under the prefix) before it is stored; no other project may hold the bucket and prefix",
        request: { params: projectParams, body: jsonBody(createBackupLocationInput) },
        responses: { 201: jsonResponse(backupLocationSchema, "Created") },
      },
      ["already-exists", "backup-location.bucket-taken", ...checked],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const l = await createBackupLocation(c.get("deps"), ctxOf(c), t, c.req.valid("json"));
      setEtag(c, l.version);
      return c.json(l, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List the project's backup locations, without their keys",
      request: { params: projectParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(backupLocationSchema, "BackupLocationPage"), "A page of locations") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listBackupLocations(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a backup location, without its keys",
      request: { params: nameParams },
      responses: { 200: jsonResponse(backupLocationSchema, "The location") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const l = await getBackupLocation(c.get("deps"), t, c.req.valid("param").name);
      setEtag(c, l.version);
      return c.json(l, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "patch",
        path: `${base}/{name}`,
        tags,
        summary:
          "Change a backup location; a new bucket, prefix, endpoint, region, addressing, CA bundle or keys is checked against the bucket again before it is stored. null removes an optional field",
        request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(updateBackupLocationInput) },
        responses: { 200: jsonResponse(backupLocationSchema, "Updated") },
      },
      ["backup-location.bucket-taken", ...checked],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const l = await updateBackupLocation(c.get("deps"), ctxOf(c), t, c.req.valid("param").name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, l.version);
      return c.json(l, 200);
    },
  );

  app.openapi(
    route({
      method: "delete",
      path: `${base}/{name}`,
      tags,
      summary: "Delete a backup location (what Velero wrote in the bucket stays)",
      request: { params: nameParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      await deleteBackupLocation(c.get("deps"), ctxOf(c), t, c.req.valid("param").name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
}
