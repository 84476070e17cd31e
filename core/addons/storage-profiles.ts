import type { Sealed } from "../crypto/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { badRequest, conflict, notFound, unprocessable } from "../shared/errors.js";
import { domainPk, keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, findItemVia, getItem, listItems, type ReadAhead } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import type { CephConnection, StorageProfile, StorageProfileInput } from "./storage-model.js";

/**
 * Storage profiles of a domain (core/addons/storage-model.ts): written by a
 * platform admin, read (without the key) by the domain's admins, used by
 * clusters. Each cluster that uses a profile has a use item, written with
 * the cluster (so the profile cannot be deleted in between) and removed by
 * the cluster's delete saga; the profile counts them.
 */
export const storageKeys = {
  profile: (domain: string, name: string) => ({ pk: domainPk(domain), sk: `STORAGEPROFILE#${name}` }),
  /** which profile clusters of the domain get when they name none */
  defaultProfile: (domain: string) => ({ pk: domainPk(domain), sk: "STORAGEDEFAULT" }),
  use: (domain: string, clusterId: string) => ({ pk: domainPk(domain), sk: `STORAGEUSE#${clusterId}` }),
};

/** The sealed key is bound to the domain, the profile and its purpose. */
const keyContext = (domain: string, name: string) => ({ purpose: "storage-profile", tenant: domain, profile: name });

interface ProfileRecord extends Omit<StorageProfile, "default" | "userKeySet"> {
  sealedKey: Sealed;
}

interface DefaultRecord {
  name: string;
}

interface UseRecord {
  domain: string;
  project: string;
  clusterId: string;
  profile: string;
  recordedAt: string;
}

function view(r: ProfileRecord, defaultName: string | undefined): StorageProfile {
  const { sealedKey: _k, ...rest } = r;
  return { ...rest, userKeySet: true, default: defaultName === r.name };
}

async function defaultName(deps: Deps, domain: string, consistent = false, ahead?: ReadAhead): Promise<string | undefined> {
  return (await findItemVia<DefaultRecord>(deps, ahead, storageKeys.defaultProfile(domain), { consistent }))?.name;
}

const describe = (domain: string, name: string) => `storage profile ${name} of domain ${domain}`;

/**
 * Creates or replaces a profile (platform-admin). The key is required when
 * the profile is new; a replace without one keeps the stored key. If-Match
 * guards a replace.
 */
