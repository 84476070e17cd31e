import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ManagementCluster, startManagementCluster } from "../../scripts/capi/run.js";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { type ClusterDoubles, clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { type InstalledAgent, installClusterAgent } from "../support/cluster-agent.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { crdDir } from "../support/kube.setup.js";
import { newTenant, uniqueName } from "../support/tenants.js";

/**
 * The cluster lifecycle on a remote management cluster: a kube-apiserver
 * with the CAPI CRDs whose address the control plane never gets, reached
 * only through a real ckp-cluster-agent process (with the RBAC its
 * manifest grants). Cluster API's own core, kubeadm bootstrap and BYOH
 * managers run against that apiserver, as they would inside that cluster,
 * with the doubles of what cannot run here (Kamaji's tenant control planes,
 * BYOH's host agents, the Helm add-on provider and the kubelets: a cluster
 * is Ready once its addons are). Every
 * saga step (apply, the waits, scale, upgrade, delete) goes through the
 * tunnel, and so do the addon health checks' reads of the workload
 * cluster (the agent reaches it with its kubeconfig Secret); the agent is
 * killed mid-saga and the saga waits with TunnelDisconnected until it is back.
 */
const admin = adminApi();
let mgmt: ManagementCluster;
let remote: KubeApiserver;
let agent: InstalledAgent;
let doubles: ClusterDoubles;
let mc: { id: string; name: string };
const bms = new OrbiterBmsSimulator({ secret: "hw-secret", pools: { rack1: { servers: 2 } } });
const domains = new Set<string>();

beforeAll(async () => {
  useLocalAws();
  mgmt = await startManagementCluster({ crdDir });
  remote = mgmt.api;
  doubles = clusterDoubles(remote, { matches: (l) => domains.has(l["ckp.io/domain"] ?? ""), shared: true });
  doubles.start();
  await bms.start();
  const res = await admin.post("/v1/management-clusters", { name: uniqueName("mc-far"), connectivity: "remote" });
  expect(res.status, res.text).toBe(201);
  mc = res.body;
  agent = await installClusterAgent(remote, res.body.agent.manifest, { name: "far", pingSeconds: 10 });
  await agent.process.waitForLine(/tunnel connected/, 120_000);
  await publishBundles(admin, ["v1.31.2", "v1.32.11"]);
}, 300_000);

afterAll(async () => {
  await doubles?.stop();
  await bms.stop();
  await agent?.stopAll();
  await mgmt?.stop();
});

const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;
/** Every request of this test's saga crosses the tunnel (and the shared DynamoDB Local, slow on a busy machine): wait long. */
const STEP_WAIT_MS = 1_500_000;

describe("cluster lifecycle on a remote management cluster", () => {
  it("creates (the agent killed mid-saga: the step waits, TunnelDisconnected; resumes when it is back), scales, upgrades and deletes", async () => {
    const t = await newTenant({ autoApproveHosts: true });
    domains.add(t.domain);
    await registerStorageProfile(admin, t.domain);
    const cred = uniqueName("bms");
    expect(
      (
        await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "orbiter-bms",
          name: cred,
          endpoint: bms.http.url,
          hardwareAccessSecret: "hw-secret",
        })
      ).status,
    ).toBe(201);
    const pc = await t.admin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await groupHosts(t, "pool", await registerHosts(t, 3));

    // the tenant control plane is held back (Kamaji's double stopped), so the saga waits on the management cluster
    // while the agent is away
    await doubles.providers.stop();
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "far-1",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 2,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    await waitForStatus(t.projectAdmin, path, (s) => s.currentStep === "wait-control-plane", STEP_WAIT_MS);
    // the objects are on the remote cluster: applied through the tunnel
    expect(
      (await kubeRequest(remote, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(created.body.id)}/clusters/far-1`)).status,
    ).toBe(200);

    await agent.process.kill("SIGKILL");
    const waiting = await waitForStatus(
      t.projectAdmin,
      path,
      (s) => s.conditions.some((c: any) => c.reason === "TunnelDisconnected"),
      300_000,
      "TunnelDisconnected in the status",
    );
    const cond = waiting.conditions.find((c: any) => c.reason === "TunnelDisconnected");
    expect(cond).toMatchObject({ status: "False" });
    expect(cond.message).toMatch(/management cluster .*: .*disconnected since \d{4}-\d\d-\d\dT/);
    expect(waiting).toMatchObject({ phase: "Provisioning", currentStep: "wait-control-plane" });
    // a retryable condition, not a failed attempt: nothing counts towards giving up
    expect(waiting.steps.find((s: any) => s.name === "wait-control-plane").state).toBe("running");
    const health = (await admin.get(`/v1/management-clusters/${mc.id}/health`)).body;
    expect(health).toMatchObject({ reachable: false, reason: "TunnelDisconnected", tunnel: { state: "disconnected" } });

    // the pod comes back (its identity is in its Secret: no new token needed) and the saga goes on
    const back = await agent.start("far-restarted");
    await back.waitForLine(/tunnel connected/, 120_000);
    doubles.providers.start();
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"), STEP_WAIT_MS);
    expect(ready).toMatchObject({ workers: { desired: 2, assigned: 2, ready: 2 }, controlPlane: { ready: true, version: "v1.31.2" } });
    expect(ready.conditions.some((c: any) => c.reason === "TunnelDisconnected")).toBe(false);
    // the addons were judged healthy by reading the workload cluster through the agent, as CAPI reaches it from inside
    await back.waitForLine(new RegExp(`workload cluster ${ns(created.body.id)}/far-1: reached with its kubeconfig Secret`), 10_000);
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.clusterCount).toBe(1);

    // scale and upgrade, through the tunnel
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 3 })).status).toBe(202);
    expect(await waitForStatus(t.projectAdmin, path, isPhase("Ready"), STEP_WAIT_MS)).toMatchObject({
      operation: "scale",
      workers: { ready: 3 },
    });
    const md = await kubeRequest(
      remote,
      "GET",
      `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(created.body.id)}/machinedeployments/workers`,
    );
    expect(md.body.spec.replicas).toBe(3);
    expect((await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.32.11" })).status).toBe(202);
    expect(await waitForStatus(t.projectAdmin, path, isPhase("Ready"), STEP_WAIT_MS)).toMatchObject({
      operation: "upgrade",
      kubernetesVersion: "v1.32.11",
      controlPlane: { version: "v1.32.11" },
    });

    // delete: nothing of it is left on the remote cluster
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path, STEP_WAIT_MS);
    await eventually(
      async () => ((await kubeRequest(remote, "GET", `/api/v1/namespaces/${ns(created.body.id)}`)).status === 404 ? true : undefined),
      120_000,
      "namespace gone",
    );
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.clusterCount).toBe(0);
    expect(doubles.errors()).toEqual([]);
  }, 5_400_000);
});
