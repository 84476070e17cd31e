import { randomBytes } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SQSEvent } from "aws-lambda";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { newId } from "../../core/shared/ids.js";
import { archivePartition } from "../../events/archive.js";
import type { Envelope } from "../../events/envelope.js";
import { eventItem } from "../../events/outbox.js";
import { eventsOf } from "../../events/packing.js";
import { detachData, SQS_MAX_BYTES } from "../../events/publish.js";
import { relayBatch } from "../../events/relay.js";
import { buckets, tables } from "../../infra/resources.js";
import { register, registration, UBUNTU_FACTS } from "../support/agent.js";
import { eventually, resourceName, useLocalAws } from "../support/api.js";
import { newTenant, uniqueName } from "../support/tenants.js";

const KiB = 1024;
const queuesMade: string[] = [];
afterAll(async () => {
  for (const url of queuesMade)
    await sqsClient()
      .send(new DeleteQueueCommand({ QueueUrl: url }))
      .catch(() => undefined);
});

async function archivedIds(env: Record<string, string>, t: { domain: string; project: string }): Promise<string[]> {
  const bucket = resourceName(env, buckets.archive.logical);
  const prefix = archivePartition({ time: new Date().toISOString(), domain: t.domain, project: t.project });
  const list = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const ids: string[] = [];
  for (const o of list.Contents ?? []) {
    const body = await (await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString();
    ids.push(
      ...(body ?? "")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id),
    );
  }
  return ids;
}

function envelope(type: string, domain: string, data: Record<string, unknown>): Envelope {
  return {
    specversion: "1.0",
    id: newId("evt"),
    source: "ckp-control-plane",
    type,
    time: new Date().toISOString(),
    subject: "hosts/host_x",
    datacontenttype: "application/json",
    dataschemaversion: 1,
    domain,
    project: "p",
    actor: { kind: "system", id: "test" },
    correlationid: "c",
    data,
  };
}

