import type { Deps } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import { DomainError, RetryableError } from "../shared/errors.js";
import { kubeFor } from "./access.js";
import type { InstalledProvider, ManagementCluster, ManagementClusterHealth, ProviderName } from "./model.js";
import { getManagementCluster } from "./registry.js";

/** Health probes answer quickly: an unreachable cluster is reported, not waited for. */
export const HEALTH_TIMEOUT_MS = 3_000;

interface ProviderDef {
  name: ProviderName;
  /** [group, kind]; the first is the provider's main kind */
  kinds: Array<[string, string]>;
  /** how clusterctl's inventory names it */
  clusterctl?: { type: string; providerName: string };
  /** needed to create clusters */
  required: boolean;
}

const PROVIDERS: ProviderDef[] = [
  {
    name: "cluster-api",
    kinds: [["cluster.x-k8s.io", "Cluster"], ["cluster.x-k8s.io", "MachineDeployment"], ["cluster.x-k8s.io", "MachineHealthCheck"]],
    clusterctl: { type: "CoreProvider", providerName: "cluster-api" },
    required: true,
  },
  {
    name: "kubeadm-bootstrap",
    kinds: [["bootstrap.cluster.x-k8s.io", "KubeadmConfigTemplate"]],
    clusterctl: { type: "BootstrapProvider", providerName: "kubeadm" },
    required: true,
  },
  {
    name: "byoh",
    kinds: [["infrastructure.cluster.x-k8s.io", "ByoHost"], ["infrastructure.cluster.x-k8s.io", "ByoCluster"], ["infrastructure.cluster.x-k8s.io", "ByoMachineTemplate"]],
    clusterctl: { type: "InfrastructureProvider", providerName: "byoh" },
    required: true,
  },
  {
    name: "kamaji",
    kinds: [["controlplane.cluster.x-k8s.io", "KamajiControlPlane"]],
    clusterctl: { type: "ControlPlaneProvider", providerName: "kamaji" },
    required: true,
  },
  { name: "karpenter", kinds: [["karpenter.sh", "NodePool"], ["karpenter.sh", "NodeClaim"]], required: false },
  { name: "velero", kinds: [["velero.io", "Backup"], ["velero.io", "Schedule"], ["velero.io", "BackupStorageLocation"]], required: false },
];

/** Aggregated discovery (GA in 1.30): every group, version and kind in one response. */
interface DiscoveryList {
  kind?: string;
  items?: Array<{
    metadata: { name: string };
    versions: Array<{ version: string; resources?: Array<{ resource: string; responseKind?: { kind: string } }> }>;
  }>;
  groups?: Array<{ name: string; versions: Array<{ version: string }> }>;
}

interface CrdMeta {
  items: Array<{ metadata: { name: string; labels?: Record<string, string> } }> | null;
}

const DISCOVERY_ACCEPT = [
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
  "application/json",
].join(",");
const METADATA_ONLY = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

/** Served kinds: group → kind → { versions, crd (resource.group) }. */
type Served = Map<string, Map<string, { versions: string[]; crd: string }>>;

function servedKinds(d: DiscoveryList): Served {
  const served: Served = new Map();
  for (const g of d.items ?? []) {
    const kinds = new Map<string, { versions: string[]; crd: string }>();
    for (const v of g.versions) {
      for (const r of v.resources ?? []) {
        if (!r.responseKind || r.resource.includes("/")) continue;
        const e = kinds.get(r.responseKind.kind) ?? { versions: [], crd: `${r.resource}.${g.metadata.name}` };
        e.versions.push(v.version);
        kinds.set(r.responseKind.kind, e);
      }
    }
    served.set(g.metadata.name, kinds);
  }
  return served;
}

/**
 * Which providers the cluster has, read from the CRDs it serves. The release
 * version comes from clusterctl's inventory (Provider objects) when the
 * cluster has one, else from an `app.kubernetes.io/version` label on the
 * provider's CRDs (Helm charts set it); otherwise it is unknown (null).
 */
