import { randomBytes } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { workloadClient } from "../../core/addons/workload.js";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { KubeClient } from "../../core/kube/client.js";
import { parseKubeconfig } from "../../core/kube/connection.js";
import { kubeFor } from "../../core/management/access.js";
import { installProviders } from "../../scripts/capi/providers.js";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { kubeconfigFor } from "../doubles/workload-clusters.js";
import { mtlsRequest } from "../support/agent-process.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { type InstalledAgent, installClusterAgent } from "../support/cluster-agent.js";
import { testDeps } from "../support/kube.js";
import { crdDir } from "../support/kube.setup.js";
import { csrFor, rsaKey } from "../support/pki.js";
import { uniqueName } from "../support/tenants.js";

/**
 * A remote management cluster (product §14 "Remote"): a real kube-apiserver
 * whose address the control plane is never given, reached only through a
 * real ckp-cluster-agent process that dials out to the dev server's agent
 * WebSocket. Everything the control plane does there goes through the
 * tunnel and the agent's service account.
 */
const admin = adminApi();
let remote: KubeApiserver;
let mc: { id: string; name: string; agent: { token: string } };
let agent: InstalledAgent;

beforeAll(async () => {
  useLocalAws();
  remote = await startKubeApiserver({ crdDir });
  // the providers installed as clusterctl installs them (contract labels, inventory): what health calls ready
  await installProviders(remote);
  const res = await admin.post("/v1/management-clusters", {
    name: uniqueName("mc-remote"),
    connectivity: "remote",
    labels: { site: "far" },
  });
  expect(res.status, res.text).toBe(201);
  mc = res.body;
  // the answer: the cluster's id, a one-time token, and the manifest that runs the agent
  expect(res.body).toMatchObject({
    connectivity: "remote",
    agent: { token: expect.stringMatching(/^ckpreg_/), tokenId: expect.any(String) },
  });
  expect(res.body.server).toBeUndefined();
  expect(res.body.agent.manifest).toContain("kind: Deployment");
  expect(res.body.agent.manifest).toContain(res.body.id);
  // the agent runs "inside" the cluster: it alone resolves the pod network's names (a workload cluster's address below)
  agent = await installClusterAgent(remote, res.body.agent.manifest, { name: "remote-mc", pingSeconds: 10, podNetwork: true });
  await agent.process.waitForLine(/tunnel connected/, 120_000);
}, 300_000);

afterAll(async () => {
  await agent?.stopAll();
  await remote?.stop();
});

