import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { createToken, createTokenInput, deleteToken, listTokens, whoami } from "../../../core/auth/tokens.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { route } from "../route.js";
import { idParam, jsonBody, jsonResponse, pageOf, pageQuery } from "../schemas/common.js";
import { createdTokenSchema, identitySchema, tokenSchema } from "../schemas/resources.js";

const tags = ["Tokens"];

export function tokenRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/tokens",
        tags,
        summary: "Create an API token bound to one role and scope",
        description: "The caller can grant only roles up to its own, within its own scope. The secret is returned once.",
        request: { body: jsonBody(createTokenInput) },
        responses: { 201: jsonResponse(createdTokenSchema, "Created") },
      },
      ["unprocessable-request"],
    ),
    async (c) => c.json(await createToken(c.get("deps"), ctxOf(c), c.get("principal"), c.req.valid("json")), 201),
  );

  app.openapi(
    route(
      {
        method: "get",
        path: "/v1/tokens",
        tags,
        summary: "List tokens in the caller's scope (or a given domain/project)",
        request: { query: pageQuery.extend({ domain: z.string().max(63).optional(), project: z.string().max(63).optional() }) },
        responses: { 200: jsonResponse(pageOf(tokenSchema, "TokenPage"), "A page of tokens") },
      },
      ["unprocessable-request"],
    ),
    async (c) => c.json(await listTokens(c.get("deps"), c.get("principal"), c.req.valid("query")), 200),
  );

  app.openapi(
    route({
      method: "delete",
      path: "/v1/tokens/{id}",
      tags,
      summary: "Revoke a token",
      request: { params: z.object({ id: idParam("tok") }) },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      await deleteToken(c.get("deps"), ctxOf(c), c.get("principal"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/whoami",
      tags,
      summary: "The caller's own identity: role and scope",
      description:
        "What the bearer is: its role, the domain and project it is bound to, its name; for a person signed in with an identity provider, who they are and their role bindings. Clients (the console) read it " +
        "to show and enable only what the role allows; the server still authorizes every request.",
      responses: { 200: jsonResponse(identitySchema, "The caller") },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await whoami(c.get("deps"), c.get("principal")), 200);
    },
  );
}
