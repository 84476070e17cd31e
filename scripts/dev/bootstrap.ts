import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buckets, dlqLogical, localName, maxReceiveCount, type QueueName, queues, type TableDef, tables } from "../../infra/resources.js";

/**
 * Creates the tables, queues (each with its DLQ) and buckets of
 * infra/resources.ts on the local stack, if missing, and returns the
 * `SST_RESOURCE_*` variables that point the handlers at them — the same
 * variables SST sets for linked resources.
 */
export async function bootstrapResources(stage: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  const ddb = new DynamoDBClient({});
  for (const def of Object.values(tables) as TableDef[]) {
    const name = localName(stage, def.logical);
    await ensureTable(ddb, name, def);
    env[`SST_RESOURCE_${def.logical}`] = JSON.stringify({ name });
  }
  const sqs = new SQSClient({});
  for (const [name, q] of Object.entries(queues) as Array<[QueueName, (typeof queues)[QueueName]]>) {
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: localName(stage, dlqLogical(q)), Attributes: { MessageRetentionPeriod: "1209600" } }),
    );
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes
      ?.QueueArn;
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: localName(stage, q.logical),
        Attributes: {
          VisibilityTimeout: String(q.visibilityTimeout),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: maxReceiveCount(name) }),
        },
      }),
    );
    env[`SST_RESOURCE_${q.logical}`] = JSON.stringify({ url: main.QueueUrl });
    env[`SST_RESOURCE_${dlqLogical(q)}`] = JSON.stringify({ url: dlq.QueueUrl });
  }
  const s3 = new S3Client({ forcePathStyle: true });
  for (const b of Object.values(buckets)) {
    const name = localName(stage, b.logical).toLowerCase();
    try {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    } catch (e) {
      const n = (e as Error).name;
      if (n !== "BucketAlreadyOwnedByYou" && n !== "BucketAlreadyExists") throw e;
    }
    env[`SST_RESOURCE_${b.logical}`] = JSON.stringify({ name });
  }
  return env;
}

/** The alias of a stage's key for envelope encryption of secrets at rest (infra/secrets.ts on AWS). */
export const secretsKeyAlias = (stage: string) => `alias/ckp-${stage}-secrets`;

/**
 * The stage's KMS key (created, with automatic rotation, if its alias names
 * none): what the control plane wraps its data keys with, as on AWS. Answers
 * the key's ARN.
 */
export async function ensureSecretsKey(stage: string): Promise<string> {
  const kms = new KMSClient({});
  const alias = secretsKeyAlias(stage);
  try {
    const existing = await kms.send(new DescribeKeyCommand({ KeyId: alias }));
    if (existing.KeyMetadata?.Arn) return existing.KeyMetadata.Arn;
  } catch (e) {
    if ((e as Error).name !== "NotFoundException") throw e;
  }
  const created = await kms.send(
    new CreateKeyCommand({ Description: `CKP control plane (${stage}): envelope encryption of secrets at rest` }),
  );
  const arn = created.KeyMetadata?.Arn as string;
  await kms.send(new EnableKeyRotationCommand({ KeyId: arn }));
  try {
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: arn }));
  } catch (e) {
    // another process made the stage's key first: use that one, and let this one go
    if ((e as Error).name !== "AlreadyExistsException") throw e;
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 }));
    return ensureSecretsKey(stage);
  }
  return arn;
}

export async function ensureTable(ddb: DynamoDBClient, name: string, def: TableDef): Promise<void> {
  const attrs = new Set([
    def.partitionKey,
    ...(def.sortKey ? [def.sortKey] : []),
    ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...attrs].map((a) => ({ AttributeName: a, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: "HASH" },
          ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: "RANGE" as const }] : []),
        ],
        ...(def.indexes.length
          ? {
              GlobalSecondaryIndexes: def.indexes.map((i) => ({
                IndexName: i.name,
                KeySchema: [
                  { AttributeName: i.partitionKey, KeyType: "HASH" as const },
                  { AttributeName: i.sortKey, KeyType: "RANGE" as const },
                ],
                Projection: { ProjectionType: "ALL" as const },
              })),
            }
          : {}),
        ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" as const } } : {}),
      }),
    );
    if (def.ttlAttribute) {
      await ddb
        .send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: def.ttlAttribute } }))
        .catch(() => undefined); // not every emulator build supports TTL; expiry is an optimisation here
    }
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  for (let i = 0; i < 100; i++) {
    const d = await ddb.send(new DescribeTableCommand({ TableName: name }));
    if (d.Table?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}

/**
 * Deletes a stage's tables, queues, buckets (emptied first) and KMS key
 * (scheduled for deletion, as KMS allows no sooner). Test runs
 * call it for their throwaway stages so a long session does not pile tables
 * into one DynamoDB Local.
 */
export async function deleteResources(stage: string): Promise<void> {
  const ddb = new DynamoDBClient({});
  await Promise.all(
    Object.values(tables).map((def) => ddb.send(new DeleteTableCommand({ TableName: localName(stage, def.logical) })).catch(ignoreMissing)),
  );
  const sqs = new SQSClient({});
  for (const q of Object.values(queues)) {
    for (const name of [q.logical, dlqLogical(q)]) {
      const url = await sqs
        .send(new GetQueueUrlCommand({ QueueName: localName(stage, name) }))
        .then((r) => r.QueueUrl)
        .catch(() => undefined);
      if (url) await sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(ignoreMissing);
    }
  }
  const kms = new KMSClient({});
  const key = await kms.send(new DescribeKeyCommand({ KeyId: secretsKeyAlias(stage) })).catch(() => undefined);
  if (key?.KeyMetadata?.Arn) {
    await kms.send(new DeleteAliasCommand({ AliasName: secretsKeyAlias(stage) })).catch(ignoreMissing);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyMetadata.Arn, PendingWindowInDays: 7 })).catch(ignoreMissing);
  }
  const s3 = new S3Client({ forcePathStyle: true });
  for (const b of Object.values(buckets)) {
    const Bucket = localName(stage, b.logical).toLowerCase();
    for (;;) {
      const list = await s3.send(new ListObjectsV2Command({ Bucket })).catch(() => undefined);
      const keys = (list?.Contents ?? []).map((o) => ({ Key: o.Key as string }));
      if (keys.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket })).catch(ignoreMissing);
  }
}

function ignoreMissing(): undefined {
  return undefined;
}
