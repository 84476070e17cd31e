import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { ProviderDoubles } from "../doubles/provider-doubles.js";
import { registerStorageProfile } from "../support/addons.js";
import { adminApi, eventually } from "../support/api.js";
import { BMS_TEMPLATE, groupHosts, publishBundles, registerHosts, waitForGone } from "../support/clusters.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, uniqueName } from "../support/tenants.js";

/**
 * Hosts a real cluster took (the saga's provision-machines step sets their
 * clusterId): what deleting them, taking them out of their group and
 * deleting the group answer (host.assigned), and force.
 */
const admin = adminApi();
const domains = new Set<string>();
const providers = new ProviderDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? "") });
const bms = new OrbiterBmsSimulator({ secret: "hw", pools: { rack: { servers: 0 } } });

beforeAll(async () => {
  await bms.start();
  providers.start();
  await publishBundles(admin, ["v1.31.2"]);
});
afterAll(async () => {
  await providers.stop();
  await bms.stop();
});

describe("hosts assigned to a cluster", () => {
  it("are deleted only with force=true, cannot leave their group, and keep their group from a forced delete", async () => {
    const mc = await registerTestManagementCluster(admin);
    const t = await newTenant();
    domains.add(t.domain);
    const cred = uniqueName("bms");
    const c = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
      type: "orbiter-bms",
      name: cred,
      endpoint: bms.http.url,
      hardwareAccessSecret: "hw",
    });
    expect(c.status, c.text).toBe(201);
    const pc = await t.admin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    const [first, second, spare] = (await registerHosts(t, 3)) as [string, string, string];
    await groupHosts(t, "pool", [first, second]);
    await groupHosts(t, "spares", [spare]);

    await registerStorageProfile(admin, t.domain);
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "holder",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 2,
    });
    expect(created.status, created.text).toBe(201);
    const clusterId = created.body.id as string;
    const path = `${t.base}/clusters/${clusterId}`;
    await eventually(
      async () => {
        const hosts = await Promise.all([first, second].map((h) => t.projectAdmin.get(`${t.base}/hosts/${h}`)));
        return hosts.every((h) => h.body.clusterId === clusterId) ? true : undefined;
      },
      300_000,
      "the cluster's hosts reserved",
    );

    const refused = await t.projectAdmin.delete(`${t.base}/hosts/${first}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "host.assigned", clusterId, hostId: first });
    const leave = await t.projectAdmin.delete(`${t.base}/host-groups/pool/hosts/${first}`);
    expect(leave.body).toMatchObject({ status: 409, code: "host.assigned", clusterId });
    const groupGone = await t.projectAdmin.delete(`${t.base}/host-groups/pool?force=true`);
    expect(groupGone.body).toMatchObject({ status: 409, code: "host.assigned", clusterId });
    expect((await t.projectAdmin.get(`${t.base}/host-groups/pool`)).body.hostCount).toBe(2);

    const bulk = await t.projectAdmin.post(`${t.base}/hosts/bulk-delete`, { ids: [spare, first] });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual([
      { id: spare, outcome: "deleted" },
      { id: first, outcome: "error", error: expect.objectContaining({ status: 409, code: "host.assigned", clusterId }) },
    ]);
    expect((await t.projectAdmin.get(`${t.base}/host-groups/spares`)).body.hostCount).toBe(0);

    const forced = await t.projectAdmin.post(`${t.base}/hosts/bulk-delete?force=true`, { ids: [first] });
    expect(forced.body.results).toEqual([{ id: first, outcome: "deleted" }]);
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${second}?force=true`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/host-groups/pool`)).body.hostCount).toBe(0);

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
  }, 900_000);
});
