import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { AddonHealth } from "../../addons/model.js";
import type { Ctx } from "../../deps.js";
import type { Host } from "../../hosts/model.js";
import type { ClusterInfra } from "../../infrastructure/driver.js";
import { InfrastructureError } from "../../infrastructure/errors.js";
import { DomainError, isDomainError } from "../../shared/errors.js";
import { withoutKeys } from "../../store/items.js";
import { keys, type ProjectRef } from "../../store/keys.js";
import type { Transaction } from "../../store/transaction.js";
import { type BundleManifest, findBundle } from "../bundles.js";
import type { SagaGuard } from "../hosts.js";
import type { Cluster } from "../model.js";
import { commonPlatform, hostPlatform, requireBundle } from "../platform.js";
import type { KubeObjectLike, ObjectRefLike, SagaEnv } from "../ports.js";

/**
 * What every step of the cluster lifecycle works with. Every step is safe
 * to run again: it reads what is already done (from the table, the provider
 * or the management cluster) and does only the rest. A step answers `done`
 * (the saga moves on), `wait` (check again later) or throws: a
 * RetryableError (or any unexpected error) is retried with backoff, a
 * DomainError fails the cluster with a condition naming the step and the
 * reason.
 */
export interface StepContext {
  env: SagaEnv;
  c: Cluster;
  t: ProjectRef;
  ctx: Ctx;
  guard: SagaGuard;
  /**
   * Set by a step that wrote the cluster's item itself (the hosts it took, core/clusters/steps/host-moves.ts):
   * "known" when `c` was updated to the item as written (its version included), "unknown" when the step could
   * not tell (its completion is then written without the version guard, and an inline chain reads the item)
   */
  wrote?: "known" | "unknown";
  /** what the steps of this inline chain applied and read so far (one worker, seconds apart) */
  chain?: ChainMemo;
}

/**
 * What an inline chain's steps share: the objects one of them applied (the
 * Namespace issue-certificates applies with the cluster CA, which
 * apply-objects renders again), and what one read of an object's spec that
 * does not change once set (the control plane endpoint on the Cluster, which
 * wait-control-plane reads and install-cni needs). A chain lasts seconds and
 * a step that finds a memo wanting reads or applies again; a new message
 * starts a new memo.
 */
export interface ChainMemo {
  /** management cluster and object as applied (its JSON) */
  applied: Set<string>;
  /** management cluster and object reference → the object as read */
  read: Map<string, KubeObjectLike | undefined>;
}

export const newChainMemo = (): ChainMemo => ({ applied: new Set(), read: new Map() });

const refKey = (mc: string, r: ObjectRefLike) => `${mc}\0${r.apiVersion}\0${r.kind}\0${r.namespace ?? ""}\0${r.name}`;

/** Server-side applies the objects, leaving out those this inline chain has already applied as they are. */
export async function applyOnce(s: StepContext, mc: string, objects: KubeObjectLike[]): Promise<void> {
  const applied = s.chain?.applied;
  const fresh = objects.map((o) => [`${mc}\0${JSON.stringify(o)}`, o] as const).filter(([k]) => !applied?.has(k));
  if (fresh.length)
    await s.env.capi.apply(
      mc,
      fresh.map(([, o]) => o),
    );
  for (const [k] of fresh) applied?.add(k);
}

/** Reads an object from the management cluster, and keeps it for the chain's later steps (ChainMemo.read). */
export async function readKept(s: StepContext, mc: string, ref: ObjectRefLike): Promise<KubeObjectLike | undefined> {
  const o = await s.env.capi.get(mc, ref);
  s.chain?.read.set(refKey(mc, ref), o);
  return o;
}

/** An object as an earlier step of this chain read it, if one did. */
export const keptRead = (s: StepContext, mc: string, ref: ObjectRefLike): KubeObjectLike | undefined => s.chain?.read.get(refKey(mc, ref));

export type StepOutcome =
  | {
      kind: "done";
      skipped?: boolean;
      message: string;
      set?: Partial<Pick<Cluster, "resolved" | "provisioned" | "observed" | "hostIds" | "addonHealth" | "machineCapacity">>;
      /** events recorded with the step's completion */
      emit?: (tx: Transaction) => void;
    }
  | {
      kind: "wait";
      reason: string;
      message: string;
      observed?: NonNullable<Cluster["observed"]>;
      /** what the addons' health check found, recorded while the step waits */
      addonHealth?: AddonHealth;
      /** the failure reason when the step's time runs out (default StepTimedOut) */
      timeoutReason?: string;
      /**
       * Whether what the step waits on is what the status sync watches (default: whether the step is one of the
       * synced ones): then its timer is only the slow fallback; if not, it polls on its own timer
       */
      synced?: boolean;
    };

export interface StepDef {
  /** the condition this step reports */
  condition: string;
  run(s: StepContext): Promise<StepOutcome>;
  /**
   * The step's outcome when the cluster item alone decides it — no reads, no writes (a wait for machines when
   * none were provisioned) — else undefined. Such a step is completed in the same write as the step before it
   * (core/clusters/saga.ts); `run` must answer the same.
   */
  settled?(c: Cluster): DoneOutcome | undefined;
  /**
   * An action that needs no wait and is safe to run again (a server-side apply of the addons' objects): when the
   * step before it completes in an inline chain, it runs right then and is completed in the same write
   * (core/clusters/saga.ts `foldActions`). If it waits or throws there, it runs again as a step of its own.
   */
  foldable?: true;
}

