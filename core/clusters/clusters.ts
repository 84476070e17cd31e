import { createHash } from "node:crypto";
import { clusterAddonsView } from "../addons/addons-view.js";
import { withHealthConditions } from "../addons/conditions.js";
import { resolveStorageProfile, storageProfileKeys } from "../addons/storage-profiles.js";
import { requireAutoscalingBounds, requireAutoscalingProvider } from "../autoscaling/karpenter-policy.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { type ImportedClusterRecord, publicView as importedView } from "../imported/items.js";
import type { ImportedCluster } from "../imported/model.js";
import { providerClusterKeys } from "../providers/provider-clusters.js";
import { addProviderClusterUse } from "../providers/usage.js";
import { conflict, DomainError, isDomainError, notFound, preconditionFailed, unprocessable } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { keys as hostKeys, type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, findItemVia, getItem, listItems, type ReadAhead, readAhead } from "../store/read.js";
import type { ClusterTemplateRef } from "../templates/model.js";
import { type EncryptionStatus, encryptionStatus, initialEncryption } from "./encryption.js";
import { freeHosts } from "./hosts.js";
import { clusterItem, clusterKeys, clusterNameItem } from "./items.js";
import { type Cluster, type CreateClusterInput, MANAGED_ARGS, type Operation, type StepRecord, type UpdateClusterInput } from "./model.js";
import { checkClusterNetwork } from "./network.js";
import { newSteps, OPERATION_STEPS, PHASE, progressCondition } from "./operations.js";
import { type BundleLookup, commonPlatform, hostPlatform, type PlatformSource, readHosts, requireBundle } from "./platform.js";
import { checkWorkerPools, type NodeTaint, type PoolView, PRIMARY_POOL, poolOf, poolsOf } from "./pools.js";
import { type ClusterRegistryView, checkRegistryInput, IMAGE_REGISTRY, prepareRegistry, registryView } from "./registry.js";
import { checkUpgrade, cniVersion, requireRelease } from "./versions.js";

/**
 * Cluster commands (product §6.1, §19). Each records the request and the event
 * that starts the operation's saga in one transaction; the lifecycle worker
 * does the rest and records its progress on the cluster item.
 */
export interface CreateChecks extends BundleChecks {
  /** the provider cluster a cluster of project `t` means by `name`: the project's own, else the domain's; undefined if neither exists */
  resolveProviderCluster(
    t: ProjectRef,
    name: string,
    ahead?: ReadAhead,
  ): Promise<{ name: string; project?: string; type: string } | undefined>;
}

/** `dryRun`: run every check and build the result, but write nothing (core/clusters/plan.ts answers ?dryRun=true with it). */
export interface DryRun {
  dryRun?: boolean;
}

export interface BundleChecks {
  /** the published BYOH bundle of a version and OS (core/clusters/bundles.ts), if any */
  bundle: BundleLookup;
}

/** What the cluster's workers will run on: the group's free hosts it would take, then the machines a provider makes for the rest. */
export async function plannedWorkers(deps: Deps, t: ProjectRef, input: CreateClusterInput, ahead?: ReadAhead): Promise<PlatformSource[]> {
  const group = await findItemVia(deps, ahead, hostKeys.hostGroup(t, input.hostGroup), { consistent: true });
  if (!group) throw unprocessable(`host group ${input.hostGroup} does not exist`, { hostGroup: input.hostGroup });
  // the hosts the create will take, in its order (core/clusters/hosts.ts): their platforms are the ones checked
  const free = await freeHosts(deps, t, input.hostGroup, input.workers, { spreadFor: input.name });
  const sources = free.map(hostPlatform);
  // further pools are never provisioned: their groups' free hosts must be there (core/clusters/pools.ts)
  for (const [i, p] of (input.workerPools ?? []).entries()) {
    const g = await findItemVia(deps, ahead, hostKeys.hostGroup(t, p.hostGroup), { consistent: true });
    if (!g)
      throw unprocessable(`host group ${p.hostGroup} of worker pool ${p.name} does not exist`, {
        hostGroup: p.hostGroup,
        pool: p.name,
        index: i,
      });
    const poolFree = await freeHosts(deps, t, p.hostGroup, p.count, { spreadFor: input.name });
    if (poolFree.length < p.count) {
      throw unprocessable(
        `host group ${p.hostGroup} has ${poolFree.length} free host(s); worker pool ${p.name} needs ${p.count} (a further pool's hosts are never provisioned)`,
        { freeHosts: poolFree.length, neededHosts: p.count, hostGroup: p.hostGroup, pool: p.name },
        "cluster.insufficient-hosts",
      );
    }
    sources.push(...poolFree.map(hostPlatform));
  }
  const missing = input.workers - free.length;
  if (missing > 0) {
    sources.push({
      what: `the ${missing} machine(s) the provider will create (machines ${input.machines.os}/${input.machines.arch})`,
      os: input.machines.os,
      arch: input.machines.arch,
    });
  }
  return sources;
}

