import { createHash, randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent } from "../../events/outbox.js";
import { addonObjectPending } from "../addons/health.js";
import { CAAPH_API_VERSION, CRS_API_VERSION, HCP_NAME_LABEL } from "../addons/render.js";
import type { Ctx, Deps } from "../deps.js";
import { isDomainError } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { findItems } from "../store/read.js";
import { SagaMoved } from "./hosts.js";
import { clusterKeys } from "./items.js";
import type { Cluster } from "./model.js";
import type { StepName } from "./operations.js";
import type { KubeObjectLike, SagaTiming } from "./ports.js";
import { API_VERSIONS, LABELS } from "./render.js";
import { recordWait, SAGA_ACTOR } from "./saga.js";
import { type MirrorOptions, type MirrorPort, StatusMirror } from "./status-mirror.js";
import { CAPI_JUDGES, capiStateOf, readStatus } from "./steps/capi-state.js";
import type { StepOutcome } from "./steps/common.js";

/**
 * The status sync of a management cluster (docs/clusters.md "Status sync"):
 * once per interval, one list per CAPI kind the waiting steps read, across
 * all namespaces, for every cluster the control plane manages there. Each
 * cluster's objects are reduced to a fingerprint of what the steps look at;
 * a cluster whose fingerprint changed and that waits on one of those steps
 * gets a `ckp.cluster.step-due` nudge on the lifecycle queue, so it moves on
 * within an interval of CAPI reporting. The requests to the management
 * cluster are a few lists per interval however many clusters wait on it;
 * each waiting step's own timer stays, slower, as the fallback when no sync
 * runs.
 *
 * One sync per management cluster at a time: it holds a lease, an item in
 * the table written with a condition and an expiry. The lease item also keeps
 * the fingerprints last seen, so the next holder (the next scheduled
 * invocation, or another after a crash) compares against them and misses
 * no change made in between.
 */

/**
 * What the sync lists (or watches), each once per interval, in all
 * namespaces: the objects CKP applies carry its cluster-id label; the Helm
 * add-on provider's HelmReleaseProxies do not (it labels them with the chart
 * proxy's and the CAPI Cluster's names only), so they are selected by their
 * chart proxy label and belong to the CKP cluster whose namespace they are in.
 */
export const SYNCED_KINDS: ReadonlyArray<{ apiVersion: string; kind: string; labelSelector?: string }> = [
  { apiVersion: API_VERSIONS.cluster, kind: "Cluster" },
  { apiVersion: API_VERSIONS.controlPlane, kind: "KamajiControlPlane" },
  { apiVersion: API_VERSIONS.cluster, kind: "MachineDeployment" },
  { apiVersion: API_VERSIONS.cluster, kind: "Machine" },
  { apiVersion: "v1", kind: "Namespace" },
  { apiVersion: CAAPH_API_VERSION, kind: "HelmChartProxy" },
  { apiVersion: CAAPH_API_VERSION, kind: "HelmReleaseProxy", labelSelector: HCP_NAME_LABEL },
  { apiVersion: CRS_API_VERSION, kind: "ClusterResourceSet" },
];

/**
 * The steps that wait on what the synced kinds report: only these are nudged.
 * wait-addons waits on the addon objects of the management cluster, then on
 * the workload cluster, which the sync does not watch: while only the
 * workload cluster is pending, its own timer polls it (StepOutcome `synced`).
 */
export const SYNCED_STEPS: ReadonlySet<StepName> = new Set<StepName>([
  "wait-control-plane",
  "install-cni",
  "wait-workers",
  "release-surplus-hosts",
  "wait-addons",
  "delete-objects",
  "wait-objects-deleted",
]);

/** One CKP cluster as the management cluster shows it: its tenant and the fingerprint of its objects. */
export interface SeenCluster {
  tenant: ProjectRef;
  fingerprint: string;
  /** whether any of its addon objects is still being acted on (not kept between holders: the next round says again) */
  addonsPending?: boolean;
}