describe("a remote management cluster through its agent's tunnel", () => {
  it("answers health, version and installed providers through the tunnel; the control plane stores no address for it", async () => {
    const health = await eventually(async () => {
      const h = await admin.get(`/v1/management-clusters/${mc.id}/health`);
      return h.body.reachable ? h : undefined;
    }, 180_000);
    expect(health.body).toMatchObject({
      connectivity: "remote",
      reachable: true,
      ready: true,
      kubernetesVersion: "v1.30.14",
      tunnel: { state: "connected", agentVersion: expect.any(String) },
    });
    expect(health.body.providers.find((p: any) => p.name === "cluster-api")).toMatchObject({ installed: true });
    // what the control plane keeps of the cluster names no address of it
    const port = new URL(remote.server).port;
    const items = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: testDeps().table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `MC#${mc.id}` },
      }),
    );
    expect(items.Items?.length).toBeGreaterThan(1);
    expect(JSON.stringify(items.Items)).not.toContain(`:${port}`);
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.server).toBeUndefined();
  });

  it("applies, reads, lists in pages, watches and deletes through the tunnel, with bodies larger than a frame both ways", async () => {
    const kube = await kubeFor(testDeps(), mc.id);
    const ns = `tun-${randomBytes(3).toString("hex")}`;
    await kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    // a body of 200 KiB goes out in ten frames and comes back (base64) in more
    const big = "x".repeat(200 * 1024);
    await kube.apply({ apiVersion: "v1", kind: "Secret", metadata: { name: "big", namespace: ns }, stringData: { blob: big } });
    const read = await kube.get<{ apiVersion: string; kind: string; metadata: { name: string }; data: { blob: string } }>({
      apiVersion: "v1",
      kind: "Secret",
      name: "big",
      namespace: ns,
    });
    expect(Buffer.from(read?.data.blob ?? "", "base64").toString()).toBe(big);

    // a watch streams: events arrive while the request is open
    const seen: string[] = [];
    const watching = kube.watch("v1", "Secret", { namespace: ns, timeoutSeconds: 60 }, (e) => {
      if (e.type === "ADDED") seen.push(e.object.metadata.name);
      return seen.includes("s-9") ? "stop" : undefined;
    });
    for (let i = 0; i < 10; i++) {
      await kube.apply({ apiVersion: "v1", kind: "Secret", metadata: { name: `s-${i}`, namespace: ns }, stringData: { n: String(i) } });
    }
    await watching;
    expect(seen).toEqual(expect.arrayContaining(["big", "s-0", "s-5", "s-9"]));

    // a long answer (all of them in one page, ~0.3 MB) and paging
    const whole = await kube.list("v1", "Secret", { namespace: ns, limit: 500 });
    expect(whole.items.map((s) => s.metadata.name).sort()).toEqual(["big", ...Array.from({ length: 10 }, (_, i) => `s-${i}`)].sort());
    const first = await kube.list("v1", "Secret", { namespace: ns, limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.continue).toBeTruthy();

    expect(await kube.delete({ apiVersion: "v1", kind: "Namespace", name: ns })).toBe(true);
    expect((await kubeRequest(remote, "GET", `/api/v1/namespaces/${ns}`)).body.metadata?.deletionTimestamp).toBeTruthy();
  });

  it("reaches a workload cluster of the remote cluster through the agent, at an address only the agent can resolve", async () => {
    const workload = await startKubeApiserver();
    let up = true;
    try {
      const ns = `wl-${randomBytes(3).toString("hex")}`;
      const deps = testDeps();
      expect(await workloadClient(deps, mc.id, ns, "w1")).toMatchObject({ message: expect.stringMatching(/has not written Secret/) });
      // what Kamaji's provider writes: the kubeconfig of a tenant API server named by an in-cluster address
      const port = new URL(workload.server).port;
      const kubeconfig = kubeconfigFor("w1", workload, { server: `https://w1.${ns}.pod-network.test:${port}`, tlsServerName: "localhost" });
      await kubeRequest(remote, "POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
      const secret = { name: "w1-kubeconfig", namespace: ns, labels: { "cluster.x-k8s.io/cluster-name": "w1" } };
      const created = await kubeRequest(remote, "POST", `/api/v1/namespaces/${ns}/secrets`, {
        body: { apiVersion: "v1", kind: "Secret", metadata: secret, type: "cluster.x-k8s.io/secret", data: { value: b64(kubeconfig) } },
      });
      expect(created.status).toBe(201);
      // the control plane itself cannot reach that address
      const direct = new KubeClient(await parseKubeconfig(kubeconfig), { label: "direct", timeoutMs: 5_000 });
      await expect(direct.get({ apiVersion: "v1", kind: "Namespace", name: "default" })).rejects.toThrow(/ENOTFOUND|unreachable/);

      const client = await workloadClient(deps, mc.id, ns, "w1");
      if (client instanceof Error) throw client;
      expect((await client.get({ apiVersion: "v1", kind: "Namespace", name: "default" }))?.metadata.name).toBe("default");
      await client.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "via-agent", namespace: "default" }, data: { a: "1" } });
      expect((await kubeRequest(workload, "GET", "/api/v1/namespaces/default/configmaps/via-agent")).body.data).toEqual({ a: "1" });
      expect((await client.list("v1", "ConfigMap", { namespace: "default" })).items.map((c) => c.metadata.name)).toContain("via-agent");
      await agent.process.waitForLine(new RegExp(`workload cluster ${ns}/w1: reached with its kubeconfig Secret`), 10_000);
      // the workload cluster's API server is down: a retryable "unreachable", saying the agent could not reach it
      await workload.stop();
      up = false;
      await expect(client.get({ apiVersion: "v1", kind: "Namespace", name: "default" })).rejects.toThrow(
        /workload cluster w1 \(through management cluster .*\) is unreachable \(its cluster agent could not reach the API server/,
      );
    } finally {
      if (up) await workload.stop();
    }
  });

  it("acts with the agent's service account: what its manifest does not grant is refused by the cluster", async () => {
    const kube = await kubeFor(testDeps(), mc.id);
    await expect(
      kube.apply({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "escalate" },
        rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
      }),
    ).rejects.toMatchObject({ name: "KubeCredentialsRefused", status: 403 });
    expect((await kubeRequest(remote, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/escalate")).status).toBe(404);
  });

  it("a second agent of the cluster takes over; the first stands by, and takes the tunnel back when the second goes", async () => {
    const before = (await admin.get(`/v1/management-clusters/${mc.id}/agent`)).body.tunnel;
    expect(before.state).toBe("connected");
    const second = await agent.start("remote-mc-takeover");
    await second.waitForLine(/tunnel connected/, 120_000);
    await agent.process.waitForLine(/took over the tunnel; standing by/, 60_000);
    const during = (await admin.get(`/v1/management-clusters/${mc.id}/agent`)).body.tunnel;
    expect(during.state).toBe("connected");
    expect(Date.parse(during.since)).toBeGreaterThan(Date.parse(before.since));
    // requests go through the new agent
    expect((await (await kubeFor(testDeps(), mc.id)).version()).gitVersion).toBe("v1.30.14");
    // the standing-by agent does not take the tunnel back while the new one holds it
    await agent.process.waitForLine(/standing by: another agent of this cluster holds the tunnel/, 60_000);
    await second.kill("SIGKILL");
    // the first agent's next look finds the tunnel free and takes it
    await eventually(async () => (agent.process.lines.filter((l) => /tunnel connected/.test(l)).length >= 2 ? true : undefined), 90_000);
    expect((await (await kubeFor(testDeps(), mc.id)).version()).gitVersion).toBe("v1.30.14");
  });

  it("refuses a replayed registration token", async () => {
    const res = await admin.as(undefined).post("/v1/cluster-agent/register", { token: mc.agent.token, csr: csrFor(rsaKey().privateKey) });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: "cluster-agent.token-refused" });
    expect(res.body.detail).toContain("already used");
    const unknown = await admin.as(undefined).post("/v1/cluster-agent/register", { token: `${mc.agent.token.slice(0, -4)}AAAA`, csr: "x" });
    expect(unknown.body).toMatchObject({ code: "cluster-agent.token-refused" });
  });

  it("refuses a revoked agent certificate at once: no request goes through, its tickets are refused; a new token brings it back", async () => {
    const identity = await kubeRequest(remote, "GET", "/api/v1/namespaces/ckp-system/secrets/ckp-cluster-agent-identity");
    const data = (k: string) => Buffer.from(identity.body.data[k], "base64").toString("utf8");
    const serial = data("serial");
    const cert = (await admin.get(`/v1/certificates/${serial}`)).body;
    expect(cert).toMatchObject({ purpose: "cluster-agent", clusterId: mc.id, revoked: false });
    expect((await admin.post(`/v1/certificates/${serial}/revoke`, { reason: "key compromised" })).status).toBe(200);

    // the next request is refused before anything is sent
    const kube = await kubeFor(testDeps(), mc.id);
    await expect(kube.version()).rejects.toMatchObject({ name: "TunnelDisconnected", code: "tunnel.disconnected" });
    const health = (await admin.get(`/v1/management-clusters/${mc.id}/health`)).body;
    expect(health).toMatchObject({ reachable: false, reason: "TunnelDisconnected", tunnel: { state: "disconnected" } });
    // and the agent cannot open the tunnel again
    const ca = (await admin.get("/v1/ca")).text;
    const ticket = await mtlsRequest(
      `${inject("controlPlane").mtlsUrl}/v1/cluster-agent/ws-ticket`,
      { key: data("tls.key"), cert: data("tls.crt"), ca },
      {
        method: "POST",
        body: {},
      },
    );
    expect(ticket).toMatchObject({ status: 401, body: { code: "cluster-agent.certificate-refused" } });
    // told (the tunnel closed with the reason, or its next ticket refused), it stops asking but rarely
    await agent.process.waitForLine(/detached this agent: .*revoked|refuses this agent \(401\)/, 60_000);

    // recovery: a new token, the identity wiped, the manifest applied again, the pod restarted
    const fresh = await admin.post(`/v1/management-clusters/${mc.id}/agent-tokens`, {});
    expect(fresh.status, fresh.text).toBe(201);
    await agent.stopAll();
    expect((await kubeRequest(remote, "DELETE", "/api/v1/namespaces/ckp-system/secrets/ckp-cluster-agent-identity")).status).toBe(200);
    agent = await installClusterAgent(remote, fresh.body.manifest, { name: "remote-mc-again", pingSeconds: 10 });
    await agent.process.waitForLine(/tunnel connected/, 120_000);
    expect((await (await kubeFor(testDeps(), mc.id)).version()).gitVersion).toBe("v1.30.14");
    const status = (await admin.get(`/v1/management-clusters/${mc.id}/agent`)).body;
    expect(status.tunnel.certificateSerial).not.toBe(serial);
    expect(status.tokens.find((t: any) => t.tokenId === fresh.body.tokenId)).toMatchObject({ state: "used" });
  });
});

const b64 = (s: string) => Buffer.from(s).toString("base64");
