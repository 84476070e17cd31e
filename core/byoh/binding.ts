import { DeleteCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { type ProjectRef, projectPk } from "../store/keys.js";

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

export type StoredBinding = { hostId: string; locations?: unknown; lastError?: ByoHostBinding["lastError"]; updatedAt: string };

/** What a binding item (`BYOHOST#<hostId>`) holds, as a binding; reads answer it without its `kind`. */
export const bindingOf = (hostId: string, item: StoredBinding): ByoHostBinding => {
  const locations = item.locations instanceof Set ? [...(item.locations as Set<string>)] : [];
  return { hostId, locations: locations.sort(), ...(item.lastError ? { lastError: item.lastError } : {}), updatedAt: item.updatedAt };
};

const BINDING_KIND = "byohost-binding";

const addUpdate = (deps: Deps, t: ProjectRef, hostId: string, managementClusterId: string, now: string) => ({
  TableName: deps.table,
  Key: bindingKey(t, hostId),
  UpdateExpression: "ADD locations :mc SET kind = :kind, hostId = :h, updatedAt = :u REMOVE lastError",
  ExpressionAttributeValues: { ":mc": new Set([managementClusterId]), ":kind": BINDING_KIND, ":h": hostId, ":u": now },
});

/**
 * Records a location for each of several hosts before their applies: one
 * transaction for up to 100 (an update each, without conditions: only a
 * concurrent writer of the same items can cancel it, and the message is then
 * retried), a plain update for one.
 */
export async function addLocations(deps: Deps, t: ProjectRef, adds: Array<{ hostId: string; managementClusterId: string }>): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (let i = 0; i < adds.length; i += 100) {
    const chunk = adds.slice(i, i + 100).map((a) => addUpdate(deps, t, a.hostId, a.managementClusterId, now));
    if (chunk.length === 1) await deps.db.send(new UpdateCommand(chunk[0] as ReturnType<typeof addUpdate>));
    else await deps.db.send(new TransactWriteCommand({ TransactItems: chunk.map((Update) => ({ Update })) }));
  }
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
        ":kind": BINDING_KIND,
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
