// the generated types only (with an extension so the unit tier, under Node's resolution, can import this file too)
import type { components } from "../api/schema.gen.js";

export type Identity = components["schemas"]["Identity"];
export type Role = Identity["role"];
export type Level = "read" | "write" | "admin";
export interface Scope {
  domain?: string | undefined;
  project?: string | undefined;
}

const RANK: Record<Role, number> = { viewer: 1, "project-member": 2, "project-admin": 3, "domain-admin": 4, "platform-admin": 5 };
const PROJECT_LEVEL: Record<Level, Role> = { read: "viewer", write: "project-member", admin: "project-admin" };
const DOMAIN_LEVEL: Record<Level, Role> = { read: "viewer", write: "domain-admin", admin: "domain-admin" };

/**
 * Whether the console shows and enables an action: the server's rule
 * (core/auth/authorize.ts) read from GET /v1/whoami. Only what is shown
 * depends on it — the server authorizes every request all the same.
 *   read  — see (viewer and up)
 *   write — create clusters, scale, upgrade, delete them (project-member and up)
 *   admin — PSK, approvals, groups, tokens, settings (project-admin; domain-admin for a domain)
 */
export function can(id: Identity | undefined, level: Level, target: Scope): boolean {
  if (!id) return false;
  // a person holds the union of their role bindings: any one of them may allow it
  if (id.grants?.length) return id.grants.some((g) => allows(g.role, g, level, target));
  return allows(id.role, { domain: id.domain, project: id.project }, level, target);
}

function allows(role: Role, at: Scope, level: Level, target: Scope): boolean {
  if (role === "platform-admin") return true;
  if (!target.domain || at.domain !== target.domain) return false;
  if (target.project) {
    if (at.project && at.project !== target.project) return false;
    return RANK[role] >= RANK[PROJECT_LEVEL[level]];
  }
  if (at.project) return false;
  return RANK[role] >= RANK[DOMAIN_LEVEL[level]];
}

/** Every role the caller holds, as "role · scope" (a person's bindings; a token's one role). */
export function rolesOf(id: Identity): string[] {
  const one = (role: Role, at: Scope) => `${role}${at.domain ? ` · ${at.domain}${at.project ? `/${at.project}` : ""}` : ""}`;
  return id.grants?.length ? id.grants.map((g) => one(g.role, g)) : [one(id.role, { domain: id.domain, project: id.project })];
}

/** Where a signed-in user starts: the narrowest scope the token is bound to. */
export function homeOf(id: Identity): string {
  if (id.domain && id.project) return `/d/${id.domain}/p/${id.project}/clusters`;
  if (id.domain) return `/d/${id.domain}`;
  return "/domains";
}
