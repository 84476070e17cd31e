import { describe, expect, it } from "vitest";
import { openCredential } from "../../core/credentials/credentials.js";
import { adminApi } from "../support/api.js";
import { bmsCredential, ccsCredential, testDeps } from "../support/kube.js";
import { newTenant, tokenFor, uniqueName } from "../support/tenants.js";

describe("credentials (domain-admin, write-only secrets)", () => {
  const admin = adminApi();

  it("creates typed credentials, shows everything but the secret, lists, gets and deletes", async () => {
    const t = await newTenant();
    const domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
    const base = `/v1/domains/${t.domain}/credentials`;
    const bmsSecret = `bms-secret-${uniqueName("x")}`;
    const ccsSecret = `ccs-secret-${uniqueName("x")}`;

    const bms = await domainAdmin.post(base, { ...bmsCredential("orbiter", bmsSecret), description: "rack hardware" });
    expect(bms.status, bms.text).toBe(201);
    expect(bms.body).toEqual({
      name: "orbiter",
      domain: t.domain,
      type: "orbiter-bms",
      description: "rack hardware",
      config: { endpoint: bmsCredential("orbiter", bmsSecret).endpoint },
      secretFields: ["hardwareAccessSecret"],
      providerClusterCount: 0,
      createdAt: expect.any(String),
      version: 1,
    });
    const ccs = await domainAdmin.post(base, ccsCredential("ccs", ccsSecret));
    expect(ccs.status, ccs.text).toBe(201);
    expect(ccs.body.config).toEqual({
      authUrl: ccsCredential("ccs", ccsSecret).authUrl,
      applicationCredentialId: "4f1c2e0a9b",
      region: "RegionOne",
    });
    expect(ccs.body.secretFields).toEqual(["applicationCredentialSecret"]);

    expect((await domainAdmin.post(base, bmsCredential("orbiter", "other"))).status).toBe(409);

    const list = await domainAdmin.get(`${base}?limit=1`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const rest = await domainAdmin.get(`${base}?limit=1&cursor=${encodeURIComponent(list.body.nextCursor)}`);
    expect([...list.body.items, ...rest.body.items].map((c: { name: string }) => c.name).sort()).toEqual(["ccs", "orbiter"]);
    const one = await domainAdmin.get(`${base}/ccs`);
    expect(one.status).toBe(200);
    for (const r of [bms, ccs, list, rest, one]) {
      expect(r.text).not.toContain(bmsSecret);
      expect(r.text).not.toContain(ccsSecret);
    }

    // the secret is there, sealed, for provider workers
    const opened = await openCredential(testDeps(), t.domain, "orbiter");
    expect(opened).toMatchObject({
      type: "orbiter-bms",
      config: { endpoint: bmsCredential("orbiter", bmsSecret).endpoint },
      secrets: { hardwareAccessSecret: bmsSecret },
    });

    expect((await domainAdmin.delete(`${base}/orbiter`)).status).toBe(204);
    expect((await domainAdmin.get(`${base}/orbiter`)).status).toBe(404);
    expect((await domainAdmin.delete(`${base}/orbiter`)).status).toBe(404);
  });

  it("validates the typed shape strictly", async () => {
    const t = await newTenant();
    const base = `/v1/domains/${t.domain}/credentials`;
    const bad = async (body: unknown) => {
      const res = await admin.post(base, body);
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    };
    await bad({ ...bmsCredential("x", "s"), type: "aws" });
    await bad({ ...bmsCredential("x", "s"), applicationCredentialSecret: "s" });
    await bad({ type: "ccs-openstack", name: "x", authUrl: "https://k/v3", applicationCredentialSecret: "s", region: "r" });
    await bad({ ...bmsCredential("Not_A_Name", "s") });
    await bad({ ...bmsCredential("x", "s"), endpoint: "ftp://x" });
    await bad({ ...bmsCredential("x", "") });
    expect((await admin.post(`/v1/domains/${uniqueName("nodomain")}/credentials`, bmsCredential("x", "s"))).status).toBe(404);
  });

  it("only the domain's admins manage credentials; other tenants see 404, project tokens 403", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const base = `/v1/domains/${t.domain}/credentials`;
    expect((await admin.post(base, bmsCredential("hw", "s3cr3t-value"))).status).toBe(201);

    const member = admin.as(await tokenFor(t.projectAdmin, "project-member", t.domain, t.project));
    const viewer = admin.as(await tokenFor(admin, "viewer", t.domain));
    for (const api of [t.projectAdmin, member, viewer]) {
      expect((await api.get(base)).status).toBe(403);
      expect((await api.get(`${base}/hw`)).status).toBe(403);
      expect((await api.post(base, bmsCredential("mine", "x"))).status).toBe(403);
      expect((await api.delete(`${base}/hw`)).status).toBe(403);
    }
    const otherAdmin = admin.as(await tokenFor(admin, "domain-admin", other.domain));
    expect((await otherAdmin.get(base)).status).toBe(404);
    expect((await otherAdmin.get(`${base}/hw`)).status).toBe(404);
    expect((await otherAdmin.delete(`${base}/hw`)).status).toBe(404);
    // its own list does not show another domain's credentials
    expect((await otherAdmin.get(`/v1/domains/${other.domain}/credentials`)).body.items).toEqual([]);
  });
});
