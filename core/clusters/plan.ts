import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { workloadPort } from "../addons/workload.js";
import type { Ctx, Deps } from "../deps.js";
import { machineName } from "../infrastructure/driver.js";
import type { KubeObject } from "../kube/objects.js";
import { kubeFor } from "../management/access.js";
import { chooseManagementCluster } from "../management/placement.js";
import { getManagementCluster } from "../management/registry.js";
import { getProviderCluster } from "../providers/provider-clusters.js";
import type { ProjectRef } from "../store/keys.js";
import type { BundleManifest, BundleStore } from "./bundles.js";
import { findBundle } from "./bundles.js";
import { clusterCaSecretRef } from "./ca-secret.js";
import {
  checkExtraArgs,
  clusterPlatform,
  createCluster,
  deleteCluster,
  getCluster,
  plannedWorkers,
  requireReady,
  scaleCluster,
  upgradeCluster,
} from "./clusters.js";
import { freeHostItems } from "./hosts.js";
import { clusterKeys } from "./items.js";
import type { Cluster, CreateClusterInput } from "./model.js";
import { checkClusterNetwork } from "./network.js";
import {
  Checks,
  type ClusterPlan,
  diffObjects,
  emptyPlan,
  finish,
  hostView,
  objectRef,
  reachable,
  stepContext,
  verdict,
} from "./plan-support.js";
import { commonPlatform, hostPlatform, readHosts, requireBundle } from "./platform.js";
import { PRIMARY_POOL, poolOf } from "./pools.js";
import type { KubeObjectLike, ObjectRefLike, SagaEnv } from "./ports.js";
import { capiPort, IMAGE_REGISTRY, providerPort } from "./runtime.js";
import { infraOf, PLACEHOLDER_BUNDLE, refOf, renderFor } from "./steps/common.js";
import { claimsOf, surplusOrder } from "./steps/host-moves.js";
import { checkUpgrade, requireRelease } from "./versions.js";

export { type ClusterPlan, diffJson, type PlanCheck, type PlanObject } from "./plan-support.js";

/**
 * Plans before changes (`?dryRun=true` on cluster create, scale, upgrade and
 * delete). A plan runs the command itself with `dryRun` — every check it
 * makes, in its order, nothing committed — for the verdict, then works out
 * with the saga's own functions what the operation would do: the hosts its
 * steps would take or release (freeHosts, surplusOrder), the machines a
 * provider would be asked for or give back, and the Kubernetes objects
 * rendered for the management cluster, diffed against what is there by a
 * server-side apply in dry-run mode. Each check is also run on its own, so
 * a plan names every one that fails, not only the first. Nothing is written
 * anywhere: no table item, no event, no object, no provider call but reads.
 */
/** What a plan reads: the table, bundles, the management clusters and the providers (reads only). */
export interface PlanEnv {
  deps: Deps;
  bundles: BundleStore;
  saga: SagaEnv;
  /** a dry-run server-side apply on a management cluster: the object as it would be */
  dryRunApply(managementClusterId: string, o: KubeObjectLike): Promise<KubeObjectLike>;
}

export function planEnv(deps: Deps, bundles: BundleStore): PlanEnv {
  const saga: SagaEnv = {
    deps,
    bundles,
    providers: providerPort(deps),
    capi: capiPort(deps),
    workload: workloadPort(deps),
    imageRegistry: IMAGE_REGISTRY,
    apiUrl: process.env.CKP_API_URL,
    schedule: async () => {
      throw new Error("a plan schedules nothing");
    },
    timing: { firstPollSeconds: 1, maxPollSeconds: 30, timeoutSeconds: {}, defaultTimeoutSeconds: 3600, chainSeconds: 0 },
  };
  return {
    deps,
    bundles,
    saga,
    dryRunApply: async (mc, o) => (await (await kubeFor(deps, mc)).apply(o as KubeObject, { dryRun: true })) as KubeObjectLike,
  };
}

