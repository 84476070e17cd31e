import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { projectPk } from "../../core/store/keys.js";
import { archivePartition } from "../../events/archive.js";
import type { Envelope } from "../../events/envelope.js";
import { eventPartition } from "../../events/outbox.js";
import { readCheckpoint } from "../../events/replay/checkpoint.js";
import { replay } from "../../events/replay/run.js";
import { normaliseSelection } from "../../events/replay/selection.js";
import { QueueTarget, REBUILD_TABLE, RebuildTarget } from "../../events/replay/targets.js";
import { buckets, queues, tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { register, registration, UBUNTU_FACTS } from "../support/agent.js";
import { eventually, resourceName, useLocalAws } from "../support/api.js";
import { dropTable, freshTableName, partitionItems, tableExists, waitForArchive } from "../support/archive.js";
import { newTenant, type Tenant } from "../support/tenants.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const MODEL = /^(HOST|HREQ|GROUP|MACHINE)#/;

interface World {
  env: Record<string, string>;
  stage: string;
  t: Tenant;
  auto: { domain: string; project: string };
  started: string;
  eventIds: string[];
  bucket: string;
}

let w: World;
const tablesMade: string[] = [];
const queuesMade: string[] = [];

async function waitHost(t: Tenant, hostId: string, status: string) {
  return eventually(
    async () => {
      const h = await t.projectAdmin.get(`${t.base}/hosts/${hostId}`);
      return h.body.status === status ? h.body : undefined;
    },
    30_000,
    `host ${hostId} ${status}`,
  );
}

/** A working day in two projects: registrations, decisions, provisioning both ways, labels, groups, deletions. */
async function busyDay(t: Tenant): Promise<{ domain: string; project: string }> {
  const ok = (r: { status: number; text: string }, status = 200) => expect(r.status, r.text).toBe(status);
  const approve = async (o: Parameters<typeof registration>[2] = {}) => {
    const reg = await register(t.admin, registration(t, t.psk, o));
    ok(reg, 202);
    const a = await t.projectAdmin.post(`${t.base}/host-requests/${reg.body.requestId}/approve`);
    ok(a);
    return { hostId: a.body.hostId as string, machineId: a.body.machineId as string };
  };
  const h1 = await approve({ hostname: "node-a.example.com" });
  const h2 = await approve({ facts: { ...UBUNTU_FACTS, arch: "s390x" } });
  const h3 = await approve();
  const rejected = await register(t.admin, registration(t, t.psk));
  ok(await t.projectAdmin.post(`${t.base}/host-requests/${rejected.body.requestId}/reject`, { reason: "unknown machine" }));
  await register(t.admin, registration(t, t.psk)); // stays pending
  await waitHost(t, h1.hostId, "create-completed");
  await waitHost(t, h2.hostId, "create-failed");
  await waitHost(t, h3.hostId, "create-completed");

  ok(await t.projectAdmin.patch(`${t.base}/hosts/${h1.hostId}`, { labels: { tier: "gold", "kubernetes.io/arch": "amd64" } }));
  ok(await t.projectAdmin.post(`${t.base}/host-groups`, { name: "gpu", labels: { accel: "nvidia" } }), 201);
  ok(await t.projectAdmin.patch(`${t.base}/host-groups/gpu`, { description: "GPU nodes" }));
  ok(await t.projectAdmin.put(`${t.base}/host-groups/gpu/hosts/${h1.hostId}`), 204);
  ok(await t.projectAdmin.put(`${t.base}/host-groups/gpu/hosts/${h3.hostId}`), 204);
  ok(await t.projectAdmin.delete(`${t.base}/host-groups/gpu/hosts/${h3.hostId}`), 204);
  ok(await t.projectAdmin.post(`${t.base}/host-groups`, { name: "spare" }), 201);
  ok(await t.projectAdmin.put(`${t.base}/host-groups/spare/hosts/${h3.hostId}`), 204);
  ok(await t.projectAdmin.delete(`${t.base}/host-groups/spare?force=true`), 204);
  ok(await t.projectAdmin.put(`${t.base}/host-groups/gpu/hosts/${h3.hostId}`), 204);
  ok(await t.projectAdmin.delete(`${t.base}/hosts/${h3.hostId}`), 204);
  // the deleted host's machine registers again: a new request
  ok(await register(t.admin, registration(t, t.psk, { machineId: h3.machineId ?? "" })), 202);

  // a second project that approves registrations itself
  const auto = { domain: t.domain, project: `auto-${randomBytes(3).toString("hex")}` };
  ok(await t.admin.post(`/v1/domains/${t.domain}/projects`, { name: auto.project, autoApproveHosts: true }), 201);
  const autoBase = `/v1/domains/${auto.domain}/projects/${auto.project}`;
  const autoPsk = (await t.admin.get(`${autoBase}/host-psk`)).body.psk as string;
  const a1 = await register(t.admin, registration(auto, autoPsk));
  ok(a1, 202);
  await eventually(
    async () => ((await t.admin.get(`${autoBase}/hosts/${a1.body.hostId}`)).body.status === "create-completed" ? true : undefined),
    30_000,
    "auto host",
  );
  return auto;
}

async function modelItems(table: string, ref: { domain: string; project: string }) {
  return (await partitionItems(table, projectPk(ref))).filter((i) => MODEL.test(String(i.sk)));
}

async function eventItems(table: string, ref: { domain: string; project?: string }) {
  return partitionItems(table, eventPartition(ref));
}

async function freshTable(): Promise<string> {
  const name = freshTableName(w.stage);
  tablesMade.push(name);
  return name;
}

async function testQueue(): Promise<string> {
  const out = await sqsClient().send(new CreateQueueCommand({ QueueName: `ckp-${w.stage}-replaytest-${randomBytes(4).toString("hex")}` }));
  queuesMade.push(out.QueueUrl as string);
  return out.QueueUrl as string;
}

async function drain(url: string, expected: number): Promise<Envelope[]> {
  const got = new Map<string, Envelope>();
  await eventually(
    async () => {
      const out = await sqsClient().send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
      );
      for (const m of out.Messages ?? []) got.set(m.MessageId as string, JSON.parse(m.Body as string));
      return got.size >= expected ? true : undefined;
    },
    30_000,
    `${expected} messages`,
  );
  // nothing beyond what was expected
  const extra = await sqsClient().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  expect(extra.Messages ?? []).toHaveLength(0);
  return [...got.values()];
}

