import type { Logger } from "@aws-lambda-powertools/logger";
import type { Principal } from "../../core/auth/principal.js";
import type { Deps } from "../../core/deps.js";
import type { HostIdentity } from "../../core/pki/verify.js";
import type { ClusterAgentIdentity } from "../../core/tunnel/identity.js";

/** Per-request values the middleware puts on the Hono context. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    log: Logger;
    principal: Principal;
    /** set when the caller authenticated with a host's client certificate */
    host?: HostIdentity;
    /** set when the caller authenticated with a cluster agent's client certificate */
    clusterAgent?: ClusterAgentIdentity;
    /** a POST's Idempotency-Key with its caller and path (middleware/idempotency.ts), for a handler that records it */
    idempotencyKey?: string;
  };
}
