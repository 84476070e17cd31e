import type { Context } from "hono";
import type { Deps } from "../../core/deps.js";
import type { TunnelSubject } from "../../core/tunnel/model.js";
import type { RegistrationToken } from "../../core/tunnel/tokens.js";
import type { ApiEnv } from "./env.js";

/**
 * Where a cluster agent reaches this control plane's API to register: the
 * configured public URL (CKP_PUBLIC_API_URL), else the URL this request
 * came in on.
 */
export function publicApiUrl(c: Context<ApiEnv>): string {
  return process.env.CKP_PUBLIC_API_URL ?? new URL(c.req.url).origin;
}

/** The agent's install (token and manifest) for an answer. */
export async function installAnswer(c: Context<ApiEnv>, deps: Deps, s: TunnelSubject, token: RegistrationToken) {
  const { agentInstall } = await import("../../core/tunnel/agents.js");
  return agentInstall(deps, s, token, publicApiUrl(c));
}
