import { beforeAll, describe, expect, it } from "vitest";
import { prepareRegistry } from "../../core/clusters/registry.js";
import { expectProblem, type InProcessApi, inProcessApi, putClusterItem, tenant } from "../support/in-process.js";
import { foreignCa } from "../support/pki.js";

/**
 * A cluster's image registry (docs/clusters.md, "Image registry"): what the
 * create request takes and refuses, and what a cluster shows of it — never
 * its password. test/kube/render.test.ts applies what it renders to a real
 * kube-apiserver; test/kube/cluster-lifecycle.test.ts creates a cluster
 * with a private registry through the saga.
 */
describe("a cluster's image registry", () => {
  let api: InProcessApi;
  let t: Awaited<ReturnType<typeof tenant>>;
  const create = (imageRegistry: unknown) =>
    api.request("POST", `${t.base}/clusters`, {
      token: t.projectAdmin,
      body: { name: "reg", kubernetesVersion: "v1.31.2", providerCluster: "pc", hostGroup: "g", workers: 1, imageRegistry },
    });

  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  it("refuses what the schema states: a URL with a scheme, a private registry without one, a public one without credentials", async () => {
    const cases: Array<[unknown, string]> = [
      [{ type: "private", url: "https://registry.example.com" }, "imageRegistry.url"],
      [{ type: "private" }, "imageRegistry.url"],
      [{ type: "public", url: "docker.io/acme" }, "imageRegistry.credentials"],
      [{ type: "public", url: "docker.io/acme", credentials: { username: "a:b", password: "x" } }, "imageRegistry.credentials.username"],
      [{ type: "default", url: "docker.io/acme" }, "imageRegistry"],
      [{ type: "public", url: "docker.io/acme", credentials: { username: "a", password: "x" }, caBundle: "x" }, "imageRegistry"],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      expectProblem(res, 400, "invalid-request");
      expect(
        (res.body.errors as Array<{ path: string }>).some((e) => e.path.startsWith(path)),
        JSON.stringify(res.body),
      ).toBe(true);
    }
  });

  it("refuses a CA bundle whose certificate does not parse with a 422 naming it, before anything else is looked up", async () => {
    const res = await create({
      type: "private",
      url: "registry.example.com:5000/ckp",
      caBundle: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
    });
    expectProblem(res, 422, "cluster.registry-invalid");
    expect(res.body.detail).toContain("imageRegistry.caBundle: certificate 1 does not parse");
    const cut = await create({ type: "private", url: "registry.example.com", caBundle: "-----BEGIN CERTIFICATE-----\nMIIB" });
    expectProblem(cut, 422, "cluster.registry-invalid");
    // a good bundle passes this check: the request goes on to the provider cluster (which this tenant lacks)
    const good = await create({ type: "private", url: "registry.example.com", caBundle: foreignCa().certPem });
    expect(good.status).toBe(422);
    expect(good.body.code).not.toBe("cluster.registry-invalid");
  });

  it("shows the registry on the cluster and in the list, with the username and CA but never the password", async () => {
    const ca = foreignCa().certPem;
    const id0 = "cl_01jabcdefghjkmnpqrstvwxyz0";
    const stored = await prepareRegistry(
      api.deps.secrets,
      { ...t, id: id0 },
      { type: "private", url: "registry.example.com:5000/ckp", credentials: { username: "puller", password: "pull-s3cret" }, caBundle: ca },
    );
    expect(stored.sealedPassword).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain("pull-s3cret");
    const id = await putClusterItem(api, t, { imageRegistry: stored });
    const got = await api.request("GET", `${t.base}/clusters/${id}`, { token: t.projectAdmin });
    expect(got.body.imageRegistry).toEqual({ type: "private", url: "registry.example.com:5000/ckp", username: "puller", caBundle: ca });
    const list = await api.request("GET", `${t.base}/clusters`, { token: t.projectAdmin });
    const item = (list.body.items as Array<{ id: string; imageRegistry: unknown }>).find((c) => c.id === id);
    expect(item?.imageRegistry).toEqual(got.body.imageRegistry);
    expect(JSON.stringify(list.body)).not.toMatch(/sealedPassword|pull-s3cret/);
    // a cluster of before: the installation's default
    const old = await putClusterItem(api, t);
    const before = await api.request("GET", `${t.base}/clusters/${old}`, { token: t.projectAdmin });
    expect(before.body.imageRegistry).toEqual({ type: "default", url: "docker.io/coredgeio" });
  });
});
