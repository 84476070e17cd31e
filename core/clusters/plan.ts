import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Ctx, Deps } from "../deps.js";
import type { Host } from "../hosts/model.js";
import { machineName } from "../infrastructure/driver.js";
import type { KubeObject } from "../kube/objects.js";
import { kubeFor } from "../management/access.js";
import { chooseManagementCluster } from "../management/placement.js";
import { getManagementCluster } from "../management/registry.js";
import { getProviderCluster } from "../providers/provider-clusters.js";
import { isDomainError, RetryableError } from "../shared/errors.js";
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
import { freeHosts } from "./hosts.js";
import { clusterKeys } from "./items.js";
import type { Cluster, CreateClusterInput } from "./model.js";
import { checkClusterNetwork } from "./network.js";
import { OPERATION_STEPS } from "./operations.js";
import { commonPlatform, hostPlatform, readHosts, requireBundle } from "./platform.js";
import type { KubeObjectLike, ObjectRefLike, SagaEnv } from "./ports.js";
import { capiPort, providerPort } from "./runtime.js";
import { claimsOf, infraOf, PLACEHOLDER_BUNDLE, refOf, renderFor, type StepContext, surplusOrder } from "./steps.js";
import { checkUpgrade, requireRelease } from "./versions.js";

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
export type PlanOperation = "create" | "scale" | "upgrade" | "delete";

export interface PlanCheck {
  name: string;
  ok: boolean;
  /** the problem code the operation would answer (core/shared/error-codes.ts) */
  code?: string;
  message: string;
}

export interface PlanHost {
  id: string;
  hostname?: string;
  /** where a released host goes: back to its group, or deleted with its machine returned to the provider */
  to?: "group" | "provider";
}

export interface PlanMachine {
  name: string;
  os?: string;
  arch?: string;
  serverId?: string;
}

export interface PlanChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

export interface PlanObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  action: "create" | "update" | "unchanged" | "delete";
  /** for updates: the fields that would change, as the management cluster computed them */
  changes?: PlanChange[];
}

export interface ClusterPlan {
  operation: PlanOperation;
  dryRun: true;
  /** the cluster; a create's id is only chosen when it is really created */
  cluster: { id: string | null; name: string; phase: string | null };
  /** whether the API would accept the request (else `refusal` says why, with the problem code it would answer) */
  accepted: boolean;
  refusal?: { code: string; message: string };
  checks: PlanCheck[];
  /** the saga steps the operation would run, in order */
  steps: string[];
  from: { workers?: number; kubernetesVersion?: string };
  to: { workers?: number; kubernetesVersion?: string };
  providerCluster: { name: string; project?: string; type: string } | null;
  managementCluster: { id: string; name: string } | null;
  hosts: { take: PlanHost[]; release: PlanHost[] };
  machines: {
    /** machines the provider would be asked for */
    create: PlanMachine[];
    /** machines given back to the provider */
    release: PlanMachine[];
    /** CAPI Machines marked to go first on a scale-down */
    markForDeletion: string[];
  };
  objects: PlanObject[];
  notes: string[];
}

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
    apiUrl: process.env.CKP_API_URL,
    schedule: async () => {
      throw new Error("a plan schedules nothing");
    },
    timing: { firstPollSeconds: 1, maxPollSeconds: 30, timeoutSeconds: {}, defaultTimeoutSeconds: 3600 },
  };
  return {
    deps,
    bundles,
    saga,
    dryRunApply: async (mc, o) => (await (await kubeFor(deps, mc)).apply(o as KubeObject, { dryRun: true })) as KubeObjectLike,
  };
}

class Checks {
  readonly list: PlanCheck[] = [];

  /** Runs one check; a refusal (DomainError) is recorded, anything else (a fault, an unreachable cluster) propagates. */
  async run<T>(name: string, fn: () => Promise<T> | T, ok: (v: T) => string): Promise<T | undefined> {
    try {
      const v = await fn();
      this.list.push({ name, ok: true, message: ok(v) });
      return v;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      this.list.push({ name, ok: false, code: e.code, message: e.message });
      return undefined;
    }
  }

  fail(name: string, message: string, code?: string): void {
    this.list.push({ name, ok: false, ...(code ? { code } : {}), message });
  }
}

/** The command with dryRun: its answer, or the refusal it would give. */
async function verdict<T>(fn: () => Promise<T>): Promise<{ value?: T; refusal?: { code: string; message: string } }> {
  try {
    return { value: await fn() };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { refusal: { code: e.code, message: e.message } };
  }
}

function emptyPlan(operation: PlanOperation, cluster: ClusterPlan["cluster"]): ClusterPlan {
  return {
    operation,
    dryRun: true,
    cluster,
    accepted: true,
    checks: [],
    steps: [...OPERATION_STEPS[operation]],
    from: {},
    to: {},
    providerCluster: null,
    managementCluster: null,
    hosts: { take: [], release: [] },
    machines: { create: [], release: [], markForDeletion: [] },
    objects: [],
    notes: [],
  };
}

function finish(plan: ClusterPlan, checks: Checks, v: { refusal?: { code: string; message: string } }): ClusterPlan {
  plan.checks = checks.list;
  if (v.refusal) {
    plan.accepted = false;
    plan.refusal = v.refusal;
    // a refusal no check foresaw is a failed check of its own
    if (checks.list.every((c) => c.ok)) {
      plan.checks.push({ name: "request", ok: false, code: v.refusal.code, message: v.refusal.message });
    }
  }
  return plan;
}

const hostView = (h: Pick<Host, "id" | "hostname">, to?: PlanHost["to"]): PlanHost => ({
  id: h.id,
  ...(h.hostname ? { hostname: h.hostname } : {}),
  ...(to ? { to } : {}),
});

