import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxReceiveCount } from "../../infra/resources.js";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { registerStorageProfile } from "../support/addons.js";
import { Api, useLocalAws } from "../support/api.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, registerHosts, waitForStatus } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { registerUnreachableManagementCluster } from "../support/kube.js";
import { newTenant } from "../support/tenants.js";

/**
 * A saga step against a management cluster that cannot be reached is
 * retried (the status counts the attempts), not failed at once, and stops
 * with RetriesExhausted after the queue's bound. The bound is lowered for
 * this control plane of its own (CKP_LIFECYCLE_MAX_RECEIVES, and
 * CKP_STEPS_MAX_RECEIVES for the step-due queue's runs), so the test
 * does not sit through eight backoffs.
 */
const BOUND = 3;

describe("retries against an unreachable management cluster", () => {
  let server: DevServer;
  const bms = new OrbiterBmsSimulator({ secret: "bound-hw", pools: { rack: { servers: 1 } } });

  beforeAll(async () => {
    useLocalAws();
    server = await startDevServer({
      env: { CKP_LIFECYCLE_MAX_RECEIVES: String(BOUND), CKP_STEPS_MAX_RECEIVES: String(BOUND), CKP_SAGA_MAX_POLL_SECONDS: "2" },
    });
    await bms.start();
  }, 240_000);
  afterAll(async () => {
    await bms.stop();
    await server?.stop();
    if (server) await deleteResources(server.stage).catch(() => undefined);
  });

  it("the first step that writes to it (issue-certificates) is retried with the reason shown, then the cluster fails with RetriesExhausted after the bound", async () => {
    expect(BOUND).toBeLessThan(maxReceiveCount("lifecycle")); // the env lowers the bound of that server only
    const admin = new Api(server.url, server.adminToken);
    await publishBundles(admin, ["v1.31.2"]);
    const mc = await registerUnreachableManagementCluster(admin);
    const t = await newTenant({ autoApproveHosts: true, admin });
    expect(
      (
        await admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "orbiter-bms",
          name: "hw",
          endpoint: bms.http.url,
          hardwareAccessSecret: "bound-hw",
        })
      ).status,
    ).toBe(201);
    const pc = await t.projectAdmin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: "hw",
      managementCluster: mc.id,
      defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await groupHosts(t, "g", await registerHosts(t, 1));

    await registerStorageProfile(admin, t.domain);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "far",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "g",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${t.base}/clusters/${created.body.id}`;
    type Step = { name: string; state: string; retries?: number; message?: string };
    // issue-certificates applies the cluster's CA Secret: the first write to the management cluster
    const applyStep = (s: { steps: Step[] }) => s.steps.find((x) => x.name === "issue-certificates");

    // not failed at once: the step is retried, and the status says why
    const retrying = await waitForStatus(t.projectAdmin, path, (s) => (applyStep(s)?.retries ?? 0) >= 1, 300_000);
    expect(retrying.phase).toBe("Provisioning");
    expect(retrying.currentStep).toBe("issue-certificates");
    expect(applyStep(retrying)).toMatchObject({
      message: expect.stringMatching(
        new RegExp(`^attempt \\d+ failed, retrying: management cluster ${mc.name} is unreachable .*ECONNREFUSED`),
      ),
    });

    // then it stops, after the bound
    const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 300_000);
    const step = applyStep(failed) as Step;
    expect(step.state).toBe("failed");
    expect(step.retries).toBeGreaterThanOrEqual(2);
    expect(step.retries).toBeLessThanOrEqual(BOUND);
    const cond = failed.conditions.find((c: { type: string }) => c.type === "CertificatesIssued");
    expect(cond).toMatchObject({ status: "False", reason: "RetriesExhausted" });
    expect(cond.message).toMatch(/gave up after repeated failures: management cluster .* is unreachable/);
    expect(failed.conditions.find((c: { type: string }) => c.type === "Ready")).toMatchObject({ status: "False", reason: "Failed" });
  }, 900_000);
});
