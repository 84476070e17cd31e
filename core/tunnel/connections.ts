import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, isDomainError } from "../shared/errors.js";
import { connectionsApi } from "./connections-api.js";
import { BODY_CHUNK_BYTES, type PingAnswer, REQUEST_ID } from "./frames.js";
import { checkAgentCertificate } from "./identity.js";
import {
  CONNECTION_TTL_SECONDS,
  eventSubject,
  FRAME_TTL_SECONDS,
  parseSubjectKey,
  subjectKey,
  type TunnelSubject,
  tenantOf,
  tunnelKeys,
} from "./model.js";
import { readTunnel } from "./state.js";
import { refuseIfHeld, spendTunnelTicket } from "./tickets.js";

/**
 * The tunnel's end at the agent WebSocket (functions/agent-ws: API
 * Gateway's $connect/$default/$disconnect, or the dev server's listener
 * feeding it the same events):
 *
 *   $connect    the ticket names the cluster; the connection becomes the
 *               cluster's tunnel (an older one is told it was superseded
 *               and closed)
 *   $default    answer frames are written to the table, one item per
 *               frame, where the worker that sent the request reads them;
 *               pings keep the tunnel marked alive
 *   $disconnect the tunnel is marked disconnected, if this connection
 *               still was its tunnel
 */
const SYSTEM: Ctx["actor"] = { kind: "system", id: "cluster-agent-tunnel" };
const ctxFor = (connectionId: string): Ctx => ({ actor: SYSTEM, correlationId: `ws-${connectionId}` });

export async function tunnelConnect(deps: Deps, connectionId: string, ticket: string | undefined): Promise<TunnelSubject> {
  const t = await spendTunnelTicket(deps, ticket);
  // revoked since the ticket was bought: refused now
  await checkAgentCertificate(deps, t.subject, t.serial);
  if (!t.takeover) await refuseIfHeld(deps, t.subject);
  const before = await readTunnel(deps, t.subject);
  const tx = transaction(deps, ctxFor(connectionId));
  const now = tx.now;
  tx.put({
    ...tunnelKeys.connection(connectionId),
    kind: "tunnel-connection",
    subject: subjectKey(t.subject),
    serial: t.serial,
    connectedAt: tx.at,
    expiresAt: Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS,
  });
  tx.update(
    tunnelKeys.tunnel(t.subject),
    "SET #state = :connected, since = :now, connectionId = :cid, serial = :serial, connectedAt = :now, lastSeenAt = :now, " +
      "#subject = :subject, agentVersion = :agent, version = if_not_exists(version, :zero) + :one REMOVE reason",
    {
      // written on what was read: two agents connecting at once cannot both believe they hold the tunnel
      condition: before ? "version = :v" : "attribute_not_exists(pk)",
      names: { "#state": "state", "#subject": "subject" },
      values: {
        ":connected": "connected",
        ":now": tx.at,
        ":cid": connectionId,
        ":serial": t.serial,
        ":subject": subjectKey(t.subject),
        ":agent": t.version ?? "unknown",
        ":zero": 0,
        ":one": 1,
        ...(before ? { ":v": before.version } : {}),
      },
      onConditionFailed: () => conflict("another agent of this cluster connected at the same time; try again", undefined),
    },
  ).emit(
    "ckp.clusteragent.connected",
    eventSubject(t.subject),
    { clusterId: t.subject.id, clusterKind: t.subject.kind, serial: t.serial, takeover: Boolean(before?.connectionId) },
    tenantOf(t.subject) ?? {},
  );
  await tx.commit();
  const previous = before?.connectionId;
  if (previous && previous !== connectionId) {
    const api = connectionsApi(deps);
    if ((await api.post(previous, { type: "tunnel.superseded" })) === "sent") await api.close(previous);
  }
  return t.subject;
}

/** Marks the tunnel down, if `connectionId` still is its connection (a superseded connection closing changes nothing). */
export async function markDisconnected(deps: Deps, s: TunnelSubject, connectionId: string, reason: string): Promise<boolean> {
  const tx = transaction(deps, ctxFor(connectionId));
  tx.update(tunnelKeys.tunnel(s), "SET #state = :down, since = :now, reason = :reason, version = version + :one REMOVE connectionId", {
    condition: "connectionId = :cid",
    names: { "#state": "state" },
    values: { ":down": "disconnected", ":now": tx.at, ":reason": reason, ":one": 1, ":cid": connectionId },
    onConditionFailed: () => new NotTheTunnel(),
  }).emit("ckp.clusteragent.disconnected", eventSubject(s), { clusterId: s.id, clusterKind: s.kind, reason }, tenantOf(s) ?? {});
  try {
    await tx.commit();
    return true;
  } catch (e) {
    if (e instanceof NotTheTunnel) return false;
    throw e;
  }
}

class NotTheTunnel extends Error {}

