import type { KubeObject } from "../kube/objects.js";
import { badRequest } from "../shared/errors.js";
import { controlPlaneEncryption } from "./encryption.js";
import { PRIMARY_POOL, poolObjectName } from "./pools.js";
import { CONTAINERD_CERTS_DIR, registryHost, registrySecretNames } from "./registry.js";
import { type ClusterSpec, type ClusterSpecInput, clusterNamespace, clusterSpec } from "./spec.js";
import { findRelease } from "./versions.js";

/**
 * Renders the Cluster API objects of a CKP cluster (product §9): a Kamaji hosted
 * control plane, BYOH infrastructure, and per worker pool a MachineDeployment
 * with its kubeadm bootstrap template and a MachineHealthCheck. Pure: the same spec
 * gives the same objects, so applying them again is a no-op.
 */
export const API_VERSIONS = {
  cluster: "cluster.x-k8s.io/v1beta1",
  controlPlane: "controlplane.cluster.x-k8s.io/v1alpha1",
  infrastructure: "infrastructure.cluster.x-k8s.io/v1beta1",
  bootstrap: "bootstrap.cluster.x-k8s.io/v1beta1",
} as const;

/**
 * What Karpenter's Cluster API provider (like the cluster autoscaler's) reads
 * on a scalable resource: its bounds, and for scale from zero what one
 * machine of it brings (the provider cluster's flavor).
 */
export const AUTOSCALER_ANNOTATIONS = {
  minSize: "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size",
  maxSize: "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size",
  cpu: "capacity.cluster-autoscaler.kubernetes.io/cpu",
  memory: "capacity.cluster-autoscaler.kubernetes.io/memory",
} as const;

function autoscalingAnnotations(a: { min: number; max: number; capacity?: { cpu: number; memoryMb: number } | undefined }) {
  return {
    [AUTOSCALER_ANNOTATIONS.minSize]: String(a.min),
    [AUTOSCALER_ANNOTATIONS.maxSize]: String(a.max),
    ...(a.capacity
      ? { [AUTOSCALER_ANNOTATIONS.cpu]: String(a.capacity.cpu), [AUTOSCALER_ANNOTATIONS.memory]: `${a.capacity.memoryMb}Mi` }
      : {}),
  };
}

/** Name of the worker pool's objects (MachineDeployment and its templates) inside the cluster's namespace. */
export const WORKER_POOL = PRIMARY_POOL;

export const LABELS = {
  clusterId: "ckp.io/cluster-id",
  domain: "ckp.io/domain",
  project: "ckp.io/project",
  cni: "ckp.io/cni",
  hostGroup: "ckp.io/host-group",
  capiCluster: "cluster.x-k8s.io/cluster-name",
  capiDeployment: "cluster.x-k8s.io/deployment-name",
  /** on the Nodes of a further worker pool (kubelet --node-labels): its name */
  workerPool: "ckp.io/worker-pool",
} as const;

/** Machine labels with this prefix Cluster API copies to the Node (its label sync, v1.5 and later). */
export const NODE_ROLE_PREFIX = "node-role.kubernetes.io/";

/**
 * A duration as Kubernetes' Go types write it back ("5m" is stored as
 * "5m0s", "90s" as "1m30s"). Rendered that way, applying the same objects
 * again is a no-op: CAPI's defaulting webhook rewrites any other form, so
 * the apiserver would see a change on every apply.
 */
export function canonicalDuration(d: string): string {
  const m = /^(\d+)(s|m|h)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  const total = Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as "s" | "m" | "h"];
  const [h, min, sec] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  if (h) return `${h}h${min}m${sec}s`;
  if (min) return `${min}m${sec}s`;
  return `${sec}s`;
}

/** Checks a spec and fills its defaults; 400 with field errors if it is not valid. */
export function parseClusterSpec(input: ClusterSpecInput): ClusterSpec {
  const r = clusterSpec.safeParse(input);
  if (!r.success) {
    throw badRequest(
      "the cluster spec is invalid",
      r.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
    );
  }
  return r.data;
}

