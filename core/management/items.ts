import type { Sealed } from "../crypto/envelope.js";
import { projectPk } from "../store/keys.js";
import type { ManagementCluster } from "./model.js";

/**
 * Management clusters are platform-scoped, so their keys are not under a
 * tenant. The list index holds one partition: a platform has a handful of
 * management clusters, not thousands.
 */
export const MC_INDEX_PK = "MCS";

export const mcKeys = {
  cluster: (id: string) => ({ pk: `MC#${id}`, sk: "MC" }),
  /** claims a name, so two clusters cannot share one */
  name: (name: string) => ({ pk: `MCNAME#${name}`, sk: "MCNAME" }),
  /** one per cluster placed on the management cluster (its load) */
  placement: (id: string, clusterId: string) => ({ pk: `MC#${id}`, sk: `PLACED#${clusterId}` }),
  /**
   * where a cluster is placed, under the cluster's tenant: read with
   * ConsistentRead, and written only if absent, so a cluster is placed once
   */
  clusterPlacement: (c: { domain: string; project: string; clusterId: string }) => ({
    pk: `${projectPk(c)}#PLACEMENT#${c.clusterId}`,
    sk: "PLACEMENT",
  }),
};

/** What is stored: the public record plus the sealed connection. */
export interface ManagementClusterRecord extends ManagementCluster {
  connection?: Sealed;
  credentialsVersion: number;
}

export function managementClusterItem(r: ManagementClusterRecord): Record<string, unknown> {
  return { ...mcKeys.cluster(r.id), kind: "management-cluster", ...r, gsi1pk: MC_INDEX_PK, gsi1sk: r.name };
}

/** The sealed connection is bound to the management cluster it belongs to. */
export function connectionContext(id: string): Record<string, string> {
  return { purpose: "management-cluster-connection", managementCluster: id };
}

export function publicView(r: ManagementClusterRecord): ManagementCluster {
  const { connection: _c, credentialsVersion: _v, ...rest } = r;
  return { ...rest, hostGroupCount: r.hostGroupCount ?? 0 };
}
