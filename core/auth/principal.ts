import type { Actor } from "../../events/envelope.js";
import type { Role, Scope } from "./roles.js";

/** An authenticated caller. */
export interface Principal {
  /** token id, "bootstrap-admin", or for a host `machine:<machineId>` (core/hosts/actor.ts) */
  id: string;
  kind: "token" | "admin" | "host";
  role: Role;
  scope: Scope;
}

export function actorOf(p: Principal): Actor {
  return { kind: p.kind, id: p.id };
}
