import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { tables } from "../../infra/resources.js";
import { resourceName } from "./api.js";

export interface StoredEvent {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  actor: { kind: string; id: string };
}

/** A tenant's events as the outbox recorded them (the table, newest last). */
export async function tenantEvents(env: Record<string, string>, t: { domain: string; project: string }): Promise<StoredEvent[]> {
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: resourceName(env, tables.main.logical),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}#EVT` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => i.event as StoredEvent);
}