async function rebuild(table: string, o: Partial<Parameters<typeof replay>[0]> = {}) {
  await ensureTable(new DynamoDBClient({}), table, REBUILD_TABLE);
  return replay({
    s3: s3Client(),
    bucket: w.bucket,
    selection: normaliseSelection({ from: w.started, domain: w.t.domain }),
    target: new RebuildTarget({ db: dynamoDocumentClient(), table }),
    targetId: table,
    ...o,
  });
}

function cli(args: string[]): { child: ChildProcess; stdout: string[]; stderr: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/replay.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, CKP_STAGE: w.stage },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => stdout.push(l));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (l) => stderr.push(l));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, stdout, stderr, exited };
}

beforeAll(async () => {
  const env = useLocalAws();
  const stage = inject("controlPlane").stage;
  const started = new Date(Date.now() - 1000).toISOString();
  const t = await newTenant();
  const auto = await busyDay(t);
  const eventIds = await waitForArchive(env, t.domain);
  w = { env, stage, t, auto, started, eventIds, bucket: resourceName(env, buckets.archive.logical) };
}, 600_000);

afterAll(async () => {
  for (const name of tablesMade) await dropTable(name);
  for (const url of queuesMade)
    await sqsClient()
      .send(new DeleteQueueCommand({ QueueUrl: url }))
      .catch(() => undefined);
});

