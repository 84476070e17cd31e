import { createHash } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster, StepRecord } from "../../core/clusters/model.js";
import { newId } from "../../core/shared/ids.js";
import { tables } from "../../infra/resources.js";
import { register, registration } from "../support/agent.js";
import { type Api, adminApi, eventually, resourceName, useLocalAws } from "../support/api.js";
import { type Tenant, newTenant, uniqueName } from "../support/tenants.js";

/**
 * What the cluster API checks before it starts an operation: the BYOH
 * bundle for the version and the hosts' OS and architecture (422 naming
 * what is missing), and which operations a failed scale or upgrade allows
 * (retry from the failed step, or abandon). Failed clusters are written
 * to the table as the saga leaves them; the saga itself is tested in the
 * kube tier.
 */
const admin = adminApi();

async function bundle(version: string, os: string, architectures: string[] = ["amd64"]): Promise<void> {
  const image = `byoh-bundle-${os.replace("-", "_")}_k8s`;
  const res = await admin.put(`/v1/byoh-bundles/${version}/${os}`, {
    repository: "docker.io/coredgeio",
    ociReference: `docker.io/coredgeio/${image}:${version}`,
    digest: `sha256:${createHash("sha256").update(`${image}:${version}:${architectures.join()}`).digest("hex")}`,
    architectures,
    packages: { kubeadm: `${version.slice(1)}-ckp` },
  });
  expect(res.status, res.text).toBe(200);
}

async function provider(t: Tenant): Promise<void> {
  const cred = uniqueName("bms");
  expect((await t.admin.post(`/v1/domains/${t.domain}/credentials`, { type: "orbiter-bms", name: cred, endpoint: "https://orbiter.example.internal/api", hardwareAccessSecret: "x" })).status).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: cred,
    placement: { matchLabels: { nowhere: "true" } },
    defaults: { serverPool: "rack", cloudInitTemplate: "#cloud-config\n" },
  });
  expect(pc.status, pc.text).toBe(201);
}

/** Registers, approves and groups a host with these facts; answers its id. */
async function host(t: Tenant, group: string, os: { id: string; version: string }, arch: string): Promise<string> {
  const reg = await register(t.projectAdmin, registration(t, t.psk, { facts: { os, arch, cpus: 4, memoryBytes: 8 * 1024 ** 3 } }));
  expect(reg.status, reg.text).toBe(202);
  const ok = await t.projectAdmin.post(`${t.base}/host-requests/${reg.body.requestId}/approve`);
  expect(ok.status, ok.text).toBe(200);
  const id = ok.body.hostId as string;
  await eventually(async () => ((await t.projectAdmin.get(`${t.base}/hosts/${id}`)).body.status === "create-completed" ? true : undefined), 60_000, "host provisioned");
  const g = await t.projectAdmin.post(`${t.base}/host-groups`, { name: group });
  if (g.status !== 409) expect(g.status, g.text).toBe(201);
  expect((await t.projectAdmin.put(`${t.base}/host-groups/${group}/hosts/${id}`)).status).toBe(204);
  return id;
}

const UBUNTU = { id: "ubuntu", version: "20.04" };
const RHEL = { id: "rhel", version: "9.4" };

