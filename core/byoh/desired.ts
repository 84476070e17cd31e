import type { Cluster } from "../clusters/model.js";
import type { Host, HostGroup } from "../hosts/model.js";
import type { KubeObject } from "../kube/objects.js";
import type { ProjectRef } from "../store/keys.js";
import { BYOH_API_VERSION, byoHostName, CKP_HOST_LABELS, hostsNamespace } from "./names.js";

/**
 * What a host's ByoHost should be, from the control plane's state alone
 * (the BYOH host reconciler's rule, pure):
 *
 * - only a create-completed host in a host group has one;
 * - it lives on the management cluster of the cluster the host is assigned
 *   to (where that cluster's CAPI objects are), else on the management
 *   cluster its group names (where the group's free hosts wait), else
 *   nowhere yet;
 * - in the project's hosts namespace, named after the host;
 * - labelled with the host's labels (arch, OS, hostname, the user's), then
 *   the group's labels, then the control plane's own: host id, group,
 *   tenant and, once assigned, `ckp.io/cluster-id` — which the cluster's
 *   ByoMachineTemplate selects on.
 */
export interface ByoHostInputs {
  host: Host | undefined;
  group: HostGroup | undefined;
  /** the cluster the host is assigned to, if it still exists */
  cluster: Cluster | undefined;
}

export interface DesiredByoHost {
  managementClusterId: string;
  namespace: KubeObject;
  byoHost: KubeObject;
}

export type Desired = { want: DesiredByoHost } | { want: undefined; why: string };

export function desiredByoHost(t: ProjectRef, i: ByoHostInputs): Desired {
  const { host, group } = i;
  if (!host) return { want: undefined, why: "the host is deleted" };
  if (host.status !== "create-completed") return { want: undefined, why: `the host is ${host.status}` };
  if (!host.group || !group || group.name !== host.group) return { want: undefined, why: "the host is in no host group" };
  const cluster = host.clusterId && i.cluster?.id === host.clusterId ? i.cluster : undefined;
  const managementClusterId = cluster?.resolved?.managementClusterId ?? group.managementClusterId;
  if (!managementClusterId)
    return { want: undefined, why: `host group ${group.name} names no management cluster and no placed cluster holds the host` };
  const namespace = hostsNamespace(t);
  const tenant = { [CKP_HOST_LABELS.domain]: t.domain, [CKP_HOST_LABELS.project]: t.project };
  return {
    want: {
      managementClusterId,
      namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...tenant, "ckp.io/role": "hosts" } } },
      byoHost: {
        apiVersion: BYOH_API_VERSION,
        kind: "ByoHost",
        metadata: {
          name: byoHostName(host.id),
          namespace,
          labels: {
            ...userLabels(host.labels),
            ...userLabels(group.labels),
            ...tenant,
            [CKP_HOST_LABELS.hostId]: host.id,
            [CKP_HOST_LABELS.hostGroup]: group.name,
            ...(cluster ? { [CKP_HOST_LABELS.clusterId]: cluster.id } : {}),
          },
          annotations: { "ckp.io/hostname": host.hostname, "ckp.io/machine-id": host.machineId },
        },
        spec: {},
      },
    },
  };
}

const RESERVED = new Set<string>(Object.values(CKP_HOST_LABELS));
const FOREIGN_PREFIXES = ["cluster.x-k8s.io/", "byoh.infrastructure.cluster.x-k8s.io/"];

/**
 * Host and group labels minus those that decide a binding: a label the user
 * set must not make a host look assigned (`ckp.io/cluster-id`) or claimed
 * (`cluster.x-k8s.io/cluster-name`, which BYOH owns).
 */
function userLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !RESERVED.has(k) && !FOREIGN_PREFIXES.some((p) => k.startsWith(p))));
}

/** Compares two outcomes by what would be written, so a reconcile can tell whether its inputs moved meanwhile. */
export function fingerprint(d: Desired): string {
  if (!d.want) return "none";
  const m = d.want.byoHost.metadata;
  return JSON.stringify([d.want.managementClusterId, m.namespace, m.name, sorted(m.labels), sorted(m.annotations)]);
}

function sorted(o: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
