import { ADDONS, addonValues, addonVersion } from "../addons/catalog.js";
import { checkRef, judgeCheck } from "../addons/health.js";
import { IMAGE_REGISTRY } from "../clusters/registry.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import { KubeCredentialsRefused, TunnelDisconnected } from "../kube/errors.js";
import type { KubeObject } from "../kube/objects.js";
import { canonicalJson } from "../shared/canonical-json.js";
import { conflict, isDomainError, RetryableError, unprocessable } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { checkIfMatch } from "../store/read.js";
import {
  ADDON_JOB_LABEL,
  GENERATION_LABEL,
  IMPORTED_CLUSTER_LABEL,
  INSTALLER_NAMESPACE,
  INSTALLER_SERVICE_ACCOUNT,
  jobOutcome,
  jobRef,
  renderAddonJob,
  renderInstallerAccess,
  valuesSecretRef,
} from "./addon-jobs.js";
import { type ImportedClusterRecord, importedAddonsIndex, importedKeys } from "./items.js";
import {
  type AddonCondition,
  IMPORTED_ADDONS,
  type ImportedAddon,
  type ImportedAddonName,
  type ImportedAddonPhase,
  type ImportedAddonStatus,
} from "./model.js";

/**
 * Velero on an imported cluster (docs/addons.md): PATCH …/imported-clusters/{id}/addons/velero
 * records the wish (a new generation, with an event) and then applies it;
 * every read of the cluster applies it again if it is not there yet and
 * judges it — the installer Job's outcome, then the catalog's health checks
 * read through the cluster's connection. The wish is recorded before
 * anything is sent to the cluster, so a process that dies in between loses
 * nothing: the next read (or change) finds the generation's Job missing
 * and applies it.
 */
export interface ImportedAddonChange {
  enabled?: boolean | undefined;
  /** they replace the previous ones; defaults fill what is left out */
  values?: Record<string, unknown> | undefined;
}

export function requireImportedAddon(name: string): ImportedAddonName {
  if ((IMPORTED_ADDONS as readonly string[]).includes(name)) return name as ImportedAddonName;
  throw unprocessable(
    `${name} cannot be enabled on an imported cluster: only ${IMPORTED_ADDONS.join(", ")} can (its CNI and storage are its own)`,
    { addon: name, addons: [...IMPORTED_ADDONS] },
    "imported-cluster.addon-not-supported",
  );
}

/**
 * Records the change; the caller then applies it with `reconcileImportedAddon`.
 * A change that changes nothing records nothing, unless the current
 * generation failed (`failed` says so): then it is a retry, a new generation.
 */
export async function changeImportedAddon(
  deps: Deps,
  ctx: Ctx,
  r: ImportedClusterRecord,
  name: ImportedAddonName,
  change: ImportedAddonChange,
  o: { ifMatch?: number | undefined; failed: () => Promise<boolean> },
): Promise<ImportedClusterRecord> {
  const ifMatch = o.ifMatch;
  checkIfMatch(`imported cluster ${r.name}`, r.version, ifMatch);
  const prev = r.addons?.[name];
  const enabled = change.enabled ?? prev?.enabled ?? false;
  const values = change.values !== undefined ? addonValues(name, change.values) : (prev?.values ?? addonValues(name, {}));
  // a stored map comes back from DynamoDB in any key order
  const same = enabled === (prev?.enabled ?? false) && (!enabled || canonicalJson(values) === canonicalJson(prev?.values));
  if (same && !(prev && (await o.failed()))) return r;
  const tx = transaction(deps, ctx);
  const next: ImportedAddon = { enabled, values, generation: (prev?.generation ?? 0) + 1, changedAt: tx.at };
  const addons = { ...(r.addons ?? {}), [name]: next };
  const t: ProjectRef = { domain: r.domain, project: r.project };
  const index = importedAddonsIndex(r);
  // the first change puts the cluster in the index the schedule checks (core/imported/addon-check.ts)
  tx.update(importedKeys.cluster(t, r.id), "SET addons = :a, version = :nv, updatedAt = :at, gsi1pk = :ipk, gsi1sk = :isk", {
    condition: "version = :v AND #type = :imported",
    names: { "#type": "type" },
    values: {
      ":a": addons,
      ":nv": r.version + 1,
      ":at": tx.at,
      ":v": r.version,
      ":imported": "imported",
      ":ipk": index.gsi1pk,
      ":isk": index.gsi1sk,
    },
    onConditionFailed: () => conflict(`imported cluster ${r.name} changed meanwhile; read it again`),
  }).emit(
    "ckp.importedcluster.addon-change-requested",
    `imported-clusters/${r.id}`,
    { id: r.id, name: r.name, addon: name, enabled, values, generation: next.generation },
    t,
  );
  await tx.commit();
  return { ...r, addons, version: r.version + 1, updatedAt: tx.at };
}

/**
 * Applies the addon's current generation if its Job is not there yet, and
 * says how it stands. `client` is the cluster's connection, or why there is
 * none (a tunnel that is down: Unknown, TunnelDisconnected — retried on the
 * next read, never Failed). Undefined when the addon was never enabled.
 */
