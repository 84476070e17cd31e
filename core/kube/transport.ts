import * as https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

/**
 * How a KubeClient's HTTP requests reach an API server. Two transports
 * exist: straight to the server with a stored connection (DirectTransport,
 * below), and through a cluster agent's tunnel (core/tunnel/transport.ts)
 * for clusters the control plane cannot reach. Everything above this layer
 * (apply, get, list, watch, discovery, error mapping) is the same for both.
 */
export interface KubeHttpRequest {
  method: string;
  /** path and query, e.g. /apis/apps/v1/namespaces/x/deployments?limit=5 */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** deadline of the whole exchange, body included */
  timeoutMs: number;
  /** the caller reads the body as it arrives (watch); otherwise it is read whole */
  stream?: boolean;
  signal?: AbortSignal;
}

export interface KubeHttpResponse {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  /** the body, chunk by chunk (read once) */
  body: AsyncIterable<Buffer>;
  /** stops reading the body (a watch the caller is done with) */
  cancel(): void;
}

export interface KubeTransport {
  request(r: KubeHttpRequest): Promise<KubeHttpResponse>;
}

/** The whole body of a response. */
export async function readAll(res: KubeHttpResponse, maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res.body) {
    size += c.length;
    if (size > maxBytes) {
      res.cancel();
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** HTTPS straight to the API server, with the credentials a kubeconfig gave (client-node applies them). */
export class DirectTransport implements KubeTransport {
  constructor(
    private readonly kc: KubeConfig,
    private readonly server: string,
    /** a keep-alive agent for the server (core/kube/agents.ts); without one, a new connection per request */
    private readonly agent?: https.Agent,
  ) {}

  async request(r: KubeHttpRequest): Promise<KubeHttpResponse> {
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    if (this.agent) opts.agent = this.agent;
    const url = new URL(r.path, this.server);
    // A timer of our own, not AbortSignal.any([AbortSignal.timeout(…), …]): the composite holds its sources
    // weakly, so under GC pressure the timeout signal could be collected and a silent server hang the request
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new DOMException(`no answer within ${r.timeoutMs} ms`, "TimeoutError")), r.timeoutMs);
    const outer = r.signal;
    const onAbort = () => ac.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    else outer?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    };
    const signal = ac.signal;
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          ...opts,
          method: r.method,
          headers: { ...(opts.headers ?? {}), ...r.headers, ...(r.body ? { "content-length": String(r.body.length) } : {}) },
          signal,
        },
        (res) => {
          // the timeout covers the body too: the timer ends when the response does
          res.once("close", done);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: res,
            cancel: () => req.destroy(),
          });
        },
      );
      req.on("error", (e) => {
        done();
        reject(e);
      });
      req.end(r.body);
    });
  }
}