export function checkExtraArgs(input: CreateClusterInput): void {
  const fields: Array<{ path: string; message: string }> = [];
  for (const [component, managed] of Object.entries(MANAGED_ARGS)) {
    const args = input.extraArgs[component as keyof CreateClusterInput["extraArgs"]] ?? {};
    for (const flag of Object.keys(args)) {
      if (managed[flag]) fields.push({ path: `extraArgs.${component}.${flag}`, message: `--${flag} is set from ${managed[flag]}` });
    }
  }
  if (fields.length) throw new DomainError("unprocessable", fields.map((f) => f.message).join("; "), { fields });
}

export async function createCluster(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  input: CreateClusterInput,
  checks: CreateChecks,
  o: DryRun & {
    template?: ClusterTemplateRef;
    /** the request's Idempotency-Key with its caller and path, when it has one (see `createRequest` on Cluster) */
    idempotencyKey?: string;
  } = {},
): Promise<Cluster> {
  const release = requireRelease(input.kubernetesVersion);
  checkExtraArgs(input);
  checkRegistryInput(input.imageRegistry);
  checkWorkerPools(input, input.workerPools ?? []);
  requireAutoscalingBounds(input.addons.karpenter.values);
  checkClusterNetwork({ ...input.network, endpointHost: input.controlPlaneEndpoint?.host });
  const storage = input.addons.storage;
  // the provider cluster, the host groups and the storage profile in one read instead of one each
  const ahead = await readAhead(
    deps,
    [
      ...providerClusterKeys(t, input.providerCluster),
      hostKeys.hostGroup(t, input.hostGroup),
      ...(input.workerPools ?? []).map((p) => hostKeys.hostGroup(t, p.hostGroup)),
      ...(storage.enabled ? storageProfileKeys(t.domain, storage.profile) : []),
    ],
    { consistent: true },
  );
  const pc = await checks.resolveProviderCluster(t, input.providerCluster, ahead);
  if (!pc) {
    throw unprocessable(`provider cluster ${input.providerCluster} exists neither in project ${t.project} nor in domain ${t.domain}`, {
      providerCluster: input.providerCluster,
    });
  }
  if (input.addons.karpenter.enabled) requireAutoscalingProvider(pc.type, input.providerCluster);
  // a missing bundle or a mixed host set is known now: refuse before anything is provisioned
  await requireBundle(checks.bundle, release.version, commonPlatform(await plannedWorkers(deps, t, input, ahead)));
  const storageProfile = storage.enabled ? await resolveStorageProfile(deps, t.domain, storage.profile, ahead) : undefined;
  const now = deps.clock.now().toISOString();
  const op = "create" as const;
  const first = OPERATION_STEPS.create[0] as string;
  const c: Cluster = {
    id: newId("cl"),
    name: input.name,
    ...t,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(o.template ? { template: o.template } : {}),
    kubernetesVersion: release.version,
    cni: { name: input.cni.name, version: cniVersion(release.version, input.cni.name), values: input.cni.values },
    addons: {
      storage: { enabled: storage.enabled, ...(storageProfile ? { profile: storageProfile } : {}), values: storage.values },
      velero: { enabled: input.addons.velero.enabled, values: input.addons.velero.values },
      karpenter: { enabled: input.addons.karpenter.enabled, values: input.addons.karpenter.values },
    },
    providerCluster: input.providerCluster,
    hostGroup: input.hostGroup,
    workers: input.workers,
    ...(input.workerRoles?.length ? { workerRoles: input.workerRoles } : {}),
    ...(input.workerTaints?.length ? { workerTaints: input.workerTaints } : {}),
    ...(input.workerPools?.length ? { workerPools: input.workerPools.map((p) => ({ ...p, hostIds: [] })) } : {}),
    machines: input.machines,
    ...(input.controlPlaneEndpoint ? { controlPlaneEndpoint: input.controlPlaneEndpoint } : {}),
    machineHealthCheck: input.machineHealthCheck,
    network: {
      podCidr: input.network.podCidr,
      serviceCidr: input.network.serviceCidr,
      ...(input.network.nodeCidr ? { nodeCidr: input.network.nodeCidr } : {}),
    },
    extraArgs: input.extraArgs,
    labels: input.labels ?? {},
    annotations: input.annotations ?? {},
    phase: "Provisioning",
    conditions: progressCondition(op, first, now, []),
    operation: op,
    generation: 1,
    step: first,
    steps: newSteps(op, now),
    provisioned: [],
    hostIds: [],
    ...(o.idempotencyKey ? { createRequest: requestDigest(o.idempotencyKey) } : {}),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const registry = await prepareRegistry(deps.secrets, c, input.imageRegistry);
  if (registry.type !== "default") c.imageRegistry = registry;
  if (o.dryRun) return c;
  if (input.encryption?.enabled) c.encryption = await initialEncryption(deps.secrets, c, input.encryption, now);
  const tx = transaction(deps, ctx);
  // The provider cluster's use is recorded with the cluster: from now on it cannot be deleted (409).
  addProviderClusterUse(
    tx,
    { domain: t.domain, ...(pc.project ? { project: pc.project } : {}), name: pc.name },
    { project: t.project, clusterId: c.id },
  );
  tx.check(hostKeys.hostGroup(t, input.hostGroup), {
    condition: "attribute_exists(pk)",
    onConditionFailed: () => unprocessable(`host group ${input.hostGroup} does not exist`, { hostGroup: input.hostGroup }),
  });
  for (const p of input.workerPools ?? []) {
    tx.check(hostKeys.hostGroup(t, p.hostGroup), {
      condition: "attribute_exists(pk)",
      onConditionFailed: () =>
        unprocessable(`host group ${p.hostGroup} of worker pool ${p.name} does not exist`, { hostGroup: p.hostGroup, pool: p.name }),
    });
  }
  tx.put(clusterNameItem(c), {
    condition: "attribute_not_exists(pk)",
    onConditionFailed: () => conflict(`a cluster named ${c.name} already exists in project ${t.project}`, undefined, "cluster.name-taken"),
  })
    .put(clusterItem(c), { condition: "attribute_not_exists(pk)" })
    .emit(
      "ckp.cluster.created",
      `clusters/${c.id}`,
      {
        clusterId: c.id,
        generation: 1,
        step: first,
        name: c.name,
        kubernetesVersion: c.kubernetesVersion,
        cni: c.cni,
        providerCluster: c.providerCluster,
        hostGroup: c.hostGroup,
        workers: c.workers,
        ...(registry.type !== "default" && registry.url
          ? { imageRegistry: { type: registry.type, url: registry.url, ...(registry.username ? { username: registry.username } : {}) } }
          : {}),
        ...(c.workerPools ? { workerPools: c.workerPools.map(({ hostIds: _, ...p }) => p) } : {}),
      },
      t,
    );
  try {
    await tx.commit();
  } catch (e) {
    const same =
      isDomainError(e) && e.code === "cluster.name-taken" && c.createRequest && (await createdBy(deps, t, c.name, c.createRequest));
    if (same) return same;
    throw e;
  }
  return c;
}

const requestDigest = (idempotencyKey: string) => createHash("sha256").update(idempotencyKey).digest("base64url").slice(0, 32);

/**
 * The cluster named `name` if the same create request made it (its Idempotency-Key and caller): the request ran
 * before and its answer was lost with its process (the key's record kept no answer), so it is answered again.
 */
async function createdBy(deps: Deps, t: ProjectRef, name: string, createRequest: string): Promise<Cluster | undefined> {
  const named = await findItem<{ clusterId: string }>(deps, clusterKeys.name(t, name), { consistent: true });
  if (!named) return undefined;
  const c = await findItem<Cluster>(deps, clusterKeys.cluster(t, named.clusterId), { consistent: true });
  return c?.createRequest === createRequest ? c : undefined;
}

export async function getCluster(deps: Deps, t: ProjectRef, id: string, consistent = false): Promise<Cluster> {
  const c = await getItem<Cluster>(deps, clusterKeys.cluster(t, id), `cluster ${id}`, { consistent });
  // imported clusters share the partition (core/imported): they are not CAPI clusters
  if ((c as { type?: string }).type === "imported") throw notFound(`cluster ${id}`);
  return c;
}

/** The project's clusters: CAPI clusters (`type: capi`) and, beside them, imported ones (`type: imported`, core/imported). */
export async function listClusters(
  deps: Deps,
  t: ProjectRef,
  page: { limit: number; cursor?: string },
  only: { template?: string; templateVersion?: string } = {},
): Promise<Page<(ReturnType<typeof publicCluster> & { type: "capi" }) | ImportedCluster>> {
  const byTemplate = only.template
    ? {
        filter: {
          expression: `template.#tn = :tn${only.templateVersion ? " AND template.#tv = :tv" : ""}`,
          names: { "#tn": "name", ...(only.templateVersion ? { "#tv": "version" } : {}) },
          values: { ":tn": only.template, ...(only.templateVersion ? { ":tv": only.templateVersion } : {}) },
        },
        maxQueries: 10,
      }
    : {};
  return listItems(deps, {
    partition: projectPk(t),
    prefix: "CLUSTER#",
    page,
    ...byTemplate,
    map: (i) =>
      i.type === "imported"
        ? importedView(i as unknown as ImportedClusterRecord)
        : { ...publicCluster(i as unknown as Cluster), type: "capi" as const },
  });
}

function checkVersion(c: Cluster, ifMatch: number | undefined): void {
  checkIfMatch(`cluster ${c.name}`, c.version, ifMatch);
}

/** Description, labels and annotations. Labels and annotations reach the CAPI objects at their next apply. */
export async function updateCluster(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  input: UpdateClusterInput,
  ifMatch?: number,
): Promise<Cluster> {
  const c = await getCluster(deps, t, id, true);
  checkVersion(c, ifMatch);
  if (c.phase === "Deleting") throw conflict(`cluster ${c.name} is being deleted`);
  const next: Cluster = {
    ...c,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.labels !== undefined ? { labels: input.labels } : {}),
    ...(input.annotations !== undefined ? { annotations: input.annotations } : {}),
    updatedAt: deps.clock.now().toISOString(),
    version: c.version + 1,
  };
  const tx = transaction(deps, ctx);
  tx.update(
    clusterKeys.cluster(t, id),
    `SET labels = :l, annotations = :a, updatedAt = :u, version = :nv${next.description !== undefined ? ", description = :d" : ""}`,
    {
      condition: "version = :v",
      values: {
        ":l": next.labels,
        ":a": next.annotations,
        ":u": next.updatedAt,
        ":nv": next.version,
        ":v": c.version,
        ...(next.description !== undefined ? { ":d": next.description } : {}),
      },
      onConditionFailed: () => preconditionFailed("the cluster changed concurrently; read it again"),
    },
  ).emit(
    "ckp.cluster.updated",
    `clusters/${id}`,
    { clusterId: id, description: next.description, labels: next.labels, annotations: next.annotations },
    t,
  );
  await tx.commit();
  return next;
}

