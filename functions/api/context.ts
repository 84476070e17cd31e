import type { Context } from "hono";
import { authorize, type Level } from "../../core/auth/authorize.js";
import { actorOf } from "../../core/auth/principal.js";
import type { Ctx } from "../../core/deps.js";
import type { ProjectRef } from "../../core/store/keys.js";
import type { ApiEnv } from "./env.js";

/** The command context for the current request: actor and correlation id. */
export function ctxOf(c: Context<ApiEnv>): Ctx {
  return { actor: actorOf(c.get("principal")), correlationId: c.get("requestId") };
}

/** Authorizes the caller for a project-scoped operation and returns the project ref. */
export function inProject(c: Context<ApiEnv>, params: { domain: string; project: string }, level: Level): ProjectRef {
  authorize(c.get("principal"), level, { domain: params.domain, project: params.project });
  return { domain: params.domain, project: params.project };
}
