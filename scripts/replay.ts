import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { dynamoDocumentClient } from "../core/aws/clients.js";
import { s3Client } from "../core/aws/s3.js";
import { sqsClient } from "../core/aws/sqs.js";
import { progressView } from "../events/replay/progress.js";
import { type ReplayReport, ResumeError, replay } from "../events/replay/run.js";
import { normaliseSelection, type Selection, SelectionError, selectionId } from "../events/replay/selection.js";
import { QueueTarget, RateLimiter, REBUILD_TABLE, RebuildTarget, type ReplayTarget } from "../events/replay/targets.js";
import { buckets, localName, type QueueName, queues, tables } from "../infra/resources.js";
import { ensureTable } from "./dev/bootstrap.js";
import { resolveEndpoints } from "./local-stack/stack.js";

const USAGE = `Replay archived events (events/README.md).

  npm run replay -- [selection] [--target queues|rebuild] [options]

Selection (each narrows; none means the whole archive):
  --from T, --to T       RFC 3339 time or YYYY-MM-DD (inclusive)
  --type T               event type; repeat or comma-separate
  --domain D             a domain (and its projects)
  --project P            a project of --domain
  --subject S            exact subject (hosts/host_01…) or prefix ending in * (hosts/*)

Target:
  --target queues        re-drive into the queues that route each type (default);
                         messages carry replay: true, consumers dedupe by event id
  --target rebuild --table NAME
                         rebuild hosts, host requests, groups and the audit trail into
                         table NAME (created if missing; never the live table)

Options:
  --dry-run              count by type, write nothing
  --rate N               at most N messages (queues) or events (rebuild) per second
  --concurrency N        parallel SendMessageBatch calls (default 16)
  --events-per-message N events packed into one queue message at most (default 10,
                         fewer where a queue takes fewer; 1: one each)
  --batch-size N         events per batch, checkpointed after each (default: queues
                         concurrency × 10 × events per message, 1,600; rebuild 100)
  --checkpoint FILE      checkpoint file (default .ckp/replay/<selection>.json)
  --resume               continue from the checkpoint
  --report FILE          write the full report (with every problem line) as JSON
  --json                 print the report as JSON instead of a summary
  --stage S              local stage whose resources to use (default $CKP_STAGE or local)
  --bucket B             archive bucket (default: the linked or local EventArchiveBucket)

Ctrl-C stops after the batch in flight and leaves a checkpoint; --resume continues.
`;

class UsageError extends Error {}

