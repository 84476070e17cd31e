import type { Cluster } from "../clusters/model.js";
import {
  ADDONS,
  type AddonDef,
  type AddonName,
  type AddonVersion,
  AUTOSCALING_ADDON,
  addonValues,
  addonVersion,
  BACKUP_ADDON,
  STORAGE_ADDON,
} from "./catalog.js";

/**
 * The addons a cluster should run, at the versions its Kubernetes version
 * takes (the target during an upgrade), with their values: its CNI, then
 * the storage plugin, Velero and Karpenter, each enabled or not.
 */
export interface DesiredAddon {
  name: AddonName;
  def: AddonDef;
  enabled: boolean;
  /** undefined when the catalog has no version for the cluster's minor */
  version: AddonVersion | undefined;
  /** the user's values with the catalog's defaults filled in */
  values: Record<string, unknown>;
  /** the storage profile (storage plugin only) */
  profile?: string;
}

/** Which Kubernetes version the cluster's addons follow now: the upgrade target once an upgrade runs. */
export function addonKubernetesVersion(c: Pick<Cluster, "kubernetesVersion" | "target">): string {
  return c.target?.kubernetesVersion ?? c.kubernetesVersion;
}

export function desiredAddons(
  c: Pick<Cluster, "cni" | "addons" | "kubernetesVersion" | "target">,
  kubernetesVersion?: string,
): DesiredAddon[] {
  const version = kubernetesVersion ?? addonKubernetesVersion(c);
  const one = (name: AddonName, enabled: boolean, values: unknown, profile?: string): DesiredAddon => ({
    name,
    def: ADDONS[name],
    enabled,
    version: addonVersion(name, version),
    values: addonValues(name, values),
    ...(profile ? { profile } : {}),
  });
  const storage = c.addons?.storage;
  const velero = c.addons?.velero;
  const karpenter = c.addons?.karpenter;
  return [
    one(c.cni.name, true, c.cni.values),
    one(STORAGE_ADDON, storage?.enabled ?? false, storage?.values, storage?.profile),
    one(BACKUP_ADDON, velero?.enabled ?? false, velero?.values),
    one(AUTOSCALING_ADDON, karpenter?.enabled ?? false, karpenter?.values),
  ];
}

/** The cluster's addon of that name, if it is one the cluster can run (its own CNI, storage, Velero). */
export function desiredAddon(c: Parameters<typeof desiredAddons>[0], name: AddonName): DesiredAddon | undefined {
  return desiredAddons(c).find((a) => a.name === name);
}
