import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { type ClusterDoubles, clusterDoubles, registerStorageProfile, TEST_CEPH, TEST_CEPH_KEY } from "../support/addons.js";
import { Api, eventually, useLocalAws } from "../support/api.js";
import { capiState, explained } from "../support/capi-state.js";
import { groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { namespaceObjects } from "../support/leftovers.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * Addons and a truthful Ready (issue 13), against two kinds of real
 * apiservers: the management cluster (with the CAPI, CAAPH and Velero CRDs)
 * and a workload cluster per cluster (test/doubles/workload-clusters.ts).
 * Cluster API's own core (with its MachineHealthCheck controller), kubeadm
 * bootstrap and BYOH managers run for real; around them run the doubles of
 * what cannot run here: Kamaji's tenant control planes and BYOH's host
 * agents (test/doubles/provider-doubles.ts), the Helm add-on provider and the
 * kubelets (test/doubles/addon-controllers.ts). The control plane only reads
 * what they write. It runs as a server of its own, with a short bound on waiting
 * for addons so the failure case does not take fifteen minutes.
 */
const ADDON_BOUND_SECONDS = 45;
const kube = testKube();
const domains = new Set<string>();
const matches = (l: Record<string, string>) => domains.has(l["ckp.io/domain"] ?? "");
const doubles: ClusterDoubles = clusterDoubles(kube, { matches });
const bms = new OrbiterBmsSimulator({ secret: "addons-hw", pools: { rack: { servers: 0 } } });
let server: DevServer;
let admin: Api;
let mc: { id: string; name: string };

beforeAll(async () => {
  useLocalAws();
  server = await startDevServer({
    env: {
      CKP_SAGA_MAX_POLL_SECONDS: "2",
      CKP_MACHINE_RECONCILE_INTERVAL_MS: "2000",
      CKP_SAGA_TIMEOUT_WAIT_ADDONS: String(ADDON_BOUND_SECONDS),
    },
  });
  admin = new Api(server.url, server.adminToken);
  await bms.start();
  mc = await registerTestManagementCluster(admin);
  await publishBundles(admin, ["v1.30.6", "v1.31.2"]);
  doubles.start();
}, 240_000);

afterAll(async () => {
  await doubles.stop();
  await bms.stop();
  await server?.stop();
  if (server) await deleteResources(server.stage).catch(() => undefined);
});

async function tenant(): Promise<Tenant> {
  const t = await newTenant({ admin });
  domains.add(t.domain);
  const cred = uniqueName("bms");
  const c = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
    type: "orbiter-bms",
    name: cred,
    endpoint: bms.http.url,
    hardwareAccessSecret: "addons-hw",
  });
  expect(c.status, c.text).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: cred,
    managementCluster: mc.name,
    defaults: { serverPool: "rack", cloudInitTemplate: "#cloud-config\n" },
  });
  expect(pc.status, pc.text).toBe(201);
  return t;
}

const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;
const ADDONS_API = "/apis/addons.cluster.x-k8s.io";

/** The project's audit trail, through the API. */
async function eventTypes(t: Tenant): Promise<string[]> {
  const res = await t.projectAdmin.get(`${t.base}/events?limit=500`);
  expect(res.status, res.text).toBe(200);
  return res.body.items.map((e: { type: string }) => e.type);
}

const condition = (s: any, type: string) => s.conditions.find((c: any) => c.type === type);

