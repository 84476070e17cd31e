import { credentialKey, findCredential } from "../credentials/credentials.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { mcKeys } from "../management/items.js";
import type { ManagementCluster } from "../management/model.js";
import { allManagementClusters, findManagementCluster } from "../management/registry.js";
import { conflict, notFound, preconditionFailed, unprocessable } from "../shared/errors.js";
import { matchesSelector } from "../shared/selector.js";
import { keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItemVia, getItem, listItems, type ReadAhead } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import { domainPcsIndexPk, PCS_INDEX_PK, type ProviderClusterRecord, pcKeys, providerClusterItem, publicView, scopePk } from "./items.js";
import {
  CREDENTIAL_TYPE,
  type CreateProviderClusterInput,
  type ProviderCluster,
  type ProviderScope,
  type UpdateProviderClusterInput,
} from "./model.js";

const subject = (s: ProviderScope, name: string) =>
  s.project ? `projects/${s.project}/provider-clusters/${name}` : `provider-clusters/${name}`;
const describe = (s: ProviderScope, name: string) => `provider cluster ${s.project ? `${s.project}/` : ""}${name}`;

/** The credential and management cluster a configuration names: 422 if either is unknown or of the wrong kind. */
async function checkReferences(deps: Deps, domain: string, input: UpdateProviderClusterInput): Promise<{ mc?: ManagementCluster }> {
  const cred = await findCredential(deps, domain, input.credential);
  if (!cred) {
    throw unprocessable(
      `credential ${input.credential} does not exist in domain ${domain}`,
      { credential: input.credential },
      "credential.unknown",
    );
  }
  const want = CREDENTIAL_TYPE[input.type];
  if (cred.type !== want) {
    throw unprocessable(
      `credential ${input.credential} is of type ${cred.type}; a ${input.type} provider cluster needs a ${want} credential`,
      { credential: input.credential },
      "credential.type-mismatch",
    );
  }
  if (input.managementCluster !== undefined) {
    const mc = await findManagementCluster(deps, input.managementCluster);
    if (!mc) {
      throw unprocessable(
        `management cluster ${input.managementCluster} does not exist`,
        { managementCluster: input.managementCluster },
        "management-cluster.unknown",
      );
    }
    return { mc };
  }
  const matching = (await allManagementClusters(deps)).filter((m) => matchesSelector(m.labels, input.placement));
  if (matching.length === 0) {
    throw unprocessable("no management cluster matches the placement rule", { placement: input.placement }, "management-cluster.no-match");
  }
  return {};
}

function useCounter(tx: Transaction, key: Record<string, unknown>, by: 1 | -1, onMissing: () => Error): void {
  tx.update(key, "ADD providerClusterCount :d", { condition: "attribute_exists(pk)", values: { ":d": by }, onConditionFailed: onMissing });
}

