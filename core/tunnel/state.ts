import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { withoutKeys } from "../store/items.js";
import type { Transaction } from "../store/transaction.js";
import { STALE_SECONDS } from "./frames.js";
import { subjectKey, type TunnelRecord, type TunnelState, type TunnelSubject, tunnelKeys } from "./model.js";

/** The tunnel item of a subject, if any (consistent by default: routing decisions read it). */
export async function readTunnel(deps: Deps, s: TunnelSubject, consistent = true): Promise<TunnelRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: tunnelKeys.tunnel(s), ConsistentRead: consistent }));
  return out.Item ? withoutKeys<TunnelRecord>(out.Item) : undefined;
}

/** A connected tunnel whose agent has not pinged for STALE_SECONDS is as good as down. */
export function isStale(r: Pick<TunnelRecord, "lastSeenAt" | "connectedAt">, now: Date): boolean {
  const heard = r.lastSeenAt ?? r.connectedAt;
  return !heard || now.getTime() - Date.parse(heard) > STALE_SECONDS * 1000;
}

/** Whether requests can go through now. */
export function isLive(r: TunnelRecord | undefined, now: Date): r is TunnelRecord & { connectionId: string; serial: string } {
  return r?.state === "connected" && r.connectionId !== undefined && r.serial !== undefined && !isStale(r, now);
}

/** The public view of a tunnel: a silent agent's tunnel shows as disconnected since it was last heard from. */
export function tunnelView(r: TunnelRecord | undefined, now: Date, fallbackSince: string): TunnelState {
  if (!r) return { state: "awaiting-agent", since: fallbackSince };
  const extra = {
    ...(r.lastSeenAt ? { lastSeenAt: r.lastSeenAt } : {}),
    ...(r.agentVersion ? { agentVersion: r.agentVersion } : {}),
    ...(r.serial ? { certificateSerial: r.serial } : {}),
  };
  if (r.state === "connected" && isStale(r, now)) return { state: "disconnected", since: r.lastSeenAt ?? r.since, ...extra };
  return { state: r.state, since: r.since, ...extra };
}

/** The tunnel item of a new subject, in the transaction that creates the subject. */
export function openTunnel(tx: Transaction, s: TunnelSubject): void {
  const r: TunnelRecord = { subject: subjectKey(s), state: "awaiting-agent", since: tx.at, version: 1 };
  tx.put({ ...tunnelKeys.tunnel(s), kind: "tunnel", ...r }, { condition: "attribute_not_exists(pk)" });
}
