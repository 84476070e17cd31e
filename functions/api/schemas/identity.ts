import { z } from "zod";
import { roleSchema } from "../../../core/auth/roles.js";

const claims = z
  .object({ user: z.string(), groups: z.string(), name: z.string(), email: z.string() })
  .meta({ id: "IdentityProviderClaims" });

export const identityProviderSchema = z
  .object({
    name: z.string(),
    domain: z.string().optional().describe("absent for a platform identity provider"),
    displayName: z.string().optional(),
    issuer: z.string(),
    clientId: z.string(),
    audiences: z.array(z.string()),
    resource: z.string().optional(),
    bearer: z.enum(["id_token", "access_token"]),
    scopes: z.array(z.string()),
    claims,
    clockSkewSeconds: z.number(),
    bindingCount: z.number().describe("role bindings naming it; it cannot be deleted while > 0"),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "IdentityProvider" });

export const roleBindingSchema = z
  .object({
    id: z.string(),
    identityProvider: z.string().describe("<name> of a platform IdP, <domain>/<name> of a domain's"),
    group: z.string().optional(),
    user: z.string().optional(),
    role: roleSchema,
    domain: z.string().optional(),
    project: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: "RoleBinding" });

export const signInConfigSchema = z
  .object({
    providers: z.array(
      z.object({
        identityProvider: z.string(),
        domain: z.string().optional(),
        displayName: z.string(),
        issuer: z.string(),
        discoveryUrl: z.string(),
        clientId: z.string().describe("a public client: authorization code with PKCE (console), device flow (ckpctl); no secret"),
        scopes: z.array(z.string()),
        bearer: z.enum(["id_token", "access_token"]).describe("which token of the sign-in to send as Authorization: Bearer"),
        resource: z.string().optional().describe("for bearer access_token: the resource (RFC 8707) / audience to request"),
        authorizationEndpoint: z
          .string()
          .optional()
          .describe("the IdP's authorization endpoint, from its discovery document (absent while the IdP cannot be reached)"),
        endSessionEndpoint: z.string().optional().describe("where a sign-out ends the person's session at the IdP, if it has one"),
      }),
    ),
  })
  .meta({ id: "SignInConfig" });

export const whoAmISchema = z
  .object({
    kind: z
      .enum(["token", "admin", "person", "host", "cluster-agent"])
      .describe("who the bearer is (hosts and cluster agents authenticate with certificates on their own endpoints, never here)"),
    id: z.string(),
    role: roleSchema.describe("a token's role; a person's strongest role binding"),
    scope: z.object({ domain: z.string().optional(), project: z.string().optional() }),
    person: z
      .object({
        idp: z.string(),
        issuer: z.string(),
        subject: z.string(),
        user: z.string(),
        name: z.string().optional(),
        email: z.string().optional(),
        groups: z.array(z.string()),
      })
      .optional(),
    grants: z
      .array(z.object({ binding: z.string(), role: roleSchema, domain: z.string().optional(), project: z.string().optional() }))
      .optional()
      .describe("a person's role bindings; what they may do is the union"),
  })
  .meta({ id: "WhoAmI" });

const pkceVerifier = z
  .string()
  .regex(/^[A-Za-z0-9\-._~]{43,128}$/)
  .describe("the PKCE code verifier (RFC 7636: 43–128 characters of A–Z a–z 0–9 - . _ ~)");

export const tokenExchangeInput = z
  .discriminatedUnion("grantType", [
    z.strictObject({
      grantType: z.literal("authorization_code"),
      identityProvider: z.string().min(1).max(127).describe("as GET /v1/auth/config names it"),
      code: z.string().min(1).max(4096).describe("the authorization code the IdP sent back"),
      codeVerifier: pkceVerifier,
      redirectUri: z
        .url({ protocol: /^https?$/ })
        .max(2048)
        .describe("the redirect URI the authorization request named"),
    }),
    z.strictObject({
      grantType: z.literal("refresh_token"),
      identityProvider: z.string().min(1).max(127),
      refreshToken: z.string().min(1).max(8192),
    }),
  ])
  .meta({ id: "SignInTokenRequest" });

export const signInTokensSchema = z
  .object({
    token: z.string().describe("send this as Authorization: Bearer (the token the IdP's `bearer` names)"),
    idToken: z.string().optional(),
    accessToken: z.string().optional(),
    refreshToken: z.string().optional(),
    expiresIn: z.number().int().describe("seconds until `token` runs out: refresh before"),
  })
  .meta({ id: "SignInTokens" });
