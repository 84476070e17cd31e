import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterKeys } from "../../core/clusters/items.js";
import { newId } from "../../core/shared/ids.js";
import { findItem } from "../../core/store/read.js";
import { expectProblem, type InProcessApi, inProcessApi, tenant, uniqueName } from "../support/in-process.js";

/**
 * Karpenter node pools through the API (docs/autoscaling.md): validation,
 * tenancy, roles, ETags, the refusal codes and the audit events. The API
 * tier has no management cluster: the cluster items are written straight
 * into the table (a cluster's saga cannot run here), and the status of a
 * pool reads as Unknown — its cluster cannot be reached. test/kube/node-pools.test.ts
 * covers the workload cluster.
 */
type T = Awaited<ReturnType<typeof tenant>>;

describe("node pools", () => {
  let api: InProcessApi;
  let t: T;
  let other: T;
  let withKarpenter: string;
  let without: string;
  let legacy: string;

  /** A Ready cluster item of the project, as the saga leaves it; `karpenter` undefined: a cluster made before autoscaling. */
  async function cluster(of: T, karpenter: boolean | undefined): Promise<string> {
    const id = newId("cl");
    const at = new Date().toISOString();
    const addons = {
      storage: { enabled: false, values: {} },
      velero: { enabled: false, values: {} },
      ...(karpenter === undefined ? {} : { karpenter: { enabled: karpenter, values: {} } }),
    };
    await api.deps.db.send(
      new PutCommand({
        TableName: api.deps.table,
        Item: {
          ...clusterKeys.cluster(of, id),
          kind: "cluster",
          type: "capi",
          id,
          name: uniqueName("c"),
          domain: of.domain,
          project: of.project,
          kubernetesVersion: "v1.31.2",
          cni: { name: "cilium", version: "1.16.1" },
          addons,
          providerCluster: "ccs",
          hostGroup: "vms",
          workers: 1,
          machines: { os: "ubuntu-20.04", arch: "amd64" },
          network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
          extraArgs: {},
          labels: {},
          annotations: {},
          phase: "Ready",
          conditions: [],
          operation: "create",
          generation: 1,
          step: "done",
          steps: [],
          provisioned: [],
          hostIds: [],
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
      }),
    );
    return id;
  }

  const pools = (of: T, id: string) => `${of.base}/clusters/${id}/node-pools`;
  const body = (name: string, extra: Record<string, unknown> = {}) => ({ name, limits: { cpu: "16" }, ...extra });

  beforeAll(async () => {
    api = inProcessApi();
    [t, other] = await Promise.all([tenant(api), tenant(api)]);
    [withKarpenter, without, legacy] = await Promise.all([cluster(t, true), cluster(t, false), cluster(t, undefined)]);
  });

  it("creates a pool with its defaults, answers it with an ETag and a status read from the cluster, and records the event", async () => {
    const created = await api.request("POST", pools(t, withKarpenter), {
      token: t.projectAdmin,
      body: body("general", {
        requirements: { architectures: ["amd64", "arm64"], flavors: ["m1.large", "m1.xlarge"] },
        labels: { team: "web", "node.kubernetes.io/pool-kind": "general" },
        taints: [{ key: "dedicated", value: "web", effect: "NoSchedule" }],
        limits: { cpu: "8000m", memory: "64Gi" },
        weight: 10,
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.body).toMatchObject({
      name: "general",
      clusterId: withKarpenter,
      requirements: { architectures: ["amd64", "arm64"], flavors: ["m1.large", "m1.xlarge"] },
      labels: { team: "web", "node.kubernetes.io/pool-kind": "general" },
      taints: [{ key: "dedicated", value: "web", effect: "NoSchedule" }],
      limits: { cpu: "8000m", memory: "64Gi" },
      disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m" },
      weight: 10,
      version: 1,
    });
    // no management cluster here: the workload cluster cannot be read, and the status says why
    expect(created.body.status.state).toBe("Unknown");
    expect(created.body.status.message).toContain("no management cluster");

    const minimal = await api.request("POST", pools(t, withKarpenter), { body: body("minimal") });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toMatchObject({ requirements: {}, labels: {}, taints: [], limits: { cpu: "16" } });
    expect(minimal.body.weight).toBeUndefined();

    const events = await api.request("GET", `${t.base}/events?type=ckp.nodepool.created`);
    const made = events.body.items.filter((e: any) => e.data.clusterId === withKarpenter).map((e: any) => e.data);
    expect(made).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "general", version: 1, limits: { cpu: "8000m", memory: "64Gi" } }),
        expect.objectContaining({ name: "minimal", version: 1, limits: { cpu: "16" } }),
      ]),
    );

    const list = await api.request("GET", pools(t, withKarpenter));
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: any) => p.name)).toEqual(["general", "minimal"]);
    const page = await api.request("GET", `${pools(t, withKarpenter)}?limit=1`);
    expect(page.body.items.map((p: any) => p.name)).toEqual(["general"]);
    const next = await api.request("GET", `${pools(t, withKarpenter)}?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((p: any) => p.name)).toEqual(["minimal"]);

    expectProblem(await api.request("POST", pools(t, withKarpenter), { body: body("general") }), 409, "already-exists");
  });

  it("refuses a cluster that does not run Karpenter with node-pool.autoscaling-disabled, saying what to do", async () => {
    for (const id of [without, legacy]) {
      const refused = await api.request("POST", pools(t, id), { body: body("nope") });
      expectProblem(refused, 422, "node-pool.autoscaling-disabled");
      expect(refused.body.detail).toContain("enable the karpenter addon first (PATCH …/clusters/{id}/addons/karpenter)");
    }
    expect((await api.request("GET", pools(t, without))).body.items).toEqual([]);
  });

  it("states each field's rule: a request that breaks one is invalid-request naming the field", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "Not_A_Label", limits: { cpu: "1" } }, "name"],
      [{ name: "no-limits" }, "limits"],
      [body("bad-cpu", { limits: { cpu: "lots" } }), "limits.cpu"],
      [body("neg-cpu", { limits: { cpu: "-4" } }), "limits.cpu"],
      [body("bad-mem", { limits: { cpu: "4", memory: "64 GB" } }), "limits.memory"],
      [body("bad-arch", { requirements: { architectures: ["x86"] } }), "requirements.architectures.0"],
      [body("empty-flavors", { requirements: { flavors: [] } }), "requirements.flavors"],
      [body("bad-effect", { taints: [{ key: "k", effect: "NoWay" }] }), "taints.0.effect"],
      [body("bad-weight", { weight: 0 }), "weight"],
      [body("big-weight", { weight: 101 }), "weight"],
      [body("bad-after", { disruption: { consolidateAfter: "5 minutes" } }), "disruption.consolidateAfter"],
      [body("bad-policy", { disruption: { consolidationPolicy: "Balanced" } }), "disruption.consolidationPolicy"],
      [body("extra", { replicas: 3 }), "(root)"],
    ];
    for (const [b, path] of cases) {
      const a = await api.request("POST", pools(t, withKarpenter), { body: b });
      expectProblem(a, 400, "invalid-request");
      expect(
        a.body.errors.map((e: any) => e.path),
        JSON.stringify(a.body.errors),
      ).toContain(path);
    }
  });

  it("refuses labels in the system's domains with node-pool.label-restricted, and two taints of one key and effect", async () => {
    const restricted = await api.request("POST", pools(t, withKarpenter), {
      body: body("labels", {
        labels: {
          "karpenter.sh/capacity-type": "spot",
          "kubernetes.io/hostname": "x",
          "foo.k8s.io/a": "b",
          "ckp.io/node-pool": "x",
          ok: "1",
        },
      }),
    });
    expectProblem(restricted, 422, "node-pool.label-restricted");
    expect(restricted.body.errors.map((e: any) => e.path).sort()).toEqual([
      "labels.ckp.io/node-pool",
      "labels.foo.k8s.io/a",
      "labels.karpenter.sh/capacity-type",
      "labels.kubernetes.io/hostname",
    ]);
    const taints = await api.request("POST", pools(t, withKarpenter), {
      body: body("taints", {
        taints: [
          { key: "gpu", effect: "NoSchedule" },
          { key: "gpu", value: "a100", effect: "NoSchedule" },
        ],
      }),
    });
    expectProblem(taints, 422, "unprocessable-request");
    expect(taints.body.errors).toEqual([expect.objectContaining({ path: "taints.1" })]);
    expectProblem(await api.request("GET", `${pools(t, withKarpenter)}/labels`), 404, "not-found");
  });

  it("changes a pool under If-Match, replacing each field given; null removes the weight; the event names what changed", async () => {
    const path = `${pools(t, withKarpenter)}/change`;
    expect((await api.request("POST", pools(t, withKarpenter), { body: body("change", { weight: 5 }) })).status).toBe(201);
    const read = await api.request("GET", path);
    expect(read.headers.get("etag")).toBe('"1"');
    const changed = await api.request("PATCH", path, {
      token: t.projectAdmin,
      headers: { "if-match": '"1"' },
      body: { limits: { cpu: "32", memory: "128Gi" }, disruption: { consolidationPolicy: "WhenEmpty" }, weight: null },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.headers.get("etag")).toBe('"2"');
    expect(changed.body).toMatchObject({
      limits: { cpu: "32", memory: "128Gi" },
      disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "5m" },
      version: 2,
    });
    expect(changed.body.weight).toBeUndefined();
    expectProblem(await api.request("PATCH", path, { headers: { "if-match": '"1"' }, body: { weight: 3 } }), 412, "precondition-failed");
    expectProblem(await api.request("PATCH", path, { body: { labels: { "kubernetes.io/role": "x" } } }), 422, "node-pool.label-restricted");
    expect((await api.request("GET", path)).body).toMatchObject({ version: 2, labels: {} });
    const events = await api.request("GET", `${t.base}/events?type=ckp.nodepool.updated`);
    const mine = events.body.items.filter((e: any) => e.data.clusterId === withKarpenter && e.data.name === "change");
    expect(mine.map((e: any) => e.data)).toEqual([
      expect.objectContaining({ version: 2, limits: { cpu: "32", memory: "128Gi" }, changed: ["limits", "disruption", "weight"] }),
    ]);
  });

  it("deletes a pool (If-Match guarded) with its event; a pool of a cluster whose Karpenter was turned off can still be deleted, not changed", async () => {
    const off = await cluster(t, true);
    expect((await api.request("POST", pools(t, off), { body: body("gone") })).status).toBe(201);
    // the addon turned off afterwards
    const stored = await findItem<Record<string, unknown>>(api.deps, clusterKeys.cluster(t, off), { consistent: true });
    await api.deps.db.send(
      new PutCommand({
        TableName: api.deps.table,
        Item: {
          ...stored,
          ...clusterKeys.cluster(t, off),
          kind: "cluster",
          addons: {
            storage: { enabled: false, values: {} },
            velero: { enabled: false, values: {} },
            karpenter: { enabled: false, values: {} },
          },
        },
      }),
    );
    expectProblem(await api.request("PATCH", `${pools(t, off)}/gone`, { body: { weight: 2 } }), 422, "node-pool.autoscaling-disabled");
    expect((await api.request("GET", `${pools(t, off)}/gone`)).body.status.state).toBe("Pending");
    expectProblem(await api.request("DELETE", `${pools(t, off)}/gone`, { headers: { "if-match": '"7"' } }), 412, "precondition-failed");
    expect((await api.request("DELETE", `${pools(t, off)}/gone`, { token: t.projectAdmin })).status).toBe(204);
    expectProblem(await api.request("GET", `${pools(t, off)}/gone`), 404, "not-found");
    expectProblem(await api.request("DELETE", `${pools(t, off)}/gone`), 404, "not-found");
    const events = await api.request("GET", `${t.base}/events?type=ckp.nodepool.deleted`);
    expect(events.body.items.map((e: any) => e.data)).toContainEqual(expect.objectContaining({ clusterId: off, name: "gone" }));
  });

  it("another tenant's cluster, an unknown cluster and an unknown pool are not found; viewers read, only project admins write", async () => {
    // the cluster is t's: under the other project's path it does not exist
    expectProblem(await api.request("GET", pools(other, withKarpenter)), 404, "not-found");
    expectProblem(await api.request("POST", pools(other, withKarpenter), { body: body("x") }), 404, "not-found");
    expectProblem(await api.request("GET", `${pools(other, withKarpenter)}/general`), 404, "not-found");
    expectProblem(await api.request("GET", pools(t, newId("cl"))), 404, "not-found");
    expectProblem(await api.request("GET", `${pools(t, withKarpenter)}/nothing`), 404, "not-found");
    // and t's project admin cannot see that the other project exists
    expectProblem(await api.request("GET", pools(other, withKarpenter), { token: t.projectAdmin }), 404, "not-found");

    const mk = async (role: string) => {
      const tok = await api.request("POST", "/v1/tokens", { body: { name: role, role, domain: t.domain, project: t.project } });
      expect(tok.status).toBe(201);
      return tok.body.token as string;
    };
    const [viewer, member] = await Promise.all([mk("viewer"), mk("project-member")]);
    expect((await api.request("GET", pools(t, withKarpenter), { token: viewer })).status).toBe(200);
    expect((await api.request("GET", `${pools(t, withKarpenter)}/general`, { token: member })).status).toBe(200);
    for (const token of [viewer, member]) {
      expectProblem(await api.request("POST", pools(t, withKarpenter), { token, body: body("mine") }), 403, "forbidden");
      expectProblem(await api.request("PATCH", `${pools(t, withKarpenter)}/general`, { token, body: { weight: 1 } }), 403, "forbidden");
      expectProblem(await api.request("DELETE", `${pools(t, withKarpenter)}/general`, { token }), 403, "forbidden");
    }
  });
});
