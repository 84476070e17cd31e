import { request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { rootCertificates } from "node:tls";
import type { State } from "./state.js";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = unknown>(): T;
}

/**
 * HTTP(S) without a dependency. With a client identity the agent presents
 * its certificate and trusts the installation's CA (plus the public roots,
 * as API Gateway's custom domains use public certificates).
 */
export function request(
  url: string,
  o: { method?: string; body?: unknown; agent?: HttpsAgent; ca?: string[]; timeoutMs?: number; maxBytes?: number } = {},
): Promise<HttpAnswer> {
  const u = new URL(url);
  // an extra CA (a control plane with a private certificate) is trusted next to the public roots
  const agent = o.agent ?? (o.ca?.length ? new HttpsAgent({ ca: [...o.ca, ...rootCertificates] }) : undefined);
  const body = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
  const send = u.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((ok, fail) => {
    const req = send(
      u,
      {
        method: o.method ?? (body ? "POST" : "GET"),
        headers: { accept: "application/json", ...(body ? { "content-type": "application/json", "content-length": body.length } : {}) },
        ...(agent && u.protocol === "https:" ? { agent } : {}),
        timeout: o.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > (o.maxBytes ?? 64 * 1024 * 1024)) req.destroy(new Error(`answer from ${u.host} is too large`));
          else chunks.push(c);
        });
        res.on("end", () => {
          const buf = Buffer.concat(chunks);
          ok({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: buf,
            json: () => JSON.parse(buf.toString("utf8") || "null"),
          });
        });
        res.on("error", fail);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`request to ${u.host} timed out`)));
    req.on("error", fail);
    req.end(body);
  });
}

/** An HTTPS agent presenting the host's certificate; `extraCa` (from the config) is trusted too. */
export function mtlsAgent(state: State, extraCa: string[] = []): HttpsAgent {
  return new HttpsAgent({ ...tlsOptions(state, extraCa), keepAlive: true });
}

export function tlsOptions(state: State, extraCa: string[] = []) {
  return {
    key: state.read(state.keyFile),
    cert: state.read(state.certFile),
    ca: [state.read(state.caFile), ...extraCa, ...rootCertificates],
  };
}

/** The problem detail of an error answer, for messages. */
export function problemDetail(a: HttpAnswer): string {
  try {
    const p = a.json<{ detail?: string; title?: string }>();
    return p?.detail ?? p?.title ?? a.body.toString("utf8").slice(0, 200);
  } catch {
    return a.body.toString("utf8").slice(0, 200);
  }
}
