import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A tiny JSON HTTP server on loopback, the base of the provider simulators. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  params: string[];
  query: URLSearchParams;
  body: any;
  headers: IncomingMessage["headers"];
}

type Handler = (r: RouteRequest) => Reply | Promise<Reply>;

export class HttpDouble {
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
  private server: Server | undefined;
  url = "";
  /** every request, for assertions: "METHOD /path" */
  readonly requests: string[] = [];

  route(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server?.listen(0, "127.0.0.1", ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    this.requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    const text = Buffer.concat(chunks).toString("utf8");
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return send(res, { status: 400, body: { message: "body is not JSON" } });
    }
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(url.pathname);
      if (!m) continue;
      try {
        return send(
          res,
          await r.handler({ params: m.slice(1).map((p) => decodeURIComponent(p)), query: url.searchParams, body, headers: req.headers }),
        );
      } catch (e) {
        return send(res, { status: 500, body: { message: (e as Error).message } });
      }
    }
    send(res, { status: 404, body: { message: `no route for ${req.method} ${url.pathname}` } });
  }
}

function send(res: ServerResponse, r: Reply): void {
  const headers = { ...(r.body !== undefined ? { "content-type": "application/json" } : {}), ...(r.headers ?? {}) };
  res.writeHead(r.status, headers);
  res.end(r.body !== undefined ? JSON.stringify(r.body) : undefined);
}
