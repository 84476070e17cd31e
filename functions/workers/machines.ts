import { checkClusterHealth } from "../../core/addons/watch.js";
import { type WorkloadPort, workloadPort } from "../../core/addons/workload.js";
import { syncNodePool } from "../../core/autoscaling/node-pool-sync.js";
import { pruneClusterLocations, syncProjectLocations } from "../../core/backups/cluster-sync.js";
import { syncRequest } from "../../core/backups/request-sync.js";
import type { RequestKind } from "../../core/backups/requests.js";
import { listsOnce, type ManagementKube, managementKube } from "../../core/byoh/kube.js";
import { checkClusterMachines } from "../../core/byoh/machine-reconciler.js";
import { encryptionPorts } from "../../core/clusters/encryption-ports.js";
import { type EncryptionPorts, reconcileEncryption } from "../../core/clusters/encryption-rotation.js";
import { clusterOf } from "../../core/clusters/read.js";
import type { Deps } from "../../core/deps.js";
import { checkImportedClusterAddons } from "../../core/imported/imported.js";
import type { Envelope } from "../../events/envelope.js";
import { sqsConsumer } from "./consumer.js";

/**
 * The machine reconciler (product §11): one message per cluster to check —
 * from the schedule (functions/scheduled/machine-reconcile.ts) or when a
 * saga operation ends (`ckp.cluster.ready`) — compares its desired and
 * actual machines and records the drift (core/byoh/machine-reconciler.ts),
 * then reads a Ready cluster's addon health and MachineHealthCheck, and
 * moves its etcd encryption key rotation on a step. And when
 * a project's backup location changes, its clusters' Velero gets the new set
 * (core/backups/cluster-sync.ts); a backup, schedule or restore asked of a
 * cluster reaches its Velero (core/backups/request-sync.ts); a Karpenter node
 * pool created, changed or deleted reaches the workload cluster
 * (core/autoscaling/node-pool-sync.ts).
 */
let kube: ManagementKube | undefined;
let workload: WorkloadPort | undefined;
let encryption: EncryptionPorts | undefined;

const check = async (deps: Deps, e: Envelope) => {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  kube ??= managementKube(deps);
  workload ??= workloadPort(deps);
  const t = { domain: e.domain, project: e.project };
  const clusterId = (e.data as { clusterId: string }).clusterId;
  const cause = { correlationId: e.correlationid, causationId: e.id };
  // read once for the four checks (each writes under its own conditions)
  const c = await clusterOf(deps, t, clusterId);
  if (!c) return { machines: "skipped" };
  // the drift and the MachineHealthCheck both look at the worker pool's Machines: one list for the two
  const reads = listsOnce(kube);
  const machines = await checkClusterMachines(deps, reads, t, c, cause);
  // the same schedule watches a Ready cluster's addons and its MachineHealthCheck (core/addons/watch.ts)
  const health = await checkClusterHealth(deps, { kube: reads, workload }, t, c, cause);
  // and its Velero keeps no object of a backup location the project deleted (core/backups/cluster-sync.ts)
  // (a workload cluster that cannot be reached now is pruned by a later check)
  const prunedLocations = await pruneClusterLocations(deps, { workload }, t, c).catch(() => []);
  // and its etcd encryption keys rotate, one step per check (core/clusters/encryption-rotation.ts)
  encryption ??= encryptionPorts(deps);
  const encryptionStep = await reconcileEncryption(deps, encryption, t, c, cause);
  return { machines, health, prunedLocations, encryption: encryptionStep };
};

const syncLocations = async (deps: Deps, e: Envelope) => {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  kube ??= managementKube(deps);
  workload ??= workloadPort(deps);
  return syncProjectLocations(deps, { capi: kube, workload }, { domain: e.domain, project: e.project });
};

/** A backup, schedule or restore asked for (or a schedule changed or deleted) reaches the cluster's Velero (core/backups/request-sync.ts). */
const syncVelero =
  (kind: RequestKind, o: { hold?: boolean } = {}) =>
  async (deps: Deps, e: Envelope) => {
    if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
    workload ??= workloadPort(deps);
    const { clusterId, name } = e.data as { clusterId: string; name: string };
    return syncRequest(deps, { workload }, { domain: e.domain, project: e.project }, kind, clusterId, name, o);
  };

/** A node pool created, changed or deleted is brought in step in the workload cluster (core/autoscaling/node-pool-sync.ts). */
const syncPool = async (deps: Deps, e: Envelope) => {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  workload ??= workloadPort(deps);
  const { clusterId, name } = e.data as { clusterId: string; name: string };
  return syncNodePool(deps, { workload }, { domain: e.domain, project: e.project }, clusterId, name);
};

const VELERO_REQUESTS: Record<string, RequestKind> = {
  "ckp.backup.created": "backup",
  "ckp.backupschedule.created": "schedule",
  "ckp.backupschedule.updated": "schedule",
  "ckp.backupschedule.deleted": "schedule",
  "ckp.restore.created": "restore",
};

/** An imported cluster's addons, checked on the schedule (core/imported/addon-check.ts). */
const checkImported = async (deps: Deps, e: Envelope) => {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  const ctx = { actor: { kind: "system", id: "imported-addons-check" } as const, correlationId: e.correlationid, causationId: e.id };
  return checkImportedClusterAddons(deps, ctx, { domain: e.domain, project: e.project }, (e.data as { id: string }).id);
};

const CLUSTER_CHECKS: ReadonlySet<string> = new Set(["ckp.cluster.machines-check-due", "ckp.cluster.ready"]);

export const handler = sqsConsumer({
  queue: "machines",
  handlers: {
    "ckp.cluster.machines-check-due": check,
    "ckp.importedcluster.addons-check-due": checkImported,
    "ckp.cluster.ready": check,
    "ckp.backuplocation.created": syncLocations,
    "ckp.backuplocation.updated": syncLocations,
    "ckp.backuplocation.deleted": syncLocations,
    ...Object.fromEntries(Object.entries(VELERO_REQUESTS).map(([type, kind]) => [type, syncVelero(kind)])),
    "ckp.nodepool.created": syncPool,
    "ckp.nodepool.updated": syncPool,
    "ckp.nodepool.deleted": syncPool,
  },
  // A cluster's check is level-triggered and writes only over what it read (drift, health and the encryption step are
  // each guarded by the value the check saw, core/byoh/machine-reconciler.ts, core/addons/watch.ts,
  // core/clusters/encryption-rotation.ts): a copy of the event checks again and finds the same, or yields to the
  // check that wrote first — the dedupe record would guard nothing those conditions do not.
  selfGuarded: (e) => CLUSTER_CHECKS.has(e.type),
  // a request held for its location's validation (core/backups/request-sync.ts) is applied anyway on
  // its last delivery: Velero then says why it fails, instead of the request staying Pending
  onGiveUp: async (deps, e) => {
    const kind = VELERO_REQUESTS[e.type];
    if (kind) await syncVelero(kind, { hold: false })(deps, e);
  },
});