// Rebuilds create tables and write through DynamoDB Local, which slows down a lot when it is shared.
describe("replay: rebuilding read models from the archive", { timeout: 600_000 }, () => {
  let rebuilt: string | undefined;

  it("rebuilds the same hosts, requests, groups and machine links, field by field, and the audit trail", async () => {
    const table = await freshTable();
    const report = await rebuild(table);
    rebuilt = table;
    expect(report.malformed).toBe(0);
    expect(report.applied).toBe(w.eventIds.length);
    const live = resourceName(w.env, tables.main.logical);
    for (const ref of [{ domain: w.t.domain, project: w.t.project }, w.auto]) {
      const original = await modelItems(live, ref);
      expect(original.length).toBeGreaterThanOrEqual(3);
      expect(await modelItems(table, ref)).toEqual(original);
      expect(await eventItems(table, ref)).toEqual(await eventItems(live, ref));
    }
    expect(await eventItems(table, { domain: w.t.domain })).toEqual(await eventItems(live, { domain: w.t.domain }));
  });

  it("replaying twice changes nothing the second time", async () => {
    const table = rebuilt ?? (await freshTable());
    if (!rebuilt) await rebuild(table);
    const ref = { domain: w.t.domain, project: w.t.project };
    const before = [...(await modelItems(table, ref)), ...(await eventItems(table, ref))];
    const again = await rebuild(table);
    expect(again.applied).toBe(0);
    expect(again.alreadyApplied).toBe(w.eventIds.length);
    expect([...(await modelItems(table, ref)), ...(await eventItems(table, ref))]).toEqual(before);
  });

  it("a dry run counts by type and writes nothing", async () => {
    const table = await freshTable();
    const dryCheckpoint = join(mkdtempSync(join(tmpdir(), "replay-")), "cp.json");
    const report = await replay({
      s3: s3Client(),
      bucket: w.bucket,
      selection: normaliseSelection({ from: w.started, domain: w.t.domain }),
      target: new RebuildTarget({ db: dynamoDocumentClient(), table }),
      dryRun: true,
      checkpointFile: dryCheckpoint,
    });
    const live = resourceName(w.env, tables.main.logical);
    const expected: Record<string, number> = {};
    for (const ref of [{ domain: w.t.domain }, { domain: w.t.domain, project: w.t.project }, w.auto]) {
      for (const i of await eventItems(live, ref)) {
        const ty = (i.event as Envelope).type;
        expected[ty] = (expected[ty] ?? 0) + 1;
      }
    }
    expect(report.dryRun).toBe(true);
    expect(report.byType).toEqual(expected);
    expect(await tableExists(table)).toBe(false);
    // not even a checkpoint
    expect(existsSync(dryCheckpoint)).toBe(false);

    const url = await testQueue();
    const q = await replay({
      s3: s3Client(),
      bucket: w.bucket,
      selection: normaliseSelection({ from: w.started, domain: w.t.domain }),
      target: new QueueTarget({ sqs: sqsClient(), queueUrl: () => url }),
      dryRun: true,
    });
    expect(q.routed.provisioning).toBe(expected["ckp.hostrequest.approved"]);
    // packed several to a message
    expect(q.messages.provisioning).toBeLessThan(q.routed.provisioning as number);
    const attrs = await sqsClient().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }));
    expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe("0");
  });

  it("replays the good lines of a corrupted file and reports the rest by object and line", async () => {
    const domain = `corrupt-${randomBytes(3).toString("hex")}`;
    const time = new Date().toISOString();
    const key = `${archivePartition({ time, domain, project: "p" })}${time.replace(/[-:.]/g, "")}-corrupt.ndjson`;
    const base = {
      specversion: "1.0",
      source: "ckp-control-plane",
      subject: "host-groups/g1",
      datacontenttype: "application/json",
      domain,
      project: "p",
      actor: { kind: "token", id: "tok_x" },
      correlationid: "c",
    };
    const good = {
      ...base,
      id: "evt_good1",
      type: "ckp.hostgroup.created",
      time,
      dataschemaversion: 2,
      data: {
        name: "g1",
        labels: {},
        group: { name: "g1", domain, project: "p", labels: {}, createdAt: time, updatedAt: time, version: 1 },
      },
    };
    const oldButReadable = {
      ...base,
      id: "evt_good2",
      type: "ckp.hostgroup.created",
      time,
      subject: "host-groups/g2",
      dataschemaversion: 1,
      data: { name: "g2", labels: { a: "b" } },
    };
    const unreadable = {
      ...base,
      id: "evt_old",
      type: "ckp.host.provisioned",
      time,
      subject: "hosts/host_1",
      dataschemaversion: 1,
      data: { hostId: "host_1" },
    };
    const body = [
      JSON.stringify(good),
      "{this is not json",
      JSON.stringify({ hello: "world" }),
      "",
      JSON.stringify(oldButReadable),
      JSON.stringify(unreadable),
      JSON.stringify(good).slice(0, 40),
    ].join("\n");
    await s3Client().send(new PutObjectCommand({ Bucket: w.bucket, Key: key, Body: body }));
    const table = await freshTable();
    await ensureTable(new DynamoDBClient({}), table, REBUILD_TABLE);
    const seen: Array<{ key: string; line: number }> = [];
    const report = await replay({
      s3: s3Client(),
      bucket: w.bucket,
      selection: normaliseSelection({ domain, from: time.slice(0, 10) }),
      target: new RebuildTarget({ db: dynamoDocumentClient(), table }),
      onProblem: (p) => seen.push({ key: p.key, line: p.line }),
    });
    expect(report.applied).toBe(2);
    expect(report.upcast).toBe(1);
    expect(report.malformed).toBe(3);
    expect(report.unreadable).toEqual({ "not-upcastable": 1 });
    expect(report.problems.map((p) => p.line).sort()).toEqual([2, 3, 6, 7]);
    expect(seen.every((p) => p.key === key)).toBe(true);
    const groups = (await partitionItems(table, projectPk({ domain, project: "p" }))).map((i) => [i.name, i.labels, i.version]);
    expect(groups).toEqual([
      ["g1", {}, 1],
      ["g2", { a: "b" }, 1],
    ]);
  });
});

