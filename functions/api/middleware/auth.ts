import type { MiddlewareHandler } from "hono";
import { principalFromBearer } from "../../../core/auth/bearer.js";
import type { ApiEnv } from "../env.js";

/** Bearer authentication (core/auth/bearer.ts): the caller becomes the request's principal. */
export function bearerAuth(adminTokenHash: () => string | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set("principal", await principalFromBearer(c.get("deps"), c.req.header("authorization"), adminTokenHash()));
    await next();
  };
}
