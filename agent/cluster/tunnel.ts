import type { IncomingMessage } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { rootCertificates } from "node:tls";
import WebSocket from "ws";
import {
  type AgentFrame,
  BODY_CHUNK_BYTES,
  type ControlFrame,
  FORWARDED_RESPONSE_HEADERS,
  MAX_CONCURRENT_REQUESTS,
  MAX_REQUEST_SECONDS,
  type PingAnswer,
  pickHeaders,
  type RequestFrame,
} from "../../core/tunnel/frames.js";
import { problemDetail, request } from "../http.js";
import type { Log } from "../log.js";
import { VERSION } from "../version.js";
import type { ClusterAgentConfig } from "./config.js";
import type { AgentIdentity } from "./identity.js";
import type { InClusterKube } from "./kube.js";
import { WorkloadClusters } from "./workload.js";

/** The longest pause between connection attempts. */
const MAX_BACKOFF_MS = 30_000;
/** A superseded agent asks this often whether the tunnel is free. */
const STANDBY_MS = 15_000;
/** After being detached or revoked, the agent only looks again this rarely. */
const DETACHED_MS = 10 * 60_000;
/** Bytes of an answer collected before a frame goes, or how long the first byte waits for company. */
const FLUSH_MS = 15;
/** The socket's send buffer beyond which an answer's upstream read pauses. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

const CANCELLED = "cancelled by the control plane";

interface InFlight {
  abort: AbortController;
  parts?: { expected: number; got: Map<number, Buffer>; ready: () => void };
}

export interface TunnelOptions {
  /** for tests: ends the loop */
  signal?: AbortSignal;
}

/**
 * The agent's tunnel: a WebSocket to the control plane (opened with a
 * ticket bought over mTLS), carrying the control plane's Kubernetes API
 * requests to this cluster's API server and the answers back, streamed.
 * Reconnects with exponential backoff and jitter. When another agent of
 * the same cluster takes over, this one stands by and takes the tunnel
 * back only once it is free.
 */