const stepContext = (env: PlanEnv, ctx: Ctx, t: ProjectRef, c: Cluster): StepContext => ({
  env: env.saga,
  c,
  t,
  ctx,
  guard: { clusterId: c.id, generation: c.generation, step: c.step },
});

// ---------------------------------------------------------------- objects

/** Fields the apiserver owns: never part of a diff. */
const SERVER_FIELDS = ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink"];

function comparable(o: KubeObjectLike): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = o as KubeObjectLike & Record<string, unknown>;
  const meta = Object.fromEntries(Object.entries(metadata).filter(([k]) => !SERVER_FIELDS.includes(k)));
  return { ...rest, metadata: meta };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Field-level differences between two JSON values (arrays compare whole). */
export function diffJson(from: unknown, to: unknown, path = ""): PlanChange[] {
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => diffJson(from[k], to[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  return [{ path, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
}

const objectRef = (r: ObjectRefLike) => ({
  apiVersion: r.apiVersion,
  kind: r.kind,
  name: r.name,
  ...(r.namespace ? { namespace: r.namespace } : {}),
});

/**
 * What applying `objects` would change on a management cluster: each is
 * read and applied in dry-run mode (the apiserver validates it and answers
 * the merged object), and the two are compared. An object the apiserver
 * refuses fails the `objects` check with its message.
 */
async function diffObjects(env: PlanEnv, mc: string, objects: KubeObjectLike[], checks: Checks): Promise<PlanObject[]> {
  const out: PlanObject[] = [];
  const refused: string[] = [];
  let code: string | undefined;
  for (const o of objects) {
    const ref = refOf(o);
    const live = await env.saga.capi.get(mc, ref);
    let after: KubeObjectLike;
    try {
      after = await env.dryRunApply(mc, o);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      refused.push(`${o.kind} ${o.metadata.name}: ${e.message}`);
      code ??= e.code;
      out.push({ ...objectRef(ref), action: live ? "update" : "create" });
      continue;
    }
    if (!live) {
      out.push({ ...objectRef(ref), action: "create" });
      continue;
    }
    const changes = diffJson(comparable(live), comparable(after));
    out.push({ ...objectRef(ref), action: changes.length ? "update" : "unchanged", ...(changes.length ? { changes } : {}) });
  }
  if (refused.length) checks.fail("objects", `the management cluster would refuse: ${refused.join("; ")}`, code);
  else checks.list.push({ name: "objects", ok: true, message: `the management cluster accepts the ${objects.length} object(s) (dry run)` });
  return out;
}

/** Reads of a management cluster that cannot be done (unreachable, refused credentials) fail the plan's check, not the answer. */
async function reachable<T>(checks: Checks, mcName: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RetryableError) {
      checks.fail("management-cluster", `management cluster ${mcName} could not be read: ${e.message}`, "service-unavailable");
      return undefined;
    }
    throw e;
  }
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
  const free = sources ? await freeHosts(deps, t, input.hostGroup, input.workers) : [];
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

export async function planScale(env: PlanEnv, ctx: Ctx, t: ProjectRef, id: string, workers: number): Promise<ClusterPlan> {
  const { deps } = env;
  const c = await getCluster(deps, t, id, true);
  const lookup = (ver: string, os: Parameters<typeof findBundle>[2]) => findBundle(env.bundles, ver, os);
  const v = await verdict(() => scaleCluster(deps, ctx, t, id, workers, { bundle: lookup }, undefined, { dryRun: true }));
  const plan = emptyPlan("scale", { id: c.id, name: c.name, phase: c.phase });
  plan.from = { workers: c.hostIds.length };
  plan.to = { workers };
  const checks = new Checks();
  const retry = c.phase === "Failed" && c.operation === "scale";
  if (retry) checks.list.push({ name: "phase", ok: true, message: `the scale failed at step ${c.step}: this request retries it` });
  else
    await checks.run(
      "phase",
      () => requireReady(c, "scaled"),
      () => "the cluster is Ready",
    );
  if (workers === c.workers && !retry) {
    plan.steps = [];
    plan.notes.push(`the cluster already has ${workers} worker(s): nothing to do`);
    return finish(plan, checks, v);
  }
  const needed = workers - c.hostIds.length;
  const adding = needed > 0 ? await freeHosts(deps, t, c.hostGroup, needed) : [];
  if (needed > 0) {
    if (adding.length < needed)
      checks.fail("free-hosts", `host group ${c.hostGroup} has ${adding.length} free host(s); ${needed} needed`, "unprocessable-request");
    else checks.list.push({ name: "free-hosts", ok: true, message: `host group ${c.hostGroup} has the ${needed} free host(s) needed` });
    plan.hosts.take = adding.map((h) => hostView(h));
  }
  const bundle = await checks.run(
    "bundle",
    async () => requireBundle(lookup, c.kubernetesVersion, await clusterPlatform(deps, t, c, adding.map(hostPlatform))),
    (b) => `BYOH bundle ${b.ociReference}@${b.digest}`,
  );
  const next: Cluster = { ...c, workers };
  const s = stepContext(env, ctx, t, next);
  const mc = c.resolved?.managementClusterId;
  if (mc) plan.managementCluster = { id: mc, name: c.resolved?.managementCluster ?? mc };
  if (c.resolved) plan.providerCluster = { ...c.resolved.providerCluster };
  if (mc && needed < 0) {
    // the hosts mark-surplus-machines would choose, in its order
    const claims = await reachable(checks, plan.managementCluster?.name ?? mc, () => claimsOf(s));
    if (claims) {
      const own = new Map(c.provisioned.filter((m) => m.hostId).map((m) => [m.hostId as string, m]));
      const chosen = surplusOrder(s, claims).slice(0, -needed);
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
