import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { agentConnect, agentDisconnect, agentMessage } from "../../core/agents/ws.js";
import { isDomainError } from "../../core/shared/errors.js";
import { tunnelConnect, tunnelDisconnect, tunnelMessage } from "../../core/tunnel/connections.js";
import { TUNNEL_TICKET_PREFIX } from "../../core/tunnel/tickets.js";
import { statusOfCode } from "../shared/problem-status.js";
import { runtimeDeps } from "../shared/runtime.js";

const logger = new Logger({ serviceName: "ckp-agent-ws" });

/** $connect carries the query string (API Gateway sends it; the aws-lambda types leave it out). */
export type AgentWsEvent = APIGatewayProxyWebsocketEventV2 & { queryStringParameters?: Record<string, string | undefined> | null };

/**
 * The agent WebSocket on API Gateway ($connect, $default, $disconnect) —
 * and, fed the same events, on the dev server. A $default answer's body is
 * sent back to the agent (the route has a two-way route response).
 *
 * Host agents and cluster agents share it: a cluster agent's connect ticket
 * carries the tunnel prefix, and its messages are `tunnel.*` frames
 * (core/tunnel/connections.ts).
 */
export async function handler(event: AgentWsEvent): Promise<APIGatewayProxyResultV2> {
  const deps = runtimeDeps();
  const { routeKey, connectionId } = event.requestContext;
  try {
    switch (routeKey) {
      case "$connect": {
        const ticket = event.queryStringParameters?.ticket;
        if (ticket?.startsWith(TUNNEL_TICKET_PREFIX)) {
          const subject = await tunnelConnect(deps, connectionId, ticket);
          logger.info("cluster agent connected", { connectionId, cluster: subject.id });
          return { statusCode: 200 };
        }
        const host = await agentConnect(deps, connectionId, ticket);
        logger.info("agent connected", { connectionId, hostId: host.hostId });
        return { statusCode: 200 };
      }
      case "$disconnect":
        await Promise.all([agentDisconnect(deps, connectionId), tunnelDisconnect(deps, connectionId)]);
        return { statusCode: 200 };
      default: {
        const frame = tunnelFrame(event.body);
        if (frame) {
          const answer = await tunnelMessage(deps, connectionId, frame);
          return answer ? { statusCode: 200, body: JSON.stringify(answer) } : { statusCode: 200 };
        }
        const reply = await agentMessage(deps, connectionId, event.body);
        // the agent protocol carries an HTTP-like status with each refusal
        const wire = reply.type === "error" ? { ...reply, status: statusOfCode(reply.code) } : reply;
        return { statusCode: 200, body: JSON.stringify(wire) };
      }
    }
  } catch (e) {
    if (isDomainError(e)) {
      const status = statusOfCode(e.code);
      return { statusCode: status, body: JSON.stringify({ type: "error", status, code: e.code, detail: e.message }) };
    }
    logger.error("agent websocket failed", { routeKey, connectionId, error: e as Error });
    return { statusCode: 500, body: JSON.stringify({ type: "error", status: 500, detail: "internal error" }) };
  }
}

/** A cluster agent's frame (`{"type":"tunnel.…"}`), or undefined for anything else (a host agent's message). */
function tunnelFrame(body: string | undefined | null): Record<string, unknown> | undefined {
  if (!body?.includes('"tunnel.')) return undefined;
  try {
    const v = JSON.parse(body) as { type?: unknown } | null;
    return typeof v?.type === "string" && v.type.startsWith("tunnel.") ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
