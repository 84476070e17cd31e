import type { OpenAPIHono } from "@hono/zod-openapi";
import { readPsk, resetPsk } from "../../../core/tenancy/projects.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { route } from "../route.js";
import { jsonResponse, projectParams } from "../schemas/common.js";
import { pskSchema } from "../schemas/resources.js";

const tags = ["Host PSK"];
const base = "/v1/domains/{domain}/projects/{project}";

export function hostPskRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route({
      method: "get",
      path: `${base}/host-psk`,
      tags,
      summary: "Read the project's host pre-shared key (project-admin)",
      request: { params: projectParams },
      responses: { 200: jsonResponse(pskSchema, "The PSK") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      c.header("cache-control", "no-store");
      return c.json(await readPsk(c.get("deps"), t), 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: `${base}/host-psk/reset`,
      tags,
      summary: "Rotate the PSK; the old one stops registering hosts at once (project-admin)",
      request: { params: projectParams },
      responses: { 200: jsonResponse(pskSchema, "The new PSK") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      c.header("cache-control", "no-store");
      return c.json(await resetPsk(c.get("deps"), ctxOf(c), t), 200);
    },
  );
}
