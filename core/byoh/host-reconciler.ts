import { clusterKeys } from "../clusters/items.js";
import type { Cluster } from "../clusters/model.js";
import type { Deps } from "../deps.js";
import type { Host, HostGroup } from "../hosts/model.js";
import { isDomainError, RetryableError } from "../shared/errors.js";
import { hostGroupMembersPk, keys, type ProjectRef } from "../store/keys.js";
import { findItems, queryPage } from "../store/read.js";
import {
  addLocations,
  type ByoHostBinding,
  bindingKey,
  bindingOf,
  dropBinding,
  recordError,
  removeLocation,
  type StoredBinding,
} from "./binding.js";
import { type ByoHostInputs, type Desired, desiredByoHost, fingerprint } from "./desired.js";
import type { ManagementKube } from "./kube.js";
import { BYOH_API_VERSION, byoHostName, hostsNamespace } from "./names.js";

/**
 * The BYOH host reconciler (product §11): makes a host's ByoHost on the
 * management clusters match the control plane's state. It never trusts the
 * event that woke it: it reads the host, its group and its cluster, works
 * out the one ByoHost there should be (core/byoh/desired.ts), applies it
 * (server-side apply: BYOH's own labels, status and annotations stay
 * BYOH's) and deletes it wherever else it was. Then it reads its inputs
 * again: if they moved meanwhile (a concurrent change handled by another
 * worker that may have finished first), it goes round once more, so the
 * last one to finish always acted on the latest state.
 *
 * Unreachable or throttling management clusters throw RetryableError (the
 * message is retried); an object a cluster rejects is recorded on the
 * host's binding and answered "failed" (retrying cannot help).
 */
export type HostReconcileResult = "applied" | "removed" | "absent" | "failed";

const ROUNDS = 4;

/**
 * The hosts namespaces this process's client applied in the last minute, by
 * management cluster and object: a round does not apply one again (a
 * cluster's hosts come in one message each, all to the same project
 * namespace). Should the namespace be gone meanwhile, a ByoHost's apply
 * finds it missing and brings it back (converge).
 */
const NAMESPACE_KEPT_MS = 60_000;
const namespacesApplied = new WeakMap<ManagementKube, Map<string, number>>();
const appliedBy = (kube: ManagementKube) => {
  const m = namespacesApplied.get(kube) ?? new Map<string, number>();
  namespacesApplied.set(kube, m);
  return m;
};
const namespaceKey = (mc: string, ns: object) => `${mc}\0${JSON.stringify(ns)}`;

/**
 * The inputs of several hosts in two batch reads: the hosts (and, for a round
 * to come, their bindings), then the groups and clusters they name together
 * (a cluster's hosts share both). Items come back without their keys and
 * `kind`: a host or a cluster has an `id`, a binding or a group has none.
 */
async function readRound(
  deps: Deps,
  t: ProjectRef,
  hostIds: string[],
  withBindings: boolean,
): Promise<{ inputs: Map<string, ByoHostInputs>; bindings: Map<string, ByoHostBinding> }> {
  const consistent = { consistent: true };
  type Item = { id?: string };
  const first = await findItems<Item>(
    deps,
    [...hostIds.map((id) => keys.host(t, id)), ...(withBindings ? hostIds.map((id) => bindingKey(t, id)) : [])],
    consistent,
  );
  const hosts = first.filter((i) => i.id !== undefined) as unknown as Host[];
  const bindings = new Map(
    (first.filter((i) => i.id === undefined) as unknown as StoredBinding[]).map((b) => [b.hostId, bindingOf(b.hostId, b)]),
  );
  const groups = [...new Set(hosts.flatMap((h) => (h.group ? [h.group] : [])))];
  const clusters = [...new Set(hosts.flatMap((h) => (h.clusterId ? [h.clusterId] : [])))];
  const second =
    groups.length + clusters.length > 0
      ? await findItems<Item>(
          deps,
          [...groups.map((g) => keys.hostGroup(t, g)), ...clusters.map((c) => clusterKeys.cluster(t, c))],
          consistent,
        )
      : [];
  const groupItems = second.filter((i) => i.id === undefined) as unknown as HostGroup[];
  const clusterItems = second.filter((i) => i.id !== undefined) as unknown as Cluster[];
  const inputs = new Map<string, ByoHostInputs>();
  for (const id of hostIds) {
    const host = hosts.find((h) => h.id === id);
    inputs.set(id, {
      host,
      group: host?.group ? groupItems.find((g) => g.name === host.group) : undefined,
      cluster: host?.clusterId ? clusterItems.find((c) => c.id === host.clusterId) : undefined,
    });
  }
  return { inputs, bindings };
}

