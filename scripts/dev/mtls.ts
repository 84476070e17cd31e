import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { serve } from "@hono/node-server";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { Hono } from "hono";
import { type WebSocket, WebSocketServer } from "ws";
import type { Deps } from "../../core/deps.js";
import { ensureCa } from "../../core/pki/ca.js";
import { createCertificate } from "../../core/pki/certificates.js";
import type { ClientCertificate } from "../../core/pki/verify.js";
import type { AgentWsEvent } from "../../functions/agent-ws/handler.js";

/**
 * The dev server's mutual-TLS listener: what API Gateway's custom domain
 * with mTLS and its WebSocket API do on AWS. TLS verifies the client
 * certificate against the CA (untrusted certificates never reach the app);
 * the verified certificate is handed to the same Hono app in the shape API
 * Gateway uses (`requestContext.authentication.clientCert`). WebSocket
 * upgrades on /v1/agent/ws become $connect/$default/$disconnect events for
 * the same handler API Gateway invokes.
 */
export interface MtlsOptions {
  deps: Deps;
  stateDir: string;
  host: string;
  port: number;
  fetch: (req: Request, env: unknown) => Response | Promise<Response>;
  wsHandler: (event: AgentWsEvent) => Promise<APIGatewayProxyResultV2>;
  websocket: boolean;
  /** the open WebSockets by connection id, which the local Management API (startManagementApi) sends to */
  connections?: LocalConnections;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface MtlsListener {
  url: string;
  wsUrl: string | undefined;
  port: number;
  caCertificate: string;
  close(): Promise<void>;
}

export const WS_PATH = "/v1/agent/ws";

export async function startMtlsListener(o: MtlsOptions): Promise<MtlsListener> {
  const tls = await serverCertificate(o.deps, o.stateDir, o.host);
  const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>();
  app.all("*", (c) => {
    const clientCert = clientCertificate(c.env.incoming.socket as TLSSocket);
    return o.fetch(c.req.raw, { ...c.env, event: { requestContext: { authentication: clientCert ? { clientCert } : {} } } });
  });
  const server = await new Promise<HttpsServer>((ok, fail) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: o.host,
        port: o.port,
        createServer: createHttpsServer,
        serverOptions: { key: tls.key, cert: tls.cert, ca: [tls.ca], requestCert: true, rejectUnauthorized: true },
      },
      () => ok(s as unknown as HttpsServer),
    );
    s.once("error", fail);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : o.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  let connections = 0;
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "https://localhost");
      if (!o.websocket || url.pathname !== WS_PATH) return refuse(socket, 404, "Not Found");
      const connectionId = `local-${process.pid}-${++connections}`;
      const base = { requestContext: { connectionId, requestTimeEpoch: Date.now(), domainName: o.host, stage: "local" } };
      const connected = await o.wsHandler(
        event(base, "$connect", "CONNECT", { queryStringParameters: Object.fromEntries(url.searchParams) }),
      );
      const status = typeof connected === "object" ? (connected.statusCode ?? 200) : 200;
      if (status !== 200) return refuse(socket, status, status === 401 ? "Unauthorized" : "Refused");
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        o.connections?.add(connectionId, ws);
        // Each message is handled as it comes, as API Gateway invokes $default once per message, concurrently and
        // in no promised order (a cluster agent's answer frames carry their order); $disconnect after them all.
        const pending = new Set<Promise<void>>();
        ws.on("message", (data) => {
          const handled = (async () => {
            const res = await o.wsHandler(event(base, "$default", "MESSAGE", { body: data.toString() }));
            const body = typeof res === "object" ? res.body : undefined;
            if (body && ws.readyState === ws.OPEN) ws.send(body);
          })()
            .catch((e: unknown) => o.log("agent websocket message failed", { error: (e as Error).message }))
            .finally(() => pending.delete(handled));
          pending.add(handled);
        });
        ws.on("close", () => {
          sockets.delete(ws);
          o.connections?.remove(connectionId);
          void Promise.allSettled([...pending])
            .then(() => o.wsHandler(event(base, "$disconnect", "DISCONNECT", {})))
            .catch(() => undefined);
        });
      });
    })().catch((e: unknown) => {
      o.log("agent websocket upgrade failed", { error: (e as Error).message });
      refuse(socket, 500, "Internal Server Error");
    });
  });
  const url = `https://${o.host}:${port}`;
  return {
    url,
    wsUrl: o.websocket ? `wss://${o.host}:${port}${WS_PATH}` : undefined,
    port,
    caCertificate: tls.ca,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function event(
  base: { requestContext: Record<string, unknown> },
  routeKey: string,
  eventType: string,
  extra: Record<string, unknown>,
): AgentWsEvent {
  return {
    ...extra,
    isBase64Encoded: false,
    requestContext: { ...base.requestContext, routeKey, eventType, messageId: `${Date.now()}` },
  } as unknown as AgentWsEvent;
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The verified peer certificate in API Gateway's shape, or undefined without one. */
function clientCertificate(socket: TLSSocket): ClientCertificate | undefined {
  if (!socket.authorized) return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer?.raw) return undefined;
  const pem = `-----BEGIN CERTIFICATE-----\n${peer.raw
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
  const x = new X509Certificate(peer.raw);
  return {
    clientCertPem: pem,
    subjectDN: x.subject.split("\n").join(","),
    issuerDN: x.issuer.split("\n").join(","),
    serialNumber: x.serialNumber,
    validity: { notBefore: new Date(x.validFrom).toISOString(), notAfter: new Date(x.validTo).toISOString() },
  };
}

/** The listener's own certificate, issued by the installation's CA and recorded like any other; reused across restarts. */
async function serverCertificate(deps: Deps, stateDir: string, host: string): Promise<{ key: string; cert: string; ca: string }> {
  const ca = await ensureCa(deps);
  const dir = join(stateDir, "tls");
  const files = { key: join(dir, "server.key"), cert: join(dir, "server.crt"), ca: join(dir, "ca.crt") };
  if (Object.values(files).every((f) => existsSync(f)) && readFileSync(files.ca, "utf8") === ca.certPem) {
    const cert = new X509Certificate(readFileSync(files.cert, "utf8"));
    if (new Date(cert.validTo) > new Date() && cert.checkIssued(ca.cert)) {
      return { key: readFileSync(files.key, "utf8"), cert: readFileSync(files.cert, "utf8"), ca: ca.certPem };
    }
  }
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const rec = await createCertificate(
    deps,
    { actor: { kind: "system", id: "dev-server" }, correlationId: "dev-server-tls" },
    {
      publicKeyPem: publicKey,
      commonName: "ckp-dev-server",
      dnsNames: ["localhost"],
      ipAddresses: [...new Set(["127.0.0.1", ...(/^\d+\.\d+\.\d+\.\d+$/.test(host) ? [host] : [])])],
      purpose: "server",
    },
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(files.key, privateKey, { mode: 0o600 });
  writeFileSync(files.cert, rec.pem);
  writeFileSync(files.ca, ca.certPem);
  return { key: privateKey, cert: rec.pem, ca: ca.certPem };
}

/** The WebSockets the listener holds, by the connection id its events name: API Gateway's connection table, locally. */
export class LocalConnections {
  private readonly open = new Map<string, { ws: WebSocket; connectedAt: string }>();
  add(id: string, ws: WebSocket): void {
    this.open.set(id, { ws, connectedAt: new Date().toISOString() });
  }
  remove(id: string): void {
    this.open.delete(id);
  }
  get(id: string): { ws: WebSocket; connectedAt: string } | undefined {
    const c = this.open.get(id);
    return c && c.ws.readyState === c.ws.OPEN ? c : undefined;
  }
}

/** API Gateway's limit on a message posted to a connection. */
const MAX_POST_BYTES = 128 * 1024;

/**
 * API Gateway's Management API for the local listener's connections
 * (`POST|GET|DELETE {endpoint}/@connections/{id}`), so the control plane
 * sends to agents through the same SDK client as on AWS
 * (core/tunnel/connections-api.ts). Loopback only; the endpoint's path
 * holds a random secret, handed to the control plane's processes in
 * SST_RESOURCE_AgentWs, in place of API Gateway's IAM authorisation.
 */
export async function startManagementApi(
  connections: LocalConnections,
  log: (msg: string, extra?: Record<string, unknown>) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const secret = randomBytes(16).toString("hex");
  const route = new RegExp(`^/${secret}/@connections/([^/?]+)$`);
  const server = createHttpServer((req, res) => {
    const id = route.exec(req.url ?? "")?.[1];
    const answer = (status: number, body?: unknown, errorType?: string) => {
      res.writeHead(status, { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}) });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!id) return answer(404, { message: "Not Found" });
    const conn = connections.get(decodeURIComponent(id));
    const gone = () => answer(410, { message: "the connection is gone" }, "GoneException");
    if (req.method === "GET") return conn ? answer(200, { ConnectedAt: conn.connectedAt, Identity: { SourceIp: "127.0.0.1" } }) : gone();
    if (req.method === "DELETE") {
      if (!conn) return gone();
      conn.ws.close(1000, "closed by the control plane");
      return answer(204);
    }
    if (req.method !== "POST") return answer(405, { message: "Method Not Allowed" });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_POST_BYTES) chunks.push(c);
    });
    req.on("end", () => {
      if (size > MAX_POST_BYTES) return answer(413, { message: "message too large" }, "PayloadTooLargeException");
      const target = connections.get(decodeURIComponent(id));
      if (!target) return gone();
      target.ws.send(Buffer.concat(chunks).toString("utf8"), (e) => {
        if (e) log("posting to a connection failed", { error: e.message });
      });
      answer(200);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/${secret}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
