import { secretMatches } from "../crypto/token-hash.js";
import type { Deps } from "../deps.js";
import { unauthenticated } from "../shared/errors.js";
import type { Principal } from "./principal.js";
import { verifyToken } from "./tokens.js";

const BOOTSTRAP_ADMIN: Principal = { id: "bootstrap-admin", kind: "admin", role: "platform-admin", scope: {} };

/**
 * The caller of an `Authorization: Bearer <token>` header, for every edge
 * that takes bearer tokens (the REST API's middleware, the gRPC service's
 * interceptor). The bootstrap admin token (configured, kept as a hash) is a
 * platform admin; any other bearer must be an API token.
 */
export async function principalFromBearer(
  deps: Deps,
  header: string | null | undefined,
  adminTokenHash: string | undefined,
): Promise<Principal> {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw unauthenticated("send Authorization: Bearer <token>");
  const bearer = m[1] as string;
  const principal = adminTokenHash && secretMatches(bearer, adminTokenHash) ? BOOTSTRAP_ADMIN : await verifyToken(deps, bearer);
  if (!principal) throw unauthenticated("the token is unknown, expired or revoked");
  return principal;
}
