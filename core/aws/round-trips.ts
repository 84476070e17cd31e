import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Counts AWS round trips (HTTP attempts, retries included) per operation
 * within one unit of work, e.g. one API request. Used by the benchmark to
 * check "get = 1 round trip" claims against what the SDK really sent.
 */
export type RoundTripCounts = Record<string, number>;

const store = new AsyncLocalStorage<RoundTripCounts>();
const source = new AsyncLocalStorage<string>();

export function countRoundTrips<T>(fn: () => Promise<T>): { counts: RoundTripCounts; result: Promise<T> } {
  const counts: RoundTripCounts = {};
  return { counts, result: store.run(counts, fn) };
}

export function recordRoundTrip(operation: string): void {
  const counts = store.getStore();
  if (counts) counts[operation] = (counts[operation] ?? 0) + 1;
}

export function totalRoundTrips(counts: RoundTripCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * Process-wide tallies, for benchmarks that run the control plane in their
 * own process: round trips per operation, plus items written per DynamoDB
 * table ("DynamoDB.write.<table>", transaction items included) and messages
 * sent per SQS queue ("SQS.messages.<queue name>").
 */
const processTally: RoundTripCounts = {};

export function processTallies(): RoundTripCounts {
  return { ...processTally };
}

export function resetProcessTallies(): void {
  for (const k of Object.keys(processTally)) delete processTally[k];
  for (const k of Object.keys(bySource)) delete bySource[k];
}

function add(key: string, n = 1): void {
  processTally[key] = (processTally[key] ?? 0) + n;
}

/**
 * Which part of the control plane sent a command ("api", "worker:lifecycle",
 * "status-sync", …; nested parts join with " > "): benchmarks attribute the
 * round trips they count to the code that made them (`sourceTallies`).
 */
export function withSource<T>(name: string, fn: () => T): T {
  const outer = source.getStore();
  return source.run(outer ? `${outer} > ${name}` : name, fn);
}

const bySource: Record<string, RoundTripCounts> = {};

/**
 * Commands per source and operation ("DynamoDB.PutItem@<table's last name
 * part>", "SQS.SendMessageBatch"), once per command, and the messages sent
 * per queue ("messages@<queue's last name part>").
 */
export function sourceTallies(): Record<string, RoundTripCounts> {
  return Object.fromEntries(Object.entries(bySource).map(([k, v]) => [k, { ...v }]));
}

/** "@<table's last name part>", or nothing for a command without a table. */
const tableSuffix = (input: Input | undefined) => (typeof input?.TableName === "string" ? `@${input.TableName.split("-").pop()}` : "");

function addBySource(service: string, op: string, input: Input | undefined): void {
  const s = source.getStore() ?? "other";
  const table = tableSuffix(input);
  bySource[s] ??= {};
  const counts = bySource[s];
  const key = `${service}.${op}${table}`;
  counts[key] = (counts[key] ?? 0) + 1;
  if (service === "SQS" && (op === "SendMessage" || op === "SendMessageBatch")) {
    const queue = `messages@${String(input?.QueueUrl ?? "")
      .split("-")
      .pop()}`;
    counts[queue] = (counts[queue] ?? 0) + (op === "SendMessage" ? 1 : ((input?.Entries ?? []) as unknown[]).length);
  }
}

/** A request that is not an AWS command (a management cluster's apiserver: "Kube", "GET"), tallied per process and source. */
export function tallyRequest(service: string, op: string): void {
  add(`${service}.${op}`);
  addBySource(service, op, undefined);
}

// biome-ignore lint/suspicious/noExplicitAny: the SDK's command inputs, read loosely to count writes
type Input = Record<string, any>;

function tallyWrites(service: string, op: string, input: Input | undefined): void {
  if (!input) return;
  if (service === "DynamoDB") {
    if (op === "PutItem" || op === "UpdateItem" || op === "DeleteItem") add(`DynamoDB.write.${input.TableName}`);
    if (op === "TransactWriteItems") {
      for (const item of (input.TransactItems ?? []) as Input[]) {
        const w = item.Put ?? item.Update ?? item.Delete;
        if (w) add(`DynamoDB.write.${w.TableName}`);
      }
    }
    if (op === "BatchWriteItem")
      for (const [table, reqs] of Object.entries(input.RequestItems ?? {})) add(`DynamoDB.write.${table}`, (reqs as unknown[]).length);
  }
  if (service === "SQS") {
    const queue = String(input.QueueUrl ?? "")
      .split("/")
      .pop();
    if (op === "SendMessage") add(`SQS.messages.${queue}`);
    if (op === "SendMessageBatch") add(`SQS.messages.${queue}`, (input.Entries ?? []).length);
  }
}

/**
 * Items a Query or Scan read before its filter ("DynamoDB.scanned", and per
 * source "scanned@<table's last name part>"): what it cost the engine (and,
 * on AWS, the read capacity), however few items came back.
 */
function tallyScanned(input: Input | undefined, out: unknown): void {
  const n = (out as { output?: { ScannedCount?: number } } | undefined)?.output?.ScannedCount ?? 0;
  add("DynamoDB.scanned", n);
  const s = source.getStore() ?? "other";
  bySource[s] ??= {};
  const key = `scanned${tableSuffix(input)}`;
  bySource[s][key] = (bySource[s][key] ?? 0) + n;
}

interface StackLike {
  add(mw: unknown, opts: Record<string, unknown>): void;
}

/** Adds the counting middleware to an SDK v3 client's stack. */
export function attachRoundTripCounter(client: { middlewareStack: StackLike }, service: string): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const op = (context.commandName ?? "unknown").replace(/Command$/, "");
      recordRoundTrip(`${service}.${op}`);
      add(`${service}.${op}`);
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "ckpRoundTripCounter" },
  );
  // once per command (not per retry): what was written where
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const op = (context.commandName ?? "unknown").replace(/Command$/, "");
      const input = (args as { input?: Input }).input;
      tallyWrites(service, op, input);
      addBySource(service, op, input);
      const out = await next(args);
      if (service === "DynamoDB" && (op === "Query" || op === "Scan")) tallyScanned(input, out);
      return out;
    },
    { step: "initialize", priority: "low", name: "ckpWriteTally" },
  );
}
