import { isIP } from "node:net";
import { z } from "zod";
import { dnsLabel, labels } from "../shared/names.js";
import { nodeTaint, workerRole } from "./pools.js";

const poolNodes = {
  /** node roles: Machine labels node-role.kubernetes.io/<role>, which CAPI syncs to the Node */
  roles: z.array(workerRole).max(10).optional(),
  /** taints the kubelet registers the Node with (kubeadm's joinConfiguration.nodeRegistration.taints) */
  taints: z.array(nodeTaint).max(20).optional(),
};

/** How long a worker's Node may be unhealthy before CAPI replaces its machine, unless the cluster says. */
export const DEFAULT_UNHEALTHY_AFTER = "5m";

/**
 * What a CKP cluster is made of: the choices of product §6.1 (version, CNI,
 * worker host group and count, virtual IP) and the cluster create request
 * (networks, extra component args, labels, image registry, BYOH bundle).
 * core/clusters/render.ts turns it into Cluster API objects; the cluster
 * lifecycle (issue 4) builds it from the request and extends it.
 */

export const cniName = z.enum(["cilium", "calico", "flannel"]);
export type CniName = z.infer<typeof cniName>;

const cidr = z.string().refine((s) => {
  const [ip, bits, ...rest] = s.split("/");
  const v = isIP(ip ?? "");
  const n = Number(bits);
  return rest.length === 0 && v !== 0 && Number.isInteger(n) && n >= 0 && n <= (v === 4 ? 32 : 128) && bits === String(n);
}, "must be a CIDR block, e.g. 10.244.0.0/16");

/** `--name=value` flags without the dashes: { "max-pods": "200" }. */
const extraArgs = z
  .record(
    z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "flag names are lowercase words joined by '-', without leading dashes"),
    z.string().max(4096),
  )
  .refine((a) => Object.keys(a).length <= 64, "at most 64 extra args");

const endpointHost = z
  .string()
  .min(1)
  .max(253)
  .refine((h) => isIP(h) !== 0 || /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(h), "must be an IP address or a DNS name");

export const clusterSpec = z.strictObject({
  /** the cluster's id in the control plane (labels, namespace) */
  clusterId: z.string().regex(/^[a-z]+_[0-9a-z]{26}$/),
  domain: dnsLabel,
  project: dnsLabel,
  /** the cluster's name: the CAPI Cluster's name on the management cluster */
  name: dnsLabel,
  kubernetesVersion: z.string().regex(/^v1\.\d{1,2}\.\d{1,3}$/, "a Kubernetes version such as v1.30.6"),
  cni: cniName.default("cilium"),
  network: z
    .strictObject({
      podCidrs: z.array(cidr).min(1).max(2).default(["10.244.0.0/16"]),
      serviceCidrs: z.array(cidr).min(1).max(2).default(["10.96.0.0/12"]),
      serviceDomain: z.string().min(1).max(253).default("cluster.local"),
    })
    .default({ podCidrs: ["10.244.0.0/16"], serviceCidrs: ["10.96.0.0/12"], serviceDomain: "cluster.local" }),
  controlPlane: z
    .strictObject({
      /** the virtual IP (or name) clients reach the API server on */
      endpoint: z.strictObject({ host: endpointHost, port: z.number().int().min(1).max(65535).default(6443) }).optional(),
      replicas: z.number().int().min(1).max(7).default(2),
      serviceType: z.enum(["LoadBalancer", "NodePort", "ClusterIP"]).default("LoadBalancer"),
    })
    .default({ replicas: 2, serviceType: "LoadBalancer" }),
  workers: z.strictObject({
    count: z.number().int().min(1).max(1000),
    /** hosts come from this host group (their ByoHosts carry the ckp.io/host-group label) */
    hostGroup: dnsLabel,
    /** further labels the chosen hosts must have */
    hostSelector: labels.optional(),
    /** Karpenter scales the pool (its Cluster API provider): bounds, and what one machine brings for scale from zero */
    autoscaling: z
      .strictObject({
        min: z.number().int().min(0),
        max: z.number().int().min(1),
        capacity: z.strictObject({ cpu: z.number().int().min(1), memoryMb: z.number().int().min(1) }).optional(),
      })
      .optional(),
    ...poolNodes,
  }),
  /** further worker pools: each its own MachineDeployment `workers-<name>` (core/clusters/pools.ts) */
  workerPools: z
    .array(z.strictObject({ name: dnsLabel, count: z.number().int().min(0).max(1000), hostGroup: dnsLabel, ...poolNodes }))
    .max(10)
    .default([]),
  extraArgs: z
    .strictObject({
      kubelet: extraArgs.optional(),
      apiServer: extraArgs.optional(),
      controllerManager: extraArgs.optional(),
      scheduler: extraArgs.optional(),
    })
    .default({}),
  /** copied onto every object rendered */
  labels: labels.default({}),
  annotations: z.record(z.string().max(253), z.string().max(64 * 1024)).default({}),
  /** where kubeadm, Kamaji and CoreDNS pull component images from (product §3, §6.3), e.g. docker.io/coredgeio */
  imageRegistry: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, "a registry host with an optional path"),
  /**
   * a registry other than the installation's (core/clusters/registry.ts): containerd on the hosts gets its
   * hosts.toml (and CA), and with credentials Kamaji's pods pull through a ServiceAccount's pull secret
   */
  registry: z.strictObject({ custom: z.boolean(), auth: z.boolean(), ca: z.string().optional() }).default({ custom: false, auth: false }),
  /** the BYOH bundle (product §2.5): OCI repository of the per-version, per-OS bundles */
  byohBundle: z.strictObject({
    repository: z.string().min(1).max(255),
    type: z.literal("k8s").default("k8s"),
  }),
  /** etcd encryption at rest (core/clusters/encryption.ts): the configuration's revision, rendered into the API server's pods */
  encryption: z.strictObject({ revision: z.number().int().min(1) }).optional(),
  /** machine health check: unhealthy after this long NotReady/Unknown */
  unhealthyAfter: z
    .string()
    .regex(/^\d+(s|m|h)$/)
    .default(DEFAULT_UNHEALTHY_AFTER),
});

export type ClusterSpec = z.infer<typeof clusterSpec>;
export type ClusterSpecInput = z.input<typeof clusterSpec>;

/** The management-cluster namespace a cluster's objects go to: one per cluster, so deleting it cleans up. */
export function clusterNamespace(clusterId: string): string {
  return `ckp-${clusterId.replace(/_/g, "-")}`;
}
