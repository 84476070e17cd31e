import { AUTOSCALING_ADDON, BACKUP_ADDON, STORAGE_ADDON } from "../../addons/catalog.js";
import { clusterAddonCheck } from "../../addons/cluster-health.js";
import { type DesiredAddon, desiredAddons } from "../../addons/desired.js";
import {
  ADDON_LABEL,
  addonClusterRef,
  addonObjectNames,
  CAAPH_API_VERSION,
  CRS_API_VERSION,
  renderAddon,
  renderRegistryPullSet,
  resourceSetRetry,
} from "../../addons/render.js";
import { openStorageProfile } from "../../addons/storage-profiles.js";
import { applyLocationSet } from "../../backups/cluster-sync.js";
import { openProjectLocations } from "../../backups/locations.js";
import { selectorOf } from "../../byoh/kube.js";
import type { KubeObject } from "../../kube/objects.js";
import type { Cluster } from "../model.js";
import type { StepName } from "../operations.js";
import type { KubeObjectLike, ObjectRefLike } from "../ports.js";
import { addonRegistry, registryUrlOf } from "../registry.js";
import { LABELS } from "../render.js";
import { clusterNamespace } from "../spec.js";
import {
  byKind,
  done,
  keptRead,
  managementCluster,
  objectNames,
  type StepContext,
  type StepDef,
  StepFailure,
  type StepOutcome,
  skip,
  wait,
} from "./common.js";
import { applyKarpenter, removeKarpenterAccess } from "./karpenter.js";

/**
 * The addon steps (core/addons): the CNI as soon as the control plane is up
 * (no worker's Node is Ready without it), the storage plugin and Velero once
 * the workers are, then a wait until the workload cluster shows every
 * enabled addon healthy. The upgrade moves addons whose version follows the
 * Kubernetes minor; the delete removes the addons' objects before the
 * Cluster, while the workload cluster can still be uninstalled from.
 */

function requireVersion(s: StepContext, a: DesiredAddon): NonNullable<DesiredAddon["version"]> {
  if (!a.version)
    throw new StepFailure(
      "AddonVersionMissing",
      `the addon catalog has no ${a.name} version for Kubernetes ${s.c.target?.kubernetesVersion ?? s.c.kubernetesVersion}`,
    );
  return a.version;
}

/**
 * Server-side applies an enabled addon's objects (the storage plugin's with
 * its Ceph connection, Velero's with the project's backup locations).
 * Answers what it applied besides the chart, if anything.
 */
async function applyAddon(s: StepContext, a: DesiredAddon): Promise<string | undefined> {
  requireVersion(s, a);
  let ceph: Awaited<ReturnType<typeof openStorageProfile>> | undefined;
  if (a.name === STORAGE_ADDON) {
    if (!a.profile) throw new StepFailure("StorageProfileMissing", "the storage plugin is enabled without a storage profile");
    ceph = await openStorageProfile(s.env.deps, s.c.domain, a.profile).catch((e: unknown) => {
      throw new StepFailure("StorageProfileMissing", `storage profile ${a.profile}: ${(e as Error).message}`);
    });
  }
  const { dockerConfigJson, ...registry } = await addonRegistry(s.env.deps.secrets, s.c, s.env.imageRegistry);
  await s.env.capi.apply(managementCluster(s.c), [
    ...(dockerConfigJson ? renderRegistryPullSet(addonClusterRef(s.c), a, dockerConfigJson) : []),
    ...renderAddon(addonClusterRef(s.c), a, { ...registry, ...(ceph ? { ceph } : {}) }),
  ]);
  if (a.name !== BACKUP_ADDON) return undefined;
  const locations = await openProjectLocations(s.env.deps, { domain: s.c.domain, project: s.c.project });
  return applyLocationSet(s.env, managementCluster(s.c), addonClusterRef(s.c), locations);
}

