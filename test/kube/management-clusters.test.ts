import * as net from "node:net";
import { describe, expect, it } from "vitest";
import { kubeFor } from "../../core/management/access.js";
import { HEALTH_TIMEOUT_MS } from "../../core/management/health.js";
import { RetryableError } from "../../core/shared/errors.js";
import { startKubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { adminApi } from "../support/api.js";
import {
  registerTestManagementCluster,
  registerUnreachableManagementCluster,
  testDeps,
  testKube,
  testKubeconfig,
} from "../support/kube.js";
import { newTenant, tokenFor, uniqueName } from "../support/tenants.js";

const NO_SECRETS = /kubeconfig|token|caData|certificate|connection|credentialsVersion/i;

describe("management cluster registry (seed §14)", () => {
  const admin = adminApi();

  it("registers with a kubeconfig, never returns it, reads, lists, updates with If-Match and deletes", async () => {
    const name = uniqueName("mc");
    const created = await admin.post("/v1/management-clusters", {
      name,
      description: "eu west",
      kubeconfig: testKubeconfig(),
      labels: { region: "eu-west", zone: "a" },
      maxClusters: 50,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name,
      connectivity: "direct",
      server: testKube().server,
      labels: { region: "eu-west", zone: "a" },
      maxClusters: 50,
      schedulable: true,
      clusterCount: 0,
      providerClusterCount: 0,
      version: 1,
    });
    expect(created.body.id).toMatch(/^mc_/);
    expect(Object.keys(created.body).join(",")).not.toMatch(NO_SECRETS);
    expect(created.text).not.toContain(testKube().token);
    const id = created.body.id as string;

    expect((await admin.post("/v1/management-clusters", { name, kubeconfig: testKubeconfig() })).status).toBe(409);

    const got = await admin.get(`/v1/management-clusters/${id}`);
    expect(got.status).toBe(200);
    expect(got.text).not.toContain(testKube().token);
    expect(Object.keys(got.body).join(",")).not.toMatch(NO_SECRETS);
    const etag = got.headers.get("etag") as string;

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(`/v1/management-clusters?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(testKube().token);
      ids.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toContain(id);

    const upd = await admin.patch(`/v1/management-clusters/${id}`, { labels: { region: "eu-central" }, maxClusters: null, schedulable: false }, { "if-match": etag });
    expect(upd.status, upd.text).toBe(200);
    expect(upd.body).toMatchObject({ labels: { region: "eu-central" }, schedulable: false, version: 2 });
    expect(upd.body.maxClusters).toBeUndefined();
    expect((await admin.patch(`/v1/management-clusters/${id}`, { description: "x" }, { "if-match": etag })).status).toBe(412);
    expect((await admin.patch(`/v1/management-clusters/${id}`, { name: "renamed" })).status).toBe(400);

    expect((await admin.delete(`/v1/management-clusters/${id}`)).status).toBe(204);
    expect((await admin.get(`/v1/management-clusters/${id}`)).status).toBe(404);
    expect((await admin.get(`/v1/management-clusters/${id}/health`)).status).toBe(404);
    // the name is free again
    await registerTestManagementCluster(admin, { name });
  });

  it("registers with server, CA and token instead of a kubeconfig", async () => {
    const k = testKube();
    const res = await admin.post("/v1/management-clusters", { name: uniqueName("mc"), server: k.server, caData: k.caData, token: k.token });
    expect(res.status, res.text).toBe(201);
    expect(res.text).not.toContain(k.token);
    const health = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
    expect(health.body).toMatchObject({ reachable: true, ready: true });
  });

  it("refuses unusable credentials with 400 and remote connectivity with a clear 422", async () => {
    const k = testKube();
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await admin.post("/v1/management-clusters", { name: uniqueName("mc"), ...body });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(JSON.stringify(res.body.errors)).toContain(field);
    };
    await bad({}, "kubeconfig");
    await bad({ kubeconfig: "not: [valid" }, "kubeconfig");
    await bad({ kubeconfig: testKubeconfig(), token: "x" }, "kubeconfig");
    await bad({ server: "http://127.0.0.1:6443", token: "x" }, "server");
    await bad({ server: k.server }, "user");
    // A kubeconfig that would make the control plane run a program or read its disk.
    const exec = testKubeconfig().replace(/token: .*/, "exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh}");
    await bad({ kubeconfig: exec }, "kubeconfig");
    const file = testKubeconfig().replace(/certificate-authority-data: .*/, "certificate-authority: /etc/passwd");
    await bad({ kubeconfig: file }, "kubeconfig");
    await bad({ kubeconfig: testKubeconfig(), extra: 1 }, "extra");

    const remote = await admin.post("/v1/management-clusters", { name: uniqueName("mc"), connectivity: "remote" });
    expect(remote.status).toBe(422);
    expect(remote.headers.get("content-type")).toContain("application/problem+json");
    expect(remote.body.detail).toMatch(/remote.*not yet supported/);
  });

  it("is platform-admin only", async () => {
    const t = await newTenant();
    const domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
    const mc = await registerTestManagementCluster(admin);
    for (const api of [domainAdmin, t.projectAdmin]) {
      expect((await api.get("/v1/management-clusters")).status).toBe(403);
      expect((await api.get(`/v1/management-clusters/${mc.id}`)).status).toBe(403);
      expect((await api.get(`/v1/management-clusters/${mc.id}/health`)).status).toBe(403);
      expect((await api.post("/v1/management-clusters", { name: uniqueName("mc"), kubeconfig: testKubeconfig() })).status).toBe(403);
      expect((await api.patch(`/v1/management-clusters/${mc.id}`, { schedulable: false })).status).toBe(403);
      expect((await api.delete(`/v1/management-clusters/${mc.id}`)).status).toBe(403);
    }
    expect((await admin.as(undefined).get("/v1/management-clusters")).status).toBe(401);
  });

  it("reports health: reachability, Kubernetes version and the providers installed, read from the CRDs", async () => {
    const mc = await registerTestManagementCluster(admin);
    const res = await admin.get(`/v1/management-clusters/${mc.id}/health`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: mc.id, reachable: true, ready: true, kubernetesVersion: "v1.30.14" });
    const byName = Object.fromEntries(res.body.providers.map((p: { name: string }) => [p.name, p]));
    expect(byName["cluster-api"]).toMatchObject({ installed: true, apiVersions: ["v1beta1"], missing: [] });
    expect(byName["kubeadm-bootstrap"]).toMatchObject({ installed: true, apiVersions: ["v1beta1"] });
    expect(byName.byoh).toMatchObject({ installed: true, apiVersions: ["v1beta1"] });
    expect(byName.kamaji).toMatchObject({ installed: true, apiVersions: ["v1alpha1"] });
    expect(byName.karpenter).toMatchObject({ installed: true, apiVersions: ["v1"] });
    expect(byName.velero).toMatchObject({ installed: true, apiVersions: ["v1"], version: null });

    // A release version recorded on the CRDs (as Helm charts do) is reported.
    const patched = await kubeRequest(testKube(), "PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.velero.io", {
      body: { metadata: { labels: { "app.kubernetes.io/version": "v1.18.1" } } },
      contentType: "application/merge-patch+json",
    });
    expect(patched.status).toBe(200);
    const again = await admin.get(`/v1/management-clusters/${mc.id}/health`);
    expect(again.body.providers.find((p: { name: string }) => p.name === "velero").version).toBe("v1.18.1");
  });

  it("reports a cluster without the CAPI providers as reachable but not ready, naming what is missing", async () => {
    const bare = await startKubeApiserver();
    try {
      const res = await admin.post("/v1/management-clusters", { name: uniqueName("mc-bare"), server: bare.server, caData: bare.caData, token: bare.token });
      expect(res.status, res.text).toBe(201);
      const health = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
      expect(health.body).toMatchObject({ reachable: true, ready: false, kubernetesVersion: "v1.30.14" });
      expect(health.body.message).toMatch(/cluster-api.*kamaji/);
      const capi = health.body.providers.find((p: { name: string }) => p.name === "cluster-api");
      expect(capi).toMatchObject({ installed: false, apiVersions: [] });
      expect(capi.missing).toContain("Cluster.cluster.x-k8s.io");
    } finally {
      await bare.stop();
    }
  });

  it("an unreachable cluster: health says so quickly; operations fail retryably, not with 500", async () => {
    const mc = await registerUnreachableManagementCluster(admin);
    await admin.get(`/v1/management-clusters/${mc.id}/health`); // the first probe in a process loads the Kubernetes client
    const t0 = Date.now();
    const res = await admin.get(`/v1/management-clusters/${mc.id}/health`);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reachable: false, ready: false, providers: [] });
    expect(res.body.message).toMatch(/unreachable/);

    const client = await kubeFor(testDeps(), mc.id);
    const err = await client.get({ apiVersion: "v1", kind: "Namespace", name: "default" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toMatch(new RegExp(`management cluster ${mc.name} is unreachable`));
  });

  it("a cluster that accepts connections but never answers: health gives up after the short timeout", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const res = await admin.post("/v1/management-clusters", { name: uniqueName("mc-silent"), server: `https://127.0.0.1:${port}`, caData: testKube().caData, token: "t" });
      expect(res.status).toBe(201);
      const t0 = Date.now();
      const health = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
      const took = Date.now() - t0;
      expect(health.body).toMatchObject({ reachable: false, ready: false });
      expect(health.body.message).toMatch(/timed out/);
      expect(took).toBeGreaterThanOrEqual(HEALTH_TIMEOUT_MS - 100);
      expect(took).toBeLessThan(HEALTH_TIMEOUT_MS + 3_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it("a cluster refusing the stored credentials is reported, and rotating them (PATCH) fixes it", async () => {
    const mc = await registerTestManagementCluster(admin);
    const k = testKube();
    const rotated = await admin.patch(`/v1/management-clusters/${mc.id}`, { server: k.server, caData: k.caData, token: "wrong-token" });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.text).not.toContain("wrong-token");
    const refused = await admin.get(`/v1/management-clusters/${mc.id}/health`);
    expect(refused.body).toMatchObject({ reachable: true, ready: false });
    expect(refused.body.message).toMatch(/refused the control plane's credentials/);

    expect((await admin.patch(`/v1/management-clusters/${mc.id}`, { kubeconfig: testKubeconfig() })).status).toBe(200);
    expect((await admin.get(`/v1/management-clusters/${mc.id}/health`)).body).toMatchObject({ reachable: true, ready: true });
    const client = await kubeFor(testDeps(), mc.id);
    expect((await client.version()).gitVersion).toBe("v1.30.14");
  });

  it("kubeFor answers not-found for an unknown management cluster", async () => {
    await expect(kubeFor(testDeps(), "mc_01aaaaaaaaaaaaaaaaaaaaaaaa")).rejects.toMatchObject({ kind: "not-found" });
    await expect(kubeFor(testDeps(), "not-an-id")).rejects.toMatchObject({ kind: "not-found" });
  });
});
