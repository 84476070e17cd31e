import yaml from "js-yaml";
import { LABELS } from "../clusters/render.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { KubeObject } from "../kube/objects.js";
import {
  type AddonValues,
  CEPH_RBD_PROVISIONER,
  CHART_REPOSITORY_PATH,
  CKP_STORAGE_CLASS,
  KARPENTER_MANAGEMENT_KUBECONFIG,
} from "./catalog.js";
import type { DesiredAddon } from "./desired.js";
import type { CephConnection } from "./storage-model.js";

/**
 * An addon as objects on the management cluster, the Cluster API way: a
 * HelmChartProxy of the Cluster API Add-on Provider for Helm (CAAPH)
 * selecting the cluster's Cluster by the `ckp.io/cluster-id` label the
 * control plane puts on it; CAAPH makes a HelmReleaseProxy for it and keeps
 * the release installed and upgraded in the workload cluster. The storage
 * plugin's Ceph key is not a chart value (it would sit in plain text in the
 * HelmChartProxy): it travels as a Secret through a ClusterResourceSet,
 * which applies it to the workload cluster, and the chart uses that Secret.
 *
 * Values derived from the cluster are CAAPH templates evaluated against the
 * Cluster object, so they follow it: the pod CIDR, and for Cilium (which
 * replaces kube-proxy) the API server's host and port that Kamaji publishes
 * as the Cluster's controlPlaneEndpoint. Images and charts come from the
 * cluster's image registry.
 */
export const CAAPH_API_VERSION = "addons.cluster.x-k8s.io/v1alpha1";
export const CRS_API_VERSION = "addons.cluster.x-k8s.io/v1beta1";
export const ADDON_LABEL = "ckp.io/addon";
/** The label CAAPH puts on a HelmReleaseProxy naming its HelmChartProxy. */
export const HCP_NAME_LABEL = "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name";
export const RESOURCE_SET_SECRET_TYPE = "addons.cluster.x-k8s.io/resource-set";
/** The Secret (in the storage namespace of the workload cluster) Ceph CSI authenticates with. */
export const CEPH_SECRET = "csi-rbd-secret";

export interface AddonClusterRef {
  id: string;
  name: string;
  domain: string;
  project: string;
}

/** The part of a cluster its addons' objects are named and labelled after. */
export const addonClusterRef = (c: AddonClusterRef): AddonClusterRef => ({ id: c.id, name: c.name, domain: c.domain, project: c.project });

/** The Secret the addons' pods pull with, in each addon's namespace of the workload cluster. */
export const REGISTRY_PULL_SECRET = "ckp-registry-pull";

export interface AddonRenderOptions {
  imageRegistry: string;
  /**
   * A registry with credentials or a CA (core/clusters/registry.ts): CAAPH pulls the chart with the
   * management cluster's Secrets of these names, and the charts' pods with REGISTRY_PULL_SECRET
   */
  registry?: { authSecret?: string; caSecret?: string };
  /** the storage plugin's Ceph connection (required for it) */
  ceph?: CephConnection;
}

const POD_CIDR = "index .Cluster.spec.clusterNetwork.pods.cidrBlocks 0";
const API_HOST = ".Cluster.spec.controlPlaneEndpoint.host";
const API_PORT = ".Cluster.spec.controlPlaneEndpoint.port";

