import type { MiddlewareHandler } from "hono";
import type { Principal } from "../../../core/auth/principal.js";
import { verifyToken } from "../../../core/auth/tokens.js";
import { secretMatches } from "../../../core/crypto/token-hash.js";
import { looksLikeJwt } from "../../../core/identity/bearer.js";
import { unauthenticated } from "../../../core/shared/errors.js";
import type { ApiEnv } from "../env.js";

const BOOTSTRAP_ADMIN: Principal = { id: "bootstrap-admin", kind: "admin", role: "platform-admin", scope: {} };

/**
 * Bearer authentication. The bootstrap admin token (configured, stored as a
 * hash) is a platform admin; a JWT is a person's (or a machine's) token from
 * a configured identity provider (docs/oidc.md); any other bearer must be an
 * API token (`ckp_…`).
 */
export function bearerAuth(adminTokenHash: () => string | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw unauthenticated("send Authorization: Bearer <token>");
    const bearer = m[1] as string;
    const adminHash = adminTokenHash();
    let principal: Principal | null = null;
    if (adminHash && secretMatches(bearer, adminHash)) principal = BOOTSTRAP_ADMIN;
    // core/identity/authenticate.ts (and the JOSE library) load with the first JWT: API tokens alone never pay for them.
    else if (looksLikeJwt(bearer))
      principal = await (await import("../../../core/identity/authenticate.js")).authenticateIdpToken(c.get("deps"), bearer);
    else principal = await verifyToken(c.get("deps"), bearer);
    if (!principal) throw unauthenticated("the token is unknown, expired or revoked");
    c.set("principal", principal);
    await next();
  };
}