// ---------------------------------------------------------------- create

export async function planCreate(env: PlanEnv, ctx: Ctx, t: ProjectRef, input: CreateClusterInput): Promise<ClusterPlan> {
  const { deps } = env;
  const lookup = (v: string, os: Parameters<typeof findBundle>[2]) => findBundle(env.bundles, v, os);
  const v = await verdict(() =>
    createCluster(
      deps,
      ctx,
      t,
      input,
      { resolveProviderCluster: async (tt, name) => env.saga.providers.resolve(tt, name), bundle: lookup },
      { dryRun: true },
    ),
  );
  const plan = emptyPlan("create", { id: null, name: input.name, phase: null });
  plan.to = { workers: input.workers, kubernetesVersion: input.kubernetesVersion };
  const checks = new Checks();

  const release = await checks.run(
    "kubernetes-version",
    () => requireRelease(input.kubernetesVersion),
    (r) => `${r.version} is in the compatibility matrix`,
  );
  await checks.run(
    "extra-args",
    () => checkExtraArgs(input),
    () => "no flag the control plane sets itself",
  );
  await checks.run(
    "network",
    () => checkClusterNetwork({ ...input.network, endpointHost: input.controlPlaneEndpoint?.host }),
    () => `pods ${input.network.podCidr}, services ${input.network.serviceCidr}: valid and apart`,
  );
  const taken = await deps.db.send(new GetCommand({ TableName: deps.table, Key: clusterKeys.name(t, input.name), ConsistentRead: true }));
  if (taken.Item) checks.fail("name", `a cluster named ${input.name} already exists in project ${t.project}`, "conflict");
  else checks.list.push({ name: "name", ok: true, message: `no cluster is named ${input.name} in project ${t.project}` });

  const pc = await env.saga.providers.resolve(t, input.providerCluster);
  if (!pc)
    checks.fail(
      "provider-cluster",
      `provider cluster ${input.providerCluster} is in neither the project nor the domain`,
      "unprocessable-request",
    );
  else {
    checks.list.push({
      name: "provider-cluster",
      ok: true,
      message: `${pc.name} (${pc.type}, ${pc.project ? `project ${pc.project}` : `domain ${t.domain}`})`,
    });
    plan.providerCluster = { name: pc.name, ...(pc.project ? { project: pc.project } : {}), type: pc.type };
    const rec = await getProviderCluster(deps, { domain: t.domain, ...(pc.project ? { project: pc.project } : {}) }, pc.name);
    const mc = await checks.run(
      "placement",
      async () =>
        rec.managementCluster
          ? await getManagementCluster(deps, rec.managementCluster.id)
          : await chooseManagementCluster(deps, rec.placement),
      (m) =>
        `management cluster ${m.name}${rec.managementCluster ? " (named by the provider cluster)" : " (placement: least loaded match)"}`,
    );
    if (mc) plan.managementCluster = { id: mc.id, name: mc.name };
  }

  // the same sources the command checks: the group's free hosts it would take, then the provider's machines
  const sources = await checks.run(
    "host-group",
    () => plannedWorkers(deps, t, input),
    (s) => `host group ${input.hostGroup}: ${s.length} worker source(s)`,
  );
  let bundle: BundleManifest | undefined;
  if (sources && release) {
    bundle = await checks.run(
      "bundle",
      async () => requireBundle(lookup, release.version, commonPlatform(sources)),
      (b) => `BYOH bundle ${b.ociReference}@${b.digest}`,
    );
  }
  // in the order the create takes them (its own, by the cluster's name), so the plan names the hosts it would take
  const free = sources ? await freeHostItems(deps, t, input.hostGroup, input.workers, { spreadFor: input.name }) : [];
  plan.hosts.take = free.map((h) => hostView(h));
  const deficit = input.workers - free.length;
  if (sources && deficit > 0) {
    const draft = v.value ?? ({ id: "cl_00000000000000000000000000", name: input.name } as Cluster);
    plan.machines.create = Array.from({ length: deficit }, (_, i) => ({
      name: machineName({ clusterId: draft.id, clusterName: input.name }, i),
      os: input.machines.os,
      arch: input.machines.arch,
    }));
    plan.notes.push(
      `${deficit} of ${input.workers} worker(s) need new machines from provider cluster ${input.providerCluster}; machine names end in the cluster id chosen at creation`,
    );
  } else if (sources) {
    plan.steps = plan.steps.filter((s) => !["provision-machines", "wait-registration", "wait-approval"].includes(s));
    plan.notes.push(`host group ${input.hostGroup} has free hosts for every worker: provisioning steps are skipped`);
  }
  if (v.value && bundle) {
    const c = v.value;
    // a new cluster's namespace does not exist yet: every object is created, in this order
    const objects = [...renderFor(stepContext(env, ctx, t, c), bundle, c.kubernetesVersion)];
    const namespace = objects.find((o) => o.kind === "Namespace");
    const ca = clusterCaSecretRef(c);
    plan.objects = [
      ...(namespace ? [{ ...objectRef(refOf(namespace)), action: "create" as const }] : []),
      { ...objectRef(ca), action: "create" as const },
      ...objects.filter((o) => o.kind !== "Namespace").map((o) => ({ ...objectRef(refOf(o)), action: "create" as const })),
    ];
    plan.notes.push("object namespaces and machine names use a placeholder cluster id; the real one is chosen at creation");
  }
  return finish(plan, checks, v);
}

