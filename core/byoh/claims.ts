import type { KubeObject } from "../kube/objects.js";
import { CKP_HOST_LABELS, DELETE_MACHINE_ANNOTATION } from "./names.js";

/**
 * Who runs on a cluster's hosts, as the management cluster says: each
 * Machine of the worker pool, the ByoMachine it points at, and the ByoHost
 * (by its `ckp.io/host-id` label) whose `status.machineRef` names that
 * ByoMachine. A host is claimed while a live Machine's ByoMachine holds its
 * ByoHost; BYOH releases it (clears machineRef) after the Machine is gone —
 * and a machineRef to a ByoMachine whose Machine is gone counts as released
 * too, since nothing runs there any more.
 */
export interface MachineView {
  name: string;
  byoMachine: string | undefined;
  /** the host id of the ByoHost it claimed */
  hostId: string | undefined;
  deleting: boolean;
  markedForDeletion: boolean;
  phase: string | undefined;
  /** why CAPI considers it unhealthy, if it does */
  problem: string | undefined;
}

export interface ClaimView {
  machines: MachineView[];
  /** ByoHosts labelled for the cluster, by host id */
  byoHosts: Map<string, KubeObject>;
  /** host id → the Machine holding it (a Machine being deleted still holds its host until it is gone) */
  claimedBy: Map<string, string>;
}

const machineRefName = (h: KubeObject): string | undefined => {
  const ref = h.status?.machineRef as { name?: string; kind?: string } | undefined;
  return ref?.name && (ref.kind === undefined || ref.kind === "ByoMachine") ? ref.name : undefined;
};

export function readClaims(machines: KubeObject[], byoHosts: KubeObject[]): ClaimView {
  const hostsByMachineRef = new Map<string, string>();
  const byHost = new Map<string, KubeObject>();
  for (const h of byoHosts) {
    const id = h.metadata.labels?.[CKP_HOST_LABELS.hostId];
    if (!id) continue;
    byHost.set(id, h);
    const ref = machineRefName(h);
    if (ref) hostsByMachineRef.set(ref, id);
  }
  const views: MachineView[] = machines.map((m) => {
    const infra = (m.spec?.infrastructureRef as { name?: string } | undefined)?.name;
    const status = m.status ?? {};
    const failure =
      typeof status.failureReason === "string"
        ? `${status.failureReason}${typeof status.failureMessage === "string" ? `: ${status.failureMessage}` : ""}`
        : undefined;
    const notReady = (
      Array.isArray(status.conditions) ? (status.conditions as Array<{ type: string; status: string; reason?: string }>) : []
    ).find((c) => (c.type === "Ready" || c.type === "NodeHealthy") && c.status === "False");
    return {
      name: m.metadata.name,
      byoMachine: infra,
      hostId: infra ? hostsByMachineRef.get(infra) : undefined,
      deleting: Boolean(m.metadata.deletionTimestamp),
      markedForDeletion: m.metadata.annotations?.[DELETE_MACHINE_ANNOTATION] !== undefined,
      phase: typeof status.phase === "string" ? status.phase : undefined,
      problem:
        failure ??
        (status.phase === "Failed"
          ? "phase Failed"
          : notReady
            ? `${notReady.type} is False${notReady.reason ? ` (${notReady.reason})` : ""}`
            : undefined),
    };
  });
  const claimedBy = new Map<string, string>();
  for (const v of views) if (v.hostId) claimedBy.set(v.hostId, v.name);
  return { machines: views, byoHosts: byHost, claimedBy };
}
