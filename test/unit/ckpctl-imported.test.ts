import { describe, expect, it } from "vitest";
import { ttlSeconds } from "../../cli/commands/imported.js";
import { complete } from "../../cli/completion.js";
import { describeImportedCluster, veleroLine } from "../../cli/imported-view.js";
import { formatList } from "../../cli/output.js";
import { buildProgram } from "../../cli/program.js";
import { resourceNamed } from "../../cli/resources.js";
import { parseTable } from "../support/ckpctl.js";

/** ckpctl's imported clusters without a server: columns, the describe view, --ttl, completion. */
describe("ckpctl: imported clusters", () => {
  const at = new Date(Date.now() - 7_200_000).toISOString();
  const listed = [
    {
      id: "ic_01",
      type: "imported",
      name: "legacy",
      access: "kubeconfig",
      server: "https://10.0.0.1:6443",
      observed: { kubernetesVersion: "v1.30.14", nodeCount: 3, readyNodes: 2, checkedAt: at },
      labels: {},
      createdAt: at,
    },
    { id: "ic_02", type: "imported", name: "edge", access: "agent", labels: {}, createdAt: at, tunnel: { state: "connected", since: at } },
  ];

  it("lists NAME ACCESS KUBERNETES NODES AGE, -o wide adds the id and the tunnel", () => {
    const r = resourceNamed("ic");
    expect(r && [r.plural, resourceNamed("importedclusters")?.plural, resourceNamed("ImportedCluster")?.plural]).toEqual([
      "imported-clusters",
      "imported-clusters",
      "imported-clusters",
    ]);
    if (!r) return;
    expect(parseTable(formatList(r, listed, "table"))).toEqual([
      { NAME: "legacy", ACCESS: "kubeconfig", KUBERNETES: "v1.30.14", NODES: "2/3", AGE: "2h" },
      { NAME: "edge", ACCESS: "agent", KUBERNETES: "", NODES: "", AGE: "2h" },
    ]);
    expect(parseTable(formatList(r, listed, "wide")).map((x) => [x.ID, x.TUNNEL])).toEqual([
      ["ic_01", "-"],
      ["ic_02", "connected"],
    ]);
  });

  it("keeps imported clusters out of the clusters list", () => {
    const clusters = resourceNamed("clusters");
    expect(clusters?.listed?.({ type: "capi" })).toBe(true);
    expect(clusters?.listed?.(listed[0])).toBe(false);
  });

  it("describes an unreachable agent cluster: why, its tunnel, what it was last seen as", () => {
    const text = describeImportedCluster({
      ...(listed[1] as { id: string; type: "imported"; name: string; access: "agent"; labels: Record<string, string>; createdAt: string }),
      domain: "acme",
      project: "edge",
      updatedAt: at,
      version: 1,
      observed: { kubernetesVersion: "v1.31.2", nodeCount: 2, readyNodes: 2, checkedAt: at },
      live: {
        reachable: false,
        checkedAt: at,
        reason: "TunnelDisconnected",
        message: "its cluster agent is not connected",
        health: { apiServerReady: false },
        tunnel: { state: "disconnected", since: at, lastSeenAt: at, agentVersion: "0.4.0" },
      },
    });
    expect(text).toMatch(/Reachable:\s+no: TunnelDisconnected \(its cluster agent is not connected\)/);
    expect(text).toMatch(/Tunnel:\s+disconnected since .* \(2h\), last heard from 2h ago/);
    expect(text).toMatch(/Agent version:\s+0\.4\.0/);
    expect(text).toMatch(/Last observed:\s+v1\.31\.2, 2\/2 node\(s\) ready/);
    expect(text).not.toContain("Nodes:");
    expect(text).not.toContain("Velero:");
  });

  it("describes Velero on an imported cluster: its phase, and why when it is not Ready", () => {
    const cond = (status: "True" | "False" | "Unknown", reason: string, message: string) => [
      { type: "VeleroHealthy", status, reason, message, lastTransitionTime: at },
    ];
    const base = { enabled: true, values: {}, generation: 2, changedAt: at, version: "v1.18.1" };
    expect(veleroLine({ ...base, phase: "Ready", conditions: cond("True", "AddonHealthy", "ok") })).toBe("Ready (v1.18.1, generation 2)");
    expect(veleroLine({ ...base, phase: "Failed", conditions: cond("False", "BackoffLimitExceeded", "installer Job failed") })).toBe(
      "Failed (v1.18.1, generation 2): BackoffLimitExceeded (installer Job failed)",
    );
    expect(veleroLine(undefined)).toBe("");
  });

  it("reads --ttl as seconds, days included", () => {
    expect([ttlSeconds("24h"), ttlSeconds("2d"), ttlSeconds("90m"), ttlSeconds(undefined)]).toEqual([86_400, 172_800, 5_400, undefined]);
    expect(() => ttlSeconds("soon")).toThrow(/not a duration/);
  });

  it("completes the verbs' types", async () => {
    const p = buildProgram();
    expect(await complete(p, ["register", ""])).toEqual(["cluster", "management-cluster"]);
    expect(await complete(p, ["agent-token", ""])).toEqual(["imported-cluster", "management-cluster"]);
    expect(await complete(p, ["import", ""])).toEqual(["cluster"]);
    expect(await complete(p, ["register", "cluster", ""])).toEqual([]);
    expect(await complete(p, ["get", ""])).toContain("imported-clusters");
  });
});
