import type { Cluster } from "../model.js";
import type { StepName } from "../operations.js";
import { type PoolView, poolsOf } from "../pools.js";
import type { KubeObjectLike } from "../ports.js";
import { LABELS } from "../render.js";
import { byKind, done, managementCluster, objectNames, readKept, type StepContext, StepFailure, type StepOutcome, wait } from "./common.js";

/** What the management cluster reports of a cluster's CAPI objects, and the steps that wait on it. */
export interface CapiState {
  cluster: KubeObjectLike | undefined;
  controlPlane: KubeObjectLike | undefined;
  /** the primary pool's MachineDeployment */
  workers: KubeObjectLike | undefined;
  /** every pool's MachineDeployment, the primary first (core/clusters/pools.ts) */
  pools?: Array<{ pool: PoolView; md: KubeObjectLike | undefined }>;
}

export async function readCapi(s: StepContext): Promise<CapiState> {
  const mc = managementCluster(s.c);
  const refs = objectNames(s);
  const pools = poolsOf(s.c);
  const mdRef = byKind(refs, "MachineDeployment");
  const [cluster, controlPlane, ...mds] = await Promise.all([
    readKept(s, mc, byKind(refs, "Cluster")),
    s.env.capi.get(mc, byKind(refs, "KamajiControlPlane")),
    ...pools.map((p) => s.env.capi.get(mc, { ...mdRef, name: p.objectName })),
  ]);
  return { cluster, controlPlane, workers: mds[0], pools: pools.map((pool, i) => ({ pool, md: mds[i] })) };
}

/**
 * The status fields the waiting steps of this file read, by kind (a
 * condition as "condition:<type>", its status only). The status sync
 * (core/clusters/status-sync.ts) fingerprints these and nothing else of a
 * status, so a field a step starts to read must be named here, or its change
 * waits for the step's fallback timer. Kinds not named: no status field counts.
 */
export const STATUS_READ: Readonly<Record<string, readonly string[]>> = {
  Cluster: ["phase", "controlPlaneReady", "condition:ControlPlaneReady", "failureReason", "failureMessage"],
  KamajiControlPlane: ["ready", "initialized", "version", "failureReason", "failureMessage"],
  MachineDeployment: ["observedGeneration", "replicas", "readyReplicas", "updatedReplicas", "failureReason", "failureMessage"],
};

/** What of an object's status the steps read (STATUS_READ), as a list in a fixed order. */
export function readStatus(o: KubeObjectLike): unknown[] {
  const status = o.status ?? {};
  return (STATUS_READ[o.kind] ?? []).map((f) => {
    if (!f.startsWith("condition:")) return status[f] ?? null;
    const type = f.slice("condition:".length);
    const list = Array.isArray(status.conditions) ? (status.conditions as Array<{ type?: string; status?: string }>) : [];
    return list.find((c) => c.type === type)?.status ?? null;
  });
}

const num = (v: unknown) => (typeof v === "number" ? v : 0);
const conditionTrue = (o: KubeObjectLike | undefined, type: string) => {
  const list = o?.status?.conditions;
  return Array.isArray(list) && (list as Array<{ type: string; status: string }>).some((x) => x.type === type && x.status === "True");
};

export function observe(st: CapiState, now: string): NonNullable<Cluster["observed"]> {
  const kcp = st.controlPlane?.status ?? {};
  const md = st.workers?.status ?? {};
  return {
    controlPlaneReady: kcp.ready === true && kcp.initialized === true,
    ...(typeof kcp.version === "string" ? { controlPlaneVersion: kcp.version } : {}),
    readyWorkers: num(md.readyReplicas),
    updatedWorkers: num(md.updatedReplicas),
    ...(st.pools && st.pools.length > 1
      ? {
          pools: st.pools.map(({ pool, md: d }) => ({
            name: pool.name,
            replicas: num(d?.status?.replicas),
            readyReplicas: num(d?.status?.readyReplicas),
            updatedReplicas: num(d?.status?.updatedReplicas),
          })),
        }
      : {}),
    ...(typeof st.cluster?.status?.phase === "string" ? { phase: st.cluster.status.phase as string } : {}),
    at: now,
  };
}

/** CAPI reports a failure it will not recover from: stop waiting. */
export function capiFailure(st: CapiState): void {
  // at its source first: CAPI copies a control plane's failure to the Cluster, wrapped in a message of its own
  for (const [what, o] of [
    ["KamajiControlPlane", st.controlPlane],
    ...(st.pools ?? [{ md: st.workers }]).map((p) => ["MachineDeployment", p.md] as const),
    ["Cluster", st.cluster],
  ] as const) {
    const reason = o?.status?.failureReason;
    if (typeof reason === "string" && reason) {
      throw new StepFailure(
        "CapiFailure",
        `${what} ${o?.metadata.name} failed: ${reason}${typeof o?.status?.failureMessage === "string" ? `: ${o.status.failureMessage}` : ""}`,
      );
    }
  }
  if (st.cluster?.status?.phase === "Failed")
    throw new StepFailure("CapiFailure", `Cluster ${st.cluster.metadata.name} is in phase Failed`);
}

