import { LOCATION_LABEL, VELERO_API_VERSION, VELERO_NAMESPACE } from "../backups/render.js";
import type { KubeObject, ObjectRef } from "../kube/objects.js";
import type { HealthCheck } from "./catalog.js";
import type { DesiredAddon } from "./desired.js";
import type { AddonFinding, AddonHealth, AddonState, BackupLocationStatus } from "./model.js";
import { ADDON_LABEL, HCP_NAME_LABEL } from "./render.js";

/**
 * How the control plane judges an addon (core/addons/catalog.ts says what
 * to check): first its Helm release, as the Helm add-on provider reports it
 * on the management cluster (the HelmReleaseProxy: deployed, at the wanted
 * chart version), then the workload cluster itself, read through the
 * cluster's kubeconfig Secret — "deployed" is not "healthy". The judging is
 * pure; `checkAddons` does the reading.
 */

/** What health checks read from the workload cluster. */
export interface WorkloadReader {
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** how many Nodes the workload cluster has */
  nodeCount(): Promise<number>;
  /** every object of a kind in a namespace matching a label selector */
  list(apiVersion: string, kind: string, o: { namespace: string; labelSelector?: string }): Promise<KubeObject[]>;
}

export interface CheckResult {
  ok: boolean;
  /** e.g. "DaemonSet kube-system/cilium 2/3 ready" */
  message: string;
}

const num = (v: unknown) => (typeof v === "number" ? v : 0);

export function checkRef(check: HealthCheck): ObjectRef {
  switch (check.kind) {
    case "DaemonSet":
    case "Deployment":
      return { apiVersion: "apps/v1", kind: check.kind, name: check.name, namespace: check.namespace };
    case "StorageClass":
    case "CSIDriver":
      return { apiVersion: "storage.k8s.io/v1", kind: check.kind, name: check.name };
    case "CustomResourceDefinition":
      return { apiVersion: "apiextensions.k8s.io/v1", kind: check.kind, name: check.name };
  }
}

const describeCheck = (check: HealthCheck) =>
  `${check.kind} ${"namespace" in check && check.namespace ? `${check.namespace}/` : ""}${check.name}`;

/** One health check against the object it reads (undefined: missing) and the workload cluster's node count. */
export function judgeCheck(check: HealthCheck, o: KubeObject | undefined, nodes: number): CheckResult {
  const what = describeCheck(check);
  if (!o) return { ok: false, message: `${what} missing` };
  const st = (o.status ?? {}) as Record<string, unknown>;
  const generation = num(o.metadata.generation);
  const unobserved = generation > 0 && num(st.observedGeneration) < generation;
  switch (check.kind) {
    case "DaemonSet": {
      const desired = num(st.desiredNumberScheduled);
      const ready = num(st.numberReady);
      const updated = num(st.updatedNumberScheduled);
      const want = Math.max(desired, nodes);
      if (unobserved) return { ok: false, message: `${what} ${ready}/${want} ready, generation ${generation} not yet rolled out` };
      if (desired < nodes) return { ok: false, message: `${what} ${ready}/${want} ready, scheduled on ${desired} of ${nodes} node(s)` };
      if (ready < want) return { ok: false, message: `${what} ${ready}/${want} ready` };
      if (updated < want) return { ok: false, message: `${what} ${ready}/${want} ready, ${updated}/${want} updated` };
      return { ok: true, message: `${what} ${ready}/${want} ready` };
    }
    case "Deployment": {
      const want = typeof o.spec?.replicas === "number" ? o.spec.replicas : 1;
      const ready = num(st.readyReplicas);
      const updated = num(st.updatedReplicas);
      if (unobserved) return { ok: false, message: `${what} ${ready}/${want} ready, generation ${generation} not yet rolled out` };
      if (ready < want) return { ok: false, message: `${what} ${ready}/${want} ready` };
      if (updated < want) return { ok: false, message: `${what} ${ready}/${want} ready, ${updated}/${want} updated` };
      return { ok: true, message: `${what} ${ready}/${want} ready` };
    }
    case "StorageClass": {
      const problems: string[] = [];
      const sc = o as KubeObject & { provisioner?: string; reclaimPolicy?: string; allowVolumeExpansion?: boolean };
      if (sc.provisioner !== check.provisioner) problems.push(`provisioner ${sc.provisioner ?? "unset"}, not ${check.provisioner}`);
      if ((sc.reclaimPolicy ?? "Delete") !== check.reclaimPolicy)
        problems.push(`reclaimPolicy ${sc.reclaimPolicy}, not ${check.reclaimPolicy}`);
      if ((sc.allowVolumeExpansion ?? false) !== check.allowVolumeExpansion)
        problems.push(check.allowVolumeExpansion ? "volume expansion off" : "volume expansion on");
      const isDefault = o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true";
      if (isDefault !== check.isDefault) problems.push(check.isDefault ? "not the default class" : "marked as the default class");
      return problems.length ? { ok: false, message: `${what}: ${problems.join(", ")}` } : { ok: true, message: `${what} present` };
    }
    case "CSIDriver":
      return { ok: true, message: `${what} present` };
    case "CustomResourceDefinition": {
      const conds = Array.isArray(st.conditions) ? (st.conditions as Array<{ type: string; status: string }>) : [];
      const established = conds.some((c) => c.type === "Established" && c.status === "True");
      return established ? { ok: true, message: `${what} established` } : { ok: false, message: `${what} not established` };
    }
  }
}

