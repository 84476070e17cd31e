import type { Cluster } from "../clusters/model.js";
import type { Sealed } from "../crypto/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, eachPage, findItem, getItem, listItems } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import { addClaim, checkClaim, removeClaim, storeOf } from "./bucket-claims.js";
import {
  type BackupLocation,
  type CreateBackupLocationInput,
  type LocationInCluster,
  normalizePrefix,
  type S3Target,
  type UpdateBackupLocationInput,
} from "./location-model.js";
import { checkEndpointAllowed, probeBucket, type S3Keys } from "./probe.js";
import type { OpenedLocation } from "./render.js";

/**
 * A project's backup storage locations (core/backups/location-model.ts).
 * Every create and every change of where or how the bucket is reached is
 * checked for real (core/backups/probe.ts) before it is stored, and takes
 * its bucket and prefix in the per-bucket claims (core/backups/bucket-claims.ts)
 * in the same transaction.
 */
export const backupKeys = {
  location: (t: ProjectRef, name: string) => ({ pk: projectPk(t), sk: `BACKUPLOC#${name}` }),
  /** which location backups of the project use when they name none */
  defaultLocation: (t: ProjectRef) => ({ pk: projectPk(t), sk: "BACKUPDEFAULT" }),
};

/** The sealed keys are bound to the tenant, the location and their purpose. */
const keysContext = (t: ProjectRef, name: string) => ({ purpose: "backup-location", tenant: t.domain, project: t.project, location: name });

interface LocationRecord extends Omit<BackupLocation, "default" | "credentialsSet" | "clusters"> {
  sealedCredentials: Sealed;
}

const describe = (name: string) => `backup location ${name}`;

function view(r: LocationRecord, defaultName: string | undefined, seen?: Map<string, LocationInCluster[]>): BackupLocation {
  const { sealedCredentials: _s, ...rest } = r;
  return { ...rest, credentialsSet: true, default: defaultName === r.name, clusters: seen?.get(r.name) ?? [] };
}

async function defaultName(deps: Deps, t: ProjectRef, consistent = false): Promise<string | undefined> {
  return (await findItem<{ name: string }>(deps, backupKeys.defaultLocation(t), { consistent }))?.name;
}

function targetOf(r: S3Target): S3Target {
  return {
    bucket: r.bucket,
    ...(r.prefix !== undefined ? { prefix: r.prefix } : {}),
    region: r.region,
    ...(r.endpoint !== undefined ? { endpoint: r.endpoint } : {}),
    s3ForcePathStyle: r.s3ForcePathStyle,
    ...(r.caBundle !== undefined ? { caBundle: r.caBundle } : {}),
  };
}

function eventData(r: LocationRecord, isDefault: boolean, credentialsChanged: boolean) {
  return {
    name: r.name,
    bucket: r.bucket,
    ...(r.prefix !== undefined ? { prefix: r.prefix } : {}),
    region: r.region,
    ...(r.endpoint !== undefined ? { endpoint: r.endpoint } : {}),
    s3ForcePathStyle: r.s3ForcePathStyle,
    default: isDefault,
    credentialsChanged,
  };
}

/** Sets or clears the project's default location in `tx`; answers whether `name` is the default afterwards. */
function setDefault(tx: Transaction, t: ProjectRef, name: string, wanted: boolean | undefined, current: string | undefined): boolean {
  if (wanted === true && current !== name) {
    tx.put({ ...backupKeys.defaultLocation(t), kind: "backup-default", name });
    return true;
  }
  if (wanted === false && current === name) {
    tx.delete(backupKeys.defaultLocation(t), { condition: "#n = :name", names: { "#n": "name" }, values: { ":name": name } });
    return false;
  }
  return current === name;
}

