import { z } from "zod";
import { type Role, roleSchema } from "../auth/roles.js";
import { dnsLabel, HTTP_URL } from "../shared/names.js";

/**
 * OpenID Connect identity providers and the role bindings that turn their
 * groups and users into roles (docs/oidc.md). An IdP is configured at the
 * platform (platform-admin) or for one domain (domain-admin); a domain's IdP
 * can only be bound to roles inside that domain.
 */

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** https, or http on a loopback host (a local IdP); no query, fragment or credentials. */
export function issuerProblem(s: string): string | null {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return "must be an absolute URL";
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && LOOPBACK.has(u.hostname)))
    return "must be https (http only on a loopback host)";
  if (u.search || u.hash || u.username || u.password) return "must not have a query, fragment or credentials";
  return null;
}

// The same rule as a pattern, for the OpenAPI document: HTTP_URL's host, port and path, no query; http only on loopback.
const URL_REST = (/^\^https\?:\\\/\\\/(.*)(\(\\\?.*\)\?)\$$/.exec(HTTP_URL.source) as RegExpExecArray)[1] as string;
const PORT_AT = URL_REST.search(/\(:\(/);
const ISSUER = new RegExp(`^(https:\\/\\/${URL_REST.slice(0, PORT_AT)}|http:\\/\\/(127\\.0\\.0\\.1|localhost))${URL_REST.slice(PORT_AT)}$`);

const issuer = z
  .string()
  .max(2048)
  .regex(ISSUER, "must be an https URL without query or fragment (http only on 127.0.0.1 or localhost)")
  .superRefine((s, ctx) => {
    const problem = issuerProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe("the issuer exactly as the IdP's tokens state it in `iss` (https; http only on a loopback host)");

/** Claim names are top-level claims, e.g. `email`, `cognito:groups`, `https://example.com/groups`. */
const claimName = z.string().min(1).max(200).regex(/^\S+$/, "a claim name has no spaces");
const audience = z.string().min(1).max(2048);

export const claimsInput = z.strictObject({
  user: claimName.default("sub").describe("the claim naming the user: what user role bindings match and the audit trail shows"),
  groups: claimName.default("groups").describe("the claim carrying the user's groups (an array of strings, or one string)"),
  name: claimName.default("name").describe("the person's display name, for the audit trail"),
  email: claimName.default("email").describe("the person's e-mail, for the audit trail"),
});

const bearer = z
  .enum(["id_token", "access_token"])
  .describe("which token of a sign-in clients send as the bearer: the ID token (audience = clientId) or an access token for `resource`");

const idpFields = {
  displayName: z.string().min(1).max(100).optional(),
  issuer,
  clientId: z.string().min(1).max(255).describe("the OAuth client the console and ckpctl sign in as (a public client: PKCE, no secret)"),
  audiences: z
    .array(audience)
    .min(1)
    .max(10)
    .optional()
    .describe("`aud` values a token may carry (one must match); default: [clientId], plus `resource` when set"),
  resource: audience
    .optional()
    .describe("the API's resource indicator / audience clients ask access tokens for (RFC 8707), when bearer is access_token"),
  bearer: bearer.default("id_token"),
  scopes: z
    .array(z.string().min(1).max(200).regex(/^\S+$/))
    .min(1)
    .max(20)
    .default(["openid", "profile", "email"])
    .describe("scopes clients request at sign-in; include what makes the IdP put groups into tokens (e.g. `groups`)"),
  claims: claimsInput.prefault({}),
  clockSkewSeconds: z.number().int().min(0).max(300).default(30).describe("leeway for `exp` and `nbf`"),
};

export const createIdentityProviderInput = z.strictObject({ name: dnsLabel, ...idpFields });
export type CreateIdentityProviderInput = z.infer<typeof createIdentityProviderInput>;

/** A PATCH: the fields given replace the stored ones (`claims` as a whole). */
export const updateIdentityProviderInput = z.strictObject({
  displayName: idpFields.displayName,
  issuer: issuer.optional(),
  clientId: idpFields.clientId.optional(),
  audiences: idpFields.audiences,
  resource: idpFields.resource,
  bearer: bearer.optional(),
  scopes: z.array(z.string().min(1).max(200).regex(/^\S+$/)).min(1).max(20).optional(),
  claims: claimsInput.optional(),
  clockSkewSeconds: z.number().int().min(0).max(300).optional(),
});
export type UpdateIdentityProviderInput = z.infer<typeof updateIdentityProviderInput>;

export interface IdpClaims {
  user: string;
  groups: string;
  name: string;
  email: string;
}

export interface IdentityProvider {
  name: string;
  /** absent for a platform IdP */
  domain?: string;
  displayName?: string;
  issuer: string;
  clientId: string;
  audiences: string[];
  resource?: string;
  bearer: "id_token" | "access_token";
  scopes: string[];
  claims: IdpClaims;
  clockSkewSeconds: number;
  /** role bindings naming this IdP; it cannot be deleted while > 0 */
  bindingCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** How role bindings and tokens refer to an IdP: `<name>` at the platform, `<domain>/<name>` for a domain's. */
export function idpRef(p: { name: string; domain?: string | undefined }): string {
  return p.domain ? `${p.domain}/${p.name}` : p.name;
}

export function parseIdpRef(ref: string): { name: string; domain?: string } | undefined {
  const parts = ref.split("/");
  if (parts.length === 1 && dnsLabel.safeParse(parts[0]).success) return { name: parts[0] as string };
  if (parts.length === 2 && parts.every((p) => dnsLabel.safeParse(p).success))
    return { domain: parts[0] as string, name: parts[1] as string };
  return undefined;
}

/** What token validation needs of an IdP: kept with the issuer index (core/identity/providers.ts). */
export interface IdpVerifier {
  ref: string;
  domain?: string;
  issuer: string;
  audiences: string[];
  claims: IdpClaims;
  clockSkewSeconds: number;
}

/** A group or user name as the IdP states it: any text but control characters. */
const principalName = z
  .string()
  .min(1)
  .max(256)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, "no control characters");

export const createRoleBindingInput = z
  .strictObject({
    identityProvider: z.string().min(1).max(127).describe("`<name>` of a platform IdP, or `<domain>/<name>` of this domain's IdP"),
    group: principalName.optional().describe("an IdP group, as the groups claim states it"),
    user: principalName.optional().describe("one user, as the IdP's user claim states it"),
    role: roleSchema,
  })
  .refine((b) => (b.group === undefined) !== (b.user === undefined), { message: "give exactly one of group and user", path: ["group"] })
  // the same rule, for the OpenAPI document
  .meta({
    oneOf: [
      { required: ["group"], not: { required: ["user"] } },
      { required: ["user"], not: { required: ["group"] } },
    ],
  });
export type CreateRoleBindingInput = z.infer<typeof createRoleBindingInput>;

export interface RoleBinding {
  id: string;
  identityProvider: string;
  group?: string;
  user?: string;
  role: Role;
  /** the scope the role holds at: none (platform), a domain, or a domain and project */
  domain?: string;
  project?: string;
  createdAt: string;
  createdBy: string;
}