export function requireReady(c: Cluster, what: string): void {
  if (c.phase !== "Ready") {
    throw conflict(
      `cluster ${c.name} is ${c.phase}${c.phase === "Failed" ? ` (${c.operation} failed at step ${c.step})` : ` (${c.operation}, step ${c.step})`}; it can be ${what} only when Ready`,
      {
        phase: c.phase,
        step: c.step,
      },
      "cluster.not-ready",
    );
  }
}

/** Whether the cluster's last operation was `op` and it failed: then the operation may be retried or abandoned. */
const failedAt = (c: Cluster, op: "scale" | "autoscale" | "upgrade") => c.phase === "Failed" && c.operation === op;

/**
 * The steps of a retried operation: what succeeded stays done, the failed
 * step runs again from now, and the steps after it are pending again.
 */
function resumedSteps(c: Cluster, now: string): { steps: StepRecord[]; step: string } {
  const failed = c.steps.find((r) => r.state === "failed") ?? c.steps.find((r) => r.name === c.step);
  const step = failed?.name ?? (OPERATION_STEPS[c.operation][0] as string);
  const steps = c.steps.map((r): StepRecord => {
    if (r.name === step) return { name: r.name, state: "running", startedAt: now };
    if (r.state === "succeeded" || r.state === "skipped") return r;
    return { name: r.name, state: "pending" };
  });
  return { steps, step };
}

