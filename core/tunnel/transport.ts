import { randomBytes } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { TunnelDisconnected } from "../kube/errors.js";
import type { KubeHttpRequest, KubeHttpResponse, KubeTransport } from "../kube/transport.js";
import { DomainError, RetryableError } from "../shared/errors.js";
import { markDisconnected } from "./connections.js";
import { connectionsApi } from "./connections-api.js";
import {
  FORWARDED_REQUEST_HEADERS,
  MAX_REQUEST_BODY_BYTES,
  MAX_REQUEST_SECONDS,
  MAX_RESPONSE_BYTES,
  pickHeaders,
  type ResponseFrame,
  requestFrames,
  type WorkloadTarget,
} from "./frames.js";
import { readAgentRecords } from "./identity.js";
import { frameSk, type TunnelRecord, type TunnelSubject, tunnelKeys } from "./model.js";
import { isLive, isStale, readTunnel } from "./state.js";

/**
 * The control plane's end of a tunnel, as a KubeClient transport: each
 * HTTP request becomes frames posted to the agent's connection (API
 * Gateway's Management API), and the answer comes back as frames the
 * WebSocket route wrote to the table, which this side reads in order of
 * seq until the last. A request is refused before it is sent when the
 * tunnel is down or the agent's certificate revoked (TunnelDisconnected),
 * and abandoned when the tunnel changes hands while it waits.
 *
 * Bounds (core/tunnel/frames.ts): a request body of at most 3 MiB, an
 * answer read whole of at most 16 MiB, no request longer than 15 minutes.
 */
const FIRST_POLL_MS = 4;
/** the longest pause between two reads of an answer's frames (every waiting request reads the table this often) */
const MAX_POLL_MS = 100;
/** a watch waits longer between reads once its head arrived */
const MAX_STREAM_POLL_MS = 250;
/** how often a waiting request checks that the tunnel it was sent through still stands */
const TUNNEL_CHECK_MS = 1000;

export class TunnelTransport implements KubeTransport {
  /** the certificate last found good, checked in parallel with the tunnel's item */
  private checkedSerial: string | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly subject: TunnelSubject,
    private readonly label: string,
    /** a workload cluster the agent reaches for the control plane; absent: the agent's own cluster */
    private readonly cluster?: WorkloadTarget,
  ) {}

  async request(r: KubeHttpRequest): Promise<KubeHttpResponse> {
    if (r.body && r.body.length > MAX_REQUEST_BODY_BYTES) {
      throw new DomainError(
        "payload-too-large",
        `${this.label}: a request through the tunnel carries at most ${MAX_REQUEST_BODY_BYTES} bytes (this one ${r.body.length})`,
      );
    }
    const connectionId = await this.route();
    const id = randomBytes(16).toString("hex");
    const timeoutMs = Math.min(r.timeoutMs, MAX_REQUEST_SECONDS * 1000);
    const frames = requestFrames(
      {
        id,
        method: r.method,
        path: r.path,
        headers: pickHeaders(r.headers, FORWARDED_REQUEST_HEADERS),
        timeoutMs,
        stream: r.stream ?? false,
        ...(this.cluster ? { cluster: this.cluster } : {}),
      },
      r.body,
    );
    const api = connectionsApi(this.deps);
    for (const f of frames) {
      if ((await api.post(connectionId, f)) === "gone") {
        await markDisconnected(this.deps, this.subject, connectionId, "the agent's connection was gone");
        throw new TunnelDisconnected(this.label, this.deps.clock.now().toISOString(), "its cluster agent's connection was gone");
      }
    }
    const reader = new FrameReader(this.deps, this.subject, this.label, id, connectionId, Date.now() + timeoutMs, r.signal);
    const head = await reader.next(MAX_POLL_MS);
    if (head.type === "tunnel.err") throw agentFailure(this.label, head.message);
    if (head.type !== "tunnel.res") throw new RetryableError(`${this.label}: the tunnel answered out of order`);
    return {
      status: head.status,
      headers: head.headers,
      body: reader.body(head, r.stream ? MAX_STREAM_POLL_MS : MAX_POLL_MS, r.stream ? Number.POSITIVE_INFINITY : MAX_RESPONSE_BYTES),
      cancel: () => reader.cancel(),
    };
  }

  /** The connection to send through: refuses when the tunnel is down, silent, or its agent's certificate revoked. */
  private async route(): Promise<string> {
    const known = this.checkedSerial;
    // usually one read: the tunnel's item with the certificate it had last time (and the cluster's record)
    let rec: TunnelRecord | undefined;
    let problem: string | undefined;
    if (known) {
      const r = await readAgentRecords(this.deps, this.subject, known, { withTunnel: true });
      rec = r.tunnel;
      problem = r.problem?.message;
    } else rec = await readTunnel(this.deps, this.subject);
    const now = this.deps.clock.now();
    if (!isLive(rec, now)) {
      if (rec?.state === "connected" && isStale(rec, now))
        throw new TunnelDisconnected(this.label, rec.lastSeenAt ?? rec.since, "its cluster agent went silent");
      throw new TunnelDisconnected(
        this.label,
        rec?.state === "disconnected" ? rec.since : undefined,
        rec?.state === "disconnected"
          ? `its cluster agent is not connected${rec.reason ? ` (${rec.reason})` : ""}`
          : "no cluster agent has connected yet",
      );
    }
    // another agent (another certificate) holds the tunnel now: check that one
    if (rec.serial !== known) problem = (await readAgentRecords(this.deps, this.subject, rec.serial)).problem?.message;
    if (problem) {
      this.checkedSerial = undefined;
      // the agent may hold the tunnel no longer: it is closed now, and told why
      await markDisconnected(this.deps, this.subject, rec.connectionId, problem);
      const api = connectionsApi(this.deps);
      await api.post(rec.connectionId, { type: "tunnel.detached", detail: problem }).catch(() => undefined);
      await api.close(rec.connectionId).catch(() => undefined);
      throw new TunnelDisconnected(this.label, now.toISOString(), problem);
    }
    this.checkedSerial = rec.serial;
    return rec.connectionId;
  }
}

