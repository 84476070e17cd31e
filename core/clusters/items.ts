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

export function clusterItem(c: Cluster): Record<string, unknown> {
  return { ...clusterKeys.cluster(c, c.id), kind: "cluster", ...c };
}

export function clusterNameItem(c: Cluster): Record<string, unknown> {
  return { ...clusterKeys.name(c, c.name), kind: "cluster-name", clusterId: c.id };
}
