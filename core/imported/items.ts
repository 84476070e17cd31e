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

/** What is stored: the public record plus, for an import by kubeconfig, the sealed connection. */
export interface ImportedClusterRecord extends ImportedCluster {
  connection?: Sealed;
}

export function importedItem(r: ImportedClusterRecord): Record<string, unknown> {
  return { ...importedKeys.cluster(r, r.id), kind: IMPORTED_KIND, ...r };
}

/** The sealed kubeconfig is bound to the cluster it belongs to. */
export function connectionContext(r: { domain: string; project: string; id: string }): Record<string, string> {
  return { purpose: "imported-cluster-connection", domain: r.domain, project: r.project, importedCluster: r.id };
}

export function publicView(r: ImportedClusterRecord): ImportedCluster {
  const { connection: _c, ...rest } = r;
  return rest;
}