export async function putStorageProfile(
  deps: Deps,
  ctx: Ctx,
  domain: string,
  name: string,
  input: StorageProfileInput,
  ifMatch?: number,
): Promise<{ profile: StorageProfile; created: boolean }> {
  const prev = await findItem<ProfileRecord>(deps, storageKeys.profile(domain, name), { consistent: true });
  if (prev) checkIfMatch(describe(domain, name), prev.version, ifMatch);
  else if (ifMatch !== undefined) throw notFound(describe(domain, name));
  if (!prev && !input.userKey) {
    throw badRequest("userKey is required when a storage profile is created", [
      { path: "userKey", message: "required when the profile is created" },
    ]);
  }
  const now = deps.clock.now().toISOString();
  const sealedKey = input.userKey ? await deps.secrets.seal(input.userKey, keyContext(domain, name)) : (prev?.sealedKey as Sealed);
  const record: ProfileRecord = {
    name,
    domain,
    ...(input.description !== undefined ? { description: input.description } : {}),
    cephClusterId: input.cephClusterId,
    monitors: input.monitors,
    pool: input.pool,
    userId: input.userId,
    clusterCount: prev?.clusterCount ?? 0,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    version: (prev?.version ?? 0) + 1,
    sealedKey,
  };
  const currentDefault = await defaultName(deps, domain, true);
  const tx = transaction(deps, ctx);
  tx.check(keys.domain(domain), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`domain ${domain}`) });
  // clusterCount is only ever changed by uses: a replace keeps whatever it is now
  const { clusterCount: _c, ...fields } = record;
  const sets = Object.keys(fields).map((k) => `#f_${k} = :f_${k}`);
  tx.update(storageKeys.profile(domain, name), `SET #kind = :kind, ${sets.join(", ")}, clusterCount = if_not_exists(clusterCount, :zero)`, {
    condition: prev ? "version = :v" : "attribute_not_exists(pk)",
    names: { "#kind": "kind", ...Object.fromEntries(Object.keys(fields).map((k) => [`#f_${k}`, k])) },
    values: {
      ":kind": "storage-profile",
      ":zero": 0,
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:f_${k}`, v])),
      ...(prev ? { ":v": prev.version } : {}),
    },
    onConditionFailed: () =>
      prev
        ? conflict(`${describe(domain, name)} changed concurrently; read it again`)
        : conflict(`${describe(domain, name)} was created concurrently`),
  });
  let isDefault = currentDefault === name;
  if (input.default && currentDefault !== name) {
    tx.put({ ...storageKeys.defaultProfile(domain), kind: "storage-default", name });
    isDefault = true;
  } else if (!input.default && currentDefault === name) {
    tx.delete(storageKeys.defaultProfile(domain), { condition: "#n = :name", names: { "#n": "name" }, values: { ":name": name } });
    isDefault = false;
  }
  const data = {
    name,
    cephClusterId: record.cephClusterId,
    monitors: record.monitors,
    pool: record.pool,
    userId: record.userId,
    default: isDefault,
    keyChanged: input.userKey !== undefined,
  };
  tx.emit(prev ? "ckp.storageprofile.updated" : "ckp.storageprofile.created", `storage-profiles/${name}`, data, { domain });
  await tx.commit();
  return { profile: { ...view(record, isDefault ? name : undefined) }, created: !prev };
}

export async function getStorageProfile(deps: Deps, domain: string, name: string): Promise<StorageProfile> {
  const [r, d] = await Promise.all([
    getItem<ProfileRecord>(deps, storageKeys.profile(domain, name), describe(domain, name)),
    defaultName(deps, domain),
  ]);
  return view(r, d);
}

export async function listStorageProfiles(
  deps: Deps,
  domain: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<StorageProfile>> {
  const [p, d] = await Promise.all([
    listItems<ProfileRecord>(deps, { partition: domainPk(domain), prefix: "STORAGEPROFILE#", page }),
    defaultName(deps, domain),
  ]);
  return { items: p.items.map((r) => view(r, d)), nextCursor: p.nextCursor };
}

/** Deletes a profile no cluster uses (409 `storage-profile.in-use` otherwise). */
export async function deleteStorageProfile(deps: Deps, ctx: Ctx, domain: string, name: string, ifMatch?: number): Promise<void> {
  const r = await getItem<ProfileRecord>(deps, storageKeys.profile(domain, name), describe(domain, name), { consistent: true });
  checkIfMatch(describe(domain, name), r.version, ifMatch);
  const inUse = () =>
    conflict(
      `${describe(domain, name)} is used by ${r.clusterCount} cluster(s); delete them first`,
      { clusterCount: r.clusterCount },
      "storage-profile.in-use",
    );
  if (r.clusterCount > 0) throw inUse();
  const wasDefault = (await defaultName(deps, domain, true)) === name;
  const tx = transaction(deps, ctx);
  tx.delete(storageKeys.profile(domain, name), { condition: "clusterCount = :zero", values: { ":zero": 0 }, onConditionFailed: inUse });
  if (wasDefault)
    tx.delete(storageKeys.defaultProfile(domain), { condition: "#n = :name", names: { "#n": "name" }, values: { ":name": name } });
  tx.emit("ckp.storageprofile.deleted", `storage-profiles/${name}`, { name }, { domain });
  await tx.commit();
}

/** The keys resolveStorageProfile reads, for a read ahead: the named profile, or the domain's default (its profile is read after). */
export function storageProfileKeys(domain: string, requested: string | undefined) {
  return [requested ? storageKeys.profile(domain, requested) : storageKeys.defaultProfile(domain)];
}

/**
 * The profile a new cluster's storage plugin uses: the one it names, else
 * the domain's default; 422 `cluster.storage-profile-missing` when there is
 * none, saying how to get one or how to do without.
 */
export async function resolveStorageProfile(deps: Deps, domain: string, requested: string | undefined, ahead?: ReadAhead): Promise<string> {
  const name = requested ?? (await defaultName(deps, domain, true, ahead));
  const hint =
    "a platform admin registers one with PUT /v1/domains/{domain}/storage-profiles/{name}; or create the cluster with addons.storage.enabled=false";
  if (!name) {
    throw unprocessable(
      `the cluster asks for the CKP storage plugin, but domain ${domain} has no default storage profile; ${hint}`,
      { storageProfile: null },
      "cluster.storage-profile-missing",
    );
  }
  const r = await findItemVia<ProfileRecord>(deps, ahead, storageKeys.profile(domain, name), { consistent: true });
  if (!r) {
    throw unprocessable(
      `the cluster asks for the CKP storage plugin with storage profile ${name}, which domain ${domain} does not have; ${hint}`,
      { storageProfile: name },
      "cluster.storage-profile-missing",
    );
  }
  return name;
}

/**
 * Records a cluster's use of a profile (its first saga step does, once):
 * the use item and the profile's count, the latter only if the profile still
 * exists (422 `cluster.storage-profile-missing` otherwise). Kept out of the
 * create request's transaction, which already counts the cluster on its
 * provider cluster: two counters every create of a domain updates would
 * make each create wait on the others. Idempotent.
 */
export async function recordStorageProfileUse(
  deps: Deps,
  ctx: Ctx,
  domain: string,
  profile: string,
  cluster: { project: string; clusterId: string },
): Promise<"recorded" | "unchanged"> {
  const tx = transaction(deps, ctx);
  addStorageProfileUse(tx, domain, profile, cluster);
  try {
    await tx.commit();
  } catch (e) {
    // recorded before (a repeated step): the write is tried first, the use read only when it is refused
    if (await findItem(deps, storageKeys.use(domain, cluster.clusterId), { consistent: true })) return "unchanged";
    throw e;
  }
  return "recorded";
}

/** Adds a cluster's use of a profile to `tx`: the use item and the profile's count, if the profile still exists. */
export function addStorageProfileUse(tx: Transaction, domain: string, profile: string, cluster: { project: string; clusterId: string }) {
  const use: UseRecord = { domain, project: cluster.project, clusterId: cluster.clusterId, profile, recordedAt: tx.at };
  tx.put({ ...storageKeys.use(domain, cluster.clusterId), kind: "storage-use", ...use }, { condition: "attribute_not_exists(pk)" }).update(
    storageKeys.profile(domain, profile),
    "ADD clusterCount :one",
    {
      condition: "attribute_exists(pk)",
      values: { ":one": 1 },
      onConditionFailed: () =>
        unprocessable(
          `storage profile ${profile} of domain ${domain} was deleted meanwhile`,
          { storageProfile: profile },
          "cluster.storage-profile-missing",
        ),
    },
  );
}

/** Releases a deleted cluster's use of its profile. Idempotent. */
export async function releaseStorageProfileUse(deps: Deps, ctx: Ctx, domain: string, clusterId: string): Promise<string | undefined> {
  const use = await findItem<UseRecord>(deps, storageKeys.use(domain, clusterId), { consistent: true });
  if (!use) return undefined;
  const tx = transaction(deps, ctx);
  tx.delete(storageKeys.use(domain, clusterId), { condition: "attribute_exists(pk)" }).update(
    storageKeys.profile(domain, use.profile),
    "ADD clusterCount :minus",
    { condition: "attribute_exists(pk)", values: { ":minus": -1 } },
  );
  try {
    await tx.commit();
  } catch (e) {
    // released by a repeated step meanwhile
    if ((await findItem(deps, storageKeys.use(domain, clusterId), { consistent: true })) === undefined) return use.profile;
    throw e;
  }
  return use.profile;
}

/** A profile's Ceph connection with the key opened (lifecycle worker only). */
export async function openStorageProfile(deps: Deps, domain: string, name: string): Promise<CephConnection> {
  const r = await getItem<ProfileRecord>(deps, storageKeys.profile(domain, name), describe(domain, name), { consistent: true });
  return {
    profile: name,
    cephClusterId: r.cephClusterId,
    monitors: r.monitors,
    pool: r.pool,
    userId: r.userId,
    userKey: await deps.secrets.openString(r.sealedKey, keyContext(domain, name)),
  };
}
