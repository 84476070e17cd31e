import { isIP } from "node:net";
import { z } from "zod";
import { ADDON_VALUES } from "../addons/catalog.js";
import { type AddonHealth, type ClusterAddonsSpec, clusterAddonsInput, type MachineHealth } from "../addons/model.js";
import type { ClusterDrift } from "../byoh/drift.js";
import type { Condition } from "../hosts/model.js";
import { dnsLabel, LABEL_KEY, labelKey, labels } from "../shared/names.js";
import type { ClusterTemplateRef } from "../templates/model.js";
import type { TemplateMove } from "../templates/move.js";
import { BUNDLE_OS } from "./bundle-model.js";
import { type ClusterEncryption, encryptionInput } from "./encryption.js";
import { type NodeTaint, nodeTaints, type WorkerPool, workerPoolsInput, workerRoles } from "./pools.js";
import { type ClusterRegistry, imageRegistryInput } from "./registry.js";
import { DEFAULT_UNHEALTHY_AFTER } from "./spec.js";
import type { CniName } from "./versions.js";

/**
 * A workload cluster (product §6.1, §19): what the user asked for, and where
 * the lifecycle saga is with it.
 */
export const DEFAULT_POD_CIDR = "10.244.0.0/16";
export const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
export const MAX_WORKERS = 500;

const hostName = z
  .string()
  .min(1)
  .max(253)
  .refine(
    (s) => isIP(s) !== 0 || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(s),
    "must be an IP address or a DNS name",
  );

/** kube component flags, without the leading dashes: `max-pods: "110"`. */
const argName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a flag name without leading dashes, e.g. max-pods");
const extraArgMap = z.record(argName, z.string().max(4096)).refine((m) => Object.keys(m).length <= 64, { message: "at most 64 arguments" });

/** Flags the control plane sets from other fields of the request; setting them twice would be ambiguous. */
export const MANAGED_ARGS: Record<string, Record<string, string>> = {
  apiServer: {
    "service-cluster-ip-range": "network.serviceCidr",
    "etcd-servers": "the hosted control plane",
    "encryption-provider-config": "encryption",
  },
  controllerManager: { "cluster-cidr": "network.podCidr", "service-cluster-ip-range": "network.serviceCidr" },
  kubelet: {},
  scheduler: {},
};

const annotationValue = z.string().max(4096);
export const annotations = z
  .record(labelKey, annotationValue)
  .refine((a) => Object.keys(a).length <= 64, { message: "at most 64 annotations" })
  // the key rule and the count, for the OpenAPI document (a record's keys are not stated otherwise)
  .meta({ propertyNames: { maxLength: 253, pattern: LABEL_KEY.source }, maxProperties: 64 });

/** The OSes BYOH bundles are published for (product §2.5): machines of another OS could never join. */
export const nodeOs = z.enum(BUNDLE_OS);
export type NodeOs = z.infer<typeof nodeOs>;
export const nodeArch = z.enum(["amd64", "arm64"]);
export type NodeArch = z.infer<typeof nodeArch>;

/** A MachineHealthCheck timeout: at least 30 s (shorter would replace machines that are only restarting), at most a day. */
export const UNHEALTHY_AFTER = /^(([3-9][0-9]|[1-9][0-9]{2,3})s|[1-9][0-9]{0,3}m|([1-9]|1[0-9]|2[0-4])h)$/;