/** The objects, in the order they should be applied (referenced objects before their referrers). */
export function renderClusterObjects(input: ClusterSpecInput): KubeObject[] {
  const s = parseClusterSpec(input);
  const namespace = clusterNamespace(s.clusterId);
  const reg = s.imageRegistry;
  const ckpLabels = { [LABELS.clusterId]: s.clusterId, [LABELS.domain]: s.domain, [LABELS.project]: s.project };
  const labels = { ...s.labels, ...ckpLabels, [LABELS.capiCluster]: s.name };
  const meta = (name: string, extra: Record<string, string> = {}) => ({
    name,
    namespace,
    labels: { ...labels, ...extra },
    ...(Object.keys(s.annotations).length ? { annotations: s.annotations } : {}),
  });
  const ref = (apiVersion: string, kind: string, name: string) => ({ apiVersion, kind, name, namespace });
  const flags = (args: Record<string, string> | undefined) => Object.entries(args ?? {}).map(([k, v]) => `--${k}=${v}`);
  const endpoint = s.controlPlane.endpoint;
  const enc = s.encryption ? controlPlaneEncryption(s.name, s.encryption.revision) : undefined;
  // the matrix's component tags for the version (seed §3.2); an unknown version keeps kubeadm's own
  const release = findRelease(s.kubernetesVersion);
  const regNames = registrySecretNames(s.name);
  const pullSecrets = s.registry.auth;

  const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: ckpLabels } };

  const byoCluster: KubeObject = {
    apiVersion: API_VERSIONS.infrastructure,
    kind: "ByoCluster",
    metadata: meta(s.name),
    spec: {
      bundleLookupBaseRegistry: s.byohBundle.repository,
      ...(endpoint ? { controlPlaneEndpoint: { host: endpoint.host, port: endpoint.port } } : {}),
    },
  };

  const controlPlane: KubeObject = {
    apiVersion: API_VERSIONS.controlPlane,
    kind: "KamajiControlPlane",
    metadata: meta(s.name),
    spec: {
      version: s.kubernetesVersion,
      replicas: s.controlPlane.replicas,
      // Kamaji runs kubeadm for the hosted control plane: its registry is kubeadm's image repository.
      registry: reg,
      network: {
        serviceType: s.controlPlane.serviceType,
        ...(endpoint ? { serviceAddress: endpoint.host, certSANs: [endpoint.host] } : {}),
      },
      addons: {
        coreDNS: { imageRepository: reg, ...(release ? { imageTag: release.coredns } : {}) },
        // Cilium replaces kube-proxy (core/addons/render.ts): a Cilium cluster's control plane runs none
        ...(s.cni === "cilium" ? {} : { kubeProxy: { imageRepository: reg } }),
        konnectivity: {
          agent: { image: `${reg}/kas-network-proxy/proxy-agent` },
          // Kamaji's default port, which its schema requires once the server is given
          server: { image: `${reg}/kas-network-proxy/proxy-server`, port: 8132 },
        },
      },
      apiServer: {
        extraArgs: [...flags(s.extraArgs.apiServer), ...(enc?.extraArgs ?? [])],
        ...(enc ? { extraVolumeMounts: enc.extraVolumeMounts } : {}),
      },
      // the encryption configuration's Secret (core/clusters/encryption.ts), applied before this object
      ...(enc || pullSecrets
        ? {
            deployment: {
              // with credentials, the control plane's pods pull through the ServiceAccount's pull secret
              ...(pullSecrets ? { serviceAccountName: regNames.serviceAccount } : {}),
              ...(enc ? { extraVolumes: enc.extraVolumes, podAdditionalMetadata: { annotations: enc.podAnnotations } } : {}),
            },
          }
        : {}),
      controllerManager: { extraArgs: flags(s.extraArgs.controllerManager) },
      scheduler: { extraArgs: flags(s.extraArgs.scheduler) },
      kubelet: { cgroupfs: "systemd" },
    },
  };

  const cluster: KubeObject = {
    apiVersion: API_VERSIONS.cluster,
    kind: "Cluster",
    metadata: meta(s.name, { [LABELS.cni]: s.cni }),
    spec: {
      clusterNetwork: {
        pods: { cidrBlocks: s.network.podCidrs },
        services: { cidrBlocks: s.network.serviceCidrs },
        serviceDomain: s.network.serviceDomain,
      },
      ...(endpoint ? { controlPlaneEndpoint: { host: endpoint.host, port: endpoint.port } } : {}),
      controlPlaneRef: ref(API_VERSIONS.controlPlane, "KamajiControlPlane", s.name),
      infrastructureRef: ref(API_VERSIONS.infrastructure, "ByoCluster", s.name),
    },
  };

  const primary = poolObjects({
    objectName: WORKER_POOL,
    count: s.workers.count,
    hostGroup: s.workers.hostGroup,
    hostSelector: s.workers.hostSelector,
    autoscaling: s.workers.autoscaling,
    roles: s.workers.roles,
    taints: s.workers.taints,
  });
  const extra = s.workerPools.map((p) =>
    poolObjects({
      objectName: poolObjectName(p.name),
      count: p.count,
      hostGroup: p.hostGroup,
      roles: p.roles,
      taints: p.taints,
      // a label the kubelet may set itself (NodeRestriction refuses only kubernetes.io and k8s.io keys): workloads select the pool by it
      nodeLabels: { [LABELS.workerPool]: p.name },
    }),
  );
  const serviceAccount: KubeObject[] = pullSecrets
    ? [
        {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: meta(regNames.serviceAccount),
          imagePullSecrets: [{ name: regNames.auth }],
        },
      ]
    : [];

  return [
    ns,
    ...serviceAccount,
    ...primary.templates,
    ...extra.flatMap((p) => p.templates),
    byoCluster,
    controlPlane,
    cluster,
    ...primary.deployment,
    ...extra.flatMap((p) => p.deployment),
  ];

  /**
   * A worker pool's objects: its templates (applied before the Cluster) and its MachineDeployment with its
   * MachineHealthCheck. Role labels go on the Machines, not on the kubelet's --node-labels: NodeRestriction
   * forbids a kubelet to set node-role.kubernetes.io/* on its own Node, while Cluster API (v1.5 and later, the
   * machine controller's label sync) copies a Machine's node-role.kubernetes.io/* labels to its Node.
   */
  function poolObjects(p: {
    objectName: string;
    count: number;
    hostGroup: string;
    hostSelector?: Record<string, string> | undefined;
    autoscaling?: { min: number; max: number; capacity?: { cpu: number; memoryMb: number } | undefined } | undefined;
    roles?: string[] | undefined;
    taints?: Array<{ key: string; value?: string | undefined; effect: string }> | undefined;
    nodeLabels?: Record<string, string>;
  }): { templates: KubeObject[]; deployment: KubeObject[] } {
    const name = p.objectName;
    const poolLabels = { [LABELS.capiCluster]: s.name, [LABELS.capiDeployment]: name };
    const kubeletArgs: Record<string, string> = { ...(s.extraArgs.kubelet ?? {}) };
    if (p.nodeLabels) {
      const own = Object.entries(p.nodeLabels).map(([k, v]) => `${k}=${v}`);
      kubeletArgs["node-labels"] = [kubeletArgs["node-labels"], ...own].filter(Boolean).join(",");
    }
    const taints = (p.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
    const roleLabels = Object.fromEntries((p.roles ?? []).map((r) => [`${NODE_ROLE_PREFIX}${r}`, ""]));

    const installer: KubeObject = {
      apiVersion: API_VERSIONS.infrastructure,
      kind: "K8sInstallerConfigTemplate",
      metadata: meta(name),
      spec: { template: { spec: { bundleRepo: s.byohBundle.repository, bundleType: s.byohBundle.type } } },
    };

    const bootstrap: KubeObject = {
      apiVersion: API_VERSIONS.bootstrap,
      kind: "KubeadmConfigTemplate",
      metadata: meta(name),
      spec: {
        template: {
          spec: {
            // Seed §6.3: kubeadm's image repository and DNS image repository are the CKP registry.
            clusterConfiguration: {
              imageRepository: reg,
              dns: { imageRepository: reg, ...(release ? { imageTag: release.coredns } : {}) },
              ...(release ? { etcd: { local: { imageRepository: reg, imageTag: release.etcd } } } : {}),
            },
            joinConfiguration: {
              nodeRegistration: { kubeletExtraArgs: kubeletArgs, ...(taints.length ? { taints } : {}) },
            },
            ...nodeRegistryConfig(s, regNames.config, release?.pause),
          },
        },
      },
    };

    const machineTemplate: KubeObject = {
      apiVersion: API_VERSIONS.infrastructure,
      kind: "ByoMachineTemplate",
      metadata: meta(name),
      spec: {
        template: {
          spec: {
            // BYOH looks for hosts in every namespace: the cluster-id label (set only on hosts the saga
            // assigned to this cluster, core/byoh) keeps it from taking another cluster's host of the group,
            // and the host group (one per pool, core/clusters/pools.ts) another pool's host
            selector: {
              matchLabels: { ...(p.hostSelector ?? {}), [LABELS.hostGroup]: p.hostGroup, [LABELS.clusterId]: s.clusterId },
            },
            installerRef: ref(API_VERSIONS.infrastructure, "K8sInstallerConfigTemplate", name),
          },
        },
      },
    };

    const auto = p.autoscaling;
    const mdMeta = meta(name, poolLabels);
    const machineDeployment: KubeObject = {
      apiVersion: API_VERSIONS.cluster,
      kind: "MachineDeployment",
      // autoscaled, the replicas are Karpenter's: left out, so an apply never takes them back
      metadata: auto ? { ...mdMeta, annotations: { ...mdMeta.annotations, ...autoscalingAnnotations(auto) } } : mdMeta,
      spec: {
        clusterName: s.name,
        ...(auto ? {} : { replicas: p.count }),
        selector: { matchLabels: poolLabels },
        // Workers are replaced one node at a time (seed §6.5). BYOH has no spare hosts to surge onto: a Machine
        // goes first and its host is reused by the next; remediation likewise takes one Machine at a time.
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
          remediation: { maxInFlight: 1 },
        },
        template: {
          metadata: { labels: { ...labels, ...poolLabels, ...roleLabels } },
          spec: {
            clusterName: s.name,
            version: s.kubernetesVersion,
            bootstrap: { configRef: ref(API_VERSIONS.bootstrap, "KubeadmConfigTemplate", name) },
            infrastructureRef: ref(API_VERSIONS.infrastructure, "ByoMachineTemplate", name),
          },
        },
      },
    };

    const healthCheck: KubeObject = {
      apiVersion: API_VERSIONS.cluster,
      kind: "MachineHealthCheck",
      metadata: meta(name, poolLabels),
      spec: {
        clusterName: s.name,
        selector: { matchLabels: poolLabels },
        unhealthyConditions: [
          { type: "Ready", status: "Unknown", timeout: canonicalDuration(s.unhealthyAfter) },
          { type: "Ready", status: "False", timeout: canonicalDuration(s.unhealthyAfter) },
        ],
        maxUnhealthy: "40%",
        nodeStartupTimeout: canonicalDuration("20m"),
      },
    };
    return { templates: [installer, bootstrap, machineTemplate], deployment: [machineDeployment, healthCheck] };
  }
}

