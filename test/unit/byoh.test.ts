import { describe, expect, it } from "vitest";
import { readClaims } from "../../core/byoh/claims.js";
import { desiredByoHost, fingerprint } from "../../core/byoh/desired.js";
import { computeDrift, sameFindings } from "../../core/byoh/drift.js";
import { byoHostName, hostsNamespace } from "../../core/byoh/names.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { Host, HostGroup } from "../../core/hosts/model.js";
import type { KubeObject } from "../../core/kube/objects.js";

const t = { domain: "acme", project: "edge" };
const host = (o: Partial<Host> = {}): Host => ({
  id: "host_01jabcdefghjkmnpqrstvwxyz0",
  ...t,
  machineId: "m-1",
  hostname: "node-1",
  requestId: "hreq_1",
  facts: {},
  labels: { "kubernetes.io/arch": "amd64", "kubernetes.io/os": "linux", "ckp.io/os": "ubuntu-22.04" },
  status: "create-completed",
  conditions: [],
  group: "pool",
  createdAt: "",
  updatedAt: "",
  version: 3,
  ...o,
});
const group = (o: Partial<HostGroup> = {}): HostGroup => ({
  name: "pool",
  ...t,
  labels: { tier: "gold" },
  managementClusterId: "mc_group",
  managementCluster: "mc-group",
  hostCount: 1,
  createdAt: "",
  updatedAt: "",
  version: 1,
  ...o,
});
const cluster = {
  id: "cl_01jabcdefghjkmnpqrstvwxyz0",
  resolved: { providerCluster: { name: "bms", type: "orbiter-bms" }, managementClusterId: "mc_cluster" },
} as Cluster;

describe("the ByoHost a host should have", () => {
  it("a grouped, provisioned host: in the group's management cluster, with host, group and control-plane labels", () => {
    const d = desiredByoHost(t, { host: host(), group: group(), cluster: undefined });
    expect(d.want?.managementClusterId).toBe("mc_group");
    expect(d.want?.byoHost.metadata).toMatchObject({ name: "host-01jabcdefghjkmnpqrstvwxyz0", namespace: hostsNamespace(t) });
    expect(d.want?.byoHost.metadata.labels).toEqual({
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/os": "linux",
      "ckp.io/os": "ubuntu-22.04",
      tier: "gold",
      "ckp.io/domain": "acme",
      "ckp.io/project": "edge",
      "ckp.io/host-id": "host_01jabcdefghjkmnpqrstvwxyz0",
      "ckp.io/host-group": "pool",
    });
  });

  it("an assigned host: on the cluster's management cluster, labelled with the cluster id", () => {
    const d = desiredByoHost(t, { host: host({ clusterId: cluster.id }), group: group(), cluster });
    expect(d.want?.managementClusterId).toBe("mc_cluster");
    expect(d.want?.byoHost.metadata.labels?.["ckp.io/cluster-id"]).toBe(cluster.id);
    // the same host, group without a management cluster: still placed with its cluster
    expect(
      desiredByoHost(t, { host: host({ clusterId: cluster.id }), group: group({ managementClusterId: undefined }), cluster }).want
        ?.managementClusterId,
    ).toBe("mc_cluster");
  });

  it("labels a user set cannot make a host look assigned or claimed", () => {
    const d = desiredByoHost(t, {
      host: host({ labels: { "ckp.io/cluster-id": "cl_other", "cluster.x-k8s.io/cluster-name": "x", zone: "a" } }),
      group: group({ labels: { "ckp.io/host-group": "spoofed", "byoh.infrastructure.cluster.x-k8s.io/byomachine-name": "y" } }),
      cluster: undefined,
    });
    const labels = d.want?.byoHost.metadata.labels ?? {};
    expect(labels["ckp.io/cluster-id"]).toBeUndefined();
    expect(labels["cluster.x-k8s.io/cluster-name"]).toBeUndefined();
    expect(labels["byoh.infrastructure.cluster.x-k8s.io/byomachine-name"]).toBeUndefined();
    expect(labels["ckp.io/host-group"]).toBe("pool");
    expect(labels.zone).toBe("a");
  });

  it("none for a deleted, unprovisioned or ungrouped host, or a group with nowhere to put it", () => {
    expect(desiredByoHost(t, { host: undefined, group: undefined, cluster: undefined }).want).toBeUndefined();
    expect(desiredByoHost(t, { host: host({ status: "create-pending" }), group: group(), cluster: undefined }).want).toBeUndefined();
    expect(desiredByoHost(t, { host: host({ group: undefined }), group: undefined, cluster: undefined }).want).toBeUndefined();
    expect(desiredByoHost(t, { host: host(), group: group({ managementClusterId: undefined }), cluster: undefined }).want).toBeUndefined();
  });

  it("a fingerprint that moves with what would be written", () => {
    const a = desiredByoHost(t, { host: host(), group: group(), cluster: undefined });
    expect(fingerprint(a)).toBe(
      fingerprint(desiredByoHost(t, { host: host({ version: 9 }), group: group({ version: 4 }), cluster: undefined })),
    );
    expect(fingerprint(a)).not.toBe(
      fingerprint(desiredByoHost(t, { host: host(), group: group({ labels: { tier: "silver" } }), cluster: undefined })),
    );
    expect(fingerprint(a)).not.toBe(fingerprint(desiredByoHost(t, { host: host({ clusterId: cluster.id }), group: group(), cluster })));
    expect(fingerprint(a)).not.toBe("none");
  });

  it("names: host ids become DNS names; tenants get distinct, valid namespaces", () => {
    expect(byoHostName("host_01jabc")).toBe("host-01jabc");
    expect(hostsNamespace({ domain: "a-b", project: "c" })).not.toBe(hostsNamespace({ domain: "a", project: "b-c" }));
    expect(hostsNamespace({ domain: "x".repeat(63), project: "y".repeat(63) })).toMatch(/^[a-z0-9-]{1,63}$/);
  });
});

