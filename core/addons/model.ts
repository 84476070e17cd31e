import { z } from "zod";
import { dnsLabel } from "../shared/names.js";
import { ADDON_VALUES, type AddonName } from "./catalog.js";

/**
 * What a cluster asks of its addons, and what the control plane last found
 * in its workload cluster. The CNI is the cluster's `cni` (always on); the
 * storage plugin, Velero and Karpenter are here.
 */
export const STORAGE_DEFAULTS = { enabled: true, values: ADDON_VALUES["ceph-rbd-csi"].parse(undefined) };
export const VELERO_DEFAULTS = { enabled: false, values: ADDON_VALUES.velero.parse(undefined) };
export const KARPENTER_DEFAULTS = { enabled: false, values: ADDON_VALUES.karpenter.parse(undefined) };

export const clusterAddonsInput = z
  .strictObject({
    storage: z
      .strictObject({
        enabled: z.boolean().default(true).describe("the CKP storage plugin (Ceph RBD CSI, StorageClass ckp-block); on by default"),
        profile: dnsLabel.optional().describe("the domain's storage profile to use; default: the domain's default profile"),
        values: ADDON_VALUES["ceph-rbd-csi"],
      })
      .default(STORAGE_DEFAULTS),
    velero: z
      .strictObject({ enabled: z.boolean().default(false).describe("Velero; off by default"), values: ADDON_VALUES.velero })
      .default(VELERO_DEFAULTS),
    karpenter: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe("Karpenter node autoscaling; off by default, and only for clusters of a CCS VM provider cluster"),
        values: ADDON_VALUES.karpenter,
      })
      .default(KARPENTER_DEFAULTS),
  })
  .default({ storage: STORAGE_DEFAULTS, velero: VELERO_DEFAULTS, karpenter: KARPENTER_DEFAULTS });
export type ClusterAddonsInput = z.output<typeof clusterAddonsInput>;

/** As stored on the cluster: the storage profile resolved when the cluster was created. */
export interface ClusterAddonsSpec {
  storage: { enabled: boolean; profile?: string; values: Record<string, unknown> };
  velero: { enabled: boolean; values: Record<string, unknown> };
  /** absent on clusters created before autoscaling was offered */
  karpenter?: { enabled: boolean; values: Record<string, unknown> };
}

/**
 * - Healthy: installed at the wanted version and every health check passes
 * - Installing: not (yet) installed at the wanted version by the Helm add-on provider
 * - Unhealthy: installed, but a health check fails
 * - Unknown: the workload cluster could not be read
 * - Disabled: the cluster does not run it
 */
export type AddonState = "Healthy" | "Installing" | "Unhealthy" | "Unknown" | "Disabled";

export interface AddonFinding {
  addon: AddonName;
  state: AddonState;
  /** the version the cluster should run */
  version?: string;
  /** the chart version the Helm add-on provider reports deployed */
  installedChartVersion?: string;
  /** what is not ready, e.g. "cilium: DaemonSet kube-system/cilium 2/3 ready" */
  message: string;
  /** when the addon entered this state */
  since: string;
  /**
   * when the addon was first Healthy since it was last enabled; kept while it
   * updates, fails or cannot be read, so "not installed yet" can be told from
   * "installed, now changing"
   */
  healthySince?: string;
  /** Velero: what it reports of each backup location CKP rendered into the cluster */
  backupLocations?: BackupLocationStatus[];
}

/** A BackupStorageLocation's status as Velero reports it in the workload cluster. */
export interface BackupLocationStatus {
  name: string;
  /** Velero's phase; Pending until Velero has validated it once */
  phase: "Available" | "Unavailable" | "Pending";
  lastValidationTime?: string;
  message?: string;
}

/** The last health check of a cluster's addons (by the saga's wait-addons step or the scheduled check after Ready). */
export interface AddonHealth {
  healthy: boolean;
  /** AddonsHealthy, or why not: AddonUnhealthy, AddonsInstalling, WorkloadUnreachable */
  reason: string;
  message: string;
  addons: AddonFinding[];
  /** when `healthy` last changed */
  since: string;
  checkedAt: string;
}

/** What the cluster's MachineHealthCheck reports (CAPI's own counts), read back after Ready. */
export interface MachineHealth {
  /** the MachineHealthCheck exists on the management cluster */
  found: boolean;
  expectedMachines: number;
  currentHealthy: number;
  remediationsAllowed: number;
  /** Machines the check found unhealthy whose remediation is under way */
  remediating: Array<{ machine: string; reason: string }>;
  /** Machines it had marked for remediation that are gone since (replaced by new ones), most recent last; the last 20 */
  replaced: Array<{ machine: string; at: string }>;
  message: string;
  since: string;
  checkedAt: string;
}