describe("replay: into the queues", () => {
  it("re-drives routed events flagged as replays, resumable after an interruption", async () => {
    const url = await testQueue();
    const checkpointFile = join(mkdtempSync(join(tmpdir(), "replay-")), "cp.json");
    const selection = normaliseSelection({
      from: w.started,
      domain: w.t.domain,
      types: ["ckp.hostrequest.approved", "ckp.hostrequest.created"],
    });
    const target = new QueueTarget({ sqs: sqsClient(), queueUrl: () => url });
    const stop = new AbortController();
    const first = await replay({
      s3: s3Client(),
      bucket: w.bucket,
      selection,
      target,
      batchSize: 1,
      checkpointFile,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.events >= 1) stop.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.selected).toBe(1);
    expect(readCheckpoint(checkpointFile)?.complete).toBe(false);
    const second = await replay({ s3: s3Client(), bucket: w.bucket, selection, target, batchSize: 1, checkpointFile, resume: true });
    expect(second.interrupted).toBe(false);
    expect(second.resumed).toBe(true);
    const approvals = second.byType["ckp.hostrequest.approved"] as number;
    expect(approvals).toBeGreaterThanOrEqual(4);
    expect(second.routed).toEqual({ provisioning: approvals });
    // batches of one event: one event per message
    expect(second.messages).toEqual({ provisioning: approvals });
    // (ckp.host.provisioned drives the BYOH host reconciler now; hostrequest.created is still routed nowhere)
    expect(second.notRouted).toBe(second.byType["ckp.hostrequest.created"]);
    expect(second.notRouted).toBeGreaterThan(0);
    const messages = await drain(url, approvals);
    expect(messages.every((m) => m.replay === true && m.type === "ckp.hostrequest.approved")).toBe(true);
    expect(new Set(messages.map((m) => m.id)).size).toBe(approvals);
    expect(readCheckpoint(checkpointFile)?.complete).toBe(true);
  });

  it("consumers deduplicate replayed events by id: the live queue changes nothing", async () => {
    const ref = { domain: w.t.domain, project: w.t.project };
    const live = resourceName(w.env, tables.main.logical);
    const before = { model: await modelItems(live, ref), events: await eventItems(live, ref) };
    const queueUrl = resourceName(w.env, queues.provisioning.logical);
    const report = await replay({
      s3: s3Client(),
      bucket: w.bucket,
      selection: normaliseSelection({ from: w.started, domain: w.t.domain, project: w.t.project }),
      target: new QueueTarget({ sqs: sqsClient(), queueUrl: () => queueUrl }),
    });
    expect(report.routed.provisioning).toBeGreaterThanOrEqual(3);
    // several approvals packed in one message: the live consumer unpacks them
    expect(report.messages.provisioning).toBeLessThan(report.routed.provisioning as number);
    await eventually(
      async () => {
        const a = await sqsClient().send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
          }),
        );
        return Number(a.Attributes?.ApproximateNumberOfMessages) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible) === 0
          ? true
          : undefined;
      },
      30_000,
      "replayed messages consumed",
    );
    expect(await modelItems(live, ref)).toEqual(before.model);
    expect(await eventItems(live, ref)).toEqual(before.events);
  });
});

