/**
 * Which resource a kind is served as (its plural name, whether it is
 * namespaced): what a client needs before it can build an object's URL.
 *
 * Built-in kinds are fixed by the Kubernetes API, so they are answered from
 * the table below without asking: a workload cluster's first check otherwise
 * begins with a discovery request per API group (apps/v1, storage.k8s.io/v1,
 * v1), one per cluster and process. Any other kind (the CRDs: Cluster API,
 * BYOH, Kamaji, the add-on provider, Velero, Karpenter) is discovered from
 * the server, and a `DiscoveryCache` lets the clients of one server share
 * what they learnt — the management cluster's client and the ones that act
 * as each host's agent (core/management/access.ts) ask once, not once each.
 */
export interface ServedResource {
  name: string;
  namespaced: boolean;
}

const BUILT_IN: Record<string, Record<string, ServedResource>> = {
  v1: {
    ConfigMap: { name: "configmaps", namespaced: true },
    Endpoints: { name: "endpoints", namespaced: true },
    Event: { name: "events", namespaced: true },
    LimitRange: { name: "limitranges", namespaced: true },
    Namespace: { name: "namespaces", namespaced: false },
    Node: { name: "nodes", namespaced: false },
    PersistentVolume: { name: "persistentvolumes", namespaced: false },
    PersistentVolumeClaim: { name: "persistentvolumeclaims", namespaced: true },
    Pod: { name: "pods", namespaced: true },
    ResourceQuota: { name: "resourcequotas", namespaced: true },
    Secret: { name: "secrets", namespaced: true },
    Service: { name: "services", namespaced: true },
    ServiceAccount: { name: "serviceaccounts", namespaced: true },
  },
  "apps/v1": {
    DaemonSet: { name: "daemonsets", namespaced: true },
    Deployment: { name: "deployments", namespaced: true },
    ReplicaSet: { name: "replicasets", namespaced: true },
    StatefulSet: { name: "statefulsets", namespaced: true },
  },
  "batch/v1": {
    CronJob: { name: "cronjobs", namespaced: true },
    Job: { name: "jobs", namespaced: true },
  },
  "rbac.authorization.k8s.io/v1": {
    ClusterRole: { name: "clusterroles", namespaced: false },
    ClusterRoleBinding: { name: "clusterrolebindings", namespaced: false },
    Role: { name: "roles", namespaced: true },
    RoleBinding: { name: "rolebindings", namespaced: true },
  },
  "storage.k8s.io/v1": {
    CSIDriver: { name: "csidrivers", namespaced: false },
    StorageClass: { name: "storageclasses", namespaced: false },
  },
  "apiextensions.k8s.io/v1": {
    CustomResourceDefinition: { name: "customresourcedefinitions", namespaced: false },
  },
  "coordination.k8s.io/v1": {
    Lease: { name: "leases", namespaced: true },
  },
};

/** A built-in kind's resource, or undefined for a kind the server must be asked about. */
export function builtInResource(apiVersion: string, kind: string): ServedResource | undefined {
  return BUILT_IN[apiVersion]?.[kind];
}

/** One server's discovered group versions, shared by the clients that reach it. */
export class DiscoveryCache {
  private readonly versions = new Map<string, (ServedResource & { kind: string })[]>();

  find(apiVersion: string, kind: string): ServedResource | undefined {
    return this.versions.get(apiVersion)?.find((r) => r.kind === kind);
  }

  /** What the server answered for a group version (a kind missing from it is asked again: its CRD may be new). */
  remember(apiVersion: string, resources: (ServedResource & { kind: string })[]): void {
    this.versions.set(apiVersion, resources);
  }
}
