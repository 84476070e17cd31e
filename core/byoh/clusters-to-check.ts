import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { CLUSTER_INDEX_SHARDS, clustersIndexPk } from "../clusters/items.js";
import type { Deps } from "../deps.js";

/**
 * Ready and Scaling clusters of every tenant, a page at a time: a Query on
 * each shard of the cluster index, filtered by phase.
 */
export async function* clustersToCheck(deps: Deps): AsyncGenerator<{ domain: string; project: string; id: string }> {
  for (let shard = 0; shard < CLUSTER_INDEX_SHARDS; shard++) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          FilterExpression: "#p IN (:ready, :scaling)",
          ExpressionAttributeNames: { "#p": "phase", "#d": "domain", "#pr": "project", "#id": "id" },
          ProjectionExpression: "#d, #pr, #id",
          ExpressionAttributeValues: { ":pk": clustersIndexPk(shard), ":ready": "Ready", ":scaling": "Scaling" },
          Limit: 200,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) yield { domain: item.domain as string, project: item.project as string, id: item.id as string };
      start = out.LastEvaluatedKey;
    } while (start);
  }
}
