import { createHash, randomBytes } from "node:crypto";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Deps } from "../deps.js";
import { conflict, unauthenticated } from "../shared/errors.js";
import type { ClusterAgentIdentity } from "./identity.js";
import { parseSubjectKey, subjectKey, type TunnelSubject, tunnelKeys } from "./model.js";
import { isLive, readTunnel } from "./state.js";

/**
 * Connect tickets for cluster agents, as for host agents (core/agents/
 * tickets.ts): API Gateway WebSockets cannot do mutual TLS, so the agent
 * buys a single-use ticket over the mTLS API and presents it on connect.
 * Tunnel tickets carry their own prefix, so the WebSocket's $connect knows
 * which kind of agent connects without a read.
 */
export const TUNNEL_TICKET_PREFIX = "ct_";
export const TUNNEL_TICKET_TTL_SECONDS = 60;

export const ticketInput = z.strictObject({
  takeover: z
    .boolean()
    .optional()
    .describe(
      "true (default): this agent replaces whichever agent of the cluster holds the tunnel; false: only if none does (an agent that was superseded stands by this way)",
    ),
  version: z
    .string()
    .regex(/^[0-9A-Za-z.+-]{1,64}$/)
    .optional()
    .describe("the agent's build, shown in the tunnel's state"),
});
export type TicketInput = z.infer<typeof ticketInput>;

export interface TunnelTicket {
  subject: TunnelSubject;
  serial: string;
  takeover: boolean;
  version?: string;
}

const hash = (ticket: string) => createHash("sha256").update(ticket).digest("base64url");

export async function createTunnelTicket(
  deps: Deps,
  id: ClusterAgentIdentity,
  o: TicketInput,
): Promise<{ ticket: string; expiresAt: string }> {
  const takeover = o.takeover ?? true;
  if (!takeover) await refuseIfHeld(deps, id.subject);
  const ticket = `${TUNNEL_TICKET_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expires = new Date(deps.clock.now().getTime() + TUNNEL_TICKET_TTL_SECONDS * 1000);
  await deps.db.send(
    new PutCommand({
      TableName: deps.table,
      Item: {
        ...tunnelKeys.ticket(hash(ticket)),
        kind: "tunnel-ticket",
        subject: subjectKey(id.subject),
        serial: id.serial,
        takeover,
        ...(o.version ? { version: o.version } : {}),
        notAfter: expires.toISOString(),
        expiresAt: Math.ceil(expires.getTime() / 1000),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { ticket, expiresAt: expires.toISOString() };
}

/** An agent that is not taking over is refused while another agent of its cluster holds a live tunnel. */
export async function refuseIfHeld(deps: Deps, s: TunnelSubject, exceptConnection?: string): Promise<void> {
  const r = await readTunnel(deps, s);
  if (isLive(r, deps.clock.now()) && r.connectionId !== exceptConnection) {
    throw conflict(
      `another agent of this cluster holds the tunnel (connected since ${r.since}); standing by`,
      { since: r.since },
      "cluster-agent.tunnel-held",
    );
  }
}

/** Spends a ticket: it names the cluster and certificate the connection belongs to. */
export async function spendTunnelTicket(deps: Deps, ticket: string | undefined): Promise<TunnelTicket> {
  const invalid = () => unauthenticated("the connect ticket is unknown, used or expired");
  if (!ticket || ticket.length > 128 || !ticket.startsWith(TUNNEL_TICKET_PREFIX)) throw invalid();
  let item: Record<string, unknown> | undefined;
  try {
    const out = await deps.db.send(
      new DeleteCommand({
        TableName: deps.table,
        Key: tunnelKeys.ticket(hash(ticket)),
        ConditionExpression: "attribute_exists(pk)",
        ReturnValues: "ALL_OLD",
      }),
    );
    item = out.Attributes;
  } catch (e) {
    if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
  }
  const subject = item ? parseSubjectKey(String(item.subject)) : undefined;
  if (!item || !subject || String(item.notAfter) < deps.clock.now().toISOString()) throw invalid();
  return {
    subject,
    serial: String(item.serial),
    takeover: item.takeover !== false,
    ...(typeof item.version === "string" ? { version: item.version } : {}),
  };
}