/** One host's ByoHost made to match the control plane's state (the rounds of `reconcileHosts`, for one). */
export async function reconcileHost(deps: Deps, kube: ManagementKube, t: ProjectRef, hostId: string): Promise<HostReconcileResult> {
  return (await reconcileRounds(deps, kube, t, [hostId], 1)).get(hostId) as HostReconcileResult;
}

/** Where a host's ByoHost should be: its desired management cluster, if that is still registered. */
async function targetOf(kube: ManagementKube, d: Desired): Promise<Desired["want"]> {
  return d.want && (await kube.exists(d.want.managementClusterId)) ? d.want : undefined;
}

/** Converges one host whose target's location its round has recorded (reconcileRounds). */
async function converge(
  deps: Deps,
  kube: ManagementKube,
  t: ProjectRef,
  hostId: string,
  target: Desired["want"],
  binding: ByoHostBinding | undefined,
  withNamespace: boolean,
): Promise<HostReconcileResult> {
  let result: HostReconcileResult = target ? "applied" : "absent";
  let appliedUid: unknown;
  if (target) {
    try {
      const withIt = () => kube.apply(target.managementClusterId, [target.namespace, target.byoHost]);
      const applied = withNamespace
        ? await withIt()
        : await kube.apply(target.managementClusterId, [target.byoHost]).catch((e: unknown) => {
            // the namespace this process applied a moment ago is gone: once more, with it
            if (!isDomainError(e) || e.kind !== "not-found") throw e;
            appliedBy(kube).delete(namespaceKey(target.managementClusterId, target.namespace));
            return withIt();
          });
      appliedUid = applied.at(-1)?.metadata.uid;
    } catch (e) {
      if (!isDomainError(e) || e.kind === "conflict") throw e;
      await recordError(deps, t, hostId, target.managementClusterId, e.message);
      result = "failed";
    }
  }
  const ref = { apiVersion: BYOH_API_VERSION, kind: "ByoHost", name: byoHostName(hostId), namespace: hostsNamespace(t) };
  for (const mc of binding?.locations ?? []) {
    if (mc === target?.managementClusterId) continue;
    // a management cluster that was deregistered holds nothing we can reach any more; one registered
    // twice (two records, one apiserver) holds the very object just applied, which must stay
    if (await kube.exists(mc)) {
      const there = await kube.get(mc, ref);
      if (there && (appliedUid === undefined || there.metadata.uid !== appliedUid)) {
        // BYOH refuses to let a host go while a Machine holds it; it is deleted once BYOH has released it
        const holder = (there.status?.machineRef as { name?: string } | undefined)?.name;
        if (holder) {
          throw new RetryableError(
            `ByoHost ${ref.name} on management cluster ${mc} is still claimed by ByoMachine ${holder}; it is removed once BYOH releases it`,
          );
        }
        await kube.delete(mc, ref);
      }
    }
    await removeLocation(deps, t, hostId, mc);
    if (result === "absent") result = "removed";
  }
  if (!target && binding && binding.locations.length === 0) await dropBinding(deps, t, hostId);
  return result;
}