export async function tunnelDisconnect(deps: Deps, connectionId: string): Promise<void> {
  bound.delete(`${deps.table}|${connectionId}`);
  const out = await deps.db.send(
    new DeleteCommand({ TableName: deps.table, Key: tunnelKeys.connection(connectionId), ReturnValues: "ALL_OLD" }),
  );
  const subject = out.Attributes ? parseSubjectKey(String(out.Attributes.subject)) : undefined;
  if (subject) await markDisconnected(deps, subject, connectionId, "the agent's connection closed");
}

// Base64 of one body chunk, with room to spare; a frame stays under API Gateway's 32 KB.
const b64 = z
  .string()
  .max(Math.ceil(BODY_CHUNK_BYTES / 3) * 4 + 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);
const requestId = z.string().regex(REQUEST_ID);
const headers = z.record(z.string().max(64), z.string().max(2048)).refine((h) => Object.keys(h).length <= 16, "at most 16 headers");

/** What an agent may send: anything else is refused before it touches the table. */
export const agentFrameSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("tunnel.res"),
    id: requestId,
    seq: z.literal(0),
    status: z.number().int().min(100).max(599),
    headers,
    body: b64.optional(),
    end: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("tunnel.data"),
    id: requestId,
    seq: z.number().int().min(1).max(10_000_000),
    body: b64,
    end: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("tunnel.err"),
    id: requestId,
    seq: z.number().int().min(0).max(10_000_000),
    message: z.string().max(2000),
  }),
  z.strictObject({ type: z.literal("tunnel.ping"), version: z.string().max(64) }),
]);

/**
 * One message from a cluster agent. Answer frames become items the waiting
 * worker reads; a ping answers pong (or superseded, or an error that makes
 * the agent reconnect). Nothing an agent sends can reach another
 * cluster's requests: the frame's partition comes from the connection, not
 * from the frame.
 */
export async function tunnelMessage(deps: Deps, connectionId: string, raw: unknown): Promise<PingAnswer | undefined> {
  const parsed = agentFrameSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      type: "tunnel.error",
      detail: `invalid frame: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
  }
  const conn = await connectionOf(deps, connectionId);
  if (!conn) return { type: "tunnel.error", detail: "this connection is not a cluster agent's tunnel; reconnect with a new ticket" };
  const { subject, serial } = conn;
  const frame = parsed.data;
  if (frame.type === "tunnel.ping") return ping(deps, connectionId, subject, serial, frame.version);
  await deps.db.send(
    new PutCommand({
      TableName: deps.table,
      Item: {
        ...tunnelKeys.frame(subject, frame.id, frame.seq),
        kind: "tunnel-frame",
        ...frame,
        expiresAt: Math.floor(deps.clock.now().getTime() / 1000) + FRAME_TTL_SECONDS,
      },
    }),
  );
  return undefined;
}

/**
 * Which cluster and certificate a connection belongs to, remembered per
 * process: it is fixed from $connect to $disconnect, and a closed
 * connection sends nothing more. (Revocation is checked on every ping and
 * before every request the control plane sends, not here.) Saves a read
 * per answer frame.
 */
const bound = new Map<string, { subject: TunnelSubject; serial: string; at: number }>();
const BOUND_TTL_MS = 5 * 60_000;

async function connectionOf(deps: Deps, connectionId: string): Promise<{ subject: TunnelSubject; serial: string } | undefined> {
  const key = `${deps.table}|${connectionId}`;
  const hit = bound.get(key);
  if (hit && Date.now() - hit.at < BOUND_TTL_MS) return hit;
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: tunnelKeys.connection(connectionId), ConsistentRead: true }));
  const subject = out.Item ? parseSubjectKey(String(out.Item.subject)) : undefined;
  if (!out.Item || !subject) return undefined;
  if (bound.size > 10_000) bound.clear();
  const b = { subject, serial: String(out.Item.serial), at: Date.now() };
  bound.set(key, b);
  return b;
}

async function ping(deps: Deps, connectionId: string, s: TunnelSubject, serial: string, version: string): Promise<PingAnswer> {
  try {
    await checkAgentCertificate(deps, s, serial);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // revoked (or the cluster is gone): the tunnel closes now
    await markDisconnected(deps, s, connectionId, e.message);
    await connectionsApi(deps).close(connectionId);
    return { type: "tunnel.error", detail: e.message };
  }
  const now = deps.clock.now().toISOString();
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: tunnelKeys.tunnel(s),
        UpdateExpression: "SET lastSeenAt = :now, agentVersion = :v",
        ConditionExpression: "connectionId = :cid",
        ExpressionAttributeValues: { ":now": now, ":v": version, ":cid": connectionId },
      }),
    );
  } catch (e) {
    if ((e as Error).name === "ConditionalCheckFailedException") return { type: "tunnel.superseded" };
    throw e;
  }
  return { type: "tunnel.pong", at: now };
}
