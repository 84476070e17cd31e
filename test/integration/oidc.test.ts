import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDP_CLIENTS, identityProviderConfig, type OidcIdp, spawnOidcIdp, startOidcIdp } from "../doubles/oidc-idp.js";
import { Api, type ApiResponse, adminApi, eventually } from "../support/api.js";
import { authorizationCode, clientCredentials, deviceSignIn, signIn } from "../support/oidc-client.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * Sign-in with a real OpenID provider (oidc-provider, in its own process):
 * tokens it issues through its login and consent pages are accepted with
 * the roles their group and user bindings give, changes count on the next
 * request, and every failed check answers 401 with its own code.
 */
const admin = adminApi();
let idp: OidcIdp;
let t: Tenant;
let corp: string;
const bound: string[] = [];

const password = (user: string) => `${user}-password`;
async function idToken(user: string, o: { clientId?: string; redirectUri?: string; resource?: string; of?: OidcIdp } = {}) {
  const from = o.of ?? idp;
  const tokens = await signIn(from.issuer, {
    user,
    password: password(user),
    clientId: o.clientId ?? IDP_CLIENTS.console,
    redirectUri: o.redirectUri ?? from.consoleRedirectUri,
    ...(o.resource ? { resource: o.resource } : {}),
  });
  return o.resource ? tokens.accessToken : tokens.idToken;
}
const as = (token: string) => new Api(admin.base, token);

async function bind(api: Api, scopePath: string, body: Record<string, unknown>): Promise<string> {
  const res = await api.post(`${scopePath}/role-bindings`, body);
  expect(res.status, res.text).toBe(201);
  bound.push(`${scopePath}/role-bindings/${res.body.id}`);
  return `${scopePath}/role-bindings/${res.body.id}`;
}

function expectRefusal(res: ApiResponse, token: string, code: string, status = 401): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.body.code).toBe(code);
  expect(res.body.type).toMatch(new RegExp(`/${code.replace(".", "\\.")}$`));
  expect(res.text).not.toContain(token);
  expect(res.text).not.toContain(token.split(".")[2] as string);
}

beforeAll(async () => {
  idp = await spawnOidcIdp();
  t = await newTenant();
  corp = uniqueName("corp");
  const res = await admin.post(
    "/v1/identity-providers",
    identityProviderConfig(idp.issuer, {
      name: corp,
      displayName: "Corporate SSO",
      audiences: [IDP_CLIENTS.console, IDP_CLIENTS.cli, idp.apiAudience],
    }),
  );
  expect(res.status, res.text).toBe(201);
}, 120_000);

afterAll(async () => {
  for (const path of bound) await admin.delete(path);
  await admin.delete(`/v1/identity-providers/${corp}`);
  await idp?.stop();
});

