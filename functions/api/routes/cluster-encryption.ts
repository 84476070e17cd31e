import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { encryptionInput } from "../../../core/clusters/encryption.js";
import { requestRotation, setEncryption } from "../../../core/clusters/encryption-settings.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { encryptionStatusSchema } from "../schemas/clusters.js";
import { commonProblems, jsonBody, jsonResponse, problemResponses, projectParams } from "../schemas/common.js";

/** A running cluster's etcd encryption at rest (docs/encryption.md): turn it on, change it, rotate its key now. */
const tags = ["Clusters"];
const base = "/v1/domains/{domain}/projects/{project}/clusters/{id}/encryption";
const idParams = projectParams.extend({ id: z.string().min(1).max(64) });

export function clusterEncryptionRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "put",
      path: base,
      tags,
      summary:
        "Turn etcd encryption on for a Ready cluster, or change its rotation interval, kept keys or resources (resources can be added, not removed; encryption cannot be turned off)",
      request: { params: idParams, body: jsonBody(encryptionInput) },
      responses: {
        200: jsonResponse(encryptionStatusSchema, "The encryption settings and rotation state; the rotation machine takes it from here"),
        ...commonProblems,
        ...problemResponses([
          "cluster.not-ready",
          "cluster.encryption-cannot-disable",
          "cluster.encryption-resource-removed",
          "precondition-failed",
        ]),
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      return c.json(await setEncryption(c.get("deps"), ctxOf(c), t, c.req.valid("param").id, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/rotate`,
      tags,
      summary: "Rotate the cluster's etcd encryption key now rather than when due; GET …/clusters/{id}/status follows it",
      request: { params: idParams },
      responses: {
        202: jsonResponse(encryptionStatusSchema, "Accepted: the next check starts the rotation"),
        ...commonProblems,
        ...problemResponses([
          "cluster.not-ready",
          "cluster.encryption-not-enabled",
          "cluster.encryption-rotation-in-progress",
          "precondition-failed",
        ]),
      },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "write");
      return c.json(await requestRotation(c.get("deps"), ctxOf(c), t, c.req.valid("param").id), 202);
    },
  );
}
