import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { workloadPort } from "../../core/addons/workload.js";
import { nodePoolKeys, syncClusterNodePools, syncNodePool } from "../../core/autoscaling/node-pool-sync.js";
import { clusterKeys } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { RetryableError } from "../../core/shared/errors.js";
import { newId } from "../../core/shared/ids.js";
import { installCrds, type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { kubeconfigFor } from "../doubles/workload-clusters.js";
import { Api, eventually } from "../support/api.js";
import { registerTestManagementCluster, testDeps, testKube } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * Karpenter node pools in a workload cluster (issue 17, point 6): a pool
 * asked through the API reaches a real kube-apiserver holding Karpenter's
 * and its Cluster API provider's real CRDs (../shared/crds) as a NodePool
 * and a ClusterAPINodeClass, through the machines worker, by server-side
 * apply with Strict field validation; a change changes the NodePool, a
 * delete removes both; what Karpenter reports (the NodePool's status, its
 * NodeClaims) is read back onto the pool. Karpenter's controller does not
 * run here: where the test needs what it writes (status, NodeClaims), the
 * test writes it into the workload apiserver, and the control plane only
 * reads it.
 *
 * The cluster's item is written into the table as the saga leaves a Ready
 * cluster, and its `<cluster>-kubeconfig` Secret on the management cluster
 * as Kamaji's provider would: the saga itself is tested elsewhere.
 */
const kube = testKube();
const cp = inject("controlPlane");
const admin = new Api(cp.url, cp.adminToken);
const deps = testDeps();
const ports = { workload: workloadPort(deps) };
const KARPENTER_CRDS = ["karpenter-v1.14.1", "karpenter-provider-cluster-api-v0.2.0"];
const NODEPOOLS = "/apis/karpenter.sh/v1/nodepools";
const NODECLAIMS = "/apis/karpenter.sh/v1/nodeclaims";
const NODECLASSES = "/apis/karpenter.cluster.x-k8s.io/v1alpha1/clusterapinodeclasses";

let workload: KubeApiserver;
let mc: { id: string; name: string };
let t: Tenant;

beforeAll(async () => {
  [workload, mc, t] = await Promise.all([startKubeApiserver(), registerTestManagementCluster(admin), newTenant({ admin })]);
}, 120_000);

afterAll(async () => {
  await workload?.stop();
});

/** A Ready cluster of the tenant whose workload cluster is `workload`, with the Karpenter addon on. */
async function cluster(api: KubeApiserver = workload): Promise<Cluster> {
  const id = newId("cl");
  const name = uniqueName("np");
  const namespace = clusterNamespace(id);
  const at = new Date().toISOString();
  const c = {
    id,
    name,
    domain: t.domain,
    project: t.project,
    kubernetesVersion: "v1.31.2",
    cni: { name: "cilium", version: "1.16.1" },
    addons: {
      storage: { enabled: false, values: {} },
      velero: { enabled: false, values: {} },
      karpenter: { enabled: true, values: {} },
    },
    providerCluster: "ccs",
    hostGroup: "vms",
    workers: 1,
    machines: { os: "ubuntu-20.04", arch: "amd64" },
    network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
    extraArgs: {},
    labels: {},
    annotations: {},
    phase: "Ready",
    conditions: [],
    operation: "create",
    generation: 1,
    step: "done",
    steps: [],
    resolved: {
      providerCluster: { name: "ccs", type: "ccs-vm" },
      managementClusterId: mc.id,
      managementCluster: mc.name,
    },
    provisioned: [],
    hostIds: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  } as Cluster;
  // not on the reconcilers' index: nothing but this test and the node pool code looks at it
  await deps.db.send(
    new PutCommand({ TableName: deps.table, Item: { ...clusterKeys.cluster(t, id), kind: "cluster", type: "capi", ...c } }),
  );
  const ns = await kubeRequest(kube, "POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
  });
  expect(ns.status, JSON.stringify(ns.body)).toBe(201);
  const secret = await kubeRequest(kube, "POST", `/api/v1/namespaces/${namespace}/secrets`, {
    body: {
      apiVersion: "v1",
      kind: "Secret",
      type: "cluster.x-k8s.io/secret",
      metadata: { name: `${name}-kubeconfig`, namespace, labels: { "cluster.x-k8s.io/cluster-name": name } },
      data: { value: Buffer.from(kubeconfigFor(name, api)).toString("base64") },
    },
  });
  expect(secret.status, JSON.stringify(secret.body)).toBe(201);
  return c;
}

const getIn = async (path: string, api: KubeApiserver) => {
  const r = await kubeRequest(api, "GET", path);
  return r.status === 200 ? r.body : undefined;
};
const get = (path: string) => getIn(path, workload);

