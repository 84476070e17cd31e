import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { renderClusterObjects } from "../../core/clusters/render.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { type KubeApiserver, kubeRequest, makePki } from "../../scripts/kube/apiserver.js";
import { ProviderDoubles } from "../doubles/provider-doubles.js";
import { eventually } from "../support/api.js";
import { capiState, explained } from "../support/capi-state.js";
import { testKube } from "../support/kube.js";

/**
 * The objects the control plane renders, under Cluster API's own controllers
 * (core, kubeadm bootstrap and BYOH managers of the kube tier's management
 * cluster) with their webhooks, and the doubles of what cannot run here
 * (Kamaji's tenant control plane, BYOH's host agents). One cluster of three
 * workers goes through what the saga relies on: it comes up; a version
 * rolls one node at a time and workers never join newer than the control
 * plane; an unhealthy node is remediated by the MachineHealthCheck through
 * the MachineSet; deleting the Cluster takes everything down.
 */
const kube = testKube();
const domain = `capi-${randomBytes(3).toString("hex")}`;
const clusterId = `cl_${randomBytes(13).toString("hex").slice(0, 26)}`;
const namespace = clusterNamespace(clusterId);
const hostsNs = `${namespace}-hosts`;
const HOSTS = ["h1", "h2", "h3"].map((h) => `${h}-${domain}`);
const notReady = new Set<string>();
const providers = new ProviderDoubles(kube, {
  matches: (l) => l["ckp.io/domain"] === domain,
  workloadOptions: {
    nodeReady: (_c, node) => (notReady.has(node) ? { reason: "KubeletNotReady", message: "container runtime is down" } : true),
  },
});
const pkiDir = mkdtempSync(join(tmpdir(), "ckp-capi-test-"));

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
    workers: { count: 3, hostGroup: "g" },
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
    metadata: { name: string; deletionTimestamp?: string };
    spec: { version: string; providerID?: string };
    status?: { phase?: string; nodeRef?: { name: string }; conditions?: Array<{ type: string; status: string; reason?: string }> };
  }>;
