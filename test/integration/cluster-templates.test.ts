import { resolve } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { newId } from "../../core/shared/ids.js";
import { tables } from "../../infra/resources.js";
import { type Api, adminApi, resourceName, useLocalAws } from "../support/api.js";
import { ckpctl, parseTable } from "../support/ckpctl.js";
import { publishBundle } from "../support/clusters.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * Cluster templates over HTTP (docs/templates.md): publishing immutable
 * versions with parameters, offering them to projects, deprecating, the
 * domain setting that makes them required, creating a cluster from one
 * (its parameters checked and rendered into the request a full spec
 * makes), listing clusters per template, and moving a cluster to a newer
 * version (the difference shown, then carried out). There is no
 * management cluster here: a create from a template gets as far as the
 * provider cluster check, and the clusters the list and the moves work on
 * are written to the table as the saga leaves them. The saga running a
 * move's operations one after the other is covered end to end in
 * test/e2e/cluster-lifecycle.suite.ts.
 */
const admin = adminApi();

const spec = {
  kubernetesVersion: "{{ kubernetesVersion }}",
  providerCluster: "bms",
  hostGroup: "{{ hostGroup }}",
  workers: "{{ workers }}",
  addons: { storage: { enabled: false } },
  labels: { tier: "{{ tier }}", shape: "edge-{{ tier }}" },
};
const parameters = [
  { name: "kubernetesVersion", type: "string", allowed: ["v1.30.6", "v1.31.2"], default: "v1.30.6" },
  { name: "hostGroup", type: "string", description: "the host group workers come from" },
  { name: "workers", type: "integer", minimum: 1, maximum: 5, default: 2 },
  { name: "tier", type: "string", allowed: ["gold", "silver"], default: "silver" },
];

