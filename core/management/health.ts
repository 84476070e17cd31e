import type { Deps } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import { KubeCredentialsRefused, TunnelDisconnected } from "../kube/errors.js";
import { DomainError, RetryableError } from "../shared/errors.js";
import { clientFor, kubeFor } from "./access.js";
import type { ManagementClusterRecord } from "./items.js";
import type { InstalledProvider, ManagementCluster, ManagementClusterHealth, ProviderName } from "./model.js";
import { getManagementClusterRecord, managementSubject } from "./registry.js";

/** Health probes answer quickly: an unreachable cluster is reported, not waited for. */
export const HEALTH_TIMEOUT_MS = 3_000;
/**
 * Through a tunnel each request also crosses the WebSocket and the table
 * (docs/tunnel.md); an agent that is down is known from the tunnel's state
 * without waiting, so a connected one is given longer.
 */
export const TUNNEL_HEALTH_TIMEOUT_MS = 8_000;

interface ProviderDef {
  name: ProviderName;
  /** [group, kind]; the first is the provider's main kind */
  kinds: Array<[string, string]>;
  /** how clusterctl's inventory names it */
  clusterctl?: { type: string; providerName: string };
  /**
   * Where the upstream install puts the provider's controller, and the
   * container whose image tag is the release: clusterctl's and the Helm
   * charts' default names, first match wins.
   */
  controller: Array<{ namespace: string; deployment: string; container: string }>;
  /** needed to create clusters */
  required: boolean;
  /**
   * Kinds Cluster API references from the objects the control plane applies:
   * their CRDs must carry the contract label (CONTRACT_LABEL) naming the
   * version that serves CAPI's contract, or CAPI refuses every reference.
   */
  contract?: Array<[string, string]>;
}

/** The label `clusterctl` (and each provider's own manifests) put on a provider's CRDs: which of its versions serve CAPI's v1beta1 contract. */
export const CONTRACT_LABEL = "cluster.x-k8s.io/v1beta1";

