import { type ClaimView, readClaims } from "../../byoh/claims.js";
import { selectorOf } from "../../byoh/kube.js";
import { BYOH_API_VERSION, CAPI_API_VERSION, CKP_HOST_LABELS, hostsNamespace } from "../../byoh/names.js";
import { deleteHost } from "../../hosts/hosts.js";
import { isDomainError } from "../../shared/errors.js";
import { assignHosts, releaseHostsToGroup, SagaMoved } from "../hosts.js";
import type { Cluster, ProvisionedMachine } from "../model.js";
import { type PoolView, poolsOf } from "../pools.js";
import { clusterNamespace } from "../spec.js";
import { driverOf, hostsOf, ignoreNotFound, infraOf, managementCluster, type StepContext } from "./common.js";

/** Taking hosts for a cluster and giving them back, shared by the create, scale and delete steps. */

/**
 * Assigns up to `needed` hosts to the cluster from `candidates(n)` (ids,
 * best first), atomically per host: a host someone else took meanwhile
 * fails its chunk, and the hosts are picked again. Answers the ids taken;
 * fewer than needed when the candidates run out.
 */
export async function takeHosts(
  s: StepContext,
  needed: number,
  candidates: (n: number) => Promise<string[]>,
  pool: PoolView = primaryPool(s),
): Promise<string[]> {
  const further = pool.index === undefined ? undefined : { name: pool.name, index: pool.index };
  const taken: string[] = [];
  for (let attempt = 0; taken.length < needed; attempt++) {
    const want = needed - taken.length;
    const pick = (await candidates(want + taken.length)).filter((id) => !taken.includes(id) && !s.c.hostIds.includes(id)).slice(0, want);
    if (pick.length === 0) break;
    try {
      const writes = await assignHosts(s.env.deps, s.ctx, s.t, pool.hostGroup, s.guard, pick, further);
      taken.push(...pick);
      // the step goes on from the item as written (StepContext.wrote), unless an earlier attempt left it unknown
      s.c = withHosts(s.c, pick, further?.index, writes);
      s.wrote ??= "known";
    } catch (e) {
      if (e instanceof SagaMoved) throw e;
      // a chunk before the one that failed may have been written
      s.wrote = "unknown";
      if (!(isDomainError(e) && e.kind === "conflict") || attempt >= 4) throw e;
      // someone took one of them: keep what this cluster got, pick again
      taken.push(...(await hostsOf(s, pick)).filter((h) => h.clusterId === s.c.id).map((h) => h.id));
    }
  }
  return taken;
}

/** The cluster's item after assignHosts wrote `hostIds` to it (to a further pool's list too), `writes` times. */
function withHosts(c: Cluster, hostIds: string[], poolIndex: number | undefined, writes: number): Cluster {
  return {
    ...c,
    hostIds: [...c.hostIds, ...hostIds],
    ...(poolIndex === undefined || !c.workerPools
      ? {}
      : { workerPools: c.workerPools.map((p, i) => (i === poolIndex ? { ...p, hostIds: [...p.hostIds, ...hostIds] } : p)) }),
    version: c.version + writes,
  };
}

/** The cluster's primary worker pool (hostGroup, workers). */
export const primaryPool = (s: StepContext): PoolView => poolsOf(s.c)[0] as PoolView;

/** A worker pool's Machines and the cluster's ByoHosts on its management cluster, and who holds which host. */
export async function claimsOf(s: StepContext, pool: PoolView = primaryPool(s)): Promise<ClaimView> {
  const mc = managementCluster(s.c);
  const [machines, byoHosts] = await Promise.all([
    s.env.capi.list(mc, CAPI_API_VERSION, "Machine", {
      namespace: clusterNamespace(s.c.id),
      labelSelector: selectorOf({ "cluster.x-k8s.io/cluster-name": s.c.name, "cluster.x-k8s.io/deployment-name": pool.objectName }),
    }),
    s.env.capi.list(mc, BYOH_API_VERSION, "ByoHost", {
      namespace: hostsNamespace(s.c),
      labelSelector: selectorOf({ [CKP_HOST_LABELS.clusterId]: s.c.id }),
    }),
  ]);
  return readClaims(machines as Parameters<typeof readClaims>[0], byoHosts as Parameters<typeof readClaims>[1]);
}

/**
 * The cluster's hosts in the order a scale-down gives them up: those whose
 * Machine is already marked (an earlier attempt chose them), then hosts no
 * Machine runs on, then hosts of unhealthy Machines, then machines this
 * cluster provisioned (they go back to the provider), then the most
 * recently assigned.
 */
export function surplusOrder(s: StepContext, claims: ClaimView, hostIds: string[] = s.c.hostIds): string[] {
  const own = new Set(s.c.provisioned.map((m) => m.hostId).filter(Boolean));
  const rank = (h: string) => {
    const m = claims.machines.find((x) => x.hostId === h);
    if (m?.markedForDeletion || m?.deleting) return 0;
    if (!claims.claimedBy.has(h)) return 1;
    if (m?.problem) return 2;
    if (own.has(h)) return 3;
    return 4;
  };
  const position = new Map(hostIds.map((h, i) => [h, i]));
  return [...hostIds].sort((a, b) => rank(a) - rank(b) || (position.get(b) as number) - (position.get(a) as number));
}

/**
 * Hosts go back where they came from: hosts of machines this cluster
 * provisioned are deleted and their machines released to the provider;
 * others return to the group. Answers the provisioned machines left.
 */
export async function releaseHosts(
  s: StepContext,
  keep: string[],
  release: string[],
  pool?: { index: number; hostIds: string[] },
): Promise<ProvisionedMachine[]> {
  const own = new Set(s.c.provisioned.map((m) => m.hostId).filter(Boolean));
  const toGroup = release.filter((id) => !own.has(id));
  const toProvider = release.filter((id) => own.has(id));
  await releaseHostsToGroup(s.env.deps, s.ctx, s.t, s.guard, [...keep, ...toProvider], toGroup, pool);
  if (toProvider.length === 0) return s.c.provisioned;
  for (const id of toProvider) await deleteHost(s.env.deps, s.ctx, s.t, id, { force: true }).catch(ignoreNotFound);
  const machines = s.c.provisioned.filter((m) => m.hostId && toProvider.includes(m.hostId));
  await (await driverOf(s)).releaseMachines(
    infraOf(s.c),
    machines.map((m) => m.serverId),
  );
  return s.c.provisioned.filter((m) => !machines.includes(m));
}
