import { BatchGetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { type DomainError, rateLimited } from "../shared/errors.js";
import { keys, type ProjectRef } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";

/**
 * Registration failures are counted per machine id and per tenant in fixed
 * windows (items expire by TTL). Past the limit, registrations from that
 * machine (or, past the much higher tenant limit, the tenant) answer 429
 * with Retry-After until the window ends, whether their proof is right or
 * wrong, so guessing the PSK gets nowhere.
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

function limited(detail: string, end: number, now: Date): DomainError {
  const retryAfter = Math.max(1, end - Math.floor(now.getTime() / 1000));
  return rateLimited(`${detail}; retry after ${retryAfter}s`, retryAfter, "registration.throttled");
}

const machineDetail = (machineId: string) => `too many failed registrations from machine ${machineId}`;
const TENANT_DETAIL = "too many failed registrations in this project";

/**
 * Refuses a registration whose machine or tenant is over its failure limit.
 * Used where a registration already failed (a wrong proof, a stale
 * timestamp…), so a throttled caller learns nothing from its attempts;
 * a registration that passed its checks is held to the same limits inside
 * its transaction instead (`throttleChecks`), at no extra round trip.
 */
export async function checkRegistrationThrottle(deps: Deps, t: ProjectRef, machineId: string): Promise<void> {
  const now = deps.clock.now();
  const { start, end } = windowOf(now);
  const machineKey = keys.registrationFailures(t, { machineId }, start);
  const tenantKey = keys.registrationFailures(t, "tenant", start);
  const out = await deps.db.send(
    new BatchGetCommand({
      RequestItems: { [deps.table]: { Keys: [machineKey, tenantKey], ProjectionExpression: "pk, failures", ConsistentRead: true } },
    }),
  );
  const items = out.Responses?.[deps.table] ?? [];
  const count = (pk: string) => Number(items.find((i) => i.pk === pk)?.failures ?? 0);
  if (count(machineKey.pk) >= REGISTRATION_THROTTLE.perMachine) throw limited(machineDetail(machineId), end, now);
  if (count(tenantKey.pk) >= REGISTRATION_THROTTLE.perTenant) throw limited(TENANT_DETAIL, end, now);
}

/** The same limits as condition checks of the registration's own transaction. */
export function throttleChecks(tx: Transaction, t: ProjectRef, machineId: string): void {
  const { start, end } = windowOf(tx.now);
  const under = "attribute_not_exists(failures) OR failures < :limit";
  tx.check(keys.registrationFailures(t, { machineId }, start), {
    condition: under,
    values: { ":limit": REGISTRATION_THROTTLE.perMachine },
    onConditionFailed: () => limited(machineDetail(machineId), end, tx.now),
  });
  tx.check(keys.registrationFailures(t, "tenant", start), {
    condition: under,
    values: { ":limit": REGISTRATION_THROTTLE.perTenant },
    onConditionFailed: () => limited(TENANT_DETAIL, end, tx.now),
  });
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
