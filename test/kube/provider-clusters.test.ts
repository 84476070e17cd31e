import { describe, expect, it } from "vitest";
import { recordProviderClusterUse, releaseProviderClusterUse } from "../../core/providers/usage.js";
import { resolveProviderCluster } from "../../core/providers/provider-clusters.js";
import { newId } from "../../core/shared/ids.js";
import { type Api, adminApi } from "../support/api.js";
import {
  bmsCredential,
  ccsCredential,
  registerTestManagementCluster,
  registerUnreachableManagementCluster,
  testCtx,
  testDeps,
} from "../support/kube.js";
import { type Tenant, newTenant, tokenFor, uniqueName } from "../support/tenants.js";

const ccsDefaults = {
  images: [
    { os: "ubuntu-22.04", arch: "amd64", image: "ckp-ubuntu-22.04-amd64" },
    { os: "ubuntu-22.04", arch: "arm64", image: "ckp-ubuntu-22.04-arm64" },
  ],
  flavor: "m1.large",
  network: "tenant-net",
  securityGroups: ["ckp-nodes"],
};
const bmsDefaults = { serverPool: "rack-a", cloudInitTemplate: "#cloud-config\npackages: [containerd]\n" };

interface Setup {
  t: Tenant;
  domainAdmin: Api;
  dbase: string;
  pbase: string;
  mc: { id: string; name: string };
}

async function setup(): Promise<Setup> {
  const admin = adminApi();
  const t = await newTenant();
  const domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
  expect((await domainAdmin.post(`/v1/domains/${t.domain}/credentials`, ccsCredential("ccs", "ccs-app-secret"))).status).toBe(201);
  expect((await domainAdmin.post(`/v1/domains/${t.domain}/credentials`, bmsCredential("orbiter", "orbiter-hw-secret"))).status).toBe(201);
  const mc = await registerTestManagementCluster(admin);
  return { t, domainAdmin, dbase: `/v1/domains/${t.domain}/provider-clusters`, pbase: `${t.base}/provider-clusters`, mc };
}