// ---------------------------------------------------------------- scale

export async function planScale(
  env: PlanEnv,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  workers: number,
  poolName: string = PRIMARY_POOL,
): Promise<ClusterPlan> {
  const { deps } = env;
  const c = await getCluster(deps, t, id, true);
  // the pool scaled (core/clusters/pools.ts): the primary one unless the request names another
  const pool = poolOf(c, poolName);
  const lookup = (ver: string, os: Parameters<typeof findBundle>[2]) => findBundle(env.bundles, ver, os);
  const v = await verdict(() => scaleCluster(deps, ctx, t, id, workers, { bundle: lookup }, undefined, { dryRun: true, pool: poolName }));
  const plan = emptyPlan("scale", { id: c.id, name: c.name, phase: c.phase });
  plan.from = { workers: pool.hostIds.length };
  plan.to = { workers };
  if (pool.index !== undefined) plan.notes.push(`worker pool ${pool.name} (MachineDeployment ${pool.objectName}) is scaled`);
  const checks = new Checks();
  const retry = c.phase === "Failed" && c.operation === "scale";
  if (retry) checks.list.push({ name: "phase", ok: true, message: `the scale failed at step ${c.step}: this request retries it` });
  else
    await checks.run(
      "phase",
      () => requireReady(c, "scaled"),
      () => "the cluster is Ready",
    );
  if (workers === pool.count && !retry) {
    plan.steps = [];
    plan.notes.push(`the cluster already has ${workers} worker(s): nothing to do`);
    return finish(plan, checks, v);
  }
  const needed = workers - pool.hostIds.length;
  // in the order the scale's assign-hosts takes them (its own for this cluster), so the plan names the hosts it would take
  const adding = needed > 0 ? await freeHostItems(deps, t, pool.hostGroup, needed, { spreadFor: c.name }) : [];
  if (needed > 0) {
    if (adding.length < needed)
      checks.fail(
        "free-hosts",
        `host group ${pool.hostGroup} has ${adding.length} free host(s); ${needed} needed`,
        "unprocessable-request",
      );
    else checks.list.push({ name: "free-hosts", ok: true, message: `host group ${pool.hostGroup} has the ${needed} free host(s) needed` });
    plan.hosts.take = adding.map((h) => hostView(h));
  }
  const bundle = await checks.run(
    "bundle",
    async () => requireBundle(lookup, c.kubernetesVersion, await clusterPlatform(deps, t, c, adding.map(hostPlatform))),
    (b) => `BYOH bundle ${b.ociReference}@${b.digest}`,
  );
  const next: Cluster =
    pool.index === undefined
      ? { ...c, workers }
      : { ...c, workerPools: (c.workerPools ?? []).map((p, i) => (i === pool.index ? { ...p, count: workers } : p)) };
  const s = stepContext(env, ctx, t, next);
  const mc = c.resolved?.managementClusterId;
  if (mc) plan.managementCluster = { id: mc, name: c.resolved?.managementCluster ?? mc };
  if (c.resolved) plan.providerCluster = { ...c.resolved.providerCluster };
  if (mc && needed < 0) {
    // the hosts mark-surplus-machines would choose, in its order
    const claims = await reachable(checks, plan.managementCluster?.name ?? mc, () => claimsOf(s, pool));
    if (claims) {
      const own = new Map(c.provisioned.filter((m) => m.hostId).map((m) => [m.hostId as string, m]));
      const chosen = surplusOrder(s, claims, pool.hostIds).slice(0, -needed);
      const hosts = await readHosts(deps, t, chosen);
      plan.hosts.release = chosen.map((h) =>
        hostView(hosts.find((x) => x.id === h) ?? { id: h, hostname: "" }, own.has(h) ? "provider" : "group"),
      );
      plan.machines.markForDeletion = chosen
        .map((h) => claims.machines.find((m) => m.hostId === h)?.name)
        .filter((n): n is string => n !== undefined);
      plan.machines.release = chosen.flatMap((h) => {
        const m = own.get(h);
        return m ? [{ name: m.name, serverId: m.serverId }] : [];
      });
      plan.notes.push("CAPI removes the marked Machines first; the hosts it actually releases go back (release-surplus-hosts)");
    }
  }
  if (mc && bundle) {
    const objects = renderFor(s, bundle, c.kubernetesVersion);
    const diff = await reachable(checks, plan.managementCluster?.name ?? mc, () => diffObjects(env, mc, objects, checks));
    if (diff) plan.objects = diff;
  }
  return finish(plan, checks, v);
}