export async function runTunnel(
  cfg: ClusterAgentConfig,
  id: AgentIdentity,
  kube: InClusterKube,
  log: Log,
  o: TunnelOptions = {},
): Promise<void> {
  const tls = { key: id.key, cert: id.certificate, ca: [id.caCertificate, ...cfg.ca, ...rootCertificates] };
  const https = new HttpsAgent({ ...tls, keepAlive: true });
  const up: Upstreams = { own: kube, workloads: new WorkloadClusters(kube, log) };
  let standby = false;
  let detached = false;
  let backoff = 1000;
  const stopped = () => o.signal?.aborted === true;
  log.info(`cluster agent ${VERSION} for cluster ${id.clusterId}, control plane ${id.agentApiUrl}`);

  while (!stopped()) {
    let wait = backoff;
    const opened = Date.now();
    try {
      const t = await request(`${id.agentApiUrl}/v1/cluster-agent/ws-ticket`, {
        body: { takeover: !standby, version: VERSION },
        agent: https,
      });
      if (t.status === 409) {
        wait = STANDBY_MS;
        log.info(`standing by: ${problemDetail(t)}`);
      } else if (t.status === 401 || t.status === 403) {
        wait = DETACHED_MS;
        log.warn(`the control plane refuses this agent (${t.status}): ${problemDetail(t)}; register it again with a new token`);
      } else if (t.status !== 200) {
        throw new Error(`no connect ticket (${t.status}): ${problemDetail(t)}`);
      } else {
        const { ticket, url } = t.json<{ ticket: string; url: string }>();
        const target = new URL(url);
        target.searchParams.set("ticket", ticket);
        const end = await connect(target.toString(), tls, cfg, up, log, o.signal);
        if (end === "superseded") {
          standby = true;
          wait = STANDBY_MS;
          log.info("another agent of this cluster took over the tunnel; standing by");
        } else if (end === "detached") {
          detached = true;
          wait = DETACHED_MS;
        } else {
          standby = false;
          detached = false;
          if (!stopped()) log.warn("tunnel closed; reconnecting");
        }
      }
    } catch (e) {
      log.warn(`tunnel unavailable: ${(e as Error).message}`);
    }
    if (stopped()) break;
    if (Date.now() - opened > 60_000) backoff = 1000; // it was up for a while: start over
    if (detached) wait = DETACHED_MS;
    await sleep(wait === backoff ? backoff / 2 + Math.random() * (backoff / 2) : wait, o.signal);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
  https.destroy();
  up.workloads.close();
}

/** Where requests go: the agent's own API server, or one of its management cluster's workload clusters. */
interface Upstreams {
  own: InClusterKube;
  workloads: WorkloadClusters;
}

/** One connection, until it closes: how it ended. */
function connect(
  url: string,
  tls: { key: string; cert: string; ca: string[] },
  cfg: ClusterAgentConfig,
  up: Upstreams,
  log: Log,
  signal: AbortSignal | undefined,
): Promise<"closed" | "superseded" | "detached"> {
  return new Promise((done) => {
    let ending: "closed" | "superseded" | "detached" = "closed";
    // API Gateway allows $connect up to 29 s
    const ws = new WebSocket(url, { ...tls, handshakeTimeout: 30_000, maxPayload: 256 * 1024 });
    const inflight = new Map<string, InFlight>();
    let lastPong = Date.now();
    let pinger: NodeJS.Timeout | undefined;
    const onAbort = () => ws.close(1000, "agent stopping");
    signal?.addEventListener("abort", onAbort);

    const send = (f: AgentFrame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(f));
    };

    ws.on("open", () => {
      log.info("tunnel connected");
      lastPong = Date.now();
      send({ type: "tunnel.ping", version: VERSION });
      pinger = setInterval(() => {
        if (Date.now() - lastPong > 3 * cfg.pingSeconds * 1000 + 5000) {
          log.warn("no answer to pings; reconnecting");
          ws.terminate();
          return;
        }
        send({ type: "tunnel.ping", version: VERSION });
      }, cfg.pingSeconds * 1000);
    });
    ws.on("message", (data) => {
      let f: ControlFrame | PingAnswer;
      try {
        f = JSON.parse(data.toString());
      } catch {
        return;
      }
      switch (f.type) {
        case "tunnel.pong":
          lastPong = Date.now();
          return;
        case "tunnel.req":
          return void serve(f, up, send, inflight, () => ws.bufferedAmount, log);
        case "tunnel.body": {
          const r = inflight.get(f.id);
          if (!r?.parts) return;
          r.parts.got.set(f.part, Buffer.from(f.data, "base64"));
          if (r.parts.got.size === r.parts.expected) r.parts.ready();
          return;
        }
        case "tunnel.cancel":
          inflight.get(f.id)?.abort.abort(CANCELLED);
          return;
        case "tunnel.superseded":
          ending = "superseded";
          ws.close(1000, "superseded");
          return;
        case "tunnel.detached":
          ending = "detached";
          log.warn(
            `the control plane detached this agent: ${f.detail ?? "no reason given"}; remove it with kubectl delete namespace ckp-system`,
          );
          ws.close(1000, "detached");
          return;
        case "tunnel.error":
          log.warn(`the control plane refused a message: ${f.detail}`);
          ws.close(1000, "refused");
          return;
      }
    });
    ws.on("unexpected-response", (_req, res) => {
      log.warn(`tunnel refused: ${res.statusCode}`);
      if (res.statusCode === 409) ending = "superseded";
      ws.terminate();
    });
    ws.on("error", (e) => log.warn(`tunnel error: ${e.message}`));
    ws.on("close", () => {
      if (pinger) clearInterval(pinger);
      signal?.removeEventListener("abort", onAbort);
      for (const r of inflight.values()) r.abort.abort(CANCELLED);
      inflight.clear();
      done(ending);
    });
  });
}

