import { readFileSync } from "node:fs";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { kubeForImported } from "../../core/imported/imported.js";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { registerStorageProfile } from "../support/addons.js";
import { mtlsRequest } from "../support/agent-process.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { type InstalledAgent, installClusterAgent } from "../support/cluster-agent.js";
import { BMS_TEMPLATE, groupHosts, publishBundles, registerHosts, waitForGone } from "../support/clusters.js";
import { closedPort, registerTestManagementCluster, testDeps } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * Existing clusters brought into a project (the ACP guide's import and
 * register): a second real kube-apiserver, imported with its kubeconfig,
 * and registered without one — then reached only through a real
 * ckp-cluster-agent process with the read-only RBAC its manifest grants.
 * The kubelets that would register Nodes are played here: the test writes
 * the Node objects as the admin, the control plane only reads them.
 */
const admin = adminApi();
let other: KubeApiserver;
let agent: InstalledAgent | undefined;
let t: Tenant;
// the CAPI cluster listed beside the imported ones is deleted at the end: its delete asks the provider which machines it holds
const bms = new OrbiterBmsSimulator({ secret: "x", pools: { rack1: { servers: 0 } } });

async function node(name: string, o: { roles?: string[]; ready: boolean }): Promise<void> {
  const labels = Object.fromEntries((o.roles ?? []).map((r) => [`node-role.kubernetes.io/${r}`, ""]));
  expect(
    (await kubeRequest(other, "POST", "/api/v1/nodes", { body: { apiVersion: "v1", kind: "Node", metadata: { name, labels } } })).status,
  ).toBe(201);
  const status = await kubeRequest(other, "PATCH", `/api/v1/nodes/${name}/status`, {
    contentType: "application/merge-patch+json",
    body: {
      status: {
        conditions: [
          { type: "Ready", status: o.ready ? "True" : "False", reason: o.ready ? "KubeletReady" : "KubeletNotReady", message: "" },
        ],
        nodeInfo: { kubeletVersion: "v1.30.14" },
      },
    },
  });
  expect(status.status, JSON.stringify(status.body)).toBe(200);
}

beforeAll(async () => {
  useLocalAws();
  await bms.start();
  other = await startKubeApiserver();
  await node("cp-1", { roles: ["control-plane"], ready: true });
  await node("worker-1", { roles: ["worker"], ready: true });
  await node("worker-2", { ready: false });
  t = await newTenant();
}, 300_000);

afterAll(async () => {
  await agent?.stopAll();
  await other?.stop();
  await bms.stop();
});

const nodesOfOther = [
  { name: "cp-1", roles: ["control-plane"], ready: true, kubeletVersion: "v1.30.14" },
  { name: "worker-1", roles: ["worker"], ready: true, kubeletVersion: "v1.30.14" },
  { name: "worker-2", roles: [], ready: false, kubeletVersion: "v1.30.14" },
];

describe("importing an existing cluster with its kubeconfig", () => {
  it("checks the kubeconfig by reaching the cluster, keeps it sealed, and reads version, nodes and health through it", async () => {
    const kubeconfig = readFileSync(other.kubeconfigPath, "utf8");
    const res = await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "legacy", kubeconfig, labels: { env: "prod" } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      type: "imported",
      access: "kubeconfig",
      server: other.server,
      observed: { kubernetesVersion: "v1.30.14" },
    });
    expect(res.body.agent).toBeUndefined();
    expect(res.text).not.toContain(other.token);
    // at rest: the credentials are sealed, never in plaintext
    const items = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: testDeps().table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}` },
      }),
    );
    const stored = JSON.stringify(items.Items);
    expect(stored).toContain(res.body.id);
    expect(stored).not.toContain(other.token);

    const got = await t.projectAdmin.get(`${t.base}/imported-clusters/${res.body.id}`);
    expect(got.status, got.text).toBe(200);
    expect(got.body.live).toMatchObject({
      reachable: true,
      kubernetesVersion: "v1.30.14",
      health: { apiServerReady: true, nodesReady: 2, nodesTotal: 3 },
      message: "1 of 3 node(s) not ready",
    });
    expect(got.body.live.nodes).toEqual(nodesOfOther);
    expect(got.body.live.tunnel).toBeUndefined();
  });

  it("refuses a kubeconfig that does not reach a cluster (422, nothing stored)", async () => {
    const unreachable = readFileSync(other.kubeconfigPath, "utf8").replace(other.server, `https://127.0.0.1:${await closedPort()}`);
    const res = await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "nowhere", kubeconfig: unreachable });
    expect(res.status, res.text).toBe(422);
    expect(res.body.code).toBe("imported-cluster.unreachable");
    expect(res.body.detail).toContain("unreachable");
    const wrongToken = readFileSync(other.kubeconfigPath, "utf8").replace(other.token, "not-the-token");
    const refused = await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "nowhere", kubeconfig: wrongToken });
    expect(refused.body.code).toBe("imported-cluster.unreachable");
    const list = (await t.projectAdmin.get(`${t.base}/imported-clusters`)).body.items;
    expect(list.map((c: any) => c.name)).not.toContain("nowhere");
    // the name was not taken
    expect((await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "nowhere" })).status).toBe(201);
  });
});

