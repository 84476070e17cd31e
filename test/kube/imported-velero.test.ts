import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { HelmInstallJobs } from "../doubles/helm-install-jobs.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { type InstalledAgent, installClusterAgent } from "../support/cluster-agent.js";
import { newTenant, type Tenant, tokenFor } from "../support/tenants.js";

/**
 * Velero on imported clusters (docs/addons.md): enabled through the API,
 * installed by a Job the control plane applies in the cluster (through its
 * kubeconfig, or through a real ckp-cluster-agent process and the RBAC its
 * manifest grants), judged by the catalog's health checks. No pod runs
 * here: test/doubles/helm-install-jobs.ts plays Helm in the Job's pod and
 * the job controller's verdict; the control plane only reads what it writes.
 */
const admin = adminApi();
let other: KubeApiserver;
let jobs: HelmInstallJobs;
let agent: InstalledAgent | undefined;
let t: Tenant;

beforeAll(async () => {
  useLocalAws();
  other = await startKubeApiserver();
  jobs = new HelmInstallJobs(other);
  jobs.start();
  t = await newTenant();
}, 300_000);

afterAll(async () => {
  await jobs?.stop();
  await agent?.stopAll();
  await other?.stop();
});

const JOBS = "/apis/batch/v1/namespaces/ckp-system/jobs";
const addonPath = (id: string, name = "velero") => `${t.base}/imported-clusters/${id}/addons/${name}`;

async function veleroOf(id: string, phase: string, timeoutMs = 60_000): Promise<any> {
  return eventually(
    async () => {
      const r = await t.projectAdmin.get(`${t.base}/imported-clusters/${id}`);
      return r.body.addons?.velero?.phase === phase ? r.body.addons.velero : undefined;
    },
    timeoutMs,
    `velero ${phase} on ${id}`,
  );
}

