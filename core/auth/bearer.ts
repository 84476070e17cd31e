import { secretMatches } from "../crypto/token-hash.js";
import type { Deps } from "../deps.js";
import { looksLikeJwt } from "../identity/bearer.js";
import { unauthenticated } from "../shared/errors.js";
import type { Principal } from "./principal.js";
import { verifyToken } from "./tokens.js";

export const BOOTSTRAP_ADMIN: Principal = { id: "bootstrap-admin", kind: "admin", role: "platform-admin", scope: {} };

/**
 * A bearer token → its principal, free of HTTP types, so every entry point
 * (the API's middleware, the gRPC service) authenticates the same way:
 * the bootstrap admin token (compared with its hash), a JWT from a
 * configured identity provider (a person or an IdP machine; docs/oidc.md),
 * or a platform token (`ckp_…`). Null for a platform token that is unknown,
 * expired or revoked; a JWT that fails a check throws its `auth.*` error.
 */
export async function principalOfBearer(deps: Deps, bearer: string, adminTokenHash: string | undefined): Promise<Principal | null> {
  if (adminTokenHash && secretMatches(bearer, adminTokenHash)) return BOOTSTRAP_ADMIN;
  // core/identity/authenticate.ts (and the JOSE library) load with the first JWT: platform tokens alone never pay for them.
  if (looksLikeJwt(bearer)) return (await import("../identity/authenticate.js")).authenticateIdpToken(deps, bearer);
  return verifyToken(deps, bearer);
}

/** The caller of an `Authorization: Bearer <token>` header (the REST middleware, the gRPC interceptor); refuses any other. */
export async function principalFromBearer(
  deps: Deps,
  header: string | null | undefined,
  adminTokenHash: string | undefined,
): Promise<Principal> {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw unauthenticated("send Authorization: Bearer <token>");
  const principal = await principalOfBearer(deps, m[1] as string, adminTokenHash);
  if (!principal) throw unauthenticated("the token is unknown, expired or revoked");
  return principal;
}