export async function createProviderCluster(
  deps: Deps,
  ctx: Ctx,
  s: ProviderScope,
  input: CreateProviderClusterInput,
): Promise<ProviderCluster> {
  const { mc } = await checkReferences(deps, s.domain, input);
  const now = deps.clock.now().toISOString();
  const record: ProviderClusterRecord = {
    name: input.name,
    domain: s.domain,
    ...(s.project ? { project: s.project } : {}),
    scope: s.project ? "project" : "domain",
    type: input.type,
    ...(input.description !== undefined ? { description: input.description } : {}),
    credential: input.credential,
    ...(mc ? { managementCluster: { id: mc.id, name: mc.name }, managementClusterId: mc.id } : {}),
    ...(input.placement ? { placement: input.placement } : {}),
    defaults: input.defaults,
    clusterCount: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const tx = transaction(deps, ctx);
  // The scope must exist; in a project, so must the project.
  tx.check(s.project ? keys.project({ domain: s.domain, project: s.project }) : keys.domain(s.domain), {
    condition: "attribute_exists(pk)",
    onConditionFailed: () => notFound(s.project ? `project ${s.domain}/${s.project}` : `domain ${s.domain}`),
  });
  tx.put(providerClusterItem(record), {
    condition: "attribute_not_exists(pk)",
    onConditionFailed: () => conflict(`${describe(s, input.name)} already exists`, undefined, "already-exists"),
  });
  useCounter(tx, credentialKey(s.domain, input.credential), 1, () =>
    unprocessable(`credential ${input.credential} was deleted meanwhile`, { credential: input.credential }, "credential.unknown"),
  );
  if (mc) {
    useCounter(tx, mcKeys.cluster(mc.id), 1, () =>
      unprocessable(`management cluster ${mc.name} was deleted meanwhile`, { managementCluster: mc.name }, "management-cluster.unknown"),
    );
  }
  tx.emit("ckp.providercluster.created", subject(s, input.name), eventData(record), s);
  await tx.commit();
  return publicView(record);
}

function eventData(r: ProviderClusterRecord) {
  return {
    name: r.name,
    scope: r.scope,
    type: r.type,
    credential: r.credential,
    ...(r.managementClusterId ? { managementClusterId: r.managementClusterId } : {}),
    ...(r.placement ? { placement: r.placement } : {}),
  };
}

async function getRecord(
  deps: Deps,
  s: ProviderScope,
  name: string,
  consistent = false,
  ahead?: ReadAhead,
): Promise<ProviderClusterRecord | undefined> {
  return findItemVia<ProviderClusterRecord>(deps, ahead, pcKeys.providerCluster(s, name), { consistent });
}

/** The keys resolveProviderCluster reads for `name` in project `t`, for a read ahead. */
export function providerClusterKeys(t: { domain: string; project: string }, name: string) {
  return [pcKeys.providerCluster(t, name), pcKeys.providerCluster({ domain: t.domain }, name)];
}

/** Provider cluster `name` of scope `s` (404 if none); a record `ahead` read is not read again. */
export async function getProviderCluster(deps: Deps, s: ProviderScope, name: string, ahead?: ReadAhead): Promise<ProviderCluster> {
  const r = await findItemVia<ProviderClusterRecord>(deps, ahead, pcKeys.providerCluster(s, name));
  if (!r) throw notFound(describe(s, name));
  return publicView(r);
}

/**
 * The provider cluster a cluster in project `t` means by `name`: the
 * project's own first, then the domain's. Undefined if neither exists.
 * Records `ahead` read (providerClusterKeys) are not read again.
 */
export async function resolveProviderCluster(
  deps: Deps,
  t: { domain: string; project: string },
  name: string,
  ahead?: ReadAhead,
): Promise<ProviderCluster | undefined> {
  const own = await getRecord(deps, t, name, true, ahead);
  if (own) return publicView(own);
  const shared = await getRecord(deps, { domain: t.domain }, name, true, ahead);
  return shared ? publicView(shared) : undefined;
}

/**
 * Lists provider clusters: a project's own (scope with project), every one in
 * a domain, both scopes (scope without project; `domainOnly` for just the
 * domain's own), or the platform's (no scope).
 */
export async function listProviderClusters(
  deps: Deps,
  s: ProviderScope | undefined,
  page: { limit: number; cursor?: string },
  o: { domainOnly?: boolean } = {},
): Promise<Page<ProviderCluster>> {
  const map = (i: Record<string, unknown>) => publicView(i as unknown as ProviderClusterRecord);
  // The platform's list; a project's own; a domain's, its own first (gsi1sk "#<name>") and projects' after ("<project>#<name>").
  const where = !s
    ? { partition: PCS_INDEX_PK, index: 2 }
    : s.project
      ? { partition: scopePk(s), prefix: "PC#" }
      : { partition: domainPcsIndexPk(s.domain), index: 1, ...(o.domainOnly ? { prefix: "#" } : {}) };
  return listItems(deps, { ...where, page, map });
}

/** PUT: replaces the configuration. The type cannot change; counters follow the references. */
export async function updateProviderCluster(
  deps: Deps,
  ctx: Ctx,
  s: ProviderScope,
  name: string,
  input: UpdateProviderClusterInput,
  ifMatch?: number,
): Promise<ProviderCluster> {
  const r = await getItem<ProviderClusterRecord>(deps, pcKeys.providerCluster(s, name), describe(s, name), { consistent: true });
  checkIfMatch(describe(s, name), r.version, ifMatch);
  if (input.type !== r.type)
    throw unprocessable(
      `the type of ${describe(s, name)} is ${r.type} and cannot change; create another provider cluster`,
      { type: r.type },
      "provider-cluster.type-immutable",
    );
  const { mc } = await checkReferences(deps, s.domain, input);
  const next: ProviderClusterRecord = {
    name,
    domain: s.domain,
    ...(s.project ? { project: s.project } : {}),
    scope: r.scope,
    type: r.type,
    ...(input.description !== undefined ? { description: input.description } : {}),
    credential: input.credential,
    ...(mc ? { managementCluster: { id: mc.id, name: mc.name }, managementClusterId: mc.id } : {}),
    ...(input.placement ? { placement: input.placement } : {}),
    defaults: input.defaults,
    clusterCount: r.clusterCount,
    createdAt: r.createdAt,
    updatedAt: deps.clock.now().toISOString(),
    version: r.version + 1,
  };
  const tx = transaction(deps, ctx);
  // Whole-item put, guarded by the version read; clusterCount is carried
  // over and guarded too, so a use recorded meanwhile is not lost.
  tx.put(providerClusterItem(next), {
    condition: "version = :v AND clusterCount = :c",
    values: { ":v": r.version, ":c": r.clusterCount },
    onConditionFailed: () => preconditionFailed(`${describe(s, name)} was changed concurrently; read it again`),
  });
  if (next.credential !== r.credential) {
    useCounter(tx, credentialKey(s.domain, next.credential), 1, () =>
      unprocessable(`credential ${next.credential} was deleted meanwhile`, { credential: next.credential }, "credential.unknown"),
    );
    useCounter(tx, credentialKey(s.domain, r.credential), -1, () => conflict(`credential ${r.credential} changed concurrently; retry`));
  }
  if (next.managementClusterId !== r.managementClusterId) {
    if (next.managementClusterId) {
      useCounter(tx, mcKeys.cluster(next.managementClusterId), 1, () =>
        unprocessable(
          `management cluster ${input.managementCluster} was deleted meanwhile`,
          { managementCluster: input.managementCluster },
          "management-cluster.unknown",
        ),
      );
    }
    if (r.managementClusterId)
      useCounter(tx, mcKeys.cluster(r.managementClusterId), -1, () => conflict("management cluster changed concurrently; retry"));
  }
  tx.emit("ckp.providercluster.updated", subject(s, name), eventData(next), s);
  await tx.commit();
  return publicView(next);
}

/** Deletes a provider cluster no cluster uses (409 otherwise). */
export async function deleteProviderCluster(deps: Deps, ctx: Ctx, s: ProviderScope, name: string, ifMatch?: number): Promise<void> {
  const r = await getItem<ProviderClusterRecord>(deps, pcKeys.providerCluster(s, name), describe(s, name), { consistent: true });
  checkIfMatch(describe(s, name), r.version, ifMatch);
  const inUse = () =>
    conflict(`${describe(s, name)} is used by ${r.clusterCount} cluster(s)`, { clusterCount: r.clusterCount }, "provider-cluster.in-use");
  if (r.clusterCount > 0) throw inUse();
  const tx = transaction(deps, ctx);
  tx.delete(pcKeys.providerCluster(s, name), {
    condition: "clusterCount = :zero",
    values: { ":zero": 0 },
    onConditionFailed: () => conflict(`${describe(s, name)} came into use while being deleted`, undefined, "provider-cluster.in-use"),
  });
  useCounter(tx, credentialKey(s.domain, r.credential), -1, () => conflict(`credential ${r.credential} changed concurrently; retry`));
  if (r.managementClusterId)
    useCounter(tx, mcKeys.cluster(r.managementClusterId), -1, () => conflict("management cluster changed concurrently; retry"));
  tx.emit("ckp.providercluster.deleted", subject(s, name), { name, scope: r.scope, type: r.type }, s);
  await tx.commit();
}
