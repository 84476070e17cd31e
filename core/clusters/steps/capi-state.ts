import type { Cluster } from "../model.js";
import type { KubeObjectLike } from "../ports.js";
import { byKind, done, managementCluster, objectNames, type StepContext, StepFailure, type StepOutcome, wait } from "./common.js";

/** What the management cluster reports of a cluster's CAPI objects, and the steps that wait on it. */
interface CapiState {
  cluster: KubeObjectLike | undefined;
  controlPlane: KubeObjectLike | undefined;
  workers: KubeObjectLike | undefined;
}

export async function readCapi(s: StepContext): Promise<CapiState> {
  const mc = managementCluster(s.c);
  const refs = objectNames(s);
  const [cluster, controlPlane, workers] = await Promise.all([
    s.env.capi.get(mc, byKind(refs, "Cluster")),
    s.env.capi.get(mc, byKind(refs, "KamajiControlPlane")),
    s.env.capi.get(mc, byKind(refs, "MachineDeployment")),
  ]);
  return { cluster, controlPlane, workers };
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
    ...(typeof st.cluster?.status?.phase === "string" ? { phase: st.cluster.status.phase as string } : {}),
    at: now,
  };
}

/** CAPI reports a failure it will not recover from: stop waiting. */
export function capiFailure(st: CapiState): void {
  // at its source first: CAPI copies a control plane's failure to the Cluster, wrapped in a message of its own
  for (const [what, o] of [
    ["KamajiControlPlane", st.controlPlane],
    ["MachineDeployment", st.workers],
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

export async function waitControlPlane(s: StepContext, version: string): Promise<StepOutcome> {
  const st = await readCapi(s);
  capiFailure(st);
  const obs = observe(st, s.env.deps.clock.now().toISOString());
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

export async function waitWorkers(s: StepContext): Promise<StepOutcome> {
  const st = await readCapi(s);
  capiFailure(st);
  const obs = observe(st, s.env.deps.clock.now().toISOString());
  const md = st.workers;
  if (!md) return wait("ObjectsMissing", "the MachineDeployment is missing on the management cluster", obs);
  const want = s.c.workers;
  const version = s.c.target?.kubernetesVersion ?? s.c.kubernetesVersion;
  const status = md.status ?? {};
  const observedGen = num(status.observedGeneration);
  const generation = num(md.metadata.generation);
  const specVersion = (md.spec?.template as { spec?: { version?: string } } | undefined)?.spec?.version ?? "";
  if (specVersion !== version)
    return wait("WorkersNotUpdated", `the MachineDeployment asks for ${specVersion || "no version"}, not ${version}`, obs);
  if (observedGen < generation) return wait("WorkersProgressing", "CAPI has not yet seen the MachineDeployment's latest spec", obs);
  const ready = num(status.readyReplicas);
  const updated = num(status.updatedReplicas);
  const replicas = num(status.replicas);
  if (ready !== want || updated !== want || replicas !== want) {
    return wait(
      "WorkersProgressing",
      `${ready} of ${want} worker(s) ready, ${updated} at ${version}${replicas > want ? `, ${replicas - want} being removed` : ""}`,
      obs,
    );
  }
  return done(`${want} worker(s) ready at ${version}`, { set: { observed: obs } });
}