/** Deletes a disabled addon's objects; CAAPH uninstalls its release. Answers how many existed. */
async function removeAddon(s: StepContext, addon: string): Promise<number> {
  const n = addonObjectNames(addonClusterRef(s.c), addon);
  let deleted = 0;
  for (const ref of [n.helmChartProxy, n.clusterResourceSet, n.resourceSecret, n.pullSet, n.pullSetSecret])
    if (await s.env.capi.delete(managementCluster(s.c), ref)) deleted++;
  return deleted;
}

const describe = (a: DesiredAddon) => `${a.name} ${a.version?.version ?? ""}`.trim();

async function waitAddons(s: StepContext) {
  const mc = managementCluster(s.c);
  const now = s.env.deps.clock.now().toISOString();
  // A set applied before its chart's namespace or CRDs exist (Velero's backup locations) fails, and CAPI retries it
  // with a backoff that grows to minutes: a change to the set makes its controller try again now
  const retry = (set: KubeObject) => s.env.capi.apply(mc, [resourceSetRetry(set, now)]);
  const { health, pendingOnManagementCluster } = await clusterAddonCheck(s.env, s.c, mc, now, { onStalledSet: retry });
  if (health.healthy) return done(health.message, { set: { addonHealth: health } });
  const waiting: StepOutcome = {
    kind: "wait",
    reason: health.reason,
    message: health.message,
    addonHealth: health,
    timeoutReason: "AddonUnhealthy",
    // the status sync sees the releases and resource sets change, not the workload cluster's pods
    synced: pendingOnManagementCluster,
  };
  return waiting;
}