/**
 * The addon's Helm release as CAAPH reports it: undefined once it is
 * deployed at the wanted chart version, else why not (Installing while
 * CAAPH works on it, Unhealthy when the release failed). With the
 * HelmChartProxy CKP applied (`chart`): until CAAPH has observed its latest
 * spec, the release may still be the one made from the spec before (a
 * values change just applied), deployed and not yet updated.
 */
export function judgeRelease(
  a: DesiredAddon,
  release: KubeObject | undefined,
  chart?: KubeObject,
): { state: AddonState; message: string } | undefined {
  const want = a.version?.chartVersion;
  const chartGeneration = num(chart?.metadata.generation);
  if (chart && chartGeneration > 0 && num(chart.status?.observedGeneration) < chartGeneration)
    return { state: "Installing", message: `${a.name}: the Helm add-on provider has not yet acted on the chart proxy's latest spec` };
  if (!release) return { state: "Installing", message: `${a.name}: the Helm add-on provider has not created its HelmReleaseProxy yet` };
  const spec = (release.spec ?? {}) as Record<string, unknown>;
  const st = (release.status ?? {}) as Record<string, unknown>;
  if (spec.version !== want)
    return { state: "Installing", message: `${a.name}: Helm release at chart ${String(spec.version)}, ${want} wanted` };
  const generation = num(release.metadata.generation);
  if (generation > 0 && num(st.observedGeneration) < generation)
    return { state: "Installing", message: `${a.name}: the Helm add-on provider has not yet acted on the release's latest spec` };
  const status = typeof st.status === "string" ? st.status : "";
  if (status === "deployed") return undefined;
  const conds = Array.isArray(st.conditions) ? (st.conditions as Array<{ type: string; status: string; message?: string }>) : [];
  const why = conds.find((c) => c.status === "False" && c.message)?.message;
  if (status === "failed") return { state: "Unhealthy", message: `${a.name}: Helm release failed${why ? `: ${why}` : ""}` };
  return { state: "Installing", message: `${a.name}: Helm release ${status || "not installed yet"}${why ? ` (${why})` : ""}` };
}

/** The HelmReleaseProxy CAAPH made for an addon's HelmChartProxy (named after the addon), among the cluster's. */
export function releaseOf(releases: KubeObject[], addon: string): KubeObject | undefined {
  return releases.find((r) => r.metadata.labels?.[HCP_NAME_LABEL] === addon && !r.metadata.deletionTimestamp);
}

/** Judges one enabled addon: its release, then (if the workload cluster can be read) its health checks. */
export async function judgeAddon(
  a: DesiredAddon,
  release: KubeObject | undefined,
  workload: WorkloadReader | Error,
  chart?: KubeObject,
  /** the addon's ClusterResourceSets (its keys, its backup locations, its registry pull secret) */
  sets: KubeObject[] = [],
): Promise<AddonFinding> {
  const base = { addon: a.name, ...(a.version ? { version: a.version.version } : {}) };
  const installed = typeof release?.spec?.version === "string" ? { installedChartVersion: release.spec.version } : {};
  const rel = judgeRelease(a, release, chart);
  if (rel) return { ...base, ...installed, ...rel, since: "" };
  if (workload instanceof Error)
    return {
      ...base,
      ...installed,
      state: "Unknown",
      message: `${a.name}: the workload cluster cannot be read: ${workload.message}`,
      since: "",
    };
  const checks = a.def.health(a.values as never);
  let results: CheckResult[];
  try {
    const nodes = await workload.nodeCount();
    results = await Promise.all(checks.map(async (ch) => judgeCheck(ch, await workload.get(checkRef(ch)), nodes)));
  } catch (e) {
    return {
      ...base,
      ...installed,
      state: "Unknown",
      message: `${a.name}: the workload cluster cannot be read: ${(e as Error).message}`,
      since: "",
    };
  }
  const failed = results.filter((r) => !r.ok);
  // Velero's backup locations are reported, not judged: an unavailable bucket does not make the cluster not
  // Ready. But they must be there and looked at once: a backup asked for before Velero has validated its
  // location is refused for good (FailedValidation)
  const locations = a.name === "velero" ? await backupLocationStatuses(workload).catch(() => undefined) : undefined;
  const extra = locations ? { backupLocations: locations } : {};
  if (failed.length)
    return {
      ...base,
      ...installed,
      state: "Unhealthy",
      message: `${a.name}: ${failed.map((r) => r.message).join("; ")}`,
      since: "",
      ...extra,
    };
  const pending = [
    ...(judgeResourceSets(sets) ?? []),
    ...(locations ?? []).filter((l) => l.phase === "Pending").map((l) => `backup location ${l.name} not yet validated by Velero`),
  ];
  if (pending.length)
    return { ...base, ...installed, state: "Installing", message: `${a.name}: ${pending.join("; ")}`, since: "", ...extra };
  return {
    ...base,
    ...installed,
    state: "Healthy",
    message: `${a.name} ${a.version?.version ?? ""}: ${results.map((r) => r.message).join(", ")}${locations?.length ? `; ${describeLocations(locations)}` : ""}`,
    since: "",
    ...extra,
  };
}

