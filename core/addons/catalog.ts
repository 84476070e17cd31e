import { z } from "zod";
import { type CniName, KUBERNETES_RELEASES, parseVersion } from "../clusters/versions.js";

/**
 * The addon catalog (product §5.3, §9.3, §16, §17): every addon the control
 * plane installs on a cluster, as data next to the compatibility matrix
 * (core/clusters/versions.ts) and served at GET /v1/addons.
 *
 * For each addon: its version per Kubernetes minor, the Helm chart (mirrored
 * into the cluster's image registry under `charts/`, so nothing is pulled
 * from the internet), the namespace it runs in, the values a user may set
 * (a strict schema: anything else is refused) and how its health is judged
 * from the workload cluster. The CNI versions are the compatibility matrix's
 * own columns, so the two cannot disagree.
 */
export const ADDON_NAMES = ["cilium", "calico", "flannel", "ceph-rbd-csi", "velero", "karpenter"] as const;
export type AddonName = (typeof ADDON_NAMES)[number];

export type AddonKind = "cni" | "storage" | "backup" | "autoscaling";

/**
 * - `required`: every cluster runs one (the CNI it asked for)
 * - `default`: on unless the cluster is created without it (the CKP storage plugin)
 * - `optional`: off unless enabled, at creation or later (Velero, Karpenter)
 */
export type AddonPolicy = "required" | "default" | "optional";

/** What a health check reads in the workload cluster, and what it needs to see. */
export type HealthCheck =
  | { kind: "DaemonSet"; namespace: string; name: string; rule: "ready on every node" }
  | { kind: "Deployment"; namespace: string; name: string; rule: "all replicas ready" }
  | {
      kind: "StorageClass";
      name: string;
      rule: "present with these fields";
      provisioner: string;
      isDefault: boolean;
      reclaimPolicy: "Delete" | "Retain";
      allowVolumeExpansion: boolean;
    }
  | { kind: "CSIDriver"; name: string; rule: "present" }
  | { kind: "CustomResourceDefinition"; name: string; rule: "established" };

export interface AddonVersion {
  /** the addon's (application) version, as users know it */
  version: string;
  /** the chart version in the registry's charts/ repository */
  chartVersion: string;
}

export interface AddonDef<V extends z.ZodType = z.ZodType> {
  name: AddonName;
  kind: AddonKind;
  policy: AddonPolicy;
  title: string;
  description: string;
  /** the per-addon condition on the cluster, e.g. CiliumHealthy */
  condition: string;
  /** the namespace of the workload cluster the release is installed in */
  namespace: string;
  chart: { name: string; releaseName: string };
  /** per Kubernetes minor ("1.31") */
  versions: Record<string, AddonVersion>;
  /** the values a user may set; defaults fill what they leave out */
  values: V;
  /** what must be true in the workload cluster for the addon to count as healthy, given its values */
  health(values: z.output<V>): HealthCheck[];
}

/** Where the charts are mirrored, relative to the image registry. */
export const CHART_REPOSITORY_PATH = "charts";

/** The minors of the compatibility matrix, in order ("1.29", "1.30", …). */
export const KUBERNETES_MINORS: string[] = [
  ...new Set(
    KUBERNETES_RELEASES.map((r) => {
      const v = parseVersion(r.version);
      return `${v?.major}.${v?.minor}`;
    }),
  ),
];

export function minorOf(kubernetesVersion: string): string | undefined {
  const v = parseVersion(kubernetesVersion);
  return v ? `${v.major}.${v.minor}` : undefined;
}

/** A CNI's versions per minor, read from the compatibility matrix (one release per minor). */
function matrixVersions(cni: CniName, chartVersion: (v: string) => string): Record<string, AddonVersion> {
  const out: Record<string, AddonVersion> = {};
  for (const r of KUBERNETES_RELEASES) {
    const minor = minorOf(r.version) as string;
    const version = r.cni[cni];
    const seen = out[minor];
    if (seen && seen.version !== version) throw new Error(`the matrix pairs Kubernetes ${minor} with two ${cni} versions`);
    out[minor] = { version, chartVersion: chartVersion(version) };
  }
  return out;
}