export async function createBackupLocation(deps: Deps, ctx: Ctx, t: ProjectRef, input: CreateBackupLocationInput): Promise<BackupLocation> {
  const target = targetOf({ ...input, prefix: normalizePrefix(input.prefix) } as S3Target);
  checkEndpointAllowed(target, deps.backupEndpointHosts);
  const exists = () => conflict(`${describe(input.name)} already exists`, undefined, "already-exists");
  if (await findItem(deps, backupKeys.location(t, input.name), { consistent: true })) throw exists();
  const claim = await checkClaim(deps, t, target);
  await probeBucket(target, input.credentials);
  const sealedCredentials = await deps.secrets.seal(JSON.stringify(input.credentials), keysContext(t, input.name));
  const currentDefault = await defaultName(deps, t, true);
  const tx = transaction(deps, ctx);
  const record: LocationRecord = {
    name: input.name,
    ...t,
    ...(input.description !== undefined ? { description: input.description } : {}),
    provider: input.provider,
    ...target,
    verifiedAt: tx.at,
    createdAt: tx.at,
    updatedAt: tx.at,
    version: 1,
    sealedCredentials,
  };
  tx.put(
    { ...backupKeys.location(t, input.name), kind: "backup-location", ...record },
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: exists,
    },
  );
  addClaim(tx, t, input.name, claim, target.prefix);
  const isDefault = setDefault(tx, t, input.name, input.default || undefined, currentDefault);
  tx.emit("ckp.backuplocation.created", `backup-locations/${input.name}`, eventData(record, isDefault, true), t);
  await tx.commit();
  return view(record, isDefault ? input.name : undefined);
}

/**
 * What the project's clusters' Velero last reported of each location (the
 * addon checks read the BackupStorageLocations back; core/addons/health.ts),
 * by location name.
 */
async function inClusters(deps: Deps, t: ProjectRef): Promise<Map<string, LocationInCluster[]>> {
  const out = new Map<string, LocationInCluster[]>();
  const q = { partition: projectPk(t), prefix: "CLUSTER#", attributes: ["id", "name", "addonHealth"] };
  for await (const page of eachPage<Pick<Cluster, "id" | "name" | "addonHealth">>(deps, q)) {
    for (const c of page) {
      for (const l of c.addonHealth?.addons.find((f) => f.addon === "velero")?.backupLocations ?? []) {
        const list = out.get(l.name) ?? [];
        const { name: _n, ...status } = l;
        list.push({ clusterId: c.id, cluster: c.name, ...status });
        out.set(l.name, list);
      }
    }
  }
  return out;
}

export async function getBackupLocation(deps: Deps, t: ProjectRef, name: string): Promise<BackupLocation> {
  const [r, d, seen] = await Promise.all([
    getItem<LocationRecord>(deps, backupKeys.location(t, name), describe(name)),
    defaultName(deps, t),
    inClusters(deps, t),
  ]);
  return view(r, d, seen);
}

