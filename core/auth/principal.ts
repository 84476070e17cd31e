import type { Actor } from "../../events/envelope.js";
import type { Role, Scope } from "./roles.js";

/** An authenticated caller. */
export interface Principal {
  /** token id, "bootstrap-admin", for a host `machine:<machineId>` (core/hosts/actor.ts), for a cluster agent `cluster-agent:<cluster>` */
  id: string;
  kind: "token" | "admin" | "host" | "cluster-agent";
  role: Role;
  scope: Scope;
}

export function actorOf(p: Principal): Actor {
  // a cluster agent acts as the system on its cluster's behalf (it has no events of its own kind)
  return { kind: p.kind === "cluster-agent" ? "system" : p.kind, id: p.id };
}
