import { readFileSync } from "node:fs";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkPage, docsShot, launch, NARROW, newContext, screenshot, WIDE } from "./support/browser.js";

/**
 * Issue 15, item 5: the console in a real browser (Debian's Chromium) against
 * the real dev server and its sandbox. A platform engineer's day: sign in,
 * create a domain and a project, watch hosts register from real agents
 * (the sandbox boots servers for every new project), approve them in bulk,
 * group them, create a cluster in the wizard (a CIDR overlap refused on the
 * field), watch it reach Ready, scale it, delete it — and a viewer's token
 * sees none of the write actions. Then a newcomer's first cluster in the
 * sandbox's demo project, with machines from the simulated bare-metal pool.
 * Every page is screenshotted into test/browser/screenshots.
 */
const cp = inject("console");
const suffix = Math.random().toString(36).slice(2, 7);
const domain = `acme-${suffix}`;
const project = `edge-${suffix}`;
const projectHref = `/d/${domain}/p/${project}`;
/** what the server does takes a moment; the page shows it when it polls */
const until = { timeout: 30_000, interval: 250 };

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto("/");
  // by keyboard only: the token field is the first control, Enter submits
  await page.getByLabel("API token").focus();
  await page.keyboard.type(token);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name, exact: true }).click();
}

describe("the console in Chromium, against the dev server and the sandbox", () => {
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let clusterUrl = "";

  beforeAll(async () => {
    browser = await launch();
    admin = await newContext(browser, cp.url, WIDE);
    page = await admin.newPage();
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("signs in with a token; a wrong one is refused with the reason", async () => {
    await page.goto("/");
    await screenshot(page, "sign-in");
    await checkPage(page, "sign-in");
    await page.getByLabel("API token").fill("ckp_tok_01aaaaaaaaaaaaaaaaaaaaaaaa_not-a-token");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), until).toContain("unknown, expired or revoked");
    await signIn(page, cp.adminToken);
    await page.getByRole("heading", { name: "Domains" }).waitFor();
    expect(await page.locator(".who").textContent()).toContain("platform-admin");
  });

  it("creates a domain and a project", async () => {
    await page.getByLabel("Name", { exact: true }).fill(domain);
    await page.getByLabel("Display name (optional)").fill("Acme Corp");
    await page.getByRole("button", { name: "Create domain" }).click();
    await page.getByRole("link", { name: domain, exact: true }).click();
    await page.getByRole("heading", { name: `Domain ${domain}` }).waitFor();
    await screenshot(page, "domain");
    await checkPage(page, "domain");
    await page.getByLabel("Name", { exact: true }).fill(project);
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("link", { name: project, exact: true }).click();
    await page.getByRole("heading", { name: "Clusters" }).waitFor();
    expect(page.url()).toContain(`${projectHref}/clusters`);
  });

  it("shows the management cluster's health, credentials with write-only secrets, and provider clusters", async () => {
    await page.goto("/management-clusters");
    const mc = page.getByRole("article", { name: /sandbox/ });
    await mc.getByText("healthy").waitFor({ timeout: 60_000 });
    expect(await mc.textContent()).toContain("Simulation");
    expect(await mc.getByRole("listitem").filter({ hasText: "cluster-api" }).textContent()).toContain("installed");
    await screenshot(page, "management-clusters");
    await checkPage(page, "management clusters");

    // the sandbox gave the new domain a credential and a provider cluster; a credential made here keeps its secret to itself
    // the sandbox sets the domain up when it reads its creation from the audit trail (a poll every 2 s, later on a
    // loaded machine); the page shows what was there when it loaded, so it is loaded again until the credential is
    const deadline = Date.now() + 90_000;
    for (;;) {
      await page.goto(`/d/${domain}/credentials`);
      const shown = await page
        .getByRole("cell", { name: /sandbox-bms/ })
        .first()
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) break;
      if (Date.now() > deadline) throw new Error(`the sandbox's credential never appeared in domain ${domain}`);
    }
    const secret = `hw-secret-${suffix}-never-shown`;
    await page.getByLabel("Name", { exact: true }).fill("rack-2");
    await page.getByLabel("Endpoint").fill("https://orbiter.example.com");
    await page.getByLabel("Hardware access secret").fill(secret);
    expect(await page.getByLabel("Hardware access secret").getAttribute("type")).toBe("password");
    await page.getByRole("button", { name: "Create credential" }).click();
    const row = page.getByRole("row").filter({ hasText: "rack-2" });
    await row.waitFor();
    expect(await row.textContent()).toContain("hardwareAccessSecret: set");
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, "credentials");
    await checkPage(page, "credentials");

    await page.goto(`/d/${domain}/provider-clusters`);
    const pc = page.getByRole("row").filter({ hasText: "sandbox-bms" });
    await pc.waitFor();
    expect(await pc.textContent()).toContain("Simulation");
    await expect.poll(() => pc.textContent(), until).toContain("ready");
    await screenshot(page, "provider-clusters");
    await checkPage(page, "provider clusters");
    await page.goto(`${projectHref}/clusters`);
  });

  it("registers a backup location only once its bucket answers: a missing bucket is refused with the reason; the keys are never shown", async () => {
    const s3Url = process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566";
    const bucket = `velero-${suffix}`;
    const s3 = new S3Client({
      endpoint: s3Url,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const secret = `velero-secret-${suffix}-never-shown`;
    await nav(page, "Backup locations");
    await page.getByRole("heading", { name: "Backup locations" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("nightly");
    await page.getByLabel("Bucket", { exact: true }).fill(`missing-${suffix}`);
    await page.getByLabel("Prefix (optional)").fill(project);
    await page.getByLabel("Endpoint (optional)").fill(s3Url);
    await page.getByLabel("Access key id").fill("AKIACONSOLE");
    await page.getByLabel("Secret access key").fill(secret);
    expect(await page.getByLabel("Secret access key").getAttribute("type")).toBe("password");
    await page.getByRole("button", { name: "Create backup location" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), until).toContain("does not exist");
    await screenshot(page, "backup-location-refused");
    await page.getByLabel("Bucket", { exact: true }).fill(bucket);
    await page.getByLabel("Secret access key").fill(secret);
    await page.getByRole("button", { name: "Create backup location" }).click();
    const row = page.getByRole("row").filter({ hasText: "nightly" });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${bucket}/${project}`);
    expect(await row.textContent()).toContain("no cluster runs Velero");
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, "backup-locations");
    await checkPage(page, "backup locations");
    await page.goto(`${projectHref}/clusters`);
  });

  it("shows hosts registering from real agents and approves them in bulk, with a result per request", async () => {
    await nav(page, "Host requests");
    // the sandbox boots three servers for the new project; their agents register with its PSK
    const rows = page
      .getByRole("table", { name: "Host requests" })
      .getByRole("row")
      .filter({ hasText: `${project}-node-` });
    await expect.poll(() => rows.count(), { timeout: 300_000, interval: 1_000 }).toBe(3);
    expect(await rows.filter({ hasText: "pending" }).count()).toBe(3);
    expect(await rows.filter({ hasText: "Simulation" }).count()).toBe(3);
    await screenshot(page, "host-requests-pending");
    await checkPage(page, "host requests");

    await page.getByLabel("Select every pending request shown").check();
    await expect.poll(() => page.getByRole("toolbar").textContent(), until).toContain("3 selected");
    await page.getByRole("button", { name: "Approve selected" }).click();
    const results = page.getByRole("region", { name: /Approved: 3 done/ });
    await results.waitFor();
    expect(await results.getByRole("row").filter({ hasText: "approved" }).count()).toBe(3);
    // the list (pending ones) refreshes on its own: they leave it
    await expect.poll(() => rows.count(), until).toBe(0);
    await screenshot(page, "host-requests-approved");
    await docsShot(page, "host-requests");
  });

  it("shows the hosts' live status without a reload, and filters them", async () => {
    await nav(page, "Hosts");
    const rows = page.getByRole("row").filter({ hasText: `${project}-node-` });
    // provisioning, then the agent's first heartbeat: the page polls, nothing reloads it
    await expect
      .poll(() => rows.filter({ hasText: "create-completed" }).filter({ hasText: /ready/ }).count(), { timeout: 300_000 })
      .toBe(3);
    await page.getByLabel("Status").selectOption("create-failed");
    await page.getByText("No host matches these filters").waitFor();
    await page.getByLabel("Status").selectOption("create-completed");
    await expect.poll(() => rows.count(), until).toBe(3);
    await page.getByLabel("Labels", { exact: true }).fill("kubernetes.io/arch=amd64");
    await expect.poll(() => rows.count(), until).toBe(3);
    await page.getByLabel("Labels", { exact: true }).fill("kubernetes.io/arch=arm64");
    await page.getByText("No host matches these filters").waitFor();
    await page.getByLabel("Labels", { exact: true }).fill("");
    await screenshot(page, "hosts");
    await docsShot(page, "hosts");
    await checkPage(page, "hosts");
  });

  it("shows the PSK on request and copies the agent install command", async () => {
    await nav(page, "Registration (PSK)");
    const psk = await admin.request
      .get(`/v1/domains/${domain}/projects/${project}/host-psk`, { headers: { authorization: `Bearer ${cp.adminToken}` } })
      .then(async (r) => (await r.json()).psk as string);
    expect(await page.locator("pre.command").textContent()).not.toContain(psk);
    await page.getByRole("button", { name: "Show" }).click();
    expect(await page.locator(".psk code").textContent()).toBe(psk);
    await page.getByRole("button", { name: "Copy install command" }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`${cp.url}/v1/agent/download`);
    expect(copied).toContain(`project: ${project}`);
    expect(copied).toContain(JSON.stringify(psk));
    expect(copied).toContain("ckp-agent register --config /etc/ckp/agent.yaml");
    await page.getByRole("button", { name: "Hide" }).click();
    await screenshot(page, "registration");
    await checkPage(page, "registration");
  });

  it("makes a host group and chooses its members by multi-select", async () => {
    await nav(page, "Host groups");
    await page.getByLabel("Name", { exact: true }).fill("workers");
    await page.getByLabel("Labels (optional)").fill("tier=batch");
    await page.getByRole("button", { name: "Create group" }).click();
    await page.getByRole("heading", { name: "Host group workers" }).waitFor();
    await page.getByRole("heading", { name: "Hosts in no group (3)" }).waitFor();
    await page.getByLabel("Select all hosts in no group").check();
    await page.getByRole("button", { name: "Add 3 to group" }).click();
    await page.getByRole("region", { name: /Added to workers: 3 done/ }).waitFor();
    await page.getByRole("heading", { name: "Members (3)" }).waitFor();
    await screenshot(page, "host-group");
    await checkPage(page, "host group");
  });

  it("creates a cluster in the wizard; the server's CIDR overlap is shown on its field", async () => {
    await nav(page, "Clusters");
    await page.getByRole("link", { name: "Create cluster" }).click();
    const versions = (
      await (await admin.request.get("/v1/kubernetes-versions", { headers: { authorization: `Bearer ${cp.adminToken}` } })).json()
    ).items as Array<{ version: string; cni: Record<string, string> }>;
    const v = versions.find((x) => x.version === "v1.31.2");
    expect(v).toBeDefined();

    // 1. the version from the matrix, the CNI with its version shown
    await page.getByLabel("Name", { exact: true }).fill("edge-1");
    await page.getByLabel("Kubernetes version").selectOption("v1.31.2");
    const calico = page.getByRole("radio", { name: /calico/ });
    expect(await calico.locator("xpath=..").textContent()).toContain(v?.cni.calico);
    await page.getByRole("radio", { name: /cilium/ }).check();
    await screenshot(page, "wizard-1-cluster");
    await checkPage(page, "wizard step 1");
    await page.getByRole("button", { name: "Next" }).click();

    // 2. the host group with its free hosts
    await page.getByLabel("Provider cluster").selectOption("sandbox-bms");
    await expect.poll(() => page.getByLabel("Host group").locator("option:checked").textContent(), until).toBe("workers — 3 free of 3");
    await page.getByLabel("Workers", { exact: true }).fill("2");
    await page.getByText("3 free host(s) in workers: enough").waitFor();
    await screenshot(page, "wizard-2-workers");
    await page.getByRole("button", { name: "Next" }).click();

    // 3. networks: a service range inside the pod range
    await page.getByLabel("Control-plane endpoint (VIP)").fill("192.168.10.100");
    await page.getByLabel("Service network (CIDR)").fill("10.244.0.0/20");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Extra args: kubelet").fill("max-pods=150");
    await page.getByLabel("Labels", { exact: true }).fill("env=test");
    await page.getByLabel(/Backups with Velero/).check();
    // a private registry with an account: the password field masks it, the review names the registry and the user
    await page.getByLabel("Registry", { exact: true }).selectOption("private");
    await page.getByLabel("URL", { exact: true }).fill("registry.sandbox.example:5000/ckp");
    await page.getByLabel("Username (optional)").fill("puller");
    const password = page.getByLabel("Password", { exact: true });
    expect(await password.getAttribute("type")).toBe("password");
    await password.fill("pull-s3cret");
    await screenshot(page, "wizard-4-options");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Review" }).waitFor();
    expect(await page.locator("dl.facts").textContent()).toContain("registry.sandbox.example:5000/ckp (private, as puller)");
    await screenshot(page, "wizard-5-review");
    await page.getByRole("button", { name: "Create cluster" }).click();

    // the server refuses it (422): the wizard goes back to the step and shows the message on the field
    const service = page.getByLabel("Service network (CIDR)");
    await service.waitFor();
    await expect.poll(() => service.getAttribute("aria-invalid"), until).toBe("true");
    const fieldError = page.locator(".field.invalid .field-error");
    expect(await fieldError.textContent()).toContain("service network 10.244.0.0/20 overlaps the pod network 10.244.0.0/16");
    expect(await service.evaluate((el) => el.getAttribute("aria-describedby"))).toContain(await fieldError.evaluate((el) => el.id));
    await screenshot(page, "wizard-3-network-refused");
    await docsShot(page, "wizard-network-refused");
    await checkPage(page, "wizard step 3");

    await service.fill("10.96.0.0/12");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Create cluster" }).click();
    await page.getByRole("heading", { name: "edge-1" }).waitFor();
    clusterUrl = page.url();
    expect(clusterUrl).toMatch(/\/clusters\/cl_/);
    // the cluster shows its registry and the account, never the password
    const spec = page.getByRole("region", { name: "Specification" });
    await expect.poll(() => spec.textContent(), until).toContain("registry.sandbox.example:5000/ckp (private, as puller)");
    expect(await page.content()).not.toContain("pull-s3cret");
  });

  it("shows the cluster's progress live until it is Ready: steps, conditions and their reasons, what CAPI reports", async () => {
    const header = page.locator(".page-header h1");
    // the steps go by without a reload
    await page.getByRole("heading", { name: /Progress: create/ }).waitFor();
    await screenshot(page, "cluster-provisioning");
    await expect.poll(() => header.textContent(), { timeout: 900_000, interval: 1_000 }).toContain("Ready");
    const steps = page.locator("ol.steps > li");
    const states = await steps.evaluateAll((els) =>
      els.map((e) => `${e.querySelector("strong")?.textContent}:${e.querySelector(".badge")?.textContent}`),
    );
    expect(states).toEqual([
      "resolve-provider:succeeded",
      "provision-machines:skipped",
      "wait-registration:skipped",
      "wait-approval:skipped",
      "assign-hosts:succeeded",
      "issue-certificates:succeeded",
      "apply-objects:succeeded",
      "wait-control-plane:succeeded",
      "install-cni:succeeded",
      "wait-workers:succeeded",
      "install-addons:succeeded",
      "wait-addons:succeeded",
    ]);
    await page.getByText("2 of 2 ready").waitFor();
    // its one worker pool, the primary, with its host group and what its MachineDeployment reports
    const pools = page.getByRole("table", { name: "Worker pools" });
    const rows = pools.getByRole("row");
    await expect.poll(() => rows.count(), until).toBe(2);
    await expect.poll(() => rows.nth(1).textContent(), until).toContain("2 of 2");
    expect(await rows.nth(1).getByRole("cell").nth(0).textContent()).toBe("workers");
    expect(await rows.nth(1).getByRole("cell").nth(1).textContent()).toBe("workers");
    expect(await rows.nth(1).getByRole("cell").nth(5).textContent()).toBe("workers");
    expect(await page.getByRole("region", { name: "What the management cluster reports" }).textContent()).toContain("v1.31.2");

    // a condition's reason is explained on keyboard focus (and hover, and tap)
    const reason = page.getByRole("region", { name: "Conditions" }).getByRole("button").first();
    await reason.focus();
    const tip = page.getByRole("tooltip");
    await tip.waitFor();
    expect((await tip.textContent())?.length).toBeGreaterThan(10);
    await page.keyboard.press("Escape");
    await tip.waitFor({ state: "hidden" });
    await screenshot(page, "cluster-ready");
    await checkPage(page, "cluster page");

    // the admin kubeconfig, downloaded (each download is in the audit trail)
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download kubeconfig" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.kubeconfig$/);
    expect(readFileSync(await download.path(), "utf8")).toContain("current-context");

    // only the allowed upgrade targets are offered
    const targets = await page.getByLabel("Target version").locator("option").allTextContents();
    expect(targets).toEqual(["Choose…", "v1.32.11"]);
  });

  it("backs the cluster up with Velero and restores the backup into another namespace, Velero's phases shown live", async () => {
    const card = page.getByRole("region", { name: "Backups" });
    await card.waitFor();
    const now = card.getByRole("form", { name: "Back up now" });
    await expect.poll(() => now.getByLabel("Location").locator("option:checked").textContent(), until).toBe("nightly");
    await now.getByLabel("Backup name").fill("first");
    await now.getByLabel("Namespaces (optional)").fill("kube-system");
    await now.getByRole("button", { name: "Back up" }).click();
    const row = card.getByRole("row").filter({ hasText: "first" });
    await expect.poll(() => row.locator(".badge").first().textContent(), { timeout: 120_000, interval: 1_000 }).toBe("Completed");
    expect(await row.textContent()).toContain("namespaces kube-system");
    expect(await row.textContent()).toContain("in 30 d"); // kept 720h
    await screenshot(page, "cluster-backups");
    await row.getByRole("button", { name: /Restore/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Into other namespaces/).fill("kube-system:restored");
    await dialog.getByRole("button", { name: "Restore" }).click();
    const restores = card.getByRole("table", { name: "Restores" });
    await expect
      .poll(() => restores.getByRole("row").nth(1).locator(".badge").first().textContent(), { timeout: 120_000, interval: 1_000 })
      .toBe("Completed");
    expect(await restores.textContent()).toContain("kube-system → restored");
    await screenshot(page, "cluster-restored");
    await checkPage(page, "cluster backups");
  });

  it("configures an addon: Cilium's values as YAML (a mistake shown on the field), the addons operation, Ready again", async () => {
    const addons = page.getByRole("region", { name: "Addons" });
    const cilium = addons.getByRole("row").filter({ hasText: "(cilium)" });
    await expect.poll(() => cilium.locator(".badge").first().textContent(), until).toBe("Healthy");
    await cilium.getByRole("button", { name: "Configure Cilium" }).click();
    const dialog = page.getByRole("dialog", { name: "Configure Cilium" });
    // the CNI stays on: no switch, only its values
    expect(await dialog.getByLabel("Enabled").count()).toBe(0);
    const values = dialog.getByLabel(/Values \(YAML/);
    expect(await values.inputValue()).toContain("hubble:");
    await values.fill("hubble: [enabled");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.locator(".field-error").textContent(), until).toContain("not YAML");
    expect(await values.getAttribute("aria-invalid")).toBe("true");
    // a value the addon's schema refuses: the server's problem, in the dialog
    await values.fill("hubble:\n  enabled: maybe\n");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent(), until).toContain("hubble");
    await checkPage(page, "addon dialog");
    await values.fill("hubble:\n  enabled: true\noperator:\n  replicas: 1\n");
    await screenshot(page, "cluster-addon-configure");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("heading", { name: /Progress: addons/ }).waitFor();
    await expect.poll(() => page.locator(".page-header h1").textContent(), { timeout: 600_000, interval: 1_000 }).toContain("Ready");
    const after = await (
      await admin.request.get(`/v1/domains/${domain}/projects/${project}/clusters/${clusterUrl.split("/").pop()}/addons`, {
        headers: { authorization: `Bearer ${cp.adminToken}` },
      })
    ).json();
    expect(after.items.find((a: { name: string }) => a.name === "cilium").values.hubble).toEqual({ enabled: true });
  });

  it("scales the cluster and shows it converge", async () => {
    const scale = page.getByRole("form", { name: "Scale" });
    await scale.getByLabel("Workers", { exact: true }).fill("9");
    await scale.getByRole("button", { name: "Scale" }).click();
    await expect.poll(() => scale.locator(".field-error").textContent(), until).toContain("free: 1, needed: 7");
    await scale.getByLabel("Workers", { exact: true }).fill("3");
    await scale.getByRole("button", { name: "Scale" }).click();
    await page.getByRole("heading", { name: /Progress: scale/ }).waitFor();
    await page.getByText("3 of 3 ready").waitFor({ timeout: 900_000 });
    await expect.poll(() => page.locator(".page-header h1").textContent(), { timeout: 600_000 }).toContain("Ready");
    await screenshot(page, "cluster-scaled");
  });

  it("shows a viewer no write action anywhere", async () => {
    const t = await admin.request.post("/v1/tokens", {
      headers: { authorization: `Bearer ${cp.adminToken}` },
      data: { name: "auditor", role: "viewer", domain, project },
    });
    expect(t.status()).toBe(201);
    const viewerToken = (await t.json()).token as string;
    const ctx = await newContext(browser, cp.url, WIDE);
    const v = await ctx.newPage();
    v.setDefaultTimeout(30_000);
    await signIn(v, viewerToken);
    // a project-bound token lands in its project
    await v.getByRole("heading", { name: "Clusters" }).waitFor();
    expect(v.url()).toContain(`${projectHref}/clusters`);
    expect(await v.locator(".who").textContent()).toContain(`viewer · ${domain}/${project}`);
    const navLinks = await v.getByRole("navigation", { name: "Project" }).getByRole("link").allTextContents();
    expect(navLinks).not.toContain("Registration (PSK)");
    expect(navLinks).not.toContain("Tokens");
    expect(await v.getByRole("link", { name: "Create cluster" }).count()).toBe(0);

    await v.getByRole("link", { name: "edge-1", exact: true }).click();
    await v.getByRole("heading", { name: /Progress/ }).waitFor();
    expect(await v.getByRole("region", { name: "Change the cluster" }).count()).toBe(0);
    expect(await v.getByRole("button", { name: /Scale|Upgrade|Delete/ }).count()).toBe(0);
    await screenshot(v, "viewer-cluster");

    await nav(v, "Host requests");
    await v.getByLabel("Status").selectOption("approved");
    await expect
      .poll(
        () =>
          v
            .getByRole("row")
            .filter({ hasText: `${project}-node-` })
            .count(),
        until,
      )
      .toBe(3);
    expect(await v.getByRole("button", { name: /Approve|Reject/ }).count()).toBe(0);
    expect(await v.getByRole("checkbox").count()).toBe(0);
    await screenshot(v, "viewer-host-requests");

    await nav(v, "Hosts");
    await expect
      .poll(
        () =>
          v
            .getByRole("row")
            .filter({ hasText: `${project}-node-` })
            .count(),
        until,
      )
      .toBe(3);
    expect(await v.getByRole("toolbar").count()).toBe(0);
    expect(await v.getByRole("checkbox").count()).toBe(0);

    await nav(v, "Host groups");
    await v.getByRole("link", { name: "workers" }).waitFor();
    expect(await v.getByRole("button", { name: "Create group" }).count()).toBe(0);
    await v.getByRole("link", { name: "workers" }).click();
    await v.getByRole("heading", { name: "Members (3)" }).waitFor();
    expect(
      await v
        .getByRole("button")
        .filter({ hasText: /Add|Remove|Delete|Save/ })
        .count(),
    ).toBe(0);

    await nav(v, "Settings");
    await v.getByText("by a project admin").waitFor();
    expect(await v.getByRole("checkbox").count()).toBe(0);
    await ctx.close();
  });

  it("works at 390 px: the pages fit the screen and stay usable", async () => {
    const ctx = await newContext(browser, cp.url, NARROW);
    const n = await ctx.newPage();
    n.setDefaultTimeout(30_000);
    await signIn(n, cp.adminToken);
    for (const [path, name, ready] of [
      [`${projectHref}/clusters`, "clusters", "Clusters"],
      [new URL(clusterUrl).pathname, "cluster", "edge-1"],
      [`${projectHref}/hosts`, "hosts", "Hosts"],
      [`${projectHref}/host-requests`, "host-requests", "Host requests"],
      [`${projectHref}/host-groups/workers`, "host-group", "Host group workers"],
      [`${projectHref}/audit`, "audit", /Audit trail/],
      [`${projectHref}/clusters/new`, "wizard", "Create a cluster"],
    ] as const) {
      await n.goto(path);
      await n.getByRole("heading", { name: ready }).first().waitFor();
      await n.waitForLoadState("networkidle").catch(() => undefined);
      await screenshot(n, name);
      if (name === "cluster") await docsShot(n, "cluster-390");
      await checkPage(n, `${name} at 390 px`);
    }
    // the project navigation is a strip that scrolls sideways on its own, not the page
    const strip = await n
      .getByRole("navigation", { name: "Project" })
      .evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth }));
    expect(strip.width).toBeLessThanOrEqual(390);
    await ctx.close();
  });

  it("deletes the cluster after a typed confirmation", async () => {
    await page.goto(new URL(clusterUrl).pathname);
    await page.getByRole("button", { name: "Delete cluster…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete cluster edge-1?" });
    const confirm = dialog.getByRole("button", { name: "Delete cluster" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type edge-1 to confirm/).fill("edge-");
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type edge-1 to confirm/).fill("edge-1");
    await screenshot(page, "cluster-delete-confirm");
    await confirm.click();
    // the delete's progress shows until the cluster is gone, which with the sandbox's doubles can take less than the
    // page's 2 s refresh; a refused delete shows its problem on the actions card, which fails here with its text
    const progress = page.getByRole("heading", { name: /Progress: delete/ });
    const gone = page.getByRole("heading", { name: "Cluster deleted" });
    const refused = page.getByRole("region", { name: "Change the cluster" }).getByRole("alert");
    await progress.or(gone).or(refused).first().waitFor();
    expect(await refused.allTextContents()).toEqual([]);
    if (await progress.count()) await screenshot(page, "cluster-deleting");
    await page.getByRole("heading", { name: "Cluster deleted" }).waitFor({ timeout: 900_000 });
    await nav(page, "Host groups");
    await page.getByRole("link", { name: "workers" }).click();
    // the hosts are back in the group, free
    await expect.poll(() => page.getByText("in a cluster").count(), { timeout: 60_000 }).toBe(0);
  });

  it("shows the project's audit trail with filters", async () => {
    await nav(page, "Audit trail");
    await page.getByLabel("Type").fill("ckp.hostrequest.approved");
    await page.getByRole("button", { name: "Apply" }).click();
    const rows = page.getByRole("row").filter({ hasText: "ckp.hostrequest.approved" });
    await expect.poll(() => rows.count(), until).toBe(3);
    expect(await page.getByRole("row").filter({ hasText: "ckp.cluster" }).count()).toBe(0);
    await page.getByLabel("Type").fill("ckp.cluster.created,ckp.cluster.deleted");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole("row")
            .filter({ hasText: /ckp\.cluster\.(created|deleted)/ })
            .count(),
        until,
      )
      .toBe(2);
    await page.getByRole("row").filter({ hasText: "ckp.cluster.created" }).getByText("Details").click();
    expect(await page.locator("pre.json").first().textContent()).toContain("edge-1");
    await screenshot(page, "audit");
    await checkPage(page, "audit trail");
  });

  it("takes a newcomer from the printed sign-in link to a Ready cluster in the demo project, machines from the simulated pool", async () => {
    const ctx = await newContext(browser, cp.url, WIDE);
    const n = await ctx.newPage();
    n.setDefaultTimeout(30_000);
    // what `npm run dev` prints: the console with the admin token in the fragment
    await n.goto(`/#token=${cp.adminToken}`);
    await n.getByRole("heading", { name: "Domains" }).waitFor();
    expect(new URL(n.url()).hash).toBe("");
    await n.getByRole("link", { name: "sandbox", exact: true }).click();
    await n.getByRole("link", { name: "demo", exact: true }).click();
    await n.getByRole("link", { name: "Create cluster" }).click();
    await n.getByLabel("Name", { exact: true }).fill("first");
    await n.getByRole("button", { name: "Next" }).click();
    // an empty group: the provider cluster (the simulated bare-metal pool) makes the machines
    await expect.poll(() => n.getByLabel("Host group").locator("option:checked").textContent(), until).toBe("workers — 0 free of 0");
    await n.getByText("the provider cluster creates 2 machine(s)").waitFor();
    expect(await n.getByText("Simulation").count()).toBeGreaterThan(0);
    await screenshot(n, "newcomer-wizard-workers");
    await docsShot(n, "wizard-workers");
    await n.getByRole("button", { name: "Next" }).click();
    await n.getByRole("button", { name: "Next" }).click();
    await n.getByRole("button", { name: "Next" }).click();
    const started = Date.now();
    await n.getByRole("button", { name: "Create cluster" }).click();
    await n.getByRole("heading", { name: "first" }).waitFor();
    await n.getByText("wait-registration").waitFor();
    await expect
      .poll(() => n.locator("ol.steps > li").filter({ hasText: "wait-registration" }).locator(".badge").textContent(), { timeout: 600_000 })
      .toBe("succeeded");
    await screenshot(n, "newcomer-cluster-progress");
    await docsShot(n, "cluster-progress");
    await expect.poll(() => n.locator(".page-header h1").textContent(), { timeout: 900_000, interval: 1_000 }).toContain("Ready");
    const seconds = (Date.now() - started) / 1000;
    // a figure, not a pass mark: on a shared machine it varies tenfold with the load (docs/sandbox.md records some)
    console.log(`sandbox: the demo cluster went from Create to Ready in ${seconds.toFixed(1)} s (2 machines from the simulated BMS pool)`);
    const states = await n
      .locator("ol.steps > li")
      .evaluateAll((els) => els.map((e) => `${e.querySelector("strong")?.textContent}:${e.querySelector(".badge")?.textContent}`));
    expect(states.slice(1, 4)).toEqual(["provision-machines:succeeded", "wait-registration:succeeded", "wait-approval:succeeded"]);
    await screenshot(n, "newcomer-cluster-ready");
    await docsShot(n, "cluster-ready");
    await n.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Hosts", exact: true }).click();
    await expect.poll(() => n.getByRole("row").filter({ hasText: "first-" }).count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await screenshot(n, "newcomer-hosts");
    await ctx.close();
  });
});
