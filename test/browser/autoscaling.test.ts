import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { newId } from "../../core/shared/ids.js";
import { localName, tables } from "../../infra/resources.js";
import { resolveEndpoints } from "../../scripts/local-stack/stack.js";
import { checkPage, launch, newContext, screenshot, WIDE } from "./support/browser.js";

/**
 * The cluster page's Autoscaling panel (docs/autoscaling.md, docs/console.md):
 * Karpenter on with its bounds and the autoscaled worker count, the node
 * pools table with a create form and delete, and — for a cluster that is
 * not on a CCS VM provider cluster — the form disabled with the reason. The
 * clusters are written to the table as the saga leaves them (the sandbox
 * has no Karpenter to run): a pool's status reads Unknown, its cluster
 * cannot be reached; test/kube/node-pools.test.ts covers the workload
 * cluster. A viewer sees no write action.
 */
const cp = inject("console");
const suffix = Math.random().toString(36).slice(2, 7);
const domain = `auto-${suffix}`;
const project = `pools-${suffix}`;
const until = { timeout: 30_000, interval: 250 };

describe("the cluster page's Autoscaling panel", () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let http: APIRequestContext;
  let karpenter: Cluster;
  let bms: Cluster;
  const auth = { authorization: `Bearer ${cp.adminToken}` };

  async function cluster(o: Partial<Cluster>): Promise<Cluster> {
    const now = new Date().toISOString();
    const c: Cluster = {
      id: newId("cl"),
      name: `c-${Math.random().toString(36).slice(2, 7)}`,
      domain,
      project,
      kubernetesVersion: "v1.31.2",
      cni: { name: "cilium", version: "v1.16.5" },
      providerCluster: "ccs",
      hostGroup: "vms",
      workers: 3,
      machines: { os: "ubuntu-20.04", arch: "amd64" },
      network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
      extraArgs: {},
      labels: {},
      annotations: {},
      phase: "Ready",
      conditions: [],
      operation: "create",
      generation: 1,
      step: "wait-addons",
      steps: [],
      provisioned: [],
      hostIds: [],
      createdAt: now,
      updatedAt: now,
      version: 1,
      ...o,
    };
    const stage = cp.stage || process.env.CKP_BROWSER_STAGE;
    if (!stage) throw new Error("the browser tier's stage is unknown: with CKP_BROWSER_URL, set CKP_BROWSER_STAGE too");
    await dynamoDocumentClient().send(new PutCommand({ TableName: localName(stage, tables.main.logical), Item: clusterItem(c) }));
    return c;
  }

  beforeAll(async () => {
    // the table of the dev server's stage, on the local stack (as test/support/api.ts's useLocalAws does for the other tiers)
    const ep = resolveEndpoints();
    process.env.AWS_ENDPOINT_URL ??= ep.aws;
    process.env.AWS_ENDPOINT_URL_DYNAMODB ??= ep.dynamodb;
    process.env.AWS_REGION ??= "us-east-1";
    process.env.AWS_ACCESS_KEY_ID ??= "test";
    process.env.AWS_SECRET_ACCESS_KEY ??= "test";
    browser = await launch();
    ctx = await newContext(browser, cp.url, WIDE);
    http = ctx.request;
    expect((await http.post("/v1/domains", { headers: auth, data: { name: domain } })).status()).toBe(201);
    expect((await http.post(`/v1/domains/${domain}/projects`, { headers: auth, data: { name: project } })).status()).toBe(201);
    karpenter = await cluster({
      addons: {
        storage: { enabled: false, values: {} },
        velero: { enabled: false, values: {} },
        karpenter: { enabled: true, values: { minWorkers: 1, maxWorkers: 6, logLevel: "info" } },
      },
      resolved: { providerCluster: { name: "ccs", type: "ccs-vm" } },
      machineCapacity: { flavor: "m1.large", cpu: 4, memoryMb: 8192 },
      provisioned: [
        { name: "vm-1", serverId: "srv-1", machineId: "m-1", autoscaled: true },
        { name: "vm-2", serverId: "srv-2", machineId: "m-2", autoscaled: true },
      ],
    });
    bms = await cluster({
      providerCluster: "bms",
      hostGroup: "workers",
      addons: { storage: { enabled: false, values: {} }, velero: { enabled: false, values: {} } },
      resolved: { providerCluster: { name: "bms", type: "orbiter-bms" } },
    });
    page = await ctx.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`/#token=${cp.adminToken}`);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const panel = () => page.getByRole("region", { name: "Autoscaling" });

  it("shows Karpenter's bounds and the autoscaled workers, creates a node pool and shows what Karpenter reports of it", async () => {
    await page.goto(`/d/${domain}/p/${project}/clusters/${karpenter.id}`);
    const p = panel();
    await p.waitFor();
    await expect.poll(() => p.locator("dl").textContent(), until).toContain("between 1 and 6 workers");
    expect(await p.locator("dl").textContent()).toContain("m1.large: 4 CPU, 8 GiB");
    expect(await p.getByLabel("Maximum workers").inputValue()).toBe("6");
    await p.getByText("No node pool yet").waitFor();

    const form = p.getByRole("form", { name: "Create a node pool" });
    await form.getByLabel("Pool name").fill("general");
    await form.getByLabel("Architecture").selectOption("amd64");
    await form.getByLabel("Flavors (optional)").fill("m1.large, m1.xlarge");
    await form.getByLabel("CPU limit").fill("16");
    await form.getByLabel("Memory limit (optional)").fill("64Gi");
    await form.getByLabel("Consolidation").selectOption("WhenEmpty");
    await form.getByRole("button", { name: "Create node pool" }).click();
    const row = p.getByRole("table", { name: "Node pools" }).getByRole("row").filter({ hasText: "general" });
    await row.waitFor();
    // no management cluster behind this cluster: Karpenter's side reads Unknown, with the reason
    expect(await row.locator(".badge").first().textContent()).toBe("Unknown");
    expect(await row.textContent()).toContain("0 / 16");
    expect(await row.textContent()).toContain("memory 0 / 64Gi");
    expect(await row.textContent()).toContain("amd64 · m1.large, m1.xlarge");
    expect(await row.textContent()).toContain("WhenEmpty after 5m");
    // the form was emptied for the next pool
    expect(await form.getByLabel("Pool name").inputValue()).toBe("");
    await screenshot(page, "cluster-autoscaling");
    // the panel alone, for docs/images/console-cluster-autoscaling.png (copied by hand, as docs/console.md says)
    await page.mouse.move(0, 0);
    await p.screenshot({ path: `${import.meta.dirname}/screenshots/docs-cluster-autoscaling.png` });
    await checkPage(page, "cluster autoscaling");

    // a refusal lands on its field
    await form.getByLabel("Pool name").fill("bad");
    await form.getByLabel("CPU limit").fill("lots");
    await form.getByRole("button", { name: "Create node pool" }).click();
    await expect.poll(() => form.locator(".field.invalid .field-error").first().textContent(), until).toMatch(/quantity/);
  });

  it("deletes a node pool after a confirmation", async () => {
    const p = panel();
    const row = p.getByRole("table", { name: "Node pools" }).getByRole("row").filter({ hasText: "general" });
    await row.getByRole("button", { name: "Delete node pool general" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete node pool" }).click();
    await p.getByText("No node pool yet").waitFor();
    const left = await http.get(`/v1/domains/${domain}/projects/${project}/clusters/${karpenter.id}/node-pools`, { headers: auth });
    expect((await left.json()).items).toEqual([]);
  });

  it("changes Karpenter's bounds: the cluster starts its addons operation", async () => {
    const p = panel();
    await p.getByLabel("Minimum workers").fill("2");
    await p.getByLabel("Maximum workers").fill("8");
    await p.getByRole("button", { name: "Save bounds" }).click();
    await expect
      .poll(
        async () =>
          (await (await http.get(`/v1/domains/${domain}/projects/${project}/clusters/${karpenter.id}`, { headers: auth })).json()).addons
            .karpenter.values,
        until,
      )
      .toMatchObject({ minWorkers: 2, maxWorkers: 8 });
  });

  it("disables the form with the reason on a cluster that is not on a CCS VM provider cluster", async () => {
    await page.goto(`/d/${domain}/p/${project}/clusters/${bms.id}`);
    const p = panel();
    await p.waitFor();
    await p.getByText("Karpenter autoscaling is supported only for CCS VM provider clusters: bms is orbiter-bms.").waitFor();
    expect(await p.getByRole("button", { name: "Enable autoscaling" }).isDisabled()).toBe(true);
    expect(await p.getByLabel("Minimum workers").isDisabled()).toBe(true);
    // no pools, and none can be made: no pools table
    expect(await p.getByRole("table", { name: "Node pools" }).count()).toBe(0);
    await screenshot(page, "cluster-autoscaling-unsupported");
    await p.screenshot({ path: `${import.meta.dirname}/screenshots/docs-cluster-autoscaling-unsupported.png` });
  });

  it("shows a viewer the panel without a write action", async () => {
    const t = await http.post("/v1/tokens", { headers: auth, data: { name: "auditor", role: "viewer", domain, project } });
    const token = (await t.json()).token as string;
    const v = await (await newContext(browser, cp.url, WIDE)).newPage();
    await v.goto(`/#token=${token}`);
    await v.getByRole("button", { name: "Sign out" }).waitFor();
    await v.goto(`/d/${domain}/p/${project}/clusters/${karpenter.id}`);
    const p = v.getByRole("region", { name: "Autoscaling" });
    await p.getByRole("table", { name: "Node pools" }).waitFor();
    expect(await p.getByRole("button").count()).toBe(0);
    expect(await p.getByRole("form").count()).toBe(0);
  });
});
