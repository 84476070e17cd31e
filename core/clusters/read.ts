import type { Deps } from "../deps.js";
import type { ProjectRef } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { clusterKeys } from "./items.js";
import type { Cluster } from "./model.js";

/**
 * A cluster's item: the one given, or read (consistently) by its id. A
 * worker that checks one cluster several ways reads it once and hands the
 * item on; each check's writes keep their own conditions, so an item read a
 * moment before is as safe as one read now.
 */
export async function clusterOf(deps: Pick<Deps, "db" | "table">, t: ProjectRef, cluster: string | Cluster): Promise<Cluster | undefined> {
  return typeof cluster === "string" ? findItem<Cluster>(deps, clusterKeys.cluster(t, cluster), { consistent: true }) : cluster;
}
