import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import { bundleManifestInput, bundleOs } from "../../../core/clusters/bundle-model.js";
import type { BundleStore } from "../../../core/clusters/bundles.js";
import { KUBERNETES_RELEASES, SUPPORTED_VERSIONS, upgradeTargets } from "../../../core/clusters/versions.js";
import { transaction } from "../../../core/deps.js";
import { notFound } from "../../../core/shared/errors.js";
import { artifactsBucket } from "../../shared/queues.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { route } from "../route.js";
import { bundleManifestSchema, kubernetesReleaseSchema } from "../schemas/clusters.js";
import { jsonBody, jsonResponse } from "../schemas/common.js";

/** The compatibility matrix (product §2–4) and the BYOH bundles published for it (product §2.5). */
const bundleParams = z.object({ version: z.enum(SUPPORTED_VERSIONS as [string, ...string[]]), os: bundleOs });

/** The S3 client and bundle code load only for bundle requests, off the API's cold path. */
async function store(): Promise<{ store: BundleStore; b: typeof import("../../../core/clusters/bundles.js") }> {
  const [{ s3Client }, b] = await Promise.all([import("../../../core/aws/s3.js"), import("../../../core/clusters/bundles.js")]);
  return { store: { s3: s3Client(), bucket: artifactsBucket() }, b };
}

export function kubernetesVersionRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route({
      method: "get",
      path: "/v1/kubernetes-versions",
      tags: ["Kubernetes versions"],
      summary: "Supported Kubernetes versions with their component versions and allowed upgrade targets",
      responses: {
        200: jsonResponse(z.object({ items: z.array(kubernetesReleaseSchema) }), "The compatibility matrix"),
      },
    }),
    async (c) => {
      if (c.get("principal").kind === "host") throw notFound("resource");
      return c.json({ items: KUBERNETES_RELEASES.map((r) => ({ ...r, upgradeTargets: upgradeTargets(r.version) })) }, 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/byoh-bundles",
      tags: ["BYOH bundles"],
      summary: "Published BYOH bundle manifests, per Kubernetes version and OS",
      responses: { 200: jsonResponse(z.object({ items: z.array(bundleManifestSchema) }), "Every published manifest") },
    }),
    async (c) => {
      if (c.get("principal").kind === "host") throw notFound("resource");
      const { store: st, b } = await store();
      return c.json({ items: await b.listBundles(st) }, 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/byoh-bundles/{version}/{os}",
      tags: ["BYOH bundles"],
      summary: "One bundle manifest",
      request: { params: bundleParams },
      responses: { 200: jsonResponse(bundleManifestSchema, "The manifest") },
    }),
    async (c) => {
      if (c.get("principal").kind === "host") throw notFound("resource");
      const p = c.req.valid("param");
      const { store: st, b } = await store();
      return c.json(await b.getBundle(st, p.version, p.os), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "put",
        path: "/v1/byoh-bundles/{version}/{os}",
        tags: ["BYOH bundles"],
        summary: "Publish (or replace) the bundle manifest for a Kubernetes version and OS (platform-admin)",
        request: { params: bundleParams, body: jsonBody(bundleManifestInput) },
        responses: { 200: jsonResponse(bundleManifestSchema, "Published") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const p = c.req.valid("param");
      const deps = c.get("deps");
      const { store: st, b } = await store();
      const m = await b.putBundle(st, p.version, p.os, c.req.valid("json"), deps.clock.now());
      const tx = transaction(deps, ctxOf(c));
      tx.emit(
        "ckp.bundle.published",
        `byoh-bundles/${p.version}/${p.os}`,
        { kubernetesVersion: p.version, os: p.os, ociReference: m.ociReference, digest: m.digest },
        {},
      );
      await tx.commit();
      return c.json(m, 200);
    },
  );

  app.openapi(
    route({
      method: "delete",
      path: "/v1/byoh-bundles/{version}/{os}",
      tags: ["BYOH bundles"],
      summary: "Withdraw a bundle manifest (platform-admin); clusters needing it then fail with BundleNotFound",
      request: { params: bundleParams },
      responses: { 204: { description: "Withdrawn" } },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const p = c.req.valid("param");
      const { store: st, b } = await store();
      await b.deleteBundle(st, p.version, p.os);
      const tx = transaction(c.get("deps"), ctxOf(c));
      tx.emit("ckp.bundle.deleted", `byoh-bundles/${p.version}/${p.os}`, { kubernetesVersion: p.version, os: p.os }, {});
      await tx.commit();
      return c.body(null, 204);
    },
  );
}
