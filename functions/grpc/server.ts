import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { grpcRoutes, ROUTER_OPTIONS, watchLimits } from "./routes.js";
import type { GrpcOptions } from "./service.js";

export interface GrpcServerOptions extends Omit<GrpcOptions, "watch"> {
  host: string;
  /** 0: any free port */
  port: number;
  /** PEM files' contents: serve TLS (h2) instead of cleartext HTTP/2 (h2c) */
  tls?: { cert: string; key: string };
}

export interface RunningGrpcServer {
  /** e.g. http://127.0.0.1:50051 (h2c) or https://… (TLS) */
  url: string;
  /** host:port, as grpcurl takes it */
  address: string;
  close(): Promise<void>;
}

/**
 * The MachineHost service over HTTP/2 (native gRPC, and Connect and gRPC-Web
 * for clients that speak HTTP/2), with server reflection: what the dev
 * server (scripts/dev) and a container deployment (./main.ts) run. Watches
 * last up to 10 minutes and at most 200 run at once (CKP_GRPC_WATCH_*);
 * closing the server ends them.
 */
export async function startGrpcServer(o: GrpcServerOptions): Promise<RunningGrpcServer> {
  const shutdown = new AbortController();
  const handler = connectNodeAdapter({
    ...ROUTER_OPTIONS,
    shutdownSignal: shutdown.signal,
    routes: grpcRoutes({ ...o, watch: watchLimits({ maxSeconds: 600, maxStreams: 200 }) }, { reflection: true }),
  });
  const server = o.tls
    ? http2.createSecureServer({ cert: o.tls.cert, key: o.tls.key, allowHTTP1: true }, handler)
    : http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(o.port, o.host, () => {
      server.off("error", fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? "https" : "http"}://${o.host}:${port}`,
    address: `${o.host}:${port}`,
    async close() {
      shutdown.abort();
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sessions) s.close();
      // streams that do not end after the abort are cut
      const timer = setTimeout(() => {
        for (const s of sessions) s.destroy();
      }, 2000);
      await closed;
      clearTimeout(timer);
    },
  };
}