const PROVIDERS: ProviderDef[] = [
  {
    name: "cluster-api",
    kinds: [
      ["cluster.x-k8s.io", "Cluster"],
      ["cluster.x-k8s.io", "MachineDeployment"],
      ["cluster.x-k8s.io", "MachineHealthCheck"],
    ],
    clusterctl: { type: "CoreProvider", providerName: "cluster-api" },
    controller: [{ namespace: "capi-system", deployment: "capi-controller-manager", container: "manager" }],
    required: true,
  },
  {
    name: "kubeadm-bootstrap",
    kinds: [["bootstrap.cluster.x-k8s.io", "KubeadmConfigTemplate"]],
    clusterctl: { type: "BootstrapProvider", providerName: "kubeadm" },
    controller: [
      { namespace: "capi-kubeadm-bootstrap-system", deployment: "capi-kubeadm-bootstrap-controller-manager", container: "manager" },
    ],
    required: true,
    contract: [
      ["bootstrap.cluster.x-k8s.io", "KubeadmConfig"],
      ["bootstrap.cluster.x-k8s.io", "KubeadmConfigTemplate"],
    ],
  },
  {
    name: "byoh",
    kinds: [
      ["infrastructure.cluster.x-k8s.io", "ByoHost"],
      ["infrastructure.cluster.x-k8s.io", "ByoCluster"],
      ["infrastructure.cluster.x-k8s.io", "ByoMachineTemplate"],
    ],
    clusterctl: { type: "InfrastructureProvider", providerName: "byoh" },
    controller: [{ namespace: "byoh-system", deployment: "byoh-controller-manager", container: "manager" }],
    required: true,
    contract: [
      ["infrastructure.cluster.x-k8s.io", "ByoCluster"],
      ["infrastructure.cluster.x-k8s.io", "ByoMachine"],
      ["infrastructure.cluster.x-k8s.io", "ByoMachineTemplate"],
    ],
  },
  {
    name: "kamaji",
    kinds: [["controlplane.cluster.x-k8s.io", "KamajiControlPlane"]],
    clusterctl: { type: "ControlPlaneProvider", providerName: "kamaji" },
    controller: [{ namespace: "kamaji-system", deployment: "capi-kamaji-controller-manager", container: "manager" }],
    required: true,
    contract: [["controlplane.cluster.x-k8s.io", "KamajiControlPlane"]],
  },
  {
    name: "karpenter",
    kinds: [
      ["karpenter.sh", "NodePool"],
      ["karpenter.sh", "NodeClaim"],
    ],
    // the chart installs into the release namespace: kube-system is what Karpenter's docs use, karpenter the older default
    controller: [
      { namespace: "kube-system", deployment: "karpenter", container: "controller" },
      { namespace: "karpenter", deployment: "karpenter", container: "controller" },
    ],
    required: false,
  },
  {
    name: "velero",
    kinds: [
      ["velero.io", "Backup"],
      ["velero.io", "Schedule"],
      ["velero.io", "BackupStorageLocation"],
    ],
    controller: [{ namespace: "velero", deployment: "velero", container: "velero" }],
    required: false,
  },
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
 * provider's CRDs (Helm charts set it), else from the image tag of the
 * provider's controller Deployment at its upstream default name; otherwise
 * it is unknown (null).
 */
export async function installedProviders(client: KubeClient): Promise<InstalledProvider[]> {
  const [discovery, crds] = await Promise.all([
    client.getJson<DiscoveryList>("/apis", DISCOVERY_ACCEPT),
    client.getJson<CrdMeta>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", METADATA_ONLY),
  ]);
  if (discovery.kind !== "APIGroupDiscoveryList") {
    throw new RetryableError(`${client.label} does not offer aggregated discovery (Kubernetes 1.26 or later is required)`, undefined, {
      code: "management-cluster.unreachable",
    });
  }
  const served = servedKinds(discovery);
  const crdLabels = new Map((crds.items ?? []).map((c) => [c.metadata.name, c.metadata.labels ?? {}]));
  const inventory = await clusterctlInventory(client, served);

  const found = PROVIDERS.map((p) => {
    const kinds = p.kinds.map(([g, k]) => served.get(g)?.get(k));
    const missing = p.kinds.filter((_, i) => !kinds[i]).map(([g, k]) => `${k}.${g}`);
    const labelled = kinds.map((f) => (f ? crdLabels.get(f.crd)?.["app.kubernetes.io/version"] : undefined)).find(Boolean);
    const fromInventory = p.clusterctl ? inventory.get(`${p.clusterctl.type}/${p.clusterctl.providerName}`) : undefined;
    return { p, kinds, missing, known: fromInventory ?? labelled };
  });
  // Only for installed providers whose version nothing else recorded: a few GETs, in parallel.
  const fromImages = await Promise.all(found.map((f) => (f.missing.length === 0 && !f.known ? controllerVersion(client, f.p) : undefined)));
  return found.map((f, i) => ({
    name: f.p.name,
    installed: f.missing.length === 0,
    version: f.known ?? fromImages[i] ?? null,
    apiVersions: f.kinds[0]?.versions ?? [],
    missing: f.missing,
    problems: contractProblems(f.p, served, crdLabels),
  }));
}

/** What keeps Cluster API from using a provider's kinds: CRDs without a contract label naming a version they serve. */
function contractProblems(p: ProviderDef, served: Served, crdLabels: Map<string, Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [group, kind] of p.contract ?? []) {
    const k = served.get(group)?.get(kind);
    if (!k) continue; // reported as missing
    const label = crdLabels.get(k.crd)?.[CONTRACT_LABEL];
    if (label === undefined) {
      out.push(
        `CRD ${k.crd} has no label ${CONTRACT_LABEL}: Cluster API cannot tell which of its versions serves its v1beta1 contract and refuses every reference to a ${kind} (clusterctl sets the label when it installs the provider)`,
      );
      continue;
    }
    const named = label.split("_");
    if (!named.some((v) => k.versions.includes(v)))
      out.push(`CRD ${k.crd}'s label ${CONTRACT_LABEL}=${label} names no version it serves (${k.versions.join(", ")})`);
  }
  return out;
}

interface DeploymentMeta {
  spec?: { template?: { spec?: { containers?: Array<{ name?: string; image?: string }> } } };
}

/**
 * The release tag of the image a provider's controller runs, e.g. v1.7.7 of
 * registry.k8s.io/cluster-api/cluster-api-controller:v1.7.7. Deployments that
 * are absent, unreadable (RBAC) or run an untagged or non-release image
 * (latest, a digest only) give no version.
 */
