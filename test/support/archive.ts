import { randomBytes } from "node:crypto";
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { s3Client } from "../../core/aws/s3.js";
import { ARCHIVE_PREFIX } from "../../events/archive.js";
import { buckets, tables } from "../../infra/resources.js";
import { eventually, resourceName } from "./api.js";

/** Every item of a partition (consistent reads), sorted by sort key. */
export async function partitionItems(table: string, pk: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
}

/** Every event the table recorded for a domain (its own and its projects'), from the outbox index. */
export async function domainEvents<E extends { id: string } = { id: string; time: string; type: string }>(
  env: Record<string, string>,
  domain: string,
): Promise<E[]> {
  const events: E[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: resourceName(env, tables.main.logical),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `D#${domain}#EVTS` },
        ExclusiveStartKey: start,
      }),
    );
    events.push(...(out.Items ?? []).map((i) => i.event as E));
    start = out.LastEvaluatedKey;
  } while (start);
  return events;
}

/** Ids of every event the table recorded for a domain (its own and its projects'). */
export async function domainEventIds(env: Record<string, string>, domain: string): Promise<string[]> {
  return (await domainEvents(env, domain)).map((e) => e.id);
}

/** The archived lines of a domain, across days. */
export async function archivedDomainLines(env: Record<string, string>, domain: string): Promise<Array<{ id: string; type: string }>> {
  const bucket = resourceName(env, buckets.archive.logical);
  const lines: Array<{ id: string; type: string }> = [];
  const days = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: ARCHIVE_PREFIX, Delimiter: "/" }));
  for (const d of days.CommonPrefixes ?? []) {
    const list = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${d.Prefix}domain=${domain}/` }));
    for (const o of list.Contents ?? []) {
      const body = await (await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString();
      lines.push(
        ...(body ?? "")
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l)),
      );
    }
  }
  return lines;
}

/** Waits until every event the table holds for the domain is in the archive. */
export async function waitForArchive(env: Record<string, string>, domain: string): Promise<string[]> {
  return eventually(
    async () => {
      const ids = await domainEventIds(env, domain);
      const archived = new Set((await archivedDomainLines(env, domain)).map((l) => l.id));
      return ids.every((id) => archived.has(id)) ? ids : undefined;
    },
    60_000,
    `events of ${domain} archived`,
  );
}

export function freshTableName(stage: string): string {
  return `ckp-${stage}-rebuild-${randomBytes(4).toString("hex")}`;
}

export async function tableExists(name: string): Promise<boolean> {
  try {
    await new DynamoDBClient({}).send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (e) {
    if ((e as Error).name === "ResourceNotFoundException") return false;
    throw e;
  }
}

export async function dropTable(name: string): Promise<void> {
  await new DynamoDBClient({}).send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
}
