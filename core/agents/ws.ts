import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Ctx, Deps } from "../deps.js";
import { hostActor } from "../hosts/actor.js";
import { checkHostCertificate, type HostIdentity } from "../pki/verify.js";
import { type ErrorCode, isDomainError } from "../shared/errors.js";
import { keys } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { heartbeatInput } from "./health.js";
import { currentRelease, releaseForAgent } from "./release.js";
import { reportHeartbeat } from "./status.js";
import { consumeTicket } from "./tickets.js";

/**
 * The agent WebSocket protocol, shared by API Gateway's WebSocket API
 * (functions/agent-ws) and the dev server's listener:
 *
 *   connect   ?ticket=…           → the connection is bound to the ticket's host
 *   message   {"type":"heartbeat","version","health","upgrade"?,"packages"?}
 *             ← {"type":"ack","at","release"?:{version,sha256,url}}
 *             ← {"type":"error","status","code","detail"}
 *   disconnect                    → the binding is dropped
 */
const CONNECTION_TTL_SECONDS = 3 * 3600;

export async function agentConnect(deps: Deps, connectionId: string, ticket: string | undefined): Promise<HostIdentity> {
  const host = await consumeTicket(deps, ticket);
  const now = deps.clock.now();
  await deps.db.send(
    new PutCommand({
      TableName: deps.table,
      Item: {
        ...keys.wsConnection(connectionId),
        kind: "ws-connection",
        ...host,
        connectedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS,
      },
    }),
  );
  return host;
}

export async function agentDisconnect(deps: Deps, connectionId: string): Promise<void> {
  await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: keys.wsConnection(connectionId) }));
}

const message = z.discriminatedUnion("type", [heartbeatInput.extend({ type: z.literal("heartbeat") })]);

export type AgentReply =
  | { type: "ack"; at: string; release?: { version: string; sha256: string; url: string } }
  | { type: "error"; code: ErrorCode; detail: string };

export async function agentMessage(deps: Deps, connectionId: string, body: string | undefined | null): Promise<AgentReply> {
  let parsed: z.infer<typeof message>;
  try {
    const r = message.safeParse(JSON.parse(body ?? ""));
    if (!r.success)
      return {
        type: "error",
        code: "invalid-request",
        detail: `invalid message: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      };
    parsed = r.data;
  } catch {
    return { type: "error", code: "invalid-request", detail: "messages are JSON objects" };
  }
  const conn = await findItem<{ domain: unknown; project: unknown; hostId: unknown; serial: unknown; machineId?: unknown }>(
    deps,
    keys.wsConnection(connectionId),
  );
  if (!conn)
    return {
      type: "error",
      code: "agent.ticket-invalid",
      detail: "this connection is not bound to a host; reconnect with a new ticket",
    };
  const host: HostIdentity = {
    domain: String(conn.domain),
    project: String(conn.project),
    hostId: String(conn.hostId),
    serial: String(conn.serial),
  };
  const t = { domain: host.domain, project: host.project };
  try {
    // The heartbeat's update is conditional on the host existing, so only the certificate is read here,
    // unless the connection predates machine ids on connections and the host must name its machine.
    const known = typeof conn.machineId === "string" ? conn.machineId : undefined;
    const checked = await checkHostCertificate(deps, host, { skipHostRead: known !== undefined });
    const machineId = known ?? checked.machineId;
    if (machineId === undefined)
      return { type: "error", code: "client-certificate.refused", detail: "the host this connection belongs to no longer exists" };
    const ctx: Ctx = { actor: hostActor(machineId), correlationId: `ws-${connectionId}` };
    const { type: _type, ...report } = parsed;
    await reportHeartbeat(deps, ctx, t, host.hostId, { ...report, via: "websocket" });
  } catch (e) {
    if (isDomainError(e)) return { type: "error", code: e.code, detail: e.message };
    throw e;
  }
  const release = await currentRelease(deps);
  return { type: "ack", at: deps.clock.now().toISOString(), ...(release ? { release: releaseForAgent(release) } : {}) };
}
