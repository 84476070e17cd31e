import { describe, expect, it } from "vitest";
import { hostsPreflightCondition, judgeHosts } from "../../core/clusters/host-preflight.js";
import { decideAutoApproval } from "../../core/hosts/auto-approval.js";
import { hostView } from "../../core/hosts/hosts.js";
import type { Host } from "../../core/hosts/model.js";
import { compareVersions, inRange, judgePreflight, preflightConditions } from "../../core/hosts/preflight.js";
import { DomainError } from "../../core/shared/errors.js";
import { approvalFromInput, projectApproval } from "../../core/tenancy/approval-policy.js";
import { passingPreflight } from "../doubles/machine-agent.js";

const AT = new Date("2026-12-04T03:00:00Z");
const good = () => passingPreflight(AT) as Record<string, any>;
const UBUNTU = { os: { id: "ubuntu", version: "22.04" }, arch: "amd64", cpus: 4, memoryBytes: 8 * 1024 ** 3 };

describe("judging the host preflight", () => {
  it("passes a prepared host", () => {
    expect(judgePreflight(good())).toEqual({ state: "passed", at: AT.toISOString(), failures: [], fixed: [] });
  });

  it("names each failing check with its reason and fix", () => {
    const p = good();
    p.modules.br_netfilter = false;
    p.sysctls = { ipForward: "0", bridgeNfCallIptables: null };
    p.swapDevices = 2;
    p.containerdConfig.disabledPlugins = ["cri"];
    const v = judgePreflight(p);
    expect(v.state).toBe("failed");
    if (v.state !== "failed") return;
    expect(v.failures.map((f) => [f.check, f.reason])).toEqual([
      ["module-br-netfilter", "KernelModuleNotLoaded"],
      ["ip-forward", "IpForwardDisabled"],
      ["bridge-nf-call-iptables", "BridgeNfCallIptablesDisabled"],
      ["swap", "SwapEnabled"],
      ["containerd-cri", "ContainerdCriDisabled"],
    ]);
    expect(v.failures.at(-1)?.message).toBe('remove "cri" from disabled_plugins in /etc/containerd/config.toml and restart containerd');
    expect(v.failures.find((f) => f.check === "swap")?.message).toContain("swapoff -a");
    expect(v.failures.find((f) => f.check === "ip-forward")?.message).toContain("sysctl -w net.ipv4.ip_forward=1");
  });

  it("holds the tools to the version matrix (product §5.1)", () => {
    const at = (versions: Record<string, string | null>) => {
      const p = good();
      p.versions = { ...p.versions, ...versions };
      const v = judgePreflight(p);
      return v.state === "failed" ? v.failures.map((f) => f.reason) : [];
    };
    expect(at({ containerd: "1.7.0", runc: "1.1.3", cniPlugins: "1.1.2" })).toEqual([]);
    expect(at({ containerd: "2.0.1" })).toEqual([]);
    expect(at({ containerd: "1.6.33" })).toEqual(["ContainerdVersionUnsupported"]);
    expect(at({ runc: "1.1.11" })).toEqual(["RuncVersionUnsupported"]);
    expect(at({ runc: "1.1.2" })).toEqual(["RuncVersionUnsupported"]);
    expect(at({ cniPlugins: "1.4.0" })).toEqual(["CniPluginsVersionUnsupported"]);
    expect(at({ containerd: null, runc: null, crictl: null, cniPlugins: null })).toEqual([
      "ContainerdMissing",
      "RuncMissing",
      "CrictlMissing",
      "CniPluginsMissing",
    ]);
  });

  it("knows the CRI plugin by each of its ids", () => {
    for (const id of ["cri", "io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime"]) {
      const p = good();
      p.containerdConfig.disabledPlugins = ["aufs", id];
      const v = judgePreflight(p);
      expect(v.state === "failed" && v.failures.map((f) => f.reason)).toEqual(["ContainerdCriDisabled"]);
    }
    const p = good();
    p.containerdConfig.disabledPlugins = ["aufs", "btrfs"];
    expect(judgePreflight(p).state).toBe("passed");
  });

  it("tells an agent that reported none, or nonsense, from a failing host", () => {
    expect(judgePreflight(undefined)).toEqual({ state: "not-reported" });
    expect(judgePreflight({ modules: "yes" }).state).toBe("unreadable");
  });

  it("compares versions numerically", () => {
    expect(compareVersions("1.1.10", "1.1.9")).toBeGreaterThan(0);
    expect(compareVersions("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(inRange("1.1.10", { min: "1.1.3", max: "1.1.10" })).toBe(true);
  });
});

describe("preflight conditions", () => {
  it("sums up in Preflight and adds one condition per failing check", () => {
    const p = good();
    p.swapDevices = 1;
    p.fixed = ["module overlay"];
    const c = preflightConditions(judgePreflight(p), "x");
    expect(c.map((x) => [x.type, x.status, x.reason])).toEqual([
      ["Preflight", "False", "SwapEnabled"],
      ["Preflight/swap", "False", "SwapEnabled"],
    ]);
    expect(c[0]?.message).toBe("failing: swap; the agent fixed: module overlay");
    expect(preflightConditions(judgePreflight(undefined), "x")).toEqual([
      expect.objectContaining({ type: "Preflight", status: "Unknown", reason: "PreflightNotReported" }),
    ]);
  });

  it("judges a host on the newest report: its agent's health over its registration facts", () => {
    const failing = good();
    failing.modules.overlay = false;
    const host = {
      id: "host_1",
      hostname: "n1",
      facts: { ...UBUNTU, preflight: good() },
      conditions: [{ type: "Provisioned", status: "True", reason: "Provisioned", message: "", lastTransitionTime: "t" }],
      createdAt: "t",
      agent: { status: "ready", lastSeenAt: "t", via: "websocket", health: { preflight: failing } },
    } as unknown as Host;
    expect(hostView(host).conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      "Provisioned=True",
      "Preflight=False",
      "Preflight/module-overlay=False",
    ]);
    const { agent: _a, ...registered } = host;
    expect(hostView(registered as Host).conditions.map((c) => `${c.type}=${c.status}`)).toEqual(["Provisioned=True", "Preflight=True"]);
    expect(judgeHosts([host, registered as Host])).toEqual([
      { hostId: "host_1", hostname: "n1", failures: [expect.objectContaining({ check: "module-overlay" })] },
    ]);
    expect(hostsPreflightCondition(judgeHosts([host]), 1, "t")).toMatchObject({
      type: "HostsPreflight",
      status: "False",
      reason: "HostPreflightFailed",
      message: "1 host(s) fail their preflight: n1 (host_1): KernelModuleNotLoaded",
    });
  });
});

describe("the approval policy", () => {
  const failing = () => {
    const p = good();
    p.containerdConfig.disabledPlugins = ["cri"];
    return p;
  };

  it("approves on a passing preflight, always or never", () => {
    expect(decideAutoApproval({ mode: "preflight" }, { ...UBUNTU, preflight: good() }, "n1")).toEqual({
      approve: true,
      why: "the host's preflight passes",
    });
    expect(decideAutoApproval({ mode: "preflight" }, { ...UBUNTU, preflight: failing() }, "n1")).toEqual({
      approve: false,
      why: "the host's preflight fails: containerd-cri",
    });
    expect(decideAutoApproval({ mode: "preflight" }, UBUNTU, "n1")).toEqual({ approve: false, why: "the host reported no preflight" });
    expect(decideAutoApproval({ mode: "always" }, { ...UBUNTU, preflight: failing() }, "n1").approve).toBe(true);
    expect(decideAutoApproval({ mode: "never" }, { ...UBUNTU, preflight: good() }, "n1").approve).toBe(false);
  });

  it("approves by itself only hosts whose fact labels match the selector", () => {
    const policy = { mode: "always" as const, selector: { "kubernetes.io/arch": "arm64" } };
    expect(decideAutoApproval(policy, UBUNTU, "n1")).toEqual({
      approve: false,
      why: "the host's labels do not match the approval selector (kubernetes.io/arch=arm64)",
    });
    expect(decideAutoApproval(policy, { ...UBUNTU, arch: "aarch64" }, "n1").approve).toBe(true);
  });

  it("reads the former autoApproveHosts, and refuses both at once", () => {
    expect(approvalFromInput({ autoApproveHosts: true })).toEqual({ mode: "always" });
    expect(approvalFromInput({ autoApproveHosts: false })).toEqual({ mode: "never" });
    expect(approvalFromInput({})).toBeUndefined();
    expect(() => approvalFromInput({ autoApproveHosts: true, approval: { mode: "preflight" } })).toThrow(DomainError);
    expect(projectApproval({ autoApproveHosts: true })).toEqual({ mode: "always" });
    expect(projectApproval({})).toEqual({ mode: "never" });
  });
});
