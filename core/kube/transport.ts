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
  ) {}

  async request(r: KubeHttpRequest): Promise<KubeHttpResponse> {
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const url = new URL(r.path, this.server);
    const signals = [AbortSignal.timeout(r.timeoutMs), ...(r.signal ? [r.signal] : [])];
    const signal = AbortSignal.any(signals);
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
      req.on("error", reject);
      req.end(r.body);
    });
  }
}
