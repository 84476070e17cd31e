import { createHash } from "node:crypto";
import type { ProjectRef } from "../store/keys.js";

/**
 * Names and labels the control plane and BYOH (cluster-api-provider-
 * bringyourownhost v0.5, infrastructure.cluster.x-k8s.io/v1beta1) agree on.
 *
 * How BYOH binds a host (controllers/infrastructure/byomachine_controller.go,
 * agent/reconciler/host_reconciler.go): a ByoMachine claims a ByoHost by
 * listing ByoHosts in every namespace that match its `spec.selector` and do
 * not carry `cluster.x-k8s.io/cluster-name`; it sets that label and
 * `byoh.infrastructure.cluster.x-k8s.io/byomachine-name`
 * (`<namespace>.<byomachine>`) on the host, `status.machineRef` to the
 * ByoMachine and `spec.bootstrapSecret`. When the Machine goes, BYOH marks the
 * host with the `…/unregistering` annotation and the host agent resets the
 * node and clears machineRef, bootstrapSecret, both labels and the
 * annotations. Since the lookup ignores namespaces, the selector alone keeps
 * clusters apart: ours always includes `ckp.io/cluster-id`.
 */
export const BYOH_API_VERSION = "infrastructure.cluster.x-k8s.io/v1beta1";
export const CAPI_API_VERSION = "cluster.x-k8s.io/v1beta1";

export const BYOH_LABELS = {
  /** set by BYOH on a claimed host: the CAPI cluster's name */
  claimedBy: "cluster.x-k8s.io/cluster-name",
  /** set by BYOH on a claimed host: `<namespace>.<byomachine>` */
  byoMachine: "byoh.infrastructure.cluster.x-k8s.io/byomachine-name",
} as const;

/** Labels the control plane owns on a ByoHost (server-side apply, field manager ckp-control-plane). */
export const CKP_HOST_LABELS = {
  hostId: "ckp.io/host-id",
  hostGroup: "ckp.io/host-group",
  clusterId: "ckp.io/cluster-id",
  domain: "ckp.io/domain",
  project: "ckp.io/project",
} as const;

/**
 * The identity a host's BYOH agent has on the management cluster: user
 * `byoh:host:<ByoHost name>` in group `byoh:hosts`. BYOH's ByoHost webhook
 * lets only that user (or BYOH's own manager) create and update a ByoHost,
 * and BYOH's RBAC grants the group access to ByoHosts; the control plane
 * registers hosts on their agents' behalf, so it writes ByoHosts as them
 * (impersonation: its management-cluster credentials need `impersonate` on
 * those users and the group).
 */
export function byohAgentIdentity(byoHost: string): { user: string; group: string } {
  return { user: `byoh:host:${byoHost}`, group: "byoh:hosts" };
}

/** CAPI's MachineSet deletes Machines carrying this annotation first when it scales down. */
export const DELETE_MACHINE_ANNOTATION = "cluster.x-k8s.io/delete-machine";

/** The ByoHost of a host: its id made a DNS-1123 name (`host_01j…` → `host-01j…`). */
export function byoHostName(hostId: string): string {
  return hostId.toLowerCase().replace(/_/g, "-");
}

/**
 * The management-cluster namespace a project's ByoHosts live in. One per
 * tenant, stable for a host's whole life: BYOH finds hosts in any namespace,
 * so hosts never move when a cluster takes them (a claimed ByoHost must not
 * be deleted and recreated). Hashed, because `<domain>-<project>` could both
 * exceed 63 characters and be ambiguous (`a-b`/`c` and `a`/`b-c`).
 */
export function hostsNamespace(t: ProjectRef): string {
  return `ckp-hosts-${createHash("sha256").update(`${t.domain}/${t.project}`).digest("hex").slice(0, 16)}`;
}