/**
 * containerd on a BYOH host before kubeadm joins it: the sandbox (pause)
 * image from the cluster's registry at the matrix's tag, and for a registry
 * other than the installation's its hosts.toml (credentials in it, so from
 * the registry Secret) and CA, with containerd pointed at the certs.d tree.
 */
function nodeRegistryConfig(s: ClusterSpec, configSecret: string, pause: string | undefined) {
  const config = "/etc/containerd/config.toml";
  const dir = `${CONTAINERD_CERTS_DIR}/${registryHost(s.imageRegistry)}`;
  const commands = [
    ...(pause ? [`sed -i 's#^\\(\\s*\\)sandbox_image = .*#\\1sandbox_image = "${s.imageRegistry}/pause:${pause}"#' ${config}`] : []),
    ...(s.registry.custom ? [`sed -i 's#^\\(\\s*\\)config_path = .*#\\1config_path = "${CONTAINERD_CERTS_DIR}"#' ${config}`] : []),
  ];
  const files = s.registry.custom
    ? [
        {
          path: `${dir}/hosts.toml`,
          permissions: "0600",
          contentFrom: { secret: { name: configSecret, key: "hosts.toml" } },
        },
        ...(s.registry.ca ? [{ path: `${dir}/ca.crt`, permissions: "0644", content: s.registry.ca }] : []),
      ]
    : [];
  return {
    ...(files.length ? { files } : {}),
    ...(commands.length ? { preKubeadmCommands: [...commands, "systemctl restart containerd"] } : {}),
  };
}