/** The platform of a cluster's hosts (and of hosts it would add), for the bundle check of a scale or upgrade. */
export async function clusterPlatform(deps: Deps, t: ProjectRef, c: Cluster, added: PlatformSource[] = []) {
  const current = (await readHosts(deps, t, c.hostIds)).map(hostPlatform);
  const sources = [...current, ...added];
  return commonPlatform(sources.length ? sources : [{ what: "new machines", os: c.machines.os, arch: c.machines.arch }]);
}

/** Starts operation `op` on a cluster: a new generation whose first step runs now. */
export function startOperation(
  deps: Deps,
  ctx: Ctx,
  c: Cluster,
  op: Exclude<Operation, "create">,
  extra: { set: Record<string, unknown>; condition: string; values: Record<string, unknown>; resume?: boolean },
) {
  const now = deps.clock.now().toISOString();
  const resumed = extra.resume ? resumedSteps(c, now) : undefined;
  const first = resumed?.step ?? (OPERATION_STEPS[op][0] as string);
  const generation = c.generation + 1;
  const phase = PHASE[op];
  const next: Cluster = {
    ...c,
    ...(extra.set as Partial<Cluster>),
    phase,
    operation: op,
    generation,
    step: first,
    steps: resumed?.steps ?? newSteps(op, now),
    conditions: progressCondition(op, first, now, c.conditions),
    updatedAt: now,
    version: c.version + 1,
  };
  const tx = transaction(deps, ctx);
  const setExtra = Object.keys(extra.set).map((k) => `#x_${k} = :x_${k}`);
  tx.update(
    clusterKeys.cluster(c, c.id),
    [
      "SET phase = :phase",
      "operation = :op",
      "generation = :gen",
      "step = :step",
      "steps = :steps",
      "conditions = :conds",
      "updatedAt = :u",
      "version = :nv",
      ...setExtra,
    ].join(", "),
    {
      condition: extra.condition,
      names: Object.fromEntries(Object.keys(extra.set).map((k) => [`#x_${k}`, k])),
      values: {
        ...extra.values,
        ...Object.fromEntries(Object.entries(extra.set).map(([k, v]) => [`:x_${k}`, v])),
        ":phase": phase,
        ":op": op,
        ":gen": generation,
        ":step": first,
        ":steps": next.steps,
        ":conds": next.conditions,
        ":u": now,
        ":nv": next.version,
      },
      onConditionFailed: () => conflict(`cluster ${c.name} changed concurrently; read it again`),
    },
  );
  return { tx, next, first, generation };
}

