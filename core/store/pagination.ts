import { badRequest } from "../shared/errors.js";

/**
 * Opaque cursors: the DynamoDB LastEvaluatedKey, base64url-encoded. A cursor
 * is checked against the partition the list queries, so a cursor made for
 * one list (or tenant) is refused by another instead of reaching DynamoDB.
 */
export type Key = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function encodeCursor(key: Key | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, expect: { attr: string; value: string }): Key | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badRequest("cursor is not valid", [{ path: "cursor", message: "not a cursor issued by this list" }]);
  }
  const ok =
    typeof key === "object" &&
    key !== null &&
    !Array.isArray(key) &&
    (key as Key)[expect.attr] === expect.value &&
    Object.values(key as Key).every((v) => typeof v === "string" || typeof v === "number");
  if (!ok) throw badRequest("cursor is not valid", [{ path: "cursor", message: "not a cursor issued by this list" }]);
  return key as Key;
}
