import { createHash } from "node:crypto";
import * as net from "node:net";
import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { resolveProviderCluster } from "../../core/providers/provider-clusters.js";
import { PROVIDER_CHECK_TIMEOUT_MS } from "../../core/providers/status.js";
import { recordProviderClusterUse, releaseProviderClusterUse } from "../../core/providers/usage.js";
import { newId } from "../../core/shared/ids.js";
import { tables } from "../../infra/resources.js";
import { OpenStackSimulator } from "../doubles/openstack-simulator.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { registerStorageProfile } from "../support/addons.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { type Api, adminApi, resourceName, useLocalAws } from "../support/api.js";
import { groupHosts, isPhase, publishBundles, waitForGone, waitForStatus } from "../support/clusters.js";
import {
  bmsCredential,
  ccsCredential,
  closedPort,
  registerTestManagementCluster,
  registerUnreachableManagementCluster,
  testCtx,
  testDeps,
} from "../support/kube.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

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

describe("provider clusters (product §13)", () => {
  const admin = adminApi();

  it("creates domain- and project-scoped provider clusters; projects name domain credentials without reading them", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const shared = await domainAdmin.post(dbase, {
      name: "ccs-eu",
      type: "ccs-vm",
      credential: "ccs",
      managementCluster: mc.name,
      defaults: ccsDefaults,
    });
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
    const own = await t.projectAdmin.post(pbase, {
      name: "metal",
      type: "orbiter-bms",
      credential: "orbiter",
      managementCluster: mc.id,
      defaults: bmsDefaults,
    });
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
    expect(
      (await member.post(pbase, { name: "x", type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults }))
        .status,
    ).toBe(403);

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
    await expect422(
      { ...body, managementCluster: undefined, placement: { matchLabels: { nothing: "matches" } } },
      /no management cluster matches/,
    );

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
    const created = await domainAdmin.post(dbase, {
      name: "p",
      type: "ccs-vm",
      credential: "ccs",
      managementCluster: mc.id,
      defaults: ccsDefaults,
    });
    const etag = created.headers.get("etag") as string;

    const put = await domainAdmin.put(
      `${dbase}/p`,
      { type: "ccs-vm", credential: "ccs2", placement: { matchLabels: other.labels }, defaults: { ...ccsDefaults, flavor: "m1.xlarge" } },
      { "if-match": etag },
    );
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({
      credential: "ccs2",
      placement: { matchLabels: other.labels },
      version: 2,
      defaults: { flavor: "m1.xlarge" },
    });
    expect(put.body.managementCluster).toBeUndefined();
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.providerClusterCount).toBe(0);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/credentials/ccs`)).body.providerClusterCount).toBe(0);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/credentials/ccs2`)).body.providerClusterCount).toBe(1);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/ccs`)).status).toBe(204);
    expect((await domainAdmin.delete(`/v1/domains/${t.domain}/credentials/ccs2`)).status).toBe(409);

    expect(
      (
        await domainAdmin.put(
          `${dbase}/p`,
          { type: "ccs-vm", credential: "ccs2", managementCluster: mc.id, defaults: ccsDefaults },
          { "if-match": etag },
        )
      ).status,
    ).toBe(412);
    const typeChange = await domainAdmin.put(`${dbase}/p`, {
      type: "orbiter-bms",
      credential: "orbiter",
      managementCluster: mc.id,
      defaults: bmsDefaults,
    });
    expect(typeChange.status).toBe(422);
    expect(typeChange.body.detail).toMatch(/cannot change/);
    expect(
      (await domainAdmin.put(`${dbase}/missing`, { type: "ccs-vm", credential: "ccs2", managementCluster: mc.id, defaults: ccsDefaults }))
        .status,
    ).toBe(404);
  });

  it("lookup by cluster id; a provider cluster, credential or management cluster in use cannot be deleted (409)", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const deps = testDeps();
    await domainAdmin.post(dbase, { name: "shared", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults });
    await t.projectAdmin.post(pbase, {
      name: "own",
      type: "orbiter-bms",
      credential: "orbiter",
      managementCluster: mc.id,
      defaults: bmsDefaults,
    });
    const c1 = newId("cl");
    const c2 = newId("cl");
    // what the cluster lifecycle does when it resolves a cluster's provider
    expect(await recordProviderClusterUse(deps, testCtx, { domain: t.domain, name: "shared" }, { project: t.project, clusterId: c1 })).toBe(
      "recorded",
    );
    expect(await recordProviderClusterUse(deps, testCtx, { domain: t.domain, name: "shared" }, { project: t.project, clusterId: c1 })).toBe(
      "unchanged",
    );
    expect(
      await recordProviderClusterUse(
        deps,
        testCtx,
        { domain: t.domain, project: t.project, name: "own" },
        { project: t.project, clusterId: c2 },
      ),
    ).toBe("recorded");
    await expect(
      recordProviderClusterUse(deps, testCtx, { domain: t.domain, name: "own" }, { project: t.project, clusterId: newId("cl") }),
    ).rejects.toMatchObject({ kind: "unprocessable" });
    await expect(
      recordProviderClusterUse(
        deps,
        testCtx,
        { domain: t.domain, project: t.project, name: "own" },
        { project: "elsewhere", clusterId: newId("cl") },
      ),
    ).rejects.toMatchObject({ kind: "unprocessable" });
    await expect(
      recordProviderClusterUse(deps, testCtx, { domain: t.domain, project: t.project, name: "own" }, { project: t.project, clusterId: c1 }),
    ).rejects.toMatchObject({ kind: "conflict" });

    const byCluster = async (api: Api, base: string, id: string) =>
      (await api.get(`${base}?clusterId=${id}`)).body.items.map((p: { name: string }) => p.name);
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
    await t.projectAdmin.post(pbase, {
      name: "own",
      type: "orbiter-bms",
      credential: "orbiter",
      managementCluster: mc.id,
      defaults: bmsDefaults,
    });
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
    const theirs = await strangerAdmin.post(`/v1/domains/${stranger.domain}/provider-clusters`, {
      name: "steal",
      type: "ccs-vm",
      credential: "ccs",
      managementCluster: mc.id,
      defaults: ccsDefaults,
    });
    expect(theirs.status).toBe(422);
    // a viewer reads but does not write; a project admin cannot write the domain's
    const viewer = admin.as(await tokenFor(admin, "viewer", t.domain));
    expect((await viewer.get(dbase)).status).toBe(200);
    expect(
      (await viewer.post(dbase, { name: "v", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults })).status,
    ).toBe(403);
    expect(
      (await t.projectAdmin.post(dbase, { name: "v", type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults }))
        .status,
    ).toBe(403);
    expect((await t.projectAdmin.delete(`${dbase}/shared`)).status).toBe(403);
  });

  it("project scope over HTTP: PUT with If-Match moves the counters; unknown references are 422 in both scopes", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const other = await registerTestManagementCluster(admin);
    expect(
      (
        await domainAdmin.post(dbase, {
          name: "shared",
          type: "ccs-vm",
          credential: "ccs",
          managementCluster: mc.id,
          defaults: ccsDefaults,
        })
      ).status,
    ).toBe(201);
    const created = await t.projectAdmin.post(pbase, {
      name: "own",
      type: "orbiter-bms",
      credential: "orbiter",
      managementCluster: mc.id,
      defaults: bmsDefaults,
    });
    expect(created.status, created.text).toBe(201);
    const etag = created.headers.get("etag") as string;

    const put = await t.projectAdmin.put(
      `${pbase}/own`,
      {
        type: "orbiter-bms",
        credential: "orbiter",
        managementCluster: other.name,
        defaults: { ...bmsDefaults, serverPool: "rack-b" },
        description: "moved",
      },
      { "if-match": etag },
    );
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({
      name: "own",
      scope: "project",
      project: t.project,
      managementCluster: { id: other.id, name: other.name },
      defaults: { serverPool: "rack-b" },
      description: "moved",
      version: 2,
    });
    expect((await t.projectAdmin.get(`${pbase}/own`)).body).toMatchObject({ version: 2, managementCluster: { id: other.id } });
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.providerClusterCount).toBe(1); // "shared" only
    expect((await admin.get(`/v1/management-clusters/${other.id}`)).body.providerClusterCount).toBe(1);
    expect(
      (
        await t.projectAdmin.put(
          `${pbase}/own`,
          { type: "orbiter-bms", credential: "orbiter", managementCluster: mc.id, defaults: bmsDefaults },
          { "if-match": etag },
        )
      ).status,
    ).toBe(412);
    // a project admin does not write the domain's
    expect(
      (await t.projectAdmin.put(`${dbase}/shared`, { type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults }))
        .status,
    ).toBe(403);

    const bodies = {
      [`${pbase}/own`]: {
        api: t.projectAdmin,
        body: { type: "orbiter-bms", credential: "orbiter", managementCluster: other.id, defaults: bmsDefaults },
      },
      [`${dbase}/shared`]: {
        api: domainAdmin,
        body: { type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: ccsDefaults },
      },
    };
    for (const [path, { api, body }] of Object.entries(bodies)) {
      const expect422 = async (b: Record<string, unknown>, detail: RegExp) => {
        const res = await api.put(path, b);
        expect(res.status, `${path}: ${res.text}`).toBe(422);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(res.body.detail).toMatch(detail);
      };
      await expect422({ ...body, credential: "missing" }, /credential missing does not exist/);
      await expect422({ ...body, managementCluster: "no-such-mc" }, /management cluster no-such-mc does not exist/);
      await expect422(
        { ...body, managementCluster: "mc_01aaaaaaaaaaaaaaaaaaaaaaaa" },
        /management cluster mc_01aaaaaaaaaaaaaaaaaaaaaaaa does not exist/,
      );
      await expect422(
        { ...body, managementCluster: undefined, placement: { matchLabels: { nothing: "matches" } } },
        /no management cluster matches/,
      );
    }
    // nothing of that was written
    expect((await t.projectAdmin.get(`${pbase}/own`)).body).toMatchObject({
      version: 2,
      credential: "orbiter",
      managementCluster: { id: other.id },
    });
    expect((await domainAdmin.get(`${dbase}/shared`)).body).toMatchObject({ version: 1, managementCluster: { id: mc.id } });
    expect((await admin.get(`/v1/management-clusters/${other.id}`)).body.providerClusterCount).toBe(1);
    expect((await domainAdmin.get(`/v1/domains/${t.domain}/credentials/orbiter`)).body.providerClusterCount).toBe(1);
  });

  it("tenant isolation for PUT and project-scope POST: a stranger gets 404 and changes nothing", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    expect(
      (
        await domainAdmin.post(dbase, {
          name: "shared",
          type: "ccs-vm",
          credential: "ccs",
          managementCluster: mc.id,
          defaults: ccsDefaults,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.projectAdmin.post(pbase, {
          name: "own",
          type: "orbiter-bms",
          credential: "orbiter",
          managementCluster: mc.id,
          defaults: bmsDefaults,
        })
      ).status,
    ).toBe(201);
    const stranger = await newTenant();
    const strangerAdmin = admin.as(await tokenFor(admin, "domain-admin", stranger.domain));
    // the stranger names its own credential: what stops it is the scope, not a missing reference
    expect(
      (await strangerAdmin.post(`/v1/domains/${stranger.domain}/credentials`, bmsCredential("orbiter", "stranger-secret"))).status,
    ).toBe(201);
    const bms = {
      type: "orbiter-bms",
      credential: "orbiter",
      managementCluster: mc.id,
      defaults: { ...bmsDefaults, serverPool: "stolen" },
    };
    const ccs = { type: "ccs-vm", credential: "ccs", managementCluster: mc.id, defaults: { ...ccsDefaults, flavor: "stolen" } };
    for (const api of [strangerAdmin, stranger.projectAdmin]) {
      expect((await api.put(`${pbase}/own`, bms)).status).toBe(404);
      expect((await api.put(`${dbase}/shared`, ccs)).status).toBe(404);
      expect((await api.put(`${pbase}/new`, bms)).status).toBe(404);
      expect((await api.post(pbase, { name: "planted", ...bms })).status).toBe(404);
      expect((await api.post(dbase, { name: "planted", ...ccs })).status).toBe(404);
    }
    expect((await t.projectAdmin.get(`${pbase}/own`)).body).toMatchObject({ version: 1, defaults: { serverPool: "rack-a" } });
    expect((await domainAdmin.get(`${dbase}/shared`)).body).toMatchObject({ version: 1, defaults: { flavor: "m1.large" } });
    expect((await domainAdmin.get(dbase)).body.items.map((p: { name: string }) => p.name).sort()).toEqual(["own", "shared"]);
    expect((await strangerAdmin.get(`/v1/domains/${stranger.domain}/provider-clusters`)).body.items).toEqual([]);
  });

  it("a cluster created over HTTP uses its provider cluster at once: lookup by cluster id finds it and DELETE is 409", async () => {
    // an empty pool: the saga stops early (InsufficientCapacity), so nothing keeps running, and deleting works
    const bms = new OrbiterBmsSimulator({ secret: "use-hw-secret", pools: { "rack-a": { servers: 0 } } });
    await bms.start();
    try {
      const { t, domainAdmin, dbase, pbase, mc } = await setup();
      await registerStorageProfile(admin, t.domain);
      expect(
        (
          await domainAdmin.post(`/v1/domains/${t.domain}/credentials`, {
            type: "orbiter-bms",
            name: "sim",
            endpoint: bms.http.url,
            hardwareAccessSecret: "use-hw-secret",
          })
        ).status,
      ).toBe(201);
      const pc = await domainAdmin.post(dbase, {
        name: "metal",
        type: "orbiter-bms",
        credential: "sim",
        managementCluster: mc.id,
        defaults: bmsDefaults,
      });
      expect(pc.status, pc.text).toBe(201);
      await groupHosts(t, "empty", []);
      // what the saga needs before it reaches the empty pool, published here rather than left to another file
      await publishBundles(admin, ["v1.31.2"]);
      await publishTestAgentRelease(admin, useLocalAws());
      const request = { name: "uses-metal", kubernetesVersion: "v1.31.2", providerCluster: "metal", hostGroup: "empty", workers: 1 };
      const key = uniqueName("create");
      const created = await t.projectAdmin.post(`${t.base}/clusters`, request, { "idempotency-key": key });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id as string;

      // the create's answer lost with its process (it committed, then died before its key's record held the answer):
      // the same request retried is answered with the cluster it made, not 409 for its own name; another is refused
      const whoami = (await t.projectAdmin.get("/v1/whoami")).body.id as string;
      await forgetIdempotentAnswer(`${whoami}|${t.base}/clusters|${key}`);
      const retried = await t.projectAdmin.post(`${t.base}/clusters`, request, { "idempotency-key": key });
      expect(retried.status, retried.text).toBe(201);
      expect(retried.body.id).toBe(id);
      expect(retried.headers.get("idempotent-replayed")).toBeNull();
      expect(retried.body).not.toHaveProperty("createRequest");
      for (const other of [{ "idempotency-key": uniqueName("other") }, {}] as Record<string, string>[]) {
        const refused = await t.projectAdmin.post(`${t.base}/clusters`, request, other);
        expect(refused.status, refused.text).toBe(409);
        expect(refused.body.code).toBe("cluster.name-taken");
      }

      // at once, before the lifecycle has run a step
      const [byDomain, byProject, del] = await Promise.all([
        domainAdmin.get(`${dbase}?clusterId=${id}`),
        t.projectAdmin.get(`${pbase}?clusterId=${id}`),
        domainAdmin.delete(`${dbase}/metal`),
      ]);
      expect(byDomain.body.items.map((p: { name: string }) => p.name)).toEqual(["metal"]);
      expect(byProject.body.items.map((p: { name: string }) => p.name)).toEqual(["metal"]);
      expect(del.status, del.text).toBe(409);
      expect(del.body).toMatchObject({ clusterCount: 1 });
      // recorded by the create request itself, in its transaction (same time as ckp.cluster.created, same actor)
      const events = (await t.projectAdmin.get(`${t.base}/events?subject=${encodeURIComponent(`clusters/${id}`)}&limit=100`)).body
        .items as Array<{ type: string; time: string; actor: { kind: string } }>;
      const createdEvent = events.find((e) => e.type === "ckp.cluster.created");
      const used = events.filter((e) => e.type === "ckp.providercluster.use-recorded");
      expect(used).toHaveLength(1);
      expect(used[0]).toMatchObject({ time: createdEvent?.time, actor: { kind: createdEvent?.actor.kind } });

      // the saga's resolve-provider step records it again without counting it twice
      const path = `${t.base}/clusters/${id}`;
      const failed = await waitForStatus(t.projectAdmin, path, isPhase("Failed"), 120_000);
      expect(failed.steps.find((x: { name: string }) => x.name === "resolve-provider").state).toBe("succeeded");
      expect(failed.conditions.find((x: { type: string }) => x.type === "MachinesProvisioned")).toMatchObject({
        reason: "InsufficientCapacity",
      });
      expect((await domainAdmin.get(`${dbase}/metal`)).body.clusterCount).toBe(1);
      expect((await domainAdmin.delete(`${dbase}/metal`)).status).toBe(409);

      // once the cluster is gone, so is the use
      expect((await t.projectAdmin.delete(path)).status).toBe(202);
      await waitForGone(t.projectAdmin, path, 180_000);
      expect((await domainAdmin.get(`${dbase}?clusterId=${id}`)).body.items).toEqual([]);
      expect((await domainAdmin.delete(`${dbase}/metal`)).status).toBe(204);
    } finally {
      await bms.stop();
    }
  });
});

/**
 * Deletes the record Powertools' idempotency utility keeps for an Idempotency-Key (functions/api/middleware/
 * idempotency.ts: the key `<caller>|<path>|<key>`, its record's id the prefix and the base64 MD5 of the key as JSON),
 * as a process that died before the record held the answer leaves it once its in-progress mark has expired.
 */
async function forgetIdempotentAnswer(requestKey: string): Promise<void> {
  const id = `http.v2#${createHash("md5").update(JSON.stringify(requestKey)).digest("base64")}`;
  const TableName = resourceName(useLocalAws(), tables.idempotency.logical);
  const db = dynamoDocumentClient();
  expect((await db.send(new GetCommand({ TableName, Key: { id }, ConsistentRead: true }))).Item, `record ${id}`).toBeDefined();
  await db.send(new DeleteCommand({ TableName, Key: { id } }));
}