describe("identity providers", () => {
  it("are shown to clients before sign-in: issuer, client id, scopes, which token to send", async () => {
    const res = await new Api(admin.base).get("/v1/auth/config");
    expect(res.status, res.text).toBe(200);
    expect(res.body.providers).toContainEqual({
      identityProvider: corp,
      displayName: "Corporate SSO",
      issuer: idp.issuer,
      discoveryUrl: `${idp.issuer}/.well-known/openid-configuration`,
      clientId: IDP_CLIENTS.console,
      scopes: ["openid", "profile", "email", "groups"],
      bearer: "id_token",
      authorizationEndpoint: `${idp.issuer}/auth`,
      endSessionEndpoint: `${idp.issuer}/session/end`,
    });
  });

  it("are checked against the issuer's discovery document when configured", async () => {
    const base = { clientId: "x" };
    const wrongIssuer = await admin.post("/v1/identity-providers", { ...base, name: uniqueName("bad"), issuer: `${idp.issuer}/` });
    expect(wrongIssuer.status, wrongIssuer.text).toBe(422);
    expect(wrongIssuer.body.code).toBe("identity-provider.discovery-failed");
    expect(wrongIssuer.body.detail).toMatch(/names issuer/);
    const unreachable = await admin.post("/v1/identity-providers", { ...base, name: uniqueName("bad"), issuer: "http://127.0.0.1:1" });
    expect(unreachable.body.code).toBe("identity-provider.discovery-failed");
    const notHttps = await admin.post("/v1/identity-providers", { ...base, name: uniqueName("bad"), issuer: "http://idp.example.com" });
    expect(notHttps.status).toBe(400);
    expect(notHttps.body.errors[0].path).toBe("issuer");
  });

  it("are managed by the platform admin, with an event for every change, and cannot be deleted while bound", async () => {
    const name = uniqueName("sso");
    const created = await admin.post("/v1/identity-providers", { name, issuer: idp.issuer, clientId: IDP_CLIENTS.cli });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      audiences: [IDP_CLIENTS.cli],
      claims: { user: "sub", groups: "groups" },
      bearer: "id_token",
      version: 1,
    });
    const got = await admin.get(`/v1/identity-providers/${name}`);
    expect(got.headers.get("etag")).toBe('"1"');
    expect((await admin.patch(`/v1/identity-providers/${name}`, { clientId: "z" }, { "if-match": '"9"' })).status).toBe(412);
    const patched = await admin.patch(`/v1/identity-providers/${name}`, {
      claims: { user: "email", groups: "groups", name: "name", email: "email" },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, claims: { user: "email" } });
    const newClient = await admin.patch(`/v1/identity-providers/${name}`, { clientId: "cli-2" }, { "if-match": '"2"' });
    expect(newClient.body).toMatchObject({ version: 3, clientId: "cli-2", audiences: ["cli-2"] });

    const binding = await admin.post("/v1/role-bindings", { identityProvider: name, group: "nobody", role: "platform-admin" });
    expect(binding.status, binding.text).toBe(201);
    const inUse = await admin.delete(`/v1/identity-providers/${name}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: "identity-provider.in-use", bindingCount: 1 });
    expect((await admin.delete(`/v1/role-bindings/${binding.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/v1/identity-providers/${name}`)).status).toBe(204);

    const events = await admin.get(`/v1/events?subject=identity-providers/${name}`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      "ckp.identityprovider.deleted",
      "ckp.identityprovider.updated",
      "ckp.identityprovider.updated",
      "ckp.identityprovider.created",
    ]);
    expect(events.body.items[1].data.changed).toEqual(["clientId"]);
    expect(events.body.items[2].data.changed).toEqual(["claims"]);
    const bindingEvents = await admin.get(`/v1/events?subject=role-bindings/${binding.body.id}`);
    expect(bindingEvents.body.items.map((e: { type: string }) => e.type)).toEqual(["ckp.rolebinding.deleted", "ckp.rolebinding.created"]);
  });

  it("keep their bindings when moved to another issuer", async () => {
    const next = await startOidcIdp();
    const name = uniqueName("moving");
    let binding: string | undefined;
    try {
      expect((await admin.post("/v1/identity-providers", { name, issuer: idp.issuer, clientId: IDP_CLIENTS.console })).status).toBe(201);
      binding = await bind(t.admin, `/v1/domains/${t.domain}`, { identityProvider: name, group: "movers", role: "viewer" });
      const moved = await admin.patch(`/v1/identity-providers/${name}`, { issuer: next.issuer });
      expect(moved.status, moved.text).toBe(200);
      await next.setGroups("dave", ["movers"]);
      const dave = as(await idToken("dave", { of: next }));
      const me = await dave.get("/v1/whoami");
      expect(me.body).toMatchObject({ id: `${name}:dave`, grants: [{ role: "viewer", domain: t.domain }] });
      expect((await dave.get(`/v1/domains/${t.domain}/projects`)).status).toBe(200);
    } finally {
      if (binding) await admin.delete(binding);
      await admin.delete(`/v1/identity-providers/${name}`);
      await next.stop();
    }
  });

  it("need a platform admin at the platform", async () => {
    const res = await t.projectAdmin.post("/v1/identity-providers", { name: uniqueName("x"), issuer: idp.issuer, clientId: "x" });
    expect(res.status).toBe(403);
  });
});

describe("a person signed in with the identity provider", () => {
  it("is who the token says, holds nothing until bound, and gets a group's role on the next request", async () => {
    const token = await idToken("bob");
    expect(decodeJwt(token).groups).toEqual(["acme-ops"]);
    const bob = as(token);
    const me = await bob.get("/v1/whoami");
    expect(me.status, me.text).toBe(200);
    expect(me.body).toMatchObject({
      kind: "person",
      id: `${corp}:bob`,
      grants: [],
      person: {
        idp: corp,
        issuer: idp.issuer,
        subject: "bob",
        user: "bob",
        name: "Bob Baker",
        email: "bob@example.com",
        groups: ["acme-ops"],
      },
    });
    expect((await bob.get(`${t.base}/host-groups`)).status).toBe(404);

    const binding = await bind(t.admin, t.base, { identityProvider: corp, group: "acme-ops", role: "project-admin" });
    expect((await bob.get(`${t.base}/host-groups`)).status).toBe(200);
    const created = await bob.post(`${t.base}/host-groups`, { name: "bobs" });
    expect(created.status, created.text).toBe(201);
    expect((await bob.get("/v1/whoami")).body.grants).toEqual([
      { binding: binding.split("/").pop(), role: "project-admin", domain: t.domain, project: t.project },
    ]);

    expect((await t.admin.delete(binding)).status).toBe(204);
    expect((await bob.get(`${t.base}/host-groups`)).status).toBe(404);
  });

  it("is named in the audit trail (subject, name, e-mail, IdP), and found by the actor filter", async () => {
    const token = await idToken("bob");
    await bind(t.admin, t.base, { identityProvider: corp, group: "acme-ops", role: "project-admin" });
    expect((await as(token).post(`${t.base}/host-groups`, { name: "audited" })).status).toBe(201);
    const actor = {
      kind: "person",
      id: `${corp}:bob`,
      person: { idp: corp, subject: "bob", user: "bob", name: "Bob Baker", email: "bob@example.com" },
    };
    for (const filter of [`person:${corp}:bob`, "person:bob", `${corp}:bob`]) {
      const res = await t.admin.get(`${t.base}/events?type=ckp.hostgroup.created&actor=${encodeURIComponent(filter)}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.map((e: { subject: string }) => e.subject)).toContain("host-groups/audited");
      expect(res.body.items.find((e: { subject: string }) => e.subject === "host-groups/audited").actor).toEqual(actor);
    }
    const nobody = await t.admin.get(`${t.base}/events?type=ckp.hostgroup.created&actor=person:carol`);
    expect(nobody.body.items).toEqual([]);
  });

  it("holds the union of their bindings: each group's, and their user's", async () => {
    const carol = as(await idToken("carol"));
    const other = await newTenant();
    await bind(t.admin, `/v1/domains/${t.domain}`, { identityProvider: corp, group: "acme-viewers", role: "viewer" });
    await bind(t.admin, t.base, { identityProvider: corp, group: "acme-edge-admins", role: "project-admin" });
    await bind(other.admin, other.base, { identityProvider: corp, user: "carol", role: "project-member" });

    expect((await carol.get(`/v1/domains/${t.domain}/projects`)).status).toBe(200);
    expect((await carol.post(`${t.base}/host-groups`, { name: "carols" })).status).toBe(201);
    expect((await carol.get(`${other.base}/host-groups`)).status).toBe(200);
    expect((await carol.post(`${other.base}/host-groups`, { name: "nope" })).status).toBe(403);
    expect((await carol.post(`/v1/domains/${t.domain}/projects`, { name: uniqueName("p") })).status).toBe(403);
    // a project binding reaches its domain: listing the domain's projects is too much (403); a domain without bindings is not there (404)
    expect((await carol.get(`/v1/domains/${other.domain}/projects`)).status).toBe(403);
    const unrelated = await newTenant();
    expect((await carol.get(`/v1/domains/${unrelated.domain}/projects`)).status).toBe(404);
    expect((await carol.get(`${unrelated.base}/host-groups`)).status).toBe(404);
    expect((await carol.get("/v1/domains")).status).toBe(403);
    const me = await carol.get("/v1/whoami");
    expect(me.body).toMatchObject({ role: "project-admin", scope: { domain: t.domain, project: t.project } });
    expect(me.body.grants).toHaveLength(3);
  });

  it("loses a group's role once the IdP no longer puts them in the group", async () => {
    await bind(t.admin, `/v1/domains/${t.domain}`, { identityProvider: corp, group: "auditors", role: "viewer" });
    await idp.setGroups("dave", ["auditors"]);
    const before = as(await idToken("dave"));
    expect((await before.get(`/v1/domains/${t.domain}/projects`)).status).toBe(200);
    await idp.setGroups("dave", []);
    const after = as(await idToken("dave"));
    expect((await after.get(`/v1/domains/${t.domain}/projects`)).status).toBe(404);
  });

  it("with a platform-admin binding administers the platform, and can mint API tokens for automation", async () => {
    await bind(admin, "/v1", { identityProvider: corp, group: "platform-admins", role: "platform-admin" });
    const alice = as(await idToken("alice"));
    expect((await alice.get("/v1/domains")).status).toBe(200);
    const minted = await alice.post("/v1/tokens", { name: "ci", role: "viewer", domain: t.domain });
    expect(minted.status, minted.text).toBe(201);
    expect(minted.body.createdBy).toBe(`${corp}:alice`);
    expect((await as(minted.body.token).get(`/v1/domains/${t.domain}/projects`)).status).toBe(200);
  });

  it("may send a JWT access token for the API (resource indicator) instead of the ID token", async () => {
    await bind(t.admin, t.base, { identityProvider: corp, user: "bob", role: "viewer" });
    const access = await idToken("bob", { resource: idp.apiAudience });
    expect(decodeProtectedHeader(access).typ).toBe("at+jwt");
    expect(decodeJwt(access).aud).toBe(idp.apiAudience);
    const res = await as(access).get(`${t.base}/host-groups`);
    expect(res.status, res.text).toBe(200);
  });

  it("may sign in with the device flow, as ckpctl login will (a token for the ckpctl client)", async () => {
    await bind(t.admin, t.base, { identityProvider: corp, user: "carol", role: "project-member" });
    const tokens = await deviceSignIn(idp.issuer, { user: "carol", password: password("carol"), clientId: IDP_CLIENTS.cli });
    expect(decodeJwt(tokens.idToken).aud).toBe(IDP_CLIENTS.cli);
    expect(tokens.refreshToken).toBeDefined();
    const res = await as(tokens.idToken).get(`${t.base}/host-groups`);
    expect(res.status, res.text).toBe(200);
  });

  it("a machine's client-credentials token is bound by its user (the client id)", async () => {
    const { accessToken } = await clientCredentials(idp.issuer, {
      clientId: IDP_CLIENTS.automation,
      clientSecret: idp.automationSecret,
      resource: idp.apiAudience,
    });
    const machine = as(accessToken);
    expect((await machine.get(`${t.base}/host-groups`)).status).toBe(404);
    await bind(t.admin, t.base, { identityProvider: corp, user: IDP_CLIENTS.automation, role: "viewer" });
    expect((await machine.get(`${t.base}/host-groups`)).status).toBe(200);
    expect((await machine.get("/v1/whoami")).body.id).toBe(`${corp}:${IDP_CLIENTS.automation}`);
  });

  it("does not replace platform tokens: ckp_ tokens and the bootstrap admin work as before", async () => {
    expect((await t.projectAdmin.get(`${t.base}/host-groups`)).status).toBe(200);
    expect((await t.projectAdmin.get("/v1/whoami")).body).toMatchObject({ kind: "token", role: "project-admin" });
    expect((await admin.get("/v1/whoami")).body).toMatchObject({ kind: "admin", role: "platform-admin" });
  });
});

