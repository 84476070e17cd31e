import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { ProviderDoubles } from "../doubles/provider-doubles.js";
import { registerStorageProfile } from "../support/addons.js";
import { register, registration } from "../support/agent.js";
import { adminApi, eventually } from "../support/api.js";
import { publishBundle, waitForGone } from "../support/clusters.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * The BYOH bundle a cluster's workers install is chosen by Kubernetes
 * version, OS and architecture; the create request is refused (422 naming
 * what is missing) before anything is provisioned when no bundle matches
 * the hosts it would take, or the machines a provider would make, or when
 * the hosts mix platforms.
 */
const admin = adminApi();
const domains = new Set<string>();
const providers = new ProviderDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? "") });
const bms = new OrbiterBmsSimulator({ secret: "x", pools: { rack: { servers: 0 } } });
beforeAll(() => bms.start());
afterAll(async () => {
  await providers.stop();
  await bms.stop();
});

const bundle = (version: string, os: string, architectures?: string[]) => publishBundle(admin, version, os, architectures);

async function provider(t: Tenant): Promise<void> {
  const cred = uniqueName("bms");
  expect(
    (
      await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
        type: "orbiter-bms",
        name: cred,
        endpoint: bms.http.url,
        hardwareAccessSecret: "x",
      })
    ).status,
  ).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: cred,
    managementCluster: (await registerTestManagementCluster(admin)).name,
    defaults: { serverPool: "rack", cloudInitTemplate: "#cloud-config\n" },
  });
  expect(pc.status, pc.text).toBe(201);
}

/** Registers, approves and groups a host with these facts; answers its id. */
async function host(t: Tenant, group: string, os: { id: string; version: string }, arch: string): Promise<string> {
  const reg = await register(t.projectAdmin, registration(t, t.psk, { facts: { os, arch, cpus: 4, memoryBytes: 8 * 1024 ** 3 } }));
  expect(reg.status, reg.text).toBe(202);
  const ok = await t.projectAdmin.post(`${t.base}/host-requests/${reg.body.requestId}/approve`);
  expect(ok.status, ok.text).toBe(200);
  const id = ok.body.hostId as string;
  await eventually(
    async () => ((await t.projectAdmin.get(`${t.base}/hosts/${id}`)).body.status === "create-completed" ? true : undefined),
    60_000,
    "host provisioned",
  );
  const g = await t.projectAdmin.post(`${t.base}/host-groups`, { name: group });
  if (g.status !== 409) expect(g.status, g.text).toBe(201);
  expect((await t.projectAdmin.put(`${t.base}/host-groups/${group}/hosts/${id}`)).status).toBe(204);
  return id;
}

const UBUNTU = { id: "ubuntu", version: "20.04" };
const RHEL = { id: "rhel", version: "9.4" };

describe("clusters API: bundles and platforms", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant();
    domains.add(t.domain);
    await registerStorageProfile(admin, t.domain);
    providers.start();
    await provider(t);
    await bundle("v1.33.7", "ubuntu-20.04");
    await bundle("v1.33.7", "rhel-9");
  });
  const create = (body: Record<string, unknown>) =>
    t.projectAdmin.post(`${t.base}/clusters`, {
      name: uniqueName("c"),
      kubernetesVersion: "v1.33.7",
      providerCluster: "bms",
      workers: 1,
      ...body,
    });

  it("refuses a host set that mixes operating systems, naming both", async () => {
    await host(t, "mixed", UBUNTU, "amd64");
    await host(t, "mixed", RHEL, "amd64");
    const res = await create({ hostGroup: "mixed", workers: 2 });
    expect(res.status, res.text).toBe(422);
    expect(res.body.reason).toBe("MixedHostPlatforms");
    expect(res.body.platforms.sort()).toEqual(["rhel-9/amd64", "ubuntu-20.04/amd64"]);
    expect(res.body.detail).toContain("one BYOH bundle");
  });

  it("picks the bundle by architecture: arm64 hosts need a bundle built for arm64", async () => {
    await host(t, "arm", UBUNTU, "aarch64");
    const refused = await create({ hostGroup: "arm" });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.detail).toContain("the BYOH bundle for Kubernetes v1.33.7 on ubuntu-20.04 is built for amd64, not arm64");
    expect(refused.body.bundle).toEqual({ kubernetesVersion: "v1.33.7", os: "ubuntu-20.04", arch: "arm64" });
    expect(refused.body.code).toBe("cluster.bundle-missing");
    await bundle("v1.33.7", "ubuntu-20.04", ["amd64", "arm64"]);
    const created = await create({ hostGroup: "arm" });
    expect(created.status, created.text).toBe(201);
    await bundle("v1.33.7", "ubuntu-20.04");
    const path = `${t.base}/clusters/${created.body.id}`;
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    // a delete runs nine saga steps (the addons' and the storage profile's among them): on a loaded machine that takes minutes
  }, 600_000);

  it("refuses hosts or machines of an OS no bundle exists for", async () => {
    await host(t, "jammy", { id: "ubuntu", version: "22.04" }, "amd64");
    const hosts = await create({ hostGroup: "jammy" });
    expect(hosts.status, hosts.text).toBe(422);
    expect(hosts.body.reason).toBe("UnsupportedHostOs");
    expect(hosts.body.detail).toContain("runs ubuntu-22.04; BYOH bundles exist for ubuntu-20.04 and rhel-9 only");
    const machines = await create({ hostGroup: "jammy", machines: { os: "ubuntu-22.04", arch: "amd64" } });
    expect(machines.status).toBe(400);
    expect(machines.body.errors.map((e: { path: string }) => e.path)).toContain("machines.os");
  });

  it("checks the bundle of the machines a provider will make when the group is short", async () => {
    expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "empty" })).status).toBe(201);
    const res = await create({ hostGroup: "empty", kubernetesVersion: "v1.32.11", machines: { os: "rhel-9", arch: "amd64" } });
    expect(res.status, res.text).toBe(422);
    expect(res.body.detail).toContain("no BYOH bundle is published for Kubernetes v1.32.11 on rhel-9");
    expect(res.body.bundle).toEqual({ kubernetesVersion: "v1.32.11", os: "rhel-9", arch: "amd64" });
    const missingGroup = await create({ hostGroup: "nope" });
    expect(missingGroup.status).toBe(422);
    expect(missingGroup.body.detail).toBe("host group nope does not exist");
  });
});