export async function installedProviders(client: KubeClient): Promise<InstalledProvider[]> {
  const [discovery, crds] = await Promise.all([
    client.getJson<DiscoveryList>("/apis", DISCOVERY_ACCEPT),
    client.getJson<CrdMeta>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", METADATA_ONLY),
  ]);
  if (discovery.kind !== "APIGroupDiscoveryList") {
    throw new RetryableError(`${client.label} does not offer aggregated discovery (Kubernetes 1.26 or later is required)`);
  }
  const served = servedKinds(discovery);
  const crdLabels = new Map((crds.items ?? []).map((c) => [c.metadata.name, c.metadata.labels ?? {}]));
  const inventory = await clusterctlInventory(client, served);

  return PROVIDERS.map((p) => {
    const found = p.kinds.map(([g, k]) => served.get(g)?.get(k));
    const missing = p.kinds.filter((_, i) => !found[i]).map(([g, k]) => `${k}.${g}`);
    const labelled = found.map((f) => (f ? crdLabels.get(f.crd)?.["app.kubernetes.io/version"] : undefined)).find(Boolean);
    const fromInventory = p.clusterctl ? inventory.get(`${p.clusterctl.type}/${p.clusterctl.providerName}`) : undefined;
    return {
      name: p.name,
      installed: missing.length === 0,
      version: fromInventory ?? labelled ?? null,
      apiVersions: found[0]?.versions ?? [],
      missing,
    };
  });
}

async function clusterctlInventory(client: KubeClient, served: Served): Promise<Map<string, string>> {
  const provider = served.get("clusterctl.cluster.x-k8s.io")?.get("Provider");
  const out = new Map<string, string>();
  const version = provider?.versions[0];
  if (!version) return out;
  const list = await client.getJson<{ items: Array<{ type?: string; providerName?: string; version?: string }> }>(
    `/apis/clusterctl.cluster.x-k8s.io/${version}/providers`,
  );
  for (const p of list.items ?? []) if (p.type && p.providerName && p.version) out.set(`${p.type}/${p.providerName}`, p.version);
  return out;
}

/** Probes a cluster: reachability, version, providers. Never throws for an unreachable cluster. */
export async function probe(client: KubeClient): Promise<Omit<ManagementClusterHealth, "id" | "name" | "connectivity" | "checkedAt">> {
  const started = performance.now();
  try {
    const v = await client.version();
    const latencyMs = Math.round(performance.now() - started);
    const providers = await installedProviders(client);
    const absent = PROVIDERS.filter((p) => p.required && !providers.find((i) => i.name === p.name)?.installed).map((p) => p.name);
    return {
      reachable: true,
      latencyMs,
      kubernetesVersion: v.gitVersion,
      ready: absent.length === 0,
      providers,
      ...(absent.length ? { message: `providers not installed: ${absent.join(", ")}` } : {}),
    };
  } catch (e) {
    if (e instanceof RetryableError) return { reachable: false, ready: false, providers: [], message: e.message };
    if (e instanceof DomainError) return { reachable: true, ready: false, providers: [], message: e.message };
    throw e;
  }
}

/** GET /v1/management-clusters/{id}/health. */
export async function checkHealth(deps: Deps, id: string): Promise<ManagementClusterHealth> {
  const mc = await getManagementCluster(deps, id);
  return healthOf(deps, mc);
}

export async function healthOf(deps: Deps, mc: ManagementCluster): Promise<ManagementClusterHealth> {
  const base = { id: mc.id, name: mc.name, connectivity: mc.connectivity, checkedAt: deps.clock.now().toISOString() };
  if (mc.connectivity === "remote") return { ...base, reachable: false, ready: false, providers: [], message: "connectivity mode remote is not yet supported" };
  const client = await kubeFor(deps, mc.id, { timeoutMs: HEALTH_TIMEOUT_MS });
  return { ...base, ...(await probe(client)) };
}