const md = async () => get(`${CAPI}/namespaces/${namespace}/machinedeployments/workers`);
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
  for (const name of HOSTS) {
    const res = await kubeRequest(kube, "POST", `${BYOH}/namespaces/${hostsNs}/byohosts`, {
      body: {
        apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1",
        kind: "ByoHost",
        metadata: {
          name,
          labels: {
            "ckp.io/domain": domain,
            "ckp.io/host-group": "g",
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
  await providers.stop();
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${namespace}`);
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${hostsNs}`);
  rmSync(pkiDir, { recursive: true, force: true });
});

describe("the rendered objects under Cluster API's own controllers", () => {
  it("are defaulted and validated by CAPI's webhooks, as on a real management cluster", async () => {
    // BYOH's webhook lets only a host's agent write its ByoHost
    const refused = await kubeRequest(kube, "PATCH", `${BYOH}/namespaces/${hostsNs}/byohosts/${HOSTS[0]}`, {
      body: { metadata: { labels: { tampered: "yes" } } },
      contentType: MERGE,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('admission webhook "vbyohost.kb.io" denied the request');

    const [mhc] = objects("v1.30.6").filter((o) => o.kind === "MachineHealthCheck") as Array<Record<string, any>>;
    const tooShort = { ...mhc, spec: { ...mhc?.spec, nodeStartupTimeout: "10s" } };
    const invalid = await kubeRequest(kube, "POST", `${CAPI}/namespaces/${namespace}/machinehealthchecks?dryRun=All`, { body: tooShort });
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toContain("nodeStartupTimeout");
    expect(invalid.body.message).toContain('admission webhook "validation.machinehealthcheck.cluster.x-k8s.io"');

    // a MachineDeployment stating no strategy gets CAPI's default (one extra machine at a time), which BYOH cannot surge onto
    const [deployment] = objects("v1.30.6").filter((o) => o.kind === "MachineDeployment") as Array<Record<string, any>>;
    const { strategy: _, ...unstated } = deployment?.spec ?? {};
    const defaulted = await kubeRequest(kube, "POST", `${CAPI}/namespaces/${namespace}/machinedeployments?dryRun=All`, {
      body: { ...deployment, spec: unstated },
    });
    expect(defaulted.status, JSON.stringify(defaulted.body).slice(0, 300)).toBe(201);
    expect(defaulted.body.spec.strategy).toMatchObject({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  it("come up: a Machine per worker, Running on the Node its host joined, with BYOH's provider id", async () => {
    await apply(
      ["K8sInstallerConfigTemplate", "KubeadmConfigTemplate", "ByoMachineTemplate", "ByoCluster", "KamajiControlPlane"],
      "v1.30.6",
    );
    await apply(["Cluster", "MachineDeployment", "MachineHealthCheck"], "v1.30.6");
    await eventually(async () => ((await md()).status?.readyReplicas === 3 ? true : undefined), 400_000, "3 workers ready");
    const cluster = await get(`${CAPI}/namespaces/${namespace}/clusters/real`);
    expect(cluster.status).toMatchObject({ phase: "Provisioned", infrastructureReady: true, controlPlaneReady: true });
    // the MachineDeployment keeps the rolling update the control plane stated
    expect((await md()).spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      remediation: { maxInFlight: 1 },
    });
    workload = (await providers.workloads.apiserver({ namespace, name: "real" })) as KubeApiserver;
    const nodes = (await kubeRequest(workload, "GET", "/api/v1/nodes")).body.items as Array<{
      metadata: { name: string };
      spec: { providerID?: string };
    }>;
    const up = await running();
    expect(up).toHaveLength(3);
    expect(up.map((m) => m.status?.nodeRef?.name).sort()).toEqual([...HOSTS].sort());
    for (const m of up) {
      const node = nodes.find((n) => n.metadata.name === m.status?.nodeRef?.name);
      expect(node?.spec.providerID).toMatch(new RegExp(`^byoh://${node?.metadata.name}/`));
      expect(m.spec.providerID).toBe(node?.spec.providerID);
    }
    // the kubeadm bootstrap provider's tokens are in the workload cluster: the joins used them
    const tokens = (await kubeRequest(workload, "GET", "/api/v1/namespaces/kube-system/secrets")).body.items.filter(
      (s: { type: string }) => s.type === "bootstrap.kubernetes.io/token",
    );
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    expect(providers.joinFailures).toEqual([]);
  }, 600_000);

  it("roll a new version one node at a time, and workers join no newer than the control plane", async () => {
    const unavailable: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = (await md()).status ?? {};
        unavailable.push(3 - (s.availableReplicas ?? 0));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    try {
      // workers first (what the saga never does): CAPI replaces a Machine, but its host's kubelet would be newer
      // than the control plane, so kubeadm's preflight refuses the join and the node never comes
      await apply(["MachineDeployment"], "v1.31.2");
      await eventually(
        async () =>
          providers.joinFailures.some((f) => f.includes("kubelet v1.31.2 is newer than the control plane (v1.30.6)")) ? true : undefined,
        300_000,
        "a join refused for its version",
      );
      expect((await running()).filter((m) => m.spec.version === "v1.31.2")).toEqual([]);
      // the control plane catches up: the replacement joins and the roll goes on, node by node
      await apply(["KamajiControlPlane"], "v1.31.2");
      await eventually(
        async () => {
          const s = (await md()).status ?? {};
          const up = await running();
          return s.updatedReplicas === 3 && s.readyReplicas === 3 && up.length === 3 && up.every((m) => m.spec.version === "v1.31.2")
            ? true
            : undefined;
        },
        900_000,
        "3 workers at v1.31.2",
      );
    } finally {
      sampling = false;
      await sampler;
    }
    // never more than one worker down at once (maxUnavailable 1), and the hosts were reused (no surge)
    expect(Math.max(...unavailable)).toBeLessThanOrEqual(1);
    expect((await running()).map((m) => m.status?.nodeRef?.name).sort()).toEqual([...HOSTS].sort());
    expect(providers.resets.length).toBeGreaterThanOrEqual(3);
  }, 1_200_000);

  it("remediate a Node NotReady longer than unhealthyAfter: the MachineHealthCheck marks it, the MachineSet replaces it", async () => {
    const [victim] = await running();
    const host = victim?.status?.nodeRef?.name as string;
    // the host agent's cleanup slowed between its two writes: the replacement ByoMachine, waiting for a host all along,
    // must not be able to take the host in between (it would lose the reservation to the second write)
    providers.cleanupWriteGapMs = 12_000;
    onTestFinished(() => {
      providers.cleanupWriteGapMs = 0;
    });
    notReady.add(host);
    await providers.workloads.reportNode({ namespace, name: "real" }, host, "v1.31.2");
    const marked = await eventually(
      async () => {
        const m = (await machines()).find((x) => x.metadata.name === victim?.metadata.name);
        return m?.status?.conditions?.find((c) => c.type === "HealthCheckSucceeded" && c.status === "False");
      },
      180_000,
      "the Machine marked unhealthy",
    );
    expect(marked.reason).toBe("UnhealthyNode");
    // the host's next join reports a healthy kubelet
    notReady.delete(host);
    await eventually(
      async () =>
        providers.resets.some((r) => r.byoHost === host && r.machine.startsWith("workers-")) &&
        !(await machines()).some((m) => m.metadata.name === victim?.metadata.name)
          ? true
          : undefined,
      300_000,
      "the unhealthy Machine deleted and its host reset",
    );
    await explained(
      () =>
        eventually(
          async () => {
            const up = await running();
            const s = (await md()).status ?? {};
            return up.length === 3 && s.readyReplicas === 3 && up.some((m) => m.status?.nodeRef?.name === host) ? true : undefined;
          },
          600_000,
          "a new Machine Running on the host again",
        ),
      () => capiState(kube, { namespace, name: "real", clusterId }, { providers }),
    );
    expect((await running()).map((m) => m.metadata.name)).not.toContain(victim?.metadata.name);
  }, 1_200_000);

  it("go when the Cluster is deleted: CAPI takes the machines and the control plane down, and the hosts are reset", async () => {
    const resetsBefore = providers.resets.length;
    expect((await kubeRequest(kube, "DELETE", `${CAPI}/namespaces/${namespace}/clusters/real`)).status).toBe(200);
    await eventually(
      async () => ((await kubeRequest(kube, "GET", `${CAPI}/namespaces/${namespace}/clusters/real`)).status === 404 ? true : undefined),
      600_000,
      "the Cluster gone",
    );
    expect(await machines()).toEqual([]);
    expect((await get(`${CAPI}/namespaces/${namespace}/machinesets`)).items).toEqual([]);
    expect(
      (await kubeRequest(kube, "GET", `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${namespace}/kamajicontrolplanes/real`))
        .status,
    ).toBe(404);
    await eventually(
      async () => {
        const hosts = (await get(`${BYOH}/namespaces/${hostsNs}/byohosts`)).items as Array<{ status?: { machineRef?: unknown } }>;
        return hosts.every((h) => !h.status?.machineRef) ? true : undefined;
      },
      120_000,
      "every host released",
    );
    expect(providers.resets.length - resetsBefore).toBe(3);
    expect(providers.errors).toEqual([]);
  }, 900_000);
});
