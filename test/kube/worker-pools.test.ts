import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderClusterObjects } from "../../core/clusters/render.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { type KubeApiserver, kubeRequest, makePki } from "../../scripts/kube/apiserver.js";
import { ProviderDoubles } from "../doubles/provider-doubles.js";
import { eventually } from "../support/api.js";
import { testKube } from "../support/kube.js";

/**
 * Worker pools (issue 19 point 5) under Cluster API's own controllers (core,
 * kubeadm bootstrap and BYOH managers of the kube tier's management cluster),
 * with the doubles of what cannot run here (Kamaji's tenant control plane,
 * BYOH's host agents). A cluster of two pools, each from its own host group:
 * the primary `workers` with role worker, and `infra` with role infra and the
 * taint infra=reserved:NoSchedule. Each pool's Machines land on its own
 * group's hosts; CAPI copies the role labels from the Machines to the Nodes
 * of the workload cluster (a real apiserver); the kubeadm bootstrap provider
 * writes the taint into the join configuration of the pool's machines.
 */
const kube = testKube();
const domain = `pools-${randomBytes(3).toString("hex")}`;
const clusterId = `cl_${randomBytes(13).toString("hex").slice(0, 26)}`;
const namespace = clusterNamespace(clusterId);
const hostsNs = `${namespace}-hosts`;
const HOSTS = ["h1", "h2"].map((h) => `${h}-${domain}`);
const INFRA_HOSTS = ["i1"].map((h) => `${h}-${domain}`);
const notReady = new Set<string>();
const providers = new ProviderDoubles(kube, {
  matches: (l) => l["ckp.io/domain"] === domain,
  workloadOptions: {
    nodeReady: (_c, node) => (notReady.has(node) ? { reason: "KubeletNotReady", message: "container runtime is down" } : true),
  },
});
const pkiDir = mkdtempSync(join(tmpdir(), "ckp-pools-test-"));

const CAPI = "/apis/cluster.x-k8s.io/v1beta1";
const BYOH = "/apis/infrastructure.cluster.x-k8s.io/v1beta1";
const MERGE = "application/merge-patch+json";

const objects = (version: string) =>
  renderClusterObjects({
    clusterId,
    domain,
    project: "p",
    name: "real",
    kubernetesVersion: version,
    workers: { count: 2, hostGroup: "g", roles: ["worker"] },
    workerPools: [
      {
        name: "infra",
        hostGroup: "infra-g",
        count: 1,
        roles: ["infra"],
        taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
      },
    ],
    imageRegistry: "docker.io/coredgeio",
    byohBundle: { repository: "docker.io/coredgeio" },
    unhealthyAfter: "20s",
  });

function pathOf(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): string {
  const [group, ver] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  const base = group ? `/apis/${group}/${ver}` : `/api/${ver}`;
  return o.kind === "Namespace"
    ? `${base}/namespaces/${o.metadata.name}`
    : `${base}/namespaces/${o.metadata.namespace}/${o.kind.toLowerCase()}s/${o.metadata.name}`;
}

/** Server-side apply as the control plane does (its field manager, strict field validation). */
async function apply(kinds: string[], version: string): Promise<void> {
  for (const o of objects(version).filter((x) => kinds.includes(x.kind))) {
    const res = await kubeRequest(kube, "PATCH", `${pathOf(o)}?fieldManager=ckp-control-plane&force=true&fieldValidation=Strict`, {
      body: JSON.stringify(o),
      contentType: "application/apply-patch+yaml",
    });
    expect(res.status, `${o.kind}: ${JSON.stringify(res.body).slice(0, 400)}`).toBeLessThan(300);
  }
}

const get = async (path: string) => (await kubeRequest(kube, "GET", path)).body;
const machines = async () =>
  ((await get(`${CAPI}/namespaces/${namespace}/machines`)).items ?? []) as Array<{
    metadata: { name: string; deletionTimestamp?: string; labels: Record<string, string> };
    spec: { version: string; providerID?: string; bootstrap: { dataSecretName?: string } };
    status?: { phase?: string; nodeRef?: { name: string }; conditions?: Array<{ type: string; status: string; reason?: string }> };
  }>;
const md = async (name: string) => get(`${CAPI}/namespaces/${namespace}/machinedeployments/${name}`);
const running = async () => (await machines()).filter((m) => m.status?.phase === "Running" && !m.metadata.deletionTimestamp);

let workload: KubeApiserver;