/**
 * Each CKP cluster's objects (by its cluster-id label, or for an object
 * without it, by the namespace of a labelled one) reduced to a fingerprint:
 * kind, name, generation (a spec change), deletion and the status fields the
 * waiting steps read (STATUS_READ in steps/capi-state.ts; CAPI rewrites
 * conditions and timestamps far more often than those change). Of the addon
 * objects, which there are at which generation, and of their status only
 * whether any is still being acted on (addonObjectPending, and a chart proxy
 * whose release is not there yet at its chart version): wait-addons needs
 * the moment they are all done, not each step before it.
 * Objects of no CKP cluster, or whose cluster's tenant no object names, are
 * left out.
 */
export function fingerprints(objects: KubeObjectLike[]): Map<string, SeenCluster> {
  const by = new Map<string, { tenant?: ProjectRef; lines: string[]; addonsPending?: boolean }>();
  // each cluster's chart proxies (their chart version) and releases (by chart proxy): a proxy whose release is not
  // there yet at its version is pending, as wait-addons judges it (judgeRelease), though no object says so
  const charts = new Map<string, Map<string, unknown>>();
  const releases = new Map<string, Map<string, unknown[]>>();
  const namespaces = new Map<string, string>();
  for (const o of objects) {
    const id = (o.metadata.labels as Record<string, string> | undefined)?.[LABELS.clusterId];
    if (id && o.metadata.namespace) namespaces.set(o.metadata.namespace, id);
  }
  for (const o of objects) {
    const labels = (o.metadata.labels ?? {}) as Record<string, string>;
    const id = labels[LABELS.clusterId] ?? namespaces.get(o.metadata.namespace ?? "");
    if (!id) continue;
    const entry = by.get(id) ?? { lines: [] };
    const domain = labels[LABELS.domain];
    const project = labels[LABELS.project];
    if (!entry.tenant && domain && project) entry.tenant = { domain, project };
    const addon = addonObjectPending(o as Parameters<typeof addonObjectPending>[0]);
    const identity = [
      o.kind,
      o.metadata.namespace ?? "",
      o.metadata.name,
      o.metadata.generation ?? 0,
      Boolean(o.metadata.deletionTimestamp),
    ];
    if (addon !== undefined) {
      entry.addonsPending ||= addon;
      // which addon objects there are, at which spec, though not their status: a chart proxy applied and done between
      // two rounds leaves the pending bit as it was, and wait-addons may have read it in between, still pending
      entry.lines.push(JSON.stringify(identity));
      by.set(id, entry);
      if (!o.metadata.deletionTimestamp && o.kind === "HelmChartProxy")
        charts.set(id, (charts.get(id) ?? new Map()).set(o.metadata.name, o.spec?.version));
      const proxy = labels[HCP_NAME_LABEL];
      if (!o.metadata.deletionTimestamp && o.kind === "HelmReleaseProxy" && proxy) {
        const of = releases.get(id) ?? new Map<string, unknown[]>();
        releases.set(id, of.set(proxy, [...(of.get(proxy) ?? []), o.spec?.version]));
      }
      continue;
    }
    entry.lines.push(JSON.stringify([...identity, readStatus(o)]));
    by.set(id, entry);
  }
  for (const [id, proxies] of charts) {
    const entry = by.get(id);
    if (entry && [...proxies].some(([name, version]) => !(releases.get(id)?.get(name) ?? []).includes(version))) entry.addonsPending = true;
  }
  const out = new Map<string, SeenCluster>();
  for (const [id, { tenant, lines, addonsPending }] of by) {
    if (!tenant) continue;
    lines.push(JSON.stringify(["addons", Boolean(addonsPending)]));
    out.set(id, {
      tenant,
      fingerprint: createHash("sha256").update(lines.sort().join("\n")).digest("base64url").slice(0, 22),
      ...(addonsPending ? { addonsPending } : {}),
    });
  }
  return out;
}

