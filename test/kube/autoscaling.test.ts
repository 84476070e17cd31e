import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OpenStackSimulator } from "../doubles/openstack-simulator.js";
import { clusterDoubles } from "../support/addons.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { ckpctl } from "../support/ckpctl.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, waitForGone, waitForStatus } from "../support/clusters.js";
import { closedPort, registerTestManagementCluster, testKube } from "../support/kube.js";
import { projectItems } from "../support/leftovers.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * Karpenter autoscaling (docs/autoscaling.md) against the kube tier's
 * management cluster with Cluster API's real controllers: the Karpenter
 * addon and its access to the management cluster, the MachineDeployment
 * handed to it, and the whole loop — a pod no node takes, Karpenter (a
 * double, reaching the management cluster only with the kubeconfig CKP gave
 * it) scales the MachineDeployment, the control plane provisions a CCS VM
 * whose real agent registers and is approved, CAPI's Machine gets the host,
 * and when the pod goes Karpenter removes the node and the VM is released.
 */
const admin = adminApi();
const domains = new Set<string>();
const doubles = clusterDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? "") });
const os = new OpenStackSimulator({
  applicationCredential: { id: "ac", secret: "ac-secret" },
  region: "RegionOne",
  networks: [{ name: "nodes-net", subnets: [{ cidr: "192.168.60.0/24" }] }],
  images: [{ name: "ckp-ubuntu-2004", architecture: "x86_64", osDistro: "ubuntu", osVersion: "20.04" }],
  flavors: [{ name: "m1.large", vcpus: 4, ramMb: 8192 }],
});

beforeAll(async () => {
  doubles.start();
  await os.start();
  await publishTestAgentRelease(admin, useLocalAws());
  await publishBundles(admin, ["v1.31.2"]);
});
afterAll(async () => {
  await doubles.stop();
  await os.stop();
});

async function tenant(): Promise<Tenant> {
  const t = await newTenant({ autoApproveHosts: true });
  domains.add(t.domain);
  return t;
}

async function ccsProvider(t: Tenant): Promise<void> {
  const mc = await registerTestManagementCluster(admin);
  const cred = uniqueName("ccs");
  const c = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
    type: "ccs-openstack",
    name: cred,
    authUrl: os.authUrl,
    applicationCredentialId: "ac",
    applicationCredentialSecret: "ac-secret",
    region: "RegionOne",
  });
  expect(c.status, c.text).toBe(201);
  const pc = await t.admin.post(`/v1/domains/${t.domain}/provider-clusters`, {
    type: "ccs-vm",
    name: "ccs",
    credential: cred,
    managementCluster: mc.name,
    defaults: { images: [{ os: "ubuntu-20.04", arch: "amd64", image: "ckp-ubuntu-2004" }], flavor: "m1.large", network: "nodes-net" },
  });
  expect(pc.status, pc.text).toBe(201);
}

const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;
const MD = (id: string) => `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(id)}/machinedeployments/workers`;