/**
 * Changes the worker count. A cluster whose scale failed can be scaled
 * again: to the same count it resumes from the failed step (a retry), to
 * another count (e.g. the one it had) it starts over from what is assigned.
 */
export async function scaleCluster(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  workers: number,
  checks: BundleChecks,
  ifMatch?: number,
  o: DryRun & { pool?: string } = {},
): Promise<Cluster> {
  const c = await getCluster(deps, t, id, true);
  checkVersion(c, ifMatch);
  if (o.pool !== undefined && o.pool !== PRIMARY_POOL) return scalePool(deps, ctx, t, c, o.pool, workers, checks, o);
  // the same count while that scale runs is that scale: a client retrying a request whose answer it never got (its
  // idempotency record lost with a process that died after the commit) is told it is under way, not 409
  if (c.phase === "Scaling" && c.operation === "scale" && c.target?.workers === workers && c.workers === workers) return c;
  const retry = failedAt(c, "scale");
  // after Karpenter's autoscale failed, a scale starts over from what is assigned
  const afterAutoscale = failedAt(c, "autoscale");
  if (!retry && !afterAutoscale) requireReady(c, "scaled");
  if (workers === c.workers && !retry && !afterAutoscale) return c;
  if (c.addons?.karpenter?.enabled && !afterAutoscale) {
    throw unprocessable(
      `cluster ${c.name}'s workers are scaled by Karpenter: change the karpenter addon's minWorkers/maxWorkers (PATCH …/addons/karpenter), or disable it to scale by hand`,
      { workers: c.workers },
      "cluster.autoscaled",
    );
  }
  // the primary pool's hosts: those no further pool holds (core/clusters/pools.ts)
  const held = (poolsOf(c)[0] as PoolView).hostIds.length;
  const needed = workers - held;
  const adding = needed > 0 ? await freeHosts(deps, t, c.hostGroup, needed, { spreadFor: c.name }) : [];
  if (adding.length < needed) {
    throw unprocessable(
      `host group ${c.hostGroup} has ${adding.length} free host(s); scaling ${c.name} from ${held} to ${workers} worker(s) needs ${needed}`,
      {
        freeHosts: adding.length,
        neededHosts: needed,
        hostGroup: c.hostGroup,
      },
      "cluster.insufficient-hosts",
    );
  }
  await requireBundle(checks.bundle, c.kubernetesVersion, await clusterPlatform(deps, t, c, adding.map(hostPlatform)));
  const resume = retry && workers === c.workers;
  const { tx, next, first, generation } = startOperation(deps, ctx, c, "scale", {
    set: { workers, target: { workers } },
    condition: retry || afterAutoscale ? "version = :v AND phase = :failed AND operation = :op0" : "version = :v AND phase = :ready",
    values:
      retry || afterAutoscale ? { ":v": c.version, ":failed": "Failed", ":op0": c.operation } : { ":v": c.version, ":ready": "Ready" },
    resume,
  });
  tx.emit("ckp.cluster.scale-requested", `clusters/${id}`, { clusterId: id, generation, step: first, from: held, to: workers }, t);
  if (o.dryRun) return next;
  await tx.commit();
  return next;
}

