import { findCredential } from "../credentials/credentials.js";
import type { Deps } from "../deps.js";
import { healthOf } from "../management/health.js";
import type { ManagementCluster, ManagementClusterHealth } from "../management/model.js";
import { allManagementClusters } from "../management/registry.js";
import { rankCandidates } from "../management/placement.js";
import { matchesSelector } from "../shared/selector.js";
import { getDomain } from "../tenancy/domains.js";
import type { ProviderCluster, ProviderStatus } from "./model.js";
import { listProviderClusters } from "./provider-clusters.js";

const MAX_CHECKED = 100;

/**
 * Seed §13 "provider validation": whether the domain has a provider cluster
 * configured, and whether each can be used right now — its credential
 * exists and its management cluster (or, for a placement rule, at least one
 * candidate) is reachable with the providers installed. Management clusters
 * are probed once each, in parallel, with the short health timeout.
 */
export async function providerStatus(deps: Deps, domain: string): Promise<ProviderStatus> {
  await getDomain(deps, domain);
  const page = await listProviderClusters(deps, { domain }, { limit: MAX_CHECKED });
  const pcs = page.items;
  const checkedAt = deps.clock.now().toISOString();
  if (pcs.length === 0) return { domain, configured: false, status: "not-configured", checkedAt, providerClusters: [], truncated: false };

  const all = await allManagementClusters(deps);
  const targets = new Map<string, ManagementCluster[]>();
  for (const pc of pcs) targets.set(key(pc), targetsOf(pc, all));
  const distinct = new Map<string, ManagementCluster>();
  for (const list of targets.values()) for (const m of list) distinct.set(m.id, m);
  const health = new Map<string, ManagementClusterHealth>(
    await Promise.all([...distinct.values()].map(async (m) => [m.id, await healthOf(deps, m)] as const)),
  );
  const credentials = new Map<string, boolean>(
    await Promise.all([...new Set(pcs.map((p) => p.credential))].map(async (c) => [c, (await findCredential(deps, domain, c)) !== undefined] as const)),
  );

  const providerClusters = pcs.map((pc) => {
    const mcs = (targets.get(key(pc)) ?? []).map((m) => {
      const h = health.get(m.id);
      return { id: m.id, name: m.name, reachable: h?.reachable ?? false, ready: h?.ready ?? false, ...(h?.message ? { message: h.message } : {}) };
    });
    const present = credentials.get(pc.credential) ?? false;
    const problems: string[] = [];
    if (!present) problems.push(`credential ${pc.credential} does not exist`);
    if (mcs.length === 0) problems.push(pc.placement ? "no schedulable management cluster matches the placement rule" : "the management cluster does not exist");
    else if (!mcs.some((m) => m.ready)) problems.push(mcs.some((m) => m.reachable) ? "no management cluster has the required providers installed" : "no management cluster is reachable");
    return {
      name: pc.name,
      scope: pc.scope,
      ...(pc.project ? { project: pc.project } : {}),
      type: pc.type,
      ready: problems.length === 0,
      credential: { name: pc.credential, present },
      managementClusters: mcs,
      problems,
    };
  });
  const allReady = providerClusters.every((p) => p.ready);
  return { domain, configured: true, status: allReady ? "ready" : "degraded", checkedAt, providerClusters, truncated: page.nextCursor !== null };
}

function key(pc: ProviderCluster): string {
  return `${pc.project ?? ""}#${pc.name}`;
}

function targetsOf(pc: ProviderCluster, all: ManagementCluster[]): ManagementCluster[] {
  if (pc.managementCluster) return all.filter((m) => m.id === pc.managementCluster?.id);
  // A placement rule: the candidates placement would choose from (at most a few, best first).
  return rankCandidates(all.filter((m) => matchesSelector(m.labels, pc.placement)), pc.placement).slice(0, 5);
}