describe("provider clusters (seed §13)", () => {
  const admin = adminApi();

  it("creates domain- and project-scoped provider clusters; projects name domain credentials without reading them", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const shared = await domainAdmin.post(dbase, { name: "ccs-eu", type: "ccs-vm", credential: "ccs", managementCluster: mc.name, defaults: ccsDefaults });
    expect(shared.status, shared.text).toBe(201);
    expect(shared.body).toMatchObject({
      name: "ccs-eu",
      domain: t.domain,
      scope: "domain",
      type: "ccs-vm",
      credential: "ccs",
      managementCluster: { id: mc.id, name: mc.name },
      defaults: ccsDefaults,
      clusterCount: 0,
      version: 1,
    });
    expect(shared.body.project).toBeUndefined();

    // a project admin configures its own, naming the domain's credential (and the management cluster by id)
    const own = await t.projectAdmin.post(pbase, { name: "metal", type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults });
    expect(own.status, own.text).toBe(201);
    expect(own.body).toMatchObject({ scope: "project", project: t.project, credential: "orbiter", managementCluster: { id: mc.id } });
    expect((await t.projectAdmin.get(`/v1/domains/${t.domain}/credentials/orbiter`)).status).toBe(403);
    expect(own.text).not.toContain("orbiter-hw-secret");

    // the management cluster counts them; the credentials too
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.providerClusterCount).toBe(2);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/credentials/ccs`)).body.providerClusterCount).toBe(1);

    // get by name, in each scope
    expect((await domainAdmin.get(`${dbase}/ccs-eu`)).body.name).toBe("ccs-eu");
    expect((await t.projectAdmin.get(`${pbase}/metal`)).body.name).toBe("metal");
    expect((await t.projectAdmin.get(`${pbase}/ccs-eu`)).status).toBe(404); // not the project's own
    // the domain's own are readable from its projects (a member picks one for a cluster)
    const member = admin.as(await tokenFor(t.projectAdmin, "project-member", t.domain, t.project));
    expect((await member.get(`${dbase}/ccs-eu`)).status).toBe(200);
    expect((await member.get(`${dbase}?scope=domain`)).body.items.map((p: { name: string }) => p.name)).toEqual(["ccs-eu"]);
    expect((await member.get(dbase)).status).toBe(403); // all scopes: domain-level read
    expect((await member.post(pbase, { name: "x", type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults })).status).toBe(403);

    // lists: the domain's (both scopes, domain's first), the project's, the platform's
    const dl = await domainAdmin.get(dbase);
    expect(dl.body.items.map((p: { name: string; scope: string }) => `${p.scope}:${p.name}`)).toEqual(["domain:ccs-eu", "project:metal"]);
    expect((await t.projectAdmin.get(pbase)).body.items.map((p: { name: string }) => p.name)).toEqual(["metal"]);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(`/v1/provider-clusters?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      names.push(...page.body.items.filter((p: { domain: string }) => p.domain === t.domain).map((p: { name: string }) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names.sort()).toEqual(["ccs-eu", "metal"]);
    expect((await domainAdmin.get("/v1/provider-clusters")).status).toBe(403);

    // the name a cluster of the project uses resolves to its project's first, then the domain's
    const deps = testDeps();
    expect((await resolveProviderCluster(deps, t, "metal"))?.scope).toBe("project");
    expect((await resolveProviderCluster(deps, t, "ccs-eu"))?.scope).toBe("domain");
    expect(await resolveProviderCluster(deps, t, "nope")).toBeUndefined();
  });

  it("validates: unknown or mismatched credential or management cluster is 422; malformed input 400", async () => {
    const { domainAdmin, dbase, mc } = await setup();
    const body = { name: "p", type: "ccs-vm", credential: "ccs", managementCluster: mc.name, defaults: ccsDefaults };
    const expect422 = async (b: unknown, detail: RegExp) => {
      const res = await domainAdmin.post(dbase, b);
      expect(res.status, res.text).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.detail).toMatch(detail);
    };
    await expect422({ ...body, credential: "missing" }, /credential missing does not exist/);
    await expect422({ ...body, credential: "orbiter" }, /needs a ccs-openstack credential/);
    await expect422({ ...body, managementCluster: "no-such-mc" }, /management cluster no-such-mc does not exist/);
    await expect422({ ...body, managementCluster: undefined, placement: { matchLabels: { nothing: "matches" } } }, /no management cluster matches/);

    const expect400 = async (b: unknown) => expect((await domainAdmin.post(dbase, b)).status).toBe(400);
    await expect400({ ...body, placement: { matchLabels: { a: "b" } } }); // both targets
    await expect400({ ...body, managementCluster: undefined }); // neither
    await expect400({ ...body, defaults: bmsDefaults }); // defaults of the other type
    await expect400({ ...body, type: "aws" });
    await expect400({ ...body, defaults: { ...ccsDefaults, images: [ccsDefaults.images[0], ccsDefaults.images[0]] } });
    await expect400({ ...body, defaults: { ...ccsDefaults, images: [{ os: "windows", arch: "amd64", image: "x" }] } });
    await expect400({ ...body, extra: true });

    expect((await domainAdmin.post(dbase, body)).status).toBe(201);
    expect((await domainAdmin.post(dbase, body)).status).toBe(409);
  });

  it("updates with PUT and If-Match, moving the counters with the references; the type cannot change", async () => {
    const { t, domainAdmin, dbase, mc } = await setup();
    const other = await registerTestManagementCluster(admin, { labels: { tier: uniqueName("gold") } });
    expect((await domainAdmin.post(`/v1/domains/${t.domain}/credentials`, ccsCredential("ccs2", "ccs2-secret"))).status).toBe(201);
    const created = await domainAdmin.post(dbase, { name: "p", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults });
    const etag = created.headers.get("etag") as string;

    const put = await domainAdmin.put(`${dbase}/p`, { type: "ccs-vm", credential: "ccs2", placement: { matchLabels: other.labels }, defaults: { ...ccsDefaults, flavor: "m1.xlarge" } }, { "if-match": etag });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ credential: "ccs2", placement: { matchLabels: other.labels }, version: 2, defaults: { flavor: "m1.xlarge" } });
    expect(put.body.managementCluster).toBeUndefined();
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.providerClusterCount).toBe(0);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/credentials/ccs`)).body.providerClusterCount).toBe(0);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/credentials/ccs2`)).body.providerClusterCount).toBe(1);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/ccs`)).status).toBe(204);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/ccs2`)).status).toBe(409);

    expect((await domainAdmin.put(`${dbase}/p`, { type: "ccs-vm", credential: "ccs2", managementCluster: mc.id, defaults: ccsDefaults }, { "if-match": etag })).status).toBe(412);
    const typeChange = await domainAdmin.put(`${dbase}/p`, { type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults });
    expect(typeChange.status).toBe(422);
    expect(typeChange.body.detail).toMatch(/cannot change/);
    expect((await domainAdmin.put(`${dbase}/missing`, { type: "ccs-vm", credential: "ccs2", managementCluster: mc.id, defaults: ccsDefaults })).status).toBe(404);
  });

  it("lookup by cluster id; a provider cluster, credential or management cluster in use cannot be deleted (409)", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const deps = testDeps();
    await domainAdmin.post(dbase, { name: "shared", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults });
    await t.projectAdmin.post(pbase, { name: "own", type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults });
    const c1 = newId("cl");
    const c2 = newId("cl");
    // what the cluster lifecycle does when it resolves a cluster's provider
    expect(await recordProviderClusterUse(deps, testCtx, { domain: t.domain, name: "shared" }, { project: t.project, clusterId: c1 })).toBe("recorded");
    expect(await recordProviderClusterUse(deps, testCtx, { domain: t.domain, name: "shared" }, { project: t.project, clusterId: c1 })).toBe("unchanged");
    expect(await recordProviderClusterUse(deps, testCtx, { domain: t.domain, project: t.project, name: "own" }, { project: t.project, clusterId: c2 })).toBe("recorded");
    await expect(recordProviderClusterUse(deps, testCtx, { domain: t.domain, name: "own" }, { project: t.project, clusterId: newId("cl") })).rejects.toMatchObject({ kind: "unprocessable" });
    await expect(recordProviderClusterUse(deps, testCtx, { domain: t.domain, project: t.project, name: "own" }, { project: "elsewhere", clusterId: newId("cl") })).rejects.toMatchObject({ kind: "unprocessable" });
    await expect(recordProviderClusterUse(deps, testCtx, { domain: t.domain, project: t.project, name: "own" }, { project: t.project, clusterId: c1 })).rejects.toMatchObject({ kind: "conflict" });

    const byCluster = async (api: Api, base: string, id: string) => (await api.get(`${base}?clusterId=${id}`)).body.items.map((p: { name: string }) => p.name);
    expect(await byCluster(domainAdmin, dbase, c1)).toEqual(["shared"]);
    expect(await byCluster(domainAdmin, dbase, c2)).toEqual(["own"]);
    expect(await byCluster(t.projectAdmin, pbase, c1)).toEqual(["shared"]);
    expect(await byCluster(t.projectAdmin, pbase, newId("cl"))).toEqual([]);
    expect((await domainAdmin.get(`${dbase}/shared`)).body.clusterCount).toBe(1);

    // another project of the domain, another domain: nothing
    expect((await domainAdmin.post(`/v1/domains/${t.domain}/projects`, { name: "other" })).status).toBe(201);
    const otherProject = admin.as(await tokenFor(admin, "project-admin", t.domain, "other"));
    expect(await byCluster(otherProject, `/v1/domains/${t.domain}/projects/other/provider-clusters`, c1)).toEqual([]);
    expect((await otherProject.get(`${pbase}?clusterId=${c1}`)).status).toBe(404);
    const stranger = await newTenant();
    const strangerAdmin = admin.as(await tokenFor(admin, "domain-admin", stranger.domain));
    expect((await strangerAdmin.get(`${dbase}?clusterId=${c1}`)).status).toBe(404);
    expect((await strangerAdmin.get(`${dbase}/shared`)).status).toBe(404);
    expect(await byCluster(strangerAdmin, `/v1/domains/${stranger.domain}/provider-clusters`, c1)).toEqual([]);

    // in use: 409 for the provider cluster, its credential and its management cluster
    const del = await domainAdmin.delete(`${dbase}/shared`);
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ clusterCount: 1 });
    expect((await t.projectAdmin.delete(`${pbase}/own`)).status).toBe(409);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/ccs`)).status).toBe(409);
    const mcDel = await admin.delete(`/v1/management-clusters/${mc.id}`);
    expect(mcDel.status).toBe(409);
    expect(mcDel.body).toMatchObject({ providerClusterCount: 2 });

    // released: deletable, and the counters come back down
    expect(await releaseProviderClusterUse(deps, testCtx, t.domain, c1)).toBe("released");
    expect(await releaseProviderClusterUse(deps, testCtx, t.domain, c1)).toBe("unchanged");
    expect(await releaseProviderClusterUse(deps, testCtx, t.domain, c2)).toBe("released");
    expect(await byCluster(domainAdmin, dbase, c1)).toEqual([]);
    expect((await domainAdmin.delete(`${dbase}/shared`)).status).toBe(204);
    expect((await t.projectAdmin.delete(`${pbase}/own`)).status).toBe(204);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/ccs`)).status).toBe(204);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/orbiter`)).status).toBe(204);
    expect((await admin.delete(`/v1/management-clusters/${mc.id}`)).status).toBe(204);
  });

  it("tenant isolation: other domains and projects see 404; weaker roles 403", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    await domainAdmin.post(dbase, { name: "shared", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults });
    await t.projectAdmin.post(pbase, { name: "own", type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults });
    const stranger = await newTenant();
    const strangerAdmin = admin.as(await tokenFor(admin, "domain-admin", stranger.domain));
    for (const [method, path] of [
      ["GET", dbase],
      ["GET", `${dbase}/shared`],
      ["DELETE", `${dbase}/shared`],
      ["GET", pbase],
      ["GET", `${pbase}/own`],
      ["DELETE", `${pbase}/own`],
      ["GET", `/v1/domains/${t.domain}/provider-status`],
    ] as const) {
      expect((await strangerAdmin.request(method, path)).status, `${method} ${path}`).toBe(404);
      expect((await stranger.projectAdmin.request(method, path)).status, `${method} ${path}`).toBe(404);
    }
    // a stranger cannot reach this domain's credential by naming it
    const theirs = await strangerAdmin.post(`/v1/domains/${stranger.domain}/provider-clusters`, { name: "steal", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults });
    expect(theirs.status).toBe(422);
    // a viewer reads but does not write; a project admin cannot write the domain's
    const viewer = admin.as(await tokenFor(admin, "viewer", t.domain));
    expect((await viewer.get(dbase)).status).toBe(200);
    expect((await viewer.post(dbase, { name: "v", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults })).status).toBe(403);
    expect((await t.projectAdmin.post(dbase, { name: "v", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults })).status).toBe(403);
    expect((await t.projectAdmin.delete(`${dbase}/shared`)).status).toBe(403);
  });

  it("provider status: not configured, ready, and degraded when a management cluster is unreachable", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const status = () => domainAdmin.get(`/v1/domains/${t.domain}/provider-status`);
    expect((await status()).body).toMatchObject({ domain: t.domain, configured: false, status: "not-configured", providerClusters: [] });

    await domainAdmin.post(dbase, { name: "shared", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults });
    const ready = await status();
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ configured: true, status: "ready" });
    expect(ready.body.providerClusters).toEqual([
      {
        name: "shared",
        scope: "domain",
        type: "ccs-vm",
        ready: true,
        credential: { name: "ccs", present: true },
        managementClusters: [{ id: mc.id, name: mc.name, reachable: true, ready: true }],
        problems: [],
      },
    ]);

    const down = await registerUnreachableManagementCluster(admin);
    await t.projectAdmin.post(pbase, { name: "own", type: "orbiter-bms", credential: "orbiter", managementCluster: down.id, defaults: bmsDefaults });
    const degraded = await status();
    expect(degraded.body).toMatchObject({ configured: true, status: "degraded" });
    const own = degraded.body.providerClusters.find((p: { name: string }) => p.name === "own");
    expect(own).toMatchObject({ ready: false, scope: "project", project: t.project, managementClusters: [{ id: down.id, reachable: false, ready: false }] });
    expect(own.problems).toEqual(["no management cluster is reachable"]);
    expect(own.managementClusters[0].message).toMatch(/unreachable/);

    const viewer = admin.as(await tokenFor(admin, "viewer", t.domain));
    expect((await viewer.get(`/v1/domains/${t.domain}/provider-status`)).status).toBe(200);
    expect((await t.projectAdmin.get(`/v1/domains/${t.domain}/provider-status`)).status).toBe(403);
    expect((await admin.get(`/v1/domains/${uniqueName("none")}/provider-status`)).status).toBe(404);
  });
});