/**
 * Scales a further worker pool (core/clusters/pools.ts): its hosts come from
 * its own group's free hosts, never from a provider; Karpenter never scales it.
 * The scale saga runs for every pool, and only this one changes.
 */
async function scalePool(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  c: Cluster,
  name: string,
  workers: number,
  checks: BundleChecks,
  o: DryRun,
): Promise<Cluster> {
  const pool = poolOf(c, name);
  const index = pool.index as number;
  const retry = failedAt(c, "scale") && c.target?.pool === name;
  if (!retry) requireReady(c, "scaled");
  if (workers === pool.count && !retry) return c;
  const needed = workers - pool.hostIds.length;
  const adding = needed > 0 ? await freeHosts(deps, t, pool.hostGroup, needed, { spreadFor: c.name }) : [];
  if (adding.length < needed) {
    throw unprocessable(
      `host group ${pool.hostGroup} has ${adding.length} free host(s); scaling pool ${name} of ${c.name} from ${pool.hostIds.length} to ${workers} worker(s) needs ${needed}`,
      { freeHosts: adding.length, neededHosts: needed, hostGroup: pool.hostGroup, pool: name },
      "cluster.insufficient-hosts",
    );
  }
  await requireBundle(checks.bundle, c.kubernetesVersion, await clusterPlatform(deps, t, c, adding.map(hostPlatform)));
  const workerPools = (c.workerPools ?? []).map((p, i) => (i === index ? { ...p, count: workers } : p));
  const { tx, next, first, generation } = startOperation(deps, ctx, c, "scale", {
    set: { workerPools, target: { workers, pool: name } },
    condition: retry ? "version = :v AND phase = :failed AND operation = :op0" : "version = :v AND phase = :ready",
    values: retry ? { ":v": c.version, ":failed": "Failed", ":op0": c.operation } : { ":v": c.version, ":ready": "Ready" },
    resume: retry && workers === pool.count,
  });
  tx.emit(
    "ckp.cluster.scale-requested",
    `clusters/${c.id}`,
    { clusterId: c.id, generation, step: first, from: pool.hostIds.length, to: workers, pool: name },
    t,
  );
  if (o.dryRun) return next;
  await tx.commit();
  return next;
}

/**
 * Upgrades one minor version. The target's bundle is checked first, so a
 * missing one is a 422 and nothing changes. After a failed upgrade,
 * upgrading to the same target resumes from the failed step (a retry);
 * upgrading to the version the cluster still runs abandons it — allowed
 * only while the control plane has not been asked to change, since a
 * cluster is never downgraded.
 */
