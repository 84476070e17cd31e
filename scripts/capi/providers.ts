// The Cluster API providers the control plane uses, installed on a local
// kube-apiserver as `clusterctl init` installs them: the CRDs (from
// ../shared/crds, installed by startKubeApiserver) get the labels clusterctl
// and the providers' kustomizations put on them — above all the contract
// label `cluster.x-k8s.io/v1beta1: <API versions>`, without which core CAPI
// refuses every reference to a provider's kinds ("cannot find any versions
// matching contract") — plus the providers' namespaces, their managers'
// ServiceAccounts and RBAC (the releases' own role.yaml, named and bound as
// kustomize does), and clusterctl's inventory (Provider objects), from which
// the management cluster health check reads provider versions.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { installCrds, type KubeApiserver, kubeRequest } from "../kube/apiserver.js";

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
// biome-ignore lint/suspicious/noExplicitAny: release manifests are read as plain JSON
export type Manifest = Record<string, any>;
const here = path.dirname(fileURLToPath(import.meta.url));

/** CAPI_VERSION and BYOH_VERSION of versions.env. */
export function capiVersions(): { capi: string; byoh: string } {
  const env = Object.fromEntries(
    fs
      .readFileSync(path.join(here, "versions.env"), "utf8")
      .split("\n")
      .map((l) => /^\s*([A-Z0-9_]+)=(\S+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  return { capi: env.CAPI_VERSION as string, byoh: env.BYOH_VERSION as string };
}

/** Where build.sh put a release: `<cache>/capi/<CAPI_VERSION>` or `<cache>/capi/byoh-<BYOH_VERSION>` (bin/ and config/). */
export function capiCacheDir(release: "capi" | "byoh"): string {
  const cache = process.env.CKP_CACHE_DIR || path.join(os.homedir(), ".cache", "ckp");
  const v = capiVersions();
  return path.join(cache, "capi", release === "capi" ? v.capi : `byoh-${v.byoh}`);
}

export interface ProviderDef {
  /** clusterctl's name for the installed provider (its inventory object, the `cluster.x-k8s.io/provider` label) */
  name: string;
  providerName: string;
  type: "CoreProvider" | "BootstrapProvider" | "InfrastructureProvider" | "ControlPlaneProvider";
  version: string;
  namespace: string;
  /** kustomize namePrefix of the release's config/default */
  prefix: string;
  /** the CRDs the release ships (all in ../shared/crds) */
  crds: string[];
  /** the API versions its CRDs serve for Cluster API's v1beta1 contract (the label value; several joined by `_`) */
  contract: string;
  /** a manager runs here: its release dir, RBAC and webhook manifests (paths under config/) */
  manager?: {
    release: "capi" | "byoh";
    serviceAccount: string;
    rbac: string[];
    webhooks: string;
  };
}

const v = capiVersions();

/**
 * The providers, with the contract and names their releases declare
 * (metadata.yaml and config/crd/kustomization.yaml of each: CAPI v1.7 and
 * BYOH v0.5 serve v1beta1, Kamaji's provider v1alpha1). Kamaji's provider is
 * installed (CRDs, namespace, inventory) but its manager cannot run here: it
 * needs Kamaji's TenantControlPlane CRD and pods (test/doubles plays it).
 */
export const PROVIDERS: ProviderDef[] = [
  {
    name: "cluster-api",
    providerName: "cluster-api",
    type: "CoreProvider",
    version: v.capi,
    namespace: "capi-system",
    prefix: "capi-",
    crds: [
      "clusters.cluster.x-k8s.io",
      "clusterclasses.cluster.x-k8s.io",
      "machines.cluster.x-k8s.io",
      "machinesets.cluster.x-k8s.io",
      "machinedeployments.cluster.x-k8s.io",
      "machinehealthchecks.cluster.x-k8s.io",
      "clusterresourcesets.addons.cluster.x-k8s.io",
      "clusterresourcesetbindings.addons.cluster.x-k8s.io",
    ],
    contract: "v1beta1",
    manager: {
      release: "capi",
      serviceAccount: "manager",
      rbac: ["config/rbac/role.yaml", "config/rbac/role_binding.yaml"],
      webhooks: "config/webhook/manifests.yaml",
    },
  },
  {
    name: "bootstrap-kubeadm",
    providerName: "kubeadm",
    type: "BootstrapProvider",
    version: v.capi,
    namespace: "capi-kubeadm-bootstrap-system",
    prefix: "capi-kubeadm-bootstrap-",
    crds: ["kubeadmconfigs.bootstrap.cluster.x-k8s.io", "kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io"],
    contract: "v1beta1",
    manager: {
      release: "capi",
      serviceAccount: "manager",
      rbac: ["bootstrap/kubeadm/config/rbac/role.yaml", "bootstrap/kubeadm/config/rbac/role_binding.yaml"],
      webhooks: "bootstrap/kubeadm/config/webhook/manifests.yaml",
    },
  },
  {
    name: "infrastructure-byoh",
    providerName: "byoh",
    type: "InfrastructureProvider",
    version: v.byoh,
    namespace: "byoh-system",
    prefix: "byoh-",
    crds: [
      "byoclusters.infrastructure.cluster.x-k8s.io",
      "byoclustertemplates.infrastructure.cluster.x-k8s.io",
      "byohosts.infrastructure.cluster.x-k8s.io",
      "byomachines.infrastructure.cluster.x-k8s.io",
      "byomachinetemplates.infrastructure.cluster.x-k8s.io",
      "k8sinstallerconfigs.infrastructure.cluster.x-k8s.io",
      "k8sinstallerconfigtemplates.infrastructure.cluster.x-k8s.io",
      "bootstrapkubeconfigs.infrastructure.cluster.x-k8s.io",
    ],
    contract: "v1beta1",
    manager: {
      release: "byoh",
      serviceAccount: "controller-manager",
      // the manager's role, and the role BYOH binds its hosts' agents to (group byoh:hosts)
      rbac: [
        "config/rbac/role.yaml",
        "config/rbac/role_binding.yaml",
        "config/rbac/byohost_editor_role.yaml",
        "config/rbac/byohost_editor_clusterrolebinding.yaml",
      ],
      webhooks: "config/webhook/manifests.yaml",
    },
  },
  {
    name: "control-plane-kamaji",
    providerName: "kamaji",
    type: "ControlPlaneProvider",
    version: "v0.16.0",
    namespace: "kamaji-system",
    prefix: "capi-kamaji-",
    crds: ["kamajicontrolplanes.controlplane.cluster.x-k8s.io", "kamajicontrolplanetemplates.controlplane.cluster.x-k8s.io"],
    contract: "v1alpha1",
  },
];

export const CONTRACT_LABEL = "cluster.x-k8s.io/v1beta1";
const PROVIDER_LABEL = "cluster.x-k8s.io/provider";
const CLUSTERCTL_LABEL = "clusterctl.cluster.x-k8s.io";

/** The ServiceAccount a provider's manager runs as: `system:serviceaccount:<namespace>:<prefix><name>`. */
export function managerAccount(p: ProviderDef): { namespace: string; name: string } {
  if (!p.manager) throw new Error(`provider ${p.name} runs no manager here`);
  return { namespace: p.namespace, name: `${p.prefix}${p.manager.serviceAccount}` };
}

async function ok(what: string, res: Promise<{ status: number; body: unknown }>, accept: number[] = []): Promise<void> {
  const r = await res;
  if (r.status >= 300 && !accept.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
}

const apply = (api: Api, urlPath: string, obj: object) =>
  ok(
    `apply ${urlPath}`,
    kubeRequest(api, "PATCH", `${urlPath}?fieldManager=clusterctl&force=true`, {
      body: JSON.stringify(obj),
      contentType: "application/apply-patch+yaml",
    }),
  );

/** The release's manifests of one file, as kustomize would emit them for the provider (names, namespaces, labels). */
function kustomized(p: ProviderDef, file: string): Manifest[] {
  const release = p.manager?.release as "capi" | "byoh";
  const full = path.join(capiCacheDir(release), "config", file);
  if (!fs.existsSync(full)) throw new Error(`${full} not found; run scripts/capi/build.sh first`);
  const docs = yaml.loadAll(fs.readFileSync(full, "utf8"), null, { schema: yaml.CORE_SCHEMA }) as Array<Manifest | null>;
  return docs
    .filter((d): d is Manifest => d !== null && typeof d === "object")
    .map((d) => {
      const out = structuredClone(d);
      out.metadata = { ...out.metadata, name: `${p.prefix}${out.metadata.name}` };
      delete out.metadata.creationTimestamp;
      out.metadata.labels = { ...out.metadata.labels, [PROVIDER_LABEL]: p.name, [CLUSTERCTL_LABEL]: "" };
      if (out.metadata.namespace) out.metadata.namespace = p.namespace;
      if (out.roleRef) out.roleRef = { ...out.roleRef, name: `${p.prefix}${out.roleRef.name}` };
      if (Array.isArray(out.subjects))
        out.subjects = out.subjects.map((s: Record<string, string>) =>
          s.kind === "ServiceAccount" ? { ...s, name: `${p.prefix}${s.name}`, namespace: p.namespace } : s,
        );
      return out;
    });
}

/** The release's webhook configurations, for the provider (kustomized names), before their clientConfig is set. */
export function webhookConfigurations(p: ProviderDef): Manifest[] {
  if (!p.manager) return [];
  return kustomized(p, p.manager.webhooks);
}

/**
 * Installs the providers on `api` as clusterctl would, once their CRDs are
 * there (startKubeApiserver({ crdDir })). Idempotent.
 */
export async function installProviders(api: Api, providers: ProviderDef[] = PROVIDERS): Promise<void> {
  const crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  await installCrds(api, path.join(capiCacheDir("capi"), "config", "cmd", "clusterctl", "config", "manifest"));
  for (const p of providers) {
    const labels = { [PROVIDER_LABEL]: p.name, [CLUSTERCTL_LABEL]: "" };
    await apply(api, `/api/v1/namespaces/${p.namespace}`, { apiVersion: "v1", kind: "Namespace", metadata: { name: p.namespace, labels } });
    await Promise.all(
      p.crds.map((name) =>
        ok(
          `label CRD ${name} (is it installed?)`,
          kubeRequest(api, "PATCH", `${crds}/${name}`, {
            body: { metadata: { labels: { ...labels, [CONTRACT_LABEL]: p.contract } } },
            contentType: "application/merge-patch+json",
          }),
        ),
      ),
    );
    if (p.manager) {
      const sa = managerAccount(p);
      await apply(api, `/api/v1/namespaces/${sa.namespace}/serviceaccounts/${sa.name}`, {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: sa.name, namespace: sa.namespace, labels },
      });
      const objects = p.manager.rbac.flatMap((f) => kustomized(p, f));
      for (const o of objects) {
        const plural = o.kind === "ClusterRole" ? "clusterroles" : o.kind === "ClusterRoleBinding" ? "clusterrolebindings" : undefined;
        if (!plural) throw new Error(`unexpected ${o.kind} in ${p.name}'s RBAC`);
        await apply(api, `/apis/rbac.authorization.k8s.io/v1/${plural}/${o.metadata.name}`, o);
      }
    }
    await apply(api, `/apis/clusterctl.cluster.x-k8s.io/v1alpha3/namespaces/${p.namespace}/providers/${p.name}`, {
      apiVersion: "clusterctl.cluster.x-k8s.io/v1alpha3",
      kind: "Provider",
      metadata: { name: p.name, namespace: p.namespace, labels },
      providerName: p.providerName,
      type: p.type,
      version: p.version,
    });
  }
}
