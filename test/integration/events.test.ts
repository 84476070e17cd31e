import { createHash } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { hostView } from "../../core/hosts/hosts.js";
import { withoutKeys } from "../../core/store/items.js";
import { keys } from "../../core/store/keys.js";
import { archivePartition } from "../../events/archive.js";
import { buckets, dlqLogical, queues, tables } from "../../infra/resources.js";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { register, registration } from "../support/agent.js";
import { Api, eventually, resourceName, useLocalAws } from "../support/api.js";
import { startDevServer } from "../support/dev-server.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/** Powertools' idempotency key hash (md5, base64) of the JMESPath result, as it stores it. */
function md5Base64(s: string): string {
  return createHash("md5").update(s).digest("base64");
}

async function eventsOf(env: Record<string, string>, t: { domain: string; project: string }) {
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: resourceName(env, tables.main.logical),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}#EVT` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(
    (i) =>
      i.event as { id: string; type: string; data: Record<string, unknown>; actor: { kind: string; id: string; onBehalfOf?: unknown } },
  );
}

async function archivedLines(env: Record<string, string>, t: { domain: string; project: string }) {
  const bucket = resourceName(env, buckets.archive.logical);
  const prefix = archivePartition({ time: new Date().toISOString(), domain: t.domain, project: t.project });
  const list = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const lines: Array<{ id: string; type: string }> = [];
  for (const o of list.Contents ?? []) {
    const body = await (await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString();
    lines.push(
      ...(body ?? "")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
  }
  return lines;
}

async function approvedAndProvisioned(t: Tenant) {
  const reg = await register(t.admin, registration(t, t.psk));
  const ok = await t.projectAdmin.post(`${t.base}/host-requests/${reg.body.requestId}/approve`);
  const host = await eventually(
    async () => {
      const h = await t.projectAdmin.get(`${t.base}/hosts/${ok.body.hostId}`);
      return h.body.status === "create-completed" ? h.body : undefined;
    },
    20_000,
    "host provisioned",
  );
  return { requestId: reg.body.requestId as string, host };
}

describe("events: outbox, relay, archive, workers", () => {
  it("records every state change as a typed event naming its actor, and archives it by day and tenant", async () => {
    const env = useLocalAws();
    const t = await newTenant();
    const { host } = await approvedAndProvisioned(t);
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "g" });
    const events = await eventsOf(env, t);
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "ckp.project.created",
        "ckp.hostrequest.created",
        "ckp.hostrequest.approved",
        "ckp.host.provisioned",
        "ckp.hostgroup.created",
      ]),
    );
    expect(events.find((e) => e.type === "ckp.hostrequest.created")?.actor.kind).toBe("host");
    expect(events.find((e) => e.type === "ckp.hostrequest.approved")?.actor.kind).toBe("token");
    // the event carries the host exactly as stored after the change (the
    // API's view adds the preflight conditions it judges on read, hostView)
    const stored = await dynamoDocumentClient().send(
      new GetCommand({ TableName: resourceName(env, tables.main.logical), Key: keys.host(t, host.id), ConsistentRead: true }),
    );
    expect(events.find((e) => e.type === "ckp.host.provisioned")?.data).toEqual({
      hostId: host.id,
      host: withoutKeys(stored.Item ?? {}),
    });
    expect(hostView(withoutKeys(stored.Item ?? {}))).toEqual(host);
    const approver = events.find((e) => e.type === "ckp.hostrequest.approved")?.actor;
    expect(events.find((e) => e.type === "ckp.host.provisioned")?.actor).toEqual({
      kind: "system",
      id: "host-provisioner",
      onBehalfOf: { kind: "token", id: approver?.id },
    });
    const archived = await eventually(
      async () => {
        const lines = await archivedLines(env, t);
        return lines.some((l) => l.type === "ckp.hostgroup.created") ? lines : undefined;
      },
      20_000,
      "events archived",
    );
    for (const e of events) expect(archived.map((l) => l.id)).toContain(e.id);
  });

  it("the same SQS message delivered twice leaves the same final state", async () => {
    const env = useLocalAws();
    const t = await newTenant();
    const { host } = await approvedAndProvisioned(t);
    const approved = (await eventsOf(env, t)).find((e) => e.type === "ckp.hostrequest.approved");
    const queueUrl = resourceName(env, queues.provisioning.logical);
    // deliver the approval event again, twice, as SQS may
    for (let i = 0; i < 2; i++) {
      await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(approved) }));
    }
    await eventually(
      async () => {
        const a = await sqsClient().send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
          }),
        );
        const left = Number(a.Attributes?.ApproximateNumberOfMessages) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible);
        return left === 0 ? true : undefined;
      },
      20_000,
      "duplicates consumed",
    );
    const after = await t.projectAdmin.get(`${t.base}/hosts/${host.id}`);
    expect(after.body).toEqual(host);
    expect((await eventsOf(env, t)).filter((e) => e.type === "ckp.host.provisioned")).toHaveLength(1);
  });

  it("duplicates delivered concurrently, before the first is handled, are handled once (by event id)", async () => {
    useLocalAws();
    const stage = `dup${Date.now().toString(36)}`;
    // relay on, workers off: the approval waits in the queue until this test hands it over
    const server = await startDevServer({ stage, args: ["--no-workers"] });
    try {
      const admin = new Api(server.url, server.adminToken);
      const domain = uniqueName("dup");
      await admin.post("/v1/domains", { name: domain });
      await admin.post(`/v1/domains/${domain}/projects`, { name: "p" });
      const t = { domain, project: "p" };
      const base = `/v1/domains/${domain}/projects/p`;
      const psk = (await admin.get(`${base}/host-psk`)).body.psk;
      const reg = await admin.as(undefined).post("/v1/agent/register", registration(t, psk));
      const approved = await admin.post(`${base}/host-requests/${reg.body.requestId}/approve`);
      expect(approved.status).toBe(200);
      const queueUrl = resourceName(server.env, queues.provisioning.logical);
      const event = (await eventsOf(server.env, t)).find((e) => e.type === "ckp.hostrequest.approved");
      // SQS delivers the relay's message and two duplicates
      for (let i = 0; i < 2; i++)
        await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
      const records = new Map<string, SQSRecord>();
      await eventually(
        async () => {
          const out = await sqsClient().send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: 1,
              VisibilityTimeout: 120,
              MessageSystemAttributeNames: ["All"],
            }),
          );
          for (const m of out.Messages ?? []) {
            records.set(m.MessageId as string, {
              messageId: m.MessageId as string,
              receiptHandle: m.ReceiptHandle as string,
              body: m.Body as string,
              attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "t", ApproximateFirstReceiveTimestamp: "0" },
              messageAttributes: {},
              md5OfBody: m.MD5OfBody as string,
              eventSource: "aws:sqs",
              eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:provisioning",
              awsRegion: "us-east-1",
            });
          }
          return records.size >= 3 ? true : undefined;
        },
        30_000,
        "three deliveries of the approval",
      );
      for (const r of records.values()) expect(JSON.parse(r.body).id).toBe(event?.id);

      // the real provisioning worker, in this process, on this stage: one batch of all three, and
      // a second poller's batch with the same messages at the same time
      Object.assign(process.env, server.env);
      process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL";
      const { handler } = await import("../../functions/workers/provisioning.js");
      const all = [...records.values()];
      const batches: SQSEvent[] = [{ Records: all }, { Records: all.slice().reverse() }];
      const outs = await Promise.all(batches.map((b) => handler(b)));
      const failures = outs.flatMap((o) => o.batchItemFailures.map((f) => f.itemIdentifier));
      // the copies that found the first still running were returned for redelivery, not handled
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.length).toBeLessThan(2 * all.length);
      // redelivered once the first is done: acknowledged without being handled again
      const again = await handler({ Records: all });
      expect(again.batchItemFailures).toEqual([]);

      const host = await admin.get(`${base}/hosts/${approved.body.hostId}`);
      expect(host.body).toMatchObject({ status: "create-completed", version: 2 });
      expect((await eventsOf(server.env, t)).filter((e) => e.type === "ckp.host.provisioned")).toHaveLength(1);
      // one dedupe record for the event, completed
      const ids = await dynamoDocumentClient().send(
        new GetCommand({
          TableName: resourceName(server.env, tables.idempotency.logical),
          Key: { id: `consumer.provisioning#${md5Base64(JSON.stringify(event?.id))}` },
        }),
      );
      expect(ids.Item?.status).toBe("COMPLETED");
    } finally {
      await server.stop();
      await deleteResources(stage).catch(() => undefined);
    }
  });

  it("a crash after the state write but before the relay publishes still delivers the event", async () => {
    const stage = `crash${Date.now().toString(36)}`;
    // A control plane with no relay and no workers: writes happen, nothing is published.
    const first = await startDevServer({ stage, args: ["--no-relay", "--no-workers"] });
    let second: Awaited<ReturnType<typeof startDevServer>> | undefined;
    try {
      const admin = new Api(first.url, first.adminToken);
      const domain = uniqueName("crash");
      await admin.post("/v1/domains", { name: domain });
      await admin.post(`/v1/domains/${domain}/projects`, { name: "p" });
      const t = { domain, project: "p" };
      const pa = admin.as(await tokenFor(admin, "project-admin", domain, "p"));
      const base = `/v1/domains/${domain}/projects/p`;
      const psk = (await pa.get(`${base}/host-psk`)).body.psk;
      const reg = await pa.as(undefined).post("/v1/agent/register", registration(t, psk));
      const approved = await pa.post(`${base}/host-requests/${reg.body.requestId}/approve`);
      expect(approved.status).toBe(200);
      await first.kill(); // SIGKILL: the process dies with the event unpublished

      const restarted = await startDevServer({ stage, adminToken: first.adminToken });
      second = restarted;
      const api = new Api(restarted.url, restarted.adminToken);
      const host = await eventually(
        async () => {
          const h = await api.get(`${base}/hosts/${approved.body.hostId}`);
          return h.body.status === "create-completed" ? h.body : undefined;
        },
        30_000,
        "host provisioned after the restart",
      );
      expect(host.id).toBe(approved.body.hostId);
      useLocalAws();
      const lines = await eventually(
        async () => {
          const l = await archivedLines(restarted.env, t);
          return l.some((x) => x.type === "ckp.host.provisioned") ? l : undefined;
        },
        20_000,
        "archive after restart",
      );
      expect(lines.map((l) => l.type)).toEqual(expect.arrayContaining(["ckp.hostrequest.approved", "ckp.host.provisioned"]));
    } finally {
      await first.kill();
      await second?.stop();
      await deleteResources(stage).catch(() => undefined);
    }
  });

  it("sends a poison message to the DLQ after bounded retries", async () => {
    const env = useLocalAws();
    const queueUrl = resourceName(env, queues.provisioning.logical);
    const dlqUrl = resourceName(env, dlqLogical(queues.provisioning));
    await sqsClient()
      .send(new PurgeQueueCommand({ QueueUrl: dlqUrl }))
      .catch(() => undefined);
    const marker = `poison-${Date.now()}`;
    await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `{"not":"an envelope","marker":"${marker}"}` }));
    const dead = await eventually(
      async () => {
        const out = await sqsClient().send(
          new ReceiveMessageCommand({
            QueueUrl: dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
          }),
        );
        return (out.Messages ?? []).find((m) => m.Body?.includes(marker));
      },
      60_000,
      "poison message in the DLQ",
    );
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(queues.provisioning.maxReceiveCount);
  }, 90_000);
});