describe("the console's token requests (POST /v1/auth/token)", () => {
  const anon = () => new Api(admin.base, "");

  it("turns a sign-in code and its PKCE verifier into the IdP's tokens, and a refresh token into new ones; nothing is kept", async () => {
    const { code, verifier } = await authorizationCode(idp.issuer, {
      user: "bob",
      password: password("bob"),
      clientId: IDP_CLIENTS.console,
      redirectUri: idp.consoleRedirectUri,
    });
    const body = {
      grantType: "authorization_code",
      identityProvider: corp,
      code,
      codeVerifier: verifier,
      redirectUri: idp.consoleRedirectUri,
    };
    const res = await anon().post("/v1/auth/token", body);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ token: res.body.idToken, refreshToken: expect.any(String) });
    expect(res.body.expiresIn).toBeGreaterThan(200);
    expect(decodeJwt(res.body.token).sub).toBe("bob");
    expect((await as(res.body.token).get("/v1/whoami")).body.id).toBe(`${corp}:bob`);
    const refreshed = await anon().post("/v1/auth/token", {
      grantType: "refresh_token",
      identityProvider: corp,
      refreshToken: res.body.refreshToken,
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(decodeJwt(refreshed.body.token).sub).toBe("bob");
    // a code is good once (and the IdP revokes what it gave for it, as OAuth asks)
    const again = await anon().post("/v1/auth/token", body);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: "auth.sign-in-refused", error: "invalid_grant" });
    expect(again.body.detail).toBe("the identity provider refused the sign-in code: invalid_grant");
  });

  it("refuses what it cannot send: a wrong verifier, an unknown IdP, a malformed request", async () => {
    const { code } = await authorizationCode(idp.issuer, {
      user: "bob",
      password: password("bob"),
      clientId: IDP_CLIENTS.console,
      redirectUri: idp.consoleRedirectUri,
    });
    const wrong = await anon().post("/v1/auth/token", {
      grantType: "authorization_code",
      identityProvider: corp,
      code,
      codeVerifier: "x".repeat(43),
      redirectUri: idp.consoleRedirectUri,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("auth.sign-in-refused");
    const unknown = await anon().post("/v1/auth/token", { grantType: "refresh_token", identityProvider: "nope", refreshToken: "r" });
    expect(unknown.status).toBe(404);
    const short = await anon().post("/v1/auth/token", {
      grantType: "authorization_code",
      identityProvider: corp,
      code: "c",
      codeVerifier: "too-short",
      redirectUri: "ftp://example.com/",
    });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: any) => e.path).sort()).toEqual(["codeVerifier", "redirectUri"]);
  });
});