export async function upgradeCluster(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  kubernetesVersion: string,
  checks: BundleChecks,
  ifMatch?: number,
  o: DryRun = {},
): Promise<Cluster> {
  const c = await getCluster(deps, t, id, true);
  checkVersion(c, ifMatch);
  const retry = failedAt(c, "upgrade");
  let target: string;
  if (retry && kubernetesVersion === c.target?.kubernetesVersion) {
    target = kubernetesVersion;
  } else if (retry && kubernetesVersion === c.kubernetesVersion) {
    const cp = c.steps.find((r) => r.name === "upgrade-control-plane");
    if (cp?.state === "succeeded") {
      throw conflict(
        `the control plane of ${c.name} was already asked to run ${c.target?.kubernetesVersion}; a cluster is never downgraded, so this upgrade can only be retried (kubernetesVersion ${c.target?.kubernetesVersion})`,
        { phase: c.phase, step: c.step, target: c.target?.kubernetesVersion },
      );
    }
    target = kubernetesVersion;
  } else if (retry) {
    throw conflict(
      `the upgrade of ${c.name} to ${c.target?.kubernetesVersion} failed at step ${c.step}: retry it (kubernetesVersion ${c.target?.kubernetesVersion}) or abandon it (kubernetesVersion ${c.kubernetesVersion}) first`,
      { phase: c.phase, step: c.step, target: c.target?.kubernetesVersion },
    );
  } else {
    target = checkUpgrade(c.kubernetesVersion, kubernetesVersion).version;
    requireReady(c, "upgraded");
  }
  await requireBundle(checks.bundle, target, await clusterPlatform(deps, t, c));
  const { tx, next, first, generation } = startOperation(deps, ctx, c, "upgrade", {
    set: { target: { kubernetesVersion: target } },
    condition: retry ? "version = :v AND phase = :failed AND operation = :op0" : "version = :v AND phase = :ready",
    values: retry ? { ":v": c.version, ":failed": "Failed", ":op0": "upgrade" } : { ":v": c.version, ":ready": "Ready" },
    // a retry resumes at the failed step; abandoning runs the steps at the current version, which changes nothing and checks it
    resume: retry && target !== c.kubernetesVersion,
  });
  tx.emit(
    "ckp.cluster.upgrade-requested",
    `clusters/${id}`,
    { clusterId: id, generation, step: first, from: c.kubernetesVersion, to: target },
    t,
  );
  if (o.dryRun) return next;
  await tx.commit();
  return next;
}

/**
 * Deletes a cluster, in any phase: a running operation is abandoned (its
 * messages are of an older generation) and the delete saga takes the
 * cluster apart. Asking again while it runs changes nothing; after a failed
 * delete it starts over.
 */
export async function deleteCluster(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, ifMatch?: number, o: DryRun = {}): Promise<Cluster> {
  const c = await getCluster(deps, t, id, true);
  checkVersion(c, ifMatch);
  if (c.operation === "delete" && c.phase === "Deleting") return c;
  const { tx, next, first, generation } = startOperation(deps, ctx, c, "delete", {
    set: {},
    condition: "generation = :g",
    values: { ":g": c.generation },
  });
  tx.emit("ckp.cluster.delete-requested", `clusters/${id}`, { clusterId: id, generation, step: first, phase: c.phase }, t);
  if (o.dryRun) return next;
  await tx.commit();
  return next;
}

export interface ClusterStatus {
  id: string;
  name: string;
  phase: Cluster["phase"];
  operation: Cluster["operation"];
  generation: number;
  /** the step running, or null when the operation is over */
  currentStep: string | null;
  steps: Cluster["steps"];
  conditions: Cluster["conditions"];
  kubernetesVersion: string;
  /** `autoscaled`: the assigned workers whose machines were provisioned because Karpenter asked for them */
  workers: { desired: number; assigned: number; ready: number; updated: number; autoscaled: number; autoscaling: AutoscalingView };
  controlPlane: { ready: boolean; version: string | null };
  /** every worker pool, the primary (workers) first: what it asks for and what its MachineDeployment reports */
  workerPools: WorkerPoolStatus[];
  target?: Cluster["target"];
  observedAt: string | null;
  /** the machine reconciler's last comparison of desired and actual machines */
  drift?: Cluster["drift"];
  /** each addon's state, from the last check of the workload cluster (null until the first) */
  addons: {
    healthy: boolean | null;
    reason: string | null;
    message: string | null;
    checkedAt: string | null;
    items: Array<{ name: string; enabled: boolean; version: string | null; state: string; message: string }>;
  };
  /** what the cluster's MachineHealthCheck last reported */
  machineHealth?: Cluster["machineHealth"];
  /** etcd encryption at rest: the configuration's revision, the API servers running it, the key rotation's progress */
  encryption: EncryptionStatus;
}

export interface WorkerPoolStatus {
  name: string;
  /** the pool's MachineDeployment (and its templates) on the management cluster */
  machineDeployment: string;
  hostGroup: string;
  roles: string[];
  taints: NodeTaint[];
  desired: number;
  assigned: number;
  ready: number;
  updated: number;
}

function workerPoolsStatus(c: Cluster): WorkerPoolStatus[] {
  const extra = c.workerPools ?? [];
  return poolsOf(c).map((p) => {
    const seen = c.observed?.pools?.find((x) => x.name === p.name);
    const spec = p.index === undefined ? { roles: c.workerRoles, taints: c.workerTaints } : extra[p.index];
    return {
      name: p.name,
      machineDeployment: p.objectName,
      hostGroup: p.hostGroup,
      roles: spec?.roles ?? [],
      taints: spec?.taints ?? [],
      desired: p.count,
      assigned: p.hostIds.length,
      // a cluster without further pools reports its one MachineDeployment as the workers' counts
      ready: seen?.readyReplicas ?? (p.index === undefined ? (c.observed?.readyWorkers ?? 0) : 0),
      updated: seen?.updatedReplicas ?? (p.index === undefined ? (c.observed?.updatedWorkers ?? 0) : 0),
    };
  });
}

