import type { Cluster } from "../clusters/model.js";
import type { Condition } from "../hosts/model.js";
import type { AddonName } from "./catalog.js";
import { addonCondition } from "./conditions.js";
import { desiredAddons } from "./desired.js";
import type { AddonState, BackupLocationStatus } from "./model.js";

/** A cluster's addons as GET …/clusters/{id}/addons shows them: what it should run and what the last check found. */
export interface ClusterAddonView {
  name: AddonName;
  kind: string;
  policy: string;
  title: string;
  enabled: boolean;
  /** the version the cluster should run (at its Kubernetes version, or the upgrade's target) */
  version: string | null;
  chartVersion: string | null;
  /** Pending until the first check */
  state: AddonState | "Pending";
  message: string;
  /** when it entered its state */
  since: string | null;
  /** when it was first Healthy since it was last enabled */
  healthySince: string | null;
  lastChecked: string | null;
  values: Record<string, unknown>;
  storageProfile?: string;
  /** Velero: the project's backup locations as it reports them */
  backupLocations?: BackupLocationStatus[];
  /** the addon's own condition (e.g. CiliumHealthy) */
  conditions: Condition[];
}

export function clusterAddonsView(c: Cluster): ClusterAddonView[] {
  const h = c.addonHealth;
  return desiredAddons(c).map((a) => {
    const f = h?.addons.find((x) => x.addon === a.name);
    const cond = f && f.state !== "Disabled" ? [addonCondition(a.name, f.state, f.message, f.since)] : [];
    return {
      name: a.name,
      kind: a.def.kind,
      policy: a.def.policy,
      title: a.def.title,
      enabled: a.enabled,
      version: a.version?.version ?? null,
      chartVersion: a.version?.chartVersion ?? null,
      state: f ? f.state : a.enabled ? "Pending" : "Disabled",
      message: f ? f.message : a.enabled ? `${a.name}: not checked yet` : `${a.name}: not enabled`,
      since: f?.since || null,
      healthySince: f?.healthySince ?? null,
      lastChecked: h?.checkedAt ?? null,
      values: a.values,
      ...(a.profile ? { storageProfile: a.profile } : {}),
      ...(f?.backupLocations ? { backupLocations: f.backupLocations } : {}),
      conditions: cond,
    };
  });
}
