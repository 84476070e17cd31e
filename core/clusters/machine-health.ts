import type { MachineHealth } from "../addons/model.js";
import { selectorOf } from "../byoh/kube.js";
import { CAPI_API_VERSION } from "../byoh/names.js";
import { conditionsOf, type KubeObject } from "../kube/objects.js";
import type { CapiPort } from "./ports.js";
import { LABELS, WORKER_POOL } from "./render.js";
import { clusterNamespace } from "./spec.js";

/**
 * The cluster's MachineHealthCheck read back (CAPI's own counts): how many
 * machines it watches and how many are healthy, how many more remediations
 * it allows, which Machines it marked for remediation (CAPI's
 * HealthCheckSucceeded / OwnerRemediated conditions) and — remembered from
 * one check to the next — which of those are gone since, replaced.
 */
const KEEP_REPLACED = 20;

const num = (v: unknown) => (typeof v === "number" ? v : 0);

export function summarizeMachineHealth(
  mhc: KubeObject | undefined,
  machines: KubeObject[],
  prev: MachineHealth | undefined,
  now: string,
): MachineHealth {
  const st = (mhc?.status ?? {}) as Record<string, unknown>;
  const live = machines.filter((m) => !m.metadata.deletionTimestamp);
  const remediating = live
    .map((m) => {
      const conds = conditionsOf(m);
      const check = conds.find((c) => c.type === "HealthCheckSucceeded" && c.status === "False");
      const owner = conds.find((c) => c.type === "OwnerRemediated" && c.status === "False");
      if (!check && !owner) return undefined;
      return { machine: m.metadata.name, reason: check?.message || check?.reason || owner?.reason || "marked unhealthy" };
    })
    .filter((x): x is { machine: string; reason: string } => x !== undefined);
  const present = new Set(machines.map((m) => m.metadata.name));
  const gone = (prev?.remediating ?? []).filter(
    (r) => !present.has(r.machine) || machines.some((m) => m.metadata.name === r.machine && m.metadata.deletionTimestamp),
  );
  const replaced = [
    ...(prev?.replaced ?? []),
    ...gone.filter((g) => !(prev?.replaced ?? []).some((r) => r.machine === g.machine)).map((g) => ({ machine: g.machine, at: now })),
  ].slice(-KEEP_REPLACED);
  const expectedMachines = num(st.expectedMachines);
  const currentHealthy = num(st.currentHealthy);
  const remediationsAllowed = num(st.remediationsAllowed);
  const parts = mhc
    ? [`${currentHealthy} of ${expectedMachines} machine(s) healthy, ${remediationsAllowed} more remediation(s) allowed`]
    : [`MachineHealthCheck ${WORKER_POOL} is missing on the management cluster`];
  if (remediating.length) parts.push(`remediating ${remediating.map((r) => `${r.machine} (${r.reason})`).join(", ")}`);
  const lastReplaced = replaced.at(-1);
  if (lastReplaced) parts.push(`replaced ${replaced.length} machine(s), last ${lastReplaced.machine} at ${lastReplaced.at}`);
  const next = {
    found: mhc !== undefined,
    expectedMachines,
    currentHealthy,
    remediationsAllowed,
    remediating,
    replaced,
    message: parts.join("; "),
  };
  const same = prev && sameMachineHealth(prev, next);
  return { ...next, since: same ? prev.since : now, checkedAt: now };
}

type Comparable = Omit<MachineHealth, "since" | "checkedAt">;
export function sameMachineHealth(a: Comparable | undefined, b: Comparable): boolean {
  if (!a) return false;
  const key = (m: Comparable) =>
    JSON.stringify([m.found, m.expectedMachines, m.currentHealthy, m.remediationsAllowed, m.remediating, m.replaced]);
  return key(a) === key(b);
}

/** Reads the worker pool's MachineHealthCheck and Machines from the management cluster. */
export async function readMachineHealth(
  capi: Pick<CapiPort, "get" | "list">,
  c: { id: string; name: string; machineHealth?: MachineHealth | undefined },
  managementClusterId: string,
  now: string,
): Promise<MachineHealth> {
  const namespace = clusterNamespace(c.id);
  const [mhc, machines] = await Promise.all([
    capi.get(managementClusterId, { apiVersion: CAPI_API_VERSION, kind: "MachineHealthCheck", name: WORKER_POOL, namespace }),
    capi.list(managementClusterId, CAPI_API_VERSION, "Machine", {
      namespace,
      labelSelector: selectorOf({ [LABELS.capiCluster]: c.name, [LABELS.capiDeployment]: WORKER_POOL }),
    }),
  ]);
  return summarizeMachineHealth(mhc as KubeObject | undefined, machines as KubeObject[], c.machineHealth, now);
}