/** The fingerprint of a cluster none of whose objects is left. */
export const GONE = "gone";

/**
 * The fingerprint kept for a cluster whose change is held back: what a sync
 * remembers between rounds (and the lease keeps for the next holder) must not
 * count a change as seen before it was looked at, or a sync that ends (an
 * invocation's time is up, a crash) while holding it back loses it.
 */
export const HELD = "held";

/** Clusters whose fingerprint differs from the one seen before (all of them when nothing was seen before), and those gone. */
export function changed(
  before: Map<string, SeenCluster> | undefined,
  after: Map<string, SeenCluster>,
): Array<{ clusterId: string } & SeenCluster> {
  const out: Array<{ clusterId: string } & SeenCluster> = [];
  for (const [id, now] of after) if (before?.get(id)?.fingerprint !== now.fingerprint) out.push({ clusterId: id, ...now });
  for (const [id, was] of before ?? [])
    if (!after.has(id) && was.fingerprint !== GONE) out.push({ clusterId: id, tenant: was.tenant, fingerprint: GONE });
  return out;
}

/** The step a cluster's operation runs on this management cluster, if one is running. */
function runningStep(c: Cluster, managementClusterId: string): StepName | undefined {
  if (c.phase === "Failed" || c.phase === "Ready" || !c.step) return undefined;
  if (c.resolved?.managementClusterId !== managementClusterId) return undefined;
  return c.steps.find((r) => r.name === c.step)?.state === "running" ? (c.step as StepName) : undefined;
}

/** Whether a cluster waits, on this management cluster, on a step the sync can move on. */
export function waitsOnSync(c: Cluster, managementClusterId: string): boolean {
  const step = runningStep(c, managementClusterId);
  return step !== undefined && SYNCED_STEPS.has(step);
}

/** Whether a cluster's operation runs, on this management cluster, a step the sync does not move on (not one that waits on it). */
export function runsOn(c: Cluster, managementClusterId: string): boolean {
  const step = runningStep(c, managementClusterId);
  return step !== undefined && !SYNCED_STEPS.has(step);
}

/**
 * The nudge for a waiting cluster whose objects changed: a step-due message
 * marked `nudge`, with an id of the cluster, its generation, step and the
 * fingerprint, so the same change sent twice (two holders for a moment, a
 * retried send) is handled once by the lifecycle worker.
 */
export function nudge(c: Cluster, fingerprint: string, now: Date): Envelope {
  const step = c.step as string;
  const e = buildEvent(
    "ckp.cluster.step-due",
    `clusters/${c.id}`,
    { clusterId: c.id, generation: c.generation, step, nudge: true },
    { domain: c.domain, project: c.project },
    { actor: SAGA_ACTOR, correlationId: `status-sync-${c.id}` },
    now,
  );
  return { ...e, id: `ndg_${c.id}_${c.generation}_${step}_${fingerprint}` };
}

/**
 * A step the sync can judge from its copy (CAPI_JUDGES) that it finds still
 * waiting: its outcome, which the sync records itself (the step's condition
 * and what CAPI reported) instead of a nudge that would find nothing to do.
 * Undefined when the step is done, failed, or not one the sync judges: then
 * the step runs, reading the management cluster itself.
 */
export function stillWaiting(c: Cluster, objects: KubeObjectLike[], now: Date): Extract<StepOutcome, { kind: "wait" }> | undefined {
  const judge = CAPI_JUDGES[c.step as keyof typeof CAPI_JUDGES];
  if (!judge) return undefined;
  try {
    const outcome = judge(capiStateOf(c, objects), c, now.toISOString());
    return outcome.kind === "wait" ? outcome : undefined;
  } catch {
    // CAPI reports a failure: the step itself stops the saga, with the reason
    return undefined;
  }
}