describe("Karpenter autoscaling", () => {
  it("refuses Karpenter on a cluster of a bare-metal provider cluster (422), at creation", async () => {
    const t = await tenant();
    const mc = await registerTestManagementCluster(admin);
    const cred = uniqueName("bms");
    expect(
      (
        await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "orbiter-bms",
          name: cred,
          endpoint: `http://127.0.0.1:${await closedPort()}`,
          hardwareAccessSecret: "s",
        })
      ).status,
    ).toBe(201);
    const pc = await t.admin.post(`/v1/domains/${t.domain}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await groupHosts(t, "metal", []);
    const res = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "metal",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "metal",
      workers: 1,
      addons: { storage: { enabled: false }, karpenter: { enabled: true } },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("cluster.autoscaling-not-supported");
    expect(res.body.detail).toContain("Karpenter autoscaling is supported only for CCS VM host groups");
    expect((await t.projectAdmin.get(`${t.base}/clusters`)).body.items).toEqual([]);
  });

  it("installs Karpenter on a CCS VM cluster, provisions a VM when Karpenter scales up for a pending pod, and releases it when the node empties", async () => {
    const t = await tenant();
    await ccsProvider(t);
    await groupHosts(t, "vms", []);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "auto",
      kubernetesVersion: "v1.31.2",
      providerCluster: "ccs",
      hostGroup: "vms",
      workers: 1,
      addons: { storage: { enabled: false }, karpenter: { enabled: true, values: { minWorkers: 1, maxWorkers: 3 } } },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const path = `${t.base}/clusters/${id}`;
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    const status = (await t.projectAdmin.get(`${path}/status`)).body;
    expect(status.workers).toMatchObject({
      desired: 1,
      assigned: 1,
      autoscaled: 0,
      autoscaling: { enabled: true, minWorkers: 1, maxWorkers: 3, machineCapacity: { flavor: "m1.large", cpu: 4, memoryMb: 8192 } },
    });
    expect(status.addons.items.find((a: any) => a.name === "karpenter")).toMatchObject({ enabled: true, state: "Healthy" });
    expect(ready.steps.find((s: any) => s.name === "install-addons").message).toContain("karpenter v0.2.0 (workers 1–3, 4 CPU / 8192 MiB");

    // the cluster's admin kubeconfig, handed to the project admin (and recorded)
    const kc = await t.projectAdmin.get(`${path}/kubeconfig`);
    expect(kc.status, kc.text).toBe(200);
    expect(kc.headers.get("content-type")).toContain("application/yaml");
    expect(kc.text).toContain("current-context");
    // and with ckpctl, written to a file only its owner reads
    const ctl = await ckpctl();
    const file = join(mkdtempSync(join(tmpdir(), "ckp-kc-")), "auto.kubeconfig");
    const r = await ctl(["kubeconfig", "cluster", "auto", "--file", file], {
      env: { CKP_SERVER: t.projectAdmin.base, CKP_TOKEN: t.projectAdmin.token as string, CKP_DOMAIN: t.domain, CKP_PROJECT: t.project },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(kc.text);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const issued = (await t.projectAdmin.get(`${t.base}/events?type=ckp.cluster.kubeconfig-issued`)).body.items;
    expect(issued.map((e: any) => e.data.clusterId)).toEqual([id, id]);

    // the MachineDeployment is Karpenter's to scale: bounds and scale-from-zero capacity, replicas as CAPI defaulted them
    const kube = testKube();
    const md = (await kubeRequest(kube, "GET", MD(id))).body;
    expect(md.metadata.annotations).toMatchObject({
      "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size": "1",
      "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size": "3",
      "capacity.cluster-autoscaler.kubernetes.io/cpu": "4",
      "capacity.cluster-autoscaler.kubernetes.io/memory": "8192Mi",
    });
    expect(md.spec.replicas).toBe(1);
    // its access: a namespaced Role, nothing cluster-wide
    const role = (await kubeRequest(kube, "GET", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns(id)}/roles/karpenter`)).body;
    expect(role.rules.flatMap((r: any) => r.resources)).toContain("machinedeployments/scale");
    const denied = await kubeRequest(kube, "GET", "/apis/cluster.x-k8s.io/v1beta1/machinedeployments", {
      headers: { "impersonate-user": `system:serviceaccount:${ns(id)}:karpenter` },
    });
    expect(denied.status).toBe(403);

    const pool = await t.projectAdmin.post(`${path}/node-pools`, {
      name: "general",
      requirements: { architectures: ["amd64"], flavors: ["m1.large"] },
      limits: { cpu: "8" },
      disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "10s" },
    });
    expect(pool.status, pool.text).toBe(201);

    // a pod no node takes
    const workload = await doubles.workloads.waitFor({ namespace: ns(id), name: "auto" });
    await eventually(async () => {
      const np = await kubeRequest(workload, "GET", "/apis/karpenter.sh/v1/nodepools/general");
      expect(np.status).toBe(200);
      return true;
    }, 120_000);
    const pod = await kubeRequest(workload, "POST", "/api/v1/namespaces/default/pods", {
      body: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "big" },
        spec: { containers: [{ name: "app", image: "registry.invalid/app:1" }] },
      },
    });
    expect(pod.status, JSON.stringify(pod.body)).toBe(201);

    let grown: any;
    try {
      grown = await eventually(
        async () => {
          await new Promise((r) => setTimeout(r, 2_000));
          const s = (await t.projectAdmin.get(`${path}/status`)).body;
          expect(s.phase).toBe("Ready");
          expect(s.workers).toMatchObject({ desired: 2, assigned: 2, autoscaled: 1, ready: 2 });
          return s;
        },
        900_000,
        "Karpenter's worker to join",
      );
    } catch (e) {
      const c = (await t.projectAdmin.get(path)).body;
      throw new Error(
        `${(e as Error).message}\nphase ${c.phase} ${c.operation} step ${c.step}\n${JSON.stringify(c.conditions.filter((x: any) => x.status !== "True"))}\nkarpenter ${doubles.addons.karpenter.scaled.join(", ")}\nerrors ${doubles.errors().join("\n")}\n${[...os.machines.values()].map((m) => m.describe()).join("\n")}`,
      );
    }
    expect(grown.operation).toBe("autoscale");
    const cluster = (await t.projectAdmin.get(path)).body;
    const added = cluster.provisioned.filter((m: any) => m.autoscaled);
    expect(added).toHaveLength(1);
    expect(cluster.hostIds).toContain(added[0].hostId);
    expect([...os.servers.values()].filter((s) => s.metadata["ckp.io/cluster-id"] === id)).toHaveLength(2);
    // the pod runs on the new node, and the node pool shows what Karpenter did (Karpenter's double binds the pod on its
    // own next pass after the node joined, which may come after the control plane called the cluster Ready)
    const bound = await eventually(async () => {
      const pod = (await kubeRequest(workload, "GET", "/api/v1/namespaces/default/pods/big")).body;
      expect(pod.spec.nodeName).toBeTruthy();
      return pod;
    }, 60_000);
    const np = await eventually(async () => {
      const v = (await t.projectAdmin.get(`${path}/node-pools/general`)).body;
      expect(v.status.nodeClaims).toHaveLength(1);
      return v;
    }, 60_000);
    expect(np.status.nodeClaims[0]).toMatchObject({ nodeName: bound.spec.nodeName });
    const events = (await t.projectAdmin.get(`${t.base}/events?type=ckp.cluster.autoscale-requested`)).body.items;
    expect(events.map((e: any) => [e.data.from, e.data.to])).toContainEqual([1, 2]);
    expect(events[0].actor).toMatchObject({ kind: "system", id: "karpenter" });

    // the pod goes: Karpenter consolidates the empty node, the control plane releases its VM
    expect((await kubeRequest(workload, "DELETE", "/api/v1/namespaces/default/pods/big?gracePeriodSeconds=0")).status).toBe(200);
    await eventually(
      async () => {
        await new Promise((r) => setTimeout(r, 2_000));
        const s = (await t.projectAdmin.get(`${path}/status`)).body;
        expect(s.phase).toBe("Ready");
        expect(s.workers).toMatchObject({ desired: 1, assigned: 1, autoscaled: 0 });
        return true;
      },
      600_000,
      "the autoscaled worker to be released",
    );
    expect([...os.servers.values()].filter((s) => s.metadata["ckp.io/cluster-id"] === id)).toHaveLength(1);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${added[0].hostId}`)).status).toBe(404);
    expect(doubles.errors()).toEqual([]);

    // a scale by hand is refused while Karpenter scales the workers
    const scale = await t.projectAdmin.post(`${path}/scale`, { workers: 3 });
    expect(scale.status, scale.text).toBe(422);
    expect(scale.body.code).toBe("cluster.autoscaled");

    // disabled, the workers are the cluster's again: Karpenter's access goes, the MachineDeployment gets its replicas back
    const off = await t.projectAdmin.patch(`${path}/addons/karpenter`, { enabled: false });
    expect(off.status, off.text).toBe(202);
    await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    const mdAfter = (await kubeRequest(kube, "GET", MD(id))).body;
    expect(Object.keys(mdAfter.metadata.annotations ?? {}).filter((k) => k.includes("autoscaler"))).toEqual([]);
    expect(mdAfter.spec.replicas).toBe(1);
    expect((await kubeRequest(kube, "GET", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns(id)}/roles/karpenter`)).status).toBe(404);
    expect((await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(id)}/secrets/karpenter-token`)).status).toBe(404);
    expect((await t.projectAdmin.get(`${path}/status`)).body.workers.autoscaling).toEqual({ enabled: false });

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect([...os.servers.values()].filter((s) => s.metadata["ckp.io/cluster-id"] === id)).toEqual([]);
    // its node pools went with it
    expect([...(await projectItems(t)).keys()].filter((k) => k.includes("NODEPOOL#"))).toEqual([]);
  }, 1_800_000);
});
