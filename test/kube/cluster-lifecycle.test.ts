import { createPrivateKey, X509Certificate } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { MACHINE_ID_TAG } from "../../core/infrastructure/driver.js";
import { queues, tables } from "../../infra/resources.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OpenStackSimulator } from "../doubles/openstack-simulator.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { adminApi, eventually, resourceName, useLocalAws } from "../support/api.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { closedPort, registerTestManagementCluster, testKube } from "../support/kube.js";
import { namespaceObjects, projectItems } from "../support/leftovers.js";
import { foreignCa } from "../support/pki.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * The cluster lifecycle saga against the kube tier's management cluster
 * (real kube-apiserver with the CAPI CRDs, Cluster API's own core, kubeadm
 * bootstrap and BYOH managers), the doubles of what cannot run here (Kamaji's
 * tenant control planes, BYOH's host agents) and the infrastructure provider
 * simulators. Machines the simulators boot run their user data: the install
 * script downloads the published agent build from the control plane, and the
 * real agent registers with the machine id the control plane chose.
 */
const admin = adminApi();
const domains = new Set<string>();
// a cluster is Ready once its addons are: one shared workload apiserver, the Helm add-on provider and kubelets,
// Kamaji's tenant control planes and BYOH's host agents (doubles); CAPI's core, kubeadm and BYOH managers run for real
const doubles = clusterDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? ""), shared: true });

beforeAll(async () => {
  doubles.start();
  await publishTestAgentRelease(admin, useLocalAws());
});
afterAll(() => doubles.stop());

async function tenant(o: { autoApproveHosts?: boolean } = {}): Promise<Tenant> {
  const t = await newTenant(o);
  domains.add(t.domain);
  await registerStorageProfile(admin, t.domain);
  return t;
}

async function clusterItems(t: Tenant): Promise<Array<Record<string, unknown>>> {
  const env = useLocalAws();
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: resourceName(env, tables.main.logical),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :c)",
      ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}`, ":c": "CLUSTER" },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

async function eventTypes(t: Tenant): Promise<string[]> {
  return (await projectEvents(t)).map((e) => e.type);
}

async function projectEvents(t: Tenant): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const env = useLocalAws();
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: resourceName(env, tables.main.logical),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}#EVT` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => i.event as { type: string; data: Record<string, unknown> });
}

/** the private registry's CA: one of the test's own making */
const REGISTRY_CA = foreignCa().certPem;
const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;

