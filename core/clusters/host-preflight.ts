import type { Deps } from "../deps.js";
import type { Condition, Host } from "../hosts/model.js";
import { hostPreflight, type PreflightFailure } from "../hosts/preflight.js";
import { keys, type ProjectRef } from "../store/keys.js";
import { findItems } from "../store/read.js";
import { type ClusterStatus, statusOf } from "./clusters.js";
import type { Cluster } from "./model.js";

export interface HostPreflightEntry {
  hostId: string;
  hostname: string;
  failures: PreflightFailure[];
}

/**
 * A cluster's status with its hosts' preflight (issue 19): a host that
 * starts failing after it joined (its agent re-runs the preflight and
 * reports it with its health) shows as a `HostsPreflight` condition and an
 * entry naming the host and its failing checks.
 */
export async function clusterStatus(
  deps: Deps,
  t: ProjectRef,
  c: Cluster,
): Promise<ClusterStatus & { hostPreflight: HostPreflightEntry[] }> {
  const base = statusOf(c);
  const hosts = await findItems<Host>(
    deps,
    c.hostIds.map((id) => keys.host(t, id)),
    { attributes: ["id", "hostname", "facts", "agent", "createdAt"] },
  );
  const failing = judgeHosts(hosts);
  return { ...base, conditions: [...base.conditions, hostsPreflightCondition(failing, hosts.length, c.updatedAt)], hostPreflight: failing };
}

export function judgeHosts(hosts: Array<Pick<Host, "id" | "hostname" | "facts" | "agent">>): HostPreflightEntry[] {
  const out: HostPreflightEntry[] = [];
  for (const h of hosts) {
    const v = hostPreflight({ facts: h.facts ?? {}, ...(h.agent ? { agent: h.agent } : {}) });
    if (v.state === "failed") out.push({ hostId: h.id, hostname: h.hostname, failures: v.failures });
  }
  return out.sort((a, b) => a.hostname.localeCompare(b.hostname));
}

export function hostsPreflightCondition(failing: HostPreflightEntry[], hosts: number, at: string): Condition {
  if (!failing.length)
    return {
      type: "HostsPreflight",
      status: "True",
      reason: "PreflightPassed",
      message: `none of the cluster's ${hosts} host(s) fails its preflight`,
      lastTransitionTime: at,
    };
  const named = failing
    .slice(0, 10)
    .map((f) => `${f.hostname} (${f.hostId}): ${f.failures.map((x) => x.reason).join(", ")}`)
    .join("; ");
  return {
    type: "HostsPreflight",
    status: "False",
    reason: "HostPreflightFailed",
    message: `${failing.length} host(s) fail their preflight: ${named}${failing.length > 10 ? "; …" : ""}`,
    lastTransitionTime: at,
  };
}