beforeAll(async () => {
  providers.start();
  await apply(["Namespace"], "v1.30.6");
  // the cluster's CA, as the saga's issue-certificates step writes it (kubeadm's join hashes it)
  const pki = await makePki(pkiDir);
  const ca = await kubeRequest(kube, "POST", `/api/v1/namespaces/${namespace}/secrets`, {
    body: {
      metadata: { name: "real-ca", labels: { "cluster.x-k8s.io/cluster-name": "real" } },
      type: "cluster.x-k8s.io/secret",
      data: {
        "tls.crt": Buffer.from(pki.caCert).toString("base64"),
        "tls.key": readFileSync(join(pkiDir, "pki", "ca.key")).toString("base64"),
      },
    },
  });
  expect(ca.status).toBe(201);
  // the cluster's hosts, registered as BYOH's agents register them
  expect((await kubeRequest(kube, "POST", "/api/v1/namespaces", { body: { metadata: { name: hostsNs } } })).status).toBe(201);
  for (const name of [...HOSTS, ...INFRA_HOSTS]) {
    const res = await kubeRequest(kube, "POST", `${BYOH}/namespaces/${hostsNs}/byohosts`, {
      body: {
        apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1",
        kind: "ByoHost",
        metadata: {
          name,
          labels: {
            "ckp.io/domain": domain,
            "ckp.io/host-group": INFRA_HOSTS.includes(name) ? "infra-g" : "g",
            "ckp.io/cluster-id": clusterId,
            "ckp.io/os": "ubuntu-20.04",
            "kubernetes.io/arch": "amd64",
          },
        },
        spec: {},
      },
      headers: { "Impersonate-User": `byoh:host:${name}`, "Impersonate-Group": "byoh:hosts" },
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  // CAPI takes the cluster down (and the host doubles reset the hosts) before the namespaces go, so no
  // claimed host or finalizer is left behind for the tier's other files
  await kubeRequest(kube, "DELETE", `${CAPI}/namespaces/${namespace}/clusters/real`);
  await eventually(
    async () => ((await kubeRequest(kube, "GET", `${CAPI}/namespaces/${namespace}/clusters/real`)).status === 404 ? true : undefined),
    300_000,
    "the Cluster gone",
  );
  await providers.stop();
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${namespace}`);
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${hostsNs}`);
  rmSync(pkiDir, { recursive: true, force: true });
}, 360_000);

describe("two worker pools under Cluster API's own controllers", () => {
  it("are accepted under strict field validation and each pool's Machines run on its own group's hosts", async () => {
    await apply(
      ["K8sInstallerConfigTemplate", "KubeadmConfigTemplate", "ByoMachineTemplate", "ByoCluster", "KamajiControlPlane"],
      "v1.30.6",
    );
    await apply(["Cluster", "MachineDeployment", "MachineHealthCheck"], "v1.30.6");
    await eventually(
      async () =>
        (await md("workers")).status?.readyReplicas === 2 && (await md("workers-infra")).status?.readyReplicas === 1 ? true : undefined,
      400_000,
      "2 + 1 workers ready",
    );
    const up = await running();
    expect(up).toHaveLength(3);
    const pool = (name: string) => up.filter((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === name);
    expect(
      pool("workers")
        .map((m) => m.status?.nodeRef?.name)
        .sort(),
    ).toEqual([...HOSTS].sort());
    expect(pool("workers-infra").map((m) => m.status?.nodeRef?.name)).toEqual(INFRA_HOSTS);
    // the MachineDeployment's template labels reach its Machines
    for (const m of pool("workers-infra")) expect(m.metadata.labels).toHaveProperty("node-role.kubernetes.io/infra", "");
    for (const m of pool("workers")) expect(m.metadata.labels).toHaveProperty("node-role.kubernetes.io/worker", "");
    expect(providers.joinFailures).toEqual([]);
  }, 600_000);

  it("give the Nodes their roles: Cluster API syncs the Machines' node-role labels to the workload cluster's Nodes", async () => {
    workload = (await providers.workloads.apiserver({ namespace, name: "real" })) as KubeApiserver;
    const nodes = async () =>
      (await kubeRequest(workload, "GET", "/api/v1/nodes")).body.items as Array<{
        metadata: { name: string; labels: Record<string, string> };
      }>;
    await eventually(
      async () => {
        const list = await nodes();
        const infra = list.filter((n) => "node-role.kubernetes.io/infra" in n.metadata.labels).map((n) => n.metadata.name);
        const worker = list.filter((n) => "node-role.kubernetes.io/worker" in n.metadata.labels).map((n) => n.metadata.name);
        return infra.length === 1 && worker.length === 2 ? { infra, worker } : undefined;
      },
      120_000,
      "the role labels on the Nodes",
    ).then((r) => {
      expect(r.infra).toEqual(INFRA_HOSTS);
      expect(r.worker.sort()).toEqual([...HOSTS].sort());
    });
  }, 180_000);

  it("join the infra pool's machines with its taint and pool label, the primary pool's without", async () => {
    const data = async (m: { spec: { bootstrap: { dataSecretName?: string } } }) => {
      const secret = await get(`/api/v1/namespaces/${namespace}/secrets/${m.spec.bootstrap.dataSecretName}`);
      return Buffer.from(secret.data.value, "base64").toString("utf8");
    };
    const up = await running();
    const infra = up.find((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === "workers-infra");
    const primary = up.find((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === "workers");
    // the kubeadm bootstrap provider's own rendering of the JoinConfiguration (cloud-init, YAML inside)
    const joinInfra = await data(infra as NonNullable<typeof infra>);
    expect(joinInfra).toMatch(/taints:\s*\n\s*- effect: NoSchedule\s*\n\s*key: infra\s*\n\s*value: reserved/);
    expect(joinInfra).toContain("node-labels: ckp.io/worker-pool=infra");
    const joinPrimary = await data(primary as NonNullable<typeof primary>);
    expect(joinPrimary).not.toContain("key: infra");
    expect(joinPrimary).not.toContain("ckp.io/worker-pool");
  });

  it("scale one pool alone: the infra MachineDeployment to 0 leaves the primary pool's Machines as they were", async () => {
    const before = (await running())
      .filter((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === "workers")
      .map((m) => m.metadata.name);
    const res = await kubeRequest(kube, "PATCH", `${CAPI}/namespaces/${namespace}/machinedeployments/workers-infra`, {
      body: { spec: { replicas: 0 } },
      contentType: MERGE,
    });
    expect(res.status).toBe(200);
    await eventually(
      async () =>
        (await running()).filter((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === "workers-infra").length === 0
          ? true
          : undefined,
      300_000,
      "the infra pool empty",
    );
    const after = (await running())
      .filter((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === "workers")
      .map((m) => m.metadata.name);
    expect(after.sort()).toEqual(before.sort());
    expect(providers.errors).toEqual([]);
  }, 360_000);
});
