import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkPage, launch, NARROW, newContext, screenshot, WIDE } from "./support/browser.js";

/**
 * Cluster templates in the console (docs/templates.md, docs/console.md): the
 * project's templates page with a version's parameters and a deprecated
 * version marked; the wizard's "From a template" form, where the server's
 * refusal of a parameter lands on that parameter's field and right values
 * create the cluster; the cluster page with its template, and the "Move to
 * version…" dialog showing the dry run's difference. The templates are
 * published through the API, as ckpctl does.
 */
const cp = inject("console");
const suffix = Math.random().toString(36).slice(2, 7);
const domain = `tpl-${suffix}`;
const project = `edge-${suffix}`;
const href = `/d/${domain}/p/${project}`;
const until = { timeout: 30_000, interval: 250 };

const parameters = [
  { name: "workers", type: "integer", minimum: 1, maximum: 5, default: 2, description: "worker count" },
  { name: "tier", type: "string", allowed: ["silver", "gold"], default: "silver" },
  { name: "owner", type: "string", description: "the team that runs it" },
];
const spec = (shape: string) => ({
  kubernetesVersion: "v1.31.2",
  providerCluster: "sandbox-bms",
  hostGroup: "workers",
  workers: "{{ workers }}",
  labels: { tier: "{{ tier }}", owner: "{{ owner }}", shape },
});

