import { domainPk } from "../store/keys.js";
import type { ProviderCluster, ProviderScope } from "./model.js";

/**
 * Keys. A domain's provider clusters live in the domain's partition, a
 * project's in the project's. One index lists a whole domain (both scopes),
 * another every provider cluster of the platform.
 */
export const scopePk = (s: ProviderScope) => (s.project ? `${domainPk(s.domain)}#P#${s.project}` : domainPk(s.domain));
export const PCS_INDEX_PK = "PCS";
export const domainPcsIndexPk = (domain: string) => `${domainPk(domain)}#PCS`;

export const pcKeys = {
  providerCluster: (s: ProviderScope, name: string) => ({ pk: scopePk(s), sk: `PC#${name}` }),
  /** which provider cluster a cluster uses: one item per cluster, found by cluster id within the domain */
  use: (domain: string, clusterId: string) => ({ pk: `${domainPk(domain)}#PCUSE#${clusterId}`, sk: "PCUSE" }),
};

export interface ProviderClusterRecord extends ProviderCluster {
  /** set when managementCluster is; what the counters hang on */
  managementClusterId?: string;
}

export function providerClusterItem(r: ProviderClusterRecord): Record<string, unknown> {
  const s = { domain: r.domain, ...(r.project ? { project: r.project } : {}) };
  return {
    ...pcKeys.providerCluster(s, r.name),
    kind: "provider-cluster",
    ...r,
    gsi1pk: domainPcsIndexPk(r.domain),
    gsi1sk: `${r.project ?? ""}#${r.name}`,
    gsi2pk: PCS_INDEX_PK,
    gsi2sk: `${r.domain}#${r.project ?? ""}#${r.name}`,
  };
}

export function publicView(r: ProviderClusterRecord): ProviderCluster {
  const { managementClusterId: _id, ...rest } = r;
  return rest;
}