// An operator's tool: the SDK's notice about future Node versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function parse() {
  const { values } = parseArgs({
    options: {
      from: { type: "string" },
      to: { type: "string" },
      type: { type: "string", multiple: true },
      domain: { type: "string" },
      project: { type: "string" },
      subject: { type: "string" },
      target: { type: "string", default: "queues" },
      table: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      rate: { type: "string" },
      concurrency: { type: "string" },
      "events-per-message": { type: "string" },
      "batch-size": { type: "string" },
      checkpoint: { type: "string" },
      resume: { type: "boolean", default: false },
      report: { type: "string" },
      json: { type: "boolean", default: false },
      stage: { type: "string" },
      bucket: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const positive = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number`);
    return n;
  };
  if (values.target !== "queues" && values.target !== "rebuild") throw new UsageError("--target is queues or rebuild");
  if (values.target === "rebuild" && !values.table) throw new UsageError("--target rebuild needs --table NAME");
  return {
    ...values,
    rate: positive("rate", values.rate),
    concurrency: positive("concurrency", values.concurrency),
    eventsPerMessage: positive("events-per-message", values["events-per-message"]),
    batchSize: positive("batch-size", values["batch-size"]),
  };
}

/** Linked resources (SST on AWS, or the dev runner's variables), else the local stack's names for the stage. */
function linkedName(logical: string): string | undefined {
  const raw = process.env[`SST_RESOURCE_${logical}`];
  if (!raw) return undefined;
  const v = JSON.parse(raw) as { name?: string; url?: string };
  return v.name ?? v.url;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let selection: Selection;
  try {
    selection = normaliseSelection({
      ...(args.from ? { from: args.from } : {}),
      ...(args.to ? { to: args.to } : {}),
      ...(args.type ? { types: args.type } : {}),
      ...(args.domain ? { domain: args.domain } : {}),
      ...(args.project ? { project: args.project } : {}),
      ...(args.subject ? { subject: args.subject } : {}),
    });
  } catch (e) {
    if (!(e instanceof SelectionError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }

  const linked = linkedName(buckets.archive.logical) !== undefined;
  const stage = args.stage ?? process.env.CKP_STAGE ?? "local";
  if (!linked) {
    // The local stack, as `npm run dev` uses it.
    const ep = resolveEndpoints();
    process.env.AWS_ENDPOINT_URL ??= ep.aws;
    process.env.AWS_ENDPOINT_URL_DYNAMODB ??= ep.dynamodb;
    process.env.AWS_REGION ??= "us-east-1";
    process.env.AWS_ACCESS_KEY_ID ??= "test";
    process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  }
  const bucket = args.bucket ?? linkedName(buckets.archive.logical) ?? localName(stage, buckets.archive.logical).toLowerCase();
  const liveTable = linkedName(tables.main.logical) ?? localName(stage, tables.main.logical);

  let target: ReplayTarget;
  if (args.target === "rebuild") {
    const table = args.table as string;
    if (table === liveTable) {
      process.stderr.write(`refusing to rebuild into the live table ${table}; name a fresh one\n`);
      return 2;
    }
    if (!args["dry-run"]) await ensureTable(new DynamoDBClient({}), table, REBUILD_TABLE);
    target = new RebuildTarget({ db: dynamoDocumentClient(), table, ...(args.rate ? { rate: new RateLimiter(args.rate) } : {}) });
  } else {
    const urls = new Map<string, string>();
    for (const [name, def] of Object.entries(queues)) {
      const url =
        linkedName(def.logical) ??
        (await new SQSClient({}).send(new GetQueueUrlCommand({ QueueName: localName(stage, def.logical) })).catch(() => undefined))
          ?.QueueUrl;
      if (url) urls.set(name, url);
    }
    target = new QueueTarget({
      sqs: sqsClient(),
      queueUrl: (q: QueueName) => {
        const url = urls.get(q);
        if (!url) throw new Error(`queue ${q} (${queues[q].logical}) not found for stage ${stage}`);
        return url;
      },
      concurrency: args.concurrency ?? 16,
      ...(args.eventsPerMessage ? { eventsPerMessage: args.eventsPerMessage } : {}),
      ...(args.rate ? { rate: new RateLimiter(args.rate) } : {}),
    });
  }

  const targetId = args.target === "rebuild" ? (args.table as string) : stage;
  const checkpointFile = resolve(args.checkpoint ?? join(".ckp", "replay", `${selectionId(selection, `${target.name}:${targetId}`)}.json`));
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nstopping after the batch in flight (Ctrl-C again to quit at once)…\n");
    controller.abort();
  });

  const view = progressView(process.stderr);
  let shown = 0;
  let report: ReplayReport;
  try {
    report = await replay({
      s3: s3Client(),
      bucket,
      selection,
      target,
      targetId,
      dryRun: args["dry-run"],
      ...(args.batchSize ? { batchSize: args.batchSize } : args.rate ? { batchSize: Math.max(10, Math.ceil(args.rate)) } : {}),
      checkpointFile,
      resume: args.resume,
      signal: controller.signal,
      onProgress: (p) => view.update(p),
      onProblem: (p) => {
        if (shown++ < 20) process.stderr.write(`skipped ${p.key}:${p.line}: ${p.error}\n`);
      },
    });
  } catch (e) {
    view.stop();
    if (e instanceof ResumeError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if ((e as Error).name === "NoSuchBucket") {
      process.stderr.write(`archive bucket ${bucket} does not exist (wrong --stage or --bucket?)\n`);
      return 2;
    }
    throw e;
  } finally {
    view.stop();
  }
  if (args.report) writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(summary(report, { checkpointFile, shown }));
  return report.interrupted ? 130 : 0;
}

function summary(r: ReplayReport, o: { checkpointFile: string; shown: number }): string {
  const lines: string[] = [];
  const head = r.dryRun ? "dry run: nothing was written" : r.interrupted ? "interrupted" : r.alreadyComplete ? "already complete" : "done";
  lines.push(
    `${head}: ${r.selected} event(s) selected from ${r.objects} object(s) in ${r.partitions} partition(s), ${(r.elapsedMs / 1000).toFixed(1)}s, ${Math.round(r.eventsPerSecond)} events/s`,
  );
  const types = Object.entries(r.byType).sort(([a], [b]) => a.localeCompare(b));
  if (types.length) {
    const width = Math.max(...types.map(([t]) => t.length));
    lines.push("", `${"type".padEnd(width)}  count`);
    for (const [t, n] of types) lines.push(`${t.padEnd(width)}  ${n}`);
  }
  lines.push("");
  if (r.target === "queues") {
    const sent =
      Object.entries(r.routed)
        .map(([q, n]) => `${q} ${n} in ${r.messages[q] ?? 0} message(s)`)
        .join(", ") || "none";
    lines.push(`events${r.dryRun ? " that would be sent" : " sent"}: ${sent}; not routed to any queue: ${r.notRouted}`);
  } else {
    lines.push(`${r.dryRun ? "would apply" : "applied"}: ${r.applied}; already in the table: ${r.alreadyApplied}`);
  }
  if (r.upcast) lines.push(`read as a newer schema version: ${r.upcast}`);
  if (r.duplicates) lines.push(`duplicate lines skipped: ${r.duplicates}`);
  const unreadable = Object.entries(r.unreadable)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  lines.push(`malformed lines skipped: ${r.malformed}${unreadable ? `; unreadable events skipped: ${unreadable}` : ""}`);
  const problems = r.malformed + Object.values(r.unreadable).reduce((a, b) => a + b, 0);
  if (problems > o.shown && o.shown >= 20) lines.push(`(${problems - 20} more problem line(s) not shown; --report FILE lists them)`);
  if (r.interrupted) lines.push(`checkpoint: ${o.checkpointFile} — run again with --resume to continue`);
  return `${lines.join("\n")}\n`;
}

const code = await main().catch((e: unknown) => {
  process.stderr.write(`replay failed: ${(e as Error).stack ?? String(e)}\n`);
  return 1;
});
// Exit once the output is flushed; idle SDK connections need not hold the process.
process.stdout.write("", () => process.exit(code));
