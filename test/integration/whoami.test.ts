import { describe, expect, it } from "vitest";
import { adminApi } from "../support/api.js";
import { newTenant, tokenFor } from "../support/tenants.js";

describe("GET /v1/whoami", () => {
  const admin = adminApi();

  it("tells each bearer its own role and scope, and nobody else's", async () => {
    const t = await newTenant();
    expect((await admin.get("/v1/whoami")).body).toEqual({
      kind: "admin",
      id: "bootstrap-admin",
      role: "platform-admin",
      scope: {},
      name: "bootstrap admin",
    });

    const viewerToken = await tokenFor(t.projectAdmin, "viewer", t.domain, t.project);
    const viewer = await admin.as(viewerToken).get("/v1/whoami");
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get("cache-control")).toBe("no-store");
    expect(viewer.body).toEqual({
      kind: "token",
      id: expect.stringMatching(/^tok_/),
      role: "viewer",
      scope: { domain: t.domain, project: t.project },
      domain: t.domain,
      project: t.project,
      name: "viewer for tests",
    });
    expect(viewerToken).toContain(viewer.body.id);

    const domainAdmin = await admin.as(await tokenFor(admin, "domain-admin", t.domain)).get("/v1/whoami");
    expect(domainAdmin.body).toMatchObject({ kind: "token", role: "domain-admin", domain: t.domain });
    expect(domainAdmin.body).not.toHaveProperty("project");

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const expiring = await t.projectAdmin.post("/v1/tokens", {
      name: "short-lived",
      role: "project-member",
      domain: t.domain,
      project: t.project,
      expiresAt,
    });
    expect(expiring.status, expiring.text).toBe(201);
    expect((await admin.as(expiring.body.token).get("/v1/whoami")).body).toMatchObject({ role: "project-member", expiresAt });

    // a token past its expiry is refused, also while the server still holds it in its cache
    const soon = await t.projectAdmin.post("/v1/tokens", {
      name: "seconds",
      role: "viewer",
      domain: t.domain,
      project: t.project,
      expiresAt: new Date(Date.now() + 3_000).toISOString(),
    });
    expect(soon.status, soon.text).toBe(201);
    expect((await admin.as(soon.body.token).get("/v1/whoami")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_500));
    const expired = await admin.as(soon.body.token).get("/v1/whoami");
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe("authentication-required");
  });

  it("answers 401 without a valid token", async () => {
    expect((await admin.as(undefined).get("/v1/whoami")).status).toBe(401);
    expect((await admin.as("ckp_tok_01aaaaaaaaaaaaaaaaaaaaaaaa_nope").get("/v1/whoami")).status).toBe(401);
  });
});
