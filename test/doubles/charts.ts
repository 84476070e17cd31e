/**
 * What the addon charts would create in a workload cluster, for the Helm
 * add-on provider's test double (test/doubles/addon-controllers.ts): the
 * workloads, the StorageClass, the CSIDriver and the configuration each
 * chart renders from its values, as the charts name them. The charts
 * themselves cannot be pulled here; the control plane under test never sees
 * this file, only what the double writes into the workload apiservers.
 */
type Values = Record<string, any>;

export interface ChartObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}

export interface ChartRelease {
  chart: string;
  version: string;
  releaseName: string;
  namespace: string;
  values: Values;
}

/** The charts this double knows, and whether the release is a CNI (its nodes are NotReady until it runs). */
export const CNI_CHARTS = new Set(["cilium", "tigera-operator", "flannel"]);

const image = (v: Values | undefined, fallback: string) => (v?.repository ? `${v.repository}:${v.tag ?? "latest"}` : fallback);

function workload(
  kind: "DaemonSet" | "Deployment",
  name: string,
  namespace: string,
  img: string,
  o: { replicas?: number; env?: Record<string, string> } = {},
): ChartObject {
  const labels = { "app.kubernetes.io/name": name };
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace },
    spec: {
      ...(kind === "Deployment" ? { replicas: o.replicas ?? 1 } : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: img,
              ...(o.env ? { env: Object.entries(o.env).map(([k, v]) => ({ name: k, value: v })) } : {}),
            },
          ],
          ...(kind === "DaemonSet" ? { tolerations: [{ operator: "Exists" }] } : {}),
        },
      },
    },
  };
}

const namespace = (name: string): ChartObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const configMap = (name: string, ns: string, data: Record<string, string>): ChartObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: ns },
  data,
});

