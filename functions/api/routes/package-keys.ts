import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import {
  addPackageKey,
  fingerprintParam,
  getPackageKey,
  listPackageKeys,
  packageKeyInput,
  retirePackageKey,
} from "../../../core/packages/trusted-keys.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { route } from "../route.js";
import { jsonBody, jsonResponse } from "../schemas/common.js";
import { packageKeySchema } from "../schemas/resources.js";

const tags = ["Package keys"];
const params = z.object({ fingerprint: fingerprintParam });

/**
 * The installation's trusted package-signing keys (product §2.4), managed by
 * platform admins; agents receive the active ones with a BYOH bundle manifest
 * (GET /v1/agent/bundle) and refuse packages none of them signed.
 */
export function packageKeyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/package-keys",
        tags,
        summary: "Trust an OpenPGP public key for BYOH package signatures (platform-admin)",
        description:
          "publicKey is an armored OpenPGP public key (not a private one, not revoked or expired). Agents installing a BYOH bundle's packages " +
          "accept a package only with a detached signature (`<file>.asc`) made by an active key and a Maintainer field naming Coredge.io.",
        request: { body: jsonBody(packageKeyInput) },
        responses: { 201: jsonResponse(packageKeySchema, "Added") },
      },
      ["package-key.invalid", "package-key.exists"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await addPackageKey(c.get("deps"), ctxOf(c), c.req.valid("json")), 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/package-keys",
      tags,
      summary: "Trusted package-signing keys, active and retired (platform)",
      responses: { 200: jsonResponse(z.object({ items: z.array(packageKeySchema) }), "Every key, oldest first") },
    }),
    async (c) => {
      authorize(c.get("principal"), "read", {});
      return c.json({ items: await listPackageKeys(c.get("deps")) }, 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/package-keys/{fingerprint}",
      tags,
      summary: "One package-signing key (platform)",
      request: { params },
      responses: { 200: jsonResponse(packageKeySchema, "The key") },
    }),
    async (c) => {
      authorize(c.get("principal"), "read", {});
      return c.json(await getPackageKey(c.get("deps"), c.req.valid("param").fingerprint), 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: "/v1/package-keys/{fingerprint}/retire",
      tags,
      summary: "Retire a package-signing key (platform-admin): agents stop trusting it; retiring a retired key changes nothing",
      request: { params },
      responses: { 200: jsonResponse(packageKeySchema, "Retired") },
    }),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      return c.json(await retirePackageKey(c.get("deps"), ctxOf(c), c.req.valid("param").fingerprint), 200);
    },
  );
}
