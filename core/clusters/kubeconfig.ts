import type { ManagementKube } from "../byoh/kube.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { getCluster } from "./clusters.js";
import { clusterNamespace } from "./spec.js";

/**
 * A cluster's admin kubeconfig, as the control-plane provider (Kamaji)
 * wrote it next to the Cluster on the management cluster (Secret
 * `<cluster>-kubeconfig`, key `value`) — what `clusterctl get kubeconfig`
 * reads. The control plane never stores it; each hand-out is an audit
 * event (`ckp.cluster.kubeconfig-issued`), since it is the cluster's admin
 * credential.
 */
export async function issueKubeconfig(
  deps: Deps,
  kube: Pick<ManagementKube, "get">,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
): Promise<{ clusterName: string; kubeconfig: string }> {
  const c = await getCluster(deps, t, id, true);
  const mc = c.resolved?.managementClusterId;
  const unavailable = (why: string) =>
    conflict(`cluster ${c.name} has no kubeconfig yet: ${why} (phase ${c.phase})`, { phase: c.phase }, "cluster.kubeconfig-unavailable");
  if (!mc || c.phase === "Deleting")
    throw unavailable(c.phase === "Deleting" ? "it is being deleted" : "it is not placed on a management cluster yet");
  const name = `${c.name}-kubeconfig`;
  const secret = await kube.get(mc, { apiVersion: "v1", kind: "Secret", name, namespace: clusterNamespace(c.id) });
  const value = (secret?.data as Record<string, string> | undefined)?.value;
  if (!value) throw unavailable("its control plane provider has not written it (the control plane is not up)");
  const tx = transaction(deps, ctx);
  tx.emit("ckp.cluster.kubeconfig-issued", `clusters/${c.id}`, { clusterId: c.id, name: c.name }, t);
  await tx.commit();
  return { clusterName: c.name, kubeconfig: Buffer.from(value, "base64").toString("utf8") };
}
