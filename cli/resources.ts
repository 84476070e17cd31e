import type { Schemas } from "./api/client.js";
import type { paths } from "./api/schema.js";
import { age, short } from "./format.js";
import type { Session } from "./session.js";

/**
 * Every resource the CLI knows, as one table entry each: its names, where
 * it lives (global, domain or project scope), the API paths of each verb,
 * and the columns `get` prints. Adding a resource is adding an entry here;
 * the paths are checked against the OpenAPI document at compile time.
 */
type Path = keyof paths;
const path = <P extends Path>(p: P): P => p;

/** cluster: a resource under a cluster of the project (node pools); commands take --cluster */
export type Scope = "global" | "domain" | "project" | "cluster";

export interface Column<T> {
  header: string;
  value: (o: T) => string;
  /** only with -o wide */
  wide?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: one table holds resources of different item types
export interface ResourceDef<T = any> {
  /** the kind in manifests: Cluster, HostGroup, … */
  kind: string;
  plural: string;
  singular: string;
  aliases: string[];
  scope: Scope;
  /** what the item paths take ({id}, {name}, {serial}, …) */
  key: (o: T) => string;
  /** the NAME users see and type */
  name: (o: T) => string;
  /** the item paths take an id, but users may give the name: a name is looked up in the list */
  lookupByName?: boolean;
  paths: {
    list?: Path;
    get?: Path;
    create?: Path;
    /** PATCH (merge) or PUT (replace: the CLI reads, merges and sends the whole) */
    update?: { path: Path; method: "PATCH" | "PUT" };
    delete?: Path;
    /** DELETE takes ?force=true */
    force?: boolean;
  };
  /** path parameter names of an item path, besides domain and project */
  itemParams: (key: string) => Record<string, string>;
  columns: Column<T>[];
  /** labels a -l selector matches */
  labels?: (o: T) => Record<string, string>;
  /** the event subject of this resource (describe shows its events) */
  subject?: (o: T) => string;
  /** fields of an existing object `apply` may change with update */
  updatable?: string[];
  /** query parameters `get` takes as flags (e.g. --status) */
  filters?: string[];
  /** the list narrows to the context's domain and project given as query parameters (tokens) */
  scopeQuery?: boolean;
  /** which items of the list path are of this resource (the clusters list holds imported clusters too) */
  listed?: (o: T) => boolean;
  /** -o wide: what the list lacks for the wide columns, read per item */
  widen?: (s: Session, items: T[]) => Promise<T[]>;
  /** not made with create: the command that makes one */
  createdBy?: string;
  /** what delete does when it is not a deletion (imported clusters are detached), and what the user should know after */
  deleteVerb?: string;
  deleteNote?: (o: T) => string;
}

type S = Schemas;

const def = <T>(d: ResourceDef<T>): ResourceDef<T> => d;

const facts = (o: { facts?: Record<string, unknown> }) => {
  const f = (o.facts ?? {}) as { os?: { id?: string; version?: string }; arch?: string; cpus?: number; memoryBytes?: number };
  return {
    os: f.os?.id ? `${f.os.id}-${f.os.version ?? ""}` : "",
    arch: f.arch ?? "",
    cpus: f.cpus !== undefined ? String(f.cpus) : "",
    memory: f.memoryBytes ? `${Math.round(f.memoryBytes / 1024 ** 3)}Gi` : "",
  };
};

const labelText = (l: Record<string, string> | undefined) =>
  Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** What a node pool's nodes use of a limit: `8/16`, or the limit alone while Karpenter reports nothing. */
const usedOf = (used: string | undefined, limit: string | undefined) => (limit ? `${used ?? "0"}/${limit}` : (used ?? ""));

type Imported = S["ImportedCluster"] & { live?: S["ImportedClusterWithLiveState"]["live"]; tunnel?: S["TunnelState"] };

/** An imported cluster's nodes as `2/3` (ready/total): read now when the item was read one by one, else as last observed. */
const importedNodes = (o: Imported) => {
  const ready = o.live?.health.nodesReady ?? o.observed?.readyNodes;
  const total = o.live?.health.nodesTotal ?? o.observed?.nodeCount;
  return total === undefined ? "" : `${ready ?? 0}/${total}`;
};

/** A pool's NodeClaims as `3` or, when they are not all Initialized, `3 (1 Launched, 2 Initialized)`. */
export function claimsText(claims: Array<{ phase: string }> | undefined): string {
  const list = claims ?? [];
  const by = new Map<string, number>();
  for (const c of list) by.set(c.phase, (by.get(c.phase) ?? 0) + 1);
  if (by.size === 0) return "0";
  if (by.size === 1 && by.has("Initialized")) return String(list.length);
  return `${list.length} (${[...by].map(([p, n]) => `${n} ${p}`).join(", ")})`;
}

/** A cluster's Karpenter addon as `1-10` (its worker bounds), or "" when it does not run. */
export function autoscalingText(k: { enabled: boolean; values: Record<string, unknown> } | undefined): string {
  if (!k?.enabled) return "";
  return `${k.values.minWorkers ?? 1}-${k.values.maxWorkers ?? 10}`;
}

export const RESOURCES: ResourceDef[] = [
  def<S["Domain"]>({
    kind: "Domain",
    plural: "domains",
    singular: "domain",
    aliases: ["dom"],
    scope: "global",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: { list: path("/v1/domains"), get: path("/v1/domains/{domain}"), create: path("/v1/domains") },
    itemParams: (k) => ({ domain: k }),
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "DISPLAY NAME", value: (o) => o.displayName ?? "" },
      { header: "AGE", value: (o) => age(o.createdAt) },
    ],
  }),
  def<S["Project"]>({
    kind: "Project",
    plural: "projects",
    singular: "project",
    aliases: ["proj"],
    scope: "domain",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/projects"),
      get: path("/v1/domains/{domain}/projects/{project}"),
      create: path("/v1/domains/{domain}/projects"),
      update: { path: path("/v1/domains/{domain}/projects/{project}"), method: "PATCH" },
    },
    itemParams: (k) => ({ project: k }),
    updatable: ["displayName", "autoApproveHosts", "approval"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "DOMAIN", value: (o) => o.domain },
      { header: "APPROVAL", value: (o) => o.approval?.mode ?? (o.autoApproveHosts ? "always" : "never") },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "DISPLAY NAME", value: (o) => o.displayName ?? "", wide: true },
    ],
  }),
  def<S["Token"]>({
    kind: "Token",
    plural: "tokens",
    singular: "token",
    aliases: ["tok"],
    scope: "global",
    key: (o) => o.id,
    name: (o) => o.id,
    paths: { list: path("/v1/tokens"), create: path("/v1/tokens"), delete: path("/v1/tokens/{id}") },
    scopeQuery: true,
    itemParams: (k) => ({ id: k }),
    columns: [
      { header: "ID", value: (o) => o.id },
      { header: "NAME", value: (o) => o.name },
      { header: "ROLE", value: (o) => o.role },
      { header: "DOMAIN", value: (o) => o.domain ?? "" },
      { header: "PROJECT", value: (o) => o.project ?? "" },
      { header: "EXPIRES", value: (o) => o.expiresAt ?? "never" },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "CREATED BY", value: (o) => o.createdBy ?? "", wide: true },
    ],
  }),
  def<S["Host"]>({
    kind: "Host",
    plural: "hosts",
    singular: "host",
    aliases: ["ho"],
    scope: "project",
    key: (o) => o.id,
    name: (o) => o.id,
    lookupByName: true,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/hosts"),
      get: path("/v1/domains/{domain}/projects/{project}/hosts/{id}"),
      update: { path: path("/v1/domains/{domain}/projects/{project}/hosts/{id}"), method: "PATCH" },
      delete: path("/v1/domains/{domain}/projects/{project}/hosts/{id}"),
      force: true,
    },
    itemParams: (k) => ({ id: k }),
    labels: (o) => o.labels ?? {},
    subject: (o) => `hosts/${o.id}`,
    updatable: ["labels"],
    filters: ["status", "group"],
    columns: [
      { header: "ID", value: (o) => o.id },
      { header: "HOSTNAME", value: (o) => o.hostname },
      { header: "STATUS", value: (o) => o.status },
      { header: "GROUP", value: (o) => o.group ?? "" },
      { header: "CLUSTER", value: (o) => o.clusterId ?? "" },
      { header: "AGENT", value: (o) => o.agent?.status ?? "" },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "OS", value: (o) => facts(o).os, wide: true },
      { header: "ARCH", value: (o) => facts(o).arch, wide: true },
      { header: "CPUS", value: (o) => facts(o).cpus, wide: true },
      { header: "MEMORY", value: (o) => facts(o).memory, wide: true },
      { header: "LABELS", value: (o) => labelText(o.labels), wide: true },
    ],
  }),
  def<S["HostRequest"]>({
    kind: "HostRequest",
    plural: "host-requests",
    singular: "host-request",
    aliases: ["hr", "hostrequests", "hostrequest"],
    scope: "project",
    key: (o) => o.id,
    name: (o) => o.id,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/host-requests"),
      get: path("/v1/domains/{domain}/projects/{project}/host-requests/{id}"),
      delete: path("/v1/domains/{domain}/projects/{project}/host-requests/{id}"),
    },
    itemParams: (k) => ({ id: k }),
    // a request has no labels: selectors match what it reported
    labels: (o) => ({ hostname: o.hostname, machineId: o.machineId, status: o.status, os: facts(o).os, arch: facts(o).arch }),
    subject: (o) => `host-requests/${o.id}`,
    filters: ["status"],
    columns: [
      { header: "ID", value: (o) => o.id },
      { header: "HOSTNAME", value: (o) => o.hostname },
      { header: "STATUS", value: (o) => o.status },
      { header: "HOST", value: (o) => o.hostId ?? "" },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "MACHINE-ID", value: (o) => o.machineId, wide: true },
      { header: "OS", value: (o) => facts(o).os, wide: true },
      { header: "ARCH", value: (o) => facts(o).arch, wide: true },
      { header: "REASON", value: (o) => o.reason ?? "", wide: true },
    ],
  }),
  def<S["HostGroup"]>({
    kind: "HostGroup",
    plural: "host-groups",
    singular: "host-group",
    aliases: ["hg", "hostgroups", "hostgroup"],
    scope: "project",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/host-groups"),
      get: path("/v1/domains/{domain}/projects/{project}/host-groups/{name}"),
      create: path("/v1/domains/{domain}/projects/{project}/host-groups"),
      update: { path: path("/v1/domains/{domain}/projects/{project}/host-groups/{name}"), method: "PATCH" },
      delete: path("/v1/domains/{domain}/projects/{project}/host-groups/{name}"),
      force: true,
    },
    itemParams: (k) => ({ name: k }),
    labels: (o) => o.labels ?? {},
    subject: (o) => `host-groups/${o.name}`,
    updatable: ["description", "labels", "managementCluster"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "HOSTS", value: (o) => String(o.hostCount ?? 0) },
      { header: "MANAGEMENT-CLUSTER", value: (o) => o.managementCluster ?? "" },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "LABELS", value: (o) => labelText(o.labels), wide: true },
      { header: "DESCRIPTION", value: (o) => o.description ?? "", wide: true },
    ],
  }),
  def<S["BackupLocation"]>({
    kind: "BackupLocation",
    plural: "backup-locations",
    singular: "backup-location",
    aliases: ["bsl", "backuplocations", "backuplocation"],
    scope: "project",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/backup-locations"),
      get: path("/v1/domains/{domain}/projects/{project}/backup-locations/{name}"),
      create: path("/v1/domains/{domain}/projects/{project}/backup-locations"),
      update: { path: path("/v1/domains/{domain}/projects/{project}/backup-locations/{name}"), method: "PATCH" },
      delete: path("/v1/domains/{domain}/projects/{project}/backup-locations/{name}"),
    },
    itemParams: (k) => ({ name: k }),
    subject: (o) => `backup-locations/${o.name}`,
    updatable: ["description", "bucket", "prefix", "region", "endpoint", "s3ForcePathStyle", "caBundle", "credentials", "default"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "BUCKET", value: (o) => (o.prefix ? `${o.bucket}/${o.prefix}` : o.bucket) },
      { header: "ENDPOINT", value: (o) => o.endpoint ?? `aws ${o.region}` },
      { header: "DEFAULT", value: (o) => (o.default ? "yes" : "") },
      { header: "VERIFIED", value: (o) => age(o.verifiedAt) },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "DESCRIPTION", value: (o) => o.description ?? "", wide: true },
    ],
  }),
  def<S["ClusterTemplate"]>({
    kind: "ClusterTemplate",
    plural: "cluster-templates",
    singular: "cluster-template",
    aliases: ["ct", "clustertemplates", "clustertemplate", "templates", "template"],
    scope: "domain",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/cluster-templates"),
      get: path("/v1/domains/{domain}/cluster-templates/{name}"),
      // a manifest publishes a version: spec {version, parameters, spec, offeredTo}
      create: path("/v1/domains/{domain}/cluster-templates"),
      update: { path: path("/v1/domains/{domain}/cluster-templates/{name}"), method: "PATCH" },
    },
    itemParams: (k) => ({ name: k }),
    subject: (o) => `cluster-templates/${o.name}`,
    updatable: ["description", "offeredTo"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "LATEST", value: (o) => o.latest ?? "(all deprecated)" },
      {
        header: "VERSIONS",
        value: (o) => o.versions.map((v) => (v.deprecated ? `${v.version} (deprecated)` : v.version)).join(", "),
      },
      { header: "OFFERED-TO", value: (o) => (o.offeredTo.allProjects ? "all projects" : o.offeredTo.projects.join(",") || "nobody") },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "DESCRIPTION", value: (o) => o.description ?? "", wide: true },
    ],
  }),
  def<S["Credential"]>({
    kind: "Credential",
    plural: "credentials",
    singular: "credential",
    aliases: ["cred", "creds"],
    scope: "domain",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/credentials"),
      get: path("/v1/domains/{domain}/credentials/{name}"),
      create: path("/v1/domains/{domain}/credentials"),
      delete: path("/v1/domains/{domain}/credentials/{name}"),
    },
    itemParams: (k) => ({ name: k }),
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "TYPE", value: (o) => o.type },
      { header: "PROVIDER-CLUSTERS", value: (o) => String(o.providerClusterCount ?? 0) },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "SECRET FIELDS", value: (o) => (o.secretFields ?? []).join(","), wide: true },
    ],
  }),
  def<S["ManagementCluster"]>({
    kind: "ManagementCluster",
    plural: "management-clusters",
    singular: "management-cluster",
    aliases: ["mc", "managementclusters", "managementcluster"],
    scope: "global",
    key: (o) => o.id,
    name: (o) => o.name,
    lookupByName: true,
    paths: {
      list: path("/v1/management-clusters"),
      get: path("/v1/management-clusters/{id}"),
      create: path("/v1/management-clusters"),
      update: { path: path("/v1/management-clusters/{id}"), method: "PATCH" },
      delete: path("/v1/management-clusters/{id}"),
    },
    itemParams: (k) => ({ id: k }),
    labels: (o) => o.labels ?? {},
    subject: (o) => `management-clusters/${o.id}`,
    updatable: ["labels", "description", "maxClusters", "schedulable"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "SERVER", value: (o) => o.server ?? "" },
      { header: "CLUSTERS", value: (o) => `${o.clusterCount}${o.maxClusters ? `/${o.maxClusters}` : ""}` },
      { header: "SCHEDULABLE", value: (o) => String(o.schedulable) },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "ID", value: (o) => o.id, wide: true },
      { header: "CONNECTIVITY", value: (o) => o.connectivity, wide: true },
      { header: "LABELS", value: (o) => labelText(o.labels), wide: true },
    ],
  }),
  def<S["ProviderCluster"]>({
    kind: "ProviderCluster",
    plural: "provider-clusters",
    singular: "provider-cluster",
    aliases: ["pc", "providerclusters", "providercluster"],
    scope: "project",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/provider-clusters"),
      get: path("/v1/domains/{domain}/projects/{project}/provider-clusters/{name}"),
      create: path("/v1/domains/{domain}/projects/{project}/provider-clusters"),
      update: { path: path("/v1/domains/{domain}/projects/{project}/provider-clusters/{name}"), method: "PUT" },
      delete: path("/v1/domains/{domain}/projects/{project}/provider-clusters/{name}"),
    },
    itemParams: (k) => ({ name: k }),
    subject: (o) => `provider-clusters/${o.name}`,
    updatable: ["description", "credential", "managementCluster", "placement", "defaults"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "TYPE", value: (o) => o.type },
      { header: "CREDENTIAL", value: (o) => o.credential },
      { header: "PLACEMENT", value: (o) => (o.managementCluster ? o.managementCluster.name : labelText(o.placement?.matchLabels)) },
      { header: "CLUSTERS", value: (o) => String(o.clusterCount ?? 0) },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "SCOPE", value: (o) => o.scope, wide: true },
    ],
  }),
  def<S["Cluster"]>({
    kind: "Cluster",
    plural: "clusters",
    singular: "cluster",
    aliases: ["cl"],
    scope: "project",
    key: (o) => o.id,
    name: (o) => o.name,
    lookupByName: true,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/clusters"),
      get: path("/v1/domains/{domain}/projects/{project}/clusters/{id}"),
      create: path("/v1/domains/{domain}/projects/{project}/clusters"),
      update: { path: path("/v1/domains/{domain}/projects/{project}/clusters/{id}"), method: "PATCH" },
      delete: path("/v1/domains/{domain}/projects/{project}/clusters/{id}"),
    },
    itemParams: (k) => ({ id: k }),
    labels: (o) => o.labels ?? {},
    subject: (o) => `clusters/${o.id}`,
    updatable: ["description", "labels", "annotations"],
    filters: ["template", "templateVersion"],
    // imported clusters are listed beside CAPI ones by the API; they are imported-clusters here, with their own verbs
    listed: (o) => (o as { type?: string }).type !== "imported",
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "VERSION", value: (o) => o.kubernetesVersion },
      { header: "PHASE", value: (o) => o.phase },
      { header: "WORKERS", value: (o) => `${o.observed?.readyWorkers ?? 0}/${o.workers}` },
      { header: "STEP", value: (o) => (o.phase === "Ready" ? "" : o.step) },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "ID", value: (o) => o.id, wide: true },
      { header: "CNI", value: (o) => `${o.cni.name} ${o.cni.version}`, wide: true },
      { header: "PROVIDER", value: (o) => o.providerCluster, wide: true },
      { header: "HOST-GROUP", value: (o) => o.hostGroup, wide: true },
      { header: "MANAGEMENT-CLUSTER", value: (o) => o.resolved?.managementCluster ?? "", wide: true },
      { header: "AUTOSCALING", value: (o) => autoscalingText(o.addons?.karpenter), wide: true },
      { header: "TEMPLATE", value: (o) => (o.template ? `${o.template.name}@${o.template.version}` : ""), wide: true },
    ],
  }),
  def<Imported>({
    kind: "ImportedCluster",
    plural: "imported-clusters",
    singular: "imported-cluster",
    aliases: ["ic", "importedclusters", "importedcluster"],
    scope: "project",
    key: (o) => o.id,
    name: (o) => o.name,
    lookupByName: true,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/imported-clusters"),
      get: path("/v1/domains/{domain}/projects/{project}/imported-clusters/{id}"),
      delete: path("/v1/domains/{domain}/projects/{project}/imported-clusters/{id}"),
    },
    itemParams: (k) => ({ id: k }),
    labels: (o) => o.labels ?? {},
    subject: (o) => `imported-clusters/${o.id}`,
    createdBy: "ckpctl import cluster NAME --kubeconfig FILE, or ckpctl register cluster NAME (an agent dials out)",
    deleteVerb: "detached",
    deleteNote: (o) =>
      `the cluster itself was not touched${o.access === "agent" ? "; to remove its agent, in that cluster: kubectl delete namespace ckp-system" : ""}\n`,
    // the list does not carry the tunnel: an agent cluster's is read from …/agent (a record read, not the cluster)
    widen: (s, items) =>
      Promise.all(
        items.map(async (o) =>
          o.access === "agent" && !o.live
            ? {
                ...o,
                tunnel: (
                  await s.request<S["ClusterAgentStatus"]>("get", "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/agent", {
                    path: { domain: o.domain, project: o.project, id: o.id },
                  })
                ).data.tunnel,
              }
            : o,
        ),
      ),
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "ACCESS", value: (o) => o.access },
      { header: "KUBERNETES", value: (o) => o.live?.kubernetesVersion ?? o.observed?.kubernetesVersion ?? "" },
      { header: "NODES", value: importedNodes },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "ID", value: (o) => o.id, wide: true },
      { header: "TUNNEL", value: (o) => (o.access === "agent" ? ((o.live?.tunnel ?? o.tunnel)?.state ?? "") : "-"), wide: true },
    ],
  }),
  def<S["NodePool"]>({
    kind: "NodePool",
    plural: "node-pools",
    singular: "node-pool",
    aliases: ["np", "nodepools", "nodepool"],
    scope: "cluster",
    key: (o) => o.name,
    name: (o) => o.name,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools"),
      get: path("/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools/{name}"),
      create: path("/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools"),
      update: { path: path("/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools/{name}"), method: "PATCH" },
      delete: path("/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools/{name}"),
    },
    itemParams: (k) => ({ name: k }),
    subject: (o) => `clusters/${o.clusterId}/node-pools/${o.name}`,
    updatable: ["requirements", "labels", "taints", "limits", "disruption", "weight"],
    columns: [
      { header: "NAME", value: (o) => o.name },
      { header: "STATE", value: (o) => o.status.state },
      { header: "NODES", value: (o) => String(o.status.nodes ?? 0) },
      { header: "CPU", value: (o) => usedOf(o.status.resources?.cpu, o.limits.cpu) },
      { header: "LIMIT REACHED", value: (o) => (o.status.limitReached ? "yes" : "no") },
      { header: "CLAIMS", value: (o) => claimsText(o.status.nodeClaims) },
      { header: "AGE", value: (o) => age(o.createdAt) },
      { header: "MEMORY", value: (o) => usedOf(o.status.resources?.memory, o.limits.memory), wide: true },
      { header: "ARCH", value: (o) => (o.requirements.architectures ?? ["any"]).join(","), wide: true },
      { header: "FLAVORS", value: (o) => (o.requirements.flavors ?? ["any"]).join(","), wide: true },
      { header: "CONSOLIDATION", value: (o) => `${o.disruption.consolidationPolicy} after ${o.disruption.consolidateAfter}`, wide: true },
      { header: "WEIGHT", value: (o) => (o.weight === undefined ? "" : String(o.weight)), wide: true },
      { header: "MESSAGE", value: (o) => o.status.message ?? "", wide: true },
    ],
  }),
  def<S["KubernetesRelease"]>({
    kind: "KubernetesVersion",
    plural: "kubernetes-versions",
    singular: "kubernetes-version",
    aliases: ["kv", "versions", "version"],
    scope: "global",
    key: (o) => o.version,
    name: (o) => o.version,
    paths: { list: path("/v1/kubernetes-versions") },
    itemParams: (k) => ({ version: k }),
    columns: [
      { header: "VERSION", value: (o) => o.version },
      { header: "STATUS", value: (o) => o.status },
      { header: "ETCD", value: (o) => o.etcd },
      { header: "COREDNS", value: (o) => o.coredns },
      { header: "CILIUM", value: (o) => o.cni.cilium },
      { header: "UPGRADES-TO", value: (o) => o.upgradeTargets.join(",") },
      { header: "CONTAINERD", value: (o) => o.containerd, wide: true },
      { header: "CALICO", value: (o) => o.cni.calico, wide: true },
      { header: "FLANNEL", value: (o) => o.cni.flannel, wide: true },
    ],
  }),
  def<S["ByohBundle"]>({
    kind: "ByohBundle",
    plural: "bundles",
    singular: "bundle",
    aliases: ["byoh-bundles", "byoh-bundle", "bundles"],
    scope: "global",
    key: (o) => `${o.kubernetesVersion}/${o.os}`,
    name: (o) => `${o.kubernetesVersion}/${o.os}`,
    paths: {
      list: path("/v1/byoh-bundles"),
      get: path("/v1/byoh-bundles/{version}/{os}"),
      delete: path("/v1/byoh-bundles/{version}/{os}"),
    },
    itemParams: (k) => {
      const [version = "", os = ""] = k.split("/");
      return { version, os };
    },
    columns: [
      { header: "VERSION", value: (o) => o.kubernetesVersion },
      { header: "OS", value: (o) => o.os },
      { header: "ARCHITECTURES", value: (o) => (o.architectures ?? ["amd64"]).join(",") },
      { header: "DIGEST", value: (o) => short(o.digest, 19) },
      { header: "AGE", value: (o) => age(o.publishedAt) },
      { header: "REFERENCE", value: (o) => o.ociReference, wide: true },
    ],
  }),
  def<S["Certificate"]>({
    kind: "Certificate",
    plural: "certificates",
    singular: "certificate",
    aliases: ["cert", "certs"],
    scope: "project",
    key: (o) => o.serial,
    name: (o) => o.serial,
    paths: {
      list: path("/v1/domains/{domain}/projects/{project}/certificates"),
      get: path("/v1/domains/{domain}/projects/{project}/certificates/{serial}"),
    },
    itemParams: (k) => ({ serial: k }),
    subject: (o) => `certificates/${o.serial}`,
    filters: ["purpose"],
    columns: [
      { header: "SERIAL", value: (o) => o.serial },
      { header: "PURPOSE", value: (o) => o.purpose },
      { header: "SUBJECT", value: (o) => o.subject },
      { header: "NOT-AFTER", value: (o) => o.notAfter.slice(0, 10) },
      { header: "REVOKED", value: (o) => (o.revoked ? `yes (${o.revocationReason ?? ""})` : "no") },
      { header: "HOST", value: (o) => o.hostId ?? "", wide: true },
      { header: "CLUSTER", value: (o) => o.clusterId ?? "", wide: true },
    ],
  }),
  def<S["AuditEvent"]>({
    kind: "Event",
    plural: "events",
    singular: "event",
    aliases: ["ev"],
    scope: "project",
    key: (o) => o.id,
    name: (o) => o.id,
    paths: { list: path("/v1/domains/{domain}/projects/{project}/events") },
    itemParams: (k) => ({ id: k }),
    filters: ["type", "subject", "actor", "from", "to"],
    columns: [
      { header: "TIME", value: (o) => o.time },
      { header: "TYPE", value: (o) => o.type },
      { header: "SUBJECT", value: (o) => o.subject ?? "" },
      { header: "ACTOR", value: (o) => `${o.actor?.kind ?? ""}:${o.actor?.id ?? ""}` },
      { header: "ID", value: (o) => o.id, wide: true },
    ],
  }),
];

/** A resource by any of its names (plural, singular, alias, manifest kind), case-insensitive. */
export function resourceNamed(word: string): ResourceDef | undefined {
  const w = word.toLowerCase();
  return RESOURCES.find((r) => r.plural === w || r.singular === w || r.kind.toLowerCase() === w || r.aliases.includes(w));
}

export function resourceOfKind(kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.kind.toLowerCase() === kind.toLowerCase()) ?? resourceNamed(kind);
}