describe("cluster lifecycle on a management cluster", () => {
  const bms = new OrbiterBmsSimulator({ secret: "hw-secret", pools: { rack1: { servers: 4 } }, bootDelayMs: 20 });
  let mc: { id: string; name: string };

  beforeAll(async () => {
    await bms.start();
    mc = await registerTestManagementCluster(admin);
    await publishBundles(admin, ["v1.31.2", "v1.32.11"]);
  });
  afterAll(() => bms.stop());

  async function bmsProvider(t: Tenant): Promise<string> {
    const cred = uniqueName("bms-cred");
    const c = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
      type: "orbiter-bms",
      name: cred,
      endpoint: bms.http.url,
      hardwareAccessSecret: "hw-secret",
    });
    expect(c.status, c.text).toBe(201);
    const pc = await t.admin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    return "bms";
  }

  it("provisions missing machines through Orbiter BMS, waits for manual approval, reaches Ready, and deletes everything", async () => {
    const t = await tenant();
    const provider = await bmsProvider(t);
    const [own] = await registerHosts(t, 1);
    await groupHosts(t, "pool", [own as string]);
    const before = await projectItems(t);

    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "edge-1",
      kubernetesVersion: "v1.31.2",
      providerCluster: provider,
      hostGroup: "pool",
      workers: 2,
      network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
      extraArgs: { kubelet: { "max-pods": "200" } },
      encryption: { enabled: true },
      // a private registry with credentials and a CA (docs/clusters.md, "Image registry")
      imageRegistry: {
        type: "private",
        url: "registry.edge.example:5000/ckp",
        credentials: { username: "puller", password: "pull-s3cret" },
        caBundle: REGISTRY_CA,
      },
      labels: { team: "edge" },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.imageRegistry).toEqual({
      type: "private",
      url: "registry.edge.example:5000/ckp",
      username: "puller",
      caBundle: REGISTRY_CA,
    });
    expect(created.text).not.toContain("pull-s3cret");
    // the audit trail names the registry, never its password
    const createdEvent = (await projectEvents(t)).find((e) => e.type === "ckp.cluster.created");
    expect(createdEvent?.data.imageRegistry).toEqual({ type: "private", url: "registry.edge.example:5000/ckp", username: "puller" });
    expect(JSON.stringify(createdEvent)).not.toContain("pull-s3cret");
    expect(created.body.encryption).toMatchObject({ enabled: true, provider: "aesgcm", revision: 1, primaryKey: "key-1", phase: "Idle" });
    expect(created.body).toMatchObject({ phase: "Provisioning", cni: { name: "cilium" }, step: "resolve-provider" });
    const path = `${t.base}/clusters/${created.body.id}`;

    // one machine is missing: the BMS allocates it, its agent registers, and the saga waits for a person
    const waiting = await waitForStatus(
      t.projectAdmin,
      path,
      (s) => s.currentStep === "wait-approval" && s.conditions.some((c: any) => c.reason === "WaitingForApproval"),
    );
    const approval = waiting.conditions.find((c: any) => c.type === "HostsApproved");
    expect(approval).toMatchObject({ status: "False", reason: "WaitingForApproval" });
    const pending = (await t.projectAdmin.get(`${t.base}/host-requests?status=pending`)).body.items;
    expect(pending).toHaveLength(1);
    expect(approval.message).toContain(pending[0].id);
    expect(bms.allocations.size).toBe(1);
    // the real agent registered with the machine id the control plane chose and recorded — not the provider's ids
    const [allocation] = [...bms.allocations.values()];
    const provisioned = (await t.projectAdmin.get(path)).body.provisioned;
    expect(provisioned).toEqual([{ serverId: allocation?.id, name: allocation?.name, machineId: expect.any(String) }]);
    expect(pending[0]).toMatchObject({ machineId: provisioned[0].machineId, hostname: allocation?.name });
    expect(allocation?.labels[MACHINE_ID_TAG]).toBe(provisioned[0].machineId);
    expect([allocation?.id, allocation?.machineId, allocation?.serverId]).not.toContain(provisioned[0].machineId);
    const machine = bms.machines.get(allocation?.id as string);
    expect(machine?.state, machine?.describe()).toBe("registering");
    expect(machine?.config).toMatchObject({ machineId: provisioned[0].machineId, domain: t.domain, project: t.project });
    for (const name of ["resolve-provider", "provision-machines", "wait-registration"]) {
      const step = waiting.steps.find((s: any) => s.name === name);
      expect(step.state, name).toBe("succeeded");
      expect(Date.parse(step.endedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
    }

    expect((await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: [pending[0].id] })).status).toBe(200);
    // approved: the waiting agent receives its certificate and its registration ends
    expect(await machine?.settled, machine?.describe()).toBe("registered");
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(ready).toMatchObject({
      currentStep: null,
      workers: { desired: 2, assigned: 2, ready: 2 },
      controlPlane: { ready: true, version: "v1.31.2" },
    });
    expect(ready.conditions.find((c: any) => c.type === "Ready")).toMatchObject({ status: "True" });
    expect(ready.steps.every((s: any) => s.state === "succeeded")).toBe(true);

    const cluster = (await t.projectAdmin.get(path)).body;
    expect(cluster.resolved).toMatchObject({ providerCluster: { name: "bms", type: "orbiter-bms" }, managementClusterId: mc.id });
    const kube = testKube();
    const md = await kubeRequest(kube, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/machinedeployments/workers`);
    expect(md.body.spec).toMatchObject({ replicas: 2, template: { spec: { version: "v1.31.2" } } });
    const installer = await kubeRequest(
      kube,
      "GET",
      `/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/k8sinstallerconfigtemplates/workers`,
    );
    expect(installer.body.metadata.annotations["ckp.io/byoh-bundle"]).toMatch(
      /^docker\.io\/coredgeio\/byoh-bundle-ubuntu_20\.04_x86-64_k8s:v1\.31\.2@sha256:[a-f0-9]{64}$/,
    );
    const hosts = (await t.projectAdmin.get(`${t.base}/hosts?group=pool`)).body.items;
    expect(hosts).toHaveLength(2);
    expect(hosts.every((h: any) => h.clusterId === cluster.id)).toBe(true);
    const provisionedHost = hosts.find((h: any) => h.machineId === provisioned[0].machineId);
    expect(provisionedHost?.certificateSerial).toMatch(/^[0-9a-f]{32}$/);

    // the cluster's CA: issued from the installation CA for ten years, recorded, and in the Secret CAPI reads
    expect(ready.steps.find((s: any) => s.name === "issue-certificates")).toMatchObject({ state: "succeeded" });
    const certs = (await t.projectAdmin.get(`${t.base}/certificates?purpose=cluster`)).body.items;
    expect(certs).toHaveLength(1);
    const record = certs[0];
    expect(record).toMatchObject({ purpose: "cluster", domain: t.domain, project: t.project, clusterId: cluster.id, revoked: false });
    const secret = await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(cluster.id)}/secrets/edge-1-ca`);
    expect(secret.status).toBe(200);
    expect(secret.body.type).toBe("cluster.x-k8s.io/secret");
    expect(secret.body.metadata.labels["cluster.x-k8s.io/cluster-name"]).toBe("edge-1");
    const pem = (k: string) => Buffer.from(secret.body.data[k], "base64").toString("utf8");
    expect(pem("tls.crt")).toBe(record.pem);
    expect(pem("ca.crt")).toBe(record.pem);
    const caCert = new X509Certificate(pem("tls.crt"));
    const root = new X509Certificate((await t.projectAdmin.get("/v1/ca")).text);
    expect(caCert.ca).toBe(true);
    expect(caCert.checkIssued(root)).toBe(true);
    expect(caCert.verify(root.publicKey)).toBe(true);
    expect(caCert.checkPrivateKey(createPrivateKey(pem("tls.key")))).toBe(true);
    const years = (Date.parse(caCert.validTo) - Date.parse(record.issuedAt)) / (86_400_000 * 365.25);
    expect(years).toBeGreaterThan(9.99);
    expect(years).toBeLessThan(10.01);
    expect(caCert.serialNumber.toLowerCase()).toBe(record.serial);

    // etcd encryption: the configuration in a Secret applied with the objects, mounted into the API server by the KamajiControlPlane
    const encSecret = await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(cluster.id)}/secrets/edge-1-encryption`);
    expect(encSecret.status).toBe(200);
    expect(encSecret.body.metadata.annotations["ckp.io/encryption-revision"]).toBe("1");
    const encConfig = Buffer.from(encSecret.body.data["encryption-config.yaml"], "base64").toString("utf8");
    expect(encConfig).toContain("kind: EncryptionConfiguration");
    expect(encConfig).toMatch(/aesgcm:\s+keys:\s+- name: key-1/);
    const kcp = await kubeRequest(
      kube,
      "GET",
      `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns(cluster.id)}/kamajicontrolplanes/edge-1`,
    );
    expect(kcp.body.spec.apiServer.extraArgs).toContain(
      "--encryption-provider-config=/etc/kubernetes/ckp-encryption/encryption-config.yaml",
    );
    expect(kcp.body.spec.deployment.extraVolumes).toEqual([{ name: "ckp-encryption", secret: { secretName: "edge-1-encryption" } }]);
    expect(ready.encryption).toMatchObject({ enabled: true, revision: 1 });

    // the private registry: Kamaji's images from it, its pods pulling through a ServiceAccount's pull secret,
    // and containerd's hosts.toml (with the credentials) from a Secret the bootstrap template names
    expect(kcp.body.spec.registry).toBe("registry.edge.example:5000/ckp");
    expect(kcp.body.spec.deployment.serviceAccountName).toBe("edge-1-control-plane");
    const regSecret = (name: string) => kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(cluster.id)}/secrets/${name}`);
    const pull = (await regSecret("edge-1-registry-auth")).body;
    expect(pull.type).toBe("kubernetes.io/dockerconfigjson");
    expect(JSON.parse(Buffer.from(pull.data[".dockerconfigjson"], "base64").toString()).auths["registry.edge.example:5000"]).toMatchObject({
      username: "puller",
      password: "pull-s3cret",
    });
    const hostsToml = Buffer.from((await regSecret("edge-1-registry")).body.data["hosts.toml"], "base64").toString();
    expect(hostsToml).toContain(`Authorization = "Basic ${Buffer.from("puller:pull-s3cret").toString("base64")}"`);
    const sa = await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(cluster.id)}/serviceaccounts/edge-1-control-plane`);
    expect(sa.body.imagePullSecrets).toEqual([{ name: "edge-1-registry-auth" }]);
    const kct = await kubeRequest(
      kube,
      "GET",
      `/apis/bootstrap.cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/kubeadmconfigtemplates/workers`,
    );
    expect(kct.body.spec.template.spec.files[0]).toEqual({
      path: "/etc/containerd/certs.d/registry.edge.example:5000/hosts.toml",
      permissions: "0600",
      contentFrom: { secret: { name: "edge-1-registry", key: "hosts.toml" } },
    });
    expect(kct.body.spec.template.spec.clusterConfiguration.imageRepository).toBe("registry.edge.example:5000/ckp");

    // its addons, installed the Cluster API way: a HelmChartProxy each, the Ceph Secret through a ClusterResourceSet
    const addonObjects = async (kind: string, version = "v1alpha1") =>
      (
        await kubeRequest(kube, "GET", `/apis/addons.cluster.x-k8s.io/${version}/${kind}?labelSelector=ckp.io/cluster-id=${cluster.id}`)
      ).body.items.map((o: any) => o.metadata.name);
    expect((await addonObjects("helmchartproxies")).sort()).toEqual(["ceph-rbd-csi", "cilium"]);
    // and each addon's pods pull with the registry's pull secret, which a ClusterResourceSet of its own carries
    expect((await addonObjects("clusterresourcesets", "v1beta1")).sort()).toEqual([
      "ceph-rbd-csi",
      "ceph-rbd-csi-registry-pull",
      "cilium-registry-pull",
    ]);
    const ciliumHcp = await kubeRequest(
      kube,
      "GET",
      `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns(cluster.id)}/helmchartproxies/cilium`,
    );
    expect(ciliumHcp.body.spec).toMatchObject({
      repoURL: "oci://registry.edge.example:5000/ckp/charts",
      credentials: { secret: { name: "edge-1-registry-auth" }, key: ".dockerconfigjson" },
      tlsConfig: { caSecret: { name: "edge-1-registry" } },
    });
    const releases = (
      await kubeRequest(kube, "GET", `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns(cluster.id)}/helmreleaseproxies`)
    ).body.items;
    expect(releases.map((r: any) => r.spec.chartName).sort()).toEqual(["ceph-csi-rbd", "cilium"]);
    expect(ready.conditions.find((c: any) => c.type === "AddonsHealthy")).toMatchObject({ status: "True" });
    expect((await admin.get(`/v1/domains/${t.domain}/storage-profiles/ceph`)).body.clusterCount).toBe(1);

    // real CAPI ran the workers: a Machine per worker, each Running on a Node BYOH gave its provider id
    const machines = (await kubeRequest(kube, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/machines`)).body.items;
    expect(machines).toHaveLength(2);
    for (const m of machines) {
      expect(m.status).toMatchObject({ phase: "Running", nodeRef: { kind: "Node" } });
      expect(m.spec.providerID).toMatch(new RegExp(`^byoh://${m.status.nodeRef.name}/`));
    }

    // delete: the Cluster goes first, and the rest only once it is gone. CAPI's finalizer holds the Cluster while
    // CAPI takes its control plane and machines down; paused, CAPI leaves it held while the test looks
    const clusterPath = `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/clusters/edge-1`;
    const pause = await kubeRequest(kube, "PATCH", clusterPath, {
      body: { spec: { paused: true } },
      contentType: "application/merge-patch+json",
    });
    expect(pause.status).toBe(200);
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForStatus(
      t.projectAdmin,
      path,
      (s) =>
        s.currentStep === "delete-objects" && s.conditions.some((c: any) => c.type === "ObjectsDeleted" && c.reason === "ClusterDeleting"),
    );
    const held = await kubeRequest(kube, "GET", clusterPath);
    expect(held.body.metadata.deletionTimestamp).toBeTruthy();
    expect(held.body.metadata.finalizers).toContain("cluster.cluster.x-k8s.io");
    for (const other of [
      `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns(cluster.id)}/kamajicontrolplanes/edge-1`,
      `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/machinedeployments/workers`,
      `/api/v1/namespaces/${ns(cluster.id)}/secrets/edge-1-ca`,
    ]) {
      expect((await kubeRequest(kube, "GET", other)).status, other).toBe(200);
    }
    expect((await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(cluster.id)}`)).body.metadata.deletionTimestamp).toBeUndefined();
    const resume = await kubeRequest(kube, "PATCH", clusterPath, {
      body: { spec: { paused: false } },
      contentType: "application/merge-patch+json",
    });
    expect(resume.status).toBe(200);

    // nothing of the cluster is left on the management cluster, in the table or at the provider
    await waitForGone(t.projectAdmin, path);
    expect((await t.projectAdmin.get(path)).status).toBe(404);
    expect((await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns(cluster.id)}`)).status).toBe(404);
    expect(bms.allocations.size).toBe(0);
    expect(bms.freeServers("rack1")).toBe(4);
    // nor of its addons, anywhere on the management cluster
    for (const [kind, version] of [
      ["helmchartproxies", "v1alpha1"],
      ["helmreleaseproxies", "v1alpha1"],
      ["clusterresourcesets", "v1beta1"],
      ["clusterresourcesetbindings", "v1beta1"],
    ] as const) {
      const all = (await kubeRequest(kube, "GET", `/apis/addons.cluster.x-k8s.io/${version}/${kind}`)).body.items;
      expect(
        all.filter((o: any) => o.metadata.namespace === ns(cluster.id)).map((o: any) => o.metadata.name),
        kind,
      ).toEqual([]);
    }
    expect((await admin.get(`/v1/domains/${t.domain}/storage-profiles/ceph`)).body.clusterCount).toBe(0);
    const after = (await t.projectAdmin.get(`${t.base}/hosts`)).body.items;
    expect(after.map((h: any) => h.id)).toEqual([own]);
    expect(after[0].clusterId).toBeUndefined();
    expect(after[0].group).toBe("pool");
    expect(await clusterItems(t)).toEqual([]);
    expect(await eventTypes(t)).toEqual(
      expect.arrayContaining([
        "ckp.cluster.created",
        "ckp.cluster.machines-provisioned",
        "ckp.cluster.ready",
        "ckp.cluster.delete-requested",
        "ckp.cluster.machines-released",
        "ckp.cluster.deleted",
      ]),
    );
    // every item of the project is what it was before the cluster (the provider-made host, its request and
    // machine record are gone), but for the records of the certificates it had — the cluster's CA and the
    // provider-made host's — kept, revoked, like the event history
    const items = await projectItems(t);
    expect([...before.keys()].filter((k) => !items.has(k))).toEqual([]);
    const hostSerial = provisionedHost.certificateSerial as string;
    expect([...items.keys()].filter((k) => !before.has(k)).sort()).toEqual(
      [record.serial, hostSerial].map((s) => `D#${t.domain}#P#${t.project}|CERT#${s}`).sort(),
    );
    const revoked = (await t.projectAdmin.get(`${t.base}/certificates/${record.serial}`)).body;
    expect(revoked).toMatchObject({ revoked: true, clusterId: cluster.id });
    expect(revoked.revocationReason).toContain("deleted");
    expect((await t.projectAdmin.get(`${t.base}/certificates/${hostSerial}`)).body).toMatchObject({ revoked: true, purpose: "host" });
    expect(await namespaceObjects(kube, ns(cluster.id))).toEqual([]);
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.clusterCount).toBe(0);
    expect((await t.admin.get(`${t.base}/provider-clusters/bms`)).body.clusterCount).toBe(0);
  }, 1_500_000);

  it("refuses a cluster whose BYOH bundle does not exist (422 naming it) before provisioning anything", async () => {
    const t = await tenant({ autoApproveHosts: true });
    const provider = await bmsProvider(t);
    await groupHosts(t, "g", await registerHosts(t, 1));
    const allocations = bms.allocations.size;
    const refused = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "old",
      kubernetesVersion: "v1.29.0",
      providerCluster: provider,
      hostGroup: "g",
      workers: 2,
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.detail).toContain("no BYOH bundle is published for Kubernetes v1.29.0 on ubuntu-20.04");
    expect(refused.body.bundle).toMatchObject({ kubernetesVersion: "v1.29.0", os: "ubuntu-20.04", arch: "amd64" });
    expect((await t.projectAdmin.get(`${t.base}/clusters`)).body.items).toEqual([]);
    expect(bms.allocations.size).toBe(allocations);
  });

  it("fails at apply-objects with BundleNotFound when the bundle is withdrawn after the create, and deletes it cleanly", async () => {
    const t = await tenant();
    const provider = await bmsProvider(t);
    await publishBundles(admin, ["v1.30.6"]);
    await groupHosts(t, "g", []);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "late",
      kubernetesVersion: "v1.30.6",
      providerCluster: provider,
      hostGroup: "g",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    await waitForStatus(
      t.projectAdmin,
      path,
      (s) => s.currentStep === "wait-approval" && s.conditions.some((c: any) => c.reason === "WaitingForApproval"),
    );
    // withdrawn while the saga waits for a person; nothing else in the kube tier uses v1.30.6
    expect((await admin.delete("/v1/byoh-bundles/v1.30.6/ubuntu-20.04")).status).toBe(204);
    const pending = (await t.projectAdmin.get(`${t.base}/host-requests?status=pending`)).body.items;
    expect((await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: pending.map((r: any) => r.id) })).status).toBe(200);
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"));
    expect(failed.steps.find((s: any) => s.name === "apply-objects")).toMatchObject({ state: "failed" });
    expect(failed.conditions.find((c: any) => c.type === "ObjectsApplied")).toMatchObject({ status: "False", reason: "BundleNotFound" });
    expect(failed.conditions.find((c: any) => c.type === "Ready")?.message).toContain("apply-objects");
    expect(failed.conditions.find((c: any) => c.type === "Ready")?.message).toContain("v1.30.6 on ubuntu-20.04");
    expect(failed.steps.filter((s: any) => s.state === "cancelled").map((s: any) => s.name)).toEqual([
      "wait-control-plane",
      "install-cni",
      "wait-workers",
      "install-addons",
      "wait-addons",
    ]);

    // a failed create cannot be scaled, but can be deleted; the machine goes back to the provider
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 2 })).status).toBe(409);
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect((await t.projectAdmin.get(path)).status).toBe(404);
    expect((await t.projectAdmin.get(`${t.base}/hosts`)).body.items).toEqual([]);
    expect((await t.projectAdmin.get(`${t.base}/host-requests`)).body.items).toEqual([]);
    expect([...bms.allocations.values()].filter((a) => a.labels["ckp.io/cluster-id"] === created.body.id)).toEqual([]);
  }, 1_200_000);
});