describe("cluster templates", () => {
  let t: Tenant;
  let other: Tenant;
  let domainAdmin: Api;
  let member: Api;
  const templates = () => `/v1/domains/${t.domain}/cluster-templates`;

  beforeAll(async () => {
    t = await newTenant();
    other = await newTenant();
    domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
    member = admin.as(await tokenFor(admin, "project-member", t.domain, t.project));
    await publishBundle(admin, "v1.30.6", "ubuntu-20.04");
  }, 120_000);

  it("publishes immutable versions: a version is never replaced, and a spec that renders no cluster is refused naming the field", async () => {
    const v1 = await domainAdmin.post(templates(), {
      name: "edge",
      version: "1.0.0",
      description: "a BMS edge cluster",
      parameters,
      spec,
      offeredTo: { projects: [t.project] },
    });
    expect(v1.status, v1.text).toBe(201);
    expect(v1.body).toMatchObject({ name: "edge", version: "1.0.0", deprecated: false, publishedBy: expect.any(String) });

    const again = await domainAdmin.post(templates(), { name: "edge", version: "1.0.0", parameters, spec: { ...spec, workers: 1 } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("cluster-template.version-exists");
    expect((await domainAdmin.get(`${templates()}/edge/versions/1.0.0`)).body.spec.workers).toBe("{{ workers }}");

    const undeclared = await domainAdmin.post(templates(), { name: "bad", version: "1.0.0", parameters: [], spec });
    expect(undeclared.status).toBe(422);
    expect(undeclared.body.code).toBe("cluster-template.invalid");
    expect(undeclared.body.detail).toContain("placeholder {{ workers }} names no declared parameter");

    const badDefault = await domainAdmin.post(templates(), {
      name: "bad",
      version: "1.0.0",
      parameters: parameters.map((p) => (p.name === "workers" ? { ...p, default: 9 } : p)),
      spec,
    });
    expect(badDefault.status).toBe(422);
    expect(badDefault.body.errors).toContainEqual({ path: "parameters.2.default", message: "must be at most 5" });

    const noCluster = await domainAdmin.post(templates(), {
      name: "bad",
      version: "1.0.0",
      parameters,
      spec: { ...spec, network: { podCidr: 7 } },
    });
    expect(noCluster.status).toBe(422);
    expect(noCluster.body.detail).toContain("renders no valid cluster");
    expect(noCluster.body.errors[0].path).toBe("spec.network.podCidr");

    // a project-admin does not publish
    const refused = await t.projectAdmin.post(templates(), { name: "mine", version: "1.0.0", parameters, spec });
    expect(refused.status).toBe(403);
  });

  it("offers templates to chosen projects only, and deprecated versions to no new cluster", async () => {
    const v2 = await domainAdmin.post(templates(), {
      name: "edge",
      version: "1.1.0",
      parameters,
      spec: { ...spec, workers: "{{ workers }}" },
    });
    expect(v2.status, v2.text).toBe(201);
    const tpl = (await domainAdmin.get(`${templates()}/edge`)).body;
    expect(tpl).toMatchObject({ latest: "1.1.0", offeredTo: { allProjects: false, projects: [t.project] } });
    expect(tpl.versions.map((v: { version: string }) => v.version)).toEqual(["1.0.0", "1.1.0"]);

    const offered = await t.projectAdmin.get(`${t.base}/cluster-templates`);
    expect(offered.status, offered.text).toBe(200);
    expect(offered.body.items.map((x: { name: string }) => x.name)).toEqual(["edge"]);
    expect((await t.projectAdmin.get(`${t.base}/cluster-templates/edge/versions/1.1.0`)).body.parameters).toHaveLength(4);
    // another domain's project sees nothing of it
    expect((await other.projectAdmin.get(`${other.base}/cluster-templates`)).body.items).toEqual([]);
    expect((await other.projectAdmin.get(`/v1/domains/${t.domain}/cluster-templates`)).status).toBe(404);

    const dep = await domainAdmin.patch(`${templates()}/edge/versions/1.1.0`, { deprecated: true });
    expect(dep.status, dep.text).toBe(200);
    expect((await domainAdmin.get(`${templates()}/edge`)).body.latest).toBe("1.0.0");
    const onDeprecated = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "c1",
      template: "edge",
      version: "1.1.0",
      parameters: { hostGroup: "g" },
    });
    expect(onDeprecated.status).toBe(422);
    expect(onDeprecated.body).toMatchObject({ code: "cluster-template.version-deprecated", latest: "1.0.0" });
    expect((await domainAdmin.patch(`${templates()}/edge/versions/1.1.0`, { deprecated: false })).status).toBe(200);
  });

  it("creates a cluster from a template: each wrong parameter named, the rest rendered into the request a full spec makes", async () => {
    const post = (body: unknown) => member.post(`${t.base}/clusters`, body);
    const wrong = await post({ name: "c1", template: "edge", version: "1.0.0", parameters: { workers: 9, tier: "bronze", zone: "a" } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe("cluster-template.parameter-invalid");
    expect(wrong.body.errors).toEqual([
      { path: "parameters.zone", message: "the template declares no parameter zone" },
      { path: "parameters.hostGroup", message: "is required (the template gives it no default)" },
      { path: "parameters.workers", message: "must be at most 5" },
      { path: "parameters.tier", message: 'must be one of "gold", "silver"' },
    ]);
    const badType = await post({ name: "c1", template: "edge", parameters: { hostGroup: "g", workers: "two" } });
    expect(badType.body.errors).toEqual([{ path: "parameters.workers", message: "must be an integer" }]);
    // a value the declaration allows but the field does not take: named from the spec
    const notLabel = await post({ name: "c1", template: "edge", parameters: { hostGroup: "Not_A_Label" } });
    expect(notLabel.status).toBe(422);
    expect(notLabel.body.errors[0].path).toBe("spec.hostGroup");
    // rendered: it reaches the checks of a full spec (this project has no provider cluster bms)
    const rendered = await post({ name: "c1", template: "edge", parameters: { hostGroup: "g" } });
    expect(rendered.status).toBe(422);
    expect(rendered.body.detail).toContain("provider cluster bms exists neither in project");
    // not offered to the other project (of the same domain)
    expect((await admin.post(`/v1/domains/${t.domain}/projects`, { name: "lab" })).status).toBe(201);
    const lab = await admin.post(`/v1/domains/${t.domain}/projects/lab/clusters`, {
      name: "c1",
      template: "edge",
      parameters: { hostGroup: "g" },
    });
    expect(lab.status).toBe(422);
    expect(lab.body.code).toBe("cluster-template.not-offered");
    // a body that is neither form is told about the one it comes nearest to
    const typo = await post({ name: "c1", template: "edge", parameter: {} });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([{ path: "(root)", message: "unknown field(s): parameter" }]);
  });

  it("makes templates required when the domain says so; a domain admin may still send a full spec", async () => {
    const full = { name: "c2", kubernetesVersion: "v1.30.6", providerCluster: "bms", hostGroup: "g", workers: 1 };
    const on = await admin.patch(`/v1/domains/${t.domain}`, { requireClusterTemplates: true });
    expect(on.status, on.text).toBe(200);
    expect(on.body.requireClusterTemplates).toBe(true);
    expect((await domainAdmin.patch(`/v1/domains/${t.domain}`, { requireClusterTemplates: false })).status).toBe(403);
    try {
      const refused = await member.post(`${t.base}/clusters`, full);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("cluster.template-required");
      const templated = await member.post(`${t.base}/clusters`, { name: "c2", template: "edge", parameters: { hostGroup: "g" } });
      expect(templated.body.detail).toContain("provider cluster bms exists neither in project");
      const byDomainAdmin = await domainAdmin.post(`${t.base}/clusters`, full);
      expect(byDomainAdmin.body.detail).toContain("provider cluster bms exists neither in project");
    } finally {
      expect((await admin.patch(`/v1/domains/${t.domain}`, { requireClusterTemplates: false })).status).toBe(200);
    }
    expect((await member.post(`${t.base}/clusters`, full)).body.detail).toContain("provider cluster bms exists neither in project");
  });

  /** A Ready cluster made from edge 1.0.0 with `params`, as the saga leaves it. */
  async function templated(params: Record<string, unknown>, o: Partial<Cluster> = {}): Promise<Cluster> {
    const now = new Date().toISOString();
    const c: Cluster = {
      id: newId("cl"),
      name: uniqueName("c"),
      domain: t.domain,
      project: t.project,
      template: { name: "edge", version: "1.0.0", parameters: params as Record<string, string | number | boolean> },
      kubernetesVersion: "v1.30.6",
      cni: { name: "cilium", version: "v1.16.5", values: { hubble: { enabled: false }, operator: { replicas: 1 } } },
      addons: {
        storage: { enabled: false, values: { provisionerReplicas: 2, fsType: "ext4" } },
        velero: { enabled: false, values: { deployNodeAgent: false, snapshotsEnabled: false, defaultVolumesToFsBackup: false } },
        karpenter: { enabled: false, values: { minWorkers: 1, maxWorkers: 10, logLevel: "info" } },
      },
      providerCluster: "bms",
      hostGroup: "g",
      workers: 2,
      machines: { os: "ubuntu-20.04", arch: "amd64" },
      machineHealthCheck: { unhealthyAfter: "5m" },
      network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
      extraArgs: {},
      labels: { tier: "silver", shape: "edge-silver" },
      annotations: {},
      phase: "Ready",
      conditions: [],
      operation: "create",
      generation: 1,
      step: "wait-addons",
      steps: [],
      provisioned: [],
      // hosts that are not in the table: a scale down reads none of them
      hostIds: ["h_gone1", "h_gone2"],
      createdAt: now,
      updatedAt: now,
      version: 1,
      ...o,
    };
    if ("template" in o && !o.template) delete c.template;
    await dynamoDocumentClient().send(
      new PutCommand({ TableName: resourceName(useLocalAws(), tables.main.logical), Item: clusterItem(c) }),
    );
    return c;
  }

  it("lists clusters per template and version", async () => {
    const a = await templated({ kubernetesVersion: "v1.30.6", hostGroup: "g", workers: 2, tier: "silver" });
    const b = await templated(
      { kubernetesVersion: "v1.30.6", hostGroup: "g", workers: 2, tier: "silver" },
      {
        template: { name: "edge", version: "1.1.0", parameters: {} },
      },
    );
    const ids = async (q: string) =>
      (await t.projectAdmin.get(`${t.base}/clusters?${q}`)).body.items.map((c: { id: string }) => c.id).sort();
    expect(await ids("template=edge")).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids("template=edge&templateVersion=1.1.0")).toEqual([b.id]);
    expect(await ids("template=nothing")).toEqual([]);
  });

  it("moves a cluster to a newer version: shows the difference, refuses what no operation changes, and starts what does", async () => {
    const params = { kubernetesVersion: "v1.30.6", hostGroup: "g", workers: 2, tier: "silver" };
    // 2.0.0: workers fixed at 1, and a new parameter with a default
    const v2 = await domainAdmin.post(templates(), {
      name: "edge",
      version: "2.0.0",
      parameters: [...parameters.filter((p) => p.name !== "workers"), { name: "owner", type: "string", default: "platform" }],
      spec: { ...spec, workers: 1, annotations: { "example.com/owner": "{{ owner }}" } },
    });
    expect(v2.status, v2.text).toBe(201);
    const c = await templated(params);
    const move = `${t.base}/clusters/${c.id}/template-move`;

    const plan = await t.projectAdmin.post(`${move}?dryRun=true`, { version: "2.0.0", parameters: { tier: "gold" } });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body).toMatchObject({ template: "edge", from: "1.0.0", to: "2.0.0" });
    expect(plan.body.parameters).toEqual({ kubernetesVersion: "v1.30.6", hostGroup: "g", tier: "gold", owner: "platform" });
    expect(plan.body.changes).toEqual([
      { field: "workers", from: 2, to: 1, by: "scale" },
      { field: "labels", from: { tier: "silver", shape: "edge-silver" }, to: { tier: "gold", shape: "edge-gold" }, by: "update" },
      { field: "annotations", from: {}, to: { "example.com/owner": "platform" }, by: "update" },
    ]);
    expect(plan.body.operations).toEqual([{ op: "scale", workers: 1 }]);
    expect((await t.projectAdmin.get(`${t.base}/clusters/${c.id}`)).body.template.version).toBe("1.0.0");

    const back = await t.projectAdmin.post(move, { version: "0.9.0" });
    expect(back.status).toBe(422);
    const network = await domainAdmin.post(templates(), {
      name: "edge",
      version: "3.0.0",
      parameters,
      spec: { ...spec, network: { podCidr: "10.32.0.0/16" } },
    });
    expect(network.status, network.text).toBe(201);
    const unsupported = await t.projectAdmin.post(move, { version: "3.0.0" });
    expect(unsupported.status).toBe(422);
    expect(unsupported.body).toMatchObject({ code: "cluster-template.move-unsupported", fields: ["network"] });

    const moved = await t.projectAdmin.post(move, { version: "2.0.0", parameters: { tier: "gold" } });
    expect(moved.status, moved.text).toBe(202);
    const after = (await t.projectAdmin.get(`${t.base}/clusters/${c.id}`)).body;
    expect(after).toMatchObject({
      operation: "scale",
      workers: 1,
      labels: { tier: "gold", shape: "edge-gold" },
      annotations: { "example.com/owner": "platform" },
      template: { name: "edge", version: "2.0.0", parameters: { tier: "gold", owner: "platform" } },
      templateMove: { from: "1.0.0", to: "2.0.0", state: "Running", pending: [] },
    });
    const status = (await t.projectAdmin.get(`${t.base}/clusters/${c.id}/status`)).body;
    expect(status.templateMove).toMatchObject({ to: "2.0.0", state: "Running" });
    expect(
      (await t.projectAdmin.get(`${t.base}/clusters?template=edge&templateVersion=2.0.0`)).body.items.map((x: { id: string }) => x.id),
    ).toEqual([c.id]);

    // a cluster made from no template has nothing to move
    const plain = await templated(params, { template: undefined });
    const none = await t.projectAdmin.post(`${t.base}/clusters/${plain.id}/template-move`, { version: "2.0.0" });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe("cluster.not-from-template");
  });

  it("ckpctl: publishes the shipped templates from their files, lists them, creates from one and shows a move", async () => {
    const ctl = await ckpctl();
    const env = {
      CKP_SERVER: admin.base,
      CKP_TOKEN: await tokenFor(admin, "domain-admin", t.domain),
      CKP_DOMAIN: t.domain,
      CKP_PROJECT: t.project,
    };
    const run = async (args: string[], ok = true) => {
      const r = await ctl(args, { env });
      if (ok) expect(r.code, `ckpctl ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
      return r;
    };
    const dir = resolve(import.meta.dirname, "../../cluster-templates");
    await run(["create", "-f", `${dir}/bms-edge.yaml`, "-f", `${dir}/ccs-autoscaling.yaml`]);
    await run(["patch", "cluster-template", "bms-edge", "-p", `{offeredTo: {projects: [${t.project}]}}`]);
    const rows = parseTable((await run(["get", "cluster-templates"])).stdout);
    expect(rows.find((r) => r.NAME === "bms-edge")).toMatchObject({ LATEST: "1.0.0", VERSIONS: "1.0.0", "OFFERED-TO": t.project });
    expect(rows.find((r) => r.NAME === "ccs-autoscaling")).toMatchObject({ "OFFERED-TO": "nobody" });

    // a wrong parameter is printed as the API's problem, naming it
    const bad = await run(["create", "cluster", "e1", "--template", "bms-edge@1.0.0", "--param", "workers=99"], false);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("parameter workers must be at most 50");
    expect(bad.stderr).toContain("parameter providerCluster is required");

    // a move, shown before it is made
    const c = await templated({ kubernetesVersion: "v1.30.6", hostGroup: "g", workers: 2, tier: "silver" });
    const shown = await run(["template-move", "cluster", c.name, "--to", "2.0.0", "--param", "tier=gold", "--dry-run"]);
    expect(shown.stdout).toContain("template edge: 1.0.0 → 2.0.0");
    expect(shown.stdout).toContain("workers: 2 → 1  (scale)");
    expect(shown.stdout).toContain("operations, one after the other: scale to 1 worker(s)");
    const missing = await run(["template-move", "cluster", c.name], false);
    expect(missing.stderr).toContain("template-move needs --to VERSION");
  });
});