// ---------------------------------------------------------------- upgrade

export async function planUpgrade(env: PlanEnv, ctx: Ctx, t: ProjectRef, id: string, kubernetesVersion: string): Promise<ClusterPlan> {
  const { deps } = env;
  const c = await getCluster(deps, t, id, true);
  const lookup = (ver: string, os: Parameters<typeof findBundle>[2]) => findBundle(env.bundles, ver, os);
  const v = await verdict(() => upgradeCluster(deps, ctx, t, id, kubernetesVersion, { bundle: lookup }, undefined, { dryRun: true }));
  const plan = emptyPlan("upgrade", { id: c.id, name: c.name, phase: c.phase });
  plan.from = { kubernetesVersion: c.kubernetesVersion };
  const checks = new Checks();
  const retry = c.phase === "Failed" && c.operation === "upgrade";
  const target = v.value?.target?.kubernetesVersion ?? kubernetesVersion;
  plan.to = { kubernetesVersion: target };
  if (retry)
    checks.list.push({ name: "phase", ok: true, message: `the upgrade failed at step ${c.step}: this request retries or abandons it` });
  else {
    await checks.run(
      "phase",
      () => requireReady(c, "upgraded"),
      () => "the cluster is Ready",
    );
    await checks.run(
      "upgrade-target",
      () => checkUpgrade(c.kubernetesVersion, kubernetesVersion),
      (r) => `${c.kubernetesVersion} → ${r.version} is one minor up`,
    );
  }
  const bundle = await checks.run(
    "bundle",
    async () => requireBundle(lookup, target, await clusterPlatform(deps, t, c)),
    (b) => `BYOH bundle ${b.ociReference}@${b.digest}`,
  );
  const mc = c.resolved?.managementClusterId;
  if (mc) plan.managementCluster = { id: mc, name: c.resolved?.managementCluster ?? mc };
  if (c.resolved) plan.providerCluster = { ...c.resolved.providerCluster };
  if (mc && bundle) {
    const s = stepContext(env, ctx, t, { ...c, target: { kubernetesVersion: target } });
    // upgrade-control-plane applies the KamajiControlPlane first; upgrade-workers then applies every object
    const diff = await reachable(checks, plan.managementCluster?.name ?? mc, () =>
      diffObjects(env, mc, renderFor(s, bundle, target), checks),
    );
    if (diff) plan.objects = diff;
    plan.notes.push(`the control plane moves to ${target} first; the workers roll once it reports ${target}`);
  }
  return finish(plan, checks, v);
}