/** A Go template action as a YAML value: quoted (a string) or bare (a number). */
const TEMPLATE = /(["']?)@@tpl(:q)?:([^@]+)@@\1/g;
const tpl = (expr: string, quoted = false) => `@@tpl${quoted ? ":q" : ""}:${expr}@@`;

function valuesTemplate(values: Record<string, unknown>): string {
  const text = yaml.dump(values, { lineWidth: -1, noRefs: true, sortKeys: true });
  return text.replace(TEMPLATE, (_m, _q, quoted: string | undefined, expr: string) => (quoted ? `'{{ ${expr} }}'` : `{{ ${expr} }}`));
}

const image = (registry: string, path: string, tag: string) => ({ repository: `${registry}/${path}`, tag, useDigest: false });

/** The chart values of an addon: what the catalog fixes, what the cluster derives and what the user chose. */
export function addonChartValues(a: DesiredAddon, o: AddonRenderOptions): Record<string, unknown> {
  const values = chartValues(a, o);
  if (!o.registry?.authSecret) return values;
  const pull = [{ name: REGISTRY_PULL_SECRET }];
  // each chart's own key for its pods' pull secrets; Flannel's and Ceph CSI's charts have none (containerd's
  // hosts.toml on every node carries the credentials, core/clusters/render.ts)
  switch (a.name) {
    case "cilium":
    case "karpenter":
      return { ...values, imagePullSecrets: pull };
    case "calico":
      return { ...values, installation: { ...(values.installation as object), imagePullSecrets: pull } };
    case "velero":
      return { ...values, image: { ...(values.image as object), imagePullSecrets: [REGISTRY_PULL_SECRET] } };
    default:
      return values;
  }
}

function chartValues(a: DesiredAddon, o: AddonRenderOptions): Record<string, unknown> {
  const reg = o.imageRegistry;
  const version = a.version?.version ?? "";
  switch (a.name) {
    case "cilium": {
      const v = a.values as AddonValues<"cilium">;
      return {
        image: image(reg, "cilium/cilium", version),
        operator: { image: image(reg, "cilium/operator", version), replicas: v.operator.replicas },
        kubeProxyReplacement: true,
        k8sServiceHost: tpl(API_HOST),
        k8sServicePort: tpl(API_PORT),
        ipam: { mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: [tpl(POD_CIDR, true)] } },
        hubble: { enabled: v.hubble.enabled, relay: { enabled: v.hubble.enabled } },
        ...(v.mtu !== undefined ? { MTU: v.mtu } : {}),
      };
    }
    case "calico": {
      const v = a.values as AddonValues<"calico">;
      return {
        installation: {
          registry: `${reg}/`,
          calicoNetwork: {
            ipPools: [{ cidr: tpl(POD_CIDR, true), encapsulation: v.encapsulation, natOutgoing: "Enabled", nodeSelector: "all()" }],
            ...(v.mtu !== undefined ? { mtu: v.mtu } : {}),
          },
        },
        tigeraOperator: { registry: reg },
      };
    }
    case "flannel": {
      const v = a.values as AddonValues<"flannel">;
      return {
        podCidr: tpl(POD_CIDR, true),
        flannel: { image: { repository: `${reg}/flannel/flannel`, tag: version }, backend: v.backend },
      };
    }
    case "ceph-rbd-csi": {
      const v = a.values as AddonValues<"ceph-rbd-csi">;
      const ceph = o.ceph;
      if (!ceph) throw new Error("the storage plugin is rendered without its Ceph connection");
      const cephImage = { repository: `${reg}/cephcsi/cephcsi`, tag: version };
      return {
        csiConfig: [{ clusterID: ceph.cephClusterId, monitors: ceph.monitors }],
        // created by the ClusterResourceSet, so the key is never a chart value
        secret: { create: false, name: CEPH_SECRET },
        nodeplugin: { plugin: { image: cephImage } },
        provisioner: { replicaCount: v.provisionerReplicas },
        storageClass: {
          create: true,
          name: CKP_STORAGE_CLASS,
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
          clusterID: ceph.cephClusterId,
          pool: ceph.pool,
          fstype: v.fsType,
          imageFeatures: "layering",
          reclaimPolicy: "Delete",
          allowVolumeExpansion: true,
          provisionerSecret: CEPH_SECRET,
          controllerExpandSecret: CEPH_SECRET,
          nodeStageSecret: CEPH_SECRET,
        },
        driverName: CEPH_RBD_PROVISIONER,
      };
    }
    case "velero": {
      const v = a.values as AddonValues<"velero">;
      return {
        image: { repository: `${reg}/velero/velero`, tag: version },
        kubectl: { image: { repository: `${reg}/kubectl` } },
        // backup locations are managed separately; Velero runs without one until then
        configuration: { backupStorageLocation: [], volumeSnapshotLocation: [], defaultVolumesToFsBackup: v.defaultVolumesToFsBackup },
        credentials: { useSecret: false },
        snapshotsEnabled: v.snapshotsEnabled,
        deployNodeAgent: v.deployNodeAgent,
      };
    }
    case "karpenter": {
      const v = a.values as AddonValues<"karpenter">;
      return {
        image: { repository: `${reg}/karpenter/karpenter-clusterapi-controller`, tag: version },
        logLevel: v.logLevel,
        settings: { clusterName: tpl(".Cluster.metadata.name", true) },
        // the MachineDeployments it scales: the cluster's namespace on the management cluster, reached with this kubeconfig
        clusterAPI: {
          kubeconfigSecret: KARPENTER_MANAGEMENT_KUBECONFIG,
          namespace: tpl(".Cluster.metadata.namespace", true),
        },
      };
    }
  }
}

function meta(c: AddonClusterRef, name: string, addon: string) {
  return {
    name,
    namespace: clusterNamespace(c.id),
    labels: {
      [LABELS.clusterId]: c.id,
      [LABELS.domain]: c.domain,
      [LABELS.project]: c.project,
      [LABELS.capiCluster]: c.name,
      [ADDON_LABEL]: addon,
    },
  };
}

/** The names of an addon's objects on the management cluster (to read or delete them). */
export function addonObjectNames(c: AddonClusterRef, addon: string) {
  const namespace = clusterNamespace(c.id);
  return {
    helmChartProxy: { apiVersion: CAAPH_API_VERSION, kind: "HelmChartProxy", name: addon, namespace },
    clusterResourceSet: { apiVersion: CRS_API_VERSION, kind: "ClusterResourceSet", name: addon, namespace },
    resourceSecret: { apiVersion: "v1", kind: "Secret", name: `${addon}-resources`, namespace },
    pullSet: { apiVersion: CRS_API_VERSION, kind: "ClusterResourceSet", name: `${addon}-registry-pull`, namespace },
    pullSetSecret: { apiVersion: "v1", kind: "Secret", name: `${addon}-registry-pull`, namespace },
  };
}

/**
 * Objects for the workload cluster, carried as YAML in a Secret on the
 * management cluster that a ClusterResourceSet applies (strategy Reconcile:
 * a change of the Secret reaches the workload cluster again). Used for what
 * must not be a chart value: keys.
 */
export function renderResourceSet(
  c: AddonClusterRef,
  addon: string,
  files: Record<string, string>,
  named: { set: string; secret: string } = {
    set: addonObjectNames(c, addon).clusterResourceSet.name,
    secret: addonObjectNames(c, addon).resourceSecret.name,
  },
): KubeObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      type: RESOURCE_SET_SECRET_TYPE,
      metadata: meta(c, named.secret, addon),
      data: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
    },
    {
      apiVersion: CRS_API_VERSION,
      kind: "ClusterResourceSet",
      metadata: meta(c, named.set, addon),
      spec: {
        clusterSelector: { matchLabels: { [LABELS.clusterId]: c.id } },
        strategy: "Reconcile",
        resources: [{ kind: "Secret", name: named.secret }],
      },
    },
  ];
}