async function controllerVersion(client: KubeClient, p: ProviderDef): Promise<string | undefined> {
  for (const c of p.controller) {
    const d = await client
      .getJson<DeploymentMeta>(
        `/apis/apps/v1/namespaces/${encodeURIComponent(c.namespace)}/deployments/${encodeURIComponent(c.deployment)}`,
      )
      .catch(() => undefined);
    const containers = d?.spec?.template?.spec?.containers ?? [];
    const container = containers.find((x) => x.name === c.container) ?? (containers.length === 1 ? containers[0] : undefined);
    const version = container?.image ? releaseTagOf(container.image) : undefined;
    if (version) return version;
  }
  return undefined;
}

const RELEASE_TAG = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

/** The release version in an image reference's tag (v-prefixed), if it has one. */
export function releaseTagOf(image: string): string | undefined {
  const name = image.split("@")[0] ?? "";
  const last = name.slice(name.lastIndexOf("/") + 1);
  const colon = last.lastIndexOf(":");
  if (colon < 0) return undefined;
  const tag = last.slice(colon + 1);
  if (!RELEASE_TAG.test(tag)) return undefined;
  return tag.startsWith("v") ? tag : `v${tag}`;
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

/**
 * Probes a cluster: reachability, version, providers. Never throws: a cluster
 * that answers but refuses the request (credentials, RBAC, an invalid
 * answer) is reachable and not ready; any other failure (network, TLS,
 * timeouts, or something unexpected) is reported as unreachable, with the reason.
 */
export async function probe(client: KubeClient): Promise<Omit<ManagementClusterHealth, "id" | "name" | "connectivity" | "checkedAt">> {
  const started = performance.now();
  try {
    const v = await client.version();
    const latencyMs = Math.round(performance.now() - started);
    const providers = await installedProviders(client);
    const absent = PROVIDERS.filter((p) => p.required && !providers.find((i) => i.name === p.name)?.installed).map((p) => p.name);
    const problems = providers
      .filter((i) => i.installed && i.problems.length && PROVIDERS.find((p) => p.name === i.name)?.required)
      .map((i) => `${i.name}: ${i.problems.join("; ")}`);
    const message = [...(absent.length ? [`providers not installed: ${absent.join(", ")}`] : []), ...problems].join("; ");
    return {
      reachable: true,
      latencyMs,
      kubernetesVersion: v.gitVersion,
      ready: absent.length === 0 && problems.length === 0,
      providers,
      ...(message ? { message } : {}),
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof KubeCredentialsRefused || e instanceof DomainError) return { reachable: true, ready: false, providers: [], message };
    if (e instanceof TunnelDisconnected) return { reachable: false, ready: false, providers: [], message, reason: e.reason };
    if (e instanceof RetryableError) return { reachable: false, ready: false, providers: [], message };
    return { reachable: false, ready: false, providers: [], message: `${client.label} could not be probed: ${message}` };
  }
}

/** GET /v1/management-clusters/{id}/health. */
export async function checkHealth(deps: Deps, id: string): Promise<ManagementClusterHealth> {
  return healthOf(deps, await getManagementClusterRecord(deps, id));
}

export async function healthOf(deps: Deps, mc: ManagementCluster | ManagementClusterRecord): Promise<ManagementClusterHealth> {
  const base = { id: mc.id, name: mc.name, connectivity: mc.connectivity, checkedAt: deps.clock.now().toISOString() };
  const opts = { timeoutMs: mc.connectivity === "remote" ? TUNNEL_HEALTH_TIMEOUT_MS : HEALTH_TIMEOUT_MS };
  const client = "credentialsVersion" in mc ? await clientFor(deps, mc, opts) : await kubeFor(deps, mc.id, opts);
  if (mc.connectivity !== "remote") return { ...base, ...(await probe(client)) };
  // remote: the tunnel's state is part of the answer, and a tunnel that is down is said so, with since when
  const { readTunnel, tunnelView } = await import("../tunnel/state.js");
  const tunnel = tunnelView(await readTunnel(deps, managementSubject(mc.id)), deps.clock.now(), mc.createdAt);
  if (tunnel.state !== "connected") {
    const down = new TunnelDisconnected(
      `management cluster ${mc.name}`,
      tunnel.state === "disconnected" ? tunnel.since : undefined,
      tunnel.state === "awaiting-agent" ? "no cluster agent has connected yet" : undefined,
    );
    return { ...base, reachable: false, ready: false, providers: [], reason: down.reason, message: down.message, tunnel };
  }
  return { ...base, ...(await probe(client)), tunnel };
}
