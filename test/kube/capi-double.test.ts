import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { renderClusterObjects } from "../../core/clusters/render.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { CapiControllers } from "../doubles/capi-controllers.js";
import { testKube } from "../support/kube.js";

/**
 * The CAPI controllers' test double itself, against the real test apiserver:
 * workers are reported updated only once their control plane reports a
 * version at least theirs, as with real kubelets (never newer than the API
 * server). Other tests rely on this to catch an upgrade that rolls workers
 * first.
 */
const kube = testKube();
const domain = `skew-${randomBytes(3).toString("hex")}`;
const clusterId = `cl_${randomBytes(13).toString("hex").slice(0, 26)}`;
const namespace = clusterNamespace(clusterId);
const capi = new CapiControllers(kube, { matches: (l) => l["ckp.io/domain"] === domain });
afterAll(async () => {
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${namespace}`);
  for (const [path, name] of [
    ["/apis/cluster.x-k8s.io/v1beta1", "clusters/skew"],
    ["/apis/cluster.x-k8s.io/v1beta1", "machinedeployments/workers"],
    ["/apis/controlplane.cluster.x-k8s.io/v1alpha1", "kamajicontrolplanes/skew"],
    ["/apis/infrastructure.cluster.x-k8s.io/v1beta1", "byohosts/host-1"],
  ]) {
    await kubeRequest(kube, "DELETE", `${path}/namespaces/${namespace}/${name}`);
  }
  await capi.reconcile().catch(() => undefined); // finalizes the namespace
});

const objects = (version: string) =>
  renderClusterObjects({
    clusterId,
    domain,
    project: "p",
    name: "skew",
    kubernetesVersion: version,
    workers: { count: 1, hostGroup: "g" },
    imageRegistry: "docker.io/coredgeio",
    byohBundle: { repository: "docker.io/coredgeio" },
  });

async function apply(kinds: string[], version: string): Promise<void> {
  for (const o of objects(version).filter((x) => kinds.includes(x.kind))) {
    const [group, ver] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
    const plural = `${o.kind.toLowerCase()}s`;
    const base = group ? `/apis/${group}/${ver}` : `/api/${ver}`;
    const path =
      o.kind === "Namespace" ? `${base}/namespaces/${o.metadata.name}` : `${base}/namespaces/${namespace}/${plural}/${o.metadata.name}`;
    const res = await kubeRequest(kube, "PATCH", `${path}?fieldManager=test&force=true`, {
      body: JSON.stringify(o),
      contentType: "application/apply-patch+yaml",
    });
    expect(res.status, `${o.kind}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(300);
  }
}

const md = async () =>
  (await kubeRequest(kube, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${namespace}/machinedeployments/workers`)).body;
const kcp = async () =>
  (await kubeRequest(kube, "GET", `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${namespace}/kamajicontrolplanes/skew`)).body;

/** A host the cluster holds, for its one worker's Machine to run on (the double plays BYOH's claim). */
async function hostForTheWorker(): Promise<void> {
  const res = await kubeRequest(kube, "POST", `/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/${namespace}/byohosts`, {
    body: {
      apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1",
      kind: "ByoHost",
      metadata: { name: "host-1", labels: { "ckp.io/domain": domain, "ckp.io/host-group": "g", "ckp.io/cluster-id": clusterId } },
      spec: {},
    },
  });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
}

describe("CAPI controllers double", () => {
  it("does not report workers newer than their control plane as updated, and records the skew", async () => {
    await apply(["Namespace", "KamajiControlPlane", "Cluster", "ByoMachineTemplate", "MachineDeployment"], "v1.29.0");
    await hostForTheWorker();
    await capi.reconcile();
    await capi.reconcile();
    expect((await kcp()).status).toMatchObject({ ready: true, version: "v1.29.0" });
    expect((await md()).status).toMatchObject({ updatedReplicas: 1, readyReplicas: 1 });

    // workers first: the MachineDeployment asks for v1.30.6 while the control plane reports v1.29.0
    await apply(["MachineDeployment"], "v1.30.6");
    const skewed = await md();
    for (let i = 0; i < 3; i++) await capi.reconcile();
    expect((await md()).status.observedGeneration).toBeLessThan(skewed.metadata.generation);
    expect(capi.skew).toEqual([`${namespace}/workers@${skewed.metadata.generation}: workers v1.30.6, control plane v1.29.0`]);

    // the control plane catches up: now the workers roll
    await apply(["KamajiControlPlane"], "v1.30.6");
    await capi.reconcile();
    await capi.reconcile();
    expect((await kcp()).status.version).toBe("v1.30.6");
    expect((await md()).status).toMatchObject({ observedGeneration: skewed.metadata.generation, updatedReplicas: 1 });
    expect(capi.skew).toHaveLength(1);
    expect(capi.errors).toEqual([]);
  });
});
