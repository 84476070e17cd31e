import type { Grant, Principal } from "../auth/principal.js";
import { roleRank } from "../auth/roles.js";
import type { Deps } from "../deps.js";
import { unauthenticated } from "../shared/errors.js";
import { grantsFor } from "./bindings.js";
import { issuerKeys } from "./issuer-keys.js";
import { issuerEntries } from "./providers.js";
import { claimedIssuer, type IdpMatch, type VerifiedToken, verifyIdpToken } from "./verify.js";

/**
 * A person's bearer token (an IdP's JWT) → a principal holding their role
 * bindings. Free of HTTP types, so the API's middleware and the gRPC service
 * authenticate the same way. Per request: one consistent Query (the IdP
 * configurations of the token's issuer, with which groups and users hold
 * bindings) and, when any of the person's do, one consistent BatchGetItem
 * (the grants of those groups and the user); the issuer's keys come from
 * a process cache (core/identity/issuer-keys.ts). Nothing about permissions
 * is cached, so a removed binding, or a group the IdP no longer puts in the
 * person's token, counts on the next request.
 */
export async function authenticateIdpToken(deps: Deps, token: string): Promise<Principal> {
  const issuer = claimedIssuer(token);
  const entries = await issuerEntries(deps, issuer);
  const candidates = entries.map((e) => e.verifier);
  if (candidates.length === 0)
    throw unauthenticated(
      `the token's issuer ${JSON.stringify(issuer.slice(0, 200))} is not a configured identity provider`,
      "auth.issuer-unknown",
    );
  const { keys } = await issuerKeys(issuer);
  const verified = await verifyIdpToken(token, candidates, keys, deps.clock.now());
  return personPrincipal(verified, await grantsFor(deps, verified.matches, entries));
}

/** The principal of a verified person: named by the first IdP that accepted the token (a platform IdP when one did). */
export function personPrincipal(v: VerifiedToken, grants: Grant[]): Principal {
  const first = v.matches[0] as IdpMatch;
  const strongest = [...grants].sort(
    (a, b) => roleRank(b.role) - roleRank(a.role) || Object.keys(a.scope).length - Object.keys(b.scope).length,
  )[0];
  return {
    id: `${first.idp.ref}:${first.user}`,
    kind: "person",
    role: strongest?.role ?? "viewer",
    scope: strongest?.scope ?? {},
    grants,
    person: {
      idp: first.idp.ref,
      issuer: v.issuer,
      subject: v.subject,
      user: first.user,
      ...(first.name ? { name: first.name } : {}),
      ...(first.email ? { email: first.email } : {}),
      groups: [...new Set(v.matches.flatMap((m) => m.groups))],
    },
  };
}
