import yaml from "js-yaml";
import { KARPENTER_MANAGEMENT_KUBECONFIG, KARPENTER_NAMESPACE } from "../addons/catalog.js";
import { ADDON_LABEL, type AddonClusterRef, renderResourceSet } from "../addons/render.js";
import { LABELS } from "../clusters/render.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { KubeConnection } from "../kube/connection.js";
import type { KubeObject, ObjectRef } from "../kube/objects.js";

/**
 * Karpenter's Cluster API provider runs in the workload cluster and scales
 * the cluster's MachineDeployment on the management cluster
 * (`--cluster-api-kubeconfig`). It gets exactly that and nothing more: a
 * ServiceAccount in the cluster's own namespace, bound to a Role that reads
 * the cluster's Cluster API objects and scales its MachineDeployments and
 * Machines (Karpenter marks the Machine it removes), with a long-lived token
 * the token controller writes into a Secret. The kubeconfig built from it
 * reaches the workload cluster as a Secret through a ClusterResourceSet, like
 * the storage plugin's Ceph key: never as a chart value.
 */
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
export const KARPENTER_TOKEN_SECRET = "karpenter-token";
const ADDON = "karpenter";

function meta(c: AddonClusterRef, name: string) {
  return {
    name,
    namespace: clusterNamespace(c.id),
    labels: { [LABELS.clusterId]: c.id, [LABELS.domain]: c.domain, [LABELS.project]: c.project, [ADDON_LABEL]: ADDON },
  };
}

const RBAC = "rbac.authorization.k8s.io/v1";

/** The ServiceAccount, Role, RoleBinding and token Secret on the management cluster, in the cluster's namespace. */
export function karpenterManagementObjects(c: AddonClusterRef): KubeObject[] {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(c, KARPENTER_SERVICE_ACCOUNT) },
    {
      apiVersion: RBAC,
      kind: "Role",
      metadata: meta(c, KARPENTER_SERVICE_ACCOUNT),
      rules: [
        { apiGroups: ["cluster.x-k8s.io"], resources: ["clusters", "machinesets"], verbs: ["get", "list", "watch"] },
        {
          apiGroups: ["cluster.x-k8s.io"],
          resources: ["machinedeployments", "machines"],
          verbs: ["get", "list", "watch", "update", "patch"],
        },
        { apiGroups: ["cluster.x-k8s.io"], resources: ["machinedeployments/scale"], verbs: ["get", "update", "patch"] },
        {
          apiGroups: ["infrastructure.cluster.x-k8s.io"],
          resources: ["byomachinetemplates", "byomachines"],
          verbs: ["get", "list", "watch"],
        },
      ],
    },
    {
      apiVersion: RBAC,
      kind: "RoleBinding",
      metadata: meta(c, KARPENTER_SERVICE_ACCOUNT),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: KARPENTER_SERVICE_ACCOUNT },
      subjects: [{ kind: "ServiceAccount", name: KARPENTER_SERVICE_ACCOUNT, namespace: clusterNamespace(c.id) }],
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/service-account-token",
      metadata: { ...meta(c, KARPENTER_TOKEN_SECRET), annotations: { "kubernetes.io/service-account.name": KARPENTER_SERVICE_ACCOUNT } },
    },
  ];
}

/** What to delete when Karpenter is disabled (the Secret goes with the addon's other labelled Secrets too). */
export function karpenterManagementRefs(c: AddonClusterRef): ObjectRef[] {
  return karpenterManagementObjects(c).map((o) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    namespace: clusterNamespace(c.id),
  }));
}

export const karpenterTokenRef = (c: AddonClusterRef): ObjectRef => ({
  apiVersion: "v1",
  kind: "Secret",
  name: KARPENTER_TOKEN_SECRET,
  namespace: clusterNamespace(c.id),
});

/** The token the token controller wrote, or undefined while it has not. */
export function tokenOf(secret: object | undefined): string | undefined {
  const data = ((secret as { data?: unknown } | undefined)?.data ?? {}) as Record<string, string>;
  return data.token ? Buffer.from(data.token, "base64").toString("utf8") : undefined;
}

/** The cluster's CA (PEM) the token controller writes beside the token. */
export function tokenCaOf(secret: object | undefined): string | undefined {
  const data = ((secret as { data?: unknown } | undefined)?.data ?? {}) as Record<string, string>;
  return data["ca.crt"] ? Buffer.from(data["ca.crt"], "base64").toString("utf8") : undefined;
}

/** A kubeconfig for the management cluster, as Karpenter's ServiceAccount, defaulting to the cluster's namespace. */
export function karpenterKubeconfig(
  c: AddonClusterRef,
  endpoint: Pick<KubeConnection, "server" | "caData" | "tlsServerName">,
  token: string,
): string {
  const cluster = {
    server: endpoint.server,
    ...(endpoint.caData ? { "certificate-authority-data": Buffer.from(endpoint.caData).toString("base64") } : {}),
    ...(endpoint.tlsServerName ? { "tls-server-name": endpoint.tlsServerName } : {}),
  };
  return yaml.dump(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "management", cluster }],
      users: [{ name: KARPENTER_SERVICE_ACCOUNT, user: { token } }],
      contexts: [
        { name: "management", context: { cluster: "management", user: KARPENTER_SERVICE_ACCOUNT, namespace: clusterNamespace(c.id) } },
      ],
      "current-context": "management",
    },
    { lineWidth: -1 },
  );
}

/** The resource set that puts the kubeconfig into the workload cluster, as Secret karpenter/karpenter-management-kubeconfig. */
export function karpenterKubeconfigSet(c: AddonClusterRef, kubeconfig: string): KubeObject[] {
  const objects = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: KARPENTER_NAMESPACE } },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: KARPENTER_MANAGEMENT_KUBECONFIG, namespace: KARPENTER_NAMESPACE },
      stringData: { kubeconfig },
    },
  ];
  return renderResourceSet(c, ADDON, { "management-kubeconfig.yaml": objects.map((o) => yaml.dump(o, { lineWidth: -1 })).join("---\n") });
}
