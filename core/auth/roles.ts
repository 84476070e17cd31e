import { z } from "zod";

export const roles = ["viewer", "project-member", "project-admin", "domain-admin", "platform-admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = {
  viewer: 1,
  "project-member": 2,
  "project-admin": 3,
  "domain-admin": 4,
  "platform-admin": 5,
};

export function roleRank(role: Role): number {
  return rank[role];
}

export interface Scope {
  domain?: string;
  project?: string;
}

/** The scope shape each role may be bound to. */
export function scopeFitsRole(role: Role, scope: Scope): string | null {
  switch (role) {
    case "platform-admin":
      return scope.domain || scope.project ? "platform-admin is not bound to a domain or project" : null;
    case "domain-admin":
      return !scope.domain || scope.project ? "domain-admin is bound to a domain and no project" : null;
    case "project-admin":
    case "project-member":
      return !scope.domain || !scope.project ? `${role} is bound to a domain and a project` : null;
    case "viewer":
      return !scope.domain ? "viewer is bound to a domain, and optionally a project" : null;
  }
}
