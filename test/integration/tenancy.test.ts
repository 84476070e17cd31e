import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { tables } from "../../infra/resources.js";
import { adminApi, resourceName, useLocalAws } from "../support/api.js";
import { newTenant, tokenFor, uniqueName } from "../support/tenants.js";

describe("tenancy and tokens", () => {
  const admin = adminApi();

  it("requires a bearer token and answers problem+json", async () => {
    const res = await admin.as(undefined).get("/v1/domains");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 401, title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
    expect(
      (await admin.as("ckp_tok_01aaaaaaaaaaaaaaaaaaaaaaaa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").get("/v1/domains")).status,
    ).toBe(401);
  });

  it("creates, lists and reads domains and projects", async () => {
    const d = uniqueName("dom");
    const created = await admin.post("/v1/domains", { name: d, displayName: "Acme" });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    expect((await admin.post("/v1/domains", { name: d })).status).toBe(409);
    expect((await admin.get(`/v1/domains/${d}`)).body).toMatchObject({ name: d, displayName: "Acme" });

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(`/v1/domains?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((i: { name: string }) => i.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toContain(d);

    expect((await admin.post(`/v1/domains/${d}/projects`, { name: "edge" })).status).toBe(201);
    expect((await admin.post(`/v1/domains/${d}/projects`, { name: "core" })).status).toBe(201);
    expect((await admin.post(`/v1/domains/${d}/projects`, { name: "edge" })).status).toBe(409);
    expect((await admin.post(`/v1/domains/${uniqueName("nope")}/projects`, { name: "edge" })).status).toBe(404);
    const projects = await admin.get(`/v1/domains/${d}/projects`);
    expect(projects.body.items.map((p: { name: string }) => p.name).sort()).toEqual(["core", "edge"]);
    expect(projects.body.items[0]).not.toHaveProperty("psk");
  });

  it("binds tokens to a role and scope and never escalates", async () => {
    const t = await newTenant();
    const domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
    const member = admin.as(await tokenFor(t.projectAdmin, "project-member", t.domain, t.project));
    const viewer = admin.as(await tokenFor(t.projectAdmin, "viewer", t.domain, t.project));

    // a project admin cannot mint a domain admin or step into another project
    expect((await t.projectAdmin.post("/v1/tokens", { name: "x", role: "domain-admin", domain: t.domain })).status).toBe(403);
    expect((await t.projectAdmin.post("/v1/tokens", { name: "x", role: "viewer", domain: t.domain, project: "other" })).status).toBe(404);
    expect((await member.post("/v1/tokens", { name: "x", role: "viewer", domain: t.domain, project: t.project })).status).toBe(403);
    expect((await admin.post("/v1/tokens", { name: "x", role: "project-admin", domain: t.domain })).status).toBe(400);

    // roles inside the project
    expect((await viewer.get(`${t.base}/hosts`)).status).toBe(200);
    expect((await viewer.get(`${t.base}/host-psk`)).status).toBe(403);
    expect((await member.get(`${t.base}/host-psk`)).status).toBe(403);
    expect((await viewer.post(`${t.base}/host-groups`, { name: "g" })).status).toBe(403);
    expect((await domainAdmin.post(`/v1/domains/${t.domain}/projects`, { name: "second" })).status).toBe(201);
    expect((await t.projectAdmin.post(`/v1/domains/${t.domain}/projects`, { name: "third" })).status).toBe(403);
    expect((await domainAdmin.get("/v1/domains")).status).toBe(403);

    // listing shows the scope's tokens, never their secrets
    const list = await t.projectAdmin.get("/v1/tokens");
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
    expect(list.text).not.toMatch(/ckp_tok_/);
    expect(list.body.items.every((i: { project: string }) => i.project === t.project)).toBe(true);
  });

  it("stores tokens hashed and revokes them", async () => {
    const t = await newTenant();
    const created = await t.projectAdmin.post("/v1/tokens", { name: "ci", role: "viewer", domain: t.domain, project: t.project });
    const { id, token } = created.body as { id: string; token: string };
    const env = useLocalAws();
    const item = await dynamoDocumentClient().send(
      new GetCommand({ TableName: resourceName(env, tables.main.logical), Key: { pk: `TOKEN#${id}`, sk: "TOKEN" } }),
    );
    const secret = token.split("_").slice(3).join("_");
    expect(JSON.stringify(item.Item)).not.toContain(secret);
    expect(item.Item?.secretHash).toBeTruthy();

    const viewer = admin.as(token);
    expect((await viewer.get(`${t.base}/hosts`)).status).toBe(200);
    expect((await t.projectAdmin.delete(`/v1/tokens/${id}`)).status).toBe(204);
    expect((await viewer.get(`${t.base}/hosts`)).status).toBe(401);
    expect((await t.projectAdmin.delete(`/v1/tokens/${id}`)).status).toBe(404);
  });

  it("keeps tenants apart: another tenant's resources are 404", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const group = await a.projectAdmin.post(`${a.base}/host-groups`, { name: "gpu" });
    expect(group.status).toBe(201);
    // b's admin asks for a's project, group, hosts, PSK: all not found
    expect((await b.projectAdmin.get(`${a.base}/host-groups/gpu`)).status).toBe(404);
    expect((await b.projectAdmin.get(`${a.base}/hosts`)).status).toBe(404);
    expect((await b.projectAdmin.get(`${a.base}/host-psk`)).status).toBe(404);
    expect((await b.projectAdmin.get(`/v1/domains/${a.domain}`)).status).toBe(404);
    expect((await b.projectAdmin.delete(`${a.base}/host-groups/gpu`)).status).toBe(404);
    // b's own project has no such group either
    expect((await b.projectAdmin.get(`${b.base}/host-groups/gpu`)).status).toBe(404);
    // b's tokens do not list a's
    const bTokens = await b.projectAdmin.get(`/v1/tokens?domain=${a.domain}`);
    expect(bTokens.status).toBe(404);
  });

  it("updates project settings with If-Match", async () => {
    const t = await newTenant();
    const p = await t.projectAdmin.get(t.base);
    const etag = p.headers.get("etag") as string;
    const ok = await t.projectAdmin.patch(t.base, { autoApproveHosts: true }, { "if-match": etag });
    expect(ok.status).toBe(200);
    expect(ok.body.autoApproveHosts).toBe(true);
    expect(ok.headers.get("etag")).not.toBe(etag);
    const stale = await t.projectAdmin.patch(t.base, { autoApproveHosts: false }, { "if-match": etag });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
  });
});
