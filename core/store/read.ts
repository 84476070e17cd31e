import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { type CodeOf, notFound, preconditionFailed } from "../shared/errors.js";
import { withoutKeys } from "./items.js";
import { decodeCursor, encodeCursor, type Key, type Page } from "./pagination.js";

/**
 * The one way core modules read items and list them: get-or-404, a list by
 * partition and sort-key prefix whose cursor is always checked against that
 * list, every page of a partition for workers (no client cursor), and the
 * If-Match version check. Items come back without their key and index
 * attributes.
 */
type ItemKey = { pk: string; sk: string };
type Db = Pick<Deps, "db" | "table">;

interface ReadOptions {
  consistent?: boolean;
  /** attributes to read (ProjectionExpression), when the caller needs only a few */
  attributes?: string[];
}

function projection(attributes: string[] | undefined): Pick<QueryCommandInput, "ProjectionExpression" | "ExpressionAttributeNames"> {
  if (!attributes?.length) return {};
  return {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(", "),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
  };
}

/** The item at `key`, or undefined. */
export async function findItem<T>(deps: Db, key: ItemKey, o: ReadOptions = {}): Promise<T | undefined> {
  const out = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: o.consistent ?? false, ...projection(o.attributes) }),
  );
  return out.Item ? withoutKeys<T>(out.Item) : undefined;
}

/** The item at `key`; a 404 naming `what` (e.g. "cluster c_01…") when there is none. */
export async function getItem<T>(deps: Db, key: ItemKey, what: string, o: ReadOptions & { code?: CodeOf<"not-found"> } = {}): Promise<T> {
  const item = await findItem<T>(deps, key, o);
  if (item === undefined) throw notFound(what, o.code);
  return item;
}

/**
 * Items read together before the code that needs them runs (one batch read
 * instead of one request each, where the keys are known up front): `has`
 * says whether a key was read, `get` what it held (undefined: no item).
 */
export interface ReadAhead {
  has(key: ItemKey): boolean;
  get<T>(key: ItemKey): T | undefined;
}

const keyOf = (k: ItemKey) => `${k.pk}\u0000${k.sk}`;

/** Reads `keys` (up to 100, distinct or not) in one batch read. */
export async function readAhead(deps: Db, keys: ItemKey[], o: Pick<ReadOptions, "consistent"> = {}): Promise<ReadAhead> {
  const wanted = new Map(keys.map((k) => [keyOf(k), { pk: k.pk, sk: k.sk }]));
  const found = new Map<string, unknown>();
  let left = [...wanted.values()];
  while (left.length > 0) {
    const res = await deps.db.send(
      new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: left, ConsistentRead: o.consistent ?? false } } }),
    );
    for (const item of res.Responses?.[deps.table] ?? []) found.set(keyOf(item as ItemKey), withoutKeys(item));
    left = (res.UnprocessedKeys?.[deps.table]?.Keys ?? []) as ItemKey[];
  }
  return { has: (k) => wanted.has(keyOf(k)), get: <T>(k: ItemKey) => found.get(keyOf(k)) as T | undefined };
}

/** The item at `key` as `ahead` read it, if it did; else read now. */
export async function findItemVia<T>(deps: Db, ahead: ReadAhead | undefined, key: ItemKey, o: ReadOptions = {}): Promise<T | undefined> {
  return ahead?.has(key) ? ahead.get<T>(key) : findItem<T>(deps, key, o);
}

/** The items at `keys` that exist (any order), read in batches of 100. */
export async function findItems<T>(deps: Db, keys: ItemKey[], o: ReadOptions = {}): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let left: Array<Record<string, unknown>> = keys.slice(i, i + 100);
    while (left.length > 0) {
      const res = await deps.db.send(
        new BatchGetCommand({
          RequestItems: { [deps.table]: { Keys: left, ConsistentRead: o.consistent ?? false, ...projection(o.attributes) } },
        }),
      );
      out.push(...(res.Responses?.[deps.table] ?? []).map((item) => withoutKeys<T>(item)));
      left = (res.UnprocessedKeys?.[deps.table]?.Keys ?? []) as Array<Record<string, unknown>>;
    }
  }
  return out;
}

export interface PartitionQuery<T> {
  /** the partition queried: `pk`, or index N's `gsiNpk` */
  partition: string;
  /** the index (1, 2, 3 …) or none for the table */
  index?: number;
  /** the prefix of the sort key (`begins_with`) */
  prefix?: string;
  /** a sort-key range instead of a prefix (`BETWEEN`), e.g. a time window */
  between?: [string, string];
  /** sort keys below this one (`<`), e.g. reports older than a cutoff */
  before?: string;
  /** newest first (descending sort key) */
  descending?: boolean;
  /** a FilterExpression over item attributes; a filtered page may come back short */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  consistent?: boolean;
  /** attributes to read, when only a few are needed */
  attributes?: string[];
  /** turns a stored item (without keys) into what the list answers */
  map?: (item: Record<string, unknown>) => T;
}

