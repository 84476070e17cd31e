import { z } from "zod";
import { bundleManifestInput } from "../../../core/clusters/bundle-model.js";
import { clusterPhase } from "../../../core/clusters/model.js";
import { addonHealthSchema, clusterAddonsSpecSchema, machineHealthSchema } from "./addons.js";
import { conditionSchema } from "./resources.js";
import { clusterTemplateRefSchema, templateMoveSchema } from "./templates.js";

/** Response shapes of clusters, Kubernetes versions and BYOH bundles. */
const stringMap = z.record(z.string(), z.string());
const taintSchema = z.object({ key: z.string(), value: z.string().optional(), effect: z.string() });
const machineCapacitySchema = z
  .object({ flavor: z.string(), cpu: z.number(), memoryMb: z.number() })
  .describe("what one worker machine of the provider cluster's flavor brings");
const operation = z
  .enum(["create", "scale", "autoscale", "upgrade", "addons", "delete"])
  .describe(
    "autoscale: Karpenter changed the worker count (its MachineDeployment replicas); the control plane provisions or releases the machines",
  );

export const stepSchema = z
  .object({
    name: z.string(),
    state: z.enum(["pending", "running", "succeeded", "failed", "skipped", "cancelled"]),
    startedAt: z.string().optional(),
    endedAt: z.string().optional(),
    retries: z.number().optional(),
    message: z.string().optional(),
  })
  .meta({ id: "ClusterStep" });

const driftSchema = z
  .object({
    inSync: z.boolean(),
    reason: z
      .string()
      .describe(
        "InSync, or the first problem: MachineDeploymentMissing, ByoHostsMissing, MachinesMissing, MachinesUnhealthy, ExtraMachines, UnexpectedByoHosts, HostsUnclaimed",
      ),
    message: z.string(),
    desiredWorkers: z.number(),
    machines: z.number().describe("Machines of the worker pool not being deleted"),
    readyMachines: z.number(),
    missingMachines: z.number(),
    extraMachines: z.array(z.string()),
    unhealthyMachines: z.array(z.object({ name: z.string(), reason: z.string() })),
    missingByoHosts: z.array(z.string()).describe("assigned hosts without a ByoHost on the management cluster"),
    unexpectedByoHosts: z.array(z.string()).describe("hosts whose ByoHost is labelled for the cluster though it does not hold them"),
    unclaimedHosts: z.array(z.string()).describe("assigned hosts no Machine runs on"),
    since: z.string().describe("when the cluster entered this state"),
    checkedAt: z.string(),
  })
  .describe("the machine reconciler's last comparison of desired and actual machines (also the MachinesInSync condition)")
  .meta({ id: "ClusterDrift" });

/** etcd encryption at rest (docs/encryption.md): never a key, sealed or not. */
export const encryptionStatusSchema = z
  .union([
    z.object({ enabled: z.literal(false) }),
    z.object({
      enabled: z.literal(true),
      provider: z.literal("aesgcm"),
      resources: z.array(z.string()),
      rotationHours: z.number(),
      keepKeys: z.number(),
      revision: z.number().describe("the configuration's revision: bumps when a key is added, made primary or retired"),
      phase: z
        .enum(["Idle", "AddingKey", "Promoting", "Migrating"])
        .describe("where a key rotation is: AddingKey and Promoting wait for every API server to run the revision"),
      primaryKey: z.string().describe("the key writes are encrypted with (identity while the first key is being added)"),
      keys: z.array(z.object({ name: z.string(), createdAt: z.string() })).describe("newest first"),
      rotatedAt: z.string(),
      nextRotationAt: z.string(),
      replicas: z
        .array(z.object({ name: z.string(), revision: z.number(), ready: z.boolean(), upToDate: z.boolean() }))
        .describe("the hosted API servers as last observed, and the revision each runs"),
      migration: z
        .object({ state: z.enum(["Running", "Succeeded"]), key: z.string(), startedAt: z.string(), completedAt: z.string().optional() })
        .optional()
        .describe("the last storage migration: every object of the resources rewritten with the primary key"),
      lastError: z
        .object({ step: z.string(), reason: z.string(), at: z.string(), attempts: z.number() })
        .optional()
        .describe("the last rotation step that failed, until one succeeds; it is retried on the next check"),
    }),
  ])
  .meta({ id: "ClusterEncryption" });

