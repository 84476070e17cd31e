import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, notFound } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { DOMAINS_INDEX_PK, keys } from "../store/keys.js";
import { decodeCursor, encodeCursor, type Page } from "../store/pagination.js";
import type { CreateDomainInput, Domain } from "./model.js";

export async function createDomain(deps: Deps, ctx: Ctx, input: CreateDomainInput): Promise<Domain> {
  const domain: Domain = {
    name: input.name,
    ...(input.displayName ? { displayName: input.displayName } : {}),
    createdAt: deps.clock.now().toISOString(),
    version: 1,
  };
  const tx = transaction(deps, ctx);
  tx.put(
    { ...keys.domain(input.name), kind: "domain", ...domain, gsi1pk: DOMAINS_INDEX_PK, gsi1sk: input.name },
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => conflict(`domain ${input.name} already exists`) },
  ).emit("ckp.domain.created", `domains/${input.name}`, { name: input.name, displayName: input.displayName }, { domain: input.name });
  await tx.commit();
  return domain;
}

export async function getDomain(deps: Deps, name: string): Promise<Domain> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.domain(name) }));
  if (!out.Item) throw notFound(`domain ${name}`);
  return withoutKeys<Domain>(out.Item);
}

export async function listDomains(deps: Deps, page: { limit: number; cursor?: string }): Promise<Page<Domain>> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": DOMAINS_INDEX_PK },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attr: "gsi1pk", value: DOMAINS_INDEX_PK }),
    }),
  );
  return { items: (out.Items ?? []).map((i) => withoutKeys<Domain>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}
