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
  if (id.role === "platform-admin") return true;
  if (!target.domain || id.domain !== target.domain) return false;
  if (target.project) {
    if (id.project && id.project !== target.project) return false;
    return RANK[id.role] >= RANK[PROJECT_LEVEL[level]];
  }
  if (id.project) return false;
  return RANK[id.role] >= RANK[DOMAIN_LEVEL[level]];
}

/** Where a signed-in user starts: the narrowest scope the token is bound to. */
export function homeOf(id: Identity): string {
  if (id.domain && id.project) return `/d/${id.domain}/p/${id.project}/clusters`;
  if (id.domain) return `/d/${id.domain}`;
  return "/domains";
}