/** Carries one request to the API server and streams its answer back, in frames of at most one chunk. */
async function serve(
  f: RequestFrame,
  up: Upstreams,
  send: (f: AgentFrame) => void,
  inflight: Map<string, InFlight>,
  buffered: () => number,
  log: Log,
): Promise<void> {
  if (inflight.has(f.id)) return;
  if (inflight.size >= MAX_CONCURRENT_REQUESTS) {
    const body = Buffer.from(
      JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code: 429, message: "the cluster agent is busy" }),
    );
    send({
      type: "tunnel.res",
      id: f.id,
      seq: 0,
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "1" },
      body: body.toString("base64"),
      end: true,
    });
    return;
  }
  const abort = new AbortController();
  const entry: InFlight = { abort };
  inflight.set(f.id, entry);
  const timer = setTimeout(() => abort.abort(new Error("timed out")), Math.min(f.timeoutMs, MAX_REQUEST_SECONDS * 1000));
  let seq = 0;
  try {
    let body: Buffer | undefined = f.body ? Buffer.from(f.body, "base64") : undefined;
    if (f.parts) {
      let ready = () => {};
      const complete = new Promise<void>((ok) => {
        ready = ok;
      });
      const parts = { expected: f.parts, got: new Map<number, Buffer>(), ready: () => ready() };
      entry.parts = parts;
      await Promise.race([
        complete,
        new Promise((_, fail) => abort.signal.addEventListener("abort", () => fail(new Error("request body incomplete")))),
      ]);
      body = Buffer.concat([...Array(f.parts).keys()].map((i) => parts.got.get(i) as Buffer));
    }
    const req = { method: f.method, path: f.path, headers: f.headers, ...(body ? { body } : {}), signal: abort.signal };
    const res: IncomingMessage = f.cluster ? await up.workloads.request(f.cluster, req) : await up.own.request(req);
    const headers = pickHeaders(res.headers, FORWARDED_RESPONSE_HEADERS);
    let pending: Buffer[] = [];
    let size = 0;
    let flushTimer: NodeJS.Timeout | undefined;
    const flush = (end: boolean) => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      const all = Buffer.concat(pending);
      pending = [];
      size = 0;
      let off = 0;
      do {
        const piece = all.subarray(off, off + BODY_CHUNK_BYTES);
        off += piece.length;
        const last = end && off >= all.length;
        if (seq === 0) {
          send({
            type: "tunnel.res",
            id: f.id,
            seq: 0,
            status: res.statusCode ?? 502,
            headers,
            ...(piece.length ? { body: piece.toString("base64") } : {}),
            end: last,
          });
        } else if (piece.length || last) {
          send({ type: "tunnel.data", id: f.id, seq, body: piece.toString("base64"), end: last });
        }
        seq++;
      } while (off < all.length);
    };
    for await (const chunk of res) {
      pending.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= BODY_CHUNK_BYTES) flush(false);
      else flushTimer ??= setTimeout(() => flush(false), FLUSH_MS);
      // the control plane reads slower than the API server writes: wait for the socket to drain
      while (buffered() > HIGH_WATER_BYTES && !abort.signal.aborted) await sleep(20);
    }
    flush(true);
  } catch (e) {
    // a cancelled request's caller has gone: nothing to tell it
    if (abort.signal.reason !== CANCELLED) {
      const message = abort.signal.aborted ? "the request timed out at the agent" : (e as Error).message;
      send({ type: "tunnel.err", id: f.id, seq, message: message.slice(0, 1000) });
      log.warn(
        `${f.cluster ? `workload cluster ${f.cluster.namespace}/${f.cluster.name}: ` : ""}${f.method} ${f.path.split("?")[0]} failed: ${message}`,
      );
    }
  } finally {
    clearTimeout(timer);
    inflight.delete(f.id);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(r, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      r();
    });
  });
}
