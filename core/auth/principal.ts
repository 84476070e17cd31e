import type { Actor } from "../../events/envelope.js";
import type { Role, Scope } from "./roles.js";

/** An authenticated caller. */
export interface Principal {
  /** token id, "bootstrap-admin", for a host `machine:<machineId>` (core/hosts/actor.ts), for a person `<idp>:<user>`, for a cluster agent `cluster-agent:<cluster>` */
  id: string;
  kind: "token" | "admin" | "host" | "person" | "cluster-agent";
  /** a token's role and scope; for a person, their strongest role binding (what lists default to), viewer at no scope when none */
  role: Role;
  scope: Scope;
  /** a person's role bindings: what they may do is the union of these (core/auth/authorize.ts) */
  grants?: Grant[];
  /** who a person is, as their identity provider says (core/identity/) */
  person?: Person;
}

/** One role at one scope, held through a role binding. */
export interface Grant {
  role: Role;
  scope: Scope;
  /** the role binding it comes from */
  binding: string;
}

export interface Person {
  /** the identity provider: `<name>` at the platform, `<domain>/<name>` for a domain's */
  idp: string;
  issuer: string;
  /** the `sub` claim */
  subject: string;
  /** the value of the IdP's user claim (`sub` unless configured otherwise) */
  user: string;
  name?: string;
  email?: string;
  groups: string[];
}

export function actorOf(p: Principal): Actor {
  if (p.person) {
    const { idp, subject, user, name, email } = p.person;
    return { kind: "person", id: p.id, person: { idp, subject, user, ...(name ? { name } : {}), ...(email ? { email } : {}) } };
  }
  // a cluster agent acts as the system on its cluster's behalf (it has no events of its own kind)
  return { kind: p.kind === "cluster-agent" ? "system" : p.kind, id: p.id };
}

/** A project of `domain` the caller is bound to (a token's own, or one of a person's bindings), if any. */
export function projectIn(p: Principal, domain: string): string | undefined {
  if (p.grants) return p.grants.find((g) => g.scope.domain === domain && g.scope.project)?.scope.project;
  return p.scope.domain === domain ? p.scope.project : undefined;
}