describe("deleting a cluster while its machines are being created", () => {
  // slow allocations: the create is still asking for machines when the delete begins; machines never boot
  const slow = new OrbiterBmsSimulator({
    secret: "slow-secret",
    pools: { rack: { servers: 3 } },
    bootDelayMs: 600_000,
    allocateLatencyMs: 2500,
  });
  beforeAll(() => slow.start());
  afterAll(() => slow.stop());

  it("releases the machines the abandoned create makes after the delete began", async () => {
    const t = await tenant({ autoApproveHosts: true });
    const mc = await registerTestManagementCluster(admin);
    await publishBundles(admin, ["v1.31.2"]);
    const cred = uniqueName("slow");
    expect(
      (
        await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "orbiter-bms",
          name: cred,
          endpoint: slow.http.url,
          hardwareAccessSecret: "slow-secret",
        })
      ).status,
    ).toBe(201);
    const pc = await t.admin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "slow",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await groupHosts(t, "none", []);
    const before = await projectItems(t);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "hasty",
      kubernetesVersion: "v1.31.2",
      providerCluster: "slow",
      hostGroup: "none",
      workers: 3,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    // the first of three allocations is under way: delete now
    await eventually(async () => (slow.allocations.size >= 1 ? true : undefined), 120_000, "first allocation");
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    // the create's step went on allocating after the delete began; none of its machines is left
    expect(slow.http.requests.filter((r) => r.startsWith("POST /v1/pools/rack/allocations")).length).toBeGreaterThanOrEqual(2);
    expect(slow.allocations.size).toBe(0);
    expect(slow.freeServers("rack")).toBe(3);
    const after = await projectItems(t);
    expect([...after.keys()].filter((k) => !before.has(k))).toEqual([]);
    expect([...before.keys()].filter((k) => !after.has(k))).toEqual([]);
  }, 1_200_000);
});