/** After releasing machines, how long the provider must keep listing none of the cluster's before the step is done. */
export const RELEASE_SETTLE_SECONDS = 5;
/**
 * How long a step of an abandoned operation may still be running: longer
 * than a lifecycle worker can run (on Lambda its timeout is the queue's
 * visibility timeout less 10 s).
 */
export const ABANDONED_STEP_GRACE_SECONDS = 60;

export class StepFailure extends DomainError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super("unprocessable", message, { extra: { reason } });
    this.name = "StepFailure";
  }
}

/** The reason word for a terminal failure's condition. */
export function failureReason(e: unknown): string {
  if (e instanceof StepFailure || e instanceof InfrastructureError) return e.reason;
  if (isDomainError(e)) {
    const r = e.extra?.reason;
    if (typeof r === "string") return r;
    return (
      { "not-found": "NotFound", conflict: "Conflict", unprocessable: "Unprocessable", validation: "Invalid", unavailable: "Unavailable" }[
        e.kind as string
      ] ?? "Failed"
    );
  }
  return "Failed";
}

export type DoneOutcome = Extract<StepOutcome, { kind: "done" }>;

export const done = (message: string, o: Omit<DoneOutcome, "kind" | "message"> = {}): DoneOutcome => ({
  kind: "done",
  message,
  ...o,
});
export const skip = (message: string): DoneOutcome => ({ kind: "done", skipped: true, message });
export const wait = (reason: string, message: string, observed?: NonNullable<Cluster["observed"]>): StepOutcome => ({
  kind: "wait",
  reason,
  message,
  ...(observed ? { observed } : {}),
});

export function infraOf(c: Cluster): ClusterInfra {
  return { clusterId: c.id, clusterName: c.name, domain: c.domain, project: c.project, cni: c.cni.name };
}

export function resolved(c: Cluster): NonNullable<Cluster["resolved"]> {
  if (!c.resolved) throw new StepFailure("NotResolved", "the cluster's provider was never resolved");
  return c.resolved;
}

export function managementCluster(c: Cluster): string {
  const id = resolved(c).managementClusterId;
  if (!id) throw new StepFailure("NotPlaced", "the cluster was never placed on a management cluster");
  return id;
}

export async function driverOf(s: StepContext) {
  const r = resolved(s.c);
  return s.env.providers.driver(s.t, r.providerCluster);
}

export async function hostsOf(s: StepContext, ids: string[]): Promise<Host[]> {
  const out: Host[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const res = await s.env.deps.db.send(
      new BatchGetCommand({ RequestItems: { [s.env.deps.table]: { Keys: chunk.map((id) => keys.host(s.t, id)), ConsistentRead: true } } }),
    );
    out.push(...(res.Responses?.[s.env.deps.table] ?? []).map((i) => withoutKeys<Host>(i)));
    const left = res.UnprocessedKeys?.[s.env.deps.table]?.Keys?.length ?? 0;
    if (left) throw new Error(`DynamoDB left ${left} host read(s) unprocessed; retrying the step`);
  }
  return out;
}

/**
 * The BYOH bundle for a version and the platform of the cluster's hosts
 * (core/clusters/platform.ts); fails the cluster when the hosts mix
 * platforms or no bundle matches.
 */
export async function bundleFor(s: StepContext, version: string): Promise<BundleManifest> {
  const hosts = await hostsOf(s, s.c.hostIds);
  const sources = hosts.length ? hosts.map(hostPlatform) : [{ what: "new machines", os: s.c.machines.os, arch: s.c.machines.arch }];
  return requireBundle((v, os) => findBundle(s.env.bundles, v, os), version, commonPlatform(sources));
}

export function renderFor(s: StepContext, bundle: BundleManifest, version: string): KubeObjectLike[] {
  return s.env.capi.render(s.c, { kubernetesVersion: version, workers: s.c.workers, bundle });
}

export const refOf = (o: KubeObjectLike): ObjectRefLike => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
});

export function byKind(objects: KubeObjectLike[], kind: string): ObjectRefLike {
  const o = objects.find((x) => x.kind === kind);
  if (!o) throw new Error(`the rendered objects have no ${kind}`);
  return refOf(o);
}

/** Only names objects: reads and deletes do not depend on the bundle. */
export const PLACEHOLDER_BUNDLE: BundleManifest = {
  kubernetesVersion: "v0.0.0",
  os: "ubuntu-20.04",
  repository: "placeholder.invalid",
  ociReference: "placeholder.invalid/bundle:none",
  digest: `sha256:${"0".repeat(64)}`,
  architectures: ["amd64"],
  packages: {},
  publishedAt: "",
};

/** The cluster's CAPI objects, rendered only to name them (reads and deletes). */
export function objectNames(s: StepContext): KubeObjectLike[] {
  return s.env.capi.render(s.c, { kubernetesVersion: s.c.kubernetesVersion, workers: s.c.workers, bundle: PLACEHOLDER_BUNDLE });
}

export function ignoreNotFound(e: unknown): void {
  if (!(isDomainError(e) && e.kind === "not-found")) throw e;
}
