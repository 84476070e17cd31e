import { badRequest } from "../shared/errors.js";

/**
 * Opaque cursors: the DynamoDB LastEvaluatedKey, base64url-encoded. A cursor
 * is checked against the list it is given to before it reaches DynamoDB:
 * exactly the key attributes of the table or index the list queries (all
 * non-empty strings), the list's partition, and the sort key prefix of its
 * key condition. A cursor made for another list or tenant, or edited by
 * hand, is a 400, never a DynamoDB ValidationException.
 */
export type Key = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Longer than any cursor we issue (four keys of at most a few hundred bytes). */
const MAX_CURSOR_CHARS = 4096;

/** The list a cursor must belong to. */
export interface CursorScope {
  /** the partition attribute the list queries: `pk` (the table) or `gsiNpk` (index N) */
  attr: string;
  /** the partition the list queries */
  value: string;
  /** the prefix its key condition puts on the sort key (`begins_with`), if any */
  prefix?: string;
}

export function encodeCursor(key: Key | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key attributes a LastEvaluatedKey of this table (`pk`) or index (`gsiNpk`) holds, and the sort attribute. */
function keySchema(attr: string): { attrs: string[]; sort: string } {
  if (attr === "pk") return { attrs: ["pk", "sk"], sort: "sk" };
  const m = /^gsi(\d)pk$/.exec(attr);
  if (!m) throw new Error(`no key schema for partition attribute ${attr}`);
  const sort = `gsi${m[1]}sk`;
  return { attrs: ["pk", "sk", attr, sort], sort };
}

export function decodeCursor(cursor: string | undefined, expect: CursorScope): Key | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  const invalid = () => badRequest("cursor is not valid", [{ path: "cursor", message: "not a cursor issued by this list" }]);
  if (cursor.length > MAX_CURSOR_CHARS) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof key !== "object" || key === null || Array.isArray(key)) throw invalid();
  const k = key as Key;
  const { attrs, sort } = keySchema(expect.attr);
  const given = Object.keys(k);
  if (given.length !== attrs.length || !attrs.every((a) => typeof k[a] === "string" && k[a] !== "")) throw invalid();
  if (k[expect.attr] !== expect.value) throw invalid();
  if (expect.prefix !== undefined && !(k[sort] as string).startsWith(expect.prefix)) throw invalid();
  return k;
}

/**
 * Whether a DynamoDB error is its refusal of an ExclusiveStartKey (a cursor
 * that passed the checks above but still does not fit the query, e.g. one
 * outside a list's time range). The API answers it as a bad cursor.
 */
export function isStartKeyRejection(err: unknown): boolean {
  return err instanceof Error && err.name === "ValidationException" && /(start(ing)?\s*key|startkey)/i.test(err.message);
}