/** What a sync remembers between its rounds for one management cluster, besides what it saw. */
export interface SyncMemory {
  /** the items whose progress the sync wrote, as written */
  records: Map<string, Cluster>;
  /** until when each cluster's changes are held back (after a nudge, NUDGE_HOLD_MS; after a repeat refused, NUDGE_REPEAT_MS) */
  heldUntil: Map<string, number>;
  /** the step each cluster was last nudged for, when, and the item's version then */
  nudged: Map<string, { generation: number; step: string; at: number; version?: number }>;
  /** changes held back while a nudge was being handled, each looked at once the hold is over */
  deferred: Map<string, { clusterId: string } & SeenCluster>;
  /** how long after a nudge a cluster's changes wait (default NUDGE_HOLD_MS) */
  holdMs?: number;
  /** how long a step nudged once waits before it is nudged again (default NUDGE_REPEAT_MS) */
  repeatMs?: number;
}

export const newSyncMemory = (): SyncMemory => ({ records: new Map(), heldUntil: new Map(), nudged: new Map(), deferred: new Map() });

/**
 * After a nudge, the step takes a moment to run, and CAPI goes on reporting
 * meanwhile (the Cluster's and MachineDeployment's status change several
 * times as the last worker joins): each change would be another read and
 * another nudge for the same step. A cluster nudged less than this ago has
 * its changes held back, then looked at once. Short: a nudge is handled in
 * well under a second from the step-due queue, and the step after it (the
 * next wait, nudged at the next change) must not wait out a long hold — at
 * 5 s, `wait-addons` waited p50 4 s for the nudge its addons had earned.
 */
export const NUDGE_HOLD_MS = 1_000;

/**
 * A nudge is a message: the lifecycle worker handles it however long its
 * queue is (under a burst of creates, longer than the hold). A step found
 * still waiting after it was nudged is nudged again only this long after
 * the first nudge, not at each change seen meanwhile: another nudge would
 * find the step moved on (stale), or, if the step's own check disagreed
 * with the sync's, wait again. A cluster that moved on to another step is
 * nudged for it at once.
 */
export const NUDGE_REPEAT_MS = 60_000;

/** The changes to look at now: those of clusters not held back, and the held-back ones whose hold is over. */
function heldBack(
  memory: SyncMemory,
  changes: Array<{ clusterId: string } & SeenCluster>,
  after: Map<string, SeenCluster>,
  now: number,
): Array<{ clusterId: string } & SeenCluster> {
  for (const [id, until] of memory.heldUntil) if (now >= until) memory.heldUntil.delete(id);
  const repeat = memory.repeatMs ?? NUDGE_REPEAT_MS;
  for (const [id, n] of memory.nudged) if (now - n.at >= repeat) memory.nudged.delete(id);
  const out = new Map<string, { clusterId: string } & SeenCluster>();
  for (const [id, ch] of memory.deferred) {
    if (memory.heldUntil.has(id)) continue;
    memory.deferred.delete(id);
    const current = after.get(id);
    out.set(id, current ? { clusterId: id, ...current } : ch);
  }
  for (const ch of changes) {
    if (memory.heldUntil.has(ch.clusterId)) memory.deferred.set(ch.clusterId, ch);
    else out.set(ch.clusterId, ch);
  }
  return [...out.values()];
}

/**
 * Whether a cluster the sync would nudge was nudged for the same step less
 * than NUDGE_REPEAT_MS ago and the nudge is not handled yet: then its change
 * is held back (answers true), not sent again, and looked at again after
 * NUDGE_HOLD_MS — nudged then if the cluster moved on to another step, held
 * again if not, until the repeat time. An item written since the nudge (its
 * run recorded what the step found: it waits again, on something the sync
 * saw change since) is nudged at once: holding it until the repeat time
 * would leave the step waiting on a change already reported.
 */
