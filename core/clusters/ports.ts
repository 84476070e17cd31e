import type { Envelope } from "../../events/envelope.js";
import type { WorkloadPort } from "../addons/workload.js";
import type { Ctx, Deps } from "../deps.js";
import type { InfrastructureDriver } from "../infrastructure/driver.js";
import type { ProjectRef } from "../store/keys.js";
import type { BundleManifest, BundleStore } from "./bundles.js";
import type { Cluster } from "./model.js";

/**
 * What the lifecycle saga needs from the rest of the system, as small
 * interfaces: the provider cluster registry and placement (core/providers,
 * core/management), the management clusters' Kubernetes APIs (core/kube)
 * and the infrastructure drivers. core/clusters/runtime.ts wires the real
 * ones; nothing in the saga knows how they are reached.
 */
export interface ResolvedProvider {
  name: string;
  /** set when the provider cluster belongs to the cluster's project rather than its domain */
  project?: string;
  type: "orbiter-bms" | "ccs-vm";
}

export interface ProviderPort {
  /** the project's provider cluster of that name, else the domain's; undefined if none exists */
  resolve(t: ProjectRef, name: string): Promise<ResolvedProvider | undefined>;
  /**
   * resolve-provider's work, idempotent: the provider cluster the cluster already uses (recorded when it was
   * created), else as `resolve`; the use recorded; the management cluster chosen (or found) and the placement
   * recorded. Undefined if no provider cluster of that name exists; a StepFailure (PlacementFailed) if no
   * management cluster can take the cluster
   */
  claim(
    ctx: Ctx,
    t: ProjectRef,
    name: string,
    clusterId: string,
  ): Promise<{ provider: ResolvedProvider; managementCluster: { id: string; name: string } } | undefined>;
  releaseUse(ctx: Ctx, t: ProjectRef, clusterId: string): Promise<void>;
  releasePlacement(ctx: Ctx, t: ProjectRef, managementClusterId: string, clusterId: string): Promise<void>;
  /** a driver for the provider cluster, with its credential opened */
  driver(t: ProjectRef, pc: ResolvedProvider): Promise<InfrastructureDriver>;
}

/** A Kubernetes object as the saga handles it: plain JSON. */
export interface KubeObjectLike {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; [k: string]: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface ObjectRefLike {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface CapiPort {
  /** the cluster's CAPI objects in apply order (Namespace first), for a version and worker count */
  render(c: Cluster, o: { kubernetesVersion: string; workers: number; bundle: BundleManifest }): KubeObjectLike[];
  /** server-side apply, in order */
  apply(managementClusterId: string, objects: KubeObjectLike[]): Promise<void>;
  get(managementClusterId: string, ref: ObjectRefLike): Promise<KubeObjectLike | undefined>;
  /** true if it existed */
  delete(managementClusterId: string, ref: ObjectRefLike): Promise<boolean>;
  /** every object of a kind (all pages), in a namespace or in all of them */
  list(
    managementClusterId: string,
    apiVersion: string,
    kind: string,
    o?: { namespace?: string; labelSelector?: string },
  ): Promise<KubeObjectLike[]>;
}

export interface SagaTiming {
  /** delay of the first re-check of a waiting step; doubles up to maxPollSeconds */
  firstPollSeconds: number;
  maxPollSeconds: number;
  /** how long a waiting step may wait before the saga fails, per step (default: defaultTimeoutSeconds) */
  timeoutSeconds: Partial<Record<string, number>>;
  defaultTimeoutSeconds: number;
  /**
   * How long a worker may go on running the next steps itself once a step is
   * done (an inline chain; 0: every step is a message of its own). Past it, the
   * completion is a message as before.
   */
  chainSeconds: number;
  /**
   * Steps a running status sync nudges when CAPI reports (core/clusters/status-sync.ts): their timer is
   * only the slow fallback, every syncedFallbackSeconds. Absent: no sync runs, every step polls from firstPollSeconds.
   */
  syncedSteps?: ReadonlySet<string>;
  /** The synced steps' fallback timer (default maxPollSeconds); a cluster waiting longer costs a timer per interval. */
  syncedFallbackSeconds?: number;
}

export interface SagaEnv {
  deps: Deps;
  bundles: BundleStore;
  providers: ProviderPort;
  capi: CapiPort;
  /** the clusters' own API servers, through their kubeconfig Secrets (addon health) */
  workload: WorkloadPort;
  /** where charts and images come from (product §3, §6.3), e.g. docker.io/coredgeio */
  imageRegistry: string;
  /** the control plane's API URL machines' agents register with; undefined where it is not known */
  apiUrl: string | undefined;
  /** sends a saga message to the lifecycle queue after a delay (a timer for waiting steps) */
  schedule(e: Envelope, delaySeconds: number): Promise<void>;
  timing: SagaTiming;
}
