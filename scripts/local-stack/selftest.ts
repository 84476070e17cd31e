/**
 * End-to-end check of the local stack with the AWS SDK v3:
 *   npx tsx scripts/local-stack/selftest.ts [--persist] [--dynamodb-port N] [--aws-port N]
 * Uses ensureLocalStack() (so it reuses or starts engines), prints timings, stops what it started.
 * --persist: additionally restarts DynamoDB Local with -dbPath on spare ports and checks that
 * the data survived (LocalStack community has no state persistence; reported, not asserted).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { ensureLocalStack, type LocalStackEndpoints, TEST_CREDENTIALS, TEST_REGION } from "./stack.js";

const common = { region: TEST_REGION, credentials: TEST_CREDENTIALS };
const suffix = Date.now().toString(36);
const timings: Record<string, string> = {};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = `${(performance.now() - t0).toFixed(1)} ms`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function dynamo(endpoint: string): Promise<void> {
  const ddb = new DynamoDBClient({ ...common, endpoint });
  const streams = new DynamoDBStreamsClient({ ...common, endpoint });
  const TableName = `selftest-${suffix}`;
  const S = (s: string) => ({ S: s });

  const created = await timed("dynamodb CreateTable (stream + 2 GSIs)", () =>
    ddb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "sk", "g1pk", "g1sk", "g2pk"].map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: "gsi1",
            KeySchema: [
              { AttributeName: "g1pk", KeyType: "HASH" },
              { AttributeName: "g1sk", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
          { IndexName: "gsi2", KeySchema: [{ AttributeName: "g2pk", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    ),
  );
  const desc = await ddb.send(new DescribeTableCommand({ TableName }));
  assert.equal(desc.Table?.TableStatus, "ACTIVE");
  assert.equal(desc.Table?.GlobalSecondaryIndexes?.length, 2);
  const streamArn = created.TableDescription?.LatestStreamArn;
  assert.ok(streamArn, "stream ARN");

  // Iterator taken before the writes: records written afterwards must show up on it.
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
  assert.equal(shards.length, 1, "one shard on a new stream");
  const ShardId = shards[0]!.ShardId!;
  let iterator = (
    await timed("streams GetShardIterator", () =>
      streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" })),
    )
  ).ShardIterator;

  const item = { pk: S("p#1"), sk: S("s#1"), g1pk: S("g1"), g1sk: S("x"), g2pk: S("g2"), n: { N: "1" } };
  await timed("dynamodb PutItem", () => ddb.send(new PutItemCommand({ TableName, Item: item })));
  await timed("dynamodb GetItem", () => ddb.send(new GetItemCommand({ TableName, Key: { pk: item.pk, sk: item.sk } })));
  const writtenAt = performance.now();

  await assert.rejects(
    timed("dynamodb TransactWriteItems (cancelled)", () =>
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...item, sk: S("s#2") } } },
            {
              ConditionCheck: {
                TableName,
                Key: { pk: item.pk, sk: item.sk },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      ),
    ),
    (err: unknown) => {
      assert.ok(err instanceof TransactionCanceledException, `got ${String(err)}`);
      assert.deepEqual(
        err.CancellationReasons?.map((r) => r.Code),
        ["None", "ConditionalCheckFailed"],
      );
      return true;
    },
  );

  const records = [];
  let polls = 0;
  while (records.length === 0 && performance.now() - writtenAt < 10_000) {
    try {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...(page.Records ?? []));
      iterator = page.NextShardIterator;
    } catch (err) {
      // DynamoDB Local quirk: an iterator taken while the shard was empty is invalidated by a
      // write to any other table (e.g. a concurrent test) before this shard's first record.
      if (!(err instanceof TrimmedDataAccessException)) throw err;
      timings["streams TrimmedDataAccessException (iterator re-acquired)"] = "yes";
      iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" })))
        .ShardIterator;
    }
    polls++;
    if (records.length === 0) await sleep(50);
  }
  timings["streams first record read"] = `${(performance.now() - writtenAt).toFixed(1)} ms after the writes (${polls} GetRecords)`;
  assert.equal(records.length, 1, "exactly the one INSERT (the cancelled transaction wrote nothing)");
  assert.equal(records[0]!.eventName, "INSERT");
  assert.equal(records[0]!.dynamodb?.NewImage?.pk?.S, "p#1");
  assert.ok(iterator, "open shard keeps returning NextShardIterator");

  // Write -> visible latency on an iterator that is already past the first record.
  await ddb.send(new PutItemCommand({ TableName, Item: { ...item, n: { N: "2" } } }));
  const modifiedAt = performance.now();
  let modify: _Record | undefined;
  while (!modify) {
    const page: GetRecordsCommandOutput = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    iterator = page.NextShardIterator;
    modify = page.Records?.[0];
  }
  timings["streams MODIFY visible after PutItem"] = `${(performance.now() - modifiedAt).toFixed(1)} ms`;
  assert.equal(modify.eventName, "MODIFY");
  assert.equal(modify.dynamodb?.OldImage?.n?.N, "1");
  assert.equal(modify.dynamodb?.NewImage?.n?.N, "2");

  const after = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
  timings["streams shards after writes"] = after
    .map((s) => `${s.ShardId} ${s.SequenceNumberRange?.EndingSequenceNumber ? "closed" : "open"}`)
    .join(", ");
}

async function sqs(endpoint: string): Promise<void> {
  const client = new SQSClient({ ...common, endpoint });
  const dlqUrl = (await timed("sqs CreateQueue", () => client.send(new CreateQueueCommand({ QueueName: `selftest-dlq-${suffix}` }))))
    .QueueUrl!;
  const dlqArn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }))).Attributes!
    .QueueArn!;
  const QueueName = `selftest-${suffix}`;
  const QueueUrl = (
    await client.send(
      new CreateQueueCommand({
        QueueName,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
      }),
    )
  ).QueueUrl!;
  timings["sqs queue URL"] = QueueUrl;
  const looked = await timed("sqs GetQueueUrl", () => client.send(new GetQueueUrlCommand({ QueueName })));
  assert.equal(looked.QueueUrl, QueueUrl);

  const batch = await timed("sqs SendMessageBatch (2)", () =>
    client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: "a", MessageBody: "keep" },
          { Id: "b", MessageBody: "poison" },
        ],
      }),
    ),
  );
  assert.equal(batch.Successful?.length, 2);

  const received = await timed("sqs ReceiveMessage", () =>
    client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 1 })),
  );
  const byBody = new Map((received.Messages ?? []).map((m) => [m.Body!, m]));
  assert.deepEqual([...byBody.keys()].sort(), ["keep", "poison"]);
  const none = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  assert.equal(none.Messages?.length ?? 0, 0, "in-flight messages are invisible");

  await timed("sqs DeleteMessage", () =>
    client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: byBody.get("keep")!.ReceiptHandle! })),
  );

  // Receive the poison message until it is redriven: receives 2 and 3 after making it visible again.
  let handle = byBody.get("poison")!.ReceiptHandle!;
  const t0 = performance.now();
  for (let receive = 2; receive <= 3; receive++) {
    await timed("sqs ChangeMessageVisibility", () =>
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 })),
    );
    const again = await client.send(
      new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 30, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }),
    );
    assert.equal(again.Messages?.[0]?.Body, "poison");
    assert.equal(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount, String(receive));
    handle = again.Messages![0]!.ReceiptHandle!;
  }
  await client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }));
  const fourth = await client.send(new ReceiveMessageCommand({ QueueUrl }));
  assert.equal(fourth.Messages?.length ?? 0, 0, "the 4th receive moves the message to the DLQ instead of returning it");
  const dead = await client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 2 }));
  assert.equal(dead.Messages?.[0]?.Body, "poison");
  timings["sqs poison message in DLQ after"] = `${(performance.now() - t0).toFixed(1)} ms`;
}

async function s3(endpoint: string): Promise<void> {
  const client = new S3Client({ ...common, endpoint, forcePathStyle: true });
  const Bucket = `selftest-${suffix}`;
  await timed("s3 CreateBucket", () => client.send(new CreateBucketCommand({ Bucket })));
  await timed("s3 PutObject", () =>
    client.send(new PutObjectCommand({ Bucket, Key: "a/b.json", Body: '{"ok":true}', ContentType: "application/json" })),
  );
  const got = await timed("s3 GetObject", () => client.send(new GetObjectCommand({ Bucket, Key: "a/b.json" })));
  assert.equal(await got.Body?.transformToString(), '{"ok":true}');
  assert.equal(got.ContentType, "application/json");
  const listed = await timed("s3 ListObjectsV2", () => client.send(new ListObjectsV2Command({ Bucket, Prefix: "a/" })));
  assert.deepEqual(
    listed.Contents?.map((o) => o.Key),
    ["a/b.json"],
  );
}

async function persistence(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ckp-persist-"));
  const opts = { dynamodbPort: 8011, awsPort: 4611, persistDir: dir, log: () => {} };
  const env = { ...process.env };
  delete process.env.AWS_ENDPOINT_URL; // spare ports: always start our own engines
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  try {
    const TableName = "persisted";
    let stack = await ensureLocalStack(opts);
    const ddb = (e: LocalStackEndpoints) => new DynamoDBClient({ ...common, endpoint: e.dynamodb });
    await ddb(stack.endpoints).send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    );
    await ddb(stack.endpoints).send(new PutItemCommand({ TableName, Item: { pk: { S: "x" } } }));
    const sqsClient = new SQSClient({ ...common, endpoint: stack.endpoints.aws });
    await sqsClient.send(new CreateQueueCommand({ QueueName: "persisted" }));
    await stack.stop();

    stack = await ensureLocalStack(opts);
    const item = await ddb(stack.endpoints).send(new GetItemCommand({ TableName, Key: { pk: { S: "x" } } }));
    assert.equal(item.Item?.pk?.S, "x", "DynamoDB item survived a restart with -dbPath");
    const queue = await new SQSClient({ ...common, endpoint: stack.endpoints.aws })
      .send(new GetQueueUrlCommand({ QueueName: "persisted" }))
      .then(() => "survived")
      .catch((e: Error) => `lost (${e.name})`);
    timings["persist: DynamoDB item"] = "survived restart";
    timings["persist: LocalStack SQS queue"] = queue;
    await stack.stop();
  } finally {
    Object.assign(process.env, env);
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values: args } = parseArgs({
  options: { persist: { type: "boolean" }, "dynamodb-port": { type: "string" }, "aws-port": { type: "string" } },
});
const t0 = performance.now();
const stack = await ensureLocalStack({
  dynamodbPort: args["dynamodb-port"] ? Number(args["dynamodb-port"]) : undefined,
  awsPort: args["aws-port"] ? Number(args["aws-port"]) : undefined,
  log: (l) => console.log(`[local-stack] ${l}`),
});
const ensureMs = performance.now() - t0;
try {
  console.log(`endpoints: ${JSON.stringify(stack.endpoints)}; started: ${stack.started.join(", ") || "nothing"}`);
  console.log(`ensureLocalStack: ${(ensureMs / 1000).toFixed(2)} s total`);
  for (const [name, ms] of Object.entries(stack.startMs)) console.log(`  ${name} start: ${(ms / 1000).toFixed(2)} s`);
  await dynamo(stack.endpoints.dynamodb);
  await sqs(stack.endpoints.aws);
  await s3(stack.endpoints.aws);
  if (args.persist) await persistence();
  for (const [label, value] of Object.entries(timings)) console.log(`  ${label}: ${value}`);
  console.log("selftest: all checks passed");
} finally {
  await stack.stop();
}
