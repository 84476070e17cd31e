import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { renderClusterObjects } from "../../core/clusters/render.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { WorkloadClusters } from "../doubles/workload-clusters.js";
import { testKube } from "../support/kube.js";

/**
 * The workload clusters' test double against the real test apiserver: a
 * KamajiControlPlane gets a real kube-apiserver and the `<cluster>-kubeconfig`
 * Secret that reaches it; the kubelet double registers Nodes there; both go
 * when the control plane does.
 */
const kube = testKube();
const domain = `wl-${randomBytes(3).toString("hex")}`;
const clusterId = `cl_${randomBytes(13).toString("hex").slice(0, 26)}`;
const namespace = clusterNamespace(clusterId);
const workloads = new WorkloadClusters(kube, {
  matches: (l) => l["ckp.io/domain"] === domain,
  nodeReady: (_c, node) => (node === "w-2" ? { reason: "NetworkPluginNotReady", message: "cni config uninitialized" } : true),
});
afterAll(async () => {
  await workloads.stop();
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${namespace}`);
});

async function apply(o: { apiVersion: string; kind: string; metadata: { name: string } }): Promise<void> {
  const [group, ver] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  const base = group ? `/apis/${group}/${ver}` : `/api/${ver}`;
  const path =
    o.kind === "Namespace"
      ? `${base}/namespaces/${o.metadata.name}`
      : `${base}/namespaces/${namespace}/${o.kind.toLowerCase()}s/${o.metadata.name}`;
  const res = await kubeRequest(kube, "PATCH", `${path}?fieldManager=test&force=true`, {
    body: JSON.stringify(o),
    contentType: "application/apply-patch+yaml",
  });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(300);
}

describe("workload clusters double", () => {
  it("starts an apiserver per control plane, writes its kubeconfig Secret, registers Nodes, and cleans up", async () => {
    const objects = renderClusterObjects({
      clusterId,
      domain,
      project: "p",
      name: "wl",
      kubernetesVersion: "v1.30.6",
      workers: { count: 1, hostGroup: "g" },
      imageRegistry: "docker.io/coredgeio",
      byohBundle: { repository: "docker.io/coredgeio" },
    });
    for (const o of objects.filter((x) => x.kind === "Namespace" || x.kind === "KamajiControlPlane")) await apply(o);
    await workloads.reconcile();
    const api = await workloads.waitFor({ namespace, name: "wl" });

    const secret = await kubeRequest(kube, "GET", `/api/v1/namespaces/${namespace}/secrets/wl-kubeconfig`);
    expect(secret.status).toBe(200);
    expect(secret.body.type).toBe("cluster.x-k8s.io/secret");
    expect(secret.body.metadata.labels["cluster.x-k8s.io/cluster-name"]).toBe("wl");
    const kubeconfig = Buffer.from(secret.body.data.value, "base64").toString();
    expect(kubeconfig).toContain(`server: ${api.server}`);
    // the workload apiserver is a different one, reachable with what the Secret holds
    expect(api.server).not.toBe(kube.server);
    expect((await kubeRequest(api, "GET", "/version")).body.gitVersion).toMatch(/^v1\.30\./);

    // the DaemonSet controller's double counts Nodes on each join or leave, as the real one does on a Node event
    // (told before a Node joins, with the Node counted as joining, so a DaemonSet is scheduled on it first)
    const joining: number[] = [];
    const unsubscribe = workloads.onNodesChanged(() => {
      joining.push(workloads.joiningOn(api.server));
    });
    await workloads.ensureNode({ namespace, name: "wl" }, { name: "w-1", providerID: "byoh://w-1/abc" });
    await workloads.ensureNode({ namespace, name: "wl" }, { name: "w-2" });
    expect(workloads.joiningOn(api.server)).toBe(0);
    expect(joining).toEqual([1, 1]);
    const nodes = (await kubeRequest(api, "GET", "/api/v1/nodes")).body.items as Array<{
      metadata: { name: string };
      spec: { providerID?: string };
      status: { conditions: Array<{ type: string; status: string; reason: string }> };
    }>;
    const ready = Object.fromEntries(nodes.map((n) => [n.metadata.name, n.status.conditions.find((c) => c.type === "Ready")]));
    expect(ready["w-1"]).toMatchObject({ status: "True" });
    expect(ready["w-2"]).toMatchObject({ status: "False", reason: "NetworkPluginNotReady" });
    expect(nodes.find((n) => n.metadata.name === "w-1")?.spec.providerID).toBe("byoh://w-1/abc");
    await workloads.removeNode({ namespace, name: "wl" }, "w-2");
    expect(joining).toEqual([1, 1, 0]);
    unsubscribe();
    expect((await kubeRequest(api, "GET", "/api/v1/nodes/w-2")).status).toBe(404);

    await kubeRequest(kube, "DELETE", `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${namespace}/kamajicontrolplanes/wl`);
    await workloads.reconcile();
    expect((await kubeRequest(kube, "GET", `/api/v1/namespaces/${namespace}/secrets/wl-kubeconfig`)).status).toBe(404);
    expect(await workloads.apiserver({ namespace, name: "wl" })).toBeUndefined();
    expect(workloads.errors).toEqual([]);
  });
});
