import { managementKube } from "../byoh/kube.js";
import type { Deps } from "../deps.js";
import type { KubeObject } from "../kube/objects.js";
import { kubeFor } from "../management/access.js";
import { placeCluster, recordPlacement, releasePlacement } from "../management/placement.js";
import { openDriver } from "../providers/drivers.js";
import { pcKeys } from "../providers/items.js";
import type { ProviderCluster } from "../providers/model.js";
import { getProviderCluster, providerClusterKeys, resolveProviderCluster } from "../providers/provider-clusters.js";
import { type ProviderUse, recordProviderClusterUse, releaseProviderClusterUse } from "../providers/usage.js";
import { isDomainError } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { type ReadAhead, readAhead } from "../store/read.js";
import type { Cluster } from "./model.js";
import type { CapiPort, KubeObjectLike, ProviderPort, ResolvedProvider } from "./ports.js";
import { IMAGE_REGISTRY, registryRender, registryUrlOf } from "./registry.js";
import { renderClusterObjects } from "./render.js";
import { StepFailure } from "./steps/common.js";

/**
 * The saga's ports, wired to the provider cluster registry, placement,
 * credentials and management clusters (core/providers, core/management,
 * core/credentials, core/kube) and the infrastructure drivers.
 */

/** Seed §3, §6.3: component images come from the CoreEdge registry. */
export { IMAGE_REGISTRY } from "./registry.js";

async function providerRecord(
  deps: Deps,
  t: ProjectRef,
  pc: Pick<ResolvedProvider, "name" | "project">,
  ahead?: ReadAhead,
): Promise<ProviderCluster> {
  return getProviderCluster(deps, { domain: t.domain, ...(pc.project ? { project: pc.project } : {}) }, pc.name, ahead);
}

export function providerPort(deps: Deps): ProviderPort {
  return {
    async resolve(t, name) {
      const pc = await resolveProviderCluster(deps, t, name);
      return pc ? { name: pc.name, ...(pc.project ? { project: pc.project } : {}), type: pc.type } : undefined;
    },
    async claim(ctx, t, name, clusterId) {
      // the cluster's provider use (recorded with it by the API) and the provider clusters its name may mean, in one read
      const ahead = await readAhead(deps, [pcKeys.use(t.domain, clusterId), ...providerClusterKeys(t, name)], { consistent: true });
      const used = ahead.get<ProviderUse>(pcKeys.use(t.domain, clusterId));
      const rec = used ? await providerRecord(deps, t, used.providerCluster, ahead) : await resolveProviderCluster(deps, t, name, ahead);
      if (!rec) return undefined;
      const provider: ResolvedProvider = { name: rec.name, ...(rec.project ? { project: rec.project } : {}), type: rec.type };
      // a cluster created through the API has its use recorded with it; one recorded before that had none
      if (!used)
        await recordProviderClusterUse(
          deps,
          ctx,
          { domain: t.domain, ...(rec.project ? { project: rec.project } : {}), name: rec.name },
          { project: t.project, clusterId },
        );
      const ref = { domain: t.domain, project: t.project, clusterId };
      try {
        if (rec.managementCluster) {
          await recordPlacement(deps, ctx, rec.managementCluster.id, ref);
          return { provider, managementCluster: rec.managementCluster };
        }
        const mc = await placeCluster(deps, ctx, rec.placement, ref);
        return { provider, managementCluster: { id: mc.id, name: mc.name } };
      } catch (e) {
        if (isDomainError(e) && (e.kind === "conflict" || e.kind === "unprocessable" || e.kind === "not-found")) {
          throw new StepFailure("PlacementFailed", `no management cluster can take the cluster: ${e.message}`);
        }
        throw e;
      }
    },
    async releaseUse(ctx, t, clusterId) {
      await releaseProviderClusterUse(deps, ctx, t.domain, clusterId);
    },
    async releasePlacement(ctx, _t, managementClusterId, clusterId) {
      await releasePlacement(deps, ctx, managementClusterId, clusterId);
    },
    async driver(t, pc) {
      return openDriver(deps, { domain: t.domain, ...(pc.project ? { project: pc.project } : {}) }, pc.name);
    },
  };
}

/** Karpenter's bounds on the worker pool when the cluster runs it (core/autoscaling). */
function autoscalingOf(c: Cluster) {
  const k = c.addons?.karpenter;
  if (!k?.enabled) return {};
  const v = k.values as { minWorkers: number; maxWorkers: number };
  const capacity = c.machineCapacity ? { cpu: c.machineCapacity.cpu, memoryMb: c.machineCapacity.memoryMb } : undefined;
  return { autoscaling: { min: v.minWorkers, max: v.maxWorkers, ...(capacity ? { capacity } : {}) } };
}

export function renderFor(c: Cluster, o: Parameters<CapiPort["render"]>[1]): KubeObjectLike[] {
  return renderClusterObjects({
    clusterId: c.id,
    domain: c.domain,
    project: c.project,
    name: c.name,
    kubernetesVersion: o.kubernetesVersion,
    cni: c.cni.name,
    network: { podCidrs: [c.network.podCidr], serviceCidrs: [c.network.serviceCidr] },
    ...(c.controlPlaneEndpoint ? { controlPlane: { endpoint: c.controlPlaneEndpoint } } : {}),
    workers: {
      count: o.workers,
      hostGroup: c.hostGroup,
      ...autoscalingOf(c),
      ...(c.workerRoles?.length ? { roles: c.workerRoles } : {}),
      ...(c.workerTaints?.length ? { taints: c.workerTaints } : {}),
    },
    workerPools: (c.workerPools ?? []).map((p) => ({
      name: p.name,
      count: p.count,
      hostGroup: p.hostGroup,
      ...(p.roles?.length ? { roles: p.roles } : {}),
      ...(p.taints?.length ? { taints: p.taints } : {}),
    })),
    extraArgs: c.extraArgs,
    labels: c.labels,
    // the exact bundle the hosts install: the render refers to it by digest
    annotations: { ...c.annotations, "ckp.io/byoh-bundle": `${o.bundle.ociReference}@${o.bundle.digest}` },
    imageRegistry: registryUrlOf(c.imageRegistry, IMAGE_REGISTRY),
    registry: registryRender(c.imageRegistry),
    ...(c.machineHealthCheck ? { unhealthyAfter: c.machineHealthCheck.unhealthyAfter } : {}),
    ...(c.encryption ? { encryption: { revision: c.encryption.revision } } : {}),
    byohBundle: { repository: o.bundle.repository },
  }) as KubeObjectLike[];
}

export function capiPort(deps: Deps): CapiPort {
  return {
    render: renderFor,
    async apply(mc, objects) {
      await (await kubeFor(deps, mc)).applyAll(objects as KubeObject[]);
    },
    async get(mc, ref) {
      return (await (await kubeFor(deps, mc)).get(ref)) as KubeObjectLike | undefined;
    },
    async delete(mc, ref) {
      return (await kubeFor(deps, mc)).delete(ref);
    },
    list: async (mc, apiVersion, kind, o) => (await managementKube(deps).list(mc, apiVersion, kind, o)) as KubeObjectLike[],
  };
}