describe("relay: events larger than SQS batches", () => {
  it("bulk approval of hosts with large facts delivers every event", async () => {
    const env = useLocalAws();
    const t = await newTenant();
    // ~30 KiB of facts each: every approval event carries them three times (about 95 KiB)
    const facts = { ...UBUNTU_FACTS, inventory: "x".repeat(30 * KiB) };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const reg = await register(t.admin, registration(t, t.psk, { facts }));
      expect(reg.status, reg.text).toBe(202);
      ids.push(reg.body.requestId as string);
    }
    const res = await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids });
    expect(res.status).toBe(200);
    expect(res.body.results.every((r: { outcome: string }) => r.outcome === "approved")).toBe(true);
    // every approval reached the provisioning worker through SQS ...
    await eventually(
      async () => {
        const done = await t.projectAdmin.get(`${t.base}/hosts?status=create-completed&limit=100`);
        return done.body.items.length === 12 ? true : undefined;
      },
      90_000,
      "12 hosts provisioned",
    );
    // ... and the archive
    const events = await t.projectAdmin.get(`${t.base}/events?type=ckp.hostrequest.approved&limit=100`);
    expect(events.body.items).toHaveLength(12);
    const archived = await eventually(
      async () => {
        const got = await archivedIds(env, t);
        return events.body.items.every((e: { id: string }) => got.includes(e.id)) ? got : undefined;
      },
      30_000,
      "approvals archived",
    );
    expect(archived.length).toBeGreaterThanOrEqual(12);
  }, 180_000);

  it("splits a relay batch by bytes, and sends an event too large for SQS without its data", async () => {
    const env = useLocalAws();
    const { stage } = inject("controlPlane");
    // 256 KiB messages, as SST (Pulumi's default) makes the queues on AWS; LocalStack caps a batch at 1 MiB
    const queue = await sqsClient().send(
      new CreateQueueCommand({
        QueueName: `ckp-${stage}-relaytest-${randomBytes(4).toString("hex")}`,
        Attributes: { MaximumMessageSize: String(256 * KiB) },
      }),
    );
    const url = queue.QueueUrl as string;
    queuesMade.push(url);
    const domain = uniqueName("relay");
    // routed to the provisioning queue (here: the test's queue); ten of them are more than any batch may hold
    const large = Array.from({ length: 12 }, () => envelope("ckp.hostrequest.approved", domain, { blob: "y".repeat(105 * KiB) }));
    const huge = envelope("ckp.hostrequest.approved", domain, { blob: "z".repeat(300 * KiB) });
    const all = [...large, huge];
    const result = await relayBatch(
      all.map((e, i) => ({ sequenceNumber: String(1000 + i), item: eventItem(e) })),
      { sqs: sqsClient(), s3: s3Client(), queueUrl: () => url, archiveBucket: resourceName(env, buckets.archive.logical) },
    );
    expect(result).toMatchObject({ events: 13, published: 13 });

    const got = new Map<string, Envelope>();
    const sizes: number[] = [];
    await eventually(
      async () => {
        const out = await sqsClient().send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
        );
        for (const m of out.Messages ?? []) {
          const e = JSON.parse(m.Body as string) as Envelope;
          got.set(e.id, e);
          sizes.push(Buffer.byteLength(m.Body as string));
        }
        return got.size >= 13 ? true : undefined;
      },
      30_000,
      "13 messages",
    );
    for (const n of sizes) expect(n).toBeLessThanOrEqual(SQS_MAX_BYTES);
    for (const e of large) expect(got.get(e.id)).toEqual(e);
    expect(got.get(huge.id)).toEqual({ ...huge, data: {}, datadetached: true });
    const archived = await archivedIds(env, { domain, project: "p" });
    expect(archived.slice().sort()).toEqual(all.map((e) => e.id).sort());
  });

  it("packs a queue's small events of one batch up to ten to a message, each read back whole and in its order", async () => {
    const env = useLocalAws();
    const { stage } = inject("controlPlane");
    const queue = await sqsClient().send(new CreateQueueCommand({ QueueName: `ckp-${stage}-relaypack-${randomBytes(4).toString("hex")}` }));
    const url = queue.QueueUrl as string;
    queuesMade.push(url);
    const domain = uniqueName("relaypack");
    const small = Array.from({ length: 23 }, (_, i) => ({
      ...envelope("ckp.hostrequest.approved", domain, { n: i }),
      subject: `hosts/host_${i % 7}`,
    }));
    const result = await relayBatch(
      small.map((e, i) => ({ sequenceNumber: String(2000 + i), item: eventItem(e) })),
      { sqs: sqsClient(), s3: s3Client(), queueUrl: () => url, archiveBucket: resourceName(env, buckets.archive.logical) },
    );
    expect(result).toMatchObject({ events: 23, published: 23 });
    const bodies: unknown[][] = [];
    await eventually(
      async () => {
        const out = await sqsClient().send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
        );
        for (const m of out.Messages ?? []) bodies.push(eventsOf(JSON.parse(m.Body as string)));
        return bodies.flat().length >= 23 ? true : undefined;
      },
      30_000,
      "23 events",
    );
    // 23 events in three messages (10, 10, 3), not 23; every event whole, each message's in the batch's order
    // (a standard queue may hand the messages back in any order)
    expect(bodies.map((b) => b.length).sort((a, b) => a - b)).toEqual([3, 10, 10]);
    const inOrder = bodies.sort((a, b) => (a[0] as { data: { n: number } }).data.n - (b[0] as { data: { n: number } }).data.n);
    expect(inOrder.flat()).toEqual(small);
  });

  it("a consumer reads a detached event's data from its item in the table", async () => {
    const env = useLocalAws();
    Object.assign(process.env, env);
    process.env.POWERTOOLS_LOG_LEVEL = "WARN";
    const domain = uniqueName("detach");
    // not routed to any queue: the shared relay only archives it
    const big = envelope("ckp.host.labels-changed", domain, { hostId: "host_x", blob: "q".repeat(300 * KiB) });
    await dynamoDocumentClient().send(new PutCommand({ TableName: resourceName(env, tables.main.logical), Item: eventItem(big) }));
    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    const seen: Envelope[] = [];
    const consume = sqsConsumer({ queue: "provisioning", handlers: { "ckp.host.labels-changed": async (_d, e) => void seen.push(e) } });
    const message = (e: Envelope, id: string) => ({
      messageId: id,
      receiptHandle: id,
      body: JSON.stringify(e),
      attributes: { ApproximateReceiveCount: "1" },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q",
      awsRegion: "us-east-1",
    });
    const out = await consume({ Records: [message(detachData(big), "m1")] } as unknown as SQSEvent);
    expect(out.batchItemFailures).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(big);
    // a detached message whose item is not there fails (and is retried, then dead-lettered), never handled empty
    const missing = detachData(envelope("ckp.host.labels-changed", domain, { hostId: "host_y" }));
    process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
    const failed = await consume({ Records: [message(missing, "m2")] } as unknown as SQSEvent);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: "m2" }]);
    expect(seen).toHaveLength(1);
  });
});
