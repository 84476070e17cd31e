import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent, type EventCause, type EventScope, eventItem } from "../../events/outbox.js";
import type { EventData, EventType } from "../../events/registry.js";
import { conflict } from "../shared/errors.js";

type Values = Record<string, unknown>;
type Names = Record<string, string>;
type TxItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>[number];

export interface Condition {
  condition?: string;
  names?: Names;
  values?: Values;
  /** the error to raise when this item's condition fails */
  onConditionFailed?: () => Error;
}

const MAX_ITEMS = 100;
const CONFLICT_RETRIES = 3;

/**
 * One DynamoDB transaction: state changes plus the events that describe them
 * (docs/architecture.md, rule 2). A failed condition surfaces as the error its operation
 * named, so callers see "request already decided", not "transaction failed".
 */
export class Transaction {
  private readonly items: TxItem[] = [];
  private readonly onFail: Array<(() => Error) | undefined> = [];
  readonly events: Envelope[] = [];

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cause: EventCause,
    /** the transaction's time: events carry it, and state written with it should use it too */
    readonly now: Date,
  ) {}

  /** `now` as an ISO 8601 string, for timestamps in the state this transaction writes. */
  get at(): string {
    return this.now.toISOString();
  }

  get size(): number {
    return this.items.length;
  }

  put(item: Values, c: Condition = {}): this {
    return this.add({ Put: { TableName: this.table, Item: item, ...expr(c) } }, c.onConditionFailed);
  }

  update(key: Values, update: string, c: Condition = {}): this {
    return this.add({ Update: { TableName: this.table, Key: key, UpdateExpression: update, ...expr(c) } }, c.onConditionFailed);
  }

  delete(key: Values, c: Condition = {}): this {
    return this.add({ Delete: { TableName: this.table, Key: key, ...expr(c) } }, c.onConditionFailed);
  }

  check(key: Values, c: Condition & { condition: string }): this {
    return this.add(
      { ConditionCheck: { TableName: this.table, Key: key, ConditionExpression: c.condition, ...namesValues(c) } },
      c.onConditionFailed,
    );
  }

  emit<T extends EventType>(type: T, subject: string, data: EventData<T>, scope: EventScope): Envelope {
    const e = buildEvent(type, subject, data, scope, this.cause, this.now);
    this.events.push(e);
    this.add({ Put: { TableName: this.table, Item: eventItem(e) } }, undefined);
    return e;
  }

  async commit(): Promise<void> {
    if (this.items.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: this.items }));
        return;
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const reasons = err.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
        if (failed >= 0) throw this.onFail[failed]?.() ?? conflict("the resource was changed concurrently; retry");
        const onlyConflicts = reasons.length > 0 && reasons.every((r) => !r.Code || r.Code === "None" || r.Code === "TransactionConflict");
        if (onlyConflicts && attempt < CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
          continue;
        }
        if (onlyConflicts) throw conflict("the resource was changed concurrently; retry");
        throw err;
      }
    }
  }

  private add(item: TxItem, onFail: (() => Error) | undefined): this {
    if (this.items.length >= MAX_ITEMS) throw new Error(`a transaction holds at most ${MAX_ITEMS} items`);
    this.items.push(item);
    this.onFail.push(onFail);
    return this;
  }
}

function namesValues(c: Condition): { ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values } {
  return {
    ...(c.names && Object.keys(c.names).length ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values && Object.keys(c.values).length ? { ExpressionAttributeValues: c.values } : {}),
  };
}

function expr(c: Condition) {
  return { ...(c.condition ? { ConditionExpression: c.condition } : {}), ...namesValues(c) };
}
