import type { Cluster } from "../clusters/model.js";
import type { Condition } from "../hosts/model.js";
import { ADDONS, type AddonName } from "./catalog.js";
import type { AddonState, MachineHealth } from "./model.js";

/**
 * The conditions the health checks own, derived from their last findings
 * (`addonHealth`, `machineHealth` on the cluster) rather than stored with
 * the saga's: AddonsHealthy, one per enabled addon (CiliumHealthy, …) and
 * MachinesHealthy. Kept apart so neither writer overwrites the other.
 */
export function addonCondition(name: AddonName, state: AddonState, message: string, since: string): Condition {
  return {
    type: ADDONS[name].condition,
    status: state === "Healthy" ? "True" : state === "Unknown" ? "Unknown" : "False",
    reason: state,
    message,
    lastTransitionTime: since,
  };
}

/** The conditions the addon and machine health checks own: AddonsHealthy, one per enabled addon, MachinesHealthy. */
export function healthConditions(c: Cluster): Condition[] {
  const out: Condition[] = [];
  const h = c.addonHealth;
  if (h) {
    out.push({
      type: "AddonsHealthy",
      status: h.healthy ? "True" : "False",
      reason: h.reason,
      message: h.message,
      lastTransitionTime: h.since,
    });
    for (const f of h.addons) if (f.state !== "Disabled") out.push(addonCondition(f.addon, f.state, f.message, f.since));
  }
  if (c.machineHealth) out.push(machineHealthCondition(c.machineHealth));
  return out;
}

function machineHealthCondition(m: MachineHealth): Condition {
  const healthy = m.found && m.remediating.length === 0 && m.currentHealthy >= m.expectedMachines;
  const reason = !m.found
    ? "HealthCheckMissing"
    : m.remediating.length
      ? "RemediationInProgress"
      : healthy
        ? "MachinesHealthy"
        : "MachinesUnhealthy";
  return { type: "MachinesHealthy", status: healthy ? "True" : "False", reason, message: m.message, lastTransitionTime: m.since };
}

/** Replaces the saga's version of the health conditions with the latest checks'. */
export function withHealthConditions(c: Cluster): Condition[] {
  const fresh = healthConditions(c);
  const types = new Set(fresh.map((x) => x.type));
  return [...c.conditions.filter((x) => !types.has(x.type)), ...fresh];
}
