import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict } from "../shared/errors.js";
import { DOMAINS_INDEX_PK, keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { getItem, listItems } from "../store/read.js";
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
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () => conflict(`domain ${input.name} already exists`, undefined, "already-exists"),
    },
  ).emit("ckp.domain.created", `domains/${input.name}`, { name: input.name, displayName: input.displayName }, { domain: input.name });
  await tx.commit();
  return domain;
}

export function getDomain(deps: Deps, name: string): Promise<Domain> {
  return getItem<Domain>(deps, keys.domain(name), `domain ${name}`);
}

export function listDomains(deps: Deps, page: { limit: number; cursor?: string }): Promise<Page<Domain>> {
  return listItems<Domain>(deps, { partition: DOMAINS_INDEX_PK, index: 1, page });
}
