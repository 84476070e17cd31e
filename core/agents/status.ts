import { createHash } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import type { AgentStatus, Host } from "../hosts/model.js";
import { conflict } from "../shared/errors.js";
import { agentReadyPk, keys, type ProjectRef } from "../store/keys.js";
import { eachPage, getItem } from "../store/read.js";
import type { HeartbeatInput } from "./health.js";

/**
 * A host's agent reachability (product §10 health reporting): every report
 * sets `agent` on the host and files the host under the ready index by the
 * time of the report; a scheduled sweep turns hosts whose last report is
 * older than the threshold `unreachable`. Only transitions emit events.
 *
 * Heartbeats do not bump the host's version: they are not edits, and a
 * user's If-Match must not fail because an agent reported in between.
 */
export const READY_SHARDS = 8;

export function readyShard(hostId: string): number {
  return (createHash("sha256").update(hostId).digest()[0] ?? 0) % READY_SHARDS;
}

export interface HeartbeatOutcome {
  transition: "none" | "connected";
}

export async function reportHeartbeat(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  hostId: string,
  report: HeartbeatInput & { via: AgentStatus["via"] },
  attempt = 0,
): Promise<HeartbeatOutcome> {
  const now = deps.clock.now().toISOString();
  const agent: AgentStatus = {
    status: "ready",
    lastSeenAt: now,
    via: report.via,
    version: report.version,
    health: report.health,
    ...(report.upgrade ? { upgrade: report.upgrade } : {}),
    ...(report.packages ? { packages: report.packages } : {}),
  };
  const set = "SET #agent = :a, gsi3pk = :g, gsi3sk = :s";
  const setValues = { ":a": agent, ":g": agentReadyPk(readyShard(hostId)), ":s": `${now}#${hostId}` };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.host(t, hostId),
        UpdateExpression: set,
        ConditionExpression: "attribute_exists(pk) AND #agent.#st = :ready",
        ExpressionAttributeNames: { "#agent": "agent", "#st": "status" },
        ExpressionAttributeValues: { ...setValues, ":ready": "ready" },
      }),
    );
    return { transition: "none" };
  } catch (e) {
    if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
  }
  // Not ready before (first report, or back from unreachable): a transition with its event.
  const current = await getItem<Host>(deps, keys.host(t, hostId), `host ${hostId}`, { consistent: true });
  const previous = (current.agent?.status ?? "none") as "ready" | "unreachable" | "none";
  if (previous === "ready") {
    // another report won the race
    if (attempt < 2) return reportHeartbeat(deps, ctx, t, hostId, report, attempt + 1);
    throw conflict(`host ${hostId} changed concurrently; report again`);
  }
  const tx = transaction(deps, ctx);
  tx.update(
    keys.host(t, hostId),
    set,
    previous === "none"
      ? {
          condition: "attribute_exists(pk) AND attribute_not_exists(#agent)",
          names: { "#agent": "agent" },
          values: setValues,
          onConditionFailed: () => new Raced(),
        }
      : {
          condition: "attribute_exists(pk) AND #agent.#st = :unreachable",
          names: { "#agent": "agent", "#st": "status" },
          values: { ...setValues, ":unreachable": "unreachable" },
          onConditionFailed: () => new Raced(),
        },
  ).emit("ckp.host.agent-connected", `hosts/${hostId}`, { hostId, version: report.version, previous }, t);
  try {
    await tx.commit();
  } catch (e) {
    // Another report (or the sweep, or a delete) changed the host meanwhile: report again from what is there now.
    if (e instanceof Raced && attempt < 2) return reportHeartbeat(deps, ctx, t, hostId, report, attempt + 1);
    throw e;
  }
  return { transition: "connected" };
}

/**
 * The sweep: hosts whose agent last reported before `now - timeoutSeconds`
 * become unreachable, each with an event. Queries the ready index (one
 * partition per shard), never scans.
 */
export async function sweepUnreachableHosts(deps: Deps, opts: { timeoutSeconds: number; limit?: number }): Promise<number> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - opts.timeoutSeconds * 1000).toISOString();
  const ctx: Ctx = { actor: { kind: "system", id: "agent-sweep" }, correlationId: `sweep-${now.toISOString()}` };
  // Shards are swept side by side: one slow partition does not hold up the others.
  const counts = await Promise.all(
    Array.from({ length: READY_SHARDS }, async (_, shard) => {
      let marked = 0;
      const stale = eachPage<Host>(deps, { partition: agentReadyPk(shard), index: 3, before: cutoff, pageSize: opts.limit ?? 100 });
      for await (const hosts of stale) {
        for (const h of hosts) if (await markUnreachable(deps, ctx, h, cutoff, now.toISOString())) marked++;
      }
      return marked;
    }),
  );
  const marked = counts.reduce((a, b) => a + b, 0);
  return marked;
}

async function markUnreachable(deps: Deps, ctx: Ctx, h: Host, cutoff: string, now: string): Promise<boolean> {
  const t = { domain: h.domain, project: h.project };
  const tx = transaction(deps, ctx);
  tx.update(keys.host(t, h.id), "SET #agent.#st = :unreachable, #agent.unreachableSince = :now REMOVE gsi3pk, gsi3sk", {
    condition: "attribute_exists(pk) AND #agent.#st = :ready AND #agent.lastSeenAt < :cutoff",
    names: { "#agent": "agent", "#st": "status" },
    values: { ":unreachable": "unreachable", ":ready": "ready", ":now": now, ":cutoff": cutoff },
    onConditionFailed: () => new StillReady(),
  }).emit("ckp.host.agent-lost", `hosts/${h.id}`, { hostId: h.id, lastSeenAt: h.agent?.lastSeenAt ?? "" }, t);
  try {
    await tx.commit();
    return true;
  } catch (e) {
    if (e instanceof StillReady) return false; // it reported meanwhile, or was deleted
    throw e;
  }
}

class StillReady extends Error {}
class Raced extends Error {}
