import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { KubeCredentialsRefused } from "../../core/kube/errors.js";
import { kubeFor, managementEndpoint } from "../../core/management/access.js";
import { HEALTH_TIMEOUT_MS, releaseTagOf } from "../../core/management/health.js";
import { RetryableError } from "../../core/shared/errors.js";
import { checkToken } from "../../core/tunnel/tokens.js";
import { installCrds, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { adminApi } from "../support/api.js";
import {
  registerTestManagementCluster,
  registerUnreachableManagementCluster,
  testDeps,
  testKube,
  testKubeconfig,
} from "../support/kube.js";
import { csrFor, foreignCa, rsaKey } from "../support/pki.js";
import { newTenant, tokenFor, uniqueName } from "../support/tenants.js";

const NO_SECRETS = /kubeconfig|token|caData|certificate|connection|credentialsVersion/i;

describe("management cluster registry (product §14)", () => {
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

    const upd = await admin.patch(
      `/v1/management-clusters/${id}`,
      { labels: { region: "eu-central" }, maxClusters: null, schedulable: false },
      { "if-match": etag },
    );
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

  it("refuses unusable credentials with 400, and credentials for a remote cluster", async () => {
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

    // a remote cluster is reached through its agent: it takes no credentials
    await bad({ connectivity: "remote", kubeconfig: testKubeconfig() }, "kubeconfig");
    await bad({ connectivity: "remote", tokenTtlSeconds: 10 }, "tokenTtlSeconds");
  });

  it("registers a remote cluster by id: a registration token and the agent manifest; until an agent connects it is TunnelDisconnected", async () => {
    const res = await admin.post("/v1/management-clusters", { name: uniqueName("mc"), connectivity: "remote", tokenTtlSeconds: 600 });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ connectivity: "remote", schedulable: true, agent: { token: expect.stringMatching(/^ckpreg_reg_/) } });
    expect(res.body.server).toBeUndefined();
    expect(Date.parse(res.body.agent.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    expect(res.body.agent.manifest).toContain(`cluster-id: ${res.body.id}`);
    expect(res.body.agent.manifest).toContain(res.body.agent.token);
    const health = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      reachable: false,
      ready: false,
      reason: "TunnelDisconnected",
      tunnel: { state: "awaiting-agent" },
    });
    expect(health.body.message).toContain("no cluster agent has connected yet");
    // the token is listed (never shown again), can be revoked, and a new one issued
    const agent = await admin.get(`/v1/management-clusters/${res.body.id}/agent`);
    expect(agent.body).toMatchObject({
      tunnel: { state: "awaiting-agent" },
      tokens: [{ tokenId: res.body.agent.tokenId, state: "unused" }],
    });
    expect(agent.text).not.toContain(res.body.agent.token);
    // tokens expire …
    const later = { ...testDeps(), clock: { now: () => new Date(Date.now() + 601_000) } };
    await expect(checkToken(later, res.body.agent.token)).rejects.toMatchObject({
      code: "cluster-agent.token-refused",
      message: expect.stringContaining("expired"),
    });
    // … and can be revoked: a revoked one registers nothing
    expect((await admin.delete(`/v1/management-clusters/${res.body.id}/agent-tokens/${res.body.agent.tokenId}`)).status).toBe(204);
    const revoked = await admin
      .as(undefined)
      .post("/v1/cluster-agent/register", { token: res.body.agent.token, csr: csrFor(rsaKey().privateKey) });
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe("cluster-agent.token-refused");
    const again = await admin.post(`/v1/management-clusters/${res.body.id}/agent-tokens`, {});
    expect(again.status, again.text).toBe(201);
    expect((await admin.get(`/v1/management-clusters/${res.body.id}/agent`)).body.tokens.map((t: any) => t.tokenId)).toEqual([
      again.body.tokenId,
    ]);
    // a direct cluster has no agent
    const direct = await registerTestManagementCluster(admin);
    expect((await admin.post(`/v1/management-clusters/${direct.id}/agent-tokens`, {})).status).toBe(422);
    // deregistering takes its tokens and tunnel with it
    expect((await admin.delete(`/v1/management-clusters/${res.body.id}`)).status).toBe(204);
    expect((await admin.post("/v1/cluster-agent/register", { token: again.body.token, csr: "x" })).body.code).toBe(
      "cluster-agent.token-refused",
    );
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
    // installed as clusterctl installs them (scripts/capi/providers.ts): versions from its inventory, contract labels in place
    expect(byName["cluster-api"].version).toBe("v1.7.7");
    expect(byName["kubeadm-bootstrap"].version).toBe("v1.7.7");
    expect(byName.byoh.version).toBe("v0.5.0");
    expect(byName.kamaji.version).toBe("v0.16.0");
    for (const p of res.body.providers) expect(p.problems, p.name).toEqual([]);

    // A release version recorded on the CRDs (as Helm charts do) is reported.
    const patched = await kubeRequest(testKube(), "PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.velero.io", {
      body: { metadata: { labels: { "app.kubernetes.io/version": "v1.18.1" } } },
      contentType: "application/merge-patch+json",
    });
    expect(patched.status).toBe(200);
    const again = await admin.get(`/v1/management-clusters/${mc.id}/health`);
    expect(again.body.providers.find((p: { name: string }) => p.name === "velero").version).toBe("v1.18.1");
  });

  it("reports a cluster without the CAPI providers as not ready, naming what is missing; versions come from clusterctl's inventory", async () => {
    const bare = await startKubeApiserver();
    const fixtures = mkdtempSync(join(tmpdir(), "ckp-clusterctl-"));
    try {
      const res = await admin.post("/v1/management-clusters", {
        name: uniqueName("mc-bare"),
        server: bare.server,
        caData: bare.caData,
        token: bare.token,
      });
      expect(res.status, res.text).toBe(201);
      const health = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
      expect(health.body).toMatchObject({ reachable: true, ready: false, kubernetesVersion: "v1.30.14" });
      expect(health.body.message).toMatch(/cluster-api.*kamaji/);
      const capi = health.body.providers.find((p: { name: string }) => p.name === "cluster-api");
      expect(capi).toMatchObject({ installed: false, apiVersions: [], version: null });
      expect(capi.missing).toContain("Cluster.cluster.x-k8s.io");

      // What `clusterctl init` leaves behind: the providers' CRDs and its inventory of Provider
      // objects (here a minimal stand-in for clusterctl's Provider CRD, which is not in ../shared/crds).
      writeFileSync(
        join(fixtures, "provider.yaml"),
        yaml.dump({
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          metadata: { name: "providers.clusterctl.cluster.x-k8s.io" },
          spec: {
            group: "clusterctl.cluster.x-k8s.io",
            scope: "Namespaced",
            names: { kind: "Provider", listKind: "ProviderList", plural: "providers", singular: "provider" },
            versions: [
              {
                name: "v1alpha3",
                served: true,
                storage: true,
                schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
              },
            ],
          },
        }),
      );
      await installCrds(bare, fixtures);
      await installCrds(bare, join(testKube().crdDir, "cluster-api-v1.7.7"));
      expect((await kubeRequest(bare, "POST", "/api/v1/namespaces", { body: { metadata: { name: "capi-system" } } })).status).toBe(201);
      for (const [name, providerName, type] of [
        ["cluster-api", "cluster-api", "CoreProvider"],
        ["bootstrap-kubeadm", "kubeadm", "BootstrapProvider"],
      ]) {
        const created = await kubeRequest(bare, "POST", "/apis/clusterctl.cluster.x-k8s.io/v1alpha3/namespaces/capi-system/providers", {
          body: {
            apiVersion: "clusterctl.cluster.x-k8s.io/v1alpha3",
            kind: "Provider",
            metadata: { name },
            providerName,
            type,
            version: "v1.7.7",
          },
        });
        expect(created.status).toBe(201);
      }
      const after = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
      const byName = Object.fromEntries(after.body.providers.map((p: { name: string }) => [p.name, p]));
      expect(byName["cluster-api"]).toMatchObject({ installed: true, version: "v1.7.7", apiVersions: ["v1beta1"], missing: [] });
      expect(byName["kubeadm-bootstrap"]).toMatchObject({ installed: true, version: "v1.7.7" });
      expect(byName.byoh).toMatchObject({ installed: false, version: null });
      expect(after.body).toMatchObject({ reachable: true, ready: false });
      expect(after.body.message).toMatch(/byoh, kamaji/);
      // CRDs installed by hand carry no contract label: CAPI would refuse every KubeadmConfig, and health says so
      const crdBase = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
      expect(byName["kubeadm-bootstrap"].problems).toEqual([
        expect.stringContaining("CRD kubeadmconfigs.bootstrap.cluster.x-k8s.io has no label cluster.x-k8s.io/v1beta1"),
        expect.stringContaining("CRD kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io has no label cluster.x-k8s.io/v1beta1"),
      ]);
      expect(byName["kubeadm-bootstrap"].problems[0]).toContain("refuses every reference to a KubeadmConfig");
      expect(after.body.message).toContain("kubeadm-bootstrap: CRD kubeadmconfigs.bootstrap.cluster.x-k8s.io has no label");
      const label = async (value: string) => {
        for (const crd of ["kubeadmconfigs", "kubeadmconfigtemplates"]) {
          const patched = await kubeRequest(bare, "PATCH", `${crdBase}/${crd}.bootstrap.cluster.x-k8s.io`, {
            body: { metadata: { labels: { "cluster.x-k8s.io/v1beta1": value } } },
            contentType: "application/merge-patch+json",
          });
          expect(patched.status).toBe(200);
        }
        const h = await admin.get(`/v1/management-clusters/${res.body.id}/health`);
        return h.body.providers.find((p: { name: string }) => p.name === "kubeadm-bootstrap").problems as string[];
      };
      // a label naming a version the CRD does not serve is no better
      expect(await label("v1alpha4")).toEqual([
        "CRD kubeadmconfigs.bootstrap.cluster.x-k8s.io's label cluster.x-k8s.io/v1beta1=v1alpha4 names no version it serves (v1beta1)",
        "CRD kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io's label cluster.x-k8s.io/v1beta1=v1alpha4 names no version it serves (v1beta1)",
      ]);
      // as clusterctl labels them (several versions joined by _)
      expect(await label("v1alpha4_v1beta1")).toEqual([]);
    } finally {
      await bare.stop();
      rmSync(fixtures, { recursive: true, force: true });
    }
  });

  it("an unreachable cluster: health says so quickly; operations fail retryably, not with 500", async () => {
    const mc = await registerUnreachableManagementCluster(admin);
    await admin.get(`/v1/management-clusters/${mc.id}/health`); // the first probe in a process loads the Kubernetes client
    const t0 = Date.now();
    const res = await admin.get(`/v1/management-clusters/${mc.id}/health`);
    // refused at once: no waiting for the (longer) operation timeout
    expect(Date.now() - t0).toBeLessThan(HEALTH_TIMEOUT_MS + 2_000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reachable: false, ready: false, providers: [] });
    expect(res.body.message).toMatch(/unreachable.*ECONNREFUSED/);

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
      const res = await admin.post("/v1/management-clusters", {
        name: uniqueName("mc-silent"),
        server: `https://127.0.0.1:${port}`,
        caData: testKube().caData,
        token: "t",
      });
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

  it("a wrong CA or a plain-HTTP endpoint: health 200 with reachable false naming the TLS problem; provider status 200 degraded", async () => {
    const k = testKube();
    const plain = http.createServer((_req, res) => res.end("not TLS"));
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", () => r()));
    const bms = new OrbiterBmsSimulator({ secret: "tls-hw-secret", pools: { rack: { servers: 1 } } });
    await bms.start();
    try {
      // the test apiserver itself, but trusted through another CA
      const wrongCa = await admin.post("/v1/management-clusters", {
        name: uniqueName("mc-wrong-ca"),
        server: k.server,
        caData: foreignCa().certPem,
        token: k.token,
      });
      expect(wrongCa.status, wrongCa.text).toBe(201);
      // https:// to a loopback server that speaks plain HTTP
      const port = (plain.address() as net.AddressInfo).port;
      const plainMc = await admin.post("/v1/management-clusters", {
        name: uniqueName("mc-plain"),
        server: `https://127.0.0.1:${port}`,
        caData: k.caData,
        token: "t",
      });
      expect(plainMc.status, plainMc.text).toBe(201);

      const h1 = await admin.get(`/v1/management-clusters/${wrongCa.body.id}/health`);
      expect(h1.status, h1.text).toBe(200);
      expect(h1.body).toMatchObject({ reachable: false, ready: false, providers: [] });
      expect(h1.body.message).toMatch(
        /is unreachable .*TLS: the server's certificate is not trusted by the configured CA \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
      );
      const h2 = await admin.get(`/v1/management-clusters/${plainMc.body.id}/health`);
      expect(h2.status, h2.text).toBe(200);
      expect(h2.body).toMatchObject({ reachable: false, ready: false, providers: [] });
      expect(h2.body.message).toMatch(/is unreachable .*TLS handshake failed .*does not speak TLS at this address/);

      // operations fail retryably, with the same reason
      const err = await (await kubeFor(testDeps(), wrongCa.body.id))
        .get({ apiVersion: "v1", kind: "Namespace", name: "default" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RetryableError);
      expect((err as Error).message).toMatch(/TLS: the server's certificate is not trusted/);

      // provider status: each provider cluster reports its management cluster, and the answer is 200
      const t = await newTenant();
      const domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
      expect(
        (
          await domainAdmin.post(`/v1/domains/${t.domain}/credentials`, {
            type: "orbiter-bms",
            name: "hw",
            endpoint: bms.http.url,
            hardwareAccessSecret: "tls-hw-secret",
          })
        ).status,
      ).toBe(201);
      const pc = (name: string, mc: string) => ({
        name,
        type: "orbiter-bms",
        credential: "hw",
        managementCluster: mc,
        defaults: { serverPool: "rack", cloudInitTemplate: "#cloud-config\n" },
      });
      expect((await domainAdmin.post(`/v1/domains/${t.domain}/provider-clusters`, pc("wrong-ca", wrongCa.body.id))).status).toBe(201);
      expect((await domainAdmin.post(`/v1/domains/${t.domain}/provider-clusters`, pc("plain", plainMc.body.id))).status).toBe(201);
      const status = await domainAdmin.get(`/v1/domains/${t.domain}/provider-status`);
      expect(status.status, status.text).toBe(200);
      expect(status.body).toMatchObject({ configured: true, status: "degraded" });
      const byName = Object.fromEntries(status.body.providerClusters.map((p: { name: string }) => [p.name, p]));
      for (const [name, id, reason] of [
        ["wrong-ca", wrongCa.body.id, /not trusted by the configured CA/],
        ["plain", plainMc.body.id, /does not speak TLS/],
      ] as const) {
        expect(byName[name]).toMatchObject({
          ready: false,
          provider: { reachable: true, authenticated: true },
          managementClusters: [{ id, reachable: false, ready: false }],
        });
        expect(byName[name].managementClusters[0].message).toMatch(reason);
        expect(byName[name].problems).toEqual(["no management cluster is reachable"]);
      }
    } finally {
      await bms.stop();
      plain.closeAllConnections();
      await new Promise((r) => plain.close(r));
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
    expect(refused.body.message).toMatch(/refused the control plane's credentials .*HTTP 401.*update the management cluster's kubeconfig/);
    // retryable, not terminal: a worker tries again and picks up rotated credentials
    const stale = await (await kubeFor(testDeps(), mc.id))
      .get({ apiVersion: "v1", kind: "Namespace", name: "default" })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(KubeCredentialsRefused);
    expect(stale).toBeInstanceOf(RetryableError);

    expect((await admin.patch(`/v1/management-clusters/${mc.id}`, { kubeconfig: testKubeconfig() })).status).toBe(200);
    expect((await admin.get(`/v1/management-clusters/${mc.id}/health`)).body).toMatchObject({ reachable: true, ready: true });
    const client = await kubeFor(testDeps(), mc.id);
    expect((await client.version()).gitVersion).toBe("v1.30.14");
  });

  it("keeps the address the workload clusters reach the API server at, which Karpenter is given (remote clusters have no other)", async () => {
    const remote = await admin.post("/v1/management-clusters", {
      name: uniqueName("mc-far"),
      connectivity: "remote",
      workloadFacingServer: "https://10.0.0.10:6443",
    });
    expect(remote.status, remote.text).toBe(201);
    expect(remote.body.workloadFacingServer).toBe("https://10.0.0.10:6443");
    // a remote cluster's CA comes with Karpenter's token Secret (ca.crt), read in the cluster
    expect(await managementEndpoint(testDeps(), remote.body.id)).toEqual({ server: "https://10.0.0.10:6443" });
    const cleared = await admin.patch(`/v1/management-clusters/${remote.body.id}`, { workloadFacingServer: null });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).not.toHaveProperty("workloadFacingServer");
    expect(await managementEndpoint(testDeps(), remote.body.id)).toBeUndefined();
    const bad = await admin.patch(`/v1/management-clusters/${remote.body.id}`, { workloadFacingServer: "http://10.0.0.10:6443" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: "workloadFacingServer", message: "must be an https:// URL" })]);

    // a direct one: the address the control plane dials unless another is set; the CA it trusts either way
    const direct = await registerTestManagementCluster(admin);
    const k = testKube();
    expect(await managementEndpoint(testDeps(), direct.id)).toMatchObject({
      server: k.server,
      caData: expect.stringContaining("BEGIN CERTIFICATE"),
    });
    expect((await admin.patch(`/v1/management-clusters/${direct.id}`, { workloadFacingServer: "https://mgmt.internal:6443" })).status).toBe(
      200,
    );
    expect(await managementEndpoint(testDeps(), direct.id)).toMatchObject({
      server: "https://mgmt.internal:6443",
      caData: expect.stringContaining("BEGIN CERTIFICATE"),
    });
    for (const id of [remote.body.id, direct.id]) expect((await admin.delete(`/v1/management-clusters/${id}`)).status).toBe(204);
  });

  it("reads provider versions from the controller Deployments' image tags when nothing else records them", async () => {
    expect(releaseTagOf("registry.k8s.io/cluster-api/cluster-api-controller:v1.7.7")).toBe("v1.7.7");
    expect(releaseTagOf("registry.local:5000/karpenter/controller:1.14.1@sha256:0123")).toBe("v1.14.1");
    expect(releaseTagOf("registry.local:5000/byoh/controller")).toBeUndefined();
    expect(releaseTagOf("docker.io/velero/velero:latest")).toBeUndefined();
    expect(releaseTagOf("docker.io/velero/velero@sha256:0123")).toBeUndefined();

    const kube = await startKubeApiserver();
    try {
      for (const dir of ["cluster-api-v1.7.7", "byoh-v0.5.0", "kamaji-provider-v0.16.0", "karpenter-v1.14.1", "velero-v1.18.1"])
        await installCrds(kube, join(testKube().crdDir, dir));
      const res = await admin.post("/v1/management-clusters", {
        name: uniqueName("mc-images"),
        server: kube.server,
        caData: kube.caData,
        token: kube.token,
      });
      expect(res.status, res.text).toBe(201);
      const versions = async () =>
        Object.fromEntries(
          (
            (await admin.get(`/v1/management-clusters/${res.body.id}/health`)).body.providers as Array<{
              name: string;
              version: string | null;
            }>
          ).map((p) => [p.name, p.version]),
        );
      expect(await versions()).toEqual({
        "cluster-api": null,
        "kubeadm-bootstrap": null,
        byoh: null,
        kamaji: null,
        karpenter: null,
        velero: null,
      });

      // What the upstream installs leave running (stored only: this apiserver has no controllers to run them).
      const deploy = async (namespace: string, name: string, containers: Array<{ name: string; image: string }>) => {
        if ((await kubeRequest(kube, "GET", `/api/v1/namespaces/${namespace}`)).status === 404) {
          const ns = await kubeRequest(kube, "POST", "/api/v1/namespaces", { body: { metadata: { name: namespace } } });
          expect(ns.status).toBe(201);
        }
        const d = await kubeRequest(kube, "POST", `/apis/apps/v1/namespaces/${namespace}/deployments`, {
          body: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name },
            spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
          },
        });
        expect(d.status, JSON.stringify(d.body)).toBe(201);
      };
      // the manager container, not the sidecar listed first
      await deploy("capi-system", "capi-controller-manager", [
        { name: "kube-rbac-proxy", image: "gcr.io/kubebuilder/kube-rbac-proxy:v0.15.0" },
        { name: "manager", image: "registry.k8s.io/cluster-api/cluster-api-controller:v1.7.7" },
      ]);
      await deploy("capi-kubeadm-bootstrap-system", "capi-kubeadm-bootstrap-controller-manager", [
        { name: "manager", image: "registry.k8s.io/cluster-api/kubeadm-bootstrap-controller:v1.7.6" },
      ]);
      await deploy("kamaji-system", "capi-kamaji-controller-manager", [
        { name: "manager", image: "docker.io/clastix/cluster-api-control-plane-provider-kamaji:v0.16.0" },
      ]);
      await deploy("kube-system", "karpenter", [
        {
          name: "controller",
          image: "public.ecr.aws/karpenter/controller:1.14.1@sha256:9a5ad1b1f3c4e2b7a0f1c3d5e7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5",
        },
      ]);
      await deploy("velero", "velero", [{ name: "velero", image: "velero/velero:v1.18.1" }]);
      // an untagged development image says nothing about the release
      await deploy("byoh-system", "byoh-controller-manager", [
        { name: "manager", image: "projects.registry.vmware.com/cluster_api_provider_bringyourownhost/cluster-api-byoh-controller:latest" },
      ]);
      expect(await versions()).toEqual({
        "cluster-api": "v1.7.7",
        "kubeadm-bootstrap": "v1.7.6",
        byoh: null,
        kamaji: "v0.16.0",
        karpenter: "v1.14.1",
        velero: "v1.18.1",
      });

      // a version recorded on the CRDs (Helm's label) comes first
      const labelled = await kubeRequest(kube, "PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.velero.io", {
        body: { metadata: { labels: { "app.kubernetes.io/version": "v1.18.0" } } },
        contentType: "application/merge-patch+json",
      });
      expect(labelled.status).toBe(200);
      expect((await versions()).velero).toBe("v1.18.0");
    } finally {
      await kube.stop();
    }
  });

  it("kubeFor answers not-found for an unknown management cluster", async () => {
    await expect(kubeFor(testDeps(), "mc_01aaaaaaaaaaaaaaaaaaaaaaaa")).rejects.toMatchObject({ kind: "not-found" });
    await expect(kubeFor(testDeps(), "not-an-id")).rejects.toMatchObject({ kind: "not-found" });
  });
});
