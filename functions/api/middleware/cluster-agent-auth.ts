import type { Context, MiddlewareHandler } from "hono";
import { unauthenticated } from "../../../core/shared/errors.js";
import type { ClusterAgentIdentity } from "../../../core/tunnel/identity.js";
import type { ApiEnv } from "../env.js";
import { clientCertificateOf } from "./host-auth.js";

/** The paths cluster agents call with their client certificate; nothing else accepts one. */
export const CLUSTER_AGENT_PREFIX = "/v1/cluster-agent/";

/** Authenticates a cluster agent by its client certificate (chain, validity, revocation, its cluster still registered). */
export function clusterAgentCertificateAuth(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const cert = clientCertificateOf(c);
    if (!cert) throw unauthenticated("this endpoint needs a cluster agent's client certificate (mutual TLS)");
    // loaded on use: host and API traffic never pays for the tunnel's modules
    const { verifyAgentCertificate } = await import("../../../core/tunnel/identity.js");
    const { subjectKey, tenantOf } = await import("../../../core/tunnel/model.js");
    const agent = await verifyAgentCertificate(c.get("deps"), cert);
    c.set("clusterAgent", agent);
    c.set("principal", {
      id: `cluster-agent:${subjectKey(agent.subject)}`,
      kind: "cluster-agent",
      role: "viewer",
      scope: tenantOf(agent.subject) ?? {},
    });
    await next();
  };
}

/** The cluster agent a cluster-agent route acts for. */
export function requireClusterAgent(c: Context<ApiEnv>): ClusterAgentIdentity {
  const agent = c.get("clusterAgent");
  if (!agent) throw unauthenticated("this endpoint needs a cluster agent's client certificate (mutual TLS)");
  return agent;
}
