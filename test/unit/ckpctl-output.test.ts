import { describe, expect, it } from "vitest";
import { problemLine } from "../../cli/api/client.js";
import { parseTaint } from "../../cli/commands/write.js";
import { age, duration } from "../../cli/format.js";
import { applySets, idempotencyKey, parseManifests } from "../../cli/manifests.js";
import { formatList } from "../../cli/output.js";
import { formatPlan, type Plan } from "../../cli/plan-view.js";
import { parseDuration } from "../../cli/progress.js";
import { claimsText, RESOURCES, resourceNamed } from "../../cli/resources.js";
import { matches, parseSelector } from "../../cli/selector.js";
import { parseTable } from "../support/ckpctl.js";

/** What ckpctl prints and parses, without a server. */
describe("ckpctl output", () => {
  const cluster = {
    id: "cl_01",
    name: "edge-1",
    kubernetesVersion: "v1.31.2",
    phase: "Provisioning",
    step: "wait-workers",
    workers: 3,
    observed: { readyWorkers: 1 },
    createdAt: new Date(Date.now() - 300_000).toISOString(),
    cni: { name: "cilium", version: "v1.17.6" },
    providerCluster: "bms",
    hostGroup: "workers",
  };

  it("prints the columns users read, more with -o wide, a kind/name per line with -o name", () => {
    const r = resourceNamed("cl");
    if (!r) throw new Error("no clusters");
    const t = parseTable(formatList(r, [cluster], "table"));
    expect(t).toEqual([{ NAME: "edge-1", VERSION: "v1.31.2", PHASE: "Provisioning", WORKERS: "1/3", STEP: "wait-workers", AGE: "5m" }]);
    expect(Object.keys(parseTable(formatList(r, [cluster], "wide"))[0] ?? {})).toEqual([
      "NAME",
      "VERSION",
      "PHASE",
      "WORKERS",
      "STEP",
      "AGE",
      "ID",
      "CNI",
      "PROVIDER",
      "HOST-GROUP",
      "MANAGEMENT-CLUSTER",
      "AUTOSCALING",
      "TEMPLATE",
    ]);
    expect(formatList(r, [cluster], "name")).toBe("cluster/edge-1\n");
    expect(JSON.parse(formatList(r, [cluster], "json"))).toEqual({ kind: "List", items: [cluster] });
  });

  it("prints a node pool's state, nodes, CPU used of its limit, whether a limit is reached and its NodeClaims", () => {
    const r = resourceNamed("nodepools");
    expect(r?.kind).toBe("NodePool");
    expect(resourceNamed("np")).toBe(r);
    expect(resourceNamed("node-pool")).toBe(r);
    const pool = (status: Record<string, unknown>) => ({
      name: "general",
      clusterId: "cl_01",
      requirements: { architectures: ["amd64"], flavors: ["m1.large"] },
      labels: {},
      taints: [],
      limits: { cpu: "16", memory: "64Gi" },
      disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "5m" },
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      status,
    });
    const claim = (name: string, phase: string) => ({ name, phase });
    const ready = pool({
      state: "Ready",
      nodes: 2,
      resources: { cpu: "8", memory: "16Gi" },
      limitReached: false,
      nodeClaims: [claim("general-a", "Initialized"), claim("general-b", "Launched")],
    });
    const pending = pool({ state: "Unknown", message: "the cluster cannot be read" });
    const t = parseTable(formatList(r as NonNullable<typeof r>, [ready, pending], "table"));
    expect(t).toEqual([
      {
        NAME: "general",
        STATE: "Ready",
        NODES: "2",
        CPU: "8/16",
        "LIMIT REACHED": "no",
        CLAIMS: "2 (1 Initialized, 1 Launched)",
        AGE: "60s",
      },
      { NAME: "general", STATE: "Unknown", NODES: "0", CPU: "0/16", "LIMIT REACHED": "no", CLAIMS: "0", AGE: "60s" },
    ]);
    const wide = parseTable(formatList(r as NonNullable<typeof r>, [ready], "wide"))[0];
    expect(wide).toMatchObject({ MEMORY: "16Gi/64Gi", ARCH: "amd64", FLAVORS: "m1.large", CONSOLIDATION: "WhenEmpty after 5m" });
    expect(claimsText([claim("a", "Initialized"), claim("b", "Initialized")])).toBe("2");
  });

  it("reads kubectl's taints: key=value:Effect or key:Effect", () => {
    expect(parseTaint("dedicated=web:NoSchedule")).toEqual({ key: "dedicated", value: "web", effect: "NoSchedule" });
    expect(parseTaint("gpu:NoExecute")).toEqual({ key: "gpu", effect: "NoExecute" });
    expect(() => parseTaint("dedicated=web")).toThrow(/key=value:Effect/);
    expect(() => parseTaint("a=b:Sometimes")).toThrow(/key=value:Effect/);
  });

  it("knows every resource of the issue by plural, singular, alias and kind", () => {
    for (const w of [
      "domains",
      "projects",
      "tokens",
      "hosts",
      "host-requests",
      "hr",
      "host-groups",
      "hg",
      "credentials",
      "management-clusters",
      "mc",
      "provider-clusters",
      "pc",
      "clusters",
      "cluster",
      "kubernetes-versions",
      "bundles",
      "certificates",
      "events",
      "HostGroup",
    ]) {
      expect(resourceNamed(w), w).toBeDefined();
    }
    expect(new Set(RESOURCES.map((r) => r.plural)).size).toBe(RESOURCES.length);
  });

  it("matches kubectl's selector forms", () => {
    const l = { env: "prod", tier: "gold" };
    expect(matches(l, parseSelector("env=prod,tier!=silver"))).toBe(true);
    expect(matches(l, parseSelector("env in (prod,staging), !gpu"))).toBe(true);
    expect(matches(l, parseSelector("tier notin (gold)"))).toBe(false);
    expect(matches(l, parseSelector("gpu"))).toBe(false);
    expect(matches(l, parseSelector("env==prod"))).toBe(true);
    expect(() => parseSelector("env=(x")).toThrow(/selector/);
  });

  it("puts a problem on one line: title, status and code, detail, field errors", () => {
    expect(
      problemLine(422, {
        title: "Unprocessable",
        code: "unprocessable-request",
        detail: "host group g has 1 free host(s)",
        errors: [{ path: "workers", message: "too many" }],
      }),
    ).toBe("Unprocessable (422 unprocessable-request): host group g has 1 free host(s) [workers: too many]");
    expect(problemLine(502, "bad gateway")).toBe("HTTP 502 (502): bad gateway");
  });

  it("reads many manifests per file, YAML or JSON, and keys creates by content", () => {
    const m = parseManifests(
      "kind: HostGroup\nmetadata: {name: a}\n---\nkind: List\nitems:\n  - {kind: HostGroup, metadata: {name: b}, spec: {description: x}}\n",
      "f.yaml",
    );
    expect(m.map((x) => [x.kind, x.metadata.name, x.source])).toEqual([
      ["HostGroup", "a", "f.yaml#1"],
      ["HostGroup", "b", "f.yaml#2"],
    ]);
    expect(parseManifests('[{"kind":"Domain","metadata":{"name":"d"}}]', "f.json")).toHaveLength(1);
    expect(() => parseManifests("kind: X\nmetadata: {}\n", "f.yaml")).toThrow(/f\.yaml#1: metadata\.name is missing/);
    expect(() => parseManifests("kind: X\nmetadata: {name: a}\nworkers: 3\n", "f.yaml")).toThrow(/unknown top-level field\(s\) workers/);
    const k = idempotencyKey("https://s", "/p", { b: 1, a: [1, 2] });
    expect(k).toBe(idempotencyKey("https://s", "/p", { a: [1, 2], b: 1 }));
    expect(k).not.toBe(idempotencyKey("https://s", "/p", { a: [2, 1], b: 1 }));
    expect(applySets({}, ["workers=3", "machines.os=rhel-9", "autoApproveHosts=true"])).toEqual({
      workers: 3,
      machines: { os: "rhel-9" },
      autoApproveHosts: true,
    });
  });

  it("reads durations and prints ages", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("30")).toBe(30_000);
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
    expect(age(new Date(Date.now() - 3 * 86400_000).toISOString())).toBe("3d");
    expect(duration(1234)).toBe("1.2s");
    expect(duration(185_000)).toBe("3m05s");
  });

  it("prints a plan: checks, hosts, machines, object changes, the verdict", () => {
    const plan: Plan = {
      operation: "scale",
      dryRun: true,
      cluster: { id: "cl_1", name: "edge-1", phase: "Ready" },
      accepted: false,
      refusal: { code: "unprocessable-request", message: "host group workers has 0 free host(s)" },
      checks: [
        { name: "phase", ok: true, message: "the cluster is Ready" },
        { name: "free-hosts", ok: false, code: "unprocessable-request", message: "host group workers has 0 free host(s); 1 needed" },
      ],
      steps: ["assign-hosts", "apply-objects"],
      from: { workers: 2 },
      to: { workers: 3 },
      providerCluster: { name: "bms", type: "orbiter-bms" },
      managementCluster: { id: "mc_1", name: "mc-1" },
      hosts: { take: [{ id: "host_1", hostname: "node-1" }], release: [{ id: "host_2", to: "provider" }] },
      machines: { create: [{ name: "edge-1-abc-0", os: "ubuntu-20.04", arch: "amd64" }], release: [], markForDeletion: ["workers-x"] },
      objects: [
        {
          apiVersion: "cluster.x-k8s.io/v1beta1",
          kind: "MachineDeployment",
          name: "workers",
          namespace: "ckp-cl-1",
          action: "update",
          changes: [{ path: "spec.replicas", from: 2, to: 3 }],
        },
        { apiVersion: "v1", kind: "Namespace", name: "ckp-cl-1", action: "unchanged" },
      ],
      notes: [],
    };
    const text = formatPlan(plan);
    expect(text).toContain("Plan: scale cluster edge-1 (Ready): workers 2 → 3");
    expect(text).toMatch(/✗ free-hosts\s+host group workers has 0 free host\(s\); 1 needed {2}\[unprocessable-request\]/);
    expect(text).toContain("+ take    host_1 (node-1)");
    expect(text).toContain("- release host_2 → deleted, its machine returned to the provider");
    expect(text).toContain("+ create  edge-1-abc-0 (ubuntu-20.04/amd64)");
    expect(text).toContain("! mark    Machine workers-x to be removed first");
    expect(text).toContain("~ update  MachineDeployment ckp-cl-1/workers\n      spec.replicas: 2 → 3");
    expect(text).toContain("= 1 unchanged");
    expect(text).toContain("Refused: host group workers has 0 free host(s) [unprocessable-request]");
    expect(text).toContain("Dry run: nothing was changed.");
  });
});

describe("ckpctl apply", () => {
  it("leaves an object alone when it already holds every field of the manifest", async () => {
    const { sameAs } = await import("../../cli/commands/write.js");
    expect(sameAs({ name: "cilium" }, { name: "cilium", version: "v1.17.6" })).toBe(true);
    expect(sameAs({ name: "calico" }, { name: "cilium", version: "v1.17.6" })).toBe(false);
    expect(sameAs("mc-1", { id: "mc_01", name: "mc-1" })).toBe(true);
    expect(sameAs({ env: "prod" }, { env: "prod", extra: "x" })).toBe(true);
    expect(sameAs(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameAs(3, 2)).toBe(false);
  });
});