describe("provider status (product §13): the provider APIs and the management clusters", () => {
  const admin = adminApi();
  const appSecret = "status-app-secret";
  const hwSecret = "status-hw-secret";
  const os = new OpenStackSimulator({
    applicationCredential: { id: "ac-status", secret: appSecret },
    region: "RegionOne",
    networks: [{ name: "tenant-net", subnets: [{ cidr: "192.168.60.0/24" }] }],
    images: [
      { name: "ckp-ubuntu-22.04-amd64", architecture: "x86_64", osDistro: "ubuntu", osVersion: "22.04" },
      { name: "ckp-ubuntu-22.04-arm64", architecture: "aarch64", osDistro: "ubuntu", osVersion: "22.04" },
    ],
    flavors: [{ name: "m1.large", vcpus: 4, ramMb: 8192 }],
  });
  const bms = new OrbiterBmsSimulator({ secret: hwSecret, pools: { "rack-a": { servers: 3 } } });
  const sockets: net.Socket[] = [];
  const silent = net.createServer((sock) => sockets.push(sock));

  beforeAll(async () => {
    await Promise.all([os.start(), bms.start(), new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()))]);
    // the security group the defaults name exists in the cloud
    os.securityGroups.set("sg-nodes", { id: "sg-nodes", name: "ckp-nodes", description: "", rules: [] });
  });
  afterAll(async () => {
    for (const sock of sockets) sock.destroy();
    await Promise.all([os.stop(), bms.stop(), new Promise((r) => silent.close(r))]);
  });

  it("not configured; ready when the provider accepts the credential and has what the defaults name", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const status = () => domainAdmin.get(`/v1/domains/${t.domain}/provider-status`);
    expect((await status()).body).toMatchObject({ domain: t.domain, configured: false, status: "not-configured", providerClusters: [] });

    const cbase = `/v1/domains/${t.domain}/credentials`;
    expect(
      (
        await domainAdmin.post(cbase, {
          type: "ccs-openstack",
          name: "ccs-sim",
          authUrl: os.authUrl,
          applicationCredentialId: "ac-status",
          applicationCredentialSecret: appSecret,
          region: "RegionOne",
        })
      ).status,
    ).toBe(201);
    expect(
      (await domainAdmin.post(cbase, { type: "orbiter-bms", name: "bms-sim", endpoint: bms.http.url, hardwareAccessSecret: hwSecret }))
        .status,
    ).toBe(201);
    expect(
      (
        await domainAdmin.post(dbase, {
          name: "shared",
          type: "ccs-vm",
          credential: "ccs-sim",
          managementCluster: mc.id,
          defaults: ccsDefaults,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.projectAdmin.post(pbase, {
          name: "metal",
          type: "orbiter-bms",
          credential: "bms-sim",
          managementCluster: mc.id,
          defaults: bmsDefaults,
        })
      ).status,
    ).toBe(201);

    const ready = await status();
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body).toMatchObject({ configured: true, status: "ready" });
    const [shared, metal] = ready.body.providerClusters;
    expect(shared).toEqual({
      name: "shared",
      scope: "domain",
      type: "ccs-vm",
      ready: true,
      credential: { name: "ccs-sim", present: true },
      provider: {
        reachable: true,
        authenticated: true,
        message: expect.stringMatching(
          /CCS accepted the application credential; network tenant-net, flavor m1.large, 1 security group\(s\) and 2 image\(s\) exist/,
        ),
      },
      managementClusters: [{ id: mc.id, name: mc.name, reachable: true, ready: true }],
      problems: [],
    });
    expect(metal).toMatchObject({ name: "metal", scope: "project", project: t.project, ready: true, problems: [] });
    expect(metal.provider).toEqual({
      reachable: true,
      authenticated: true,
      message: "Orbiter BMS accepted the hardware access secret; server pool rack-a exists: 3 of 3 server(s) free",
    });
    // it really asked: Keystone, then Neutron, Nova and Glance; the BMS pool
    expect(os.http.requests).toEqual(
      expect.arrayContaining([
        "POST /identity/v3/auth/tokens",
        "GET /network/v2.0/networks",
        "GET /compute/v2.1/flavors/detail",
        "GET /network/v2.0/security-groups",
        "GET /image/v2/images",
      ]),
    );
    expect(bms.http.requests).toContain("GET /v1/pools/rack-a");
    expect(ready.text).not.toContain(appSecret);
    expect(ready.text).not.toContain(hwSecret);
  });

  it("degraded, saying why: refused credentials, missing network/flavor/security group/image/pool, unreachable or silent provider, unreachable management cluster", async () => {
    const { t, domainAdmin, dbase, pbase, mc } = await setup();
    const cbase = `/v1/domains/${t.domain}/credentials`;
    const ccsCred = (name: string, o: { secret?: string; authUrl?: string } = {}) =>
      domainAdmin.post(cbase, {
        type: "ccs-openstack",
        name,
        authUrl: o.authUrl ?? os.authUrl,
        applicationCredentialId: "ac-status",
        applicationCredentialSecret: o.secret ?? appSecret,
        region: "RegionOne",
      });
    const bmsCred = (name: string, o: { secret?: string; endpoint?: string } = {}) =>
      domainAdmin.post(cbase, {
        type: "orbiter-bms",
        name,
        endpoint: o.endpoint ?? bms.http.url,
        hardwareAccessSecret: o.secret ?? hwSecret,
      });
    const silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    for (const r of await Promise.all([
      ccsCred("ccs-sim"),
      ccsCred("ccs-wrong", { secret: "not-the-secret" }),
      ccsCred("ccs-down", { authUrl: `http://127.0.0.1:${await closedPort()}/identity` }),
      bmsCred("bms-sim"),
      bmsCred("bms-wrong", { secret: "not-the-secret" }),
      bmsCred("bms-silent", { endpoint: silentUrl }),
    ]))
      expect(r.status, r.text).toBe(201);
    const down = await registerUnreachableManagementCluster(admin);
    const ccs = (name: string, credential: string, defaults = ccsDefaults) =>
      domainAdmin.post(dbase, { name, type: "ccs-vm", credential, managementCluster: mc.id, defaults });
    const metal = (name: string, credential: string, o: { serverPool?: string; managementCluster?: string } = {}) =>
      t.projectAdmin.post(pbase, {
        name,
        type: "orbiter-bms",
        credential,
        managementCluster: o.managementCluster ?? mc.id,
        defaults: { ...bmsDefaults, serverPool: o.serverPool ?? "rack-a" },
      });
    for (const r of await Promise.all([
      ccs("ccs-ok", "ccs-sim"),
      ccs("ccs-refused", "ccs-wrong"),
      ccs("ccs-unreachable", "ccs-down"),
      ccs("ccs-missing", "ccs-sim", {
        images: [
          { os: "ubuntu-22.04", arch: "amd64", image: "no-such-image" },
          ccsDefaults.images[1] as (typeof ccsDefaults.images)[number],
        ],
        flavor: "m9.huge",
        network: "no-such-net",
        securityGroups: ["ckp-nodes", "no-such-group"],
      }),
      metal("bms-refused", "bms-wrong"),
      metal("bms-nopool", "bms-sim", { serverPool: "rack-z" }),
      metal("bms-silent", "bms-silent"),
      metal("mc-down", "bms-sim", { managementCluster: down.id }),
    ]))
      expect(r.status, r.text).toBe(201);

    const t0 = Date.now();
    const res = await domainAdmin.get(`/v1/domains/${t.domain}/provider-status`);
    const took = Date.now() - t0;
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ configured: true, status: "degraded" });
    // bounded: a provider that never answers is given up on after the check timeout, not waited for
    expect(took).toBeLessThan(2 * PROVIDER_CHECK_TIMEOUT_MS + 5_000);
    const by = Object.fromEntries(res.body.providerClusters.map((p: { name: string }) => [p.name, p]));

    expect(by["ccs-ok"]).toMatchObject({ ready: true, provider: { reachable: true, authenticated: true }, problems: [] });
    expect(by["ccs-refused"]).toMatchObject({ ready: false, provider: { reachable: true, authenticated: false } });
    expect(by["ccs-refused"].provider.message).toMatch(/CCS authenticate: HTTP 401 .*check the provider credential/);
    expect(by["ccs-refused"].problems).toEqual([by["ccs-refused"].provider.message]);
    expect(by["ccs-unreachable"]).toMatchObject({ ready: false, provider: { reachable: false, authenticated: false } });
    expect(by["ccs-unreachable"].provider.message).toMatch(/CCS is unreachable \(authenticate\): .*ECONNREFUSED/);
    expect(by["ccs-missing"]).toMatchObject({ ready: false, provider: { reachable: true, authenticated: true } });
    expect([...by["ccs-missing"].problems].sort()).toEqual([
      "CCS has no flavor m9.huge",
      "CCS has no image no-such-image (for ubuntu-22.04/amd64)",
      "CCS has no network no-such-net",
      "CCS has no security group no-such-group",
    ]);
    expect(by["bms-refused"]).toMatchObject({ ready: false, provider: { reachable: true, authenticated: false } });
    expect(by["bms-refused"].provider.message).toMatch(
      /Orbiter BMS read the server pool: HTTP 401 invalid hardware access secret; check the provider credential/,
    );
    expect(by["bms-nopool"]).toMatchObject({
      ready: false,
      provider: { reachable: true, authenticated: true },
      problems: ["Orbiter BMS has no server pool rack-z"],
    });
    expect(by["bms-silent"]).toMatchObject({ ready: false, provider: { reachable: false, authenticated: false } });
    expect(by["bms-silent"].provider.message).toMatch(
      new RegExp(`Orbiter BMS is unreachable \\(read the server pool\\): no answer within ${PROVIDER_CHECK_TIMEOUT_MS / 1000}s`),
    );
    // the provider is fine; the management cluster is not
    expect(by["mc-down"]).toMatchObject({
      ready: false,
      provider: { reachable: true, authenticated: true },
      managementClusters: [{ id: down.id, reachable: false, ready: false }],
    });
    expect(by["mc-down"].problems).toEqual(["no management cluster is reachable"]);
    expect(by["mc-down"].managementClusters[0].message).toMatch(/unreachable/);
    expect(res.text).not.toContain(appSecret);
    expect(res.text).not.toContain(hwSecret);

    const viewer = admin.as(await tokenFor(admin, "viewer", t.domain));
    expect((await viewer.get(`/v1/domains/${t.domain}/provider-status`)).status).toBe(200);
    expect((await t.projectAdmin.get(`/v1/domains/${t.domain}/provider-status`)).status).toBe(403);
    expect((await admin.get(`/v1/domains/${uniqueName("none")}/provider-status`)).status).toBe(404);
  });
});