/** Host ids of a group's members, a page at a time (the group index). */
export async function groupMembers(
  deps: Deps,
  t: ProjectRef,
  group: string,
  cursor?: Record<string, unknown>,
  limit = 100,
): Promise<{ ids: string[]; next?: Record<string, unknown> }> {
  const page = await queryPage<{ id: string }>(deps, {
    partition: hostGroupMembersPk(t, group),
    index: 2,
    attributes: ["id"],
    pageSize: limit,
    from: cursor,
  });
  return { ids: page.items.map((i) => i.id), ...(page.next ? { next: page.next } : {}) };
}

/** Reconciles hosts side by side, a few at a time; the first error wins (the message is retried). */
export async function reconcileHosts(
  deps: Deps,
  kube: ManagementKube,
  t: ProjectRef,
  hostIds: string[],
  concurrency = 4,
): Promise<Record<HostReconcileResult, number>> {
  const counts: Record<HostReconcileResult, number> = { applied: 0, removed: 0, absent: 0, failed: 0 };
  for (const r of (await reconcileRounds(deps, kube, t, [...new Set(hostIds)], concurrency)).values()) counts[r]++;
  return counts;
}

/**
 * The rounds: every round's inputs in batch reads (readRound), the first
 * round's before converging, each next one's after, for the hosts converged
 * in it; only those whose inputs moved go round again, at most ROUNDS times.
 * Each round's hosts' bindings come in the same read as the hosts, and the
 * locations the round is about to apply to are recorded in one write before
 * any apply (so after a crash the bindings name every cluster that may hold
 * an object).
 */
async function reconcileRounds(
  deps: Deps,
  kube: ManagementKube,
  t: ProjectRef,
  ids: string[],
  concurrency: number,
): Promise<Map<string, HostReconcileResult>> {
  const read = async (of: string[], withBindings: boolean) => {
    const r = await readRound(deps, t, of, withBindings);
    return { desired: new Map([...r.inputs].map(([id, inputs]) => [id, desiredByoHost(t, inputs)] as const)), bindings: r.bindings };
  };
  const first = await read(ids, true);
  const desired = first.desired;
  let bindings = first.bindings;
  const results = new Map<string, HostReconcileResult>();
  let pending = ids;
  for (let round = 1; pending.length > 0; round++) {
    const targets = new Map(await Promise.all(pending.map(async (id) => [id, await targetOf(kube, desired.get(id) as Desired)] as const)));
    const adds = pending.flatMap((id) => {
      const target = targets.get(id);
      return target && !bindings.get(id)?.locations.includes(target.managementClusterId)
        ? [{ hostId: id, managementClusterId: target.managementClusterId }]
        : [];
    });
    if (adds.length) await addLocations(deps, t, adds);
    // the project's hosts namespace once per management cluster and round, not with each host's ByoHost; where it
    // fails, each host applies it again with its ByoHost, and records the failure as its own
    const namespaces = new Map([...targets.values()].flatMap((w) => (w ? [[w.managementClusterId, w.namespace] as const] : [])));
    const namespaced = new Set<string>();
    const now = Date.now();
    await Promise.all(
      [...namespaces].map(async ([mc, ns]) => {
        const key = namespaceKey(mc, ns);
        if ((appliedBy(kube).get(key) ?? 0) > now - NAMESPACE_KEPT_MS) return namespaced.add(mc);
        return kube.apply(mc, [ns]).then(
          () => {
            appliedBy(kube).set(key, now);
            namespaced.add(mc);
          },
          () => undefined,
        );
      }),
    );
    const queue = [...pending];
    const roundBindings = bindings;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const target = targets.get(id);
          const withNamespace = !!target && !namespaced.has(target.managementClusterId);
          results.set(id, await converge(deps, kube, t, id, target, roundBindings.get(id), withNamespace));
        }
      }),
    );
    if (round >= ROUNDS) break;
    // the hosts' inputs again, and their bindings for the round that may follow
    const again = await read(pending, true);
    pending = pending.filter((id) => fingerprint(again.desired.get(id) as Desired) !== fingerprint(desired.get(id) as Desired));
    for (const id of pending) desired.set(id, again.desired.get(id) as Desired);
    bindings = again.bindings;
  }
  return results;
}