describe("registering a cluster the control plane cannot reach", () => {
  let registered: { id: string; agent: { token: string; manifest: string } };

  it("answers a token and the agent manifest; the cluster is TunnelDisconnected until its agent connects, then read through the tunnel", async () => {
    const res = await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "edge-site", description: "behind NAT" });
    expect(res.status, res.text).toBe(201);
    registered = res.body;
    expect(res.body).toMatchObject({ type: "imported", access: "agent", agent: { token: expect.stringMatching(/^ckpreg_/) } });
    expect(res.body.server).toBeUndefined();
    const before = (await t.projectAdmin.get(`${t.base}/imported-clusters/${res.body.id}`)).body;
    expect(before.live).toMatchObject({ reachable: false, reason: "TunnelDisconnected", tunnel: { state: "awaiting-agent" } });

    agent = await installClusterAgent(other, res.body.agent.manifest, { name: "edge-site", pingSeconds: 10 });
    await agent.process.waitForLine(/tunnel connected/, 120_000);
    const got = await eventually(async () => {
      const r = await t.projectAdmin.get(`${t.base}/imported-clusters/${res.body.id}`);
      return r.body.live?.reachable ? r.body : undefined;
    }, 120_000);
    expect(got.live).toMatchObject({
      kubernetesVersion: "v1.30.14",
      health: { apiServerReady: true, nodesReady: 2, nodesTotal: 3 },
      tunnel: { state: "connected" },
    });
    expect(got.live.nodes).toEqual(nodesOfOther);
    expect(got.observed).toBeUndefined(); // the record as read; the next read shows what this one observed
    expect((await t.projectAdmin.get(`${t.base}/imported-clusters/${res.body.id}`)).body.observed).toMatchObject({
      nodeCount: 3,
      readyNodes: 2,
    });
  });

  it("acts there only as the agent's read-only service account", async () => {
    const kube = await kubeForImported(testDeps(), t, registered.id);
    expect((await kube.list("v1", "Node")).items).toHaveLength(3);
    await expect(kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "intruder" } })).rejects.toMatchObject({
      name: "KubeCredentialsRefused",
      status: 403,
    });
    expect((await kubeRequest(other, "GET", "/api/v1/namespaces/intruder")).status).toBe(404);
  });

  it("lists beside the project's CAPI clusters, each with its type", async () => {
    const mc = await registerTestManagementCluster(admin);
    await publishBundles(admin, ["v1.31.2"]);
    const cred = uniqueName("bms");
    expect(
      (
        await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "orbiter-bms",
          name: cred,
          endpoint: bms.http.url,
          hardwareAccessSecret: "x",
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.admin.post(`${t.base}/provider-clusters`, {
          type: "orbiter-bms",
          name: "bms",
          credential: cred,
          managementCluster: mc.name,
          defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
        })
      ).status,
    ).toBe(201);
    await groupHosts(t, "pool", await registerHosts(t, 1));
    // a CAPI cluster runs the CKP storage plugin: its domain needs a storage profile
    await registerStorageProfile(admin, t.domain);
    const capi = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "made-here",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 1,
    });
    expect(capi.status, capi.text).toBe(201);
    // a name is one cluster in a project, whichever kind
    expect((await t.projectAdmin.post(`${t.base}/imported-clusters`, { name: "made-here" })).status).toBe(409);

    const list = (await t.projectAdmin.get(`${t.base}/clusters?limit=500`)).body.items;
    const byName = Object.fromEntries(list.map((c: any) => [c.name, c]));
    expect(byName["made-here"]).toMatchObject({ type: "capi", id: capi.body.id, kubernetesVersion: "v1.31.2" });
    expect(byName.legacy).toMatchObject({
      type: "imported",
      access: "kubeconfig",
      observed: { kubernetesVersion: "v1.30.14", nodeCount: 3 },
    });
    expect(byName["edge-site"]).toMatchObject({ type: "imported", access: "agent", observed: { kubernetesVersion: "v1.30.14" } });
    // the CAPI cluster routes do not take an imported cluster's id, nor the other way round
    expect((await t.projectAdmin.get(`${t.base}/clusters/${registered.id}`)).status).toBe(404);
    expect((await t.projectAdmin.delete(`${t.base}/clusters/${registered.id}`)).status).toBe(404);
    expect((await t.projectAdmin.get(`${t.base}/imported-clusters/${capi.body.id}`)).status).toBe(404);
    expect((await t.projectAdmin.delete(`${t.base}/clusters/${capi.body.id}`)).status).toBe(202);
    await waitForGone(t.projectAdmin, `${t.base}/clusters/${capi.body.id}`);
  }, 900_000);

  it("is another tenant's 404", async () => {
    const u = await newTenant();
    expect((await u.projectAdmin.get(`${u.base}/imported-clusters/${registered.id}`)).status).toBe(404);
    expect((await u.projectAdmin.get(`${t.base}/imported-clusters/${registered.id}`)).status).toBe(404);
    expect((await u.projectAdmin.delete(`${t.base}/imported-clusters/${registered.id}`)).status).toBe(404);
    expect((await u.projectAdmin.post(`${t.base}/imported-clusters/${registered.id}/agent-tokens`, {})).status).toBe(404);
    expect((await u.projectAdmin.get(`${u.base}/imported-clusters`)).body.items).toEqual([]);
  });

  it("detaches: the agent's certificate is revoked and its tunnel closed, the record goes, the cluster is left as it was", async () => {
    const identity = await kubeRequest(other, "GET", "/api/v1/namespaces/ckp-system/secrets/ckp-cluster-agent-identity");
    const data = (k: string) => Buffer.from(identity.body.data[k], "base64").toString("utf8");
    const serial = data("serial");
    expect((await t.projectAdmin.get(`${t.base}/certificates/${serial}`)).body).toMatchObject({ purpose: "cluster-agent", revoked: false });

    expect((await t.projectAdmin.delete(`${t.base}/imported-clusters/${registered.id}`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/imported-clusters/${registered.id}`)).status).toBe(404);
    // told so on its tunnel (or, had it just reconnected, refused its next ticket): it stops asking but rarely
    await agent?.process.waitForLine(/detached this agent|refuses this agent \(401\)/, 60_000);
    const cert = (await t.projectAdmin.get(`${t.base}/certificates/${serial}`)).body;
    expect(cert).toMatchObject({ revoked: true });
    expect(cert.revocationReason).toContain("detached");
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
    // nothing was done to the cluster: its nodes and the agent's namespace are there
    expect((await kubeRequest(other, "GET", "/api/v1/nodes")).body.items).toHaveLength(3);
    expect((await kubeRequest(other, "GET", "/api/v1/namespaces/ckp-system")).status).toBe(200);
    // the import by kubeconfig detaches too, its sealed kubeconfig with it
    const legacy = (await t.projectAdmin.get(`${t.base}/imported-clusters`)).body.items.find((c: any) => c.name === "legacy");
    expect((await t.projectAdmin.delete(`${t.base}/imported-clusters/${legacy.id}`)).status).toBe(204);
    const names = (await t.projectAdmin.get(`${t.base}/clusters`)).body.items.map((c: any) => c.name);
    expect(names).not.toContain("legacy");
    expect(names).not.toContain("edge-site");
    const events = (await t.projectAdmin.get(`${t.base}/events?limit=200`)).body.items.map((e: any) => e.type);
    expect(events).toEqual(
      expect.arrayContaining([
        "ckp.importedcluster.imported",
        "ckp.clusteragent.registered",
        "ckp.clusteragent.connected",
        "ckp.importedcluster.detached",
        "ckp.certificate.revoked",
      ]),
    );
  });
});
