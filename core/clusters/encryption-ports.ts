import { workloadClient } from "../addons/workload.js";
import type { Deps } from "../deps.js";
import { kubeFor } from "../management/access.js";
import { controlPlanePatch, KAMAJI_POD_LABEL } from "./encryption.js";
import type { EncryptionPorts } from "./encryption-rotation.js";
import { API_VERSIONS } from "./render.js";

/** The management cluster and the workload clusters, as the key rotation reaches them (core/clusters/encryption-rotation.ts). */
export function encryptionPorts(deps: Deps): EncryptionPorts {
  const controlPlanePath = (ns: string, name: string) =>
    `/apis/${API_VERSIONS.controlPlane}/namespaces/${encodeURIComponent(ns)}/kamajicontrolplanes/${encodeURIComponent(name)}`;
  return {
    async apply(mc, objects) {
      await (await kubeFor(deps, mc)).applyAll(objects);
    },
    async apiServers(mc, ns, name) {
      const k = await kubeFor(deps, mc);
      const kcp = await k.get({ apiVersion: API_VERSIONS.controlPlane, kind: "KamajiControlPlane", name, namespace: ns });
      const pods = await k.list("v1", "Pod", { namespace: ns, labelSelector: `${KAMAJI_POD_LABEL}=${name}`, limit: 100 });
      return { desired: Number((kcp?.spec as { replicas?: number } | undefined)?.replicas ?? 1), pods: pods.items };
    },
    async setRevision(mc, ns, name, revision) {
      const k = await kubeFor(deps, mc);
      const kcp = await k.get({ apiVersion: API_VERSIONS.controlPlane, kind: "KamajiControlPlane", name, namespace: ns });
      if (!kcp) throw new Error(`KamajiControlPlane ${ns}/${name} does not exist`);
      await k.sendJson("PATCH", controlPlanePath(ns, name), controlPlanePatch(kcp, revision));
    },
    workload: (mc, ns, clusterName) => workloadClient(deps, mc, ns, clusterName),
  };
}
