import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { eachPage } from "../store/read.js";
import { CLUSTER_INDEX_SHARDS, clusterKeys, clustersIndexPk } from "./items.js";

/**
 * Sagas whose timer was lost. A waiting step keeps itself alive with delayed
 * messages on the lifecycle queue; if the queue loses them (SQS emulated by a
 * LocalStack that restarts without its messages, a purge, an operator's
 * mistake) nothing else moves the cluster on. The scheduled resume finds
 * clusters in an operation that changed nothing for a while and starts a new
 * timer chain for their current step. The chain's token goes on the cluster
 * item, and a timer of any other chain stops at its next tick (saga.ts
 * `waitAgain`), so a resume of a chain that was only slow never doubles it.
 */
export interface StalledSaga {
  domain: string;
  project: string;
  id: string;
  generation: number;
  step: string;
}

const IN_OPERATION = ["Provisioning", "Scaling", "Upgrading", "Updating", "Deleting"] as const;

/** Clusters in an operation whose item, and whose last resume, are older than `before`: a Query per shard of the cluster index. */
export async function* stalledSagas(deps: Pick<Deps, "db" | "table">, before: Date): AsyncGenerator<StalledSaga> {
  const cut = before.toISOString();
  const phases = Object.fromEntries(IN_OPERATION.map((p, i) => [`:p${i}`, p]));
  for (let shard = 0; shard < CLUSTER_INDEX_SHARDS; shard++) {
    const pages = eachPage<StalledSaga>(deps, {
      partition: clustersIndexPk(shard),
      index: 1,
      filter: {
        expression: `#p IN (${Object.keys(phases).join(", ")}) AND attribute_exists(#s) AND updatedAt < :cut AND (attribute_not_exists(sagaResumedAt) OR sagaResumedAt < :cut)`,
        names: { "#p": "phase", "#s": "step" },
        values: { ...phases, ":cut": cut },
      },
      attributes: ["domain", "project", "id", "generation", "step"],
      pageSize: 200,
    });
    for await (const clusters of pages) yield* clusters;
  }
}

/**
 * Gives the saga's current step a new timer chain: the token is written only
 * if the cluster is still at that generation and step and still stalled, so
 * two resumes running at once start one chain. Returns the token, or
 * undefined when the cluster moved on meanwhile.
 */
export async function newTimerChain(
  deps: Pick<Deps, "db" | "table">,
  s: StalledSaga,
  before: Date,
  now: Date,
): Promise<string | undefined> {
  const chain = `r${now.getTime().toString(36)}`;
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: clusterKeys.cluster(s, s.id),
        UpdateExpression: "SET sagaChain = :chain, sagaResumedAt = :now",
        ConditionExpression:
          "generation = :g AND #s = :s AND updatedAt < :cut AND (attribute_not_exists(sagaResumedAt) OR sagaResumedAt < :cut)",
        ExpressionAttributeNames: { "#s": "step" },
        ExpressionAttributeValues: {
          ":chain": chain,
          ":now": now.toISOString(),
          ":g": s.generation,
          ":s": s.step,
          ":cut": before.toISOString(),
        },
      }),
    );
    return chain;
  } catch (e) {
    if ((e as Error).name === "ConditionalCheckFailedException") return undefined;
    throw e;
  }
}