export const createClusterInput = z.strictObject({
  name: dnsLabel,
  description: z.string().max(1000).optional(),
  kubernetesVersion: z.string().min(1).max(32).describe("a version of GET /v1/kubernetes-versions, e.g. v1.31.2"),
  cni: z
    .discriminatedUnion("name", [
      z.strictObject({ name: z.literal("cilium"), values: ADDON_VALUES.cilium }),
      z.strictObject({ name: z.literal("calico"), values: ADDON_VALUES.calico }),
      z.strictObject({ name: z.literal("flannel"), values: ADDON_VALUES.flannel }),
    ])
    .default({ name: "cilium", values: ADDON_VALUES.cilium.parse(undefined) })
    .describe("Cilium by default; its version comes from the compatibility matrix, its values from the addon catalog (GET /v1/addons)"),
  providerCluster: dnsLabel.describe("a provider cluster of the project, or of its domain"),
  hostGroup: dnsLabel.describe("the host group workers are taken from"),
  workers: z.number().int().min(1).max(MAX_WORKERS).describe("the primary worker pool's (named workers) node count"),
  workerRoles: workerRoles.optional().describe("node roles of the primary pool's nodes (node-role.kubernetes.io/<role>), at most 10"),
  workerTaints: nodeTaints.optional().describe("taints the primary pool's nodes register with, at most 20"),
  workerPools: workerPoolsInput.optional(),
  machines: z
    .strictObject({ os: nodeOs.default("ubuntu-20.04"), arch: nodeArch.default("amd64") })
    .default({ os: "ubuntu-20.04", arch: "amd64" })
    .describe("OS and architecture of machines the provider creates when the group lacks free hosts"),
  controlPlaneEndpoint: z
    .strictObject({ host: hostName.describe("VIP or DNS name of the API server"), port: z.number().int().min(1).max(65535).default(6443) })
    .optional(),
  network: z
    .strictObject({
      podCidr: z.string().max(64).default(DEFAULT_POD_CIDR),
      serviceCidr: z.string().max(64).default(DEFAULT_SERVICE_CIDR),
      nodeCidr: z.string().max(64).optional().describe("the node network; defaults to the provider's subnet when it has one"),
    })
    .default({ podCidr: DEFAULT_POD_CIDR, serviceCidr: DEFAULT_SERVICE_CIDR }),
  extraArgs: z
    .strictObject({
      kubelet: extraArgMap.optional(),
      apiServer: extraArgMap.optional(),
      controllerManager: extraArgMap.optional(),
      scheduler: extraArgMap.optional(),
    })
    .default({}),
  machineHealthCheck: z
    .strictObject({
      unhealthyAfter: z
        .string()
        .regex(UNHEALTHY_AFTER, "30s to 9999s, 1m to 9999m, or 1h to 24h, e.g. 5m")
        .default(DEFAULT_UNHEALTHY_AFTER)
        .describe("how long a worker's Node may be NotReady or Unknown before Cluster API replaces its machine (5m by default)"),
    })
    .default({ unhealthyAfter: DEFAULT_UNHEALTHY_AFTER })
    .describe("the cluster's MachineHealthCheck: workers whose Node stays unhealthy are replaced"),
  addons: clusterAddonsInput.describe(
    "the CKP storage plugin (on by default; needs a storage profile in the domain) and Velero (off by default)",
  ),
  encryption: encryptionInput.optional(),
  imageRegistry: imageRegistryInput.optional(),
  labels: labels.optional(),
  annotations: annotations.optional(),
});
export type CreateClusterInput = z.infer<typeof createClusterInput>;

export const updateClusterInput = z.strictObject({
  description: z.string().max(1000).optional(),
  labels: labels.optional(),
  annotations: annotations.optional(),
});
export type UpdateClusterInput = z.infer<typeof updateClusterInput>;

export const scaleClusterInput = z.strictObject({
  workers: z.number().int().min(1).max(MAX_WORKERS),
  pool: dnsLabel.optional().describe("the worker pool to scale: workers (the primary pool, the default) or a name of workerPools"),
});
export const upgradeClusterInput = z.strictObject({ kubernetesVersion: z.string().min(1).max(32) });

/** Where the cluster is in its life, as a user reads it. */
export const clusterPhase = z.enum(["Provisioning", "Ready", "Scaling", "Upgrading", "Updating", "Deleting", "Failed"]);
export type ClusterPhase = z.infer<typeof clusterPhase>;

/** `addons`: an addon enabled, disabled or given new values (phase Updating) */
export type Operation = "create" | "scale" | "autoscale" | "upgrade" | "addons" | "delete";

export type StepState = "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";

export interface StepRecord {
  name: string;
  state: StepState;
  startedAt?: string;
  endedAt?: string;
  /** deliveries that failed and were retried */
  retries?: number;
  message?: string;
}

/** A machine the cluster asked an infrastructure provider for. */
export interface ProvisionedMachine {
  /** the provider's server or allocation id */
  serverId: string;
  name: string;
  /** the machine id its agent registers with */
  machineId: string;
  hostId?: string;
  /** provisioned because Karpenter asked for it (an autoscale operation) */
  autoscaled?: boolean;
}

