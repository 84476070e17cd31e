import { statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDP_CLIENTS, identityProviderConfig, type OidcIdp, spawnOidcIdp } from "../doubles/oidc-idp.js";
import { adminApi, eventually } from "../support/api.js";
import { type Ctl, ckpctl } from "../support/ckpctl.js";
import { confirmDevice } from "../support/oidc-client.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * `ckpctl login --sso` against a real OpenID provider (oidc-provider, its own process): the
 * device flow as a person walks it (the code confirmed in a "browser", the
 * IdP's own login and consent pages), the tokens cached 0600 and refreshed
 * before they run out, refusals that say what to do.
 */
const admin = adminApi();
let idp: OidcIdp;
let t: Tenant;
let corp: string;
let ctl: Ctl;
const bindings: string[] = [];

beforeAll(async () => {
  idp = await spawnOidcIdp({ tokenTtlSeconds: 300 });
  t = await newTenant();
  corp = uniqueName("sso");
  const res = await admin.post("/v1/identity-providers", identityProviderConfig(idp.issuer, { name: corp, displayName: "Corporate SSO" }));
  expect(res.status, res.text).toBe(201);
  const b = await admin.post(`${t.base}/role-bindings`, { identityProvider: corp, group: "acme-ops", role: "project-admin" });
  expect(b.status, b.text).toBe(201);
  bindings.push(`${t.base}/role-bindings/${b.body.id}`);
  ctl = await ckpctl();
}, 120_000);

afterAll(async () => {
  for (const p of bindings) await admin.delete(p);
  if (corp) await admin.delete(`/v1/identity-providers/${corp}`);
  await idp?.stop();
});

/** Runs `ckpctl login … --sso` and confirms the code it prints, as `user`. */
async function ssoLogin(user: string, extra: string[] = []) {
  // --idp: other tests register platform IdPs of their own meanwhile (alone, --sso picks the only one)
  const run = ctl.background(["login", admin.base, "--sso", "--idp", corp, "--domain", t.domain, "--project", t.project, ...extra]);
  const link = await eventually(
    async () => {
      if (run.proc.exitCode !== null) throw new Error(`ckpctl login ended: ${run.output()}`);
      return /\(or open (\S+)\)/.exec(run.output())?.[1];
    },
    30_000,
    "the verification link",
  );
  expect(run.output()).toMatch(/To sign in with Corporate SSO, open \S+ and enter the code [A-Z0-9-]+/);
  await confirmDevice(link, { user, password: `${user}-password` });
  await eventually(async () => (run.proc.exitCode !== null ? true : undefined), 60_000, "ckpctl login to finish");
  return { code: run.proc.exitCode, output: run.output() };
}

const config = async () => yaml.load(await readFile(ctl.configPath, "utf8")) as { contexts: Array<Record<string, any>> };

describe("ckpctl login --sso", () => {
  it("signs in with the device flow; the token and refresh token are kept 0600 and the context works", async () => {
    const { code, output } = await ssoLogin("bob");
    expect(code, output).toBe(0);
    expect(output).toContain(`as Bob Baker (${corp}:bob, project-admin)`);
    expect(statSync(ctl.configPath).mode & 0o777).toBe(0o600);
    const ctx = (await config()).contexts[0] as Record<string, any>;
    expect(ctx.sso).toMatchObject({ identityProvider: corp, issuer: idp.issuer, clientId: IDP_CLIENTS.console, bearer: "id_token" });
    expect(ctx.sso.refreshToken).toEqual(expect.any(String));
    // the config view never shows the refresh token
    const view = await ctl(["config", "view"]);
    expect(view.stdout).not.toContain(ctx.sso.refreshToken);
    expect(view.stdout).not.toContain(ctx.token);

    const created = await ctl(["create", "host-group", "sso-made"]);
    expect(created.code, created.stderr).toBe(0);
    // the audit trail names the person
    const events = (await admin.get(`${t.base}/events?type=ckp.hostgroup.created`)).body.items as any[];
    expect(events[0]?.actor).toMatchObject({ kind: "person", id: `${corp}:bob` });
  }, 120_000);

  it("refreshes a token about to run out before the request, and writes the new one back", async () => {
    const before = (await config()).contexts[0] as Record<string, any>;
    // as if the token's five minutes had (nearly) passed
    before.sso.expiresAt = new Date(Date.now() + 5_000).toISOString();
    await writeFile(ctl.configPath, yaml.dump({ currentContext: before.name, contexts: [before] }), { mode: 0o600 });
    const got = await ctl(["get", "host-groups"]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain("sso-made");
    const after = (await config()).contexts[0] as Record<string, any>;
    // renewed and written back: five minutes again (an ID token issued within the same second as the last may be byte-identical)
    expect(Date.parse(after.sso.expiresAt)).toBeGreaterThan(Date.now() + 200_000);
    expect(after.sso.refreshToken).toEqual(expect.any(String));
    expect(after.token.split(".")).toHaveLength(3);
    expect(statSync(ctl.configPath).mode & 0o777).toBe(0o600);
  }, 60_000);

  it("says what to do when the sign-in cannot be renewed, or names no known IdP", async () => {
    const ctx = (await config()).contexts[0] as Record<string, any>;
    ctx.sso.expiresAt = new Date(Date.now() - 1_000).toISOString();
    ctx.sso.refreshToken = "not-a-refresh-token";
    await writeFile(ctl.configPath, yaml.dump({ currentContext: ctx.name, contexts: [ctx] }), { mode: 0o600 });
    const stale = await ctl(["get", "host-groups"]);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain(`your sign-in to ${corp} could not be renewed (invalid_grant): run ckpctl login`);

    const unknown = await ctl(["login", admin.base, "--idp", "nope", "--domain", t.domain]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("no identity provider nope here (known:");
  }, 60_000);

  it("holds only what the person's bindings give: dave, in no bound group, signs in but is refused the project", async () => {
    const { code, output } = await ssoLogin("dave");
    expect(code, output).toBe(0);
    expect(output).toContain(`as Dave Dyer (${corp}:dave, no role bound yet)`);
    const denied = await ctl(["get", "host-groups"]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/\(40[34] /);
  }, 120_000);
});