/** The objects a release renders, in install order; undefined for a chart this double does not know. */
export function renderChart(r: ChartRelease): ChartObject[] | undefined {
  const v = r.values;
  const ns = r.namespace;
  let objects: ChartObject[];
  switch (r.chart) {
    case "cilium":
      objects = [
        configMap("cilium-config", ns, {
          "cluster-pool-ipv4-cidr": String(v.ipam?.operator?.clusterPoolIPv4PodCIDRList?.[0] ?? ""),
          "kube-proxy-replacement": String(v.kubeProxyReplacement ?? false),
          "k8s-service-host": String(v.k8sServiceHost ?? ""),
          "k8s-service-port": String(v.k8sServicePort ?? ""),
          "enable-hubble": String(v.hubble?.enabled ?? false),
        }),
        workload("DaemonSet", "cilium", ns, image(v.image, `quay.io/cilium/cilium:v${r.version}`), {
          env: { KUBERNETES_SERVICE_HOST: String(v.k8sServiceHost ?? ""), KUBERNETES_SERVICE_PORT: String(v.k8sServicePort ?? "") },
        }),
        workload("Deployment", "cilium-operator", ns, image(v.operator?.image, `quay.io/cilium/operator:v${r.version}`), {
          replicas: v.operator?.replicas ?? 2,
        }),
      ];
      break;
    case "tigera-operator": {
      const reg = String(v.installation?.registry ?? "quay.io/");
      const pool = v.installation?.calicoNetwork?.ipPools?.[0] ?? {};
      objects = [
        workload("Deployment", "tigera-operator", ns, `${v.tigeraOperator?.registry ?? "quay.io"}/tigera/operator:${r.version}`),
        // what the operator creates from its Installation
        namespace("calico-system"),
        configMap("calico-installation", "calico-system", {
          cidr: String(pool.cidr ?? ""),
          encapsulation: String(pool.encapsulation ?? ""),
        }),
        workload("DaemonSet", "calico-node", "calico-system", `${reg}calico/node:${r.version}`),
        workload("Deployment", "calico-kube-controllers", "calico-system", `${reg}calico/kube-controllers:${r.version}`),
      ];
      break;
    }
    case "flannel":
      objects = [
        configMap("kube-flannel-cfg", ns, {
          "net-conf.json": JSON.stringify({ Network: v.podCidr, Backend: { Type: v.flannel?.backend ?? "vxlan" } }),
        }),
        workload("DaemonSet", "kube-flannel-ds", ns, image(v.flannel?.image, `docker.io/flannel/flannel:${r.version}`)),
      ];
      break;
    case "ceph-csi-rbd": {
      const sc = v.storageClass ?? {};
      const driver = String(v.driverName ?? "rbd.csi.ceph.com");
      const plugin = image(v.nodeplugin?.plugin?.image, `quay.io/cephcsi/cephcsi:v${r.version}`);
      objects = [
        configMap("ceph-csi-config", ns, { "config.json": JSON.stringify(v.csiConfig ?? []) }),
        workload("Deployment", "ceph-csi-rbd-provisioner", ns, plugin, { replicas: v.provisioner?.replicaCount ?? 3 }),
        workload("DaemonSet", "ceph-csi-rbd-nodeplugin", ns, plugin),
        {
          apiVersion: "storage.k8s.io/v1",
          kind: "CSIDriver",
          metadata: { name: driver },
          spec: { attachRequired: true, podInfoOnMount: false },
        },
      ];
      if (sc.create) {
        objects.push({
          apiVersion: "storage.k8s.io/v1",
          kind: "StorageClass",
          metadata: { name: String(sc.name), ...(sc.annotations ? { annotations: sc.annotations } : {}) },
          provisioner: driver,
          parameters: {
            clusterID: String(sc.clusterID),
            pool: String(sc.pool),
            imageFeatures: String(sc.imageFeatures ?? "layering"),
            "csi.storage.k8s.io/fstype": String(sc.fstype ?? "ext4"),
            "csi.storage.k8s.io/provisioner-secret-name": String(sc.provisionerSecret),
            "csi.storage.k8s.io/provisioner-secret-namespace": ns,
            "csi.storage.k8s.io/controller-expand-secret-name": String(sc.controllerExpandSecret),
            "csi.storage.k8s.io/controller-expand-secret-namespace": ns,
            "csi.storage.k8s.io/node-stage-secret-name": String(sc.nodeStageSecret),
            "csi.storage.k8s.io/node-stage-secret-namespace": ns,
          },
          reclaimPolicy: sc.reclaimPolicy ?? "Delete",
          allowVolumeExpansion: sc.allowVolumeExpansion ?? false,
        });
      }
      break;
    }
    case "velero":
      objects = [
        workload("Deployment", "velero", ns, image(v.image, `velero/velero:v${r.version}`)),
        ...(v.deployNodeAgent ? [workload("DaemonSet", "node-agent", ns, image(v.image, `velero/velero:v${r.version}`))] : []),
      ];
      break;
    case "karpenter-provider-cluster-api":
      objects = [
        workload("Deployment", "karpenter", ns, image(v.image, `karpenter/controller:v${r.version}`), {
          env: {
            CLUSTER_NAME: String(v.settings?.clusterName ?? ""),
            CLUSTER_API_KUBECONFIG_SECRET: String(v.clusterAPI?.kubeconfigSecret ?? ""),
            CLUSTER_API_NAMESPACE: String(v.clusterAPI?.namespace ?? ""),
            LOG_LEVEL: String(v.logLevel ?? "info"),
          },
        }),
      ];
      break;
    default:
      return undefined;
  }
  const helm = {
    labels: { "app.kubernetes.io/managed-by": "Helm" },
    annotations: { "meta.helm.sh/release-name": r.releaseName, "meta.helm.sh/release-namespace": ns },
  };
  return [
    namespace(ns),
    ...objects.map((o) => ({
      ...o,
      metadata: {
        ...o.metadata,
        labels: { ...(o.metadata.labels ?? {}), ...helm.labels },
        annotations: { ...(o.metadata.annotations ?? {}), ...helm.annotations },
      },
    })),
  ];
}