// ---------------------------------------------------------------- delete

export async function planDelete(env: PlanEnv, ctx: Ctx, t: ProjectRef, id: string): Promise<ClusterPlan> {
  const { deps } = env;
  const c = await getCluster(deps, t, id, true);
  const v = await verdict(() => deleteCluster(deps, ctx, t, id, undefined, { dryRun: true }));
  const plan = emptyPlan("delete", { id: c.id, name: c.name, phase: c.phase });
  plan.from = { workers: c.hostIds.length, kubernetesVersion: c.kubernetesVersion };
  const checks = new Checks();
  checks.list.push({
    name: "phase",
    ok: true,
    message:
      c.phase === "Deleting" && c.operation === "delete"
        ? "the cluster is already being deleted: nothing changes"
        : `a cluster is deleted in any phase (it is ${c.phase}${c.phase !== "Ready" && c.phase !== "Failed" ? `; its ${c.operation} is abandoned` : ""})`,
  });
  const own = new Map(c.provisioned.filter((m) => m.hostId).map((m) => [m.hostId as string, m]));
  const hosts = await readHosts(deps, t, c.hostIds);
  plan.hosts.release = c.hostIds.map((h) =>
    hostView(hosts.find((x) => x.id === h) ?? { id: h, hostname: "" }, own.has(h) ? "provider" : "group"),
  );
  if (c.resolved) plan.providerCluster = { ...c.resolved.providerCluster };
  const mc = c.resolved?.managementClusterId;
  if (mc) {
    plan.managementCluster = { id: mc, name: c.resolved?.managementCluster ?? mc };
    const rendered = env.saga.capi.render(c, { kubernetesVersion: c.kubernetesVersion, workers: c.workers, bundle: PLACEHOLDER_BUNDLE });
    const refs = [...rendered.map(refOf), clusterCaSecretRef(c)];
    const live = await reachable(checks, plan.managementCluster.name, async () => {
      const found: ObjectRefLike[] = [];
      for (const r of refs) if (await env.saga.capi.get(mc, r)) found.push(r);
      return found;
    });
    if (live) plan.objects = live.map((r) => ({ ...objectRef(r), action: "delete" as const }));
  } else plan.notes.push("the cluster was never placed on a management cluster: no object to delete");
  if (c.resolved) {
    plan.machines.release = c.provisioned.map((m) => ({ name: m.name, serverId: m.serverId }));
    try {
      const listed = await (await env.saga.providers.driver(t, c.resolved.providerCluster)).listMachines(infraOf(c));
      for (const m of listed) {
        if (!plan.machines.release.some((x) => x.serverId === m.serverId))
          plan.machines.release.push({ name: m.name, serverId: m.serverId });
      }
    } catch (e) {
      plan.notes.push(
        `provider cluster ${c.resolved.providerCluster.name} could not be listed (${(e as Error).message}); recorded machines shown`,
      );
    }
  }
  plan.notes.push("the placement and the provider cluster's use are released and the cluster's CA is revoked");
  return finish(plan, checks, v);
}