/** The same version for a range of minors (inclusive, by position in KUBERNETES_MINORS). */
function span(from: string, to: string, v: AddonVersion): Record<string, AddonVersion> {
  const a = KUBERNETES_MINORS.indexOf(from);
  const b = KUBERNETES_MINORS.indexOf(to);
  if (a < 0 || b < a) throw new Error(`no minors between ${from} and ${to}`);
  return Object.fromEntries(KUBERNETES_MINORS.slice(a, b + 1).map((m) => [m, v]));
}

const noV = (v: string) => v.replace(/^v/, "");

const ciliumValues = z
  .strictObject({
    hubble: z.strictObject({ enabled: z.boolean().default(false) }).default({ enabled: false }),
    operator: z.strictObject({ replicas: z.number().int().min(1).max(3).default(1) }).default({ replicas: 1 }),
    mtu: z.number().int().min(1280).max(9000).optional().describe("the pod network MTU; detected from the nodes when unset"),
  })
  .default({ hubble: { enabled: false }, operator: { replicas: 1 } });

const calicoValues = z
  .strictObject({
    encapsulation: z.enum(["VXLAN", "VXLANCrossSubnet", "IPIP", "IPIPCrossSubnet", "None"]).default("VXLAN"),
    mtu: z.number().int().min(1280).max(9000).optional(),
  })
  .default({ encapsulation: "VXLAN" });

const flannelValues = z.strictObject({ backend: z.enum(["vxlan", "host-gw", "wireguard"]).default("vxlan") }).default({ backend: "vxlan" });

const cephValues = z
  .strictObject({
    provisionerReplicas: z.number().int().min(1).max(3).default(2),
    fsType: z.enum(["ext4", "xfs"]).default("ext4"),
  })
  .default({ provisionerReplicas: 2, fsType: "ext4" });

const veleroValues = z
  .strictObject({
    deployNodeAgent: z.boolean().default(false).describe("run Velero's node agent (file-system backups of volumes) on every node"),
    snapshotsEnabled: z.boolean().default(false).describe("take CSI volume snapshots during backups"),
    defaultVolumesToFsBackup: z.boolean().default(false),
  })
  .default({ deployNodeAgent: false, snapshotsEnabled: false, defaultVolumesToFsBackup: false });

const karpenterValues = z
  .strictObject({
    minWorkers: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(1)
      .describe("the fewest workers Karpenter may scale the cluster's worker MachineDeployment down to"),
    maxWorkers: z.number().int().min(1).max(1000).default(10).describe("the most workers Karpenter may scale it up to"),
    logLevel: z.enum(["debug", "info", "error"]).default("info"),
  })
  // minWorkers ≤ maxWorkers is a rule between two fields, which JSON Schema cannot state: requireAutoscalingBounds answers it with a 422
  .default({ minWorkers: 1, maxWorkers: 10, logLevel: "info" });

/** The CKP storage plugin's StorageClass (product §16): the default class, Delete, expandable. */
export const CKP_STORAGE_CLASS = "ckp-block";
export const CEPH_RBD_PROVISIONER = "rbd.csi.ceph.com";

const cilium: AddonDef<typeof ciliumValues> = {
  name: "cilium",
  kind: "cni",
  policy: "required",
  title: "Cilium",
  description:
    "eBPF networking; the default CNI of CAPI-managed clusters (product §9.3). Runs without kube-proxy, reaching the API server at the Kamaji endpoint.",
  condition: "CiliumHealthy",
  namespace: "kube-system",
  chart: { name: "cilium", releaseName: "cilium" },
  versions: matrixVersions("cilium", noV),
  values: ciliumValues,
  health: () => [
    { kind: "DaemonSet", namespace: "kube-system", name: "cilium", rule: "ready on every node" },
    { kind: "Deployment", namespace: "kube-system", name: "cilium-operator", rule: "all replicas ready" },
  ],
};

