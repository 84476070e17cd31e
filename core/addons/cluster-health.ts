import { selectorOf } from "../byoh/kube.js";
import type { Cluster } from "../clusters/model.js";
import type { CapiPort } from "../clusters/ports.js";
import { LABELS } from "../clusters/render.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { KubeObject } from "../kube/objects.js";
import { desiredAddons } from "./desired.js";
import { checkAddons } from "./health.js";
import type { AddonHealth } from "./model.js";
import { CAAPH_API_VERSION } from "./render.js";
import type { WorkloadPort } from "./workload.js";

/**
 * A cluster's addons judged now: its HelmChartProxies and HelmReleaseProxies
 * from the management cluster, its workload cluster through the kubeconfig
 * Secret. Used by the
 * saga's wait-addons step and by the scheduled check after Ready.
 */
export interface AddonHealthPorts {
  capi: Pick<CapiPort, "list">;
  workload: WorkloadPort;
}

export async function clusterAddonHealth(
  ports: AddonHealthPorts,
  c: Cluster,
  managementClusterId: string,
  now: string,
): Promise<AddonHealth> {
  const namespace = clusterNamespace(c.id);
  const [releases, charts, reader] = await Promise.all([
    ports.capi.list(managementClusterId, CAAPH_API_VERSION, "HelmReleaseProxy", {
      namespace,
      labelSelector: selectorOf({ [LABELS.capiCluster]: c.name }),
    }),
    // the chart proxies CKP applied: a values change is not healthy until CAAPH has carried it to the release
    ports.capi.list(managementClusterId, CAAPH_API_VERSION, "HelmChartProxy", { namespace }),
    ports.workload.reader(managementClusterId, namespace, c.name),
  ]);
  return checkAddons(desiredAddons(c), releases as KubeObject[], reader, c.addonHealth, now, charts as KubeObject[]);
}
