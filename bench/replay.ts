import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { processTallies, resetProcessTallies } from "../core/aws/round-trips.js";
import { s3Client } from "../core/aws/s3.js";
import { sqsClient } from "../core/aws/sqs.js";
import { newHost } from "../core/hosts/approval.js";
import type { HostRequest } from "../core/hosts/model.js";
import { archiveObjects, batchIdOf } from "../events/archive.js";
import type { Envelope } from "../events/envelope.js";
import { buildEvent } from "../events/outbox.js";
import { PACKED_MESSAGE_BYTES } from "../events/publish.js";
import { replay } from "../events/replay/run.js";
import { normaliseSelection } from "../events/replay/selection.js";
import { mapLimit } from "../events/replay/source.js";
import { EVENTS_PER_MESSAGE, QueueTarget } from "../events/replay/targets.js";
import { buckets, localName, queues } from "../infra/resources.js";
import { ensureLocalStack } from "../scripts/local-stack/stack.js";
import { machineLine } from "./machine.js";
import { writeSection } from "./results-file.js";
import { round } from "./stats.js";

/**
 * Issue 6's benchmark: replay of 100,000 archived events into the queues on
 * the local stack. The archive is generated first (not timed) the way the
 * relay writes it: objects of up to 100 events per tenant and day. Then
 * `replay()` — list, read, parse, upcast, route, pack, SendMessageBatch of
 * 10 with parallel calls — is timed into a queue no worker consumes: once
 * with the default packing, once with one event per message.
 */
const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_REPLAY_CONCURRENCY ?? 16);
const PER_MESSAGE = Number(process.env.BENCH_REPLAY_EVENTS_PER_MESSAGE ?? EVENTS_PER_MESSAGE);
const DOMAINS = 10;
const PROJECTS = 10;
const PER_OBJECT = 100;
const TARGET = 2_000;

/** Approvals: the type the provisioning queue routes, each a request and host snapshot (v2). */
function generate(day: string): Envelope[] {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  const events: Envelope[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t = { domain: `bench-d${i % DOMAINS}`, project: `p${Math.floor(i / DOMAINS) % PROJECTS}` };
    const at = new Date(start + Math.floor((i * 86_000_000) / EVENTS));
    const facts = {
      os: { id: "ubuntu", version: "22.04", kernel: "5.15.0-91-generic" },
      arch: "amd64",
      cpus: 8,
      memoryBytes: 34_359_738_368,
      disks: [{ name: "nvme0n1", sizeBytes: 960_197_124_096 }],
      nics: [{ name: "eno1", mac: `52:54:00:${randomBytes(3).toString("hex").match(/../g)?.join(":")}` }],
    };
    const request: HostRequest = {
      id: `hreq_bench${String(i).padStart(21, "0")}`,
      ...t,
      machineId: `m-${i}`,
      hostname: `node-${i}.edge.example.com`,
      facts,
      status: "approved",
      createdAt: new Date(at.getTime() - 60_000).toISOString(),
      decidedAt: at.toISOString(),
      decidedBy: "tok_bench",
      version: 2,
    };
    const host = newHost(request, at);
    request.hostId = host.id;
    events.push(
      buildEvent(
        "ckp.hostrequest.approved",
        `host-requests/${request.id}`,
        {
          requestId: request.id,
          hostId: host.id,
          machineId: request.machineId,
          hostname: request.hostname,
          facts,
          automatic: false,
          request: { ...request },
          host: { ...host },
        },
        t,
        { actor: { kind: "token", id: "tok_bench" }, correlationId: `req-${i}` },
        at,
      ),
    );
  }
  return events;
}

interface Run {
  perMessage: number;
  batchSize: number;
  seconds: number;
  perSecond: number;
  cpuSeconds: number;
  sent: number;
  inQueue: number;
  sendCalls: number;
  getCalls: number;
  listCalls: number;
  load0: number;
  load1: number;
}

/** One timed replay of the day into `queueUrl`, checked: every event sent, every message in the queue. */
async function timedReplay(day: string, bucket: string, queueUrl: string, perMessage: number): Promise<Run> {
  const sqs = sqsClient();
  const target = new QueueTarget({ sqs, queueUrl: () => queueUrl, concurrency: CONCURRENCY, eventsPerMessage: perMessage });
  resetProcessTallies();
  const load0 = loadavg()[0] as number;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await replay({ s3: s3Client(), bucket, selection: normaliseSelection({ from: day, to: day }), target });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const load1 = loadavg()[0] as number;
  const calls = processTallies();
  const routed = report.routed.provisioning ?? 0;
  const sent = report.messages.provisioning ?? 0;
  if (report.selected !== EVENTS || routed !== EVENTS)
    throw new Error(`replayed ${report.selected} events, sent ${routed}; expected ${EVENTS}`);
  let inQueue = 0;
  for (let i = 0; i < 60 && inQueue < sent; i++) {
    const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
    inQueue = Number(a.Attributes?.ApproximateNumberOfMessages ?? 0);
    if (inQueue < sent) await new Promise((r) => setTimeout(r, 500));
  }
  return {
    perMessage,
    batchSize: target.batchSize,
    seconds,
    perSecond: round(EVENTS / seconds, 0),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sent,
    inQueue,
    sendCalls: calls["SQS.SendMessageBatch"] ?? 0,
    getCalls: calls["S3.GetObject"] ?? 0,
    listCalls: calls["S3.ListObjectsV2"] ?? 0,
    load0,
    load1,
  };
}