describe("Velero on a cluster imported with its kubeconfig", () => {
  let id: string;

  beforeAll(async () => {
    const res = await t.projectAdmin.post(`${t.base}/imported-clusters`, {
      name: "legacy",
      kubeconfig: readFileSync(other.kubeconfigPath, "utf8"),
    });
    expect(res.status, res.text).toBe(201);
    id = res.body.id;
  });

  it("takes Velero only, from a project admin of the project", async () => {
    const other422 = await t.projectAdmin.patch(addonPath(id, "karpenter"), { enabled: true });
    expect(other422.status, other422.text).toBe(422);
    expect(other422.body).toMatchObject({ code: "imported-cluster.addon-not-supported", addons: ["velero"] });
    expect((await t.projectAdmin.patch(addonPath(id, "cilium"), {})).body.code).toBe("imported-cluster.addon-not-supported");
    // values are Velero's schema
    expect((await t.projectAdmin.patch(addonPath(id), { enabled: true, values: { nope: 1 } })).status).toBe(400);

    const viewer = admin.as(await tokenFor(admin, "viewer", t.domain, t.project));
    expect((await viewer.patch(addonPath(id), { enabled: true })).status).toBe(403);
    expect((await viewer.get(`${t.base}/imported-clusters/${id}`)).status).toBe(200);
    const u = await newTenant();
    expect((await u.projectAdmin.patch(addonPath(id), { enabled: true })).status).toBe(404);
    expect((await u.projectAdmin.patch(`${u.base}/imported-clusters/${id}/addons/velero`, { enabled: true })).status).toBe(404);
    const stale = await t.projectAdmin.patch(addonPath(id), { enabled: true }, { "If-Match": '"999"' });
    expect(stale.status, stale.text).toBe(412);
    // nothing was applied
    expect((await kubeRequest(other, "GET", JOBS)).body.items ?? []).toEqual([]);
  });

  it("enables it: the values Secret and a Helm installer Job in ckp-system, Ready once the Job completed and Velero is healthy", async () => {
    const before = await t.projectAdmin.get(`${t.base}/imported-clusters/${id}`);
    const res = await t.projectAdmin.patch(
      addonPath(id),
      { enabled: true, values: { deployNodeAgent: false } },
      { "If-Match": `"${before.body.version}"` },
    );
    expect(res.status, res.text).toBe(202);
    expect(res.body.version).toBe(before.body.version + 1);
    expect(res.body.addons.velero).toMatchObject({ enabled: true, generation: 1, version: "v1.18.1", chartVersion: "12.0.0" });

    const job = await kubeRequest(other, "GET", `${JOBS}/velero-install-g1`);
    expect(job.status).toBe(200);
    const pod = job.body.spec.template.spec;
    expect(pod.serviceAccountName).toBe("ckp-addon-installer");
    expect(pod.containers[0].args).toEqual(
      expect.arrayContaining([
        "upgrade",
        "--install",
        "velero",
        "--version",
        "12.0.0",
        "--namespace",
        "velero",
        "--values",
        "/values/values.yaml",
      ]),
    );
    expect(pod.containers[0].args[3]).toMatch(/^oci:\/\/.+\/charts\/velero$/);
    const secret = await kubeRequest(other, "GET", "/api/v1/namespaces/ckp-system/secrets/velero-values");
    const values = Buffer.from(secret.body.data["values.yaml"], "base64").toString("utf8");
    expect(values).toContain("velero/velero");
    expect(values).toContain("deployNodeAgent: false");
    const binding = await kubeRequest(other, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ckp-addon-installer");
    expect(binding.body.roleRef.name).toBe("cluster-admin");
    expect((await kubeRequest(other, "GET", "/api/v1/namespaces/velero")).status).toBe(200);

    const ready = await veleroOf(id, "Ready");
    expect(ready.conditions).toEqual([expect.objectContaining({ type: "VeleroHealthy", status: "True", reason: "AddonHealthy" })]);
    expect(ready.conditions[0].message).toContain("Deployment velero/velero 1/1 ready");
    expect(jobs.finished).toContain("velero-install-g1 Complete");
  });

  it("shows a failed installer Job as a failed condition, with the Job's reason; the same change again retries it", async () => {
    jobs.failWith = "BackoffLimitExceeded";
    const res = await t.projectAdmin.patch(addonPath(id), { values: { snapshotsEnabled: true } });
    expect(res.status, res.text).toBe(202);
    expect(res.body.addons.velero.generation).toBe(2);
    const failed = await veleroOf(id, "Failed");
    expect(failed.conditions[0]).toMatchObject({ type: "VeleroHealthy", status: "False", reason: "BackoffLimitExceeded" });
    expect(failed.conditions[0].message).toContain("velero-install-g2");

    // the same change again retries a failed generation
    jobs.failWith = undefined;
    expect((await t.projectAdmin.patch(addonPath(id), { values: { snapshotsEnabled: true } })).status).toBe(202);
    expect((await veleroOf(id, "Ready")).generation).toBe(3);
    // the earlier generations' Jobs go once the current one finished
    const names = ((await kubeRequest(other, "GET", JOBS)).body.items as any[]).map((j) => j.metadata.name);
    expect(names).toEqual(["velero-install-g3"]);
    // the same values again change nothing
    const same = await t.projectAdmin.patch(addonPath(id), { enabled: true, values: { snapshotsEnabled: true } });
    expect(same.body.addons.velero.generation).toBe(3);
  });

  it("disables it: a helm uninstall Job, then the values Secret and the earlier Jobs go", async () => {
    const res = await t.projectAdmin.patch(addonPath(id), { enabled: false });
    expect(res.status, res.text).toBe(202);
    expect(res.body.addons.velero).toMatchObject({ enabled: false, generation: 4, job: "velero-uninstall-g4" });
    const job = await kubeRequest(other, "GET", `${JOBS}/velero-uninstall-g4`);
    expect(job.body.spec.template.spec.containers[0].args.slice(0, 2)).toEqual(["uninstall", "velero"]);
    const disabled = await veleroOf(id, "Disabled");
    expect(disabled.conditions[0]).toMatchObject({ status: "False", reason: "Disabled" });
    expect((await kubeRequest(other, "GET", "/apis/apps/v1/namespaces/velero/deployments/velero")).status).toBe(404);
    expect((await kubeRequest(other, "GET", "/api/v1/namespaces/ckp-system/secrets/velero-values")).status).toBe(404);
    expect(((await kubeRequest(other, "GET", JOBS)).body.items as any[]).map((j) => j.metadata.name)).toEqual(["velero-uninstall-g4"]);
    const events = (await t.projectAdmin.get(`${t.base}/events?limit=200`)).body.items.filter(
      (e: any) => e.type === "ckp.importedcluster.addon-change-requested",
    );
    expect(events.map((e: any) => [e.data.generation, e.data.enabled])).toEqual(
      expect.arrayContaining([
        [1, true],
        [4, false],
      ]),
    );
    // detached, so the registered cluster below uses the apiserver alone
    expect((await t.projectAdmin.delete(`${t.base}/imported-clusters/${id}`)).status).toBe(204);
    expect((await kubeRequest(other, "DELETE", `${JOBS}/velero-uninstall-g4`)).status).toBe(200);
  });
});

describe("Velero on a registered cluster, through its agent", () => {
  let id: string;

  it("waits, TunnelDisconnected, while no agent is connected; installs through the agent once it is, as the installer's account", async () => {
    const res = await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "edge-site" });
    expect(res.status, res.text).toBe(201);
    id = res.body.id;
    const manifest = res.body.agent.manifest as string;
    expect(manifest).toContain("ckp-addon-installer");

    const early = await t.projectAdmin.patch(addonPath(id), { enabled: true });
    expect(early.status, early.text).toBe(202);
    expect(early.body.addons.velero).toMatchObject({
      enabled: true,
      generation: 1,
      phase: "Unknown",
      conditions: [expect.objectContaining({ type: "VeleroHealthy", status: "Unknown", reason: "TunnelDisconnected" })],
    });

    agent = await installClusterAgent(other, manifest, { name: "edge-site", pingSeconds: 10 });
    await agent.process.waitForLine(/tunnel connected/, 120_000);
    // nobody reads the cluster: the schedule's check (every 2 s in this tier) applies the Job once the agent is there
    await eventually(
      async () => ((await kubeRequest(other, "GET", `${JOBS}/velero-install-g1`)).status === 200 ? true : undefined),
      60_000,
      "the installer Job, applied by the scheduled check",
    );
    // and announces each phase it finds once: the Job started, then Velero healthy
    const phases = await eventually(
      async () => {
        const items = (await t.projectAdmin.get(`${t.base}/events?type=ckp.importedcluster.addon-phase-changed&limit=100`)).body
          .items as any[];
        const mine = items.filter((e) => e.data.id === id).reverse();
        return mine.some((e) => e.data.phase === "Ready") ? mine : undefined;
      },
      90_000,
      "ckp.importedcluster.addon-phase-changed Ready",
    );
    expect(phases.map((e: any) => [e.data.addon, e.data.generation, e.data.phase, e.data.previousPhase])).toEqual([
      ["velero", 1, "Installing", undefined],
      ["velero", 1, "Ready", "Installing"],
    ]);
    expect(phases[1].data).toMatchObject({ reason: "AddonHealthy", name: "edge-site" });
    const ready = await veleroOf(id, "Ready", 120_000);
    // what the check records is its own: the API answers what it read now
    const whole = (await t.projectAdmin.get(`${t.base}/imported-clusters/${id}`)).body;
    expect(whole).not.toHaveProperty("addonPhases");
    expect(whole).not.toHaveProperty("gsi1pk");
    expect(ready.conditions[0]).toMatchObject({ status: "True", reason: "AddonHealthy" });
    const job = await kubeRequest(other, "GET", `${JOBS}/velero-install-g1`);
    expect(job.body.metadata.labels["ckp.io/imported-cluster-id"]).toBe(id);
    expect(job.body.spec.template.spec.serviceAccountName).toBe("ckp-addon-installer");
    // the agent's own account is not cluster-admin: it may create Jobs in its namespace, not touch RBAC or other namespaces
    const review = async (verb: string, resource: string, namespace?: string, group = "") =>
      (
        await kubeRequest(other, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
          body: {
            apiVersion: "authorization.k8s.io/v1",
            kind: "SubjectAccessReview",
            spec: {
              user: "system:serviceaccount:ckp-system:ckp-cluster-agent",
              groups: ["system:serviceaccounts", "system:serviceaccounts:ckp-system", "system:authenticated"],
              resourceAttributes: { verb, resource, group, ...(namespace ? { namespace } : {}) },
            },
          },
        })
      ).body.status.allowed;
    expect(await review("create", "jobs", "ckp-system", "batch")).toBe(true);
    expect(await review("create", "jobs", "default", "batch")).toBe(false);
    expect(await review("create", "clusterrolebindings", undefined, "rbac.authorization.k8s.io")).toBe(false);
    expect(await review("create", "secrets", "velero")).toBe(false);
  }, 300_000);

  it("disables it through the agent", async () => {
    expect((await t.projectAdmin.patch(addonPath(id), { enabled: false })).status).toBe(202);
    await veleroOf(id, "Disabled");
    expect((await kubeRequest(other, "GET", "/apis/apps/v1/namespaces/velero/deployments/velero")).status).toBe(404);
    expect((await kubeRequest(other, "GET", "/api/v1/namespaces/ckp-system/secrets/velero-values")).status).toBe(404);
  });
});
