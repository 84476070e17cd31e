import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import type { Scope } from "../../../core/auth/roles.js";
import { createRoleBinding, deleteRoleBinding, getRoleBinding, listRoleBindings } from "../../../core/identity/bindings.js";
import { createIdentityProviderInput, createRoleBindingInput, updateIdentityProviderInput } from "../../../core/identity/model.js";
import {
  createIdentityProvider,
  deleteIdentityProvider,
  getIdentityProvider,
  type IdpOwner,
  listIdentityProviders,
  updateIdentityProvider,
} from "../../../core/identity/providers.js";
import { signInProviders, withEndpoints } from "../../../core/identity/sign-in.js";
import { exchangeSignInToken } from "../../../core/identity/token-exchange.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import {
  commonProblems,
  conflictProblem,
  domainParams,
  idempotencyHeader,
  ifMatchHeader,
  jsonBody,
  jsonResponse,
  pageOf,
  pageQuery,
  preconditionProblem,
  projectParams,
  unprocessableProblem,
} from "../schemas/common.js";
import {
  identityProviderSchema,
  roleBindingSchema,
  signInConfigSchema,
  signInTokensSchema,
  tokenExchangeInput,
} from "../schemas/identity.js";

const name = z.string().min(1).max(63);
const bindingId = z.string().min(1).max(64);

/**
 * Sign-in with identity providers (docs/oidc.md): the IdPs (platform-admin
 * at the platform, domain-admin for a domain), the role bindings that turn
 * their groups and users into roles (the scope's admins), and what clients
 * need: the public sign-in configuration and who the caller is.
 */
export function identityRoutes(app: OpenAPIHono<ApiEnv>): void {
  authRoutes(app);
  identityProviderRoutes(app, "platform");
  identityProviderRoutes(app, "domain");
  roleBindingRoutes(app, "platform");
  roleBindingRoutes(app, "domain");
  roleBindingRoutes(app, "project");
}

function authRoutes(app: OpenAPIHono<ApiEnv>): void {
  const tags = ["Sign-in"];
  app.openapi(
    route({
      method: "get",
      path: "/v1/auth/config",
      tags,
      security: [],
      summary: "How to sign in: the identity providers' issuers, client ids and scopes (public)",
      description:
        "The console runs the authorization-code flow with PKCE and ckpctl the device flow against one of these, then sends the token `bearer` names as `Authorization: Bearer`. With `domain`, that domain's own identity providers are listed after the platform's.",
      request: { query: z.object({ domain: z.string().max(63).optional() }) },
      responses: { 200: jsonResponse(signInConfigSchema, "Sign-in options") },
    }),
    async (c) => {
      // Asked by every client before sign-in, unauthenticated: let browsers and proxies keep it a minute.
      c.header("cache-control", "public, max-age=60");
      return c.json({ providers: await withEndpoints(await signInProviders(c.get("deps"), c.req.valid("query").domain)) }, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/auth/token",
        tags,
        security: [],
        summary: "The console's token requests to the identity provider: a sign-in code (PKCE) or a refresh token (public)",
        description:
          "Sends the authorization code with its PKCE verifier, or a refresh token, to the IdP's token endpoint as the IdP's public client (no secret exists) and answers its tokens; nothing is kept. The console's content security policy allows requests to its own origin only, so it asks here rather than at the IdP. The IdP's refusal is a 400 `auth.sign-in-refused` with its OAuth `error`.",
        request: { body: jsonBody(tokenExchangeInput) },
        responses: { 200: jsonResponse(signInTokensSchema, "The IdP's tokens") },
      },
      ["auth.sign-in-refused", "auth.idp-unavailable"],
    ),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await exchangeSignInToken(c.get("deps"), c.req.valid("json")), 200);
    },
  );
}

