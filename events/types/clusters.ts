import { z } from "zod";

/**
 * Cluster lifecycle events (product §19). Those that carry `step` drive the
 * saga: the lifecycle worker runs that step of that generation.
 */
const run = { clusterId: z.string(), generation: z.number().int().positive(), step: z.string() };
const operation = z.enum(["create", "scale", "autoscale", "upgrade", "addons", "delete"]);

export const clusterCreated = z.object({
  ...run,
  name: z.string(),
  kubernetesVersion: z.string(),
  cni: z.object({ name: z.string(), version: z.string() }),
  providerCluster: z.string(),
  hostGroup: z.string(),
  workers: z.number().int(),
  /** where its images come from (absent: the installation's default); never the password */
  imageRegistry: z.object({ type: z.enum(["private", "public"]), url: z.string(), username: z.string().optional() }).optional(),
  /** further worker pools (core/clusters/pools.ts), absent when none */
  workerPools: z
    .array(
      z.object({
        name: z.string(),
        hostGroup: z.string(),
        count: z.number().int(),
        roles: z.array(z.string()).optional(),
        taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.string() })).optional(),
      }),
    )
    .optional(),
});
export const clusterUpdated = z.object({
  clusterId: z.string(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
});
/** `pool`: the worker pool scaled (absent: the primary pool, workers) */
export const clusterScaleRequested = z.object({ ...run, from: z.number().int(), to: z.number().int(), pool: z.string().optional() });
/** Karpenter moved the worker MachineDeployment's replicas from `from` to `to`: the control plane follows with machines. */
export const clusterAutoscaleRequested = z.object({ ...run, from: z.number().int(), to: z.number().int() });
export const clusterUpgradeRequested = z.object({ ...run, from: z.string(), to: z.string() });
export const clusterDeleteRequested = z.object({ ...run, phase: z.string() });
/** One step finished; `step` is the next one (absent when the operation is over). */
export const clusterStepCompleted = z.object({
  clusterId: z.string(),
  generation: z.number().int().positive(),
  operation,
  completed: z.string(),
  outcome: z.enum(["succeeded", "skipped"]),
  step: z.string().optional(),
  message: z.string().optional(),
  /** the worker that completed the step ran the next one itself (an inline chain): no queue receives this event */
  continued: z.literal(true).optional(),
});
/**
 * Re-check a waiting step. Sent straight to the lifecycle queue, not through the outbox: a timer (`poll`, its
 * count) or a nudge of the status sync (`nudge`: the management cluster reported a change; core/clusters/status-sync.ts).
 */
export const clusterStepDue = z.union([
  // chain: the timer chain the scheduled resume started (core/clusters/saga-resume.ts), absent before any;
  // quickChain: a tag of the nudge that started this quick chain (a step waiting on what the sync does not watch);
  // slow: a synced step's fallback timer; follows: the operation's fallback timer, started by the synced step it
  // names, checking whichever synced step the operation waits on (core/clusters/saga.ts)
  z.object({
    ...run,
    poll: z.number().int().positive(),
    chain: z.string().optional(),
    quickChain: z.string().optional(),
    slow: z.literal(true).optional(),
    follows: z.literal(true).optional(),
  }),
  z.object({ ...run, nudge: z.literal(true) }),
]);
export const clusterStepRetrying = z.object({ ...run, retries: z.number().int(), message: z.string() });
export const clusterProgressed = z.object({
  clusterId: z.string(),
  step: z.string(),
  observed: z.object({
    controlPlaneReady: z.boolean(),
    controlPlaneVersion: z.string().optional(),
    readyWorkers: z.number().int(),
    updatedWorkers: z.number().int(),
    phase: z.string().optional(),
  }),
});
export const clusterReady = z.object({
  clusterId: z.string(),
  generation: z.number().int(),
  operation,
  kubernetesVersion: z.string(),
  workers: z.number().int(),
  /** whether a template move is running (its next operation starts now); absent in events older than the field */
  templateMove: z.boolean().optional(),
});
export const clusterFailed = z.object({
  clusterId: z.string(),
  generation: z.number().int(),
  operation,
  step: z.string(),
  reason: z.string(),
  message: z.string(),
});
export const clusterDeleted = z.object({ clusterId: z.string(), name: z.string() });
export const clusterHostsAssigned = z.object({ clusterId: z.string(), hostIds: z.array(z.string()), pool: z.string().optional() });
export const clusterHostsReleased = z.object({ clusterId: z.string(), hostIds: z.array(z.string()), to: z.enum(["group", "provider"]) });
export const clusterMachinesProvisioned = z.object({
  clusterId: z.string(),
  provider: z.string(),
  machines: z.array(z.object({ serverId: z.string(), name: z.string(), machineId: z.string() })),
});
export const clusterMachinesReleased = z.object({ clusterId: z.string(), provider: z.string(), serverIds: z.array(z.string()) });
export const bundlePublished = z.object({ kubernetesVersion: z.string(), os: z.string(), ociReference: z.string(), digest: z.string() });
export const bundleDeleted = z.object({ kubernetesVersion: z.string(), os: z.string() });

/** Someone was given the cluster's admin kubeconfig (GET …/clusters/{id}/kubeconfig); the actor says who. */
export const clusterKubeconfigIssued = z.object({ clusterId: z.string(), name: z.string() });

/** The cluster's etcd encryption changed: turned on, settings changed, a rotation asked for, or a rotation step taken (core/clusters/encryption-rotation.ts). */
export const clusterEncryptionChanged = z.object({
  clusterId: z.string(),
  /** enabled, updated, rotate-requested, add-key, promote, migrate */
  change: z.string(),
  revision: z.number().int(),
  phase: z.string(),
  primaryKey: z.string(),
});