function nudgedRecently(memory: SyncMemory | undefined, c: Cluster, ch: { clusterId: string } & SeenCluster, now: number): boolean {
  const last = memory?.nudged.get(c.id);
  if (!memory || !last || last.generation !== c.generation || last.step !== c.step) return false;
  if (last.version !== undefined && last.version !== c.version) return false;
  const until = last.at + (memory.repeatMs ?? NUDGE_REPEAT_MS);
  if (now >= until) return false;
  // looked at again after the hold, not only at the repeat time: the nudge may be handled meanwhile and the cluster
  // wait on its next step, which is nudged at once
  memory.heldUntil.set(c.id, Math.min(until, now + (memory.holdMs ?? NUDGE_HOLD_MS)));
  memory.deferred.set(c.id, ch);
  return true;
}

/**
 * Records a step's progress on the item as read (`c`, written only if the
 * item is still at its version). Answers the item as written, or undefined
 * when it had changed meanwhile (the saga moved on, or wrote first) or the
 * step was failed at its time limit.
 */
async function recordProgress(env: StatusSyncEnv, c: Cluster, o: Extract<StepOutcome, { kind: "wait" }>): Promise<Cluster | undefined> {
  const record = c.steps.find((r) => r.name === c.step);
  if (!record) return undefined;
  const ctx: Ctx = { actor: SAGA_ACTOR, correlationId: `status-sync-${c.id}` };
  try {
    const out = await recordWait({ deps: env.deps, timing: env.timing ?? DEFAULT_LIMITS }, ctx, c, record, o, true);
    return out === "failed" ? undefined : out;
  } catch (e) {
    if (!(e instanceof SagaMoved)) throw e;
    return undefined;
  }
}

const DEFAULT_LIMITS = { timeoutSeconds: {}, defaultTimeoutSeconds: 3600 };

