import { describe, expect, it } from "vitest";
import { adminApi } from "../support/api.js";
import { newTenant, tokenFor } from "../support/tenants.js";

/** What the cluster API refuses, and why; the saga itself is tested in the kube and e2e tiers. */
const valid = {
  name: "c1",
  kubernetesVersion: "v1.31.2",
  providerCluster: "bms",
  hostGroup: "g",
  workers: 1,
};

describe("clusters API: validation", () => {
  it("serves the compatibility matrix with upgrade targets", async () => {
    const t = await newTenant();
    const res = await t.projectAdmin.get("/v1/kubernetes-versions");
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(7);
    expect(res.body.items[0]).toMatchObject({
      version: "v1.29.0",
      etcd: "v3.5.12-0",
      coredns: "v1.11.1",
      pause: "v3.9",
      cni: { calico: "v3.28.2" },
      upgradeTargets: ["v1.30.6"],
    });
    expect(res.body.items[6]).toMatchObject({ version: "v1.35.1", status: "latest", upgradeTargets: [] });
    expect((await t.projectAdmin.as(undefined).get("/v1/kubernetes-versions")).status).toBe(401);
  });

  it("refuses a version outside the matrix, overlapping networks, managed flags and unknown providers with 422 saying why", async () => {
    const t = await newTenant();
    const post = (body: unknown) => t.projectAdmin.post(`${t.base}/clusters`, body);

    const version = await post({ ...valid, kubernetesVersion: "v1.27.3" });
    expect(version.status).toBe(422);
    expect(version.body.supportedVersions).toEqual(["v1.29.0", "v1.30.6", "v1.31.2", "v1.32.11", "v1.33.7", "v1.34.3", "v1.35.1"]);

    const overlap = await post({ ...valid, network: { podCidr: "10.0.0.0/8", serviceCidr: "10.96.0.0/12" } });
    expect(overlap.status).toBe(422);
    expect(overlap.body.detail).toBe("service network 10.96.0.0/12 overlaps the pod network 10.0.0.0/8");
    expect(overlap.body.errors).toEqual([{ path: "network.serviceCidr", message: overlap.body.detail }]);

    const node = await post({ ...valid, network: { nodeCidr: "10.244.128.0/24" } });
    expect(node.status).toBe(422);
    expect(node.body.detail).toContain("node network 10.244.128.0/24 overlaps the pod network 10.244.0.0/16");

    const vip = await post({ ...valid, controlPlaneEndpoint: { host: "10.96.0.10" } });
    expect(vip.status).toBe(422);
    expect(vip.body.errors[0].path).toBe("controlPlaneEndpoint.host");

    const flags = await post({ ...valid, extraArgs: { apiServer: { "service-cluster-ip-range": "10.0.0.0/16" } } });
    expect(flags.status).toBe(422);
    expect(flags.body.errors[0]).toEqual({
      path: "extraArgs.apiServer.service-cluster-ip-range",
      message: "--service-cluster-ip-range is set from network.serviceCidr",
    });

    const provider = await post(valid);
    expect(provider.status).toBe(422);
    expect(provider.body.detail).toContain("provider cluster bms exists neither in project");
  });

  it("answers 400 for malformed requests", async () => {
    const t = await newTenant();
    const post = (body: unknown) => t.projectAdmin.post(`${t.base}/clusters`, body);
    const cases: Array<[unknown, string]> = [
      [{ ...valid, workers: 0 }, "workers"],
      [{ ...valid, name: "Not_DNS" }, "name"],
      [{ ...valid, cni: { name: "weave" } }, "cni.name"],
      [{ ...valid, network: { podCidr: "10.244.1.0/16" } }, "network.podCidr"],
      [{ ...valid, extraArgs: { kubelet: { "--max-pods": "10" } } }, "extraArgs.kubelet.--max-pods"],
      [{ ...valid, machines: { os: "windows", arch: "amd64" } }, "machines.os"],
      [{ ...valid, surprise: true }, "(root)"],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(res.body),
      ).toContain(path);
    }
  });

  it("keeps clusters inside their tenancy and needs project-member to create", async () => {
    const t = await newTenant();
    const other = await newTenant();
    expect((await other.projectAdmin.get(`${t.base}/clusters`)).status).toBe(404);
    expect((await t.projectAdmin.get(`${t.base}/clusters/cl_01m7z1ns7xpk9gyhvzbt8dtwqn`)).status).toBe(404);
    const viewer = t.admin.as(await tokenFor(t.admin, "viewer", t.domain, t.project));
    expect((await viewer.get(`${t.base}/clusters`)).body).toEqual({ items: [], nextCursor: null });
    expect((await viewer.post(`${t.base}/clusters`, valid)).status).toBe(403);
  });
});

describe("BYOH bundle manifests", () => {
  const manifest = {
    repository: "docker.io/coredgeio",
    ociReference: "docker.io/coredgeio/byoh-bundle-rhel_9_x86-64_k8s:v1.34.3",
    digest: `sha256:${"d".repeat(64)}`,
    packages: { kubeadm: "1.34.3-ckp", containerd: "1.7.13" },
  };

  it("are published by a platform admin per version and OS, and read by anyone signed in", async () => {
    const admin = adminApi();
    const t = await newTenant();
    expect((await t.projectAdmin.put("/v1/byoh-bundles/v1.34.3/rhel-9", manifest)).status).toBe(403);
    const put = await admin.put("/v1/byoh-bundles/v1.34.3/rhel-9", manifest);
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ kubernetesVersion: "v1.34.3", os: "rhel-9", architectures: ["amd64"], digest: manifest.digest });
    expect((await t.projectAdmin.get("/v1/byoh-bundles/v1.34.3/rhel-9")).body.ociReference).toBe(manifest.ociReference);
    expect(
      (await t.projectAdmin.get("/v1/byoh-bundles")).body.items.some(
        (b: { kubernetesVersion: string; os: string }) => b.kubernetesVersion === "v1.34.3" && b.os === "rhel-9",
      ),
    ).toBe(true);

    // the version and OS are enums of the path: one outside them names no bundle there can be
    expect((await admin.put("/v1/byoh-bundles/v1.28.0/rhel-9", manifest)).status).toBe(404);
    expect((await admin.put("/v1/byoh-bundles/v1.34.3/ubuntu-22.04", manifest)).status).toBe(404);
    expect((await admin.put("/v1/byoh-bundles/v1.34.3/rhel-9", { ...manifest, digest: "md5:abc" })).status).toBe(400);

    expect((await admin.delete("/v1/byoh-bundles/v1.34.3/rhel-9")).status).toBe(204);
    expect((await admin.get("/v1/byoh-bundles/v1.34.3/rhel-9")).status).toBe(404);
  });
});