describe("replay: the command", { timeout: 600_000 }, () => {
  it("npm run replay: a dry run prints counts by type, with plain progress lines when not on a terminal", async () => {
    const run = cli(["--dry-run", "--domain", w.t.domain, "--from", w.started]);
    expect(await run.exited).toBe(0);
    expect(run.stdout[0]).toMatch(/^dry run: nothing was written: \d+ event\(s\) selected/);
    expect(run.stdout.join("\n")).toMatch(/ckp\.hostrequest\.approved\s+\d+/);
    expect(run.stdout.join("\n")).toMatch(
      /^events that would be sent: .*provisioning \d+ in \d+ message\(s\).*; not routed to any queue: \d+$/m,
    );
    expect(run.stderr.some((l) => /^replay: 100% \d+ events, \d+ events\/s, ETA/.test(l))).toBe(true);
  });

  it("Ctrl-C leaves a checkpoint and --resume finishes the rebuild", async () => {
    const table = await freshTable();
    const checkpoint = join(mkdtempSync(join(tmpdir(), "replay-")), "cp.json");
    const args = [
      "--target",
      "rebuild",
      "--table",
      table,
      "--domain",
      w.auto.domain,
      "--project",
      w.auto.project,
      "--from",
      w.started,
      "--checkpoint",
      checkpoint,
    ];
    const slow = cli([...args, "--rate", "1", "--batch-size", "1"]);
    await eventually(async () => (existsSync(checkpoint) ? true : undefined), 60_000, "first checkpoint");
    slow.child.kill("SIGINT");
    expect(await slow.exited).toBe(130);
    expect(slow.stdout.join("\n")).toMatch(/interrupted: .*\n[\s\S]*--resume/);
    const cp = JSON.parse(readFileSync(checkpoint, "utf8"));
    expect(cp.complete).toBe(false);
    const total = (await eventItems(resourceName(w.env, tables.main.logical), w.auto)).length;
    expect(cp.stats.applied).toBeGreaterThan(0);
    expect(cp.stats.applied).toBeLessThan(total);

    const rest = cli([...args, "--resume", "--json"]);
    expect(await rest.exited).toBe(0);
    const report = JSON.parse(rest.stdout.join("\n"));
    expect(report.resumed).toBe(true);
    expect(report.applied + report.alreadyApplied).toBe(total);
    const live = resourceName(w.env, tables.main.logical);
    expect(await modelItems(table, w.auto)).toEqual(await modelItems(live, w.auto));
    expect(await eventItems(table, w.auto)).toEqual(await eventItems(live, w.auto));
  });
});
