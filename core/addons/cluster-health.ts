import { selectorOf } from "../byoh/kube.js";
import type { Cluster } from "../clusters/model.js";
import type { CapiPort } from "../clusters/ports.js";
import { LABELS } from "../clusters/render.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { KubeObject } from "../kube/objects.js";
import { desiredAddons } from "./desired.js";
import { checkAddons, pendingOnManagementCluster, stalledResourceSet, type WorkloadReader } from "./health.js";
import type { AddonHealth } from "./model.js";
import { ADDON_LABEL, CAAPH_API_VERSION, CRS_API_VERSION } from "./render.js";
import type { WorkloadPort } from "./workload.js";

/**
 * A cluster's addons judged now: its HelmChartProxies, HelmReleaseProxies
 * and ClusterResourceSets from the management cluster, its workload cluster
 * through the kubeconfig Secret. Used by the saga's wait-addons step and by
 * the scheduled check after Ready.
 */
export interface AddonHealthPorts {
  capi: Pick<CapiPort, "list">;
  workload: WorkloadPort;
}

export async function clusterAddonHealth(...a: Parameters<typeof clusterAddonCheck>): Promise<AddonHealth> {
  return (await clusterAddonCheck(...a)).health;
}

/**
 * The addons' health, and whether what they wait on shows on the management
 * cluster (a release not yet deployed, a chart proxy or resource set not yet
 * acted on): the status sync watches that; the workload cluster it does not.
 */
export async function clusterAddonCheck(
  ports: AddonHealthPorts,
  c: Cluster,
  managementClusterId: string,
  now: string,
  o: {
    /** called for each of the addons' ClusterResourceSets CAPI failed to apply and is backing off from */
    onStalledSet?: (set: KubeObject) => Promise<void>;
  } = {},
): Promise<{ health: AddonHealth; pendingOnManagementCluster: boolean }> {
  const namespace = clusterNamespace(c.id);
  const desired = desiredAddons(c);
  const reader = whenRead(() => ports.workload.reader(managementClusterId, namespace, c.name));
  const [releases, charts, sets] = await Promise.all([
    ports.capi.list(managementClusterId, CAAPH_API_VERSION, "HelmReleaseProxy", {
      namespace,
      labelSelector: selectorOf({ [LABELS.capiCluster]: c.name }),
    }),
    // the chart proxies CKP applied: a values change is not healthy until CAAPH has carried it to the release
    ports.capi.list(managementClusterId, CAAPH_API_VERSION, "HelmChartProxy", { namespace }),
    // what travels beside the charts (keys, backup locations, pull secrets): not healthy until CAPI has applied it
    ports.capi.list(managementClusterId, CRS_API_VERSION, "ClusterResourceSet", { namespace, labelSelector: ADDON_LABEL }),
  ]);
  if (o.onStalledSet)
    for (const set of sets as KubeObject[]) {
      const addon = desired.find((a) => a.enabled && a.name === set.metadata.labels?.[ADDON_LABEL]);
      if (addon && stalledResourceSet(set)) await o.onStalledSet(set);
    }
  const objects = { releases: releases as KubeObject[], charts: charts as KubeObject[], sets: sets as KubeObject[] };
  return {
    health: await checkAddons(desired, objects.releases, reader, c.addonHealth, now, objects.charts, objects.sets),
    pendingOnManagementCluster: pendingOnManagementCluster(desired, objects),
  };
}

/**
 * The workload cluster's reader, its kubeconfig Secret fetched at the first
 * read: an addon whose release is not deployed yet is judged without the
 * workload cluster, so a check that finds every release pending (the first
 * after install-addons) costs no read of the Secret. A Secret that cannot
 * be read fails each read with its reason, which the addon's finding
 * reports as the workload cluster not readable. The Nodes are counted once
 * per check, for every addon judged against them.
 */
function whenRead(open: () => Promise<WorkloadReader | Error>): WorkloadReader {
  let opened: Promise<WorkloadReader> | undefined;
  let nodes: Promise<number> | undefined;
  const reader = () => {
    opened ??= open().then((r) => {
      if (r instanceof Error) throw r;
      return r;
    });
    return opened;
  };
  return {
    get: async (ref) => (await reader()).get(ref),
    nodeCount: () => {
      nodes ??= reader().then((r) => r.nodeCount());
      return nodes;
    },
    list: async (apiVersion, kind, o) => (await reader()).list(apiVersion, kind, o),
  };
}