/** CAPI's condition on a ClusterResourceSet: True once it has applied its resources to every cluster it selects. */
const RESOURCES_APPLIED = "ResourcesApplied";

/**
 * Why an addon's ClusterResourceSets are not yet applied to the workload
 * cluster, as CAPI reports it; undefined once they all are. A set whose
 * objects need the chart's namespace or CRDs fails until the chart is in
 * (CAPI then retries it with a growing backoff: see `stalledResourceSet`).
 */
export function judgeResourceSets(sets: KubeObject[]): string[] | undefined {
  const why = sets
    .filter((x) => !x.metadata.deletionTimestamp)
    .flatMap((x) => {
      const applied = appliedCondition(x);
      if (applied?.status === "True") return [];
      const detail = applied ? `${applied.reason ?? "not applied"}${applied.message ? `: ${applied.message}` : ""}` : "not applied yet";
      return [`ClusterResourceSet ${x.metadata.name}: ${detail}`];
    });
  return why.length ? why : undefined;
}

/** Whether CAPI failed to apply the set and is backing off (ApplyFailed): a nudge makes it try again now. */
export function stalledResourceSet(set: KubeObject): boolean {
  const applied = appliedCondition(set);
  return applied?.status === "False" && applied.reason === "ApplyFailed";
}

function appliedCondition(set: KubeObject): { status?: string; reason?: string; message?: string } | undefined {
  const conditions = (set.status?.conditions ?? []) as Array<{ type: string; status?: string; reason?: string; message?: string }>;
  return conditions.find((x) => x.type === RESOURCES_APPLIED);
}

/** The BackupStorageLocations CKP rendered (core/backups/render.ts), as Velero reports them. */
export async function backupLocationStatuses(workload: WorkloadReader): Promise<BackupLocationStatus[]> {
  const bsls = await workload.list(VELERO_API_VERSION, "BackupStorageLocation", {
    namespace: VELERO_NAMESPACE,
    labelSelector: LOCATION_LABEL,
  });
  return bsls
    .map((o) => {
      const st = (o.status ?? {}) as { phase?: string; lastValidationTime?: string; message?: string };
      const phase = st.phase === "Available" || st.phase === "Unavailable" ? st.phase : "Pending";
      return {
        name: o.metadata.name,
        phase,
        ...(st.lastValidationTime ? { lastValidationTime: st.lastValidationTime } : {}),
        ...(st.message ? { message: st.message } : {}),
      } satisfies BackupLocationStatus;
    })
    .sort((x, y) => x.name.localeCompare(y.name));
}

const describeLocations = (ls: BackupLocationStatus[]) =>
  `backup location${ls.length > 1 ? "s" : ""} ${ls.map((l) => `${l.name} ${l.phase}`).join(", ")}`;

const ORDER: AddonState[] = ["Unknown", "Unhealthy", "Installing"];

/**
 * The findings as one health record; `since` fields carry over from `prev`
 * while nothing changes, and `healthySince` while the addon stays enabled.
 */