async function writeStatus(path: string, status: Record<string, unknown>) {
  const r = await kubeRequest(workload, "PATCH", `${path}/status`, { body: { status }, contentType: "application/merge-patch+json" });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A NodeClaim as Karpenter makes one for a pool, with the status it writes as the machine comes up. */
async function nodeClaim(pool: string, name: string, o: { conditions: Array<[string, string]>; providerID?: string; nodeName?: string }) {
  const made = await kubeRequest(workload, "POST", NODECLAIMS, {
    body: {
      apiVersion: "karpenter.sh/v1",
      kind: "NodeClaim",
      metadata: { name, labels: { "karpenter.sh/nodepool": pool, "node.kubernetes.io/instance-type": "m1.large" } },
      spec: {
        nodeClassRef: { group: "karpenter.cluster.x-k8s.io", kind: "ClusterAPINodeClass", name: pool },
        requirements: [{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }],
      },
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const now = new Date().toISOString();
  await writeStatus(`${NODECLAIMS}/${name}`, {
    ...(o.providerID ? { providerID: o.providerID } : {}),
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    conditions: o.conditions.map(([type, status]) => ({ type, status, reason: type, message: "", lastTransitionTime: now })),
  });
}

describe("node pools in the workload cluster", () => {
  it("holds a pool while Karpenter's CRDs are not served, then applies it as a NodePool and ClusterAPINodeClass the real CRDs accept (Strict)", async () => {
    const c = await cluster();
    const path = `${t.base}/clusters/${c.id}/node-pools`;
    const made = await t.projectAdmin.post(path, {
      name: "general",
      requirements: { architectures: ["amd64", "arm64"], flavors: ["m1.large", "m1.xlarge"], zones: ["az-1"] },
      labels: { team: "web", "node.kubernetes.io/tier": "general" },
      taints: [
        { key: "dedicated", value: "web", effect: "NoSchedule" },
        { key: "spot", effect: "PreferNoSchedule" },
      ],
      limits: { cpu: "8", memory: "64Gi" },
      disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "30s" },
      weight: 20,
    });
    expect(made.status, made.text).toBe(201);
    // no Karpenter in the cluster yet: the pool waits, and says so
    expect(made.body.status).toMatchObject({ state: "Pending" });
    expect(made.body.status.message).toContain("Karpenter is not installed");
    const held = await syncNodePool(deps, ports, t, c.id, "general").catch((e: unknown) => e);
    expect(held).toBeInstanceOf(RetryableError);
    expect((held as Error).message).toMatch(
      /held: Karpenter is not installed in the cluster yet \(CustomResourceDefinition nodepools\.karpenter\.sh/,
    );

    for (const dir of KARPENTER_CRDS) await installCrds(workload, join(kube.crdDir, dir));
    // the addon installed: every pool of the cluster is applied (the saga's hook), and the worker's retry finds it done
    const synced = await syncClusterNodePools(deps, ports, c);
    expect(synced).toEqual({ applied: ["general"], rejected: [], pruned: [] });

    const pool = await get(`${NODEPOOLS}/general`);
    expect(pool.metadata.labels).toMatchObject({ "ckp.io/node-pool": "general", "app.kubernetes.io/managed-by": "ckp" });
    expect(pool.spec.template.metadata.labels).toEqual({
      team: "web",
      "node.kubernetes.io/tier": "general",
      "ckp.io/node-pool": "general",
    });
    expect(pool.spec.template.spec.nodeClassRef).toEqual({
      group: "karpenter.cluster.x-k8s.io",
      kind: "ClusterAPINodeClass",
      name: "general",
    });
    expect(pool.spec.template.spec.requirements).toEqual([
      { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] },
      { key: "node.kubernetes.io/instance-type", operator: "In", values: ["m1.large", "m1.xlarge"] },
      { key: "topology.kubernetes.io/zone", operator: "In", values: ["az-1"] },
    ]);
    expect(pool.spec.template.spec.taints).toEqual([
      { key: "dedicated", value: "web", effect: "NoSchedule" },
      { key: "spot", effect: "PreferNoSchedule" },
    ]);
    expect(pool.spec.limits).toEqual({ cpu: "8", memory: "64Gi" });
    expect(pool.spec.disruption).toMatchObject({ consolidationPolicy: "WhenEmpty", consolidateAfter: "30s" });
    expect(pool.spec.weight).toBe(20);
    const cls = await get(`${NODECLASSES}/general`);
    expect(cls.spec).toEqual({ scalableResourceSelector: { matchLabels: { "ckp.io/cluster-id": c.id } } });
    expect(cls.metadata.labels).toMatchObject({ "ckp.io/node-pool": "general", "app.kubernetes.io/managed-by": "ckp" });

    // in the cluster, not (yet) Ready: Karpenter has not looked at it
    const read = await t.projectAdmin.get(`${path}/general`);
    expect(read.body.status).toMatchObject({ state: "NotReady", appliedVersion: 1, nodes: 0, limitReached: false, nodeClaims: [] });
  });

  it("carries a change into the NodePool and a delete out of the cluster, through the machines worker", async () => {
    const c = await cluster();
    const path = `${t.base}/clusters/${c.id}/node-pools`;
    expect((await t.projectAdmin.post(path, { name: "burst", limits: { cpu: "4" }, weight: 5 })).status).toBe(201);
    const first = await eventually(() => get(`${NODEPOOLS}/burst`), 60_000, "NodePool burst applied by the machines worker");
    expect(first.spec.limits).toEqual({ cpu: "4" });
    expect(first.spec.weight).toBe(5);

    const changed = await t.projectAdmin.patch(
      `${path}/burst`,
      { limits: { cpu: "16000m", memory: "32Gi" }, requirements: { architectures: ["arm64"] }, weight: null },
      { "if-match": '"1"' },
    );
    expect(changed.status, changed.text).toBe(200);
    const second = await eventually(
      async () => {
        const p = await get(`${NODEPOOLS}/burst`);
        return p?.spec.limits.cpu === "16000m" ? p : undefined;
      },
      60_000,
      "NodePool burst changed",
    );
    expect(second.spec.limits).toEqual({ cpu: "16000m", memory: "32Gi" });
    expect(second.spec.weight).toBeUndefined();
    expect(second.spec.template.spec.requirements).toContainEqual({ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] });
    await eventually(async () => ((await t.projectAdmin.get(`${path}/burst`)).body.status.appliedVersion === 2 ? true : undefined), 30_000);

    expect((await t.projectAdmin.delete(`${path}/burst`)).status).toBe(204);
    await eventually(
      async () => ((await get(`${NODEPOOLS}/burst`)) === undefined && (await get(`${NODECLASSES}/burst`)) === undefined ? true : undefined),
      60_000,
      "NodePool and ClusterAPINodeClass burst removed",
    );
  });

  it("shows what Karpenter did: Ready, nodes, resources, NodeClaims and their phases, and a cpu limit reached", async () => {
    const c = await cluster();
    const path = `${t.base}/clusters/${c.id}/node-pools`;
    expect((await t.projectAdmin.post(path, { name: "full", limits: { cpu: "8000m" } })).status).toBe(201);
    expect((await t.projectAdmin.post(path, { name: "roomy", limits: { cpu: "64" } })).status).toBe(201);
    await eventually(async () => ((await get(`${NODEPOOLS}/full`)) && (await get(`${NODEPOOLS}/roomy`)) ? true : undefined), 60_000);
    const now = new Date().toISOString();
    const ready = [{ type: "Ready", status: "True", reason: "Ready", message: "", lastTransitionTime: now }];
    await writeStatus(`${NODEPOOLS}/full`, { conditions: ready, nodes: 2, resources: { cpu: "8", memory: "16Gi", pods: "220" } });
    await writeStatus(`${NODEPOOLS}/roomy`, { conditions: ready, nodes: 1, resources: { cpu: "4" } });
    await nodeClaim("full", "full-a", {
      conditions: [
        ["Launched", "True"],
        ["Registered", "True"],
        ["Initialized", "True"],
      ],
      providerID: "openstack:///3f6c2e1a",
      nodeName: "full-a-node",
    });
    await nodeClaim("full", "full-b", { conditions: [["Launched", "True"]], providerID: "openstack:///9b1d0c77" });
    await nodeClaim("roomy", "roomy-a", { conditions: [["Launched", "False"]] });

    const full = (await t.projectAdmin.get(`${path}/full`)).body;
    expect(full.status).toMatchObject({
      state: "Ready",
      nodes: 2,
      resources: { cpu: "8", memory: "16Gi", pods: "220" },
      limitReached: true,
      conditions: [expect.objectContaining({ type: "Ready", status: "True" })],
    });
    expect(full.status.nodeClaims).toEqual([
      expect.objectContaining({
        name: "full-a",
        phase: "Initialized",
        providerID: "openstack:///3f6c2e1a",
        nodeName: "full-a-node",
        instanceType: "m1.large",
      }),
      expect.objectContaining({ name: "full-b", phase: "Launched", providerID: "openstack:///9b1d0c77" }),
    ]);
    expect(full.status.nodeClaims[1].nodeName).toBeUndefined();
    const list = (await t.projectAdmin.get(path)).body.items;
    const roomy = list.find((p: any) => p.name === "roomy");
    expect(roomy.status).toMatchObject({ state: "Ready", nodes: 1, limitReached: false });
    expect(roomy.status.nodeClaims).toEqual([expect.objectContaining({ name: "roomy-a", phase: "LaunchFailed" })]);
  });

  it("a pool the cluster's apiserver refuses (a CEL rule) is Rejected with the apiserver's reason, not a failure; a workload cluster that cannot be read is Unknown", async () => {
    const c = await cluster();
    // stored past the API's own check (which refuses such a label with 422): the CRD's CEL rule is the last word
    const at = new Date().toISOString();
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...nodePoolKeys.item(t, c.id, "sneaky"),
          kind: "node-pool",
          name: "sneaky",
          clusterId: c.id,
          requirements: {},
          labels: { "karpenter.sh/custom": "x" },
          taints: [],
          limits: { cpu: "4" },
          disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m" },
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
      }),
    );
    expect(await syncNodePool(deps, ports, t, c.id, "sneaky")).toContain("rejected");
    const shown = (await t.projectAdmin.get(`${t.base}/clusters/${c.id}/node-pools/sneaky`)).body;
    expect(shown.status.state).toBe("Rejected");
    expect(shown.status.message).toContain('label domain "karpenter.sh" is restricted');
    expect(await get(`${NODEPOOLS}/sneaky`)).toBeUndefined();

    // the kubeconfig Secret gone (the cluster's control plane going away): Unknown, with why
    await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${clusterNamespace(c.id)}/secrets/${c.name}-kubeconfig`);
    // the refusal is the pool's own record, and stays shown
    expect((await t.projectAdmin.get(`${t.base}/clusters/${c.id}/node-pools`)).body.items[0].status.state).toBe("Rejected");
    expect(
      (await t.projectAdmin.post(`${t.base}/clusters/${c.id}/node-pools`, { name: "later", limits: { cpu: "1" } })).body.status,
    ).toMatchObject({
      state: "Unknown",
      message: expect.stringContaining("kubeconfig"),
    });
  });

  it("syncClusterNodePools applies every stored pool and prunes what CKP rendered for pools that are gone, leaving other NodePools alone", async () => {
    // a workload cluster of its own: pruning looks at every NodePool CKP rendered in it
    const own = await startKubeApiserver();
    try {
      for (const dir of KARPENTER_CRDS) await installCrds(own, join(kube.crdDir, dir));
      await pruneAndApply(own);
    } finally {
      await own.stop();
    }
  });
});

async function pruneAndApply(own: KubeApiserver) {
  const get = (path: string) => getIn(path, own);
  const c = await cluster(own);
  const path = `${t.base}/clusters/${c.id}/node-pools`;
  // what an earlier CKP pool left behind, and a NodePool someone made by hand
  const leftover = { "ckp.io/node-pool": "old", "app.kubernetes.io/managed-by": "ckp" };
  const nodeClassRef = { group: "karpenter.cluster.x-k8s.io", kind: "ClusterAPINodeClass", name: "x" };
  for (const [name, labels] of [
    ["old", leftover],
    ["by-hand", {}],
  ] as const) {
    const r = await kubeRequest(own, "POST", NODEPOOLS, {
      body: {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name, labels },
        spec: { template: { spec: { nodeClassRef: { ...nodeClassRef, name }, requirements: [] } } },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const r = await kubeRequest(own, "POST", NODECLASSES, {
    body: {
      apiVersion: "karpenter.cluster.x-k8s.io/v1alpha1",
      kind: "ClusterAPINodeClass",
      metadata: { name: "old", labels: leftover },
      spec: {},
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  // a NodePool the control plane did not make takes the name: refused
  const taken = await t.projectAdmin.post(path, { name: "by-hand", limits: { cpu: "1" } });
  expect(taken.status, taken.text).toBe(409);
  expect(taken.body.code).toBe("already-exists");
  for (const name of ["a", "b"]) expect((await t.projectAdmin.post(path, { name, limits: { cpu: "2" } })).status).toBe(201);

  const out = await syncClusterNodePools(deps, ports, c);
  expect(out.applied.sort()).toEqual(["a", "b"]);
  expect(out.pruned).toEqual(["old"]);
  expect(await get(`${NODEPOOLS}/old`)).toBeUndefined();
  expect(await get(`${NODECLASSES}/old`)).toBeUndefined();
  expect(await get(`${NODEPOOLS}/by-hand`)).toBeDefined();
  for (const name of ["a", "b"]) {
    expect((await get(`${NODEPOOLS}/${name}`)).spec.limits).toEqual({ cpu: "2" });
    expect(await get(`${NODECLASSES}/${name}`)).toBeDefined();
  }
}
