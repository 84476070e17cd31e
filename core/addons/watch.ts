import { followKarpenter } from "../autoscaling/follow-karpenter.js";
import type { ManagementKube } from "../byoh/kube.js";
import { clusterKeys } from "../clusters/items.js";
import { readMachineHealth, sameMachineHealth } from "../clusters/machine-health.js";
import type { Cluster } from "../clusters/model.js";
import { clusterOf } from "../clusters/read.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import type { ProjectRef } from "../store/keys.js";
import { clusterAddonHealth } from "./cluster-health.js";
import { sameHealth } from "./health.js";
import type { AddonHealth, MachineHealth } from "./model.js";
import type { WorkloadPort } from "./workload.js";

/**
 * After Ready, a cluster keeps being watched (on the machine reconciler's
 * schedule, and when an operation ends): its addons' health, read from the
 * workload cluster, and its MachineHealthCheck's findings. Both are recorded
 * on the cluster in fields of their own (`addonHealth`, `machineHealth`),
 * never in the saga's, so a broken addon shows as AddonsHealthy=False
 * while the cluster stays Ready with its history; an event says when the
 * addons degrade and when they recover, and when machine health changes.
 */
export type HealthCheckResult = "healthy" | "degraded" | "skipped";

const ACTOR = { kind: "system", id: "addon-health" } as const;
/** An unchanged finding is written again at most this often, so "last checked" stays roughly fresh without a write per check. */
const REFRESH_MS = 60_000;
/**
 * Addon health recorded this recently is taken as read: the saga's
 * `wait-addons` records what it found as it ends, and the check that
 * follows at Ready (`ckp.cluster.ready`) would read the same ten objects
 * again a moment later. A change in between shows at the next scheduled check.
 */
const JUST_CHECKED_MS = 15_000;

export interface WatchPorts {
  kube: ManagementKube;
  workload: WorkloadPort;
}

export async function checkClusterHealth(
  deps: Deps,
  ports: WatchPorts,
  t: ProjectRef,
  cluster: string | Cluster,
  cause: Omit<Ctx, "actor">,
): Promise<HealthCheckResult> {
  const c = await clusterOf(deps, t, cluster);
  if (c?.phase !== "Ready") return "skipped";
  const mc = c.resolved?.managementClusterId;
  if (!mc || !(await ports.kube.exists(mc))) return "skipped";
  const now = deps.clock.now();
  const at = now.toISOString();
  const capi = { list: ports.kube.list, get: ports.kube.get };
  // a cluster created before addons were managed has none the control plane installed: only its machines are watched
  const justChecked = c.addonHealth && now.getTime() - Date.parse(c.addonHealth.checkedAt) < JUST_CHECKED_MS;
  const [addons, machines] = await Promise.all([
    !c.addons
      ? Promise.resolve(undefined)
      : justChecked
        ? Promise.resolve(c.addonHealth)
        : clusterAddonHealth({ capi, workload: ports.workload }, c, mc, at),
    readMachineHealth(capi, c, mc, at),
  ]);
  await record(deps, { actor: ACTOR, ...cause }, c, addons, machines, now);
  // Karpenter moved the worker count: follow it with machines (core/autoscaling/follow-karpenter.ts)
  if (c.addons?.karpenter?.enabled) await followKarpenter(deps, ports.kube, c, cause);
  return !addons || addons.healthy ? "healthy" : "degraded";
}

class HealthRaced extends Error {}

const stale = (checkedAt: string | undefined, now: Date) => !checkedAt || now.getTime() - Date.parse(checkedAt) >= REFRESH_MS;
const unhealthyKey = (h: AddonHealth) =>
  JSON.stringify(h.addons.filter((f) => f.state !== "Healthy" && f.state !== "Disabled").map((f) => [f.addon, f.state]));

async function record(
  deps: Deps,
  ctx: Ctx,
  c: Cluster,
  addons: AddonHealth | undefined,
  machines: MachineHealth,
  now: Date,
): Promise<void> {
  const prevA = c.addonHealth;
  const prevM = c.machineHealth;
  const addonsChanged = addons !== undefined && !sameHealth(prevA, addons);
  const machinesChanged = !sameMachineHealth(prevM, machines);
  if (!addonsChanged && !machinesChanged && (!addons || !stale(prevA?.checkedAt, now)) && !stale(prevM?.checkedAt, now)) return;
  const t = { domain: c.domain, project: c.project };
  const subject = `clusters/${c.id}`;
  // the field this check is guarded by: the addons' when it judges them, else the machines'
  const field = addons ? "addonHealth" : "machineHealth";
  const prevAt = addons ? prevA?.checkedAt : prevM?.checkedAt;
  const guard = prevAt ? `${field}.checkedAt = :prevAt` : `attribute_not_exists(${field})`;
  const tx = transaction(deps, ctx, now);
  // only while the cluster is still Ready in the same generation: an operation that started meanwhile owns the checks
  tx.update(clusterKeys.cluster(t, c.id), `SET machineHealth = :m${addons ? ", addonHealth = :a" : ""}`, {
    // and only over what this check read: of two checks at once, one records (and emits) and the other yields
    condition: `phase = :ready AND generation = :g AND ${guard}`,
    values: {
      ...(addons ? { ":a": addons } : {}),
      ":m": machines,
      ":ready": "Ready",
      ":g": c.generation,
      ...(prevAt ? { ":prevAt": prevAt } : {}),
    },
    onConditionFailed: () => new HealthRaced(),
  });
  if (addons && !addons.healthy && (!prevA || prevA.healthy || unhealthyKey(prevA) !== unhealthyKey(addons))) {
    tx.emit(
      "ckp.cluster.addons-degraded",
      subject,
      {
        clusterId: c.id,
        message: addons.message,
        unhealthy: addons.addons
          .filter((f) => f.state !== "Healthy" && f.state !== "Disabled")
          .map((f) => ({ addon: f.addon, state: f.state, message: f.message })),
      },
      t,
    );
  } else if (addons?.healthy && prevA && !prevA.healthy) {
    tx.emit("ckp.cluster.addons-recovered", subject, { clusterId: c.id, message: addons.message }, t);
  }
  if (machinesChanged && prevM) {
    tx.emit(
      "ckp.cluster.machine-health-changed",
      subject,
      {
        clusterId: c.id,
        expectedMachines: machines.expectedMachines,
        currentHealthy: machines.currentHealthy,
        remediationsAllowed: machines.remediationsAllowed,
        remediating: machines.remediating.map((r) => r.machine),
        replaced: machines.replaced.map((r) => r.machine),
      },
      t,
    );
  }
  try {
    await tx.commit();
  } catch (e) {
    if (!(e instanceof HealthRaced)) throw e;
  }
}