/** What the sync needs: the table, a list of a management cluster's objects and a way to the lifecycle queue. */
export interface StatusSyncEnv {
  deps: Deps;
  /** every object of a kind in all namespaces (all pages) */
  list(managementClusterId: string, apiVersion: string, kind: string, o: { labelSelector: string }): Promise<KubeObjectLike[]>;
  /** the management clusters to sync (those clusters are placed on) */
  managementClusters(): Promise<string[]>;
  /** sends nudges to the lifecycle queue */
  send(events: Envelope[]): Promise<void>;
  /**
   * list + watch of a management cluster (core/clusters/status-mirror.ts):
   * with it, a round reads the watched copy and a change wakes the loop at
   * once; without it, every round lists
   */
  mirror?: MirrorPort;
  /** the steps' time limits (the lifecycle worker's): a step the sync finds still waiting past its limit is failed */
  timing?: Pick<SagaTiming, "timeoutSeconds" | "defaultTimeoutSeconds">;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface StatusSyncOptions {
  /** between the starts of two rounds (default 1000); with a mirror, the longest: a change starts one sooner */
  intervalMs?: number;
  /** with a mirror: the pause after a change before the round, so a burst of events is one round (default 500) */
  settleMs?: number;
  /** with a mirror: its watch and retry timings */
  mirrorOptions?: Omit<MirrorOptions, "log">;
  /** how long a lease lasts unless renewed (default 15) */
  leaseSeconds?: number;
  /** this sync's name in the leases (default: a random one per process) */
  holder?: string;
  /** ends the loop (checked between rounds) */
  until(): boolean;
}

/** One management cluster's sync state. */
interface Held {
  seen: Map<string, SeenCluster> | undefined;
  renewedAt: number;
  /** the watched copy, while the lease is held (with env.mirror) */
  mirror?: StatusMirror;
  /** since when the copy has been incomplete (being listed, or a watch failed) */
  unsyncedSince?: number;
  /** what the sync remembers between rounds (syncRound) */
  memory: SyncMemory;
}

export const leaseKey = (managementClusterId: string) => ({ pk: `STATUSSYNC#${managementClusterId}`, sk: "LEASE" });
const PROCESS_HOLDER = `sync-${process.pid}-${randomUUID().slice(0, 8)}`;

type StoredSeen = Record<string, string>;
const toStored = (m: Map<string, SeenCluster>): StoredSeen =>
  Object.fromEntries([...m].map(([id, s]) => [id, `${s.fingerprint}|${s.tenant.domain}|${s.tenant.project}`]));
function fromStored(s: StoredSeen | undefined): Map<string, SeenCluster> | undefined {
  if (!s) return undefined;
  const out = new Map<string, SeenCluster>();
  for (const [id, v] of Object.entries(s)) {
    const [fingerprint, domain, project] = v.split("|") as [string, string, string];
    out.set(id, { fingerprint, tenant: { domain, project } });
  }
  return out;
}

/**
 * Takes (or renews) the lease of a management cluster's sync: it is free, has
 * expired, or is already ours. Answers the fingerprints the lease keeps (on a
 * take-over: what the last holder saw), or false when another holds it.
 */
export async function takeLease(
  deps: Deps,
  managementClusterId: string,
  holder: string,
  leaseSeconds: number,
  seen?: Map<string, SeenCluster>,
): Promise<{ seen: Map<string, SeenCluster> | undefined } | false> {
  const now = deps.clock.now().getTime();
  try {
    const out = await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: leaseKey(managementClusterId),
        UpdateExpression: `SET #kind = :kind, holder = :me, expiresAt = :exp, managementClusterId = :mc${seen ? ", seen = :seen" : ""}`,
        ConditionExpression: "attribute_not_exists(pk) OR holder = :me OR expiresAt < :now",
        ExpressionAttributeNames: { "#kind": "kind" },
        ExpressionAttributeValues: {
          ":kind": "status-sync-lease",
          ":me": holder,
          ":exp": now + leaseSeconds * 1000,
          ":now": now,
          ":mc": managementClusterId,
          ...(seen ? { ":seen": toStored(seen) } : {}),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return { seen: fromStored(out.Attributes?.seen as StoredSeen | undefined) };
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** Gives the lease up (the next holder need not wait for it to expire), keeping what was seen. */
export async function releaseLease(deps: Deps, managementClusterId: string, holder: string, seen?: Map<string, SeenCluster>) {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: leaseKey(managementClusterId),
        UpdateExpression: `SET expiresAt = :zero${seen ? ", seen = :seen" : ""}`,
        ConditionExpression: "holder = :me",
        ExpressionAttributeValues: { ":zero": 0, ":me": holder, ...(seen ? { ":seen": toStored(seen) } : {}) },
      }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

/**
 * One round for one management cluster: the objects of the synced kinds (the
 * watched copy when one is given, else a list per kind), the fingerprints,
 * and for each changed cluster that waits on a synced step, its progress
 * written or a nudge (stillWaiting). `memory` keeps the items whose progress
 * the sync wrote, as written, so a cluster that reports progress after
 * progress is read once, not at every change, and holds a nudged cluster's
 * further changes back for a moment (NUDGE_HOLD_MS). Answers what was seen (the
 * previous view when a list failed: the next round compares against it
 * again; a held-back cluster as HELD) and the nudges sent.
 */
export async function syncRound(
  env: StatusSyncEnv,
  managementClusterId: string,
  before: Map<string, SeenCluster> | undefined,
  watched?: KubeObjectLike[],
  memory?: SyncMemory,
): Promise<{ seen: Map<string, SeenCluster> | undefined; nudged: string[] }> {
  const cache = memory?.records;
  const selector = LABELS.clusterId;
  const objects =
    watched ??
    (
      await Promise.all(
        SYNCED_KINDS.map((k) =>
          env.list(managementClusterId, k.apiVersion, k.kind, { labelSelector: k.labelSelector ?? selector }).catch((e: unknown) => {
            // a kind the management cluster does not serve (no such CRD) has nothing to report
            if (isDomainError(e) && e.kind === "not-found") return [] as KubeObjectLike[];
            throw e;
          }),
        ),
      )
    ).flat();
  const after = fingerprints(objects);
  const now = env.deps.clock.now();
  const nudges: Envelope[] = [];
  let changes = changed(before, after);
  if (memory) changes = heldBack(memory, changes, after, now.getTime());
  const read = async (list: typeof changes) =>
    // the changed clusters in one batch read (a burst of changes across many clusters is one request, not one each)
    new Map(
      (
        await findItems<Cluster>(
          env.deps,
          list.map((ch) => clusterKeys.cluster(ch.tenant, ch.clusterId)),
          { consistent: true },
        )
      ).map((c) => [c.id, c]),
    );
  const fresh = await read(changes.filter((ch) => !cache?.has(ch.clusterId)));
  // a cached item is used only to record progress (written only if the item is still at its version); anything else
  // (a nudge, a step no longer waiting, a write refused) is decided again on the item read now
  const again: typeof changes = [];
  const decide = async (ch: (typeof changes)[number], found: Cluster | undefined, cached: boolean) => {
    // the item of the tenant the objects name, or none
    const c = found && found.domain === ch.tenant.domain && found.project === ch.tenant.project ? found : undefined;
    if (!c || !waitsOnSync(c, managementClusterId)) {
      cache?.delete(ch.clusterId);
      if (cached) again.push(ch);
      else if (memory && c && runsOn(c, managementClusterId)) {
        // its saga runs a step the sync does not move on (the chain that applied the objects, still to write that it
        // waits): CAPI may have reported already what that wait needs, and nothing may change again — held, not seen
        memory.deferred.set(c.id, ch);
        memory.heldUntil.set(c.id, now.getTime() + (memory.holdMs ?? NUDGE_HOLD_MS));
      }
      return;
    }
    // wait-addons would only find the same release or resource set still pending: its nudge comes once they are done
    if (c.step === "wait-addons" && ch.addonsPending) {
      cache?.delete(c.id);
      return;
    }
    const still = stillWaiting(c, objects, now);
    if (still) {
      const written = await recordProgress(env, c, still);
      // the sync's own write is not the nudge's run
      const nudged = memory?.nudged.get(c.id);
      if (written && nudged?.version === c.version) nudged.version = written.version;
      if (written) cache?.set(c.id, written);
      else {
        cache?.delete(c.id);
        if (cached) again.push(ch);
      }
      return;
    }
    cache?.delete(c.id);
    if (cached) again.push(ch);
    else if (!nudgedRecently(memory, c, ch, now.getTime())) {
      nudges.push(nudge(c, ch.fingerprint, now));
      memory?.heldUntil.set(c.id, now.getTime() + (memory.holdMs ?? NUDGE_HOLD_MS));
      memory?.nudged.set(c.id, { generation: c.generation, step: c.step as string, at: now.getTime(), version: c.version });
    }
  };
  await Promise.all(
    changes.map((ch) => {
      const cached = cache?.get(ch.clusterId);
      return decide(ch, cached ?? fresh.get(ch.clusterId), cached !== undefined);
    }),
  );
  if (again.length) {
    const reread = await read(again);
    await Promise.all(again.map((ch) => decide(ch, reread.get(ch.clusterId), false)));
  }
  if (nudges.length) await env.send(nudges);
  const seen = new Map(after);
  for (const id of memory?.deferred.keys() ?? []) {
    const current = after.get(id);
    if (current) seen.set(id, { ...current, fingerprint: HELD });
  }
  return { seen, nudged: nudges.map((e) => (e.data as { clusterId: string }).clusterId) };
}

/**
 * The sync loop: every interval, one round for each management cluster whose
 * lease this sync holds (the others are tried again at each renewal). With a
 * mirror (list + watch), a change a watch reports starts the next round at
 * once. Runs until `until()`; then gives its leases up. A management cluster
 * that cannot be reached is logged and tried again next round; its clusters'
 * timers go on meanwhile.
 */
export async function runStatusSync(env: StatusSyncEnv, o: StatusSyncOptions): Promise<{ rounds: number; nudges: number }> {
  const interval = o.intervalMs ?? 1000;
  const settle = o.settleMs ?? 500;
  const leaseSeconds = o.leaseSeconds ?? 15;
  const holder = o.holder ?? PROCESS_HOLDER;
  const renewEvery = (leaseSeconds * 1000) / 3;
  const held = new Map<string, Held>();
  const tried = new Map<string, number>();
  // a management cluster that cannot be reached is logged once, not every round, until it answers again
  const failing = new Set<string>();
  let mcs: string[] = [];
  let listedAt = 0;
  let rounds = 0;
  let nudges = 0;
  const log = env.log ?? (() => undefined);
  // a watch's change: the loop's wait ends early
  let dirty = false;
  let wake: (() => void) | undefined;
  const changed = () => {
    dirty = true;
    wake?.();
  };
  const drop = (mc: string) => {
    const h = held.get(mc);
    held.delete(mc);
    return h?.mirror?.stop();
  };
  try {
    while (!o.until()) {
      const started = Date.now();
      dirty = false;
      if (started - listedAt > renewEvery) {
        mcs = await env.managementClusters().catch((e: unknown) => {
          log("status sync: could not list the management clusters", { error: (e as Error).message });
          return mcs;
        });
        listedAt = started;
        for (const id of held.keys()) if (!mcs.includes(id)) await drop(id);
      }
      await Promise.all(
        mcs.map(async (mc) => {
          try {
            let h = held.get(mc);
            if (!h && started - (tried.get(mc) ?? 0) < renewEvery) return;
            if (!h || started - h.renewedAt > renewEvery) {
              tried.set(mc, started);
              const lease = await takeLease(env.deps, mc, holder, leaseSeconds, h?.seen);
              if (!lease) {
                await drop(mc);
                return;
              }
              if (h) h.renewedAt = started;
              else {
                h = { seen: lease.seen, renewedAt: started, memory: newSyncMemory() };
                if (env.mirror)
                  h.mirror = new StatusMirror(env.mirror, mc, SYNCED_KINDS, LABELS.clusterId, changed, { ...o.mirrorOptions, log });
                held.set(mc, h);
              }
            }
            let watched: KubeObjectLike[] | undefined;
            if (h.mirror?.synced) {
              h.unsyncedSince = undefined;
              watched = h.mirror.objects();
            } else if (h.mirror) {
              // a copy being listed is waited for (it wakes the loop when complete); one that stays incomplete
              // (its watches failing) gives way to a list per round until it is complete again
              h.unsyncedSince ??= started;
              if (started - h.unsyncedSince < 3 * interval) return;
            }
            const r = await syncRound(env, mc, h.seen, watched, h.memory);
            h.seen = r.seen;
            if (failing.delete(mc)) log("status sync: the management cluster answers again", { managementClusterId: mc });
            nudges += r.nudged.length;
            if (r.nudged.length) log("status sync: nudged", { managementClusterId: mc, clusters: r.nudged });
          } catch (e) {
            if (!failing.has(mc)) log("status sync: round failed", { managementClusterId: mc, error: (e as Error).message });
            failing.add(mc);
          }
        }),
      );
      rounds++;
      const left = interval - (Date.now() - started);
      if (left > 0 && !dirty && !o.until())
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, left);
          function done() {
            clearTimeout(t);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      if (dirty && settle > 0) await new Promise((r) => setTimeout(r, settle));
    }
  } finally {
    for (const [mc, h] of held) {
      await h.mirror?.stop();
      await releaseLease(env.deps, mc, holder, h.seen).catch(() => undefined);
    }
  }
  return { rounds, nudges };
}