describe("role bindings", () => {
  it("grant no more than the granter holds, at a scope that fits the role", async () => {
    const pa = t.projectAdmin;
    expect((await pa.post(`${t.base}/role-bindings`, { identityProvider: corp, group: "g", role: "project-member" })).status).toBe(201);
    const list = await pa.get(`${t.base}/role-bindings?group=g`);
    expect(list.body.items).toHaveLength(1);
    bound.push(`${t.base}/role-bindings/${list.body.items[0].id}`);
    expect((await pa.post(`/v1/domains/${t.domain}/role-bindings`, { identityProvider: corp, group: "g", role: "viewer" })).status).toBe(
      403,
    );
    const misfit = await pa.post(`${t.base}/role-bindings`, { identityProvider: corp, group: "g", role: "domain-admin" });
    expect(misfit.status).toBe(400);
    const both = await pa.post(`${t.base}/role-bindings`, { identityProvider: corp, group: "g", user: "u", role: "viewer" });
    expect(both.status).toBe(400);
    const dup = await pa.post(`${t.base}/role-bindings`, { identityProvider: corp, group: "g", role: "project-member" });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: "role-binding.exists", existingId: list.body.items[0].id });
    const unknown = await pa.post(`${t.base}/role-bindings`, { identityProvider: uniqueName("nope"), group: "g", role: "viewer" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("role-binding.identity-provider-unknown");
  });

  it("of another tenant answer 404", async () => {
    const other = await newTenant();
    const mine = await bind(t.admin, `/v1/domains/${t.domain}`, { identityProvider: corp, group: "tenancy", role: "viewer" });
    const id = mine.split("/").pop() as string;
    const otherAdmin = as(await tokenFor(other.admin, "domain-admin", other.domain));
    expect((await otherAdmin.get(mine)).status).toBe(404);
    expect((await otherAdmin.get(`/v1/domains/${t.domain}/role-bindings`)).status).toBe(404);
    expect((await otherAdmin.get(`/v1/domains/${other.domain}/role-bindings/${id}`)).status).toBe(404);
    expect((await otherAdmin.delete(`/v1/domains/${other.domain}/role-bindings/${id}`)).status).toBe(404);
    expect((await otherAdmin.delete(mine)).status).toBe(404);
    expect((await t.admin.get(mine)).status).toBe(200);
  });
});

