import { readFileSync } from "node:fs";
import * as net from "node:net";
import { expect, inject } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { Envelope } from "../../core/crypto/envelope.js";
import type { Ctx, Deps } from "../../core/deps.js";
import { systemClock } from "../../core/shared/clock.js";
import { keyProvider, type SecretsKeyConfig } from "../../functions/shared/runtime.js";
import { tables } from "../../infra/resources.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { type Api, resourceName, useLocalAws } from "./api.js";
import { uniqueName } from "./tenants.js";

/** The kube tier's apiserver: server, CA, admin token, kubeconfig path. */
export function testKube() {
  return inject("kube");
}

export function testKubeconfig(): string {
  return readFileSync(testKube().kubeconfigPath, "utf8");
}

/**
 * Core dependencies pointing at the running control plane's table and key
 * file, for calling core functions that have no endpoint yet (placement,
 * provider cluster use: the cluster lifecycle will call them).
 */
export function testDeps(): Deps {
  const env = useLocalAws();
  const key = JSON.parse(env.SST_RESOURCE_SecretsKey as string) as SecretsKeyConfig;
  return {
    db: dynamoDocumentClient(),
    table: resourceName(env, tables.main.logical),
    secrets: new Envelope(keyProvider(key)),
    clock: systemClock,
    // the dev server's Management API for the agent WebSocket: tunnels to cluster agents go through it
    agentWsManagementEndpoint: (JSON.parse(env.SST_RESOURCE_AgentWs ?? "{}") as { managementEndpoint?: string }).managementEndpoint,
  };
}

export const testCtx: Ctx = { actor: { kind: "system", id: "kube-tier-test" }, correlationId: "kube-tier-test" };

/** Registers the test apiserver as a management cluster; returns its body. */
export async function registerTestManagementCluster(
  admin: Api,
  o: { name?: string; labels?: Record<string, string>; maxClusters?: number } = {},
): Promise<{ id: string; name: string; [k: string]: unknown }> {
  const res = await admin.post("/v1/management-clusters", {
    name: o.name ?? uniqueName("mc"),
    kubeconfig: testKubeconfig(),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.maxClusters ? { maxClusters: o.maxClusters } : {}),
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** A loopback port nothing listens on: connections are refused at once. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Registers a management cluster at a closed loopback port (unreachable). */
export async function registerUnreachableManagementCluster(admin: Api, o: { labels?: Record<string, string> } = {}) {
  const res = await admin.post("/v1/management-clusters", {
    name: uniqueName("mc-down"),
    server: `https://127.0.0.1:${await closedPort()}`,
    caData: testKube().caData,
    token: "unreachable-cluster-token",
    ...(o.labels ? { labels: o.labels } : {}),
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string };
}

/**
 * Credential bodies as a domain admin would send them. The endpoints are
 * loopback addresses nothing listens on: provider status checks them, and a
 * test must never send traffic (not even a DNS lookup) off the machine. Give
 * a simulator's URL to talk to a provider.
 */
export const UNUSED_PROVIDER_URL = "http://127.0.0.1:9";
export const bmsCredential = (name: string, secret: string, endpoint = `${UNUSED_PROVIDER_URL}/orbiter/api`) => ({
  type: "orbiter-bms",
  name,
  endpoint,
  hardwareAccessSecret: secret,
});
export const ccsCredential = (name: string, secret: string, authUrl = `${UNUSED_PROVIDER_URL}/identity/v3`) => ({
  type: "ccs-openstack",
  name,
  authUrl,
  applicationCredentialId: "4f1c2e0a9b",
  applicationCredentialSecret: secret,
  region: "RegionOne",
});

/**
 * Pauses (or resumes) Cluster API for one cluster: `spec.paused` on its
 * Cluster, which CAPI's controllers, BYOH's and the doubles of Kamaji and the
 * host agents honour. How a test makes "CAPI stop answering" for one cluster
 * while the shared managers go on serving everyone else's.
 */
export async function pauseCapi(namespace: string, cluster: string, paused = true): Promise<void> {
  const res = await kubeRequest(testKube(), "PATCH", `/apis/cluster.x-k8s.io/v1beta1/namespaces/${namespace}/clusters/${cluster}`, {
    body: { spec: { paused } },
    contentType: "application/merge-patch+json",
  });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
}