const calico: AddonDef<typeof calicoValues> = {
  name: "calico",
  kind: "cni",
  policy: "required",
  title: "Calico",
  description: "Networking and network policy, installed through the Tigera operator (product §5.3).",
  condition: "CalicoHealthy",
  namespace: "tigera-operator",
  chart: { name: "tigera-operator", releaseName: "calico" },
  versions: matrixVersions("calico", (v) => v),
  values: calicoValues,
  health: () => [
    { kind: "Deployment", namespace: "tigera-operator", name: "tigera-operator", rule: "all replicas ready" },
    { kind: "DaemonSet", namespace: "calico-system", name: "calico-node", rule: "ready on every node" },
    { kind: "Deployment", namespace: "calico-system", name: "calico-kube-controllers", rule: "all replicas ready" },
  ],
};

const flannel: AddonDef<typeof flannelValues> = {
  name: "flannel",
  kind: "cni",
  policy: "required",
  title: "Flannel",
  description: "A simple layer 3 network fabric (product §5.3).",
  condition: "FlannelHealthy",
  namespace: "kube-flannel",
  chart: { name: "flannel", releaseName: "flannel" },
  versions: matrixVersions("flannel", (v) => v),
  values: flannelValues,
  health: () => [{ kind: "DaemonSet", namespace: "kube-flannel", name: "kube-flannel-ds", rule: "ready on every node" }],
};

const cephRbdCsi: AddonDef<typeof cephValues> = {
  name: "ceph-rbd-csi",
  kind: "storage",
  policy: "default",
  title: "CKP storage plugin (Ceph RBD CSI)",
  description: `Persistent block storage on Ceph (product §16): the Ceph RBD CSI driver in its own namespace and the default StorageClass ${CKP_STORAGE_CLASS} (reclaimPolicy Delete, volume expansion on). The Ceph connection comes from the domain's storage profile.`,
  condition: "CephRbdCsiHealthy",
  namespace: "ckp-storage",
  chart: { name: "ceph-csi-rbd", releaseName: "ceph-csi-rbd" },
  // pinned by the platform; Ceph CSI states which Kubernetes minors each release is tested on
  versions: {
    ...span("1.29", "1.31", { version: "v3.12.3", chartVersion: "3.12.3" }),
    ...span("1.32", "1.35", { version: "v3.14.1", chartVersion: "3.14.1" }),
  },
  values: cephValues,
  health: () => [
    { kind: "Deployment", namespace: "ckp-storage", name: "ceph-csi-rbd-provisioner", rule: "all replicas ready" },
    { kind: "DaemonSet", namespace: "ckp-storage", name: "ceph-csi-rbd-nodeplugin", rule: "ready on every node" },
    { kind: "CSIDriver", name: CEPH_RBD_PROVISIONER, rule: "present" },
    {
      kind: "StorageClass",
      name: CKP_STORAGE_CLASS,
      rule: "present with these fields",
      provisioner: CEPH_RBD_PROVISIONER,
      isDefault: true,
      reclaimPolicy: "Delete",
      allowVolumeExpansion: true,
    },
  ],
};

const velero: AddonDef<typeof veleroValues> = {
  name: "velero",
  kind: "backup",
  policy: "optional",
  title: "Velero",
  description:
    "Backup and restore of cluster resources and volumes (product §17). The project's backup locations are rendered into it as BackupStorageLocations.",
  condition: "VeleroHealthy",
  namespace: "velero",
  chart: { name: "velero", releaseName: "velero" },
  // the chart line for Velero 1.18; the image tag is pinned in the values, so the version is exactly this one
  versions: span("1.29", "1.35", { version: "v1.18.1", chartVersion: "12.0.0" }),
  values: veleroValues,
  health: (v) => [
    { kind: "CustomResourceDefinition", name: "backups.velero.io", rule: "established" },
    { kind: "CustomResourceDefinition", name: "backupstoragelocations.velero.io", rule: "established" },
    { kind: "Deployment", namespace: "velero", name: "velero", rule: "all replicas ready" },
    ...(v.deployNodeAgent ? [{ kind: "DaemonSet", namespace: "velero", name: "node-agent", rule: "ready on every node" } as const] : []),
  ],
};