export function summarize(findings: AddonFinding[], prev: AddonHealth | undefined, now: string): AddonHealth {
  const addons = findings.map((f) => {
    const before = prev?.addons.find((p) => p.addon === f.addon);
    const healthySince = f.state === "Disabled" ? undefined : (before?.healthySince ?? (f.state === "Healthy" ? now : undefined));
    return { ...f, since: before && before.state === f.state ? before.since : now, ...(healthySince ? { healthySince } : {}) };
  });
  const enabled = addons.filter((f) => f.state !== "Disabled");
  const bad = enabled.filter((f) => f.state !== "Healthy").sort((x, y) => ORDER.indexOf(x.state) - ORDER.indexOf(y.state));
  const healthy = bad.length === 0;
  const first = bad[0];
  const reason = healthy
    ? "AddonsHealthy"
    : first?.state === "Unknown"
      ? "WorkloadUnreachable"
      : bad.some((f) => f.state === "Unhealthy")
        ? "AddonUnhealthy"
        : "AddonsInstalling";
  const message = healthy
    ? `${enabled.map((f) => `${f.addon} ${f.version ?? ""}`.trim()).join(", ")} healthy`
    : bad.map((f) => f.message).join("; ");
  return { healthy, reason, message, addons, since: prev && prev.healthy === healthy ? prev.since : now, checkedAt: now };
}

/** Whether two health records say the same (so nothing needs writing but the time of the check). */
export function sameHealth(a: AddonHealth | undefined, b: AddonHealth): boolean {
  if (!a) return false;
  const key = (h: AddonHealth) =>
    JSON.stringify([
      h.healthy,
      h.reason,
      h.message,
      h.addons.map((f) => [
        f.addon,
        f.state,
        f.version,
        f.installedChartVersion,
        f.healthySince,
        f.message,
        // a location's phase, not each validation's time (Velero validates every minute; the periodic refresh records that)
        f.backupLocations?.map((l) => [l.name, l.phase, l.message]),
      ]),
    ]);
  return key(a) === key(b);
}

/**
 * Whether the Helm add-on provider or CAPI has yet to act on one of a
 * cluster's addon objects on the management cluster (a chart proxy's latest
 * spec not observed, a release not deployed at its latest spec, a resource
 * set not applied); undefined for an object of another kind. The status sync
 * fingerprints only whether any is (core/clusters/status-sync.ts), so the
 * many steps of an install are one change: the moment the last is done.
 */
export function addonObjectPending(o: {
  kind: string;
  metadata: { generation?: number; deletionTimestamp?: unknown };
  status?: Record<string, unknown>;
}): boolean | undefined {
  if (o.metadata.deletionTimestamp) return false;
  const st = o.status ?? {};
  const unobserved = num(o.metadata.generation) > 0 && num(st.observedGeneration) < num(o.metadata.generation);
  switch (o.kind) {
    case "HelmChartProxy":
      return unobserved;
    case "HelmReleaseProxy":
      return unobserved || st.status !== "deployed";
    case "ClusterResourceSet":
      return appliedCondition(o as KubeObject)?.status !== "True";
    default:
      return undefined;
  }
}

/**
 * Whether an enabled addon waits on something the management cluster shows:
 * its chart proxy not yet acted on, its release not yet deployed at the wanted
 * version, or its resource sets not yet applied.
 */
export function pendingOnManagementCluster(
  desired: DesiredAddon[],
  o: { releases: KubeObject[]; charts: KubeObject[]; sets: KubeObject[] },
): boolean {
  return desired.some(
    (a) =>
      a.enabled &&
      (judgeRelease(
        a,
        releaseOf(o.releases, a.name),
        o.charts.find((x) => x.metadata.name === a.name && !x.metadata.deletionTimestamp),
      ) !== undefined ||
        judgeResourceSets(o.sets.filter((x) => x.metadata.labels?.[ADDON_LABEL] === a.name)) !== undefined),
  );
}

/**
 * Every addon of the cluster judged: enabled ones from their release and
 * the workload cluster, disabled ones as Disabled.
 */
export async function checkAddons(
  desired: DesiredAddon[],
  releases: KubeObject[],
  workload: WorkloadReader | Error,
  prev: AddonHealth | undefined,
  now: string,
  /** the cluster's HelmChartProxies (named after their addons) */
  charts: KubeObject[] = [],
  /** the cluster's ClusterResourceSets (labelled with their addon) */
  sets: KubeObject[] = [],
): Promise<AddonHealth> {
  const findings = await Promise.all(
    desired.map((a) =>
      a.enabled
        ? judgeAddon(
            a,
            releaseOf(releases, a.name),
            workload,
            charts.find((x) => x.metadata.name === a.name && !x.metadata.deletionTimestamp),
            sets.filter((x) => x.metadata.labels?.[ADDON_LABEL] === a.name),
          )
        : Promise.resolve<AddonFinding>({ addon: a.name, state: "Disabled", message: `${a.name}: not enabled`, since: "" }),
    ),
  );
  return summarize(findings, prev, now);
}