describe("the addon catalog and storage profiles", () => {
  it("serves the catalog: versions per Kubernetes minor, charts, values schemas and health checks", async () => {
    const t = await tenant();
    const res = await t.projectAdmin.get("/v1/addons");
    expect(res.status, res.text).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((a: any) => [a.name, a]));
    expect(Object.keys(byName)).toEqual(["cilium", "calico", "flannel", "ceph-rbd-csi", "velero", "karpenter"]);
    const calico = Object.fromEntries(byName.calico.versions.map((v: any) => [v.kubernetes, v.version]));
    expect(calico).toMatchObject({ "1.29": "v3.28.2", "1.30": "v3.28.2", "1.31": "v3.30.5", "1.35": "v3.30.5" });
    const matrix = (await t.projectAdmin.get("/v1/kubernetes-versions")).body.items;
    expect(byName.cilium.versions.find((v: any) => v.kubernetes === "1.31").version).toBe(
      matrix.find((r: any) => r.version === "v1.31.2").cni.cilium,
    );
    expect(byName.cilium).toMatchObject({ kind: "cni", policy: "required", namespace: "kube-system", condition: "CiliumHealthy" });
    expect(byName["ceph-rbd-csi"]).toMatchObject({ kind: "storage", policy: "default", namespace: "ckp-storage" });
    expect(byName["ceph-rbd-csi"].health).toContainEqual({
      kind: "StorageClass",
      name: "ckp-block",
      rule: "present with these fields",
      provisioner: "rbd.csi.ceph.com",
      isDefault: true,
      reclaimPolicy: "Delete",
      allowVolumeExpansion: true,
    });
    expect(byName.velero).toMatchObject({ kind: "backup", policy: "optional" });
    expect(byName.velero.valuesSchema.properties).toHaveProperty("deployNodeAgent");
    expect(byName.cilium.health).toContainEqual({
      kind: "DaemonSet",
      namespace: "kube-system",
      name: "cilium",
      rule: "ready on every node",
    });
  });

  it("storage profiles: the platform admin writes them, the key is never shown, and a cluster asking for storage without one gets 422", async () => {
    const t = await tenant();
    const [hostId] = await registerHosts(t, 1);
    await groupHosts(t, "pool", [hostId as string]);
    const body = { name: "nostorage", kubernetesVersion: "v1.31.2", providerCluster: "bms", hostGroup: "pool", workers: 1 };
    const refused = await t.projectAdmin.post(`${t.base}/clusters`, body);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.code).toBe("cluster.storage-profile-missing");
    expect(refused.body.detail).toContain("storage profile");
    const named = await t.projectAdmin.post(`${t.base}/clusters`, { ...body, addons: { storage: { profile: "nope" } } });
    expect(named.body).toMatchObject({ status: 422, code: "cluster.storage-profile-missing", storageProfile: "nope" });

    // only a platform admin writes them; the domain admin reads them, never the key
    const path = `/v1/domains/${t.domain}/storage-profiles/ceph`;
    const payload = { ...TEST_CEPH, userKey: TEST_CEPH_KEY, default: true };
    const domainAdmin = t.admin.as((await t.admin.post("/v1/tokens", { name: "da", role: "domain-admin", domain: t.domain })).body.token);
    expect((await domainAdmin.put(path, payload)).status).toBe(403);
    expect((await admin.put(path, { ...TEST_CEPH, default: true })).body).toMatchObject({ status: 400, errors: [{ path: "userKey" }] });
    expect((await admin.put(path, { ...payload, monitors: ["not a monitor:99999"] })).status).toBe(400);
    const created = await admin.put(path, payload);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: "ceph", default: true, userKeySet: true, clusterCount: 0, monitors: TEST_CEPH.monitors });
    expect(created.text).not.toContain(TEST_CEPH_KEY);
    const read = await domainAdmin.get(path);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(TEST_CEPH_KEY);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/storage-profiles`)).body.items.map((p: any) => p.name)).toEqual(["ceph"]);
    // a replace without the key keeps it; If-Match guards it
    const replaced = await admin.put(path, { ...TEST_CEPH, pool: "other" }, { "if-match": `"${created.body.version}"` });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ pool: "other", default: false, version: 2 });
    expect((await admin.put(path, payload, { "if-match": `"${created.body.version}"` })).status).toBe(412);
    expect((await admin.put(path, payload)).body.default).toBe(true);
    const events = await admin.get(`/v1/domains/${t.domain}/events?type=ckp.storageprofile.updated`);
    expect(events.text).not.toContain(TEST_CEPH_KEY);

    // in use by a cluster: not deletable
    const ok = await t.projectAdmin.post(`${t.base}/clusters`, { ...body, addons: { storage: { enabled: true } } });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.addons.storage).toMatchObject({ enabled: true, profile: "ceph" });
    // its first step records the use
    const resolved = await waitForStatus(
      t.projectAdmin,
      `${t.base}/clusters/${ok.body.id}`,
      (s) => s.steps.find((x: any) => x.name === "resolve-provider").state === "succeeded",
    );
    expect(resolved.steps[0].message).toContain("storage profile ceph");
    const inUse = await admin.delete(path);
    expect(inUse.body).toMatchObject({ status: 409, code: "storage-profile.in-use", clusterCount: 1 });
    expect((await t.projectAdmin.delete(`${t.base}/clusters/${ok.body.id}`)).status).toBe(202);
    await waitForGone(t.projectAdmin, `${t.base}/clusters/${ok.body.id}`);
    expect((await admin.get(path)).body.clusterCount).toBe(0);
    expect((await admin.delete(path)).status).toBe(204);
  });
});

// each test has a tenant, a cluster and a workload apiserver of its own, and waits mostly on controllers: side by side
describe.concurrent("a cluster's addons, from create to delete", () => {
  it("installs the CNI before waiting for workers, then storage and Velero, is Ready only once they are healthy, watches them after, shows machine health, changes them, and leaves nothing on delete", async () => {
    const t = await tenant();
    await registerStorageProfile(admin, t.domain);
    await groupHosts(t, "pool", await registerHosts(t, 3));
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "addons-1",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 3,
      network: { podCidr: "10.42.0.0/16", serviceCidr: "10.96.0.0/12" },
      addons: { velero: { enabled: true } },
      // CAPI's MachineHealthCheck marks a worker whose Node stays NotReady this long (5m unless the cluster says)
      machineHealthCheck: { unhealthyAfter: "45s" },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.machineHealthCheck).toEqual({ unhealthyAfter: "45s" });
    const id = created.body.id as string;
    const path = `${t.base}/clusters/${id}`;
    const c = { namespace: ns(id), name: "addons-1" };

    // while the workers wait, the CNI is already applied: without it their Nodes would never be Ready
    const waitingWorkers = await waitForStatus(t.projectAdmin, path, (s) => s.currentStep === "wait-workers" || s.phase === "Ready");
    expect(waitingWorkers.steps.find((s: any) => s.name === "install-cni").state).toBe("succeeded");
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(ready.steps.map((s: any) => s.name)).toEqual([
      "resolve-provider",
      "provision-machines",
      "wait-registration",
      "wait-approval",
      "assign-hosts",
      "issue-certificates",
      "apply-objects",
      "wait-control-plane",
      "install-cni",
      "wait-workers",
      "install-addons",
      "wait-addons",
    ]);
    expect(ready.steps.every((s: any) => s.state === "succeeded" || s.state === "skipped")).toBe(true);
    for (const type of ["CniInstalled", "AddonsInstalled", "AddonsHealthy", "CiliumHealthy", "CephRbdCsiHealthy", "VeleroHealthy", "Ready"])
      expect(condition(ready, type), type).toMatchObject({ status: "True" });
    expect(condition(ready, "CiliumHealthy").message).toContain("DaemonSet kube-system/cilium 3/3 ready");
    expect(ready.addons).toMatchObject({ healthy: true, reason: "AddonsHealthy" });
    // Ready came after the addons were healthy
    const healthyAt = Date.parse(ready.steps.find((s: any) => s.name === "wait-addons").endedAt);
    expect(Date.parse(condition(ready, "Ready").lastTransitionTime)).toBeGreaterThanOrEqual(healthyAt);

    // on the management cluster: HelmChartProxies selecting the Cluster by its id label, charts from the registry
    const hcp = (name: string) => kubeRequest(kube, "GET", `${ADDONS_API}/v1alpha1/namespaces/${c.namespace}/helmchartproxies/${name}`);
    const cilium = (await hcp("cilium")).body;
    expect(cilium.spec).toMatchObject({
      clusterSelector: { matchLabels: { "ckp.io/cluster-id": id } },
      repoURL: "oci://docker.io/coredgeio/charts",
      chartName: "cilium",
      version: "1.17.6",
      namespace: "kube-system",
    });
    expect(cilium.spec.valuesTemplate).toContain("{{ .Cluster.spec.controlPlaneEndpoint.host }}");
    expect(cilium.spec.valuesTemplate).toContain("index .Cluster.spec.clusterNetwork.pods.cidrBlocks 0");
    const clusterObj = (await kubeRequest(kube, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/clusters/addons-1`)).body;
    expect(clusterObj.metadata.labels["ckp.io/cluster-id"]).toBe(id);
    const endpoint = clusterObj.spec.controlPlaneEndpoint;
    // CAAPH rendered the values against the Cluster: its pod CIDR and the Kamaji endpoint
    const releases = (
      await kubeRequest(
        kube,
        "GET",
        `${ADDONS_API}/v1alpha1/namespaces/${c.namespace}/helmreleaseproxies?labelSelector=cluster.x-k8s.io/cluster-name=addons-1`,
      )
    ).body.items;
    expect(releases.map((r: any) => r.spec.chartName).sort()).toEqual(["ceph-csi-rbd", "cilium", "velero"]);
    const ciliumValues = yaml.load(releases.find((r: any) => r.spec.chartName === "cilium").spec.values) as any;
    expect(ciliumValues).toMatchObject({
      kubeProxyReplacement: true,
      k8sServiceHost: endpoint.host,
      k8sServicePort: endpoint.port,
      ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.42.0.0/16"] } },
      image: { repository: "docker.io/coredgeio/cilium/cilium", tag: "v1.17.6" },
    });
    // Cilium replaces kube-proxy: the hosted control plane runs none
    const kcp = (
      await kubeRequest(kube, "GET", `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${c.namespace}/kamajicontrolplanes/addons-1`)
    ).body;
    expect(kcp.spec.addons.kubeProxy).toBeUndefined();
    // the Ceph key travels in a ClusterResourceSet's Secret, never in chart values
    const storage = (await hcp("ceph-rbd-csi")).body;
    expect(storage.spec.valuesTemplate).not.toContain(TEST_CEPH_KEY);
    expect(yaml.load(storage.spec.valuesTemplate)).toMatchObject({
      csiConfig: [{ clusterID: TEST_CEPH.cephClusterId, monitors: TEST_CEPH.monitors }],
      storageClass: { name: "ckp-block", reclaimPolicy: "Delete", allowVolumeExpansion: true, pool: TEST_CEPH.pool },
      secret: { create: false },
    });
    const crs = await kubeRequest(kube, "GET", `${ADDONS_API}/v1beta1/namespaces/${c.namespace}/clusterresourcesets/ceph-rbd-csi`);
    expect(crs.body.spec).toMatchObject({ strategy: "Reconcile", resources: [{ kind: "Secret", name: "ceph-rbd-csi-resources" }] });

    // in the workload cluster itself, through its own apiserver
    const wl = await doubles.workloads.waitFor(c);
    const get = async (p: string) => (await kubeRequest(wl, "GET", p)).body;
    expect(wl.server).not.toBe(kube.server);
    const sc = await get("/apis/storage.k8s.io/v1/storageclasses/ckp-block");
    expect(sc).toMatchObject({
      provisioner: "rbd.csi.ceph.com",
      reclaimPolicy: "Delete",
      allowVolumeExpansion: true,
      metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    });
    const cephSecret = await get("/api/v1/namespaces/ckp-storage/secrets/csi-rbd-secret");
    expect(Buffer.from(cephSecret.data.userKey, "base64").toString()).toBe(TEST_CEPH_KEY);
    expect((await get("/api/v1/namespaces/kube-system/configmaps/cilium-config")).data["cluster-pool-ipv4-cidr"]).toBe("10.42.0.0/16");
    expect(
      (await get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backupstoragelocations.velero.io")).metadata.name,
    ).toBeTruthy();
    const nodes = (await get("/api/v1/nodes")).items;
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n: any) => n.status.conditions.find((x: any) => x.type === "Ready").status === "True")).toBe(true);

    // GET …/addons: each addon's version, state, conditions and when it was last checked
    const listed = await t.projectAdmin.get(`${path}/addons`);
    expect(listed.status, listed.text).toBe(200);
    const addon = (name: string) => listed.body.items.find((a: any) => a.name === name);
    expect(listed.body.items.map((a: any) => a.name)).toEqual(["cilium", "ceph-rbd-csi", "velero", "karpenter"]);
    expect(addon("cilium")).toMatchObject({
      enabled: true,
      version: "v1.17.6",
      state: "Healthy",
      conditions: [{ type: "CiliumHealthy", status: "True" }],
    });
    expect(addon("ceph-rbd-csi")).toMatchObject({ enabled: true, version: "v3.12.3", state: "Healthy", storageProfile: "ceph" });
    expect(addon("velero")).toMatchObject({ enabled: true, version: "v1.18.1", state: "Healthy" });
    expect(Date.parse(addon("velero").lastChecked)).toBeGreaterThan(0);

    // after Ready the addons are still watched: a broken one shows, with an event, and Ready keeps its history
    const readySince = condition(ready, "Ready").lastTransitionTime;
    doubles.addons.breakAddon(c, "cilium");
    const degraded = await waitForStatus(t.projectAdmin, path, (s) => condition(s, "AddonsHealthy")?.status === "False", 120_000);
    expect(degraded.phase).toBe("Ready");
    expect(condition(degraded, "AddonsHealthy")).toMatchObject({
      reason: "AddonUnhealthy",
      message: "cilium: DaemonSet kube-system/cilium 2/3 ready",
    });
    expect(condition(degraded, "CiliumHealthy")).toMatchObject({ status: "False", reason: "Unhealthy" });
    expect(condition(degraded, "Ready")).toMatchObject({ status: "True", lastTransitionTime: readySince });
    expect(await eventTypes(t)).toContain("ckp.cluster.addons-degraded");
    doubles.addons.healAddon(c, "cilium");
    const healed = await waitForStatus(t.projectAdmin, path, (s) => condition(s, "AddonsHealthy")?.status === "True", 120_000);
    expect(condition(healed, "Ready")).toMatchObject({ status: "True", lastTransitionTime: readySince });
    expect(await eventTypes(t)).toContain("ckp.cluster.addons-recovered");

    // machine health: the MachineHealthCheck's findings, read back. Real CAPI checks the Machines: a Node NotReady for
    // longer than the cluster's unhealthyAfter (45s) gets its Machine marked, and the MachineSet then replaces it
    const counted = await waitForStatus(
      t.projectAdmin,
      path,
      (s) => s.machineHealth?.expectedMachines === 3 && s.machineHealth.currentHealthy === 3,
    );
    expect(condition(counted, "MachinesHealthy")).toMatchObject({ status: "True", reason: "MachinesHealthy" });
    const machines = (await kubeRequest(kube, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/machines`)).body.items;
    const victim = machines[0];
    // the MachineSet is paused (CAPI's annotation) while the marked Machine is looked at: unpaused, it deletes it at once
    const machineSets = (
      await kubeRequest(
        kube,
        "GET",
        `/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/machinesets?labelSelector=cluster.x-k8s.io/deployment-name=workers`,
      )
    ).body.items;
    expect(machineSets).toHaveLength(1);
    const msPath = `/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/machinesets/${machineSets[0].metadata.name}`;
    const pauseMachineSet = async (paused: boolean) => {
      const res = await kubeRequest(kube, "PATCH", msPath, {
        body: { metadata: { annotations: { "cluster.x-k8s.io/paused": paused ? "" : null } } },
        contentType: "application/merge-patch+json",
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await pauseMachineSet(true);
    doubles.addons.nodeDown(c, victim.status.nodeRef.name);
    const remediating = await waitForStatus(t.projectAdmin, path, (s) => s.machineHealth?.remediating.length > 0, 600_000);
    expect(remediating.machineHealth.remediating[0]).toMatchObject({ machine: victim.metadata.name });
    // CAPI's own words (the double said "node <name> …"): the Node's condition and how long it has been so
    expect(remediating.machineHealth.remediating[0].reason).toBe("Condition Ready on node is reporting status False for more than 45s");
    expect(condition(remediating, "MachinesHealthy")).toMatchObject({ status: "False", reason: "RemediationInProgress" });
    await pauseMachineSet(false);
    await eventually(
      async () => {
        const m = await kubeRequest(
          kube,
          "GET",
          `/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/machines/${victim.metadata.name}`,
        );
        return m.status === 404 || m.body.metadata.deletionTimestamp ? true : undefined;
      },
      120_000,
      "the marked Machine deleted by its MachineSet",
    );
    // the host BYOH releases joins again, for the new Machine, with a healthy kubelet
    doubles.addons.nodeDown(c, victim.status.nodeRef.name, false);
    const replaced = await explained(
      () =>
        waitForStatus(
          t.projectAdmin,
          path,
          (s) => s.machineHealth?.replaced.some((r: any) => r.machine === victim.metadata.name) && s.machineHealth.currentHealthy === 3,
          600_000,
        ),
      () => capiState(kube, { ...c, clusterId: id }, doubles),
    );
    expect(replaced.machineHealth.remediating).toEqual([]);
    expect(await eventTypes(t)).toContain("ckp.cluster.machine-health-changed");

    // per-cluster changes: values within their schema, Velero on and off; refusals with their codes
    const notMine = await t.projectAdmin.patch(`${path}/addons/calico`, { values: { encapsulation: "IPIP" } });
    expect(notMine.body).toMatchObject({ status: 422, code: "cluster.addon-not-applicable" });
    const fixed = await t.projectAdmin.patch(`${path}/addons/ceph-rbd-csi`, { enabled: false });
    expect(fixed.body).toMatchObject({ status: 422, code: "cluster.addon-not-optional" });
    expect((await t.projectAdmin.patch(`${path}/addons/velero`, { values: { backupEverything: true } })).status).toBe(400);
    const hubble = await t.projectAdmin.patch(`${path}/addons/cilium`, { values: { hubble: { enabled: true } } });
    expect(hubble.status, hubble.text).toBe(202);
    expect(hubble.body).toMatchObject({ phase: "Updating", operation: "addons" });
    await waitForStatus(t.projectAdmin, path, (s) => s.phase === "Ready" && s.operation === "addons");
    const hubbleRelease = await eventually(async () => {
      const items = (await kubeRequest(kube, "GET", `${ADDONS_API}/v1alpha1/namespaces/${c.namespace}/helmreleaseproxies`)).body.items;
      const r = items.find((x: any) => x.spec.chartName === "cilium");
      return (yaml.load(r.spec.values) as any).hubble.enabled === true ? r : undefined;
    }, 30_000);
    expect(hubbleRelease.status.revision).toBeGreaterThan(1);

    const off = await t.projectAdmin.patch(`${path}/addons/velero`, { enabled: false });
    expect(off.status, off.text).toBe(202);
    const updated = await waitForStatus(t.projectAdmin, path, (s) => s.phase === "Ready" && s.generation === off.body.generation);
    expect(updated.steps.map((s: any) => s.name)).toEqual(["install-cni", "install-addons", "wait-addons"]);
    expect(updated.steps.find((s: any) => s.name === "install-addons").message).toContain("removed: velero");
    expect((await hcp("velero")).status).toBe(404);
    await eventually(
      async () => ((await get("/apis/apps/v1/namespaces/velero/deployments/velero")).code === 404 ? true : undefined),
      30_000,
    );
    const afterOff = (await t.projectAdmin.get(`${path}/addons`)).body.items.find((a: any) => a.name === "velero");
    expect(afterOff).toMatchObject({ enabled: false, state: "Disabled" });
    expect(await eventTypes(t)).toContain("ckp.cluster.addons-change-requested");

    // delete: the addons' objects go with the cluster; nothing is left on the management cluster
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect(await namespaceObjects(kube, c.namespace)).toEqual([]);
    const leftover = (
      await kubeRequest(kube, "GET", `${ADDONS_API}/v1alpha1/helmreleaseproxies?labelSelector=cluster.x-k8s.io/cluster-name=addons-1`)
    ).body.items.filter((r: any) => r.metadata.namespace === c.namespace);
    expect(leftover).toEqual([]);
    expect((await admin.get(`/v1/domains/${t.domain}/storage-profiles/ceph`)).body.clusterCount).toBe(0);
    expect(doubles.errors()).toEqual([]);
  }, 1_500_000);

  it("moves Calico from v3.28.2 to v3.30.5 when a cluster is upgraded from 1.30 to 1.31, as a step of its own after the control plane", async () => {
    const t = await tenant();
    await groupHosts(t, "pool", await registerHosts(t, 1));
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "calico-1",
      kubernetesVersion: "v1.30.6",
      cni: { name: "calico" },
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 1,
      addons: { storage: { enabled: false } },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.cni).toMatchObject({ name: "calico", version: "v3.28.2" });
    const path = `${t.base}/clusters/${created.body.id}`;
    const c = { namespace: ns(created.body.id), name: "calico-1" };
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(ready.addons.items.find((a: any) => a.name === "calico")).toMatchObject({ version: "v3.28.2", state: "Healthy" });
    expect(ready.addons.items.find((a: any) => a.name === "ceph-rbd-csi")).toMatchObject({ enabled: false, state: "Disabled" });
    const wl = await doubles.workloads.waitFor(c);
    const node = async () => (await kubeRequest(wl, "GET", "/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node")).body;
    expect((await node()).spec.template.spec.containers[0].image).toBe("docker.io/coredgeio/calico/node:v3.28.2");
    // Calico clusters keep kube-proxy
    const kcp = (
      await kubeRequest(kube, "GET", `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${c.namespace}/kamajicontrolplanes/calico-1`)
    ).body;
    expect(kcp.spec.addons.kubeProxy).toEqual({ imageRepository: "docker.io/coredgeio" });

    expect((await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.31.2" })).status).toBe(202);
    const upgraded = await waitForStatus(t.projectAdmin, path, (s) => s.phase === "Ready" && s.operation === "upgrade");
    expect(upgraded.steps.map((s: any) => `${s.name}:${s.state}`)).toEqual([
      "upgrade-control-plane:succeeded",
      "wait-control-plane:succeeded",
      "upgrade-addons:succeeded",
      "upgrade-workers:succeeded",
      "wait-workers:succeeded",
      "wait-addons:succeeded",
    ]);
    expect(upgraded.steps.find((s: any) => s.name === "upgrade-addons").message).toBe("calico v3.28.2 → v3.30.5");
    expect(condition(upgraded, "AddonsUpgraded")).toMatchObject({ status: "True" });
    expect((await t.projectAdmin.get(path)).body).toMatchObject({
      kubernetesVersion: "v1.31.2",
      cni: { name: "calico", version: "v3.30.5" },
    });
    const hcp = (await kubeRequest(kube, "GET", `${ADDONS_API}/v1alpha1/namespaces/${c.namespace}/helmchartproxies/calico`)).body;
    expect(hcp.spec.version).toBe("v3.30.5");
    expect((await node()).spec.template.spec.containers[0].image).toBe("docker.io/coredgeio/calico/node:v3.30.5");
    expect(upgraded.addons.items.find((a: any) => a.name === "calico")).toMatchObject({ version: "v3.30.5", state: "Healthy" });
    expect(doubles.addons.installs.filter((i) => i.startsWith(`${c.namespace}/calico-1 tigera-operator`))).toEqual([
      `${c.namespace}/calico-1 tigera-operator v3.28.2`,
      `${c.namespace}/calico-1 tigera-operator v3.30.5`,
    ]);
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect(await namespaceObjects(kube, c.namespace)).toEqual([]);
  }, 1_500_000);

  it("an addon that never becomes healthy shows what is not ready, and fails the cluster with AddonUnhealthy after the bound", async () => {
    const t = await tenant();
    await registerStorageProfile(admin, t.domain);
    await groupHosts(t, "pool", await registerHosts(t, 1));
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "sick-1",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    const c = { namespace: ns(created.body.id), name: "sick-1" };
    doubles.addons.breakAddon(c, "ceph-csi-rbd", { object: "ceph-csi-rbd-provisioner" });
    const expected = "ceph-rbd-csi: Deployment ckp-storage/ceph-csi-rbd-provisioner 1/2 ready";
    const waiting = await waitForStatus(
      t.projectAdmin,
      path,
      // past "Installing" (no HelmReleaseProxy yet) and the first moments of the rollout ("0/2 ready, generation 1 not
      // yet rolled out"), which the saga can see first: the broken addon's steady state
      (s) => s.currentStep === "wait-addons" && condition(s, "CephRbdCsiHealthy")?.message === expected,
    );
    expect(condition(waiting, "CephRbdCsiHealthy")).toMatchObject({ reason: "Unhealthy", message: expected });
    expect(condition(waiting, "CiliumHealthy")).toMatchObject({ status: "True" });
    expect(condition(waiting, "AddonsHealthy")).toMatchObject({ status: "False", reason: "AddonUnhealthy", message: expected });
    expect(condition(waiting, "Ready")).toMatchObject({ status: "False" });
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), (ADDON_BOUND_SECONDS + 120) * 1000);
    expect(failed.steps.find((s: any) => s.name === "wait-addons")).toMatchObject({ state: "failed" });
    expect(condition(failed, "Ready")).toMatchObject({ status: "False", reason: "Failed" });
    expect(condition(failed, "Ready").message).toContain("AddonUnhealthy");
    expect(condition(failed, "Ready").message).toContain(expected);
    expect(await eventTypes(t)).toContain("ckp.cluster.failed");
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect(await namespaceObjects(kube, c.namespace)).toEqual([]);
  }, 1_500_000);
});
