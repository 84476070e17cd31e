import type { ClusterCa } from "../pki/cluster-ca.js";
import type { Cluster } from "./model.js";
import type { KubeObjectLike, ObjectRefLike } from "./ports.js";
import { LABELS } from "./render.js";
import { clusterNamespace } from "./spec.js";

/**
 * Where a cluster's CA goes on its management cluster. Cluster API's
 * contract for user-provided certificates: a Secret `<cluster-name>-ca` in
 * the Cluster's namespace, type `cluster.x-k8s.io/secret`, labelled with
 * the cluster name, holding `tls.crt` and `tls.key`; created before the
 * control plane, it is used instead of a generated CA (KubeadmControlPlane
 * looks it up; the kubeadm bootstrap provider reads it for node joins).
 * The Kamaji control plane provider names the TenantControlPlane after the
 * KamajiControlPlane (here: after the cluster), and Kamaji keeps the
 * tenant's CA in `<tenant>-ca` as `ca.crt`/`ca.key` — the same Secret, so
 * both key pairs are written. KamajiControlPlane v0.16 has no field to hand
 * a CA over; see README "Cluster certificates" for what that means.
 */
export function clusterCaSecretRef(c: Pick<Cluster, "id" | "name">): ObjectRefLike {
  return { apiVersion: "v1", kind: "Secret", name: `${c.name}-ca`, namespace: clusterNamespace(c.id) };
}

export function clusterCaSecret(c: Pick<Cluster, "id" | "name" | "domain" | "project">, ca: ClusterCa): KubeObjectLike {
  const ref = clusterCaSecretRef(c);
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { [LABELS.capiCluster]: c.name, [LABELS.clusterId]: c.id, [LABELS.domain]: c.domain, [LABELS.project]: c.project },
      annotations: { "ckp.io/certificate-serial": ca.record.serial },
    },
    type: "cluster.x-k8s.io/secret",
    data: { "tls.crt": b64(ca.certPem), "tls.key": b64(ca.keyPem), "ca.crt": b64(ca.certPem), "ca.key": b64(ca.keyPem) },
  } as KubeObjectLike;
}