export async function listBackupLocations(
  deps: Deps,
  t: ProjectRef,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<BackupLocation>> {
  const [p, d, seen] = await Promise.all([
    listItems<LocationRecord>(deps, { partition: projectPk(t), prefix: "BACKUPLOC#", page }),
    defaultName(deps, t),
    inClusters(deps, t),
  ]);
  return { items: p.items.map((r) => view(r, d, seen)), nextCursor: p.nextCursor };
}

const TARGET_FIELDS = ["bucket", "prefix", "region", "endpoint", "s3ForcePathStyle", "caBundle"] as const;

/**
 * Changes a location. A change of where the bucket is or how it is reached
 * (bucket, prefix, region, endpoint, addressing, CA bundle) or of the keys
 * is checked again before it is stored; a new bucket or prefix is claimed
 * as on create, and the old claim released.
 */
export async function updateBackupLocation(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  name: string,
  input: UpdateBackupLocationInput,
  ifMatch?: number,
): Promise<BackupLocation> {
  const prev = await getItem<LocationRecord>(deps, backupKeys.location(t, name), describe(name), { consistent: true });
  checkIfMatch(describe(name), prev.version, ifMatch);
  const pick = <K extends keyof S3Target>(k: K, v: S3Target[K] | null | undefined): Partial<S3Target> =>
    v === null ? {} : v === undefined ? (prev[k] !== undefined ? { [k]: prev[k] } : {}) : { [k]: v };
  const prefix = input.prefix === undefined ? prev.prefix : normalizePrefix(input.prefix);
  const next = targetOf({
    ...pick("bucket", input.bucket),
    ...(prefix !== undefined ? { prefix } : {}),
    ...pick("region", input.region),
    ...pick("endpoint", input.endpoint),
    ...pick("s3ForcePathStyle", input.s3ForcePathStyle),
    ...pick("caBundle", input.caBundle),
  } as S3Target);
  const before = targetOf(prev);
  const targetChanged = TARGET_FIELDS.some((k) => next[k] !== before[k]);
  const placeChanged = next.bucket !== before.bucket || next.prefix !== before.prefix || storeOf(next) !== storeOf(before);
  const credentialsChanged = input.credentials !== undefined;

  if (targetChanged) checkEndpointAllowed(next, deps.backupEndpointHosts);
  const claim = placeChanged ? await checkClaim(deps, t, next) : undefined;
  let sealedCredentials = prev.sealedCredentials;
  if (targetChanged || credentialsChanged) {
    const keys: S3Keys = input.credentials ?? JSON.parse(await deps.secrets.openString(prev.sealedCredentials, keysContext(t, name)));
    await probeBucket(next, keys);
    if (input.credentials) sealedCredentials = await deps.secrets.seal(JSON.stringify(input.credentials), keysContext(t, name));
  }
  const currentDefault = await defaultName(deps, t, true);
  const tx = transaction(deps, ctx);
  const { prefix: _p, endpoint: _e, caBundle: _c, description: _d, ...kept } = prev;
  const description = input.description === null ? undefined : (input.description ?? prev.description);
  const record: LocationRecord = {
    ...kept,
    ...(description !== undefined ? { description } : {}),
    ...next,
    sealedCredentials,
    ...(targetChanged || credentialsChanged ? { verifiedAt: tx.at } : {}),
    updatedAt: tx.at,
    version: prev.version + 1,
  };
  tx.put(
    { ...backupKeys.location(t, name), kind: "backup-location", ...record },
    {
      condition: "version = :v",
      values: { ":v": prev.version },
      onConditionFailed: () => conflict(`${describe(name)} changed concurrently; read it again`),
    },
  );
  if (claim) {
    if (storeOf(next) !== storeOf(before) || next.bucket !== before.bucket) removeClaim(tx, t, name, before);
    addClaim(tx, t, name, claim, next.prefix);
  }
  const isDefault = setDefault(tx, t, name, input.default, currentDefault);
  tx.emit("ckp.backuplocation.updated", `backup-locations/${name}`, eventData(record, isDefault, credentialsChanged), t);
  await tx.commit();
  return view(record, isDefault ? name : undefined, await inClusters(deps, t));
}

export async function deleteBackupLocation(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, ifMatch?: number): Promise<void> {
  const r = await getItem<LocationRecord>(deps, backupKeys.location(t, name), describe(name), { consistent: true });
  checkIfMatch(describe(name), r.version, ifMatch);
  const wasDefault = (await defaultName(deps, t, true)) === name;
  const tx = transaction(deps, ctx);
  tx.delete(backupKeys.location(t, name), {
    condition: "version = :v",
    values: { ":v": r.version },
    onConditionFailed: () => conflict(`${describe(name)} changed concurrently; read it again`),
  });
  removeClaim(tx, t, name, r);
  if (wasDefault) setDefault(tx, t, name, false, name);
  tx.emit(
    "ckp.backuplocation.deleted",
    `backup-locations/${name}`,
    { name, bucket: r.bucket, ...(r.prefix !== undefined ? { prefix: r.prefix } : {}) },
    t,
  );
  await tx.commit();
}

/** Every location of the project with its keys opened: what its clusters' Velero gets (never an API response). */
export async function openProjectLocations(deps: Deps, t: ProjectRef): Promise<OpenedLocation[]> {
  const d = await defaultName(deps, t, true);
  const out: OpenedLocation[] = [];
  for await (const page of eachPage<LocationRecord>(deps, { partition: projectPk(t), prefix: "BACKUPLOC#", consistent: true })) {
    for (const r of page) {
      const keys = JSON.parse(await deps.secrets.openString(r.sealedCredentials, keysContext(t, r.name))) as S3Keys;
      out.push({ ...targetOf(r), name: r.name, default: d === r.name, keys });
    }
  }
  return out;
}

/** The names of the project's locations (consistent: what a prune keeps). */
export async function projectLocationNames(deps: Deps, t: ProjectRef): Promise<string[]> {
  const names: string[] = [];
  const q = { partition: projectPk(t), prefix: "BACKUPLOC#", consistent: true, attributes: ["name"] };
  for await (const page of eachPage<{ name: string }>(deps, q)) names.push(...page.map((r) => r.name));
  return names;
}
