import { DomainError, forbidden, isDomainError, notFound } from "../shared/errors.js";
import type { Grant, Principal } from "./principal.js";
import { type Role, roleRank, type Scope } from "./roles.js";

/**
 * Access levels. A level is asked for at a scope: platform (no domain), a
 * domain, or a project.
 *   read  — see resources (viewer and up)
 *   write — create workloads such as clusters (project-member and up)
 *   admin — PSK, approvals, groups, tokens, settings (project-admin at a
 *           project, domain-admin at a domain, platform-admin at the platform)
 */
export type Level = "read" | "write" | "admin";

const PROJECT_LEVEL: Record<Level, Role> = { read: "viewer", write: "project-member", admin: "project-admin" };
const DOMAIN_LEVEL: Record<Level, Role> = { read: "viewer", write: "domain-admin", admin: "domain-admin" };

/**
 * Deny by default. A resource outside the caller's tenancy answers 404, the
 * same as a resource that does not exist; inside it, a too-weak role is 403.
 */
export function authorize(p: Principal, level: Level, target: Scope): void {
  // hosts and cluster agents reach only their own endpoints, none of the API
  if (p.kind === "host" || p.kind === "cluster-agent") throw notFound("resource");
  if (p.grants) {
    authorizeGrants(p, p.grants, level, target);
    return;
  }
  if (p.role === "platform-admin") return;
  if (!target.domain) throw forbidden("this operation needs a platform-admin token");
  if (p.scope.domain !== target.domain) throw notFound(describe(target));
  if (target.project) {
    if (p.scope.project && p.scope.project !== target.project) throw notFound(describe(target));
    need(p, PROJECT_LEVEL[level]);
    return;
  }
  if (p.scope.project) throw forbidden("a project-scoped token cannot act on the whole domain");
  need(p, DOMAIN_LEVEL[level]);
}

function need(p: Principal, role: Role): void {
  if (roleRank(p.role) < roleRank(role)) throw forbidden(`this operation needs the ${role} role or higher; the token has ${p.role}`);
}

function describe(t: Scope): string {
  return t.project ? `project ${t.domain}/${t.project}` : `domain ${t.domain}`;
}

/** Whether `p` may hand out a token with `role` at `scope` (no escalation). */
export function canGrant(p: Principal, role: Role, scope: Scope): boolean {
  if (p.kind === "host" || p.kind === "cluster-agent") return false;
  if (p.grants) return p.grants.some((g) => canGrant(grantHolder(p, g), role, scope));
  if (p.role === "platform-admin") return true;
  if (roleRank(role) > roleRank(p.role)) return false;
  if (scope.domain !== p.scope.domain) return false;
  if (p.scope.project) return scope.project === p.scope.project && roleRank(p.role) >= roleRank("project-admin");
  return p.role === "domain-admin";
}

/** One of a person's grants as a principal holding only it. */
function grantHolder(p: Principal, g: Pick<Grant, "role" | "scope">): Principal {
  return { id: p.id, kind: "person", role: g.role, scope: g.scope };
}

/**
 * A person holds several role bindings: allowed when one of them allows.
 * Otherwise the refusal is a 403 when some binding reaches the target's
 * tenancy (its code as a token with that role would get), else a 404.
 */
function authorizeGrants(p: Principal, grants: Grant[], level: Level, target: Scope): void {
  let refusal: DomainError | undefined;
  for (const g of grants.length ? grants : [{ role: p.role, scope: p.scope }]) {
    try {
      authorize(grantHolder(p, g), level, target);
      return;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      if (!refusal || (refusal.kind === "not-found" && e.kind !== "not-found")) refusal = e;
    }
  }
  if (refusal?.kind !== "forbidden") throw refusal;
  throw new DomainError("forbidden", `none of your ${grants.length} role binding(s) allows ${level} access to ${where(target)}`, {
    code: refusal.code as never,
  });
}

function where(t: Scope): string {
  return t.domain ? describe(t) : "the platform";
}

/** Whether `p` holds `level` at `target`, without throwing. */
export function allows(p: Principal, level: Level, target: Scope): boolean {
  try {
    authorize(p, level, target);
    return true;
  } catch (e) {
    if (isDomainError(e)) return false;
    throw e;
  }
}