export interface Cluster {
  id: string;
  name: string;
  domain: string;
  project: string;
  description?: string;
  /** the cluster template and version it was made from, with its parameters (core/templates) */
  template?: ClusterTemplateRef;
  /** the last move to another version of its template, and how far it got */
  templateMove?: TemplateMove;
  kubernetesVersion: string;
  /** the CNI and its values (absent on clusters created before values existed: the defaults) */
  cni: { name: CniName; version: string; values?: Record<string, unknown> };
  /** the storage plugin and Velero (absent on clusters created before addons were managed: neither) */
  addons?: ClusterAddonsSpec;
  providerCluster: string;
  hostGroup: string;
  /** the primary worker pool's count (its MachineDeployment is `workers`) */
  workers: number;
  /** node roles and taints of the primary pool (absent: none) */
  workerRoles?: string[];
  workerTaints?: NodeTaint[];
  /** further worker pools, each its own MachineDeployment (core/clusters/pools.ts); absent: none */
  workerPools?: WorkerPool[];
  machines: { os: NodeOs; arch: NodeArch };
  controlPlaneEndpoint?: { host: string; port: number };
  /** absent on clusters created before it could be set: the default */
  machineHealthCheck?: { unhealthyAfter: string };
  network: { podCidr: string; serviceCidr: string; nodeCidr?: string };
  extraArgs: {
    kubelet?: Record<string, string>;
    apiServer?: Record<string, string>;
    controllerManager?: Record<string, string>;
    scheduler?: Record<string, string>;
  };
  labels: Record<string, string>;
  annotations: Record<string, string>;

  phase: ClusterPhase;
  conditions: Condition[];
  /** the running (or last) operation: each create, scale, upgrade and delete is one saga run */
  operation: Operation;
  /** bumps with every operation; saga messages of an older generation are ignored */
  generation: number;
  /** the step the saga is on (the last one when it finished) */
  step: string;
  steps: StepRecord[];
  /** what the saga resolved and did, so each step can be repeated safely */
  resolved?: {
    providerCluster: { name: string; project?: string; type: "orbiter-bms" | "ccs-vm" };
    managementClusterId?: string;
    managementCluster?: string;
    /** the node network the provider reported (CCS subnet) */
    nodeCidr?: string;
  };
  provisioned: ProvisionedMachine[];
  /** what one worker machine of the provider cluster brings (its flavor), read when Karpenter is installed: scale from zero needs it */
  machineCapacity?: { flavor: string; cpu: number; memoryMb: number };
  hostIds: string[];
  /** target of a running upgrade or scale */
  target?: { kubernetesVersion?: string; workers?: number; pool?: string };
  /** what the management cluster last reported */
  observed?: {
    controlPlaneReady: boolean;
    controlPlaneVersion?: string;
    readyWorkers: number;
    updatedWorkers: number;
    /** each worker pool's MachineDeployment, when the cluster has further pools */
    pools?: Array<{ name: string; replicas: number; readyReplicas: number; updatedReplicas: number }>;
    phase?: string;
    at: string;
  };
  /** what the machine reconciler last found comparing desired and actual machines (core/byoh/machine-reconciler.ts) */
  drift?: ClusterDrift;
  /** the addons' last health check (the saga's wait-addons step, then the scheduled check after Ready) */
  addonHealth?: AddonHealth;
  /** the image registry (core/clusters/registry.ts), its password sealed; absent: the installation's default */
  imageRegistry?: ClusterRegistry;
  /** etcd encryption at rest and its key rotation (core/clusters/encryption.ts); absent: not encrypted */
  encryption?: ClusterEncryption;
  /** what the cluster's MachineHealthCheck last reported (read by the scheduled check after Ready) */
  machineHealth?: MachineHealth;
  /** the saga's timer chain, set when the scheduled resume restarted a stalled step (core/clusters/saga-resume.ts); not in the API */
  sagaChain?: string;
  /** when the scheduled resume last did so */
  sagaResumedAt?: string;
  /** the lifecycle message whose worker ran the current step in an inline chain (core/clusters/saga.ts); not in the API */
  chainedFrom?: string;
  /**
   * the operation's fallback timer (core/clusters/saga.ts `waitAgain`): the synced step that started it, in which
   * generation and resume chain. While it is this item's, every synced step after it waits on that timer rather
   * than sending one of its own; not in the API
   */
  fallbackTimer?: { generation: number; step: string; chain?: string };
  /**
   * a digest of the create request's Idempotency-Key and caller (createCluster): a retry of that request that finds
   * the name taken by this cluster answers it again, as when the process died before the key held the answer; not
   * in the API
   */
  createRequest?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}
