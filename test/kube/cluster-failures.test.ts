import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { Api, eventually } from "../support/api.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { pauseCapi, testKube, testKubeconfig } from "../support/kube.js";
import { type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * How the saga fails, and how a user recovers: CAPI reporting a failure (the
 * Kamaji control plane's, which CAPI copies to the Cluster),
 * a step that times out, and a failed upgrade or scale retried or
 * abandoned. These run on a control plane of their own whose waiting steps
 * time out sooner (CKP_SAGA_TIMEOUT_<STEP>), so a timeout is quick without
 * shortening anyone else's: the control plane's after 60 s (the tenant
 * control plane double answers in seconds), the workers' after 120 s, long
 * enough for Cluster API's own controllers to bring a worker up (their first
 * access to a new workload cluster can requeue for a minute).
 */
const CONTROL_PLANE_TIMEOUT = 60;
const WORKERS_TIMEOUT = 120;
const kube = testKube();
const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;

// each test has a tenant and a cluster of its own, and most of its time is a step timing out: they run side by side
describe.concurrent("cluster saga failures", () => {
  const stage = `fail${randomBytes(3).toString("hex")}`;
  const bms = new OrbiterBmsSimulator({ secret: "s", pools: { rack: { servers: 0 } } });
  const domains = new Set<string>();
  const doomed = new Set<string>();
  const doubles = clusterDoubles(kube, {
    matches: (l) => domains.has(l["ckp.io/domain"] ?? ""),
    shared: true,
    failControlPlane: (name) =>
      doomed.has(name) ? { reason: "DataStoreUnavailable", message: "the tenant control plane's datastore cannot be reached" } : undefined,
  });
  let server: DevServer;
  let admin: Api;
  let mcName: string;

  beforeAll(async () => {
    await bms.start();
    server = await startDevServer({
      stage,
      env: {
        CKP_SAGA_MAX_POLL_SECONDS: "2",
        CKP_SAGA_TIMEOUT_WAIT_CONTROL_PLANE: String(CONTROL_PLANE_TIMEOUT),
        CKP_SAGA_TIMEOUT_WAIT_WORKERS: String(WORKERS_TIMEOUT),
      },
    });
    admin = new Api(server.url, server.adminToken);
    const mc = await admin.post("/v1/management-clusters", { name: uniqueName("mc"), kubeconfig: testKubeconfig() });
    expect(mc.status, mc.text).toBe(201);
    mcName = mc.body.name;
    await publishBundles(admin, ["v1.29.0", "v1.30.6"]);
    doubles.start();
  }, 300_000);
  afterAll(async () => {
    await doubles.stop();
    await server?.stop();
    await bms.stop();
    await deleteResources(stage).catch(() => undefined);
  });

  /** A tenant on this control plane with `hosts` grouped hosts and a provider cluster. */
  async function tenant(hosts: number, o: { capi?: boolean } = {}): Promise<Tenant> {
    const domain = uniqueName("fail");
    const project = "p";
    if (o.capi ?? true) domains.add(domain);
    expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
    expect((await admin.post(`/v1/domains/${domain}/projects`, { name: project })).status).toBe(201);
    const projectAdmin = admin.as(await tokenFor(admin, "project-admin", domain, project));
    const base = `/v1/domains/${domain}/projects/${project}`;
    const t: Tenant = { domain, project, base, admin, projectAdmin, psk: (await projectAdmin.get(`${base}/host-psk`)).body.psk };
    expect(
      (
        await admin.post(`/v1/domains/${domain}/credentials`, {
          type: "orbiter-bms",
          name: "bms",
          endpoint: bms.http.url,
          hardwareAccessSecret: "s",
        })
      ).status,
    ).toBe(201);
    const pc = await admin.post(`${base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: "bms",
      managementCluster: mcName,
      defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await registerStorageProfile(admin, domain);
    await groupHosts(t, "g", await registerHosts(t, hosts));
    return t;
  }

  async function readyCluster(t: Tenant, name: string, workers = 1): Promise<string> {
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name,
      kubernetesVersion: "v1.29.0",
      providerCluster: "bms",
      hostGroup: "g",
      workers,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    return path;
  }

  async function deleteCluster(t: Tenant, path: string): Promise<void> {
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
  }

  it("stops at wait-control-plane with CapiFailure when the control plane reports a failure (and CAPI the Cluster failed)", async () => {
    const t = await tenant(1);
    doomed.add("doomed");
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "doomed",
      kubernetesVersion: "v1.29.0",
      providerCluster: "bms",
      hostGroup: "g",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"));
    expect(failed.steps.find((s: any) => s.name === "wait-control-plane")).toMatchObject({ state: "failed" });
    const cond = failed.conditions.find((c: any) => c.type === "ControlPlaneReady");
    expect(cond).toMatchObject({ status: "False", reason: "CapiFailure" });
    expect(cond.message).toBe(
      "KamajiControlPlane doomed failed: DataStoreUnavailable: the tenant control plane's datastore cannot be reached",
    );
    // real CAPI copies the failure to the Cluster (the saga, nudged by the status sync's watch, may have failed first)
    const capiCluster = await eventually(
      async () => {
        const o = (await kubeRequest(kube, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(created.body.id)}/clusters/doomed`)).body;
        return o.status?.phase === "Failed" ? o : undefined;
      },
      60_000,
      "CAPI to mark the Cluster Failed",
    );
    expect(capiCluster.status).toMatchObject({ phase: "Failed", failureReason: "DataStoreUnavailable" });
    expect(capiCluster.status.failureMessage).toContain("the tenant control plane's datastore cannot be reached");
    expect(failed.conditions.find((c: any) => c.type === "Ready").message).toContain(
      "create failed at step wait-control-plane (CapiFailure)",
    );
    // the saga stopped there: it failed before its timeout, and nothing after it ran
    expect(
      Date.parse(failed.steps.find((s: any) => s.name === "wait-control-plane").endedAt) -
        Date.parse(failed.steps.find((s: any) => s.name === "wait-control-plane").startedAt),
    ).toBeLessThan(CONTROL_PLANE_TIMEOUT * 1000);
    expect(failed.steps.find((s: any) => s.name === "wait-workers").state).toBe("cancelled");
    await deleteCluster(t, path);
  }, 900_000);

  it("fails a step that waits longer than CKP_SAGA_TIMEOUT_<STEP> with StepTimedOut", async () => {
    const t = await tenant(1, { capi: false }); // no tenant control plane comes up for this tenant
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "stuck",
      kubernetesVersion: "v1.29.0",
      providerCluster: "bms",
      hostGroup: "g",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 300_000);
    const step = failed.steps.find((s: any) => s.name === "wait-control-plane");
    expect(step.state).toBe("failed");
    expect(Date.parse(step.endedAt) - Date.parse(step.startedAt)).toBeGreaterThanOrEqual(CONTROL_PLANE_TIMEOUT * 1000);
    const cond = failed.conditions.find((c: any) => c.type === "ControlPlaneReady");
    expect(cond).toMatchObject({ status: "False", reason: "StepTimedOut" });
    expect(cond.message).toContain(`wait-control-plane did not finish within ${CONTROL_PLANE_TIMEOUT}s`);
    expect(cond.message).toContain("the Kamaji control plane is not ready yet");
    await deleteCluster(t, path);
  }, 900_000);

  it("upgrades the control plane before the workers; a timed-out upgrade resumes from its step, and cannot be abandoned once the control plane moved", async () => {
    const t = await tenant(1);
    const path = await readyCluster(t, "up");
    const id = path.split("/").pop() as string;
    const mdPath = `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns(id)}/machinedeployments/workers`;
    const kcpPath = `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns(id)}/kamajicontrolplanes/up`;

    // CAPI stops answering (paused for this cluster): the control plane is asked for v1.30.6 but never reports it
    await pauseCapi(ns(id), "up");
    expect((await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" })).status).toBe(202);
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 300_000);
    expect(failed.conditions.find((c: any) => c.type === "ControlPlaneReady")).toMatchObject({ status: "False", reason: "StepTimedOut" });
    expect(failed.steps.map((s: any) => `${s.name}:${s.state}`)).toEqual([
      "upgrade-control-plane:succeeded",
      "wait-control-plane:failed",
      "upgrade-addons:cancelled",
      "upgrade-workers:cancelled",
      "wait-workers:cancelled",
      "wait-addons:cancelled",
    ]);
    // the workers were not touched while the control plane reported the old version
    const kcp = (await kubeRequest(kube, "GET", kcpPath)).body;
    expect(kcp.spec.version).toBe("v1.30.6");
    expect(kcp.status.version).toBe("v1.29.0");
    expect((await kubeRequest(kube, "GET", mdPath)).body.spec.template.spec.version).toBe("v1.29.0");

    const abandon = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.29.0" });
    expect(abandon.status).toBe(409);
    expect(abandon.body.detail).toContain("never downgraded");
    const other = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.31.2" });
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain("retry it (kubernetesVersion v1.30.6) or abandon it (kubernetesVersion v1.29.0)");
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 1 })).status).toBe(409);

    // CAPI is back; the retry resumes at the failed step
    await pauseCapi(ns(id), "up", false);
    const first = failed.steps.find((s: any) => s.name === "upgrade-control-plane");
    const retry = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" });
    expect(retry.status, retry.text).toBe(202);
    expect(retry.body).toMatchObject({ phase: "Upgrading", step: "wait-control-plane", target: { kubernetesVersion: "v1.30.6" } });
    expect(retry.body.steps[0]).toEqual(first);
    expect(retry.body.steps.slice(1).map((s: any) => s.state)).toEqual(["running", "pending", "pending", "pending", "pending"]);
    // while it runs, the workers never ask for a version the control plane does not report yet
    // (read in that order: once the workers ask for v1.30.6, the control plane must already report it)
    const violations: string[] = [];
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const workers = (await kubeRequest(kube, "GET", mdPath)).body.spec.template.spec.version;
        const cp = (await kubeRequest(kube, "GET", kcpPath)).body.status?.version;
        if (workers === "v1.30.6" && cp !== "v1.30.6") violations.push(`workers ${workers} with control plane ${cp}`);
        samples++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"), 300_000).finally(() => {
      sampling = false;
    });
    await sampler;
    expect(samples).toBeGreaterThan(0);
    expect(ready).toMatchObject({
      operation: "upgrade",
      kubernetesVersion: "v1.30.6",
      controlPlane: { version: "v1.30.6" },
      workers: { ready: 1, updated: 1 },
    });
    expect(violations).toEqual([]);
    // no host was asked to join with a kubelet newer than its control plane
    expect(doubles.providers.joinFailures).toEqual([]);
    await deleteCluster(t, path);
  }, 1_200_000);

  it("abandons a timed-out scale by scaling back to the count it had", async () => {
    const t = await tenant(2);
    const path = await readyCluster(t, "grow");
    const id = path.split("/").pop() as string;
    await pauseCapi(ns(id), "grow");
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 2 })).status).toBe(202);
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 300_000);
    expect(failed).toMatchObject({ operation: "scale", workers: { desired: 2, assigned: 2 } });
    expect(failed.conditions.find((c: any) => c.type === "WorkersReady")).toMatchObject({ status: "False", reason: "StepTimedOut" });
    expect((await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" })).status).toBe(409);

    const back = await t.projectAdmin.post(`${path}/scale`, { workers: 1 });
    expect(back.status, back.text).toBe(202);
    expect(back.body).toMatchObject({ phase: "Scaling", step: "assign-hosts", workers: 1 });
    // CAPI comes back to a MachineDeployment asking for the one worker again
    await waitForStatus(t.projectAdmin, path, (s) => s.currentStep === "wait-workers");
    await pauseCapi(ns(id), "grow", false);
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"), 300_000);
    expect(ready).toMatchObject({ operation: "scale", workers: { desired: 1, assigned: 1, ready: 1 } });
    expect(ready.steps.find((s: any) => s.name === "release-surplus-hosts")).toMatchObject({ state: "succeeded" });
    const hosts = (await t.projectAdmin.get(`${t.base}/hosts?group=g`)).body.items;
    expect(hosts.filter((h: any) => h.clusterId).length).toBe(1);
    await deleteCluster(t, path);
  }, 1_200_000);
});
