import { buckets, type TableDef, tables } from "./resources";

/** DynamoDB tables and S3 buckets, shaped by infra/resources.ts. */
function dynamo(def: TableDef) {
  const fields: Record<string, "string"> = { [def.partitionKey]: "string" };
  if (def.sortKey) fields[def.sortKey] = "string";
  for (const i of def.indexes) {
    fields[i.partitionKey] = "string";
    fields[i.sortKey] = "string";
  }
  return new sst.aws.Dynamo(def.logical, {
    fields,
    primaryIndex: def.sortKey ? { hashKey: def.partitionKey, rangeKey: def.sortKey } : { hashKey: def.partitionKey },
    globalIndexes: Object.fromEntries(def.indexes.map((i) => [i.name, { hashKey: i.partitionKey, rangeKey: i.sortKey }])),
    ...(def.stream ? { stream: "new-and-old-images" as const } : {}),
    ...(def.ttlAttribute ? { ttl: def.ttlAttribute } : {}),
    transform: { table: { pointInTimeRecovery: { enabled: true } } },
  });
}

export const mainTable = dynamo(tables.main);
export const idempotencyTable = dynamo(tables.idempotency);

export const archiveBucket = new sst.aws.Bucket(buckets.archive.logical, {
  versioning: true,
});
export const artifactsBucket = new sst.aws.Bucket(buckets.artifacts.logical);
