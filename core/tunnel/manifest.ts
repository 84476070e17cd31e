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
/** The ServiceAccount addon installer Jobs run as on an imported cluster (bound to cluster-admin; the agent is not). */
export const INSTALLER_SERVICE_ACCOUNT = "ckp-addon-installer";
const INSTALLS_ROLE = "ckp-addon-installs";

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
 * What the control plane does on an imported cluster: reads its nodes (and
 * namespaces, for the record; /version and /readyz are open to every
 * authenticated account by Kubernetes' default roles), and for Velero
 * (core/imported/addon-jobs.ts) creates its namespace by name and reads
 * what its health checks read: CRDs, its workloads by name, its backup
 * locations. The Jobs that run Helm, and their values Secrets, are the
 * agent's only in its own namespace (INSTALLER_RULES); Helm itself runs as
 * the installer's ServiceAccount, never as the agent.
 */
export const IMPORTED_CLUSTER_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["nodes", "namespaces"], verbs: READ },
  // server-side apply of the addon's namespace: create and patch, of that name only
  { apiGroups: [""], resources: ["namespaces"], verbs: ["create", "patch"], resourceNames: ["velero"] },
  { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get", "list"] },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"], resourceNames: ["velero"] },
  { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"], resourceNames: ["node-agent"] },
  { apiGroups: ["velero.io"], resources: ["backupstoragelocations"], verbs: ["get", "list"] },
];

/** Addon installs on an imported cluster, in the agent's namespace only: the installer Jobs and their values Secrets. */
export const INSTALLER_RULES: PolicyRule[] = [
  { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "create", "patch", "delete"] },
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "create", "patch", "delete"] },
  { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["get"], resourceNames: [INSTALLER_SERVICE_ACCOUNT] },
];

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
    ...(m.subject.kind === "imported" ? importedInstallerObjects(meta, subjects) : []),
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

/**
 * An imported cluster's addon installer: the agent's Role for the Jobs and
 * values Secrets in its namespace, and the ServiceAccount (bound to
 * cluster-admin) those Jobs run Helm as.
 */
function importedInstallerObjects(
  meta: (name: string, namespaced?: boolean) => { name: string; namespace?: string; labels: Record<string, string> },
  subjects: unknown[],
): KubeObject[] {
  return [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(INSTALLS_ROLE), rules: INSTALLER_RULES },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(INSTALLS_ROLE),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: INSTALLS_ROLE },
      subjects,
    },
    ...installerAccountObjects(meta(INSTALLER_SERVICE_ACCOUNT).labels),
  ] as KubeObject[];
}

/** The ServiceAccount addon installer Jobs run as, bound to cluster-admin (the control plane applies it itself on a cluster imported with a kubeconfig). */
export function installerAccountObjects(labels: Record<string, string>): KubeObject[] {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: INSTALLER_SERVICE_ACCOUNT, namespace: AGENT_NAMESPACE, labels } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: INSTALLER_SERVICE_ACCOUNT, labels },
      // a chart installs cluster-wide objects (CRDs, ClusterRoles): Helm needs what an admin has
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: INSTALLER_SERVICE_ACCOUNT, namespace: AGENT_NAMESPACE }],
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