export const clusterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string(),
    project: z.string(),
    description: z.string().optional(),
    template: clusterTemplateRefSchema.optional().describe("the cluster template and version the cluster was made from"),
    templateMove: templateMoveSchema.optional().describe("the last move to another version of its template"),
    kubernetesVersion: z.string(),
    cni: z.object({ name: z.string(), version: z.string(), values: z.record(z.string(), z.unknown()).optional() }),
    addons: clusterAddonsSpecSchema.optional().describe("the storage plugin and Velero (the CNI is `cni`)"),
    providerCluster: z.string(),
    hostGroup: z.string(),
    workers: z.number().describe("the primary worker pool's (workers) count"),
    workerRoles: z.array(z.string()).optional().describe("node roles of the primary pool's nodes"),
    workerTaints: z.array(taintSchema).optional().describe("taints of the primary pool's nodes"),
    workerPools: z
      .array(
        z.object({
          name: z.string(),
          hostGroup: z.string(),
          count: z.number(),
          roles: z.array(z.string()).optional(),
          taints: z.array(taintSchema).optional(),
          hostIds: z.array(z.string()).describe("the pool's hosts (also in the cluster's hostIds)"),
        }),
      )
      .optional()
      .describe("further worker pools, each its own MachineDeployment workers-<name>"),
    machines: z.object({ os: z.string(), arch: z.string() }),
    controlPlaneEndpoint: z.object({ host: z.string(), port: z.number() }).optional(),
    machineHealthCheck: z
      .object({ unhealthyAfter: z.string() })
      .optional()
      .describe("the MachineHealthCheck's timeout (absent: 5m, on clusters created before it could be set)"),
    network: z.object({ podCidr: z.string(), serviceCidr: z.string(), nodeCidr: z.string().optional() }),
    extraArgs: z.object({
      kubelet: stringMap.optional(),
      apiServer: stringMap.optional(),
      controllerManager: stringMap.optional(),
      scheduler: stringMap.optional(),
    }),
    imageRegistry: z
      .object({
        type: z.enum(["default", "private", "public"]),
        url: z.string(),
        username: z.string().optional(),
        caBundle: z.string().optional(),
      })
      .describe("where the cluster's images and addon charts come from; the password is never shown"),
    labels: stringMap,
    annotations: stringMap,
    phase: clusterPhase,
    conditions: z.array(conditionSchema),
    operation,
    generation: z.number(),
    step: z.string(),
    steps: z.array(stepSchema),
    resolved: z
      .object({
        providerCluster: z.object({ name: z.string(), project: z.string().optional(), type: z.string() }),
        managementClusterId: z.string().optional(),
        managementCluster: z.string().optional(),
        nodeCidr: z.string().optional(),
      })
      .optional(),
    provisioned: z.array(
      z.object({
        serverId: z.string(),
        name: z.string(),
        machineId: z.string(),
        hostId: z.string().optional(),
        autoscaled: z.boolean().optional().describe("provisioned because Karpenter asked for it"),
      }),
    ),
    machineCapacity: machineCapacitySchema.optional(),
    hostIds: z.array(z.string()),
    target: z.object({ kubernetesVersion: z.string().optional(), workers: z.number().optional(), pool: z.string().optional() }).optional(),
    observed: z
      .object({
        controlPlaneReady: z.boolean(),
        controlPlaneVersion: z.string().optional(),
        readyWorkers: z.number(),
        updatedWorkers: z.number(),
        pools: z
          .array(z.object({ name: z.string(), replicas: z.number(), readyReplicas: z.number(), updatedReplicas: z.number() }))
          .optional()
          .describe("each worker pool's MachineDeployment, when the cluster has further pools"),
        phase: z.string().optional(),
        at: z.string(),
      })
      .optional(),
    drift: driftSchema.optional(),
    addonHealth: addonHealthSchema.optional(),
    machineHealth: machineHealthSchema.optional(),
    encryption: encryptionStatusSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "Cluster" });

export const clusterStatusSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phase: clusterPhase,
    operation,
    generation: z.number(),
    currentStep: z.string().nullable(),
    steps: z.array(stepSchema),
    conditions: z.array(conditionSchema),
    kubernetesVersion: z.string(),
    template: clusterTemplateRefSchema.optional(),
    templateMove: templateMoveSchema.optional(),
    hostPreflight: z
      .array(
        z.object({
          hostId: z.string(),
          hostname: z.string(),
          failures: z.array(z.object({ check: z.string(), reason: z.string(), message: z.string() })),
        }),
      )
      .describe("the cluster's hosts that fail their preflight now (their agents re-run it), each failing check with the fix"),
    workers: z.object({
      desired: z.number(),
      assigned: z.number(),
      ready: z.number(),
      updated: z.number(),
      autoscaled: z.number().describe("assigned workers whose machines were provisioned because Karpenter asked for them"),
      autoscaling: z.object({
        enabled: z.boolean(),
        minWorkers: z.number().optional(),
        maxWorkers: z.number().optional(),
        machineCapacity: machineCapacitySchema.optional(),
      }),
    }),
    controlPlane: z.object({ ready: z.boolean(), version: z.string().nullable() }),
    workerPools: z
      .array(
        z.object({
          name: z.string(),
          machineDeployment: z.string().describe("the pool's MachineDeployment on the management cluster"),
          hostGroup: z.string(),
          roles: z.array(z.string()),
          taints: z.array(taintSchema),
          desired: z.number(),
          assigned: z.number(),
          ready: z.number(),
          updated: z.number(),
        }),
      )
      .describe("every worker pool, the primary (workers) first, with what its MachineDeployment last reported"),
    target: z.object({ kubernetesVersion: z.string().optional(), workers: z.number().optional(), pool: z.string().optional() }).optional(),
    observedAt: z.string().nullable(),
    drift: driftSchema.optional(),
    addons: z
      .object({
        healthy: z.boolean().nullable(),
        reason: z.string().nullable(),
        message: z.string().nullable(),
        checkedAt: z.string().nullable(),
        items: z.array(
          z.object({ name: z.string(), enabled: z.boolean(), version: z.string().nullable(), state: z.string(), message: z.string() }),
        ),
      })
      .describe("each addon's state from the last check of the workload cluster (null until the first); GET …/addons has the details"),
    machineHealth: machineHealthSchema.optional(),
    encryption: encryptionStatusSchema,
  })
  .meta({ id: "ClusterStatus" });

export const kubernetesReleaseSchema = z
  .object({
    version: z.string(),
    etcd: z.string(),
    coredns: z.string(),
    pause: z.string(),
    containerd: z.string(),
    cri: z.string(),
    cni: z.object({ cilium: z.string(), calico: z.string(), flannel: z.string() }),
    cncfCertified: z.boolean(),
    status: z.enum(["supported", "latest"]),
    upgradeTargets: z.array(z.string()),
  })
  .meta({ id: "KubernetesRelease" });

export const bundleManifestSchema = bundleManifestInput
  .extend({ kubernetesVersion: z.string(), os: z.string(), publishedAt: z.string() })
  .meta({ id: "ByohBundle" });