describe("cluster templates in the console", () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let http: APIRequestContext;
  let clusterPath = "";
  const auth = { authorization: `Bearer ${cp.adminToken}` };

  async function publish(version: string, shape: string, extra: object = {}) {
    const r = await http.post(`/v1/domains/${domain}/cluster-templates`, {
      headers: auth,
      data: { name: "shop", version, description: "a BMS shop cluster", parameters, spec: spec(shape), ...extra },
    });
    expect(r.status(), await r.text()).toBe(201);
  }

  beforeAll(async () => {
    browser = await launch();
    ctx = await newContext(browser, cp.url, WIDE);
    http = ctx.request;
    expect((await http.post("/v1/domains", { headers: auth, data: { name: domain } })).status()).toBe(201);
    expect((await http.post(`/v1/domains/${domain}/projects`, { headers: auth, data: { name: project } })).status()).toBe(201);
    expect(
      (await http.post(`/v1/domains/${domain}/projects/${project}/host-groups`, { headers: auth, data: { name: "workers" } })).status(),
    ).toBe(201);
    // the sandbox gives each new domain its provider cluster, once it has read the domain's creation from the audit trail
    const providers = async () =>
      ((await (await http.get(`/v1/domains/${domain}/provider-clusters?scope=domain`, { headers: auth })).json()).items ?? []).map(
        (p: { name: string }) => p.name,
      ) as string[];
    for (let t = Date.now(); !(await providers()).includes("sandbox-bms"); ) {
      if (Date.now() - t > 120_000) throw new Error(`the sandbox gave ${domain} no provider cluster sandbox-bms within 120 s`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    await publish("0.9.0", "edge-0", { offeredTo: { projects: [project] } });
    await publish("1.0.0", "edge-1");
    const dep = await http.patch(`/v1/domains/${domain}/cluster-templates/shop/versions/0.9.0`, {
      headers: auth,
      data: { deprecated: true },
    });
    expect(dep.status()).toBe(200);
    page = await ctx.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`/#token=${cp.adminToken}`);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("lists the template offered to the project, its versions (the deprecated one marked) and a version's parameters", async () => {
    await page.goto(`${href}/clusters`);
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Cluster templates" }).click();
    await page.getByRole("heading", { name: "Cluster templates" }).waitFor();
    const row = page
      .getByRole("table", { name: `Templates offered to ${project}` })
      .getByRole("row")
      .filter({ has: page.locator("td strong").getByText("shop", { exact: true }) });
    await row.waitFor();
    expect(await row.textContent()).toContain("a BMS shop cluster");
    expect(await row.getByRole("cell").nth(1).textContent()).toBe("1.0.0");
    expect(await row.locator("li").filter({ hasText: "0.9.0" }).textContent()).toContain("deprecated");
    expect(await row.locator("li").filter({ hasText: "1.0.0" }).textContent()).toContain("latest");

    await row.getByRole("button", { name: "Parameters of shop 1.0.0" }).click();
    const params = page.getByRole("table", { name: "Parameters of shop 1.0.0" });
    await params.waitFor();
    const workers = params.getByRole("row").filter({ hasText: "workers" });
    expect(await workers.textContent()).toContain("integer");
    expect(await workers.textContent()).toContain("1 to 5");
    expect(await workers.textContent()).toContain("worker count");
    expect(await params.getByRole("row").filter({ hasText: "tier" }).textContent()).toContain("one of silver, gold");
    expect(await params.getByRole("row").filter({ hasText: "owner" }).textContent()).toContain("required");

    // a domain admin (here the platform admin) also sees who it is offered to, and can deprecate a version
    const all = page
      .getByRole("table", { name: "Templates of the domain" })
      .getByRole("row")
      .filter({ has: page.locator("td strong").getByText("shop", { exact: true }) });
    expect(await all.getByRole("cell").nth(1).textContent()).toBe(project);
    await all.getByRole("button", { name: "Undeprecate shop 0.9.0" }).waitFor();
    await screenshot(page, "templates");
    await checkPage(page, "cluster templates");
  });

  it("creates a cluster from a template: a wrong parameter is refused on its field, right values are accepted", async () => {
    await page.goto(`${href}/clusters/new`);
    await page.getByRole("radio", { name: "From a template" }).check();
    const form = page.getByRole("form", { name: "Create a cluster from a template" });
    await form.getByLabel("Name", { exact: true }).fill(`tpl-${suffix}`);
    // the sandbox offers its shipped templates in every domain too: the first shown is bms-edge (3 workers by
    // default); picking the test's gives shop's defaults, not the other template's
    await expect.poll(() => form.getByLabel("Template").inputValue(), until).toBe("bms-edge");
    await expect.poll(() => form.getByLabel(/^workers/).inputValue(), until).toBe("3");
    await form.getByLabel("Template").selectOption("shop");
    await expect.poll(() => form.getByLabel("Template").inputValue(), until).toBe("shop");
    // the latest version by default; the deprecated one is not offered
    await expect.poll(() => form.getByLabel("Version").inputValue(), until).toBe("1.0.0");
    expect(await form.getByLabel("Version").locator("option").allTextContents()).toEqual(["1.0.0 (latest)"]);
    const workers = form.getByLabel(/^workers/);
    await expect.poll(() => workers.inputValue(), until).toBe("2");
    expect(await workers.getAttribute("max")).toBe("5");
    expect(await form.getByLabel(/^tier/).evaluate((s: HTMLSelectElement) => s.value)).toBe("silver");
    await workers.fill("9");
    await form.getByRole("button", { name: "Create cluster" }).click();

    await expect.poll(() => workers.getAttribute("aria-invalid"), until).toBe("true");
    const errors = form.locator(".field.invalid .field-error");
    expect(await errors.allTextContents()).toEqual(expect.arrayContaining(["must be at most 5"]));
    // the required owner, left empty, is named on its own field
    expect(await form.getByLabel(/^owner/).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "template-wizard-refused");
    await checkPage(page, "wizard from a template");

    await workers.fill("3");
    await form.getByLabel(/^owner/).fill("team-a");
    const created = page.waitForResponse((r) => r.request().method() === "POST" && /\/clusters$/.test(new URL(r.url()).pathname));
    await form.getByRole("button", { name: "Create cluster" }).click();
    expect((await created).status()).toBe(201);
    await page.getByRole("heading", { name: `tpl-${suffix}` }).waitFor();
    clusterPath = new URL(page.url()).pathname;
    const panel = page.getByRole("region", { name: "Template", exact: true });
    await panel.getByText("shop@1.0.0").waitFor();
    expect(await panel.textContent()).toContain("owner = team-a");
    expect(await panel.textContent()).toContain("workers = 3");
    await screenshot(page, "template-cluster");
  });

  it("shows the template in the clusters list and filters by it", async () => {
    await page.goto(`${href}/clusters`);
    const row = page.getByRole("row").filter({ hasText: `tpl-${suffix}` });
    await row.waitFor();
    expect(await row.getByRole("cell").nth(4).textContent()).toContain("shop@1.0.0");
    await page.getByLabel("Template").selectOption("shop");
    await row.waitFor();
    await screenshot(page, "template-clusters");
  });

  it("moves the cluster to a newer version: the dialog shows the dry run's difference", async () => {
    await publish("2.0.0", "edge-2");
    await page.goto(clusterPath);
    const panel = page.getByRole("region", { name: "Template", exact: true });
    await panel.getByRole("button", { name: "Move to version…" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByLabel("Version").inputValue(), until).toBe("2.0.0");
    // the cluster's parameters are kept unless changed here
    await expect.poll(() => dialog.getByLabel(/^owner/).inputValue(), until).toBe("team-a");
    await dialog.getByLabel(/^workers/).fill("4");
    const planned = page.waitForResponse((r) => r.url().includes("template-move?dryRun=true"));
    await dialog.getByRole("button", { name: "Show the difference" }).click();
    expect((await planned).status()).toBe(200);
    const diff = dialog.getByRole("table", { name: "The difference" });
    await diff.waitFor();
    const workers = diff.getByRole("row").filter({ hasText: "workers" });
    expect(await workers.getByRole("cell").allTextContents()).toEqual(["workers", "3", "4", "scale"]);
    const labels = diff.getByRole("row").filter({ hasText: "labels" });
    // a map's change is the keys that differ
    expect(await labels.getByRole("cell").allTextContents()).toEqual(["labels", "shape=edge-1", "shape=edge-2", "at once"]);
    expect(await labels.getByRole("cell").nth(3).textContent()).toBe("at once");
    expect(await dialog.textContent()).toContain("scale to 4 workers");
    await screenshot(page, "template-move-plan");
    await checkPage(page, "the move dialog");
    // for docs/images/console-template-move.png (copied by hand, as docs/console.md says)
    await dialog.screenshot({ path: `${import.meta.dirname}/screenshots/docs-template-move.png` });
    // a change in the form asks for the difference again before a move
    await dialog.getByLabel(/^workers/).fill("5");
    expect(await dialog.getByRole("button", { name: "Move to 2.0.0" }).isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("when the domain requires templates, a member's full spec is refused and the wizard offers only the template form, saying why", async () => {
    const patched = await http.patch(`/v1/domains/${domain}`, { headers: auth, data: { requireClusterTemplates: true } });
    expect(patched.status(), await patched.text()).toBe(200);
    const t = await http.post("/v1/tokens", { headers: auth, data: { name: "member", role: "project-member", domain, project } });
    const token = (await t.json()).token as string;
    const m = await (await newContext(browser, cp.url, WIDE)).newPage();
    m.setDefaultTimeout(30_000);
    await m.goto(`/#token=${token}`);
    await m.getByRole("button", { name: "Sign out" }).waitFor();
    await m.goto(`${href}/clusters/new`);
    // a project member cannot read the domain's setting: the server's 403 on the full spec tells
    await m.getByLabel("Name", { exact: true }).fill(`full-${suffix}`);
    for (let i = 0; i < 4; i++) await m.getByRole("button", { name: "Next" }).click();
    const refused = m.waitForResponse((r) => r.request().method() === "POST" && /\/clusters$/.test(new URL(r.url()).pathname));
    await m.getByRole("button", { name: "Create cluster" }).click();
    expect((await refused).status()).toBe(403);
    await m.getByRole("note").getByText(`The domain ${domain} requires cluster templates`).waitFor();
    expect(await m.getByRole("radio", { name: "Full spec" }).count()).toBe(0);
    await m.getByRole("form", { name: "Create a cluster from a template" }).waitFor();
    await screenshot(m, "template-required");
  });

  it("fits a phone: the templates page, the template form and the cluster's template at 390 px", async () => {
    const n = await (await newContext(browser, cp.url, NARROW)).newPage();
    n.setDefaultTimeout(30_000);
    await n.goto(`/#token=${cp.adminToken}`);
    await n.getByRole("button", { name: "Sign out" }).waitFor();
    for (const [path, name, ready] of [
      [`${href}/cluster-templates`, "templates-narrow", "Change the offering of shop"],
      [`${href}/clusters/new?from=template`, "template-wizard-narrow", "Create cluster"],
      [clusterPath, "template-cluster-narrow", "Move to version…"],
    ] as const) {
      await n.goto(path);
      await n.getByRole("button", { name: ready }).first().waitFor();
      await screenshot(n, name);
      await checkPage(n, name);
    }
  });
});