describe("clusters API: bundles and platforms", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant();
    await provider(t);
    await bundle("v1.33.7", "ubuntu-20.04");
    await bundle("v1.33.7", "rhel-9");
  });
  const create = (body: Record<string, unknown>) =>
    t.projectAdmin.post(`${t.base}/clusters`, { name: uniqueName("c"), kubernetesVersion: "v1.33.7", providerCluster: "bms", workers: 1, ...body });

  it("refuses a host set that mixes operating systems, naming both", async () => {
    await host(t, "mixed", UBUNTU, "amd64");
    await host(t, "mixed", RHEL, "amd64");
    const res = await create({ hostGroup: "mixed", workers: 2 });
    expect(res.status, res.text).toBe(422);
    expect(res.body.reason).toBe("MixedHostPlatforms");
    expect(res.body.platforms.sort()).toEqual(["rhel-9/amd64", "ubuntu-20.04/amd64"]);
    expect(res.body.detail).toContain("one BYOH bundle");
  });

  it("picks the bundle by architecture: arm64 hosts need a bundle built for arm64", async () => {
    await host(t, "arm", UBUNTU, "aarch64");
    const refused = await create({ hostGroup: "arm" });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.detail).toContain("the BYOH bundle for Kubernetes v1.33.7 on ubuntu-20.04 is built for amd64, not arm64");
    expect(refused.body.bundle).toEqual({ kubernetesVersion: "v1.33.7", os: "ubuntu-20.04", arch: "arm64" });
    await bundle("v1.33.7", "ubuntu-20.04", ["amd64", "arm64"]);
    expect((await create({ hostGroup: "arm" })).status).toBe(201);
    await bundle("v1.33.7", "ubuntu-20.04");
  });

  it("refuses hosts or machines of an OS no bundle exists for", async () => {
    await host(t, "jammy", { id: "ubuntu", version: "22.04" }, "amd64");
    const hosts = await create({ hostGroup: "jammy" });
    expect(hosts.status, hosts.text).toBe(422);
    expect(hosts.body.reason).toBe("UnsupportedHostOs");
    expect(hosts.body.detail).toContain("runs ubuntu-22.04; BYOH bundles exist for ubuntu-20.04 and rhel-9 only");
    const machines = await create({ hostGroup: "jammy", machines: { os: "ubuntu-22.04", arch: "amd64" } });
    expect(machines.status).toBe(400);
    expect(machines.body.errors.map((e: { path: string }) => e.path)).toContain("machines.os");
  });

  it("checks the bundle of the machines a provider will make when the group is short", async () => {
    expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "empty" })).status).toBe(201);
    const res = await create({ hostGroup: "empty", kubernetesVersion: "v1.32.11", machines: { os: "rhel-9", arch: "amd64" } });
    expect(res.status, res.text).toBe(422);
    expect(res.body.detail).toContain("no BYOH bundle is published for Kubernetes v1.32.11 on rhel-9");
    expect(res.body.bundle).toEqual({ kubernetesVersion: "v1.32.11", os: "rhel-9", arch: "amd64" });
    const missingGroup = await create({ hostGroup: "nope" });
    expect(missingGroup.status).toBe(422);
    expect(missingGroup.body.detail).toBe("host group nope does not exist");
  });
});

