import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, preconditionFailed } from "../shared/errors.js";
import { DOMAINS_INDEX_PK, keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, getItem, listItems } from "../store/read.js";
import type { CreateDomainInput, Domain, UpdateDomainInput } from "./model.js";

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

/** A domain's display name and settings (platform-admin). */
export async function updateDomain(deps: Deps, ctx: Ctx, name: string, input: UpdateDomainInput, ifMatch?: number): Promise<Domain> {
  const current = await getItem<Domain>(deps, keys.domain(name), `domain ${name}`, { consistent: true });
  checkIfMatch(`domain ${name}`, current.version, ifMatch);
  const next: Domain = {
    ...current,
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.requireClusterTemplates !== undefined ? { requireClusterTemplates: input.requireClusterTemplates } : {}),
    version: current.version + 1,
  };
  const tx = transaction(deps, ctx);
  const displayName = next.displayName !== undefined ? ", displayName = :dn" : "";
  tx.update(keys.domain(name), `SET requireClusterTemplates = :rt, version = :nv${displayName}`, {
    condition: "version = :v",
    values: {
      ...(displayName ? { ":dn": next.displayName } : {}),
      ":rt": next.requireClusterTemplates ?? false,
      ":nv": next.version,
      ":v": current.version,
    },
    onConditionFailed: () => preconditionFailed("domain was changed concurrently; read it again"),
  }).emit(
    "ckp.domain.updated",
    `domains/${name}`,
    { displayName: next.displayName, requireClusterTemplates: next.requireClusterTemplates ?? false },
    { domain: name },
  );
  await tx.commit();
  return { ...next, requireClusterTemplates: next.requireClusterTemplates ?? false };
}
