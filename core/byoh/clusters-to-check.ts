import { CLUSTER_INDEX_SHARDS, clustersIndexPk } from "../clusters/items.js";
import type { Deps } from "../deps.js";
import { eachPage } from "../store/read.js";

/**
 * Ready and Scaling clusters of every tenant, a page at a time: a Query on
 * each shard of the cluster index, filtered by phase.
 */
export async function* clustersToCheck(deps: Deps): AsyncGenerator<{ domain: string; project: string; id: string }> {
  for (let shard = 0; shard < CLUSTER_INDEX_SHARDS; shard++) {
    const pages = eachPage<{ domain: string; project: string; id: string }>(deps, {
      partition: clustersIndexPk(shard),
      index: 1,
      filter: { expression: "#p IN (:ready, :scaling)", names: { "#p": "phase" }, values: { ":ready": "Ready", ":scaling": "Scaling" } },
      attributes: ["domain", "project", "id"],
      pageSize: 200,
    });
    for await (const clusters of pages) yield* clusters;
  }
}