/** Set on a ClusterResourceSet to make CAPI's controller try it again now (its value: when it was asked). */
export const RETRY_ANNOTATION = "ckp.io/apply-retry-requested-at";

/**
 * A ClusterResourceSet CKP applied, as read back, with RETRY_ANNOTATION:
 * applied, the change makes CAPI reconcile it at once instead of after its
 * backoff. The same labels and spec: nothing else about it changes.
 */
export function resourceSetRetry(set: KubeObject, at: string): KubeObject {
  const { clusterSelector, strategy, resources } = (set.spec ?? {}) as Record<string, unknown>;
  return {
    apiVersion: CRS_API_VERSION,
    kind: "ClusterResourceSet",
    metadata: {
      name: set.metadata.name,
      ...(set.metadata.namespace ? { namespace: set.metadata.namespace } : {}),
      ...(set.metadata.labels ? { labels: set.metadata.labels } : {}),
      annotations: { [RETRY_ANNOTATION]: at },
    },
    spec: { clusterSelector, strategy, resources },
  };
}

/**
 * The registry's pull secret in the addon's namespace of the workload cluster,
 * through a ClusterResourceSet of its own (the credentials are never a chart value).
 */
export function renderRegistryPullSet(c: AddonClusterRef, a: DesiredAddon, dockerConfigJson: string): KubeObject[] {
  const names = addonObjectNames(c, a.name);
  const objects = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: a.def.namespace } },
    {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/dockerconfigjson",
      metadata: { name: REGISTRY_PULL_SECRET, namespace: a.def.namespace },
      data: { ".dockerconfigjson": Buffer.from(dockerConfigJson).toString("base64") },
    },
  ];
  return renderResourceSet(
    c,
    a.name,
    { "registry-pull.yaml": objects.map((w) => yaml.dump(w, { lineWidth: -1 })).join("---\n") },
    { set: names.pullSet.name, secret: names.pullSetSecret.name },
  );
}

/** The objects of an enabled addon, in apply order: what the chart needs first, its HelmChartProxy last. */
export function renderAddon(c: AddonClusterRef, a: DesiredAddon, o: AddonRenderOptions): KubeObject[] {
  if (!a.version) throw new Error(`the addon catalog has no ${a.name} version for the cluster's Kubernetes version`);
  const names = addonObjectNames(c, a.name);
  const selector = { matchLabels: { [LABELS.clusterId]: c.id } };
  const out: KubeObject[] = [];
  if (a.name === "ceph-rbd-csi") {
    const ceph = o.ceph;
    if (!ceph) throw new Error("the storage plugin is rendered without its Ceph connection");
    const workloadObjects = [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: a.def.namespace } },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: CEPH_SECRET, namespace: a.def.namespace },
        stringData: { userID: ceph.userId, userKey: ceph.userKey },
      },
    ];
    out.push(
      ...renderResourceSet(c, a.name, { "ceph-secret.yaml": workloadObjects.map((w) => yaml.dump(w, { lineWidth: -1 })).join("---\n") }),
    );
  }
  out.push({
    apiVersion: CAAPH_API_VERSION,
    kind: "HelmChartProxy",
    metadata: meta(c, names.helmChartProxy.name, a.name),
    spec: {
      clusterSelector: selector,
      repoURL: `oci://${o.imageRegistry}/${CHART_REPOSITORY_PATH}`,
      chartName: a.def.chart.name,
      version: a.version.chartVersion,
      releaseName: a.def.chart.releaseName,
      namespace: a.def.namespace,
      ...(o.registry?.authSecret
        ? { credentials: { secret: { name: o.registry.authSecret, namespace: clusterNamespace(c.id) }, key: ".dockerconfigjson" } }
        : {}),
      ...(o.registry?.caSecret ? { tlsConfig: { caSecret: { name: o.registry.caSecret, namespace: clusterNamespace(c.id) } } } : {}),
      valuesTemplate: valuesTemplate(addonChartValues(a, o)),
      // Helm does not wait for readiness: the control plane judges health itself, from the workload cluster
      options: { wait: false, timeout: "10m", install: { createNamespace: true }, upgrade: { maxHistory: 10 } },
    },
  });
  return out;
}
