import { randomBytes } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { TestProject } from "vitest/node";
import { localName, type TableDef, tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";

declare module "vitest" {
  export interface ProvidedContext {
    apiTables: { main: string; idempotency: string; dynamodb: string };
  }
}

/**
 * The in-process API tier: the app under test runs inside the test process
 * (`app.request()`); only its tables are real, in DynamoDB Local — no queue,
 * bucket, relay or worker is involved.
 */
export default async function setup(project: TestProject) {
  const stack = await ensureLocalStack();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  const stage = `api${randomBytes(4).toString("hex")}`;
  const ddb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb });
  const names = { main: localName(stage, tables.main.logical), idempotency: localName(stage, tables.idempotency.logical) };
  await ensureTable(ddb, names.main, tables.main as TableDef);
  await ensureTable(ddb, names.idempotency, tables.idempotency as TableDef);
  project.provide("apiTables", { ...names, dynamodb: stack.endpoints.dynamodb });
  return async () => {
    await Promise.all(Object.values(names).map((n) => ddb.send(new DeleteTableCommand({ TableName: n })).catch(() => undefined)));
    await stack.stop();
  };
}
