import { z } from "zod";
import { ADDON_NAMES } from "../../../core/addons/catalog.js";
import { conditionSchema } from "./resources.js";

/** Response shapes of the addon catalog, a cluster's addons and storage profiles. */
const addonName = z.enum(ADDON_NAMES);
const addonState = z.enum(["Healthy", "Installing", "Unhealthy", "Unknown", "Disabled"]);

const healthCheckSchema = z
  .object({
    kind: z.enum(["DaemonSet", "Deployment", "StorageClass", "CSIDriver", "CustomResourceDefinition"]),
    namespace: z.string().optional(),
    name: z.string(),
    rule: z.string().describe("what must be true of it: ready on every node, all replicas ready, present, established"),
    provisioner: z.string().optional(),
    isDefault: z.boolean().optional(),
    reclaimPolicy: z.string().optional(),
    allowVolumeExpansion: z.boolean().optional(),
  })
  .meta({ id: "AddonHealthCheck" });

export const addonCatalogSchema = z
  .object({
    name: addonName,
    kind: z.enum(["cni", "storage", "backup", "autoscaling"]),
    policy: z
      .enum(["required", "default", "optional"])
      .describe("required: the cluster's CNI; default: on unless turned off at creation; optional: off unless enabled"),
    title: z.string(),
    description: z.string(),
    condition: z.string().describe("the cluster condition that reports this addon's health"),
    namespace: z.string().describe("where it runs in the workload cluster"),
    chart: z.object({ repository: z.string(), name: z.string(), releaseName: z.string() }),
    versions: z.array(
      z.object({ kubernetes: z.string().describe("a Kubernetes minor, e.g. 1.31"), version: z.string(), chartVersion: z.string() }),
    ),
    valuesSchema: z.record(z.string(), z.unknown()).describe("JSON Schema of the values a cluster may set"),
    health: z.array(healthCheckSchema).describe("what is checked in the workload cluster (with the default values)"),
  })
  .meta({ id: "AddonCatalogEntry" });

export const backupLocationStatusSchema = z
  .object({
    name: z.string(),
    phase: z.enum(["Available", "Unavailable", "Pending"]).describe("Velero's phase; Pending until Velero has validated it once"),
    lastValidationTime: z.string().optional(),
    message: z.string().optional(),
  })
  .describe("a backup location's BackupStorageLocation, as Velero reports it in the workload cluster")
  .meta({ id: "BackupLocationStatus" });

export const addonFindingSchema = z
  .object({
    addon: addonName,
    state: addonState,
    version: z.string().optional(),
    installedChartVersion: z.string().optional(),
    message: z.string(),
    since: z.string(),
    healthySince: z
      .string()
      .optional()
      .describe("when the addon was first Healthy since it was last enabled; kept while it updates, fails or cannot be read"),
    backupLocations: z.array(backupLocationStatusSchema).optional().describe("Velero: the project's backup locations in the cluster"),
  })
  .meta({ id: "AddonFinding" });

export const addonHealthSchema = z
  .object({
    healthy: z.boolean(),
    reason: z.string().describe("AddonsHealthy, AddonUnhealthy, AddonsInstalling or WorkloadUnreachable"),
    message: z.string(),
    addons: z.array(addonFindingSchema),
    since: z.string(),
    checkedAt: z.string(),
  })
  .describe("the last check of the addons in the workload cluster")
  .meta({ id: "AddonHealth" });

export const machineHealthSchema = z
  .object({
    found: z.boolean(),
    expectedMachines: z.number(),
    currentHealthy: z.number(),
    remediationsAllowed: z.number(),
    remediating: z.array(z.object({ machine: z.string(), reason: z.string() })),
    replaced: z
      .array(z.object({ machine: z.string(), at: z.string() }))
      .describe("machines it had marked that were replaced (the last 20)"),
    message: z.string(),
    since: z.string(),
    checkedAt: z.string(),
  })
  .describe("what the cluster's MachineHealthCheck last reported (also the MachinesHealthy condition)")
  .meta({ id: "MachineHealth" });

export const clusterAddonSchema = z
  .object({
    name: addonName,
    kind: z.string(),
    policy: z.string(),
    title: z.string(),
    enabled: z.boolean(),
    version: z.string().nullable(),
    chartVersion: z.string().nullable(),
    state: z.enum(["Healthy", "Installing", "Unhealthy", "Unknown", "Disabled", "Pending"]).describe("Pending: not checked yet"),
    message: z.string(),
    since: z.string().nullable(),
    healthySince: z.string().nullable().describe("when the addon was first Healthy since it was last enabled"),
    lastChecked: z.string().nullable(),
    values: z.record(z.string(), z.unknown()),
    storageProfile: z.string().optional(),
    backupLocations: z.array(backupLocationStatusSchema).optional().describe("Velero: the project's backup locations in the cluster"),
    conditions: z.array(conditionSchema),
  })
  .meta({ id: "ClusterAddon" });

export const clusterAddonsSpecSchema = z
  .object({
    storage: z.object({ enabled: z.boolean(), profile: z.string().optional(), values: z.record(z.string(), z.unknown()) }),
    velero: z.object({ enabled: z.boolean(), values: z.record(z.string(), z.unknown()) }),
    karpenter: z.object({ enabled: z.boolean(), values: z.record(z.string(), z.unknown()) }).optional(),
  })
  .meta({ id: "ClusterAddonsSpec" });

export const storageProfileSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    description: z.string().optional(),
    cephClusterId: z.string(),
    monitors: z.array(z.string()),
    pool: z.string(),
    userId: z.string(),
    userKeySet: z.literal(true).describe("the key is stored (encrypted); it is never returned"),
    default: z.boolean(),
    clusterCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "StorageProfile" });
