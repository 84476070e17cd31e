import type { KubeObject } from "../kube/objects.js";
import { readClaims } from "./claims.js";

/**
 * The machine reconciler's comparison (product §11), pure: what the control
 * plane wants of a cluster's workers (its worker count and the hosts it
 * assigned) against what the management cluster has (the worker pool's
 * Machines, the ByoHosts labelled for the cluster and who claimed them).
 *
 * A Ready cluster must have one healthy Machine per worker, each on one of
 * its assigned hosts, and a ByoHost for every assigned host and no other.
 * While a cluster is Scaling the saga is moving replicas on purpose, so only
 * what the saga would not fix counts: missing or stray ByoHosts and failed
 * Machines.
 */
export interface DriftFindings {
  inSync: boolean;
  reason: string;
  message: string;
  desiredWorkers: number;
  /** Machines of the worker pool not being deleted */
  machines: number;
  readyMachines: number;
  missingMachines: number;
  extraMachines: string[];
  unhealthyMachines: Array<{ name: string; reason: string }>;
  /** assigned hosts without a ByoHost labelled for the cluster */
  missingByoHosts: string[];
  /** ByoHosts labelled for the cluster whose host the cluster does not hold */
  unexpectedByoHosts: string[];
  /** assigned hosts no Machine runs on */
  unclaimedHosts: string[];
}

/** Drift as recorded on the cluster. */
export interface ClusterDrift extends DriftFindings {
  /** when the cluster entered this state (in sync, or this drift) */
  since: string;
  checkedAt: string;
}

export interface DriftInput {
  phase: "Ready" | "Scaling";
  workers: number;
  hostIds: string[];
  machineDeployment: KubeObject | undefined;
  machines: KubeObject[];
  byoHosts: KubeObject[];
}

export function computeDrift(i: DriftInput): DriftFindings {
  const claims = readClaims(i.machines, i.byoHosts);
  const live = claims.machines.filter((m) => !m.deleting);
  const assigned = new Set(i.hostIds);
  const ready = i.phase === "Ready";
  const missingByoHosts = i.hostIds.filter((h) => !claims.byoHosts.has(h));
  const unexpectedByoHosts = [...claims.byoHosts.keys()].filter((h) => !assigned.has(h)).sort();
  const unhealthyMachines = live
    .map((m) => ({ name: m.name, reason: m.problem ?? (ready && !m.hostId ? "it runs on no ByoHost of the cluster" : undefined) }))
    .filter((m): m is { name: string; reason: string } => m.reason !== undefined);
  const missingMachines = ready ? Math.max(0, i.workers - live.length) : 0;
  const surplus = ready ? Math.max(0, live.length - i.workers) : 0;
  const extraMachines = [...live]
    .sort(
      (a, b) =>
        Number(Boolean(a.hostId && assigned.has(a.hostId))) - Number(Boolean(b.hostId && assigned.has(b.hostId))) ||
        b.name.localeCompare(a.name),
    )
    .slice(0, surplus)
    .map((m) => m.name)
    .sort();
  const unclaimedHosts = ready ? i.hostIds.filter((h) => claims.byoHosts.has(h) && !claims.claimedBy.has(h)) : [];
  const readyMachines = live.filter((m) => m.phase === "Running" && !m.problem && m.hostId).length;

  const problems: Array<[string, string]> = [];
  if (!i.machineDeployment)
    problems.push(["MachineDeploymentMissing", "the worker MachineDeployment is missing on the management cluster"]);
  if (missingByoHosts.length) problems.push(["ByoHostsMissing", `no ByoHost for assigned host(s) ${missingByoHosts.join(", ")}`]);
  if (missingMachines) problems.push(["MachinesMissing", `${missingMachines} machine(s) missing: ${live.length} of ${i.workers}`]);
  if (unhealthyMachines.length)
    problems.push(["MachinesUnhealthy", `unhealthy machine(s): ${unhealthyMachines.map((m) => `${m.name} (${m.reason})`).join(", ")}`]);
  if (extraMachines.length)
    problems.push(["ExtraMachines", `${extraMachines.length} machine(s) beyond the ${i.workers} wanted: ${extraMachines.join(", ")}`]);
  if (unexpectedByoHosts.length)
    problems.push([
      "UnexpectedByoHosts",
      `ByoHost(s) labelled for the cluster of host(s) it does not hold: ${unexpectedByoHosts.join(", ")}`,
    ]);
  if (unclaimedHosts.length) problems.push(["HostsUnclaimed", `assigned host(s) no machine runs on: ${unclaimedHosts.join(", ")}`]);

  const base = {
    desiredWorkers: i.workers,
    machines: live.length,
    readyMachines,
    missingMachines,
    extraMachines,
    unhealthyMachines,
    missingByoHosts,
    unexpectedByoHosts,
    unclaimedHosts,
  };
  if (problems.length === 0) {
    return {
      inSync: true,
      reason: "InSync",
      message: `${live.length} machine(s) on ${i.hostIds.length} assigned host(s), as wanted`,
      ...base,
    };
  }
  return { inSync: false, reason: (problems[0] as [string, string])[0], message: problems.map(([, m]) => m).join("; "), ...base };
}

/** Whether two findings say the same thing (so nothing needs recording). */
export function sameFindings(a: DriftFindings | undefined, b: DriftFindings): boolean {
  if (!a) return false;
  const KEYS: Array<keyof DriftFindings> = [
    "inSync",
    "reason",
    "message",
    "desiredWorkers",
    "machines",
    "readyMachines",
    "missingMachines",
    "extraMachines",
    "unhealthyMachines",
    "missingByoHosts",
    "unexpectedByoHosts",
    "unclaimedHosts",
  ];
  const pick = (f: DriftFindings) => JSON.stringify(KEYS.map((k) => f[k]));
  return pick(a) === pick(b);
}
