import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { adminApi } from "../support/api.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { testKube, testKubeconfig } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * What the cluster lifecycle does when a management cluster says no: an
 * object its apiserver rejects fails the cluster with the apiserver's own
 * message (no retries, no 500); credentials it refuses are retried until a
 * platform admin rotates them, and then the saga carries on.
 */
const admin = adminApi();
const bms = new OrbiterBmsSimulator({ secret: "mc-errors-hw", pools: { rack: { servers: 1 } } });
const domains = new Set<string>();

beforeAll(async () => {
  await bms.start();
  await publishBundles(admin, ["v1.31.2"]);
});
afterAll(() => bms.stop());

/** A tenant whose one host is free in group "g" (so the saga goes straight to apply-objects), and a provider cluster on `mc`. */
async function tenantOn(mc: { id: string; name: string }): Promise<Tenant> {
  const t = await newTenant({ autoApproveHosts: true });
  domains.add(t.domain);
  await registerStorageProfile(admin, t.domain);
  const cred = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
    type: "orbiter-bms",
    name: "hw",
    endpoint: bms.http.url,
    hardwareAccessSecret: "mc-errors-hw",
  });
  expect(cred.status, cred.text).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: "hw",
    managementCluster: mc.id,
    defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
  });
  expect(pc.status, pc.text).toBe(201);
  await groupHosts(t, "g", await registerHosts(t, 1));
  return t;
}

async function createCluster(t: Tenant, name: string): Promise<string> {
  const created = await t.projectAdmin.post(`${t.base}/clusters`, {
    name,
    kubernetesVersion: "v1.31.2",
    providerCluster: "bms",
    hostGroup: "g",
    workers: 1,
  });
  expect(created.status, created.text).toBe(201);
  return `${t.base}/clusters/${created.body.id}`;
}

describe("an object the management cluster's apiserver rejects", () => {
  let strict: KubeApiserver;

  beforeAll(async () => {
    // An apiserver of its own, with a stricter Cluster CRD than upstream's (as a
    // management cluster's own policy might be): pod CIDRs of at most 5 characters.
    strict = await startKubeApiserver({ crdDir: testKube().crdDir });
    const path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.cluster.x-k8s.io";
    const crd = (await kubeRequest(strict, "GET", path)).body;
    for (const v of crd.spec.versions)
      v.schema.openAPIV3Schema.properties.spec.properties.clusterNetwork.properties.pods.properties.cidrBlocks.items.maxLength = 5;
    const put = await kubeRequest(strict, "PUT", path, { body: crd });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // the tightened schema is served once a dry run is refused by it
    const probe = {
      apiVersion: "cluster.x-k8s.io/v1beta1",
      kind: "Cluster",
      metadata: { name: "probe" },
      spec: { clusterNetwork: { pods: { cidrBlocks: ["10.244.0.0/16"] } } },
    };
    for (let i = 0; ; i++) {
      const r = await kubeRequest(strict, "POST", "/apis/cluster.x-k8s.io/v1beta1/namespaces/default/clusters?dryRun=All", { body: probe });
      if (r.status === 422) break;
      if (i > 100) throw new Error(`the tightened Cluster CRD is not served: ${r.status} ${JSON.stringify(r.body)}`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }, 180_000);
  afterAll(() => strict?.stop());

  it("fails apply-objects at once with the apiserver's message in the step and its condition; every answer is 2xx", async () => {
    const mc = await admin.post("/v1/management-clusters", {
      name: uniqueName("mc-strict"),
      server: strict.server,
      caData: strict.caData,
      token: strict.token,
    });
    expect(mc.status, mc.text).toBe(201);
    const t = await tenantOn(mc.body);
    const path = await createCluster(t, "rejected");

    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 300_000);
    const step = failed.steps.find((s: { name: string }) => s.name === "apply-objects");
    expect(step.state).toBe("failed");
    // the apiserver's own words, naming the field and the object
    const apiserverSays =
      /Cluster\.cluster\.x-k8s\.io "rejected" is invalid: spec\.clusterNetwork\.pods\.cidrBlocks\[0\]: Too long: may not be (longer|more) than 5/;
    expect(step.message).toMatch(apiserverSays);
    expect(step.message).toContain(`management cluster ${mc.body.name} rejected apply Cluster`);
    // terminal on the first attempt: an invalid object is not retried
    expect(step.retries ?? 0).toBe(0);
    const cond = failed.conditions.find((c: { type: string }) => c.type === "ObjectsApplied");
    expect(cond).toMatchObject({ status: "False", reason: "Unprocessable" });
    expect(cond.message).toMatch(apiserverSays);
    expect(failed.conditions.find((c: { type: string }) => c.type === "Ready").message).toMatch(/apply-objects/);

    // what a user reads: plain 200s, the message included, no problem document, no 500
    const status = await t.projectAdmin.get(`${path}/status`);
    expect(status.status).toBe(200);
    expect(status.headers.get("content-type")).toContain("application/json");
    expect(status.body.steps.find((s: { name: string }) => s.name === "apply-objects").message).toMatch(apiserverSays);
    expect((await t.projectAdmin.get(path)).status).toBe(200);
    // the apiserver did not store it
    const ns = `ckp-${failed.id.replace(/_/g, "-")}`;
    expect((await kubeRequest(strict, "GET", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/clusters/rejected`)).status).toBe(404);
  }, 600_000);
});

describe("a management cluster refusing the stored credentials", () => {
  const doubles = clusterDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? ""), shared: true });
  beforeAll(() => doubles.start());
  afterAll(() => doubles.stop());

  it("retries the first step that writes to it (issue-certificates) with a message saying so, and carries on once new credentials are PATCHed", async () => {
    const k = testKube();
    const mc = await admin.post("/v1/management-clusters", {
      name: uniqueName("mc-stale"),
      server: k.server,
      caData: k.caData,
      token: "revoked-token",
    });
    expect(mc.status, mc.text).toBe(201);
    const t = await tenantOn(mc.body);
    const path = await createCluster(t, "patient");

    // issue-certificates applies the cluster's CA Secret: the first write to the management cluster
    const retrying = await waitForStatus(
      t.projectAdmin,
      path,
      (s) => (s.steps.find((x: { name: string }) => x.name === "issue-certificates")?.retries ?? 0) >= 1,
      300_000,
    );
    expect(retrying.phase).toBe("Provisioning");
    expect(retrying.currentStep).toBe("issue-certificates");
    const step = retrying.steps.find((x: { name: string }) => x.name === "issue-certificates");
    expect(step.state).toBe("running");
    expect(step.message).toMatch(
      new RegExp(
        `retrying: management cluster ${mc.body.name} refused the control plane's credentials .*HTTP 401.*update the management cluster's kubeconfig`,
      ),
    );
    expect(retrying.conditions.find((c: { type: string }) => c.type === "Ready")?.reason).not.toBe("Failed");

    // a platform admin rotates the credentials: the next attempt uses them
    expect((await admin.patch(`/v1/management-clusters/${mc.body.id}`, { kubeconfig: testKubeconfig() })).status).toBe(200);
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"), 600_000);
    expect(ready.steps.find((x: { name: string }) => x.name === "issue-certificates")).toMatchObject({ state: "succeeded" });
    expect(ready.steps.find((x: { name: string }) => x.name === "apply-objects")).toMatchObject({ state: "succeeded" });

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
  }, 1_200_000);
});