const machine = (
  name: string,
  byoMachine: string,
  o: { phase?: string; deleting?: boolean; failureReason?: string; marked?: boolean } = {},
): KubeObject => ({
  apiVersion: "cluster.x-k8s.io/v1beta1",
  kind: "Machine",
  metadata: {
    name,
    namespace: "ns",
    ...(o.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
    ...(o.marked ? { annotations: { "cluster.x-k8s.io/delete-machine": "yes" } } : {}),
  },
  spec: { infrastructureRef: { kind: "ByoMachine", name: byoMachine } },
  status: { phase: o.phase ?? "Running", ...(o.failureReason ? { failureReason: o.failureReason } : {}) },
});
const byoHost = (hostId: string, byoMachine?: string): KubeObject => ({
  apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1",
  kind: "ByoHost",
  metadata: { name: byoHostName(hostId), labels: { "ckp.io/host-id": hostId } },
  ...(byoMachine ? { status: { machineRef: { kind: "ByoMachine", name: byoMachine } } } : {}),
});
const md: KubeObject = { apiVersion: "cluster.x-k8s.io/v1beta1", kind: "MachineDeployment", metadata: { name: "workers" } };

describe("who holds which host", () => {
  it("joins Machine → ByoMachine → ByoHost; a machineRef whose Machine is gone holds nothing", () => {
    const c = readClaims(
      [machine("m1", "b1"), machine("m2", "b2", { deleting: true, marked: true })],
      [byoHost("h1", "b1"), byoHost("h2", "b2"), byoHost("h3", "b-gone"), byoHost("h4")],
    );
    expect([...c.claimedBy.entries()]).toEqual([
      ["h1", "m1"],
      ["h2", "m2"],
    ]);
    expect(c.machines.find((m) => m.name === "m2")).toMatchObject({ deleting: true, markedForDeletion: true, hostId: "h2" });
    expect([...c.byoHosts.keys()].sort()).toEqual(["h1", "h2", "h3", "h4"]);
  });
});

describe("drift between desired and actual machines", () => {
  const inSync = {
    phase: "Ready" as const,
    workers: 2,
    hostIds: ["h1", "h2"],
    machineDeployment: md,
    machines: [machine("m1", "b1"), machine("m2", "b2")],
    byoHosts: [byoHost("h1", "b1"), byoHost("h2", "b2")],
  };

  it("in sync when every worker runs on an assigned host that has its ByoHost", () => {
    const f = computeDrift(inSync);
    expect(f).toMatchObject({ inSync: true, reason: "InSync", machines: 2, readyMachines: 2, missingMachines: 0 });
  });

  it("a Machine deleted behind the control plane's back: one missing, its host unclaimed", () => {
    const f = computeDrift({ ...inSync, machines: [machine("m1", "b1")] });
    expect(f).toMatchObject({ inSync: false, reason: "MachinesMissing", missingMachines: 1, unclaimedHosts: ["h2"] });
    expect(f.message).toContain("1 machine(s) missing: 1 of 2");
  });

  it("a ByoHost deleted behind its back: the host is named, and its Machine runs on nothing", () => {
    const f = computeDrift({ ...inSync, byoHosts: [byoHost("h1", "b1")] });
    expect(f).toMatchObject({ inSync: false, reason: "ByoHostsMissing", missingByoHosts: ["h2"] });
    expect(f.unhealthyMachines).toEqual([{ name: "m2", reason: "it runs on no ByoHost of the cluster" }]);
  });

  it("failed and extra machines, stray ByoHosts", () => {
    const f = computeDrift({
      ...inSync,
      machines: [machine("m1", "b1", { failureReason: "BootstrapFailed" }), machine("m2", "b2"), machine("m3", "b3")],
      byoHosts: [byoHost("h1", "b1"), byoHost("h2", "b2"), byoHost("hx", "b3")],
    });
    expect(f.inSync).toBe(false);
    expect(f.unhealthyMachines).toEqual([{ name: "m1", reason: "BootstrapFailed" }]);
    expect(f.extraMachines).toEqual(["m3"]);
    expect(f.unexpectedByoHosts).toEqual(["hx"]);
  });

  it("while Scaling, replica counts are the saga's business; missing ByoHosts still count", () => {
    expect(computeDrift({ ...inSync, phase: "Scaling", machines: [machine("m1", "b1")] }).inSync).toBe(true);
    expect(computeDrift({ ...inSync, phase: "Scaling", byoHosts: [byoHost("h1", "b1")] })).toMatchObject({
      inSync: false,
      reason: "ByoHostsMissing",
    });
  });

  it("compares findings, not timestamps", () => {
    const a = computeDrift(inSync);
    expect(sameFindings({ ...a }, computeDrift(inSync))).toBe(true);
    expect(sameFindings(a, computeDrift({ ...inSync, machines: [machine("m1", "b1")] }))).toBe(false);
    expect(sameFindings(undefined, a)).toBe(false);
  });
});