export interface AutoscalingView {
  enabled: boolean;
  minWorkers?: number;
  maxWorkers?: number;
  /** one worker machine of the provider cluster's flavor, as Karpenter is told for scale from zero */
  machineCapacity?: Cluster["machineCapacity"];
}

function autoscalingView(c: Cluster): AutoscalingView {
  const k = c.addons?.karpenter;
  if (!k?.enabled) return { enabled: false };
  const v = k.values as { minWorkers: number; maxWorkers: number };
  return {
    enabled: true,
    minWorkers: v.minWorkers,
    maxWorkers: v.maxWorkers,
    ...(c.machineCapacity ? { machineCapacity: c.machineCapacity } : {}),
  };
}

export function statusOf(c: Cluster): ClusterStatus {
  const running = c.steps.find((s) => s.state === "running");
  return {
    id: c.id,
    name: c.name,
    phase: c.phase,
    operation: c.operation,
    generation: c.generation,
    currentStep: running && c.phase !== "Failed" ? running.name : null,
    steps: c.steps,
    conditions: withHealthConditions({
      ...c,
      conditions: c.drift ? [...c.conditions.filter((x) => x.type !== "MachinesInSync"), machinesInSync(c.drift)] : c.conditions,
    }),
    kubernetesVersion: c.kubernetesVersion,
    ...(c.template ? { template: c.template } : {}),
    ...(c.templateMove ? { templateMove: c.templateMove } : {}),
    workers: {
      desired: c.workers,
      // the primary pool's hosts (all of the cluster's when it has no further pools)
      assigned: (poolsOf(c)[0] as PoolView).hostIds.length,
      ready: c.observed?.readyWorkers ?? 0,
      updated: c.observed?.updatedWorkers ?? 0,
      autoscaled: c.provisioned.filter((m) => m.autoscaled && m.hostId && c.hostIds.includes(m.hostId)).length,
      autoscaling: autoscalingView(c),
    },
    controlPlane: { ready: c.observed?.controlPlaneReady ?? false, version: c.observed?.controlPlaneVersion ?? null },
    workerPools: workerPoolsStatus(c),
    ...(c.target ? { target: c.target } : {}),
    observedAt: c.observed?.at ?? null,
    ...(c.drift ? { drift: c.drift } : {}),
    addons: {
      healthy: c.addonHealth?.healthy ?? null,
      reason: c.addonHealth?.reason ?? null,
      message: c.addonHealth?.message ?? null,
      checkedAt: c.addonHealth?.checkedAt ?? null,
      items: clusterAddonsView(c).map((a) => ({
        name: a.name,
        enabled: a.enabled,
        version: a.version,
        state: a.state,
        message: a.message,
      })),
    },
    ...(c.machineHealth ? { machineHealth: c.machineHealth } : {}),
    encryption: c.encryption ? encryptionStatus(c.encryption) : { enabled: false },
  };
}

/** A cluster as the API answers it: its encryption as status, without its (sealed) keys. */
export function publicCluster(c: Cluster): Omit<
  Cluster,
  "encryption" | "imageRegistry" | "sagaChain" | "sagaResumedAt" | "chainedFrom" | "fallbackTimer" | "createRequest"
> & {
  encryption: EncryptionStatus;
  imageRegistry: ClusterRegistryView;
} {
  const {
    encryption,
    imageRegistry,
    sagaChain: _chain,
    sagaResumedAt: _resumed,
    chainedFrom: _from,
    fallbackTimer: _fallback,
    createRequest: _request,
    ...rest
  } = c;
  return {
    ...rest,
    encryption: encryption ? encryptionStatus(encryption) : { enabled: false },
    imageRegistry: registryView(imageRegistry, IMAGE_REGISTRY),
  };
}

/** The drift as a condition; kept apart from the saga's conditions so neither writer overwrites the other. */
function machinesInSync(d: NonNullable<Cluster["drift"]>): Cluster["conditions"][number] {
  return { type: "MachinesInSync", status: d.inSync ? "True" : "False", reason: d.reason, message: d.message, lastTransitionTime: d.since };
}
