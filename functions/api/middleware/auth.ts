import type { MiddlewareHandler } from "hono";
import { principalOfBearer } from "../../../core/auth/bearer.js";
import { unauthenticated } from "../../../core/shared/errors.js";
import type { ApiEnv } from "../env.js";

/**
 * Bearer authentication. The bootstrap admin token (configured, stored as a
 * hash) is a platform admin; a JWT is a person's (or a machine's) token from
 * a configured identity provider (docs/oidc.md); any other bearer must be an
 * API token (`ckp_…`). The decision is core/auth/bearer.ts's.
 */
export function bearerAuth(adminTokenHash: () => string | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw unauthenticated("send Authorization: Bearer <token>");
    const bearer = m[1] as string;
    const principal = await principalOfBearer(c.get("deps"), bearer, adminTokenHash());
    if (!principal) throw unauthenticated("the token is unknown, expired or revoked");
    c.set("principal", principal);
    await next();
  };
}