/** The version the control plane and the workers must reach: the operation's target, else the cluster's. */
const versionOf = (c: Cluster) => c.target?.kubernetesVersion ?? c.kubernetesVersion;

export function judgeControlPlane(st: CapiState, c: Cluster, now: string): StepOutcome {
  const version = versionOf(c);
  capiFailure(st);
  const obs = observe(st, now);
  if (!st.cluster || !st.controlPlane)
    return wait("ObjectsMissing", "the Cluster or KamajiControlPlane object is missing on the management cluster", obs);
  const clusterReady = st.cluster.status?.controlPlaneReady === true || conditionTrue(st.cluster, "ControlPlaneReady");
  if (!obs.controlPlaneReady || !clusterReady) {
    return wait("ControlPlaneNotReady", `the Kamaji control plane is not ready yet (Cluster phase ${obs.phase ?? "unknown"})`, obs);
  }
  if (obs.controlPlaneVersion !== version) {
    return wait(
      "ControlPlaneUpgrading",
      `the control plane runs ${obs.controlPlaneVersion ?? "an unknown version"}; waiting for ${version}`,
      obs,
    );
  }
  return done(`the control plane is ready at ${version}`, { set: { observed: obs } });
}

export function judgeWorkers(st: CapiState, c: Cluster, now: string): StepOutcome {
  capiFailure(st);
  const obs = observe(st, now);
  const version = versionOf(c);
  const pools = st.pools ?? [];
  const several = pools.length > 1;
  const ready: string[] = [];
  // every pool's MachineDeployment (core/clusters/pools.ts): an upgrade rolls them all, a scale changes one
  for (const { pool, md } of pools) {
    const of = several ? `pool ${pool.name}: ` : "";
    if (!md)
      return wait(
        "ObjectsMissing",
        `${several ? `MachineDeployment ${pool.objectName}` : "the MachineDeployment"} is missing on the management cluster`,
        obs,
      );
    const want = pool.count;
    const status = md.status ?? {};
    const observedGen = num(status.observedGeneration);
    const generation = num(md.metadata.generation);
    const specVersion = (md.spec?.template as { spec?: { version?: string } } | undefined)?.spec?.version ?? "";
    if (specVersion !== version)
      return wait("WorkersNotUpdated", `${of}the MachineDeployment asks for ${specVersion || "no version"}, not ${version}`, obs);
    if (observedGen < generation) return wait("WorkersProgressing", `${of}CAPI has not yet seen the MachineDeployment's latest spec`, obs);
    const r = num(status.readyReplicas);
    const updated = num(status.updatedReplicas);
    const replicas = num(status.replicas);
    if (r !== want || updated !== want || replicas !== want) {
      return wait(
        "WorkersProgressing",
        `${of}${r} of ${want} worker(s) ready, ${updated} at ${version}${replicas > want ? `, ${replicas - want} being removed` : ""}`,
        obs,
      );
    }
    ready.push(`${of}${want} worker(s) ready at ${version}`);
  }
  return done(ready.join("; "), { set: { observed: obs } });
}

/**
 * The waiting steps judged from what CAPI reports and nothing else: the step
 * reads the objects itself (readCapi), the status sync judges its watched
 * copy with the same function (core/clusters/status-sync.ts) and moves the
 * step on only when the answer is no longer "wait".
 */
export const CAPI_JUDGES = {
  "wait-control-plane": judgeControlPlane,
  "wait-workers": judgeWorkers,
} as const satisfies Partial<Record<StepName, (st: CapiState, c: Cluster, now: string) => StepOutcome>>;

export const capiWait =
  (judge: (st: CapiState, c: Cluster, now: string) => StepOutcome) =>
  async (s: StepContext): Promise<StepOutcome> =>
    judge(await readCapi(s), s.c, s.env.deps.clock.now().toISOString());

/**
 * A cluster's CAPI state from a copy of the management cluster's objects (the
 * status sync's watched copy): its objects by the cluster-id label, each
 * pool's MachineDeployment by its name.
 */
export function capiStateOf(c: Cluster, objects: KubeObjectLike[]): CapiState {
  const mine = objects.filter((o) => (o.metadata.labels as Record<string, string> | undefined)?.[LABELS.clusterId] === c.id);
  const pools = poolsOf(c).map((pool) => ({
    pool,
    md: mine.find((o) => o.kind === "MachineDeployment" && o.metadata.name === pool.objectName),
  }));
  return {
    cluster: mine.find((o) => o.kind === "Cluster"),
    controlPlane: mine.find((o) => o.kind === "KamajiControlPlane"),
    workers: pools[0]?.md,
    pools,
  };
}

export const waitControlPlane = capiWait(judgeControlPlane);
export const waitWorkers = capiWait(judgeWorkers);
