import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { hostItem } from "../../core/hosts/items.js";
import type { Host } from "../../core/hosts/model.js";
import { queues, tables } from "../../infra/resources.js";
import { resourceName, useLocalAws } from "../support/api.js";
import { newTenant } from "../support/tenants.js";

/**
 * The SQS consumer, run in this process against the shared tables, with a
 * handler that always fails: early deliveries are reported as failures; on
 * the last delivery before the DLQ the reason is recorded on the host.
 */
describe("worker give-up", () => {
  it("records the reason on the owning resource when a message is about to be dead-lettered", async () => {
    const t = await newTenant();
    const env = useLocalAws();
    Object.assign(process.env, env);
    process.env.POWERTOOLS_LOG_LEVEL = "CRITICAL"; // the failures below are on purpose
    const now = new Date().toISOString();
    // A host stuck in create-pending (written directly: the shared server's
    // worker would otherwise complete it before this test's handler runs).
    const host: Host = {
      id: `host_${Date.now().toString(36).padStart(26, "0")}`,
      domain: t.domain,
      project: t.project,
      machineId: "m-stuck",
      hostname: "stuck",
      requestId: "hreq_fixture",
      facts: {},
      labels: {},
      status: "create-pending",
      conditions: [],
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await dynamoDocumentClient().send(new PutCommand({ TableName: resourceName(env, tables.main.logical), Item: hostItem(host) }));

    const { sqsConsumer } = await import("../../functions/workers/consumer.js");
    const { failProvisioning } = await import("../../core/hosts/provisioning.js");
    const failing = sqsConsumer({
      queue: "provisioning",
      handlers: {
        "ckp.hostrequest.approved": async () => {
          throw new Error("disk on fire");
        },
      },
      onGiveUp: (deps, e, err) => failProvisioning(deps, e as never, `gave up: ${err.message}`),
    });
    const envelope = {
      specversion: "1.0",
      source: "test",
      type: "ckp.hostrequest.approved",
      time: now,
      subject: `hosts/${host.id}`,
      datacontenttype: "application/json",
      dataschemaversion: 1,
      domain: t.domain,
      project: t.project,
      actor: { kind: "system", id: "test" },
      correlationid: "test",
      data: { hostId: host.id },
    };
    const event = (receives: number): SQSEvent => ({
      Records: [
        {
          messageId: `m${receives}`,
          receiptHandle: "r",
          body: JSON.stringify({ ...envelope, id: `evt_giveup_${receives}_${Date.now()}` }),
          attributes: {
            ApproximateReceiveCount: String(receives),
            SentTimestamp: "0",
            SenderId: "t",
            ApproximateFirstReceiveTimestamp: "0",
          },
          messageAttributes: {},
          md5OfBody: "",
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q",
          awsRegion: "us-east-1",
        },
      ],
    });
    expect((await failing(event(1))).batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${host.id}`)).body.status).toBe("create-pending");

    const max = queues.provisioning.maxReceiveCount;
    expect((await failing(event(max))).batchItemFailures).toEqual([{ itemIdentifier: `m${max}` }]);
    const failed = (await t.projectAdmin.get(`${t.base}/hosts/${host.id}`)).body;
    expect(failed.status).toBe("create-failed");
    expect(failed.conditions).toContainEqual(
      expect.objectContaining({ type: "Provisioned", status: "False", reason: "ProvisioningError", message: "gave up: disk on fire" }),
    );
  });
});