function identityProviderRoutes(app: OpenAPIHono<ApiEnv>, kind: "platform" | "domain"): void {
  const tags = ["Identity providers"];
  const base = kind === "platform" ? "/v1/identity-providers" : "/v1/domains/{domain}/identity-providers";
  const params = kind === "platform" ? z.object({}) : domainParams;
  const nameParams = kind === "platform" ? z.object({ name }) : domainParams.extend({ name });
  const who = kind === "platform" ? "platform-admin" : "domain-admin";
  const owner = (c: Context<ApiEnv>, p: { domain?: string; name?: string }): IdpOwner => {
    const o = kind === "domain" ? { domain: p.domain as string } : {};
    authorize(c.get("principal"), "admin", o);
    return o;
  };

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary: `Configure an OpenID Connect identity provider (${who}); its discovery document must be reachable`,
      request: { params, headers: idempotencyHeader, body: jsonBody(createIdentityProviderInput) },
      responses: { 201: jsonResponse(identityProviderSchema, "Created"), ...commonProblems, ...conflictProblem, ...unprocessableProblem },
    }),
    async (c) => {
      const idp = await createIdentityProvider(c.get("deps"), ctxOf(c), owner(c, c.req.valid("param")), c.req.valid("json"));
      setEtag(c, idp.version);
      return c.json(idp, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: `List identity providers (${who})`,
      request: { params, query: pageQuery },
      responses: {
        200: jsonResponse(pageOf(identityProviderSchema, "IdentityProviderPage"), "A page of identity providers"),
        ...commonProblems,
      },
    }),
    async (c) => c.json(await listIdentityProviders(c.get("deps"), owner(c, c.req.valid("param")), c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: `Get an identity provider (${who})`,
      request: { params: nameParams },
      responses: { 200: jsonResponse(identityProviderSchema, "The identity provider"), ...commonProblems },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const idp = await getIdentityProvider(c.get("deps"), owner(c, p), p.name);
      setEtag(c, idp.version);
      return c.json(idp, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{name}`,
      tags,
      summary: `Change an identity provider (${who}); tokens are checked against the new settings from the next request`,
      request: { params: nameParams, headers: ifMatchHeader, body: jsonBody(updateIdentityProviderInput) },
      responses: {
        200: jsonResponse(identityProviderSchema, "The identity provider"),
        ...commonProblems,
        ...conflictProblem,
        ...preconditionProblem,
        ...unprocessableProblem,
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const idp = await updateIdentityProvider(c.get("deps"), ctxOf(c), owner(c, p), p.name, c.req.valid("json"), ifMatchVersion(c));
      setEtag(c, idp.version);
      return c.json(idp, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{name}`,
      tags,
      summary: `Delete an identity provider no role binding names (${who}); its tokens stop working at once`,
      request: { params: nameParams, headers: ifMatchHeader },
      responses: { 204: { description: "Deleted" }, ...commonProblems, ...conflictProblem, ...preconditionProblem },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await deleteIdentityProvider(c.get("deps"), ctxOf(c), owner(c, p), p.name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
}

function roleBindingRoutes(app: OpenAPIHono<ApiEnv>, kind: "platform" | "domain" | "project"): void {
  const tags = ["Role bindings"];
  const base =
    kind === "platform"
      ? "/v1/role-bindings"
      : kind === "domain"
        ? "/v1/domains/{domain}/role-bindings"
        : "/v1/domains/{domain}/projects/{project}/role-bindings";
  const params = kind === "platform" ? z.object({}) : kind === "domain" ? domainParams : projectParams;
  const idParams = params.extend({ id: bindingId });
  const where =
    kind === "platform" ? "the platform (platform-admin)" : kind === "domain" ? "the domain (domain-admin)" : "the project (project-admin)";
  const scopeOf = (p: { domain?: string; project?: string; id?: string }): Scope =>
    kind === "platform"
      ? {}
      : kind === "domain"
        ? { domain: p.domain as string }
        : { domain: p.domain as string, project: p.project as string };
  const listQuery = pageQuery.extend({
    identityProvider: z.string().max(127).optional(),
    group: z.string().max(256).optional(),
    user: z.string().max(256).optional(),
  });

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary: `Bind an identity provider's group or user to a role at ${where}`,
      description:
        "Give exactly one of `group` and `user`. The role must fit the scope (platform-admin at the platform, domain-admin at a domain, project roles at a project, viewer at a domain or project) and be no more than the caller holds there. A domain's identity provider binds only inside that domain.",
      request: { params, headers: idempotencyHeader, body: jsonBody(createRoleBindingInput) },
      responses: { 201: jsonResponse(roleBindingSchema, "Created"), ...commonProblems, ...conflictProblem, ...unprocessableProblem },
    }),
    async (c) =>
      c.json(await createRoleBinding(c.get("deps"), ctxOf(c), c.get("principal"), scopeOf(c.req.valid("param")), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: `List the role bindings at ${where}; filter by identityProvider, group or user`,
      request: { params, query: listQuery },
      responses: { 200: jsonResponse(pageOf(roleBindingSchema, "RoleBindingPage"), "A page of role bindings"), ...commonProblems },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(
        await listRoleBindings(c.get("deps"), c.get("principal"), scopeOf(c.req.valid("param")), filter, { limit, cursor }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: `Get a role binding at ${where}`,
      request: { params: idParams },
      responses: { 200: jsonResponse(roleBindingSchema, "The role binding"), ...commonProblems },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await getRoleBinding(c.get("deps"), c.get("principal"), scopeOf(p), p.id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags,
      summary: `Remove a role binding at ${where}; its holders lose the role on their next request`,
      request: { params: idParams },
      responses: { 204: { description: "Deleted" }, ...commonProblems },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await deleteRoleBinding(c.get("deps"), ctxOf(c), c.get("principal"), scopeOf(p), p.id);
      return c.body(null, 204);
    },
  );
}