/** The agent got no answer from its API server (network, TLS, timeout on its side): unreachable, retryable. */
function agentFailure(label: string, message: string): RetryableError {
  return new RetryableError(`${label} is unreachable (its cluster agent could not reach the API server: ${message})`);
}

/** Reads one request's answer frames, in order, as the WebSocket route writes them. */
class FrameReader {
  private seq = 0;
  private readonly ahead = new Map<number, ResponseFrame>();
  private lastTunnelCheck = Date.now();
  private done = false;

  constructor(
    private readonly deps: Deps,
    private readonly subject: TunnelSubject,
    private readonly label: string,
    private readonly id: string,
    private readonly connectionId: string,
    private readonly deadline: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** The next frame in order of seq, waiting for it. */
  async next(maxPollMs: number): Promise<ResponseFrame> {
    let pause = FIRST_POLL_MS;
    for (;;) {
      const f = this.ahead.get(this.seq);
      if (f) {
        this.ahead.delete(this.seq);
        this.seq++;
        return f;
      }
      if (this.signal?.aborted) {
        this.cancel();
        throw Object.assign(new Error("the request was aborted"), { name: this.signal.reason?.name ?? "AbortError" });
      }
      if (Date.now() > this.deadline) {
        this.cancel();
        throw new RetryableError(`${this.label} is unreachable (no answer through the tunnel in time: timed out)`);
      }
      if (Date.now() - this.lastTunnelCheck > TUNNEL_CHECK_MS) await this.checkTunnel();
      const got = await this.read();
      if (got) {
        pause = FIRST_POLL_MS;
        continue;
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, maxPollMs);
    }
  }

  /** The body's bytes: the head's, then each data frame's, until the frame that ends it. */
  async *body(head: Extract<ResponseFrame, { type: "tunnel.res" }>, maxPollMs: number, maxBytes: number): AsyncGenerator<Buffer> {
    let size = 0;
    const chunk = (b64: string | undefined) => {
      const b = Buffer.from(b64 ?? "", "base64");
      size += b.length;
      if (size > maxBytes) {
        this.cancel();
        throw new DomainError(
          "unprocessable",
          `${this.label}: an answer through the tunnel is at most ${maxBytes} bytes; page the request`,
        );
      }
      return b;
    };
    try {
      if (head.body) yield chunk(head.body);
      let end = head.end;
      while (!end) {
        const f = await this.next(maxPollMs);
        if (f.type === "tunnel.err") throw agentFailure(this.label, f.message);
        if (f.type !== "tunnel.data") throw new RetryableError(`${this.label}: the tunnel answered out of order`);
        yield chunk(f.body);
        end = f.end;
      }
      this.done = true;
    } finally {
      // a consumer that stops early (a watch it is done with) cancels the request at the agent
      if (!this.done) this.cancel();
    }
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    void connectionsApi(this.deps)
      .post(this.connectionId, { type: "tunnel.cancel", id: this.id })
      .catch(() => undefined);
  }

  private async read(): Promise<boolean> {
    const out = await this.deps.db.send(
      new QueryCommand({
        TableName: this.deps.table,
        KeyConditionExpression: "pk = :pk AND sk >= :from",
        ExpressionAttributeValues: { ":pk": tunnelKeys.framesPk(this.subject, this.id), ":from": frameSk(this.seq) },
        ConsistentRead: true,
        Limit: 64,
      }),
    );
    let found = false;
    for (const item of out.Items ?? []) {
      const seq = Number(item.seq);
      if (seq >= this.seq && !this.ahead.has(seq)) {
        this.ahead.set(seq, item as unknown as ResponseFrame);
        found = found || seq === this.seq;
      }
    }
    return found;
  }

  private async checkTunnel(): Promise<void> {
    this.lastTunnelCheck = Date.now();
    const rec = await readTunnel(this.deps, this.subject);
    if (rec?.connectionId !== this.connectionId || rec.state !== "connected") {
      this.done = true;
      throw new TunnelDisconnected(
        this.label,
        rec?.state === "disconnected" ? rec.since : this.deps.clock.now().toISOString(),
        rec?.connectionId
          ? "its tunnel moved to another agent while a request waited"
          : "its cluster agent disconnected while a request waited",
      );
    }
  }
}
