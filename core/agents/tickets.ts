import { createHash, randomBytes } from "node:crypto";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import type { HostIdentity } from "../pki/verify.js";
import { unauthenticated } from "../shared/errors.js";
import { keys } from "../store/keys.js";

/**
 * WebSocket connect tickets. API Gateway WebSocket APIs cannot do mutual
 * TLS, so an agent first asks for a ticket over the mTLS HTTPS API and
 * presents it when it connects: short-lived, single use, stored hashed.
 * The local dev server uses the same tickets, so one code path is tested.
 */
export const TICKET_TTL_SECONDS = 60;

export interface Ticket {
  ticket: string;
  expiresAt: string;
}

const hash = (ticket: string) => createHash("sha256").update(ticket).digest("base64url");

export async function createTicket(deps: Deps, host: HostIdentity): Promise<Ticket> {
  const ticket = randomBytes(32).toString("base64url");
  const expires = new Date(deps.clock.now().getTime() + TICKET_TTL_SECONDS * 1000);
  await deps.db.send(
    new PutCommand({
      TableName: deps.table,
      Item: {
        ...keys.wsTicket(hash(ticket)),
        kind: "ws-ticket",
        ...host,
        notAfter: expires.toISOString(),
        expiresAt: Math.ceil(expires.getTime() / 1000),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { ticket, expiresAt: expires.toISOString() };
}

/** Spends a ticket: it names the host the connection belongs to. */
export async function consumeTicket(deps: Deps, ticket: string | undefined): Promise<HostIdentity> {
  if (!ticket || ticket.length > 128)
    throw unauthenticated("a connect ticket is required (POST /v1/agent/ws-ticket over mTLS)", "agent.ticket-invalid");
  let item: Record<string, unknown> | undefined;
  try {
    const out = await deps.db.send(
      new DeleteCommand({
        TableName: deps.table,
        Key: keys.wsTicket(hash(ticket)),
        ConditionExpression: "attribute_exists(pk)",
        ReturnValues: "ALL_OLD",
      }),
    );
    item = out.Attributes;
  } catch (e) {
    if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
  }
  // TTL deletion is lazy: an expired ticket may still be in the table.
  if (!item || String(item.notAfter) < deps.clock.now().toISOString())
    throw unauthenticated("the connect ticket is unknown, used or expired", "agent.ticket-invalid");
  return {
    domain: String(item.domain),
    project: String(item.project),
    hostId: String(item.hostId),
    serial: String(item.serial),
    ...(typeof item.machineId === "string" ? { machineId: item.machineId } : {}),
  };
}