describe("retries", () => {
  it("retries a step whose provider does not answer, with backoff, and stops after a bounded number of deliveries", async () => {
    const t = await tenant({ autoApproveHosts: true });
    const mc = await registerTestManagementCluster(admin);
    const cred = uniqueName("down");
    const c = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
      type: "orbiter-bms",
      name: cred,
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      hardwareAccessSecret: "x",
    });
    expect(c.status, c.text).toBe(201);
    const pc = await t.admin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "down",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await groupHosts(t, "none", []);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "unlucky",
      kubernetesVersion: "v1.31.2",
      providerCluster: "down",
      hostGroup: "none",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    const retrying = await waitForStatus(
      t.projectAdmin,
      path,
      (s) => (s.steps.find((x: any) => x.name === "provision-machines")?.retries ?? 0) >= 2,
    );
    expect(retrying.phase).toBe("Provisioning");
    expect(retrying.steps.find((x: any) => x.name === "provision-machines").message).toMatch(/retrying: Orbiter BMS is unreachable/);
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 600_000);
    const step = failed.steps.find((x: any) => x.name === "provision-machines");
    expect(step.state).toBe("failed");
    expect(step.retries).toBeLessThanOrEqual(queues.lifecycle.maxReceiveCount);
    expect(failed.conditions.find((x: any) => x.type === "MachinesProvisioned")).toMatchObject({
      status: "False",
      reason: "RetriesExhausted",
    });
    expect(failed.conditions.find((x: any) => x.type === "MachinesProvisioned").message).toContain("unreachable");
  }, 1_500_000);
});

