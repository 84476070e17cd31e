import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { RetryableError } from "../../../core/shared/errors.js";
import { agentRegistrationInput, registerAgent } from "../../../core/tunnel/registration.js";
import { createTunnelTicket, ticketInput } from "../../../core/tunnel/tickets.js";
import type { ApiEnv } from "../env.js";
import { requireClusterAgent } from "../middleware/cluster-agent-auth.js";
import { commonProblems, conflictProblem, jsonBody, jsonResponse } from "../schemas/common.js";
import { agentRegistrationAnswerSchema, tunnelTicketSchema } from "../schemas/tunnel.js";

const tags = ["Cluster agents"];
const agentCert = [{ clusterAgentCertificate: [] }];

/** Where agents reach the mTLS API and the WebSocket (set by infra on AWS, by the dev server locally). */
const agentApiUrl = () => process.env.CKP_AGENT_API_URL;
const agentWsUrl = () => process.env.CKP_AGENT_WS_URL;

const noEndpoint = (what: string) =>
  new RetryableError(`this installation has no ${what} for agents; cluster agents cannot connect`, undefined, { retryAfter: 300 });

/**
 * Cluster agents (agent/cluster/, docs/tunnel.md): registration with a
 * one-time token, then — holding the certificate it bought — tickets for
 * the WebSocket that carries the tunnel.
 */
export function clusterAgentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/cluster-agent/register",
      tags,
      summary: "Register a cluster agent: a one-time registration token and a CSR buy a client certificate for its cluster",
      description:
        "The token (from registering a remote management cluster or an imported cluster, or from …/agent-tokens) is bound to one cluster, " +
        "expires, and is spent by the first registration that uses it: a replay answers 401 cluster-agent.token-refused.",
      security: [],
      request: { body: jsonBody(agentRegistrationInput) },
      responses: { 201: jsonResponse(agentRegistrationAnswerSchema, "Registered: the certificate"), ...commonProblems },
    }),
    async (c) => {
      const api = agentApiUrl();
      // before the token is spent: an agent that could not use its certificate would have wasted it
      if (!api) throw noEndpoint("mutual-TLS endpoint");
      const ctx = { actor: { kind: "system" as const, id: "cluster-agent-registration" }, correlationId: c.get("requestId") };
      const answer = await registerAgent(c.get("deps"), ctx, c.req.valid("json"));
      return c.json({ ...answer, agentApiUrl: api }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/cluster-agent/ws-ticket",
      tags,
      summary: "A single-use ticket (60 s) to open the cluster agent's tunnel on the agent WebSocket",
      description:
        "takeover (default true) replaces the agent of the same cluster that holds the tunnel; with takeover false the answer is 409 " +
        "cluster-agent.tunnel-held while another agent holds it.",
      security: agentCert,
      request: { body: jsonBody(ticketInput) },
      responses: {
        200: jsonResponse(tunnelTicketSchema, "The ticket and where to use it"),
        ...commonProblems,
        ...conflictProblem,
        503: { description: "No WebSocket endpoint" },
      },
    }),
    async (c) => {
      const agent = requireClusterAgent(c);
      const url = agentWsUrl();
      if (!url) throw noEndpoint("WebSocket endpoint");
      const ticket = await createTunnelTicket(c.get("deps"), agent, c.req.valid("json"));
      return c.json({ ...ticket, url }, 200);
    },
  );
}
