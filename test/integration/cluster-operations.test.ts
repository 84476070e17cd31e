import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster, StepRecord } from "../../core/clusters/model.js";
import { newId } from "../../core/shared/ids.js";
import { tables } from "../../infra/resources.js";
import { adminApi, resourceName, useLocalAws } from "../support/api.js";
import { publishBundle } from "../support/clusters.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * What the cluster API checks before it starts a scale or upgrade: the
 * target's BYOH bundle (422 naming it), and which operations a failed
 * scale or upgrade allows (retry from the failed step, or abandon).
 * Failed clusters are written to the table as the saga leaves them; the
 * saga itself, and the create-time checks, are tested in the kube tier
 * (test/kube/cluster-bundles.test.ts, cluster-failures.test.ts).
 */
const admin = adminApi();

const bundle = (version: string, os: string, architectures?: string[]) => publishBundle(admin, version, os, architectures);

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
    states.map(([name, state]) => ({
      name,
      state,
      ...(state !== "pending" && state !== "cancelled" ? { startedAt: at, endedAt: at } : {}),
    }));

  it("checks the upgrade target's bundle first: 422 naming it, and the cluster is unchanged", async () => {
    const { path, c } = await cluster({
      phase: "Ready",
      operation: "create",
      kubernetesVersion: "v1.31.2",
      steps: steps([["wait-workers", "succeeded"]]),
    });
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
      steps: steps([
        ["upgrade-control-plane", "failed"],
        ["wait-control-plane", "cancelled"],
        ["upgrade-workers", "cancelled"],
        ["wait-workers", "cancelled"],
      ]),
    });
    const other = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.31.2" });
    expect(other.status).toBe(409);
    const res = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.29.0" });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({
      phase: "Upgrading",
      operation: "upgrade",
      generation: 4,
      step: "upgrade-control-plane",
      target: { kubernetesVersion: "v1.29.0" },
    });
    // abandoning runs the upgrade's steps afresh at the current version (which changes nothing, and checks it)
    expect(res.body.steps.map((s: StepRecord) => `${s.name}:${s.state}`)).toEqual([
      "upgrade-control-plane:running",
      "wait-control-plane:pending",
      "upgrade-addons:pending",
      "upgrade-workers:pending",
      "wait-workers:pending",
      "wait-addons:pending",
    ]);
  });

  it("retries an upgrade from its failed step, and refuses to abandon it once the control plane moved", async () => {
    const failed = steps([
      ["upgrade-control-plane", "succeeded"],
      ["wait-control-plane", "failed"],
      ["upgrade-workers", "cancelled"],
      ["wait-workers", "cancelled"],
    ]);
    const { path } = await cluster({ phase: "Failed", operation: "upgrade", target: { kubernetesVersion: "v1.30.6" }, steps: failed });
    const abandon = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.29.0" });
    expect(abandon.status).toBe(409);
    expect(abandon.body.detail).toContain("can only be retried (kubernetesVersion v1.30.6)");
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 2 })).status).toBe(409);
    const res = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({
      phase: "Upgrading",
      generation: 4,
      step: "wait-control-plane",
      target: { kubernetesVersion: "v1.30.6" },
    });
    expect(res.body.steps[0]).toEqual(failed[0]);
    expect(res.body.steps.slice(1).map((s: StepRecord) => s.state)).toEqual(["running", "pending", "pending"]);
    expect(Date.parse(res.body.steps[1].startedAt)).toBeGreaterThan(Date.parse(at));
  });

  it("retries a failed scale from its failed step at the same count", async () => {
    const failed = steps([
      ["assign-hosts", "succeeded"],
      ["apply-objects", "succeeded"],
      ["wait-workers", "failed"],
      ["release-surplus-hosts", "cancelled"],
    ]);
    const { path } = await cluster({
      phase: "Failed",
      operation: "scale",
      workers: 2,
      hostIds: ["host_gone1", "host_gone2"],
      target: { workers: 2 },
      steps: failed,
    });
    expect((await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" })).status).toBe(409);
    const res = await t.projectAdmin.post(`${path}/scale`, { workers: 2 });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ phase: "Scaling", generation: 4, step: "wait-workers", workers: 2 });
    expect(res.body.steps.slice(0, 2)).toEqual(failed.slice(0, 2));
    expect(res.body.steps.slice(2).map((s: StepRecord) => s.state)).toEqual(["running", "pending"]);
  });

  it("answers a scale to the count the cluster is being scaled to with that scale, and any other with 409", async () => {
    const running = steps([
      ["assign-hosts", "succeeded"],
      ["apply-objects", "running"],
      ["wait-workers", "pending"],
      ["release-surplus-hosts", "pending"],
    ]);
    const { path } = await cluster({
      phase: "Scaling",
      operation: "scale",
      workers: 2,
      target: { workers: 2 },
      step: "apply-objects",
      steps: running,
    });
    // a client's retry whose first answer was lost: the scale under way, not a second one
    const same = await t.projectAdmin.post(`${path}/scale`, { workers: 2 });
    expect(same.status, same.text).toBe(202);
    expect(same.body).toMatchObject({ phase: "Scaling", generation: 3, step: "apply-objects", workers: 2 });
    const other = await t.projectAdmin.post(`${path}/scale`, { workers: 1 });
    expect(other.body).toMatchObject({ status: 409, code: "cluster.not-ready" });
  });
});
