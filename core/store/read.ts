import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { type CodeOf, notFound, preconditionFailed } from "../shared/errors.js";
import { withoutKeys } from "./items.js";
import { decodeCursor, encodeCursor, type Page } from "./pagination.js";

/**
 * The one way core modules read items and list them: get-or-404, a list by
 * partition and sort-key prefix whose cursor is always checked against that
 * list, and the If-Match version check. Items come back without their key
 * and index attributes.
 */
type Key = { pk: string; sk: string };

/** The item at `key`, or undefined. */
export async function findItem<T>(deps: Pick<Deps, "db" | "table">, key: Key, o: { consistent?: boolean } = {}): Promise<T | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: o.consistent ?? false }));
  return out.Item ? withoutKeys<T>(out.Item) : undefined;
}

/** The item at `key`; a 404 naming `what` (e.g. "cluster c_01…") when there is none. */
export async function getItem<T>(
  deps: Pick<Deps, "db" | "table">,
  key: Key,
  what: string,
  o: { consistent?: boolean; code?: CodeOf<"not-found"> } = {},
): Promise<T> {
  const item = await findItem<T>(deps, key, o);
  if (item === undefined) throw notFound(what, o.code);
  return item;
}

export interface ListQuery<T> {
  /** the partition queried: `pk`, or index N's `gsiNpk` */
  partition: string;
  /** the index (1, 2, 3 …) or none for the table */
  index?: number;
  /** the prefix of the sort key (`begins_with`) */
  prefix?: string;
  /** a sort-key range instead of a prefix (`BETWEEN`), e.g. a time window */
  between?: [string, string];
  page: { limit: number; cursor?: string | undefined };
  /** newest first (descending sort key) */
  descending?: boolean;
  /** a FilterExpression over item attributes; a filtered page may come back short, with a cursor to go on */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  consistent?: boolean;
  /** turns a stored item (without keys) into what the list answers */
  map?: (item: Record<string, unknown>) => T;
}

/** A page of a list by partition and sort-key prefix; the cursor must belong to exactly this list (else 400). */
export async function listItems<T>(deps: Pick<Deps, "db" | "table">, q: ListQuery<T>): Promise<Page<T>> {
  const pkAttr = q.index ? `gsi${q.index}pk` : "pk";
  const skAttr = q.index ? `gsi${q.index}sk` : "sk";
  const names: Record<string, string> = { "#pk": pkAttr, ...(q.filter?.names ?? {}) };
  const values: Record<string, unknown> = { ":pk": q.partition, ...(q.filter?.values ?? {}) };
  let condition = "#pk = :pk";
  if (q.prefix !== undefined || q.between) {
    names["#sk"] = skAttr;
    if (q.between) {
      condition += " AND #sk BETWEEN :from AND :to";
      values[":from"] = q.between[0];
      values[":to"] = q.between[1];
    } else {
      condition += " AND begins_with(#sk, :prefix)";
      values[":prefix"] = q.prefix;
    }
  }
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      ...(q.index ? { IndexName: `gsi${q.index}` } : {}),
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Limit: q.page.limit,
      ...(q.descending ? { ScanIndexForward: false } : {}),
      ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
      ...(q.consistent ? { ConsistentRead: true } : {}),
      ExclusiveStartKey: decodeCursor(q.page.cursor, {
        attr: pkAttr,
        value: q.partition,
        ...(q.prefix !== undefined ? { prefix: q.prefix } : {}),
      }),
    }),
  );
  const map = q.map ?? ((i) => i as T);
  return {
    items: (out.Items ?? []).map((i) => map(withoutKeys<Record<string, unknown>>(i))),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

/** If-Match: the caller read version `ifMatch`; anything else is 412. */
export function checkIfMatch(what: string, current: number, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && ifMatch !== current) throw preconditionFailed(`${what} is at version ${current}, not ${ifMatch}`);
}
