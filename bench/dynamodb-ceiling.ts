import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, TransactWriteItemsCommand, type TransactWriteItemsCommandInput } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * The storage engine's ceiling for a request path: the exact
 * `TransactWriteItems` the path makes (recorded on the wire between the
 * control plane and DynamoDB Local), replayed straight at DynamoDB Local at
 * the same concurrency — no HTTP API, validation or serialisation of ours in
 * between. What the path reaches divided by this is how much of the engine's
 * capacity the rest of the request costs.
 */

/** A loopback proxy in front of DynamoDB that keeps the body of every TransactWriteItems it forwards. */
export async function recordingProxy(target: string): Promise<{ url: string; transactions: string[]; close(): Promise<void> }> {
  const transactions: string[] = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (String(req.headers["x-amz-target"] ?? "").endsWith(".TransactWriteItems")) transactions.push(body.toString("utf8"));
      const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on("error", (e) => {
        res.writeHead(502);
        res.end(e.message);
      });
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    transactions,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** ULID-style ids (`<prefix>_<26 chars>`) and the given literals: what makes one transaction's items its own. */
const ID = /\b[a-z]{1,5}_[0-9a-hjkmnp-tv-z]{26}\b/g;

/**
 * Copy `n` of a recorded transaction: every id in it (each literal in
 * `unique`, e.g. the machine id, and its idempotency token) replaced by a fresh value, consistently
 * within the copy, so copies write distinct items and their conditions
 * (attribute_not_exists, a nonce never seen) hold as the original's did.
 */
export function copyOf(recorded: string, n: number, unique: string[]): TransactWriteItemsCommandInput {
  const fresh = new Map<string, string>();
  // the same length as the original (the same item sizes): the last ten characters made unique to the copy
  const swap = (s: string) => {
    let v = fresh.get(s);
    if (!v) {
      v = `${s.slice(0, Math.max(0, s.length - 10))}${n.toString(36).padStart(4, "0")}${randomBytes(3).toString("hex")}`.slice(-s.length);
      fresh.set(s, v);
    }
    return v;
  };
  let text = recorded.replace(ID, swap);
  for (const u of unique) text = text.split(u).join(swap(u));
  const input = JSON.parse(text) as TransactWriteItemsCommandInput;
  // the idempotency token too: a copy is another request, not a retry of the recorded one
  if (input.ClientRequestToken) input.ClientRequestToken = swap(input.ClientRequestToken);
  return input;
}

/** A DynamoDB client as the control plane configures one (kept-alive sockets, enough of them for the concurrency). */
export function ceilingClient(endpoint: string, concurrency: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 }) }),
  });
}

export async function sendCopy(client: DynamoDBClient, input: TransactWriteItemsCommandInput): Promise<void> {
  await client.send(new TransactWriteItemsCommand(input));
}