describe("clusters API: failed scale and upgrade", () => {
  let t: Tenant;
  let table: string;
  beforeAll(async () => {
    t = await newTenant();
    table = resourceName(useLocalAws(), tables.main.logical);
    await bundle("v1.29.0", "ubuntu-20.04");
    await bundle("v1.30.6", "ubuntu-20.04");
  });

  /** A cluster as the saga leaves it, written straight to the table. */
  async function cluster(o: Partial<Cluster> & Pick<Cluster, "phase" | "operation" | "steps">): Promise<{ path: string; c: Cluster }> {
    const now = new Date().toISOString();
    const c: Cluster = {
      id: newId("cl"),
      name: uniqueName("c"),
      domain: t.domain,
      project: t.project,
      kubernetesVersion: "v1.29.0",
      cni: { name: "cilium", version: "v1.16.5" },
      providerCluster: "bms",
      hostGroup: "g",
      workers: 1,
      machines: { os: "ubuntu-20.04", arch: "amd64" },
      network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
      extraArgs: {},
      labels: {},
      annotations: {},
      conditions: [],
      generation: 3,
      step: (o.steps.find((s) => s.state === "failed") ?? o.steps[0])?.name as string,
      provisioned: [],
      hostIds: [],
      createdAt: now,
      updatedAt: now,
      version: 7,
      ...o,
    };
    await dynamoDocumentClient().send(new PutCommand({ TableName: table, Item: clusterItem(c) }));
    return { path: `${t.base}/clusters/${c.id}`, c };
  }
  const at = "2026-01-01T00:00:00.000Z";
  const steps = (states: Array<[string, StepRecord["state"]]>): StepRecord[] =>
    states.map(([name, state]) => ({ name, state, ...(state !== "pending" && state !== "cancelled" ? { startedAt: at, endedAt: at } : {}) }));

  it("checks the upgrade target's bundle first: 422 naming it, and the cluster is unchanged", async () => {
    const { path, c } = await cluster({ phase: "Ready", operation: "create", kubernetesVersion: "v1.31.2", steps: steps([["wait-workers", "succeeded"]]) });
    const res = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.32.11" });
    expect(res.status, res.text).toBe(422);
    expect(res.body.detail).toContain("no BYOH bundle is published for Kubernetes v1.32.11 on ubuntu-20.04");
    expect(res.body.bundle).toMatchObject({ kubernetesVersion: "v1.32.11", os: "ubuntu-20.04" });
    expect((await t.projectAdmin.get(path)).body).toMatchObject({ phase: "Ready", generation: c.generation, version: c.version });
  });

  it("abandons an upgrade that failed before the control plane was asked to change", async () => {
    const { path } = await cluster({
      phase: "Failed",
      operation: "upgrade",
      target: { kubernetesVersion: "v1.30.6" },
      steps: steps([["upgrade-control-plane", "failed"], ["wait-control-plane", "cancelled"], ["upgrade-workers", "cancelled"], ["wait-workers", "cancelled"]]),
    });
    const other = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.31.2" });
    expect(other.status).toBe(409);
    const res = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.29.0" });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ phase: "Upgrading", operation: "upgrade", generation: 4, step: "upgrade-control-plane", target: { kubernetesVersion: "v1.29.0" } });
    expect(res.body.steps.map((s: StepRecord) => s.state)).toEqual(["running", "pending", "pending", "pending"]);
  });

  it("retries an upgrade from its failed step, and refuses to abandon it once the control plane moved", async () => {
    const failed = steps([["upgrade-control-plane", "succeeded"], ["wait-control-plane", "failed"], ["upgrade-workers", "cancelled"], ["wait-workers", "cancelled"]]);
    const { path } = await cluster({ phase: "Failed", operation: "upgrade", target: { kubernetesVersion: "v1.30.6" }, steps: failed });
    const abandon = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.29.0" });
    expect(abandon.status).toBe(409);
    expect(abandon.body.detail).toContain("can only be retried (kubernetesVersion v1.30.6)");
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 2 })).status).toBe(409);
    const res = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ phase: "Upgrading", generation: 4, step: "wait-control-plane", target: { kubernetesVersion: "v1.30.6" } });
    expect(res.body.steps[0]).toEqual(failed[0]);
    expect(res.body.steps.slice(1).map((s: StepRecord) => s.state)).toEqual(["running", "pending", "pending"]);
    expect(Date.parse(res.body.steps[1].startedAt)).toBeGreaterThan(Date.parse(at));
  });

  it("retries a failed scale from its failed step at the same count", async () => {
    const failed = steps([["assign-hosts", "succeeded"], ["apply-objects", "succeeded"], ["wait-workers", "failed"], ["release-surplus-hosts", "cancelled"]]);
    const { path } = await cluster({ phase: "Failed", operation: "scale", workers: 2, hostIds: ["host_gone1", "host_gone2"], target: { workers: 2 }, steps: failed });
    expect((await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" })).status).toBe(409);
    const res = await t.projectAdmin.post(`${path}/scale`, { workers: 2 });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ phase: "Scaling", generation: 4, step: "wait-workers", workers: 2 });
    expect(res.body.steps.slice(0, 2)).toEqual(failed.slice(0, 2));
    expect(res.body.steps.slice(2).map((s: StepRecord) => s.state)).toEqual(["running", "pending"]);
  });
});