export const ADDON_STEPS = {
  "install-cni": {
    condition: "CniInstalled",
    foldable: true,
    async run(s) {
      const cni = desiredAddons(s.c)[0] as DesiredAddon;
      const v = requireVersion(s, cni);
      let endpoint = "";
      if (cni.name === "cilium") {
        // Cilium replaces kube-proxy, so it must know where the API server is: Kamaji publishes it on the Cluster
        const ref = byKind(objectNames(s), "Cluster");
        const mc = managementCluster(s.c);
        // the endpoint does not change once published: wait-control-plane's read of the Cluster in this chain will do
        const endpointOf = (o: KubeObjectLike | undefined) => o?.spec?.controlPlaneEndpoint as { host?: string; port?: number } | undefined;
        let ep = endpointOf(keptRead(s, mc, ref));
        if (!ep?.host || !ep.port) ep = endpointOf(await s.env.capi.get(mc, ref));
        if (!ep?.host || !ep.port)
          return wait(
            "EndpointPending",
            `Cilium runs without kube-proxy and needs the API server's address: waiting for the control plane provider to publish it on Cluster ${ref.name}`,
          );
        endpoint = `, API server ${ep.host}:${ep.port} (no kube-proxy)`;
      }
      await applyAddon(s, cni);
      return done(
        `${describe(cni)} applied as HelmChartProxy ${cni.name} (chart ${cni.def.chart.name} ${v.chartVersion} from oci://${registryUrlOf(s.c.imageRegistry, s.env.imageRegistry)}/charts); pod CIDR ${s.c.network.podCidr}${endpoint}`,
      );
    },
  },

  "install-addons": {
    condition: "AddonsInstalled",
    foldable: true,
    async run(s) {
      const [, ...rest] = desiredAddons(s.c);
      const installed: string[] = [];
      const removed: string[] = [];
      let machineCapacity: Cluster["machineCapacity"];
      for (const a of rest) {
        if (a.enabled && a.name === AUTOSCALING_ADDON) {
          requireVersion(s, a);
          const k = await applyKarpenter(s, a);
          if (k.kind === "wait") return wait(k.reason, k.message);
          machineCapacity = k.machineCapacity;
          installed.push(`${describe(a)} (${k.message})`);
        } else if (a.enabled) {
          const extra = await applyAddon(s, a);
          installed.push(`${describe(a)}${a.profile ? ` (storage profile ${a.profile})` : ""}${extra ? ` (${extra})` : ""}`);
        } else if (s.c.operation !== "create") {
          // a create never applied an addon it has disabled: nothing to look for (five deletes each, all 404)
          const deleted = await removeAddon(s, a.name);
          // a second run of this step (a redelivered message) finds it already gone: it was still this operation's removal
          const wasRunning = s.c.addonHealth?.addons.some((f) => f.addon === a.name && f.state !== "Disabled") ?? false;
          if (deleted === 0 && !wasRunning) continue;
          if (a.name === AUTOSCALING_ADDON) await removeKarpenterAccess(s);
          removed.push(a.name);
        }
      }
      const parts = [
        installed.length ? `applied as HelmChartProxies: ${installed.join(", ")}` : "no addon besides the CNI is enabled",
        ...(removed.length ? [`removed: ${removed.join(", ")}`] : []),
      ];
      return done(parts.join("; "), machineCapacity ? { set: { machineCapacity } } : {});
    },
  },

  "wait-addons": { condition: "AddonsHealthy", run: waitAddons },

  "upgrade-addons": {
    condition: "AddonsUpgraded",
    async run(s) {
      const target = s.c.target?.kubernetesVersion;
      if (!target) throw new StepFailure("NoTarget", "the upgrade has no target version");
      const from = desiredAddons(s.c, s.c.kubernetesVersion);
      const moves = desiredAddons(s.c, target).filter(
        (a) => a.enabled && a.version?.version !== from.find((f) => f.name === a.name)?.version?.version,
      );
      if (moves.length === 0) return skip(`no addon changes version from ${s.c.kubernetesVersion} to ${target}`);
      for (const a of moves) await applyAddon(s, a);
      return done(
        moves.map((a) => `${a.name} ${from.find((f) => f.name === a.name)?.version?.version ?? "?"} → ${a.version?.version}`).join(", "),
      );
    },
  },

  "delete-addons": {
    condition: "AddonsRemoved",
    async run(s) {
      const mc = s.c.resolved?.managementClusterId;
      if (!mc) return skip("the cluster was never placed on a management cluster");
      const namespace = clusterNamespace(s.c.id);
      const ours = { namespace, labelSelector: selectorOf({ [LABELS.clusterId]: s.c.id }) };
      const [proxies, sets, secrets] = await Promise.all([
        s.env.capi.list(mc, CAAPH_API_VERSION, "HelmChartProxy", ours),
        s.env.capi.list(mc, CRS_API_VERSION, "ClusterResourceSet", ours),
        s.env.capi.list(mc, "v1", "Secret", { namespace, labelSelector: selectorOf({ [LABELS.clusterId]: s.c.id }) }),
      ]);
      const refs: ObjectRefLike[] = [
        ...proxies.map((o) => ({ apiVersion: CAAPH_API_VERSION, kind: "HelmChartProxy", name: o.metadata.name, namespace })),
        ...sets.map((o) => ({ apiVersion: CRS_API_VERSION, kind: "ClusterResourceSet", name: o.metadata.name, namespace })),
        ...secrets
          .filter((o) => (o.metadata.labels as Record<string, string> | undefined)?.[ADDON_LABEL])
          .map((o) => ({ apiVersion: "v1", kind: "Secret", name: o.metadata.name, namespace })),
      ];
      for (const r of refs) await s.env.capi.delete(mc, r);
      // the binding records which resource sets were applied to the Cluster; it goes with them
      await s.env.capi.delete(mc, { apiVersion: CRS_API_VERSION, kind: "ClusterResourceSetBinding", name: s.c.name, namespace });
      const releases = await s.env.capi.list(mc, CAAPH_API_VERSION, "HelmReleaseProxy", {
        namespace,
        labelSelector: selectorOf({ [LABELS.capiCluster]: s.c.name }),
      });
      if (releases.length) {
        return wait(
          "AddonsUninstalling",
          `the Helm add-on provider is uninstalling ${releases.length} release(s) from the workload cluster: ${releases.map((r) => r.metadata.name).join(", ")}`,
        );
      }
      return done("no addon object is left on the management cluster; every Helm release is uninstalled");
    },
  },
} satisfies Partial<Record<StepName, StepDef>>;