export async function reconcileImportedAddon(
  r: ImportedClusterRecord,
  client: KubeClient | Error,
  kubernetesVersion: string | undefined,
  now: string,
  imageRegistry: string = IMAGE_REGISTRY,
): Promise<ImportedAddonStatus | undefined> {
  const a = r.addons?.velero;
  if (!a) return undefined;
  const def = ADDONS.velero;
  // not read yet (a registered cluster's first change): asked now; a cluster that does not answer fails below
  const kube =
    kubernetesVersion ??
    (a.enabled && !(client instanceof Error)
      ? await client.version().then(
          (v) => v.gitVersion,
          () => undefined,
        )
      : undefined);
  const version = kube ? addonVersion("velero", kube) : undefined;
  const base = { ...a, ...(version ? { version: version.version, chartVersion: version.chartVersion } : {}) };
  const answer = (
    phase: ImportedAddonPhase,
    status: AddonCondition["status"],
    reason: string,
    message: string,
    job?: string,
  ): ImportedAddonStatus => ({
    ...base,
    phase,
    ...(job ? { job } : {}),
    conditions: [{ type: def.condition, status, reason, message, lastTransitionTime: now }],
  });
  if (client instanceof Error) return answer("Unknown", "Unknown", reasonOf(client), client.message);
  try {
    const action = a.enabled ? "install" : "uninstall";
    const ref = jobRef("velero", action, a.generation);
    const job = await client.get(ref);
    if (!job) {
      if (a.enabled && !version)
        return answer("Failed", "False", "AddonVersionMissing", `the addon catalog has no Velero for Kubernetes ${kube}`);
      if (r.access === "kubeconfig") await client.applyAll(renderInstallerAccess());
      else if (!(await client.get(installerAccountRef)))
        return answer(
          "Failed",
          "False",
          "InstallerMissing",
          `the cluster has no ServiceAccount ${INSTALLER_NAMESPACE}/${INSTALLER_SERVICE_ACCOUNT}: apply its agent's manifest again (POST …/agent-tokens answers it)`,
        );
      await client.applyAll(
        renderAddonJob({
          clusterId: r.id,
          addon: "velero",
          action,
          generation: a.generation,
          ...(version ? { version } : {}),
          values: a.values,
          imageRegistry,
        }),
      );
      return a.enabled
        ? answer("Installing", "False", "Installing", `installer Job ${INSTALLER_NAMESPACE}/${ref.name} started`, ref.name)
        : answer("Uninstalling", "False", "Uninstalling", `uninstaller Job ${INSTALLER_NAMESPACE}/${ref.name} started`, ref.name);
    }
    const outcome = jobOutcome(job);
    const what = `${a.enabled ? "installer" : "uninstaller"} Job ${INSTALLER_NAMESPACE}/${ref.name}`;
    if (outcome.state === "failed")
      return answer(
        "Failed",
        "False",
        outcome.reason ?? "JobFailed",
        `${what} failed${outcome.message ? `: ${outcome.message}` : ""}`,
        ref.name,
      );
    if (outcome.state === "running")
      return a.enabled
        ? answer("Installing", "False", "Installing", `${what} is running helm upgrade --install`, ref.name)
        : answer("Uninstalling", "False", "Uninstalling", `${what} is running helm uninstall`, ref.name);
    await removeEarlierJobs(client, r.id, a.generation);
    if (!a.enabled) {
      await client.delete(valuesSecretRef("velero"));
      return answer("Disabled", "False", "Disabled", `velero was uninstalled by ${what}`, ref.name);
    }
    const results = await healthOf(client, a.values);
    const failed = results.filter((x) => !x.ok);
    if (failed.length)
      return answer("Unhealthy", "False", "AddonUnhealthy", `velero: ${failed.map((x) => x.message).join("; ")}`, ref.name);
    return answer(
      "Ready",
      "True",
      "AddonHealthy",
      `velero ${version?.version ?? ""}: ${results.map((x) => x.message).join(", ")}`,
      ref.name,
    );
  } catch (e) {
    if (e instanceof KubeCredentialsRefused) return answer("Unknown", "Unknown", "CredentialsRefused", e.message);
    if (e instanceof TunnelDisconnected || e instanceof RetryableError || isDomainError(e))
      return answer("Unknown", "Unknown", reasonOf(e as Error), (e as Error).message);
    throw e;
  }
}

const installerAccountRef = {
  apiVersion: "v1",
  kind: "ServiceAccount",
  namespace: INSTALLER_NAMESPACE,
  name: INSTALLER_SERVICE_ACCOUNT,
};

function reasonOf(e: Error): string {
  if (e instanceof TunnelDisconnected) return "TunnelDisconnected";
  if (e instanceof KubeCredentialsRefused) return "CredentialsRefused";
  return "Unreachable";
}

/** The catalog's health checks for Velero, read through the cluster's connection. */
async function healthOf(client: KubeClient, values: Record<string, unknown>) {
  const checks = ADDONS.velero.health(values as never);
  const nodes = checks.some((c) => c.kind === "DaemonSet") ? await client.count("v1", "Node") : 0;
  return Promise.all(checks.map(async (c) => judgeCheck(c, await client.get(checkRef(c)), nodes)));
}

/** Jobs of earlier generations go once the current one has finished (their pods with them). */
async function removeEarlierJobs(client: KubeClient, clusterId: string, generation: number): Promise<void> {
  const jobs = await client.list<KubeObject>("batch/v1", "Job", {
    namespace: INSTALLER_NAMESPACE,
    labelSelector: `${ADDON_JOB_LABEL}=velero,${IMPORTED_CLUSTER_LABEL}=${clusterId}`,
  });
  for (const j of jobs.items)
    if (Number(j.metadata.labels?.[GENERATION_LABEL] ?? 0) < generation)
      await client.delete({ apiVersion: "batch/v1", kind: "Job", namespace: INSTALLER_NAMESPACE, name: j.metadata.name });
}
