import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../api/env.js";

/** The gRPC services' paths (`/<package>.<Service>/<Method>`), known without loading them. */
export const GRPC_SERVICE_PATHS = ["/ckp.machinehost.v1.MachineHostService/*"];

/**
 * Mounts the MachineHost service (./lambda.ts) on the API's app, loaded on
 * its first call. It authenticates and answers errors itself (gRPC statuses,
 * not problem documents); the app's request id is its request id.
 */
export function mountGrpc(
  app: OpenAPIHono<ApiEnv>,
  o: { deps: () => import("../../core/deps.js").Deps; adminTokenHash: () => string | undefined },
): void {
  let serve: Promise<typeof import("./lambda.js").serveGrpc> | undefined;
  for (const path of GRPC_SERVICE_PATHS) {
    app.all(path, async (c) => {
      serve ??= import("./lambda.js")
        .then((m) => m.serveGrpc)
        .catch((e: unknown) => {
          serve = undefined;
          throw e;
        });
      return (await serve)(c.req.raw, o, c.get("requestId"));
    });
  }
}
