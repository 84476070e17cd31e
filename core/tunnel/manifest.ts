import type { KubeObject } from "../kube/objects.js";
import type { TunnelSubject } from "./model.js";

/**
 * The manifest that runs a cluster agent in its cluster (kubectl apply -f):
 * a namespace, a ServiceAccount with exactly the RBAC the control plane
 * needs there, the registration token, and a Deployment of
 * `ckp-cluster-agent`. The agent keeps its key and certificate in a Secret
 * of its namespace (the only Secret its own Role lets it touch), so a
 * restarted or rescheduled pod reconnects without a new token.
 */
export const AGENT_NAMESPACE = "ckp-system";
export const AGENT_NAME = "ckp-cluster-agent";
export const IDENTITY_SECRET = "ckp-cluster-agent-identity";
export const REGISTRATION_SECRET = "ckp-cluster-agent-registration";

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const ALL = ["get", "list", "watch", "create", "patch", "update", "delete"];
const READ = ["get", "list", "watch"];

/**
 * What the control plane does on a management cluster, and nothing more:
 * the CAPI objects the lifecycle renders and applies (with their namespace
 * and the cluster CA Secret; the `<cluster>-kubeconfig` Secret the
 * control-plane provider writes is read from here too), the ByoHosts the
 * host provisioner registers, the add-on objects (Helm add-on provider,
 * ClusterResourceSet), and read access for provider detection (CRDs,
 * clusterctl's inventory, the providers' controller Deployments by name).
 * A step that starts using another kind adds it here; agents pick it up
 * when the manifest is applied again.
 */
export const MANAGEMENT_CLUSTER_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["namespaces", "secrets"], verbs: ALL },
  {
    apiGroups: ["cluster.x-k8s.io"],
    resources: ["clusters", "machinedeployments", "machinehealthchecks", "machinesets", "machines"],
    verbs: ALL,
  },
  { apiGroups: ["controlplane.cluster.x-k8s.io"], resources: ["kamajicontrolplanes"], verbs: ALL },
  { apiGroups: ["bootstrap.cluster.x-k8s.io"], resources: ["kubeadmconfigtemplates"], verbs: ALL },
  {
    apiGroups: ["infrastructure.cluster.x-k8s.io"],
    resources: ["byoclusters", "byomachinetemplates", "byohosts", "k8sinstallerconfigtemplates"],
    verbs: ALL,
  },
  {
    apiGroups: ["addons.cluster.x-k8s.io"],
    // HelmReleaseProxies are CAAPH's: read for addon health, deleted with the cluster's addons
    resources: ["helmchartproxies", "helmreleaseproxies", "clusterresourcesets", "clusterresourcesetbindings"],
    verbs: ALL,
  },
  // ByoHosts are written as their host's BYOH agent (user byoh:host:<name>, group byoh:hosts): BYOH's webhook admits no other writer.
  // RBAC cannot name users by prefix, so users are not narrowed; the group is.
  { apiGroups: [""], resources: ["users"], verbs: ["impersonate"] },
  { apiGroups: [""], resources: ["groups"], verbs: ["impersonate"], resourceNames: ["byoh:hosts"] },
  { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get", "list"] },
  { apiGroups: ["clusterctl.cluster.x-k8s.io"], resources: ["providers"], verbs: ["get", "list"] },
  {
    apiGroups: ["apps"],
    resources: ["deployments"],
    verbs: ["get"],
    // core/management/health.ts reads the providers' controllers for their release tags
    resourceNames: [
      "capi-controller-manager",
      "capi-kubeadm-bootstrap-controller-manager",
      "byoh-controller-manager",
      "capi-kamaji-controller-manager",
      "karpenter",
      "velero",
    ],
  },
];

/**
 * What the control plane reads of an imported cluster: its nodes (and
 * namespaces, for the record). /version and /readyz are open to every
 * authenticated account by Kubernetes' default roles. Add-ons enabled on an
 * imported cluster later (Velero) add their rules here.
 */
export const IMPORTED_CLUSTER_RULES: PolicyRule[] = [{ apiGroups: [""], resources: ["nodes", "namespaces"], verbs: READ }];

export interface ManifestInput {
  subject: TunnelSubject;
  /** the registration token (ckpreg_…) */
  token: string;
  /** where the agent registers (the control plane's API) */
  apiUrl: string;
  /** PEM of the installation's CA: the agent trusts it for the control plane's mTLS endpoint */
  caCertificate: string;
  image: string;
}

export function manifestObjects(m: ManifestInput): KubeObject[] {
  const labels = { "app.kubernetes.io/name": AGENT_NAME, "app.kubernetes.io/part-of": "ckp", "ckp.io/cluster-id": m.subject.id };
  const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: AGENT_NAMESPACE } : {}), labels });
  const rules = m.subject.kind === "management" ? MANAGEMENT_CLUSTER_RULES : IMPORTED_CLUSTER_RULES;
  const subjects = [{ kind: "ServiceAccount", name: AGENT_NAME, namespace: AGENT_NAMESPACE }];
  const fromConfig = (key: string) => ({ configMapKeyRef: { name: AGENT_NAME, key } });
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: AGENT_NAMESPACE, labels } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(AGENT_NAME) },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: meta(AGENT_NAME, false), rules },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: meta(AGENT_NAME, false),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AGENT_NAME },
      subjects,
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(IDENTITY_SECRET),
      rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [IDENTITY_SECRET], verbs: ["get", "patch", "update"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(IDENTITY_SECRET),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: IDENTITY_SECRET },
      subjects,
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta(AGENT_NAME),
      data: { "api-url": m.apiUrl, "cluster-id": m.subject.id, "ca.crt": m.caCertificate },
    },
    { apiVersion: "v1", kind: "Secret", metadata: meta(REGISTRATION_SECRET), type: "Opaque", stringData: { token: m.token } },
    // filled by the agent (its key and certificate); applying the manifest again leaves what it wrote
    { apiVersion: "v1", kind: "Secret", metadata: meta(IDENTITY_SECRET), type: "Opaque" },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(AGENT_NAME),
      spec: {
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": AGENT_NAME } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: AGENT_NAME,
            securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "agent",
                image: m.image,
                env: [
                  { name: "CKP_API_URL", valueFrom: fromConfig("api-url") },
                  { name: "CKP_CLUSTER_ID", valueFrom: fromConfig("cluster-id") },
                  { name: "CKP_CA_CERT", valueFrom: fromConfig("ca.crt") },
                  {
                    name: "CKP_REGISTRATION_TOKEN",
                    valueFrom: { secretKeyRef: { name: REGISTRATION_SECRET, key: "token", optional: true } },
                  },
                  { name: "CKP_IDENTITY_SECRET", value: IDENTITY_SECRET },
                  { name: "CKP_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                ],
                resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    },
  ] as KubeObject[];
}

/** The manifest as YAML documents, what `kubectl apply -f` takes. */
export async function manifestYaml(m: ManifestInput): Promise<string> {
  const yaml = (await import("js-yaml")).default;
  return manifestObjects(m)
    .map((o) => yaml.dump(o, { lineWidth: -1, noRefs: true }))
    .join("---\n");
}

/** Where agents pull their image from: CKP_CLUSTER_AGENT_IMAGE, else the CoreEdge registry at this release. */
export function agentImage(version: string): string {
  return process.env.CKP_CLUSTER_AGENT_IMAGE ?? `${process.env.CKP_IMAGE_REGISTRY ?? "docker.io/coredgeio"}/ckp-cluster-agent:${version}`;
}