/** Karpenter's namespace in the workload cluster, and the Secret there holding its kubeconfig of the management cluster. */
export const KARPENTER_NAMESPACE = "karpenter";
export const KARPENTER_MANAGEMENT_KUBECONFIG = "karpenter-management-kubeconfig";

const karpenter: AddonDef<typeof karpenterValues> = {
  name: "karpenter",
  kind: "autoscaling",
  policy: "optional",
  title: "Karpenter (Cluster API provider)",
  description:
    "Node autoscaling (product §15), only for clusters whose workers come from a CCS VM provider cluster: Karpenter with its Cluster API provider scales the cluster's worker MachineDeployment between minWorkers and maxWorkers for the node pools defined on the cluster; the control plane provisions the VMs it asks for.",
  condition: "KarpenterHealthy",
  namespace: KARPENTER_NAMESPACE,
  chart: { name: "karpenter-provider-cluster-api", releaseName: "karpenter" },
  versions: span("1.29", "1.35", { version: "v0.2.0", chartVersion: "0.2.0" }),
  values: karpenterValues,
  health: () => [
    { kind: "CustomResourceDefinition", name: "nodepools.karpenter.sh", rule: "established" },
    { kind: "CustomResourceDefinition", name: "nodeclaims.karpenter.sh", rule: "established" },
    { kind: "CustomResourceDefinition", name: "clusterapinodeclasses.karpenter.cluster.x-k8s.io", rule: "established" },
    { kind: "Deployment", namespace: KARPENTER_NAMESPACE, name: "karpenter", rule: "all replicas ready" },
  ],
};

export const ADDONS: { readonly [N in AddonName]: AddonDef } = {
  cilium: cilium as unknown as AddonDef,
  calico: calico as unknown as AddonDef,
  flannel: flannel as unknown as AddonDef,
  "ceph-rbd-csi": cephRbdCsi as unknown as AddonDef,
  velero: velero as unknown as AddonDef,
  karpenter: karpenter as unknown as AddonDef,
};

/** The values schemas, by addon, typed (for API request bodies). */
export const ADDON_VALUES = {
  cilium: ciliumValues,
  calico: calicoValues,
  flannel: flannelValues,
  "ceph-rbd-csi": cephValues,
  velero: veleroValues,
  karpenter: karpenterValues,
} as const;
export type AddonValues<N extends AddonName> = z.output<(typeof ADDON_VALUES)[N]>;

export const STORAGE_ADDON = "ceph-rbd-csi" satisfies AddonName;
export const BACKUP_ADDON = "velero" satisfies AddonName;
export const AUTOSCALING_ADDON = "karpenter" satisfies AddonName;

export function isAddonName(s: string): s is AddonName {
  return (ADDON_NAMES as readonly string[]).includes(s);
}

/** The addon's version for a Kubernetes version; undefined when the catalog has none for its minor. */
export function addonVersion(name: AddonName, kubernetesVersion: string): AddonVersion | undefined {
  const minor = minorOf(kubernetesVersion);
  return minor ? ADDONS[name].versions[minor] : undefined;
}

/** The addon's values with defaults filled; throws the zod error when they do not fit its schema. */
export function addonValues(name: AddonName, values: unknown): Record<string, unknown> {
  return ADDONS[name].values.parse(values ?? {}) as Record<string, unknown>;
}

/** The catalog as GET /v1/addons answers it: versions per minor, chart, namespace, values schema, health checks. */
export function catalogView() {
  return ADDON_NAMES.map((n) => {
    const a = ADDONS[n];
    return {
      name: a.name,
      kind: a.kind,
      policy: a.policy,
      title: a.title,
      description: a.description,
      condition: a.condition,
      namespace: a.namespace,
      chart: { repository: `oci://<image registry>/${CHART_REPOSITORY_PATH}`, name: a.chart.name, releaseName: a.chart.releaseName },
      versions: KUBERNETES_MINORS.filter((m) => a.versions[m]).map((m) => ({ kubernetes: m, ...(a.versions[m] as AddonVersion) })),
      valuesSchema: z.toJSONSchema(a.values, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
      health: a.health(addonValues(n, {}) as never),
    };
  });
}
