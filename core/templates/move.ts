import type { AddonName } from "../addons/catalog.js";
import { changeClusterAddon } from "../addons/cluster-addons.js";
import { type BundleChecks, getCluster, scaleCluster, upgradeCluster } from "../clusters/clusters.js";
import { setEncryption } from "../clusters/encryption-settings.js";
import { clusterKeys } from "../clusters/items.js";
import type { Cluster, CreateClusterInput } from "../clusters/model.js";
import { requireRelease } from "../clusters/versions.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { isDomainError, unprocessable } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { render } from "./from-template.js";
import { type ClusterTemplateRef, compareVersions, type ParameterValue } from "./model.js";
import { getTemplate, getTemplateVersion } from "./templates.js";

/**
 * Moving a cluster to another version of its template: the new version is
 * rendered with the cluster's parameters (and any the move changes), the
 * result compared with the cluster, and the difference carried out by the
 * operations that change a running cluster — an upgrade, a scale, addon
 * changes — one after the other: each next one starts when the one before
 * has taken the cluster back to Ready (`ckp.cluster.ready`, see
 * continueTemplateMove). Labels and annotations change at once. What no
 * operation changes (network, provider cluster, host group, CNI, …) makes
 * the move a 422.
 */

/** One operation a move still has to run, after the one running now. */
export type MoveStep =
  | { op: "upgrade"; kubernetesVersion: string }
  | { op: "scale"; workers: number }
  | { op: "addons"; addon: AddonName; enabled: boolean; values: Record<string, unknown> };

export interface TemplateMove {
  template: string;
  from: string;
  to: string;
  state: "Running" | "Succeeded" | "Failed";
  /** the operations not yet started, in order */
  pending: MoveStep[];
  startedAt: string;
  endedAt?: string;
  message?: string;
}

export interface TemplateChange {
  field: string;
  from: unknown;
  to: unknown;
  /** the operation that makes the change; null when none can */
  by: "upgrade" | "scale" | "addons" | "update" | null;
}

export interface MovePlan {
  clusterId: string;
  template: string;
  from: string;
  to: string;
  parameters: Record<string, ParameterValue>;
  changes: TemplateChange[];
  /** the operations the move runs, in order */
  operations: MoveStep[];
}

/** JSON with object keys in order: a stored map comes back in any order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v ?? null;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** What a rendered request changes on the cluster, field by field. */
export function diffCluster(c: Cluster, input: CreateClusterInput): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const add = (field: string, from: unknown, to: unknown, by: TemplateChange["by"]) => {
    if (!same(from, to)) changes.push({ field, from, to, by });
  };
  add("kubernetesVersion", c.kubernetesVersion, requireRelease(input.kubernetesVersion).version, "upgrade");
  const autoscaled = Boolean(c.addons?.karpenter?.enabled) && input.addons.karpenter.enabled;
  // Karpenter owns the worker count of an autoscaled cluster
  if (!autoscaled) add("workers", c.workers, input.workers, "scale");
  add("cni.name", c.cni.name, input.cni.name, null);
  add("cni.values", c.cni.values, input.cni.values, "addons");
  add("addons.storage.enabled", c.addons?.storage.enabled ?? false, input.addons.storage.enabled, "addons");
  add("addons.storage.values", c.addons?.storage.values, input.addons.storage.values, "addons");
  if (input.addons.storage.profile !== undefined)
    add("addons.storage.profile", c.addons?.storage.profile, input.addons.storage.profile, null);
  add("addons.velero.enabled", c.addons?.velero.enabled ?? false, input.addons.velero.enabled, "addons");
  add("addons.velero.values", c.addons?.velero.values, input.addons.velero.values, "addons");
  add("addons.karpenter.enabled", c.addons?.karpenter?.enabled ?? false, input.addons.karpenter.enabled, "addons");
  add("addons.karpenter.values", c.addons?.karpenter?.values, input.addons.karpenter.values, "addons");
  add("providerCluster", c.providerCluster, input.providerCluster, null);
  add("hostGroup", c.hostGroup, input.hostGroup, null);
  add("machines", c.machines, input.machines, null);
  add("network", c.network, { ...input.network }, null);
  add("controlPlaneEndpoint", c.controlPlaneEndpoint, input.controlPlaneEndpoint, null);
  add("extraArgs", c.extraArgs, input.extraArgs, null);
  add("machineHealthCheck", c.machineHealthCheck, input.machineHealthCheck, null);
  const settings = (e: { resources: string[]; rotationHours: number; keepKeys: number } | undefined) =>
    e ? { enabled: true, resources: [...e.resources].sort(), rotationHours: e.rotationHours, keepKeys: e.keepKeys } : { enabled: false };
  const wantedEncryption = input.encryption?.enabled ? input.encryption : undefined;
  add("encryption", settings(c.encryption), settings(wantedEncryption), "update");
  const registry = (r: { type: string; url?: string; caBundle?: string } | undefined) =>
    !r || r.type === "default" ? { type: "default" } : { type: r.type, url: r.url, caBundle: r.caBundle };
  add("imageRegistry", registry(c.imageRegistry), registry(input.imageRegistry), null);
  add("labels", c.labels, input.labels ?? {}, "update");
  add("annotations", c.annotations, input.annotations ?? {}, "update");
  return changes;
}

