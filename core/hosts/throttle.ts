import { BatchGetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { DomainError } from "../shared/errors.js";
import { type ProjectRef, keys } from "../store/keys.js";

/**
 * Registration failures are counted per machine id and per tenant in fixed
 * windows (items expire by TTL). Past the limit, registrations from that
 * machine (or, past the much higher tenant limit, the tenant) answer 429
 * with Retry-After until the window ends — before any proof is checked, so
 * guessing the PSK gets nowhere.
 */
export const REGISTRATION_THROTTLE = {
  windowSeconds: envInt("CKP_REGISTRATION_FAILURE_WINDOW_SECONDS", 600),
  perMachine: envInt("CKP_REGISTRATION_FAILURES_PER_MACHINE", 5),
  perTenant: envInt("CKP_REGISTRATION_FAILURES_PER_TENANT", 200),
};

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

function windowOf(now: Date): { start: number; end: number } {
  const w = REGISTRATION_THROTTLE.windowSeconds;
  const start = Math.floor(now.getTime() / 1000 / w) * w;
  return { start, end: start + w };
}

export async function checkRegistrationThrottle(deps: Deps, t: ProjectRef, machineId: string): Promise<void> {
  const now = deps.clock.now();
  const { start, end } = windowOf(now);
  const machineKey = keys.registrationFailures(t, { machineId }, start);
  const tenantKey = keys.registrationFailures(t, "tenant", start);
  const out = await deps.db.send(
    new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: [machineKey, tenantKey], ProjectionExpression: "pk, failures" } } }),
  );
  const items = out.Responses?.[deps.table] ?? [];
  const count = (pk: string) => Number(items.find((i) => i.pk === pk)?.failures ?? 0);
  const retryAfter = Math.max(1, end - Math.floor(now.getTime() / 1000));
  if (count(machineKey.pk) >= REGISTRATION_THROTTLE.perMachine) {
    throw new DomainError("rate-limited", `too many failed registrations from machine ${machineId}; retry after ${retryAfter}s`, { retryAfter });
  }
  if (count(tenantKey.pk) >= REGISTRATION_THROTTLE.perTenant) {
    throw new DomainError("rate-limited", `too many failed registrations in this project; retry after ${retryAfter}s`, { retryAfter });
  }
}

/** Counts one failure for the machine and its tenant (counters stop at the limit). */
export async function recordRegistrationFailure(deps: Deps, t: ProjectRef, machineId: string): Promise<void> {
  const { start, end } = windowOf(deps.clock.now());
  const bump = (key: Record<string, string>, limit: number) =>
    deps.db
      .send(
        new UpdateCommand({
          TableName: deps.table,
          Key: key,
          UpdateExpression: "ADD failures :one SET expiresAt = :exp, kind = :kind",
          ConditionExpression: "attribute_not_exists(failures) OR failures < :limit",
          ExpressionAttributeValues: { ":one": 1, ":exp": end + 60, ":kind": "registration-failures", ":limit": limit },
        }),
      )
      .catch((e: unknown) => {
        if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
      });
  await Promise.all([
    bump(keys.registrationFailures(t, { machineId }, start), REGISTRATION_THROTTLE.perMachine),
    bump(keys.registrationFailures(t, "tenant", start), REGISTRATION_THROTTLE.perTenant),
  ]);
}