describe("cluster lifecycle with the CCS VM provider", () => {
  const os = new OpenStackSimulator({
    applicationCredential: { id: "ac", secret: "ac-secret" },
    region: "RegionOne",
    networks: [
      { name: "tenant-net", subnets: [{ cidr: "10.244.16.0/24" }] },
      { name: "nodes-net", subnets: [{ cidr: "192.168.50.0/24" }] },
    ],
    images: [{ name: "ckp-ubuntu-2004", architecture: "x86_64", osDistro: "ubuntu", osVersion: "20.04" }],
    flavors: [{ name: "m1.large", vcpus: 4, ramMb: 8192 }],
  });
  beforeAll(() => os.start());
  afterAll(() => os.stop());

  /** A CCS credential and provider cluster "ccs" on the simulated OpenStack, placing on a fresh management cluster. */
  async function ccsProvider(t: Awaited<ReturnType<typeof tenant>>, network: string): Promise<void> {
    const mc = await registerTestManagementCluster(admin);
    const cred = uniqueName("ccs");
    expect(
      (
        await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "ccs-openstack",
          name: cred,
          authUrl: os.authUrl,
          applicationCredentialId: "ac",
          applicationCredentialSecret: "ac-secret",
          region: "RegionOne",
        })
      ).status,
    ).toBe(201);
    const pc = await t.admin.post(`/v1/domains/${t.domain}/provider-clusters`, {
      type: "ccs-vm",
      name: "ccs",
      credential: cred,
      managementCluster: mc.name,
      defaults: { images: [{ os: "ubuntu-20.04", arch: "amd64", image: "ckp-ubuntu-2004" }], flavor: "m1.large", network },
    });
    expect(pc.status, pc.text).toBe(201);
  }

  it("stops at provision-machines with NetworkOverlap when the provider's subnet overlaps the pod network", async () => {
    const t = await tenant({ autoApproveHosts: true });
    await ccsProvider(t, "tenant-net");
    await groupHosts(t, "empty", []);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "vm",
      kubernetesVersion: "v1.31.2",
      providerCluster: "ccs",
      hostGroup: "empty",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"));
    const cond = failed.conditions.find((c: any) => c.type === "MachinesProvisioned");
    expect(cond).toMatchObject({ status: "False", reason: "NetworkOverlap" });
    expect(cond.message).toContain("10.244.16.0/24 overlaps the pod network 10.244.0.0/16");
    expect(os.servers.size).toBe(0);
    // deleting it removes the security group the step had prepared
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect((await t.projectAdmin.get(path)).status).toBe(404);
    expect([...os.securityGroups.values()].filter((g) => g.name === `ckp-${created.body.id}`)).toEqual([]);
  }, 1_200_000);

  it("provisions a VM whose real agent registers with the chosen machine id (not the Nova server id), auto-approves, reaches Ready, and deletes it", async () => {
    const t = await tenant({ autoApproveHosts: true });
    await ccsProvider(t, "nodes-net");
    await groupHosts(t, "empty", []);
    await publishBundles(admin, ["v1.31.2"]);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "vm",
      kubernetesVersion: "v1.31.2",
      providerCluster: "ccs",
      hostGroup: "empty",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    let ready: any;
    try {
      ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${[...os.machines.values()].map((m) => m.describe()).join("\n")}`);
    }
    expect(
      ready.steps
        .filter((x: any) => ["provision-machines", "wait-registration", "wait-approval"].includes(x.name))
        .map((x: any) => x.state),
    ).toEqual(["succeeded", "succeeded", "succeeded"]);
    const cluster = (await t.projectAdmin.get(path)).body;
    expect(cluster.resolved.nodeCidr).toBe("192.168.50.0/24");
    const [server] = [...os.servers.values()].filter((x) => x.metadata["ckp.io/cluster-id"] === cluster.id);
    expect(cluster.provisioned).toEqual([
      { serverId: server?.id, name: server?.name, machineId: server?.metadata[MACHINE_ID_TAG], hostId: expect.any(String) },
    ]);
    expect(cluster.provisioned[0].machineId).not.toBe(server?.id);
    const host = (await t.projectAdmin.get(`${t.base}/hosts/${cluster.provisioned[0].hostId}`)).body;
    expect(host).toMatchObject({
      machineId: cluster.provisioned[0].machineId,
      hostname: server?.name,
      clusterId: cluster.id,
      group: "empty",
    });
    expect(host.facts).toMatchObject({ os: { id: "ubuntu", version: "20.04" }, provider: "ccs-vm" });
    expect(os.machines.get(server?.id as string)?.state).toBe("registered");

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect([...os.servers.values()].filter((x) => x.metadata["ckp.io/cluster-id"] === cluster.id)).toEqual([]);
    expect(os.machines.has(server?.id as string)).toBe(false);
    expect([...os.securityGroups.values()].filter((g) => g.name === `ckp-${cluster.id}`)).toEqual([]);
    expect((await t.projectAdmin.get(`${t.base}/hosts`)).body.items).toEqual([]);
  }, 1_200_000);
});
