import { createConnectRouter, createContextValues } from "@connectrpc/connect";
import type { UniversalHandler } from "@connectrpc/connect/protocol";
import { universalServerRequestFromFetch, universalServerResponseToFetch } from "@connectrpc/connect/protocol";
import { grpcRoutes, ROUTER_OPTIONS, watchLimits } from "./routes.js";
import { type GrpcOptions, kRequestId } from "./service.js";

/**
 * The MachineHost service inside the API's Hono app (functions/api/app.ts),
 * as Lambda serves it behind API Gateway: Connect and gRPC-Web over
 * HTTP/1.1, whose answers API Gateway can carry (native gRPC needs HTTP/2
 * trailers; the container listener, ./server.ts, serves it). Loaded on the
 * first call under the service's path, so the API's cold start does not pay
 * for protobuf and Connect.
 */
let handlers: Map<string, UniversalHandler> | undefined;

/**
 * A Lambda answers one request at a time, and API Gateway cuts a response
 * at 29 s: a watch here ends after 20 s by default (CKP_GRPC_WATCH_MAX_SECONDS)
 * with every change it saw, and the client watches again.
 */
const LAMBDA_WATCH = { maxSeconds: 20, maxStreams: 4 };

export async function serveGrpc(req: Request, o: Omit<GrpcOptions, "watch">, requestId: string | undefined): Promise<Response> {
  if (!handlers) {
    const router = createConnectRouter(ROUTER_OPTIONS);
    grpcRoutes({ ...o, watch: watchLimits(LAMBDA_WATCH) }, { reflection: false })(router);
    handlers = new Map(router.handlers.map((h) => [h.requestPath, h]));
  }
  const h = handlers.get(new URL(req.url).pathname);
  if (!h) return new Response(null, { status: 404 });
  const contextValues = createContextValues();
  if (requestId) contextValues.set(kRequestId, requestId);
  const res = await h({ ...universalServerRequestFromFetch(req, { httpVersion: "1.1" }), contextValues });
  return universalServerResponseToFetch(res);
}
