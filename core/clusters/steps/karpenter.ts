import type { DesiredAddon } from "../../addons/desired.js";
import { addonClusterRef, renderAddon, renderRegistryPullSet } from "../../addons/render.js";
import {
  karpenterKubeconfig,
  karpenterKubeconfigSet,
  karpenterManagementObjects,
  karpenterManagementRefs,
  karpenterTokenRef,
  tokenCaOf,
  tokenOf,
} from "../../autoscaling/karpenter-access.js";
import { managementEndpoint } from "../../management/access.js";
import type { Cluster } from "../model.js";
import { addonRegistry } from "../registry.js";
import { bundleFor, driverOf, managementCluster, renderFor, type StepContext, StepFailure } from "./common.js";

/**
 * Installing Karpenter (its Cluster API provider) on a cluster: its access to
 * the management cluster first (core/autoscaling/karpenter-access.ts), then
 * the worker MachineDeployment handed to it — bounds and, for scale from
 * zero, what one machine of the provider cluster's flavor brings, with the
 * replicas left to Karpenter — and the chart last. Answers what it did, or
 * why it must wait (the token controller has not written the token yet).
 */
export type KarpenterApply =
  | { kind: "applied"; message: string; machineCapacity?: NonNullable<Cluster["machineCapacity"]> }
  | { kind: "wait"; reason: string; message: string };

export async function applyKarpenter(s: StepContext, a: DesiredAddon): Promise<KarpenterApply> {
  const mcId = managementCluster(s.c);
  const ref = addonClusterRef(s.c);
  const endpoint = await managementEndpoint(s.env.deps, mcId);
  if (!endpoint)
    throw new StepFailure(
      "KarpenterNeedsManagementEndpoint",
      `Karpenter in the workload cluster reaches the management cluster's API server itself; management cluster ${s.c.resolved?.managementCluster ?? mcId} is reached only through its tunnel: set its workloadFacingServer (PATCH /v1/management-clusters/{id}) to the address its workload clusters' nodes reach the API server at`,
    );
  await s.env.capi.apply(mcId, karpenterManagementObjects(ref));
  const tokenSecret = await s.env.capi.get(mcId, karpenterTokenRef(ref));
  const token = tokenOf(tokenSecret);
  if (!token)
    return {
      kind: "wait",
      reason: "KarpenterTokenPending",
      message: `waiting for the management cluster's token controller to write Secret ${karpenterTokenRef(ref).namespace}/${karpenterTokenRef(ref).name} for Karpenter's ServiceAccount`,
    };
  const driver = await driverOf(s);
  const capacity = driver.machineCapacity ? await driver.machineCapacity() : s.c.machineCapacity;
  const next: StepContext = { ...s, c: { ...s.c, ...(capacity ? { machineCapacity: capacity } : {}) } };
  // the MachineDeployment, annotated for Karpenter and without replicas (the full render: an apply owns what it lists)
  const version = s.c.target?.kubernetesVersion ?? s.c.kubernetesVersion;
  await s.env.capi.apply(
    mcId,
    renderFor(next, await bundleFor(s, version), version).filter((o) => o.kind === "MachineDeployment"),
  );
  const { dockerConfigJson, ...registry } = await addonRegistry(s.env.deps.secrets, s.c, s.env.imageRegistry);
  await s.env.capi.apply(mcId, [
    // a remote cluster's CA is known only from inside it: the token controller's ca.crt
    ...karpenterKubeconfigSet(ref, karpenterKubeconfig(ref, { caData: tokenCaOf(tokenSecret), ...endpoint }, token)),
    ...(dockerConfigJson ? renderRegistryPullSet(ref, a, dockerConfigJson) : []),
    ...renderAddon(ref, a, registry),
  ]);
  const v = a.values as { minWorkers: number; maxWorkers: number };
  return {
    kind: "applied",
    message: `workers ${v.minWorkers}–${v.maxWorkers}${capacity ? `, ${capacity.cpu} CPU / ${capacity.memoryMb} MiB per machine (flavor ${capacity.flavor})` : ""}`,
    ...(capacity ? { machineCapacity: capacity } : {}),
  };
}

/** Karpenter disabled: its management access goes, and the MachineDeployment gets its replicas back from the cluster's worker count. */
export async function removeKarpenterAccess(s: StepContext): Promise<void> {
  const mcId = managementCluster(s.c);
  for (const r of karpenterManagementRefs(addonClusterRef(s.c))) await s.env.capi.delete(mcId, r);
  const version = s.c.target?.kubernetesVersion ?? s.c.kubernetesVersion;
  await s.env.capi.apply(
    mcId,
    renderFor(s, await bundleFor(s, version), version).filter((o) => o.kind === "MachineDeployment"),
  );
}
