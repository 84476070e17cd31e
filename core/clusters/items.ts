import { createHash } from "node:crypto";
import { type ProjectRef, projectPk } from "../store/keys.js";
import type { Cluster } from "./model.js";

/** Table items of the cluster model. */
export const clusterKeys = {
  cluster: (t: ProjectRef, id: string) => ({ pk: projectPk(t), sk: `CLUSTER#${id}` }),
  /** claims a cluster name within a project */
  name: (t: ProjectRef, name: string) => ({ pk: projectPk(t), sk: `CLUSTERNAME#${name}` }),
};

/** Hosts assigned to a cluster, on the host item's third index. */
export const clusterHostsPk = (t: ProjectRef, clusterId: string) => `${projectPk(t)}#HOST#C#${clusterId}`;

/**
 * Every cluster of every tenant on the first index, spread over a few
 * partitions: the machine reconciler finds the clusters to check with a
 * Query per shard, never a Scan.
 */
export const CLUSTER_INDEX_SHARDS = 4;
export const clustersIndexPk = (shard: number) => `CLUSTERS#${shard}`;
export const clusterShard = (id: string) => (createHash("sha256").update(id).digest()[0] as number) % CLUSTER_INDEX_SHARDS;

export function clusterItem(c: Cluster): Record<string, unknown> {
  return {
    ...clusterKeys.cluster(c, c.id),
    kind: "cluster",
    ...c,
    gsi1pk: clustersIndexPk(clusterShard(c.id)),
    gsi1sk: `${c.domain}#${c.project}#${c.id}`,
  };
}

export function clusterNameItem(c: Cluster): Record<string, unknown> {
  return { ...clusterKeys.name(c, c.name), kind: "cluster-name", clusterId: c.id };
}
