import { requireAutoscalingBounds, requireAutoscalingProvider } from "../autoscaling/karpenter-policy.js";
import { getCluster, requireReady, startOperation } from "../clusters/clusters.js";
import type { Cluster } from "../clusters/model.js";
import type { Ctx, Deps } from "../deps.js";
import { unprocessable } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { checkIfMatch } from "../store/read.js";
import { type AddonName, addonValues } from "./catalog.js";
import { desiredAddon, desiredAddons } from "./desired.js";

/**
 * A cluster's addons as the API shows them (GET …/clusters/{id}/addons, and
 * the addon and machine-health conditions of GET …/status), and the command
 * that enables, disables or reconfigures one (PATCH …/addons/{name}): it
 * records the new wish and starts the `addons` operation of the saga, which
 * applies it and waits until the workload cluster shows it healthy.
 */
export interface AddonChange {
  enabled?: boolean | undefined;
  /** the addon's values: they replace the previous ones, defaults fill what is left out */
  values?: Record<string, unknown> | undefined;
}

/**
 * Enables, disables or reconfigures one of a Ready cluster's addons (or
 * retries after a failed change) by starting the `addons` operation. Only
 * optional addons (Velero) are switched on or off after creation; values
 * must fit the addon's schema. Changing nothing changes nothing.
 */
export async function changeClusterAddon(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  name: AddonName,
  change: AddonChange,
  ifMatch?: number,
): Promise<Cluster> {
  const c = await getCluster(deps, t, id, true);
  checkIfMatch(`cluster ${c.name}`, c.version, ifMatch);
  const a = desiredAddon(c, name);
  if (!a) {
    throw unprocessable(
      `cluster ${c.name} does not run ${name}: its CNI is ${c.cni.name}`,
      { addon: name, addons: desiredAddons(c).map((x) => x.name) },
      "cluster.addon-not-applicable",
    );
  }
  const enabled = change.enabled ?? a.enabled;
  if (enabled !== a.enabled && a.def.policy !== "optional") {
    throw unprocessable(
      `${name} is ${a.def.policy === "required" ? "required" : "chosen when the cluster is created"}; only optional addons (${desiredAddons(
        c,
      )
        .filter((x) => x.def.policy === "optional")
        .map((x) => x.name)
        .join(", ")}) are enabled or disabled later`,
      { addon: name, policy: a.def.policy },
      "cluster.addon-not-optional",
    );
  }
  const values = change.values !== undefined ? addonValues(name, change.values) : a.values;
  if (a.def.kind === "autoscaling") requireAutoscalingBounds(values);
  const retry = c.phase === "Failed" && c.operation === "addons";
  const same = enabled === a.enabled && JSON.stringify(values) === JSON.stringify(a.values);
  if (same && !retry) {
    requireReady(c, "changed");
    return c;
  }
  if (!retry) requireReady(c, "changed");
  if (a.def.kind === "autoscaling" && enabled) requireAutoscalingProvider(c.resolved?.providerCluster.type, c.providerCluster);
  let set: Partial<Cluster>;
  if (a.def.kind === "cni") set = { cni: { ...c.cni, values } };
  else {
    const addons = c.addons ?? {
      storage: { enabled: false, values: addonValues("ceph-rbd-csi", {}) },
      velero: { enabled: false, values: {} },
    };
    const next = { enabled, values };
    set = {
      addons:
        a.def.kind === "storage"
          ? { ...addons, storage: { ...addons.storage, values } }
          : a.def.kind === "backup"
            ? { ...addons, velero: next }
            : { ...addons, karpenter: next },
    };
  }
  const { tx, next, first, generation } = startOperation(deps, ctx, c, "addons", {
    set,
    condition: retry ? "version = :v AND phase = :failed AND operation = :op0" : "version = :v AND phase = :ready",
    values: retry ? { ":v": c.version, ":failed": "Failed", ":op0": "addons" } : { ":v": c.version, ":ready": "Ready" },
  });
  tx.emit(
    "ckp.cluster.addons-change-requested",
    `clusters/${id}`,
    { clusterId: id, generation, step: first, addon: name, enabled, values },
    t,
  );
  await tx.commit();
  return next;
}