export interface ListQuery<T> extends PartitionQuery<T> {
  page: { limit: number; cursor?: string | undefined };
  /**
   * With a filter: Query again (up to this many times) while the page is
   * short and the partition goes on, so a sparse filter still fills pages.
   */
  maxQueries?: number;
}

function keyAttrs(index: number | undefined) {
  return { pk: index ? `gsi${index}pk` : "pk", sk: index ? `gsi${index}sk` : "sk" };
}

function queryInput(deps: Db, q: PartitionQuery<unknown>): QueryCommandInput {
  const attrs = keyAttrs(q.index);
  const proj = projection(q.attributes);
  const names: Record<string, string> = { "#pk": attrs.pk, ...(q.filter?.names ?? {}), ...(proj.ExpressionAttributeNames ?? {}) };
  const values: Record<string, unknown> = { ":pk": q.partition, ...(q.filter?.values ?? {}) };
  let condition = "#pk = :pk";
  if (q.between) {
    condition += " AND #sk BETWEEN :from AND :to";
    values[":from"] = q.between[0];
    values[":to"] = q.between[1];
  } else if (q.before !== undefined) {
    condition += " AND #sk < :before";
    values[":before"] = q.before;
  } else if (q.prefix !== undefined) {
    condition += " AND begins_with(#sk, :prefix)";
    values[":prefix"] = q.prefix;
  }
  if (condition !== "#pk = :pk") names["#sk"] = attrs.sk;
  return {
    TableName: deps.table,
    ...(q.index ? { IndexName: `gsi${q.index}` } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(q.descending ? { ScanIndexForward: false } : {}),
    ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
    ...(q.consistent ? { ConsistentRead: true } : {}),
    ...(proj.ProjectionExpression ? { ProjectionExpression: proj.ProjectionExpression } : {}),
  };
}

const mapper = <T>(q: PartitionQuery<T>) => {
  const map = q.map ?? ((i: Record<string, unknown>) => i as T);
  return (item: Record<string, unknown>) => map(withoutKeys<Record<string, unknown>>(item));
};

/** A page of a list by partition and sort-key prefix; the cursor must belong to exactly this list (else 400). */
export async function listItems<T>(deps: Db, q: ListQuery<T>): Promise<Page<T>> {
  const input = queryInput(deps, q);
  const map = mapper(q);
  const items: T[] = [];
  let start: Key | undefined = decodeCursor(q.page.cursor, {
    attr: keyAttrs(q.index).pk,
    value: q.partition,
    ...(q.prefix !== undefined && !q.between && q.before === undefined ? { prefix: q.prefix } : {}),
  });
  const queries = q.filter ? Math.max(1, q.maxQueries ?? 1) : 1;
  for (let i = 0; i < queries; i++) {
    const out = await deps.db.send(new QueryCommand({ ...input, Limit: q.page.limit - items.length, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) items.push(map(item));
    start = out.LastEvaluatedKey;
    if (!start || items.length >= q.page.limit) break;
  }
  return { items, nextCursor: encodeCursor(start) };
}

/**
 * One page of a partition for workers and commands (no client cursor): it
 * starts at `from`, a key DynamoDB itself returned as `next`.
 */
export async function queryPage<T>(
  deps: Db,
  q: PartitionQuery<T> & { pageSize?: number; from?: Key | undefined },
): Promise<{ items: T[]; next: Key | undefined }> {
  const out = await deps.db.send(new QueryCommand({ ...queryInput(deps, q), Limit: q.pageSize ?? 100, ExclusiveStartKey: q.from }));
  return { items: (out.Items ?? []).map(mapper(q)), next: out.LastEvaluatedKey };
}

/** Every item of a partition, a page at a time (queryPage after queryPage), for workers and commands that must see all of it. */
export async function* eachPage<T>(deps: Db, q: PartitionQuery<T> & { pageSize?: number; from?: Key }): AsyncGenerator<T[]> {
  let from: Key | undefined = q.from;
  do {
    const page = await queryPage(deps, { ...q, from });
    from = page.next;
    yield page.items;
  } while (from);
}

/** If-Match: the caller read version `ifMatch`; anything else is 412. */
export function checkIfMatch(what: string, current: number, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && ifMatch !== current) throw preconditionFailed(`${what} is at version ${current}, not ${ifMatch}`);
}