describe("a domain's own identity provider", () => {
  let acmeIdp: OidcIdp;
  beforeAll(async () => {
    acmeIdp = await startOidcIdp();
  });
  afterAll(async () => acmeIdp?.stop());

  it("is configured by the domain admin and vouches only inside its domain", async () => {
    const domainAdmin = as(await tokenFor(admin, "domain-admin", t.domain));
    const base = `/v1/domains/${t.domain}`;
    const created = await domainAdmin.post(`${base}/identity-providers`, {
      name: "okta",
      issuer: acmeIdp.issuer,
      clientId: IDP_CLIENTS.console,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.domain).toBe(t.domain);
    const config = await new Api(admin.base).get(`/v1/auth/config?domain=${t.domain}`);
    expect(config.body.providers.map((p: { identityProvider: string }) => p.identityProvider)).toContain(`${t.domain}/okta`);
    expect(
      (await new Api(admin.base).get("/v1/auth/config")).body.providers.map((p: { identityProvider: string }) => p.identityProvider),
    ).not.toContain(`${t.domain}/okta`);

    const other = await newTenant();
    const elsewhere = await admin.post(`/v1/domains/${other.domain}/role-bindings`, {
      identityProvider: `${t.domain}/okta`,
      group: "acme-ops",
      role: "viewer",
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe("role-binding.identity-provider-unknown");
    expect(
      (await admin.post("/v1/role-bindings", { identityProvider: `${t.domain}/okta`, group: "acme-ops", role: "platform-admin" })).status,
    ).toBe(422);

    const binding = await bind(domainAdmin, t.base, { identityProvider: `${t.domain}/okta`, group: "acme-ops", role: "project-admin" });
    const bob = as(await idToken("bob", { of: acmeIdp }));
    expect((await bob.get("/v1/whoami")).body).toMatchObject({ id: `${t.domain}/okta:bob`, person: { idp: `${t.domain}/okta` } });
    expect((await bob.post(`${t.base}/host-groups`, { name: "acme-bob" })).status).toBe(201);
    expect((await bob.get(`${other.base}/host-groups`)).status).toBe(404);

    // Deleting the IdP (after its bindings) ends its tokens at once.
    expect((await domainAdmin.delete(`${base}/identity-providers/okta`)).status).toBe(409);
    expect((await domainAdmin.delete(binding)).status).toBe(204);
    expect((await domainAdmin.delete(`${base}/identity-providers/okta`)).status).toBe(204);
    expect((await bob.get(`${t.base}/host-groups`)).body.code).toBe("auth.issuer-unknown");
  });
});

describe("tokens that fail a check", () => {
  it("answer 401 with the check's code, never echoing the token", async () => {
    await bind(t.admin, t.base, { identityProvider: corp, group: "acme-ops", role: "viewer" });
    const good = await idToken("bob");
    expect((await as(good).get(`${t.base}/host-groups`)).status).toBe(200);

    // forged: the same claims and kid, signed with a key the IdP never published
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(decodeJwt(good)).setProtectedHeader(decodeProtectedHeader(good) as { alg: string }).sign(privateKey);
    expectRefusal(await as(forged).get(`${t.base}/host-groups`), forged, "auth.signature-invalid");

    // altered: the IdP's signature over other claims
    const [h, , s] = good.split(".");
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(good), groups: ["platform-admins"] })).toString("base64url")}.${s}`;
    expectRefusal(await as(altered).get(`${t.base}/host-groups`), altered, "auth.signature-invalid");

    // another application's token from the same IdP
    const otherApp = await idToken("bob", { clientId: IDP_CLIENTS.other, redirectUri: "http://127.0.0.1:9999/callback" });
    const wrongAudience = await as(otherApp).get(`${t.base}/host-groups`);
    expectRefusal(wrongAudience, otherApp, "auth.audience-mismatch");
    expect(wrongAudience.body.detail).toContain(IDP_CLIENTS.other);

    // an issuer nobody configured
    const stranger = await startOidcIdp();
    try {
      const unknown = await idToken("bob", { of: stranger });
      expectRefusal(await as(unknown).get(`${t.base}/host-groups`), unknown, "auth.issuer-unknown");
    } finally {
      await stranger.stop();
    }

    const garbage = "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln";
    expectRefusal(await as(garbage).get(`${t.base}/host-groups`), garbage, "auth.token-malformed");
  });

  it("answer auth.token-expired once the IdP's token has expired", async () => {
    await bind(t.admin, `/v1/domains/${t.domain}`, { identityProvider: corp, user: "bob", role: "viewer" });
    await idp.setTokenTtl(5);
    let token: string;
    try {
      token = await idToken("bob");
    } finally {
      await idp.setTokenTtl(300);
    }
    expect((await as(token).get(`/v1/domains/${t.domain}/projects`)).status).toBe(200);
    const res = await eventually(async () => {
      const r = await as(token).get(`/v1/domains/${t.domain}/projects`);
      return r.status === 401 ? r : undefined;
    }, 15_000);
    expectRefusal(res, token, "auth.token-expired");
  });

  it("answer 503 auth.idp-unavailable when the issuer's keys cannot be fetched", async () => {
    const gone = await startOidcIdp();
    const name = uniqueName("gone");
    expect((await admin.post("/v1/identity-providers", { name, issuer: gone.issuer, clientId: IDP_CLIENTS.console })).status).toBe(201);
    const token = await idToken("bob", { of: gone });
    await gone.stop();
    try {
      const res = await as(token).get("/v1/whoami");
      expect(res.status, res.text).toBe(503);
      expect(res.body.code).toBe("auth.idp-unavailable");
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      await admin.delete(`/v1/identity-providers/${name}`);
    }
  });
});

describe("the IdP's key rotation", () => {
  it("is followed: tokens signed with a new key are accepted, a retired key's are refused", async () => {
    await bind(t.admin, `/v1/domains/${t.domain}`, { identityProvider: corp, user: "carol", role: "viewer" });
    const path = `/v1/domains/${t.domain}/projects`;
    const old = await idToken("carol");
    expect((await as(old).get(path)).status).toBe(200);

    const rotated = await idp.rotateKeys();
    const fresh = await idToken("carol");
    expect(decodeProtectedHeader(fresh).kid).toBe(rotated.kid);
    // An unknown kid makes the API refetch the JWKS, at most once per cooldown (10 s).
    await eventually(async () => ((await as(fresh).get(path)).status === 200 ? true : undefined), 20_000, "the new key accepted");
    expect((await as(old).get(path)).status).toBe(200);

    const retired = await idp.rotateKeys({ retire: true });
    expect(retired.published).toEqual([retired.kid]);
    const newest = await idToken("carol");
    await eventually(async () => ((await as(newest).get(path)).status === 200 ? true : undefined), 20_000, "the newest key accepted");
    const refused = await as(old).get(path);
    expectRefusal(refused, old, "auth.signature-invalid");
  });
});