/** The operations that carry the changes out, in order: upgrade, scale, then each addon. */
export function moveSteps(c: Cluster, input: CreateClusterInput, changes: TemplateChange[]): MoveStep[] {
  const steps: MoveStep[] = [];
  const changed = (prefix: string) => changes.some((ch) => ch.field.startsWith(prefix));
  if (changed("kubernetesVersion")) steps.push({ op: "upgrade", kubernetesVersion: requireRelease(input.kubernetesVersion).version });
  if (changed("workers")) steps.push({ op: "scale", workers: input.workers });
  if (changed("cni.values")) steps.push({ op: "addons", addon: c.cni.name, enabled: true, values: input.cni.values });
  const addon = (key: "storage" | "velero" | "karpenter", name: AddonName) => {
    if (changed(`addons.${key}.`))
      steps.push({ op: "addons", addon: name, enabled: input.addons[key].enabled, values: input.addons[key].values });
  };
  addon("storage", "ceph-rbd-csi");
  addon("velero", "velero");
  addon("karpenter", "karpenter");
  return steps;
}

/** The plan of a move (`?dryRun=true` answers it): the rendered difference and the operations that make it. */
export async function planTemplateMove(
  deps: Deps,
  t: ProjectRef,
  id: string,
  to: { version: string; parameters?: Record<string, ParameterValue> | undefined },
): Promise<{ c: Cluster; plan: MovePlan; ref: ClusterTemplateRef; input: CreateClusterInput }> {
  const c = await getCluster(deps, t, id, true);
  if (!c.template) {
    throw unprocessable(`cluster ${c.name} was not created from a cluster template`, { clusterId: id }, "cluster.not-from-template");
  }
  const from = c.template;
  if (compareVersions(to.version, from.version) < 0) {
    throw unprocessable(
      `cluster ${c.name} runs version ${from.version} of template ${from.name}; a move goes to a newer version, not ${to.version}`,
      { template: from.name, from: from.version, to: to.version },
      "cluster-template.not-offered",
    );
  }
  const tpl = await getTemplate(deps, t.domain, from.name, true);
  const summary = tpl.versions.find((v) => v.version === to.version);
  if (!summary) {
    throw unprocessable(
      `template ${from.name} has no version ${to.version}`,
      { template: from.name, version: to.version },
      "cluster-template.not-offered",
    );
  }
  if (summary.deprecated && to.version !== from.version) {
    throw unprocessable(
      `version ${to.version} of template ${from.name} is deprecated; move to ${tpl.latest ?? "a version that is not"}`,
      { template: from.name, version: to.version, latest: tpl.latest },
      "cluster-template.version-deprecated",
    );
  }
  const v = await getTemplateVersion(deps, t.domain, from.name, to.version);
  // the cluster's parameters the new version still declares, then the move's
  const declared = new Set(v.parameters.map((p) => p.name));
  const kept = Object.fromEntries(Object.entries(from.parameters).filter(([k]) => declared.has(k)));
  const { input, template } = render(v, c.name, { ...kept, ...(to.parameters ?? {}) }, c.description);
  const changes = diffCluster(c, input);
  const unsupported = changes.filter((ch) => ch.by === null);
  if (unsupported.length) {
    throw unprocessable(
      `moving ${c.name} to ${from.name} ${to.version} would change ${unsupported.map((u) => u.field).join(", ")}, which no operation changes on a running cluster`,
      { fields: unsupported.map((u) => u.field), changes },
      "cluster-template.move-unsupported",
    );
  }
  const plan: MovePlan = {
    clusterId: c.id,
    template: from.name,
    from: from.version,
    to: to.version,
    parameters: template.parameters,
    changes,
    operations: moveSteps(c, input, changes),
  };
  return { c, plan, ref: template, input };
}

/** Starts one step; false when it had nothing to do (the cluster already had what it asks). */
async function startStep(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, s: MoveStep, checks: BundleChecks): Promise<boolean> {
  let after: Cluster;
  if (s.op === "upgrade") after = await upgradeCluster(deps, ctx, t, id, s.kubernetesVersion, checks);
  else if (s.op === "scale") after = await scaleCluster(deps, ctx, t, id, s.workers, checks);
  else after = await changeClusterAddon(deps, ctx, t, id, s.addon, { enabled: s.enabled, values: s.values });
  return after.phase !== "Ready";
}