export async function runReplayBench(): Promise<void> {
  const stack = await ensureLocalStack();
  process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  const stage = `benchreplay${Date.now().toString(36)}`;
  const bucket = localName(stage, buckets.archive.logical).toLowerCase();
  const s3 = s3Client();
  const sqs = sqsClient();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const queuesMade: string[] = [];
  const keys: string[] = [];
  try {
    const day = new Date().toISOString().slice(0, 10);
    console.log(`generating ${EVENTS} events…`);
    const events = generate(day);
    // Relay-shaped objects: one tenant's consecutive events, up to 100 per object.
    const byTenant = new Map<string, Envelope[]>();
    for (const e of events) {
      const k = `${e.domain}/${e.project}`;
      const list = byTenant.get(k) ?? [];
      list.push(e);
      byTenant.set(k, list);
    }
    const objects = [...byTenant.values()].flatMap((list) => {
      const out = [];
      for (let i = 0; i < list.length; i += PER_OBJECT) {
        const chunk = list.slice(i, i + PER_OBJECT);
        out.push(...archiveObjects(chunk, batchIdOf(chunk.map((e) => e.id))));
      }
      return out;
    });
    const archiveBytes = objects.reduce((n, o) => n + Buffer.byteLength(o.body), 0);
    console.log(`writing ${objects.length} archive objects (${(archiveBytes / 1024 ** 2).toFixed(1)} MiB)…`);
    await mapLimit(objects, 16, async (o) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body, ContentType: "application/x-ndjson" }));
      keys.push(o.key);
    });

    const runs: Run[] = [];
    for (const perMessage of [...new Set([PER_MESSAGE, 1])]) {
      const queueUrl = (
        await sqs.send(new CreateQueueCommand({ QueueName: localName(stage, `${queues.provisioning.logical}${perMessage}`) }))
      ).QueueUrl as string;
      queuesMade.push(queueUrl);
      console.log(`replaying into ${queueUrl} (${perMessage} event(s) per message, concurrency ${CONCURRENCY})…`);
      runs.push(await timedReplay(day, bucket, queueUrl, perMessage));
    }
    const [first] = runs as [Run];
    const md = `
## Replay: 100,000 archived events into the queues (issue 6)

Run ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; local stack (LocalStack 4.14.0 for S3 and SQS), shared with other work on the machine.

The archive was generated first (not timed): ${EVENTS.toLocaleString("en")} \`ckp.hostrequest.approved\` v2 events (the type the provisioning queue routes; each carries the request and host snapshots, ${round(archiveBytes / EVENTS, 0)} bytes per line), ${DOMAINS} domains × ${PROJECTS} projects in one day, in ${objects.length.toLocaleString("en")} relay-shaped objects of ${PER_OBJECT} events (${(archiveBytes / 1024 ** 2).toFixed(1)} MiB). Timed: \`replay()\` as \`npm run replay -- --from ${day} --to ${day}\` runs it — list the day's prefixes, read the objects (8 in parallel, the next partition read while the current one is sent), parse and upcast each line, route, pack events into messages (up to ${PER_MESSAGE} a message and ${PACKED_MESSAGE_BYTES.toLocaleString("en")} bytes, so ten messages fill a call: the default, \`--events-per-message\`), and send with \`SendMessageBatch\` (10 messages a call, ${CONCURRENCY} calls in flight, batches of ${first.batchSize.toLocaleString("en")} events with a checkpoint after each) into a queue no worker consumes. The second row sends each event as a message of its own (\`--events-per-message 1\`), for comparison.

| events | events per message | messages sent | \`SendMessageBatch\` calls | wall time | events/s | replay process CPU (of one core) | messages in the queue afterwards | target |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${runs.map((r) => `| ${EVENTS.toLocaleString("en")} | ${r.perMessage} | ${r.sent.toLocaleString("en")} | ${r.sendCalls.toLocaleString("en")} | ${r.seconds.toFixed(1)} s | **${r.perSecond.toLocaleString("en")}** | ${r.cpuSeconds.toFixed(1)} s (${Math.round((r.cpuSeconds / r.seconds) * 100)}%) | ${r.inQueue.toLocaleString("en")} | ${r.perMessage === PER_MESSAGE ? `≥ ${TARGET.toLocaleString("en")} events/s: ${r.perSecond >= TARGET ? "met" : "not met"}` : "(comparison)"} |`).join("\n")}

- Each run read the archive again: ${first.getCalls.toLocaleString("en")} \`GetObject\` and ${first.listCalls.toLocaleString("en")} \`ListObjectsV2\` calls. Load average (1 min) ${runs.map((r) => `${r.load0.toFixed(1)} → ${r.load1.toFixed(1)}`).join(", ")} over the runs, on 2 cores.
- Consumers take both kinds of message (functions/workers/consumer.ts): a packed message's events are handled in order, each deduplicated by id, so a retry after one fails hands only the rest to their handlers. LocalStack's SQS is one Python process; a call's cost there is mostly per call, not per byte, which is what packing saves.
`;
    writeSection("replay", md);
    console.log(md);
  } finally {
    for (const url of queuesMade) await sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
    for (let i = 0; i < keys.length; i += 1000) {
      await s3
        .send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) } }))
        .catch(() => undefined);
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReplayBench();
