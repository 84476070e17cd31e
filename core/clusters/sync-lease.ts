import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";

/** The item a management cluster's status sync holds while it runs (core/clusters/status-sync.ts takes and renews it). */
export const leaseKey = (managementClusterId: string) => ({ pk: `STATUSSYNC#${managementClusterId}`, sk: "LEASE" });

/**
 * Whether a status sync holds the management cluster's lease now (unexpired;
 * a sync that stops gives it up, one that dies lets it expire within its 15 s).
 * One eventually consistent GetItem of the expiry alone.
 */
export async function syncAlive(deps: Pick<Deps, "db" | "table" | "clock">, managementClusterId: string): Promise<boolean> {
  const out = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: leaseKey(managementClusterId), ProjectionExpression: "expiresAt" }),
  );
  const expiresAt = out.Item?.expiresAt;
  return typeof expiresAt === "number" && expiresAt > deps.clock.now().getTime();
}
