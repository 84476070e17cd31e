import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { agentConnect, agentDisconnect, agentMessage } from "../../core/agents/ws.js";
import { isDomainError } from "../../core/shared/errors.js";
import { statusOfCode } from "../shared/problem-status.js";
import { runtimeDeps } from "../shared/runtime.js";

const logger = new Logger({ serviceName: "ckp-agent-ws" });

/** $connect carries the query string (API Gateway sends it; the aws-lambda types leave it out). */
export type AgentWsEvent = APIGatewayProxyWebsocketEventV2 & { queryStringParameters?: Record<string, string | undefined> | null };

/**
 * The agent WebSocket on API Gateway ($connect, $default, $disconnect) —
 * and, fed the same events, on the dev server. A $default answer's body is
 * sent back to the agent (the route has a two-way route response).
 */
export async function handler(event: AgentWsEvent): Promise<APIGatewayProxyResultV2> {
  const deps = runtimeDeps();
  const { routeKey, connectionId } = event.requestContext;
  try {
    switch (routeKey) {
      case "$connect": {
        const host = await agentConnect(deps, connectionId, event.queryStringParameters?.ticket);
        logger.info("agent connected", { connectionId, hostId: host.hostId });
        return { statusCode: 200 };
      }
      case "$disconnect":
        await agentDisconnect(deps, connectionId);
        return { statusCode: 200 };
      default: {
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
