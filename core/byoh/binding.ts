import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import { findItems } from "../store/read.js";

/**
 * Where a host's ByoHost may exist: the management clusters it was applied
 * to and not yet confirmed deleted from. A location is recorded before the
 * apply and dropped after the delete, so after a crash the record names at
 * least every cluster holding the object, and the next reconcile (even of a
 * host that no longer exists) knows where to clean up.
 */
export interface ByoHostBinding {
  hostId: string;
  /** management cluster ids */
  locations: string[];
  /** the last terminal failure (the management cluster rejected the object) */
  lastError?: { managementClusterId: string; message: string; at: string };
  updatedAt: string;
}

export const bindingKey = (t: ProjectRef, hostId: string) => ({ pk: projectPk(t), sk: `BYOHOST#${hostId}` });

type StoredBinding = { hostId: string; locations?: unknown; lastError?: ByoHostBinding["lastError"]; updatedAt: string };

const bindingOf = (hostId: string, item: StoredBinding): ByoHostBinding => {
  const locations = item.locations instanceof Set ? [...(item.locations as Set<string>)] : [];
  return { hostId, locations: locations.sort(), ...(item.lastError ? { lastError: item.lastError } : {}), updatedAt: item.updatedAt };
};

/** Several hosts' records in batch reads (a host without one is absent from the answer). */
export async function getBindings(deps: Deps, t: ProjectRef, hostIds: string[]): Promise<Map<string, ByoHostBinding>> {
  if (hostIds.length === 0) return new Map();
  const items = await findItems<StoredBinding>(
    deps,
    hostIds.map((id) => bindingKey(t, id)),
    { consistent: true },
  );
  return new Map(items.map((item) => [item.hostId, bindingOf(item.hostId, item)]));
}

export async function addLocation(deps: Deps, t: ProjectRef, hostId: string, managementClusterId: string): Promise<void> {
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: bindingKey(t, hostId),
      UpdateExpression: "ADD locations :mc SET kind = :kind, hostId = :h, updatedAt = :u REMOVE lastError",
      ExpressionAttributeValues: {
        ":mc": new Set([managementClusterId]),
        ":kind": "byohost-binding",
        ":h": hostId,
        ":u": deps.clock.now().toISOString(),
      },
    }),
  );
}

/** Drops a location; the record goes with its last one. */
export async function removeLocation(deps: Deps, t: ProjectRef, hostId: string, managementClusterId: string): Promise<void> {
  const out = await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.table,
        Key: bindingKey(t, hostId),
        UpdateExpression: "DELETE locations :mc SET updatedAt = :u",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":mc": new Set([managementClusterId]), ":u": deps.clock.now().toISOString() },
        ReturnValues: "ALL_NEW",
      }),
    )
    .catch((e: unknown) => {
      if ((e as Error).name === "ConditionalCheckFailedException") return undefined;
      throw e;
    });
  // DynamoDB removes a set that became empty; then the record has nothing left to say
  if (out?.Attributes && out.Attributes.locations === undefined && out.Attributes.lastError === undefined) {
    await deps.db
      .send(
        new DeleteCommand({ TableName: deps.table, Key: bindingKey(t, hostId), ConditionExpression: "attribute_not_exists(locations)" }),
      )
      .catch((e: unknown) => {
        if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
      });
  }
}

export async function recordError(deps: Deps, t: ProjectRef, hostId: string, managementClusterId: string, message: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: bindingKey(t, hostId),
      UpdateExpression: "SET kind = :kind, hostId = :h, updatedAt = :u, lastError = :e",
      ExpressionAttributeValues: {
        ":kind": "byohost-binding",
        ":h": hostId,
        ":u": at,
        ":e": { managementClusterId, message: message.slice(0, 2000), at },
      },
    }),
  );
}

/** Forgets a record with no locations (e.g. only an error of a host since deleted). */
export async function dropBinding(deps: Deps, t: ProjectRef, hostId: string): Promise<void> {
  await deps.db
    .send(new DeleteCommand({ TableName: deps.table, Key: bindingKey(t, hostId), ConditionExpression: "attribute_not_exists(locations)" }))
    .catch((e: unknown) => {
      if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
    });
}
