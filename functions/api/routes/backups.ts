import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { type WorkloadPort, workloadPort } from "../../../core/addons/workload.js";
import {
  createBackupInput,
  createBackupScheduleInput,
  createRestoreInput,
  updateBackupScheduleInput,
} from "../../../core/backups/backup-model.js";
import { createBackup, getBackup, listBackups } from "../../../core/backups/backups.js";
import { createRestore, getRestore, listRestores } from "../../../core/backups/restores.js";
import {
  createBackupSchedule,
  deleteBackupSchedule,
  getBackupSchedule,
  listBackupSchedules,
  updateBackupSchedule,
} from "../../../core/backups/schedules.js";
import type { Deps } from "../../../core/deps.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { backupScheduleSchema, backupSchema, restoreSchema } from "../schemas/backups.js";
import { ifMatchHeader, jsonBody, jsonResponse, nameParam, pageOf, pageQuery, projectParams } from "../schemas/common.js";

/**
 * A cluster's backups, backup schedules and restores (docs/backups.md),
 * done by the cluster's Velero. Project members ask for them; what Velero
 * reports of each (phase, progress, errors) is read from the cluster.
 */
const tags = ["Backups"];
const base = "/v1/domains/{domain}/projects/{project}/clusters/{id}";
const clusterParams = projectParams.extend({ id: z.string().min(1).max(64) });
const itemParams = clusterParams.extend({ name: nameParam });

let ports: { workload: WorkloadPort } | undefined;
const portsOf = (deps: Deps) => {
  ports ??= { workload: workloadPort(deps) };
  return ports;
};

export function backupRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/backups`,
        tags,
        summary:
          "Back the cluster up now: Velero writes the backup to the named location of the project (or its default). The status starts Pending and follows Velero's",
        request: { params: clusterParams, body: jsonBody(createBackupInput) },
        responses: { 202: jsonResponse(backupSchema, "Asked for") },
      },
      ["already-exists", "backup.velero-not-installed", "backup.no-location"],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "write");
      return c.json(await createBackup(c.get("deps"), ctxOf(c), portsOf(c.get("deps")), t, p.id, c.req.valid("json")), 202);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/backups`,
      tags,
      summary: "List the cluster's backups, asked for here or made by its schedules, as Velero reports them (by name)",
      request: { params: clusterParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(backupSchema, "BackupPage"), "A page of backups") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      return c.json(await listBackups(c.get("deps"), portsOf(c.get("deps")), t, p.id, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/backups/{name}`,
      tags,
      summary: "Get a backup and what Velero reports of it",
      request: { params: itemParams },
      responses: { 200: jsonResponse(backupSchema, "The backup") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      return c.json(await getBackup(c.get("deps"), portsOf(c.get("deps")), t, p.id, p.name), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/backup-schedules`,
        tags,
        summary: "Schedule backups of the cluster: Velero makes one each time the cron (UTC) is due, unless the schedule is paused",
        request: { params: clusterParams, body: jsonBody(createBackupScheduleInput) },
        responses: { 201: jsonResponse(backupScheduleSchema, "Created") },
      },
      ["already-exists", "backup.velero-not-installed", "backup.no-location"],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "write");
      const s = await createBackupSchedule(c.get("deps"), ctxOf(c), portsOf(c.get("deps")), t, p.id, c.req.valid("json"));
      setEtag(c, s.version);
      return c.json(s, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/backup-schedules`,
      tags,
      summary: "List the cluster's backup schedules, with what Velero reports (phase, last backup)",
      request: { params: clusterParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(backupScheduleSchema, "BackupSchedulePage"), "A page of schedules") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      return c.json(await listBackupSchedules(c.get("deps"), portsOf(c.get("deps")), t, p.id, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/backup-schedules/{name}`,
      tags,
      summary: "Get a backup schedule",
      request: { params: itemParams },
      responses: { 200: jsonResponse(backupScheduleSchema, "The schedule") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      const s = await getBackupSchedule(c.get("deps"), portsOf(c.get("deps")), t, p.id, p.name);
      setEtag(c, s.version);
      return c.json(s, 200);
    },
  );

  app.openapi(
    route({
      method: "patch",
      path: `${base}/backup-schedules/{name}`,
      tags,
      summary: "Change a schedule: its cron, paused, what it backs up, the TTL. null removes an optional field",
      request: { params: itemParams, headers: ifMatchHeader, body: jsonBody(updateBackupScheduleInput) },
      responses: { 200: jsonResponse(backupScheduleSchema, "Updated") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "write");
      const s = await updateBackupSchedule(
        c.get("deps"),
        ctxOf(c),
        portsOf(c.get("deps")),
        t,
        p.id,
        p.name,
        c.req.valid("json"),
        ifMatchVersion(c),
      );
      setEtag(c, s.version);
      return c.json(s, 200);
    },
  );

  app.openapi(
    route({
      method: "delete",
      path: `${base}/backup-schedules/{name}`,
      tags,
      summary: "Delete a schedule; the backups it made stay until their TTL",
      request: { params: itemParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "write");
      await deleteBackupSchedule(c.get("deps"), ctxOf(c), t, p.id, p.name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/restores`,
        tags,
        summary:
          "Restore one of the cluster's backups into it, optionally into other namespaces (namespaceMapping); what exists is left as it is",
        request: { params: clusterParams, body: jsonBody(createRestoreInput) },
        responses: { 202: jsonResponse(restoreSchema, "Asked for") },
      },
      ["already-exists", "backup.velero-not-installed", "service-unavailable"],
    ),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "write");
      return c.json(await createRestore(c.get("deps"), ctxOf(c), portsOf(c.get("deps")), t, p.id, c.req.valid("json")), 202);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/restores`,
      tags,
      summary: "List the cluster's restores, with what Velero reports of each",
      request: { params: clusterParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(restoreSchema, "RestorePage"), "A page of restores") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      return c.json(await listRestores(c.get("deps"), portsOf(c.get("deps")), t, p.id, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/restores/{name}`,
      tags,
      summary: "Get a restore and what Velero reports of it",
      request: { params: itemParams },
      responses: { 200: jsonResponse(restoreSchema, "The restore") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const t = inProject(c, p, "read");
      return c.json(await getRestore(c.get("deps"), portsOf(c.get("deps")), t, p.id, p.name), 200);
    },
  );
}
