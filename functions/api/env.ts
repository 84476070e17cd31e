import type { Logger } from "@aws-lambda-powertools/logger";
import type { Principal } from "../../core/auth/principal.js";
import type { Deps } from "../../core/deps.js";

/** Per-request values the middleware puts on the Hono context. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    log: Logger;
    principal: Principal;
  };
}
