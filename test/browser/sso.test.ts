import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { identityProviderConfig, type OidcIdp, spawnOidcIdp } from "../doubles/oidc-idp.js";
import { checkPage, docsShot, launch, newContext, screenshot, WIDE } from "./support/browser.js";

/**
 * Issue 24, point 3: the console signs in with the identity provider — a
 * real OpenID provider (oidc-provider) as its own process — by the
 * authorization code flow with PKCE, shows who is signed in with the roles
 * their group bindings give, renews the token before it runs out, and
 * signs out of the IdP too. The IdP's own login and consent pages are
 * walked in Chromium like a person would.
 */
const cp = inject("console");
const suffix = Math.random().toString(36).slice(2, 7);
const domain = `sso-${suffix}`;
const project = `edge-${suffix}`;
const idpName = `corp-${suffix}`;
const until = { timeout: 30_000, interval: 250 };
/** The platform admin's calls that set the scene (the browser tier's tsconfig keeps the other tiers' helpers out). */
const admin = {
  async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string }> {
    const res = await fetch(`${cp.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${cp.adminToken}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
  },
  post: (path: string, body: unknown) => admin.send("POST", path, body),
  delete: (path: string) => admin.send("DELETE", path),
};

describe("the console signs in with the identity provider", () => {
  let idp: OidcIdp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cleanup: string[] = [];

  beforeAll(async () => {
    idp = await spawnOidcIdp({ consoleRedirectUris: [`${cp.url}/callback`], tokenTtlSeconds: 300 });
    expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
    expect((await admin.post(`/v1/domains/${domain}/projects`, { name: project })).status).toBe(201);
    const created = await admin.post(
      "/v1/identity-providers",
      identityProviderConfig(idp.issuer, { name: idpName, displayName: "Corporate SSO" }),
    );
    expect(created.status, created.text).toBe(201);
    // carol: viewer of the domain, project-admin of its project (two groups)
    for (const [path, body] of [
      [`/v1/domains/${domain}/role-bindings`, { identityProvider: idpName, group: "acme-viewers", role: "viewer" }],
      [
        `/v1/domains/${domain}/projects/${project}/role-bindings`,
        { identityProvider: idpName, group: "acme-edge-admins", role: "project-admin" },
      ],
    ] as const) {
      const b = await admin.post(path, body);
      expect(b.status, b.text).toBe(201);
      cleanup.push(`${path}/${b.body.id}`);
    }
    browser = await launch();
    context = await newContext(browser, cp.url, WIDE);
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    // the platform's sign-in page is shared with the other browser tests: leave it as it was
    for (const path of cleanup) await admin.delete(path);
    await admin.delete(`/v1/identity-providers/${idpName}`);
    await idp?.stop();
  });

  async function signInAtIdp(user: string): Promise<void> {
    await page.getByRole("button", { name: "Sign in with Corporate SSO" }).click();
    // the IdP's own pages
    await page.getByLabel("User").fill(user);
    await page.getByLabel("Password").fill(`${user}-password`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("button", { name: "Allow" }).click();
  }

  it("offers the IdP on the sign-in page and signs a person in with PKCE; the roles their groups give are shown", async () => {
    await page.goto("/");
    await page.getByRole("button", { name: "Sign in with Corporate SSO" }).waitFor();
    await screenshot(page, "sign-in-idp");
    await docsShot(page, "sign-in-idp");
    await checkPage(page, "sign-in with an identity provider");
    await signInAtIdp("carol");
    // back in the console, at the narrowest scope carol holds
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/d/${domain}/p/${project}/clusters`);
    const who = page.locator(".who");
    expect(await who.textContent()).toContain("Carol Cooper");
    expect(await who.textContent()).toContain(`project-admin · ${domain}/${project} +1`);
    expect((await who.locator(".badge").getAttribute("title"))?.split("\n").sort()).toEqual([
      `project-admin · ${domain}/${project}`,
      `viewer · ${domain}`,
    ]);
    // project-admin of the project: may create clusters; the code and state are gone from the address bar
    await page.getByRole("link", { name: "Create cluster" }).waitFor();
    expect(page.url()).not.toContain("code=");
    // the PKCE verifier was used once and forgotten; the bearer is the IdP's ID token
    const stored = await page.evaluate(() => ({
      pending: sessionStorage.getItem("ckp.oidc.pending"),
      token: sessionStorage.getItem("ckp.token"),
      session: JSON.parse(sessionStorage.getItem("ckp.oidc.session") ?? "{}"),
    }));
    expect(stored.pending).toBeNull();
    expect(stored.token?.split(".")).toHaveLength(3);
    expect(stored.session.refreshToken).toEqual(expect.any(String));
    await screenshot(page, "signed-in-idp");
    // only a viewer of the domain: no domain-admin action is offered there
    await page.goto(`/d/${domain}`);
    await page.getByRole("heading", { name: `Domain ${domain}` }).waitFor();
    expect(await page.getByRole("button", { name: "Create project" }).count()).toBe(0);
  });

  it("renews the token a minute before it runs out", async () => {
    // as if the five minutes had nearly passed (the timer is armed at sign-in and after each renewal: a reload arms it from storage)
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem("ckp.oidc.session") ?? "{}");
      sessionStorage.setItem("ckp.oidc.session", JSON.stringify({ ...s, expiresAt: Date.now() + 61_000 }));
    });
    await page.reload();
    // renewed through POST /v1/auth/token: five minutes again, the new token in use
    const expiresAt = () => page.evaluate(() => JSON.parse(sessionStorage.getItem("ckp.oidc.session") ?? "{}").expiresAt as number);
    await expect.poll(async () => (await expiresAt()) - Date.now(), until).toBeGreaterThan(200_000);
    await page.goto(`/d/${domain}/p/${project}/clusters`);
    await page.getByRole("link", { name: "Create cluster" }).waitFor();
    expect(await page.locator(".who").textContent()).toContain("Carol Cooper");
  });

  it("refuses a callback it did not start, saying so", async () => {
    const other = await context.newPage();
    await other.goto("/callback?code=forged&state=forged");
    await expect.poll(() => other.getByRole("alert").textContent(), until).toContain("was not started here");
    expect(new URL(other.url()).pathname).toBe("/");
    await other.close();
  });

  it("the sandbox brings its own IdP: bob signs in with Sandbox SSO and lands in the demo project", async () => {
    const other = await (await newContext(browser, cp.url, WIDE)).newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Sign in with Sandbox SSO (simulated)" }).click();
    await other.getByLabel("User").fill("bob");
    await other.getByLabel("Password").fill("bob-password");
    await other.getByRole("button", { name: "Sign in", exact: true }).click();
    await other.getByRole("button", { name: "Allow" }).click();
    await other.getByRole("button", { name: "Sign out" }).waitFor();
    expect(new URL(other.url()).pathname).toBe("/d/sandbox/p/demo/clusters");
    expect(await other.locator(".who").textContent()).toContain("Bob Baker");
    await other.context().close();
  });

  it("signs out of the console and of the IdP", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    // the IdP asks to confirm (RP-initiated logout), then sends the person back
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await page.getByRole("button", { name: "Sign in with Corporate SSO" }).waitFor();
    expect(await page.evaluate(() => [sessionStorage.getItem("ckp.token"), sessionStorage.getItem("ckp.oidc.session")])).toEqual([
      null,
      null,
    ]);
    // the IdP session is over too: signing in asks for the password again
    await page.getByRole("button", { name: "Sign in with Corporate SSO" }).click();
    await page.getByLabel("Password").waitFor();
  });
});