async function recordMove(
  deps: Deps,
  ctx: Ctx,
  c: Pick<Cluster, "domain" | "project" | "id">,
  set: Record<string, unknown>,
  expectPending?: number,
) {
  const tx = transaction(deps, ctx);
  const names = Object.fromEntries(Object.keys(set).map((k) => [`#m_${k}`, k]));
  tx.update(
    clusterKeys.cluster(c, c.id),
    `SET ${Object.keys(set)
      .map((k) => `#m_${k} = :m_${k}`)
      .join(", ")}`,
    {
      condition: expectPending === undefined ? "attribute_exists(pk)" : "size(templateMove.pending) = :n",
      names,
      values: {
        ...Object.fromEntries(Object.entries(set).map(([k, v]) => [`:m_${k}`, v])),
        ...(expectPending === undefined ? {} : { ":n": expectPending }),
      },
    },
  );
  return tx;
}

/**
 * Moves the cluster: records the new template version and the steps, and
 * starts the first. Moving again to the version it is on re-renders it and
 * carries out whatever still differs (the way to resume a failed move).
 */
export async function moveTemplate(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  to: { version: string; parameters?: Record<string, ParameterValue> | undefined },
  checks: BundleChecks,
): Promise<MovePlan> {
  const { c, plan, ref, input } = await planTemplateMove(deps, t, id, to);
  const now = deps.clock.now().toISOString();
  const [first, ...rest] = plan.operations;
  const labels = plan.changes.find((ch) => ch.field === "labels");
  const annotations = plan.changes.find((ch) => ch.field === "annotations");
  // etcd encryption's settings change at once (turning it off, or dropping a resource, is refused: 422)
  if (plan.changes.some((ch) => ch.field === "encryption")) {
    await setEncryption(deps, ctx, t, id, input.encryption ?? { enabled: false, resources: [], rotationHours: 168, keepKeys: 8 });
  }
  // the first operation checks and refuses what it must (not Ready, no free hosts, no bundle) before anything is recorded
  const started = first ? await startStep(deps, ctx, t, id, first, checks) : false;
  const move: TemplateMove = {
    template: plan.template,
    from: plan.from,
    to: plan.to,
    state: first ? "Running" : "Succeeded",
    pending: rest,
    startedAt: now,
    ...(first ? {} : { endedAt: now }),
  };
  const tx = await recordMove(deps, ctx, c, {
    template: ref,
    templateMove: move,
    ...(labels ? { labels: labels.to } : {}),
    ...(annotations ? { annotations: annotations.to } : {}),
  });
  tx.emit(
    "ckp.cluster.template-move-requested",
    `clusters/${id}`,
    {
      clusterId: id,
      template: plan.template,
      from: plan.from,
      to: plan.to,
      changes: plan.changes.map((ch) => ({ field: ch.field, by: String(ch.by) })),
    },
    t,
  );
  await tx.commit();
  // an operation with nothing to do ends nothing: go on to the next at once
  if (first && !started) await continueTemplateMove(deps, ctx, t, id, checks);
  return plan;
}

/**
 * Starts a move's next operation once the cluster is Ready again (on
 * `ckp.cluster.ready`); marks the move Succeeded when none is left, or
 * Failed with the reason when the next one is refused. Idempotent: a
 * repeated delivery finds the cluster busy, or the step gone.
 */
export async function continueTemplateMove(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, checks: BundleChecks): Promise<void> {
  for (;;) {
    const c = await getCluster(deps, t, id, true).catch(() => undefined);
    const move = c?.templateMove;
    if (!c || !move || move.state !== "Running" || c.phase !== "Ready") return;
    const now = deps.clock.now().toISOString();
    const [next, ...rest] = move.pending;
    if (!next) {
      await (await recordMove(deps, ctx, c, { templateMove: { ...move, state: "Succeeded", endedAt: now } }, 0))
        .commit()
        .catch(() => undefined);
      return;
    }
    let started: boolean;
    try {
      started = await startStep(deps, ctx, t, id, next, checks);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const failed = { ...move, state: "Failed", endedAt: now, message: `${next.op} was refused: ${e.message}` };
      await (await recordMove(deps, ctx, c, { templateMove: failed }, move.pending.length)).commit().catch(() => undefined);
      return;
    }
    await (await recordMove(deps, ctx, c, { templateMove: { ...move, pending: rest } }, move.pending.length))
      .commit()
      .catch(() => undefined);
    if (started) return;
  }
}
