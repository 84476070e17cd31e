import { CLUSTER_INDEX_SHARDS, clusterShard } from "../clusters/items.js";
import type { Sealed } from "../crypto/envelope.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import type { ImportedCluster } from "./model.js";

/**
 * Imported clusters live beside the project's CAPI clusters: the same
 * partition and sort-key prefix (`CLUSTER#<id>`), so one Query lists both
 * (GET …/clusters), told apart by `kind`; and the same name claims
 * (`CLUSTERNAME#<name>`), so a name means one cluster in a project.
 */
export const importedKeys = {
  cluster: (t: ProjectRef, id: string) => ({ pk: projectPk(t), sk: `CLUSTER#${id}` }),
  name: (t: ProjectRef, name: string) => ({ pk: projectPk(t), sk: `CLUSTERNAME#${name}` }),
};

export const IMPORTED_KIND = "imported-cluster";

/**
 * Imported clusters that run (or ran) an addon, across tenants: a sparse
 * index (GSI 1) their first addon change puts them in, so the schedule
 * checks them (core/imported/addon-check.ts) without reading every project.
 */
export const IMPORTED_ADDON_INDEX_SHARDS = CLUSTER_INDEX_SHARDS;
export const importedAddonsIndexPk = (shard: number) => `IMPORTEDADDONS#${shard}`;
export const importedAddonsIndex = (r: { domain: string; project: string; id: string }) => ({
  gsi1pk: importedAddonsIndexPk(clusterShard(r.id)),
  gsi1sk: `${r.domain}#${r.project}#${r.id}`,
});

/** The phase a scheduled check last found for an addon, so a change of it is an event once. */
export interface AddonPhaseMark {
  generation: number;
  phase: string;
  reason: string;
  at: string;
}

/** What is stored: the public record plus, for an import by kubeconfig, the sealed connection. */
export interface ImportedClusterRecord extends ImportedCluster {
  connection?: Sealed;
  /** what the scheduled check last found, per addon (not part of the API's answer: GET reads the cluster now) */
  addonPhases?: Partial<Record<string, AddonPhaseMark>>;
}

export function importedItem(r: ImportedClusterRecord): Record<string, unknown> {
  return { ...importedKeys.cluster(r, r.id), kind: IMPORTED_KIND, ...r };
}

/** The sealed kubeconfig is bound to the cluster it belongs to. */
export function connectionContext(r: { domain: string; project: string; id: string }): Record<string, string> {
  return { purpose: "imported-cluster-connection", domain: r.domain, project: r.project, importedCluster: r.id };
}

export function publicView(r: ImportedClusterRecord): ImportedCluster {
  const {
    connection: _c,
    addonPhases: _p,
    gsi1pk: _pk,
    gsi1sk: _sk,
    ...rest
  } = r as ImportedClusterRecord & {
    gsi1pk?: string;
    gsi1sk?: string;
  };
  return rest;
}
