import type { QueueName } from "../infra/resources.js";
import type { EventType } from "./registry.js";

/**
 * Which queues receive which events. Events not listed are archived and kept
 * in the audit trail but drive no worker.
 */
export const routes: Partial<Record<EventType, QueueName[]>> = {
  "ckp.hostrequest.approved": ["provisioning"],
  // machines asked of a provider for a host group (core/machinehosts/provisions.ts)
  "ckp.hostprovision.requested": ["provisioning"],
  // the BYOH host reconciler: whatever can change a host's ByoHost
  "ckp.host.provisioned": ["byohosts"],
  "ckp.host.labels-changed": ["byohosts"],
  "ckp.host.deleted": ["byohosts"],
  "ckp.hostgroup.host-added": ["byohosts"],
  "ckp.hostgroup.host-removed": ["byohosts"],
  "ckp.hostgroup.updated": ["byohosts"],
  "ckp.cluster.hosts-assigned": ["byohosts"],
  "ckp.cluster.hosts-released": ["byohosts"],
  // the machine reconciler checks a cluster when an operation ends (and on a schedule); a template move starts its next operation
  "ckp.cluster.ready": ["machines", "lifecycle"],
  // a project's backup locations reach its clusters' Velero (core/backups/cluster-sync.ts)
  "ckp.backuplocation.created": ["machines"],
  "ckp.backuplocation.updated": ["machines"],
  "ckp.backuplocation.deleted": ["machines"],
  // and its backups, schedules and restores reach the cluster's Velero (core/backups/request-sync.ts)
  "ckp.backup.created": ["machines"],
  "ckp.backupschedule.created": ["machines"],
  "ckp.backupschedule.updated": ["machines"],
  "ckp.backupschedule.deleted": ["machines"],
  "ckp.restore.created": ["machines"],
  // a cluster's Karpenter node pools reach its workload cluster (core/autoscaling/node-pool-sync.ts)
  "ckp.nodepool.created": ["machines"],
  "ckp.nodepool.updated": ["machines"],
  "ckp.nodepool.deleted": ["machines"],
  "ckp.cluster.created": ["lifecycle"],
  "ckp.cluster.step-completed": ["lifecycle"],
  "ckp.cluster.scale-requested": ["lifecycle"],
  "ckp.cluster.autoscale-requested": ["lifecycle"],
  "ckp.cluster.upgrade-requested": ["lifecycle"],
  "ckp.cluster.delete-requested": ["lifecycle"],
  "ckp.cluster.addons-change-requested": ["lifecycle"],
};

/**
 * Queues an event of a routed type skips, by what it says: a step completion
 * whose next step the completing worker ran itself (core/clusters/saga.ts),
 * or that ended its operation (it names no next step: ckp.cluster.ready
 * says the rest), drives no worker; an operation's end drives the lifecycle worker only
 * while a template move runs (core/templates/move.ts: it starts the move's
 * next operation). Events written before a field existed are routed as
 * before.
 */
const skips: Partial<Record<EventType, (data: Record<string, unknown>) => QueueName[]>> = {
  "ckp.cluster.step-completed": (d) => (d.continued === true || d.step === undefined ? ["lifecycle"] : []),
  "ckp.cluster.ready": (d) => (d.templateMove === false ? ["lifecycle"] : []),
};

export function queuesFor(type: string, data?: unknown): QueueName[] {
  const queues = routes[type as EventType] ?? [];
  const skip = skips[type as EventType]?.((data ?? {}) as Record<string, unknown>) ?? [];
  return skip.length ? queues.filter((q) => !skip.includes(q)) : queues;
}
