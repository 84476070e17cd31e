import type { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import type { Deps } from "../deps.js";
import type { ControlFrame, PingAnswer } from "./frames.js";

/**
 * Sending to an agent's WebSocket: API Gateway's Management API
 * (PostToConnection, DeleteConnection) at the WebSocket API's management
 * endpoint. Locally the dev server serves the same API for the connections
 * its listener holds (scripts/dev/mtls.ts), so this one client is used
 * everywhere.
 */
export interface ConnectionsApi {
  /** "gone" when the connection no longer exists */
  post(connectionId: string, frame: ControlFrame | PingAnswer): Promise<"sent" | "gone">;
  /** closes the connection (its agent sees the socket close); a connection already gone is fine */
  close(connectionId: string): Promise<void>;
}

const clients = new Map<string, Promise<ApiGatewayManagementApiClient>>();

function client(endpoint: string): Promise<ApiGatewayManagementApiClient> {
  let c = clients.get(endpoint);
  if (!c) {
    // loaded on first use: only paths that talk to an agent pay for the SDK client
    c = import("@aws-sdk/client-apigatewaymanagementapi").then((m) => new m.ApiGatewayManagementApiClient({ endpoint, maxAttempts: 2 }));
    clients.set(endpoint, c);
  }
  return c;
}

export function connectionsApi(deps: Deps): ConnectionsApi {
  const endpoint = deps.agentWsManagementEndpoint;
  const need = () => {
    if (!endpoint) throw new Error("the agent WebSocket's management endpoint is not configured (link AgentWs)");
    return client(endpoint);
  };
  return {
    async post(connectionId, frame) {
      const { PostToConnectionCommand } = await import("@aws-sdk/client-apigatewaymanagementapi");
      try {
        await (await need()).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }));
        return "sent";
      } catch (e) {
        if ((e as Error).name === "GoneException") return "gone";
        throw e;
      }
    },
    async close(connectionId) {
      const { DeleteConnectionCommand } = await import("@aws-sdk/client-apigatewaymanagementapi");
      try {
        await (await need()).send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (e) {
        if ((e as Error).name !== "GoneException") throw e;
      }
    },
  };
}
