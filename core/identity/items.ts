import type { Scope } from "../auth/roles.js";
import { domainPk, projectPk } from "../store/keys.js";

/**
 * Table keys of identity providers and role bindings.
 *
 * - An IdP lives in its owner's partition: the platform's, or its domain's
 *   (`D#<domain>`), so a domain's handlers cannot name another's.
 * - The issuer index (`IDPISS#<issuer>`) holds, per IdP with that issuer,
 *   what token validation needs; the auth path reads it with one
 *   consistent Query, so a deleted IdP stops signing people in at once.
 * - A role binding lives in its scope's partition (platform, `D#<domain>`,
 *   `D#<domain>#P#<project>`): lists and deletes are tenant-keyed.
 * - Its grant is also kept on the lookup item of its IdP group or user
 *   (`RBX#<idp>#G#<group>`, `RBX#<idp>#U#<user>`), a map of grants written
 *   in the same transaction: one consistent BatchGetItem of a person's groups
 *   and user answers what they hold on every request, with no cache.
 */
export const PLATFORM_IDP_PK = "PLATFORM#IDP";
export const PLATFORM_BINDINGS_PK = "PLATFORM#RB";

export const identityKeys = {
  idp: (p: { name: string; domain?: string | undefined }) => ({ pk: p.domain ? domainPk(p.domain) : PLATFORM_IDP_PK, sk: `IDP#${p.name}` }),
  /** platform IdPs sort first, so domains' IdPs of the same issuer never crowd them out of a bounded read */
  issuerIndex: (issuer: string, p: { name: string; domain?: string | undefined }) => ({
    pk: issuerIndexPk(issuer),
    sk: p.domain ? `1#${p.domain}/${p.name}` : `0#${p.name}`,
  }),
  binding: (scope: Scope, id: string) => ({ pk: bindingsPk(scope), sk: `RB#${id}` }),
  lookup: (ref: string, who: { group: string } | { user: string }) => ({
    pk: "group" in who ? `RBX#${ref}#G#${who.group}` : `RBX#${ref}#U#${who.user}`,
    sk: "RBX",
  }),
};

export const issuerIndexPk = (issuer: string) => `IDPISS#${issuer}`;

export function bindingsPk(scope: Scope): string {
  if (scope.domain && scope.project) return projectPk({ domain: scope.domain, project: scope.project });
  if (scope.domain) return domainPk(scope.domain);
  return PLATFORM_BINDINGS_PK;
}

/** The key of a grant in a lookup item's map: one role at one scope per group or user. */
export function grantKey(role: string, scope: Scope): string {
  return `${role}@${scope.domain ?? ""}/${scope.project ?? ""}`;
}
