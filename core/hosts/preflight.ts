import { z } from "zod";
import type { Condition, Facts, Host } from "./model.js";

/**
 * Judges the host preflight the agent reports (agent/preflight.ts) against
 * what a node needs (product §5.1 versions; §21: containerd packages that
 * ship with the CRI plugin disabled). The agent reports facts, the rules
 * live here: a tightened range needs no agent upgrade.
 */
export const REQUIRED = {
  containerd: { min: "1.7.0" },
  runc: { min: "1.1.3", max: "1.1.10" },
  cniPlugins: { min: "1.1.2", max: "1.3.0" },
} as const;

/** Plugin ids that mean "CRI off": the v2 config's short name and the full ids (v2 and containerd 2's v3). */
const CRI_PLUGIN_IDS = ["cri", "io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images"];

const version = z.string().max(64).nullable();
export const preflightReport = z.object({
  at: z.string().max(64),
  modules: z.object({ overlay: z.boolean(), br_netfilter: z.boolean() }),
  sysctls: z.object({ ipForward: z.string().max(64).nullable(), bridgeNfCallIptables: z.string().max(64).nullable() }),
  swapDevices: z.number().int().min(0),
  versions: z.object({ containerd: version, runc: version, crictl: version, cniPlugins: version }),
  containerdConfig: z.object({ found: z.boolean(), disabledPlugins: z.array(z.string().max(256)).max(100) }),
  fixed: z.array(z.string().max(256)).max(20),
  fixErrors: z.array(z.string().max(256)).max(20).optional(),
});
export type PreflightReport = z.infer<typeof preflightReport>;

export interface PreflightFailure {
  /** the check's name, stable: clients and the cluster status name it */
  check: string;
  reason: string;
  /** what was found and the fix */
  message: string;
}

export type PreflightVerdict =
  | { state: "not-reported" }
  | { state: "unreadable"; error: string }
  | { state: "passed" | "failed"; at: string; failures: PreflightFailure[]; fixed: string[] };

/** The newest report: the one the running agent sends with its health, else the registration's, in the facts. */
export function latestPreflight(h: Pick<Host, "facts" | "agent">): unknown {
  return h.agent?.health?.preflight ?? h.facts.preflight;
}

export function judgePreflight(raw: unknown): PreflightVerdict {
  if (raw === undefined || raw === null) return { state: "not-reported" };
  const parsed = preflightReport.safeParse(raw);
  if (!parsed.success)
    return { state: "unreadable", error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const r = parsed.data;
  const failures: PreflightFailure[] = [];
  const fail = (check: string, reason: string, message: string) => failures.push({ check, reason, message });

  for (const m of ["overlay", "br_netfilter"] as const) {
    if (!r.modules[m])
      fail(
        `module-${m.replace("_", "-")}`,
        "KernelModuleNotLoaded",
        `kernel module ${m} is not loaded: run modprobe ${m} and list it in /etc/modules-load.d/k8s.conf`,
      );
  }
  const sysctl = (check: string, reason: string, name: string, value: string | null) => {
    if (value !== "1")
      fail(check, reason, `${name} is ${value ?? "absent"}, not 1: run sysctl -w ${name}=1 and set it in /etc/sysctl.d/k8s.conf`);
  };
  sysctl("ip-forward", "IpForwardDisabled", "net.ipv4.ip_forward", r.sysctls.ipForward);
  sysctl("bridge-nf-call-iptables", "BridgeNfCallIptablesDisabled", "net.bridge.bridge-nf-call-iptables", r.sysctls.bridgeNfCallIptables);
  if (r.swapDevices > 0)
    fail("swap", "SwapEnabled", `${r.swapDevices} swap device(s) active: run swapoff -a and remove the swap entries from /etc/fstab`);

  const tool = (check: string, name: string, found: string | null, range: { min: string; max?: string }, prefix: string) => {
    const wanted = range.max ? `v${range.min} to v${range.max}` : `v${range.min} or newer`;
    if (!found) fail(check, `${prefix}Missing`, `${name} is not installed (or reports no version): install ${name} ${wanted}`);
    else if (!inRange(found, range))
      fail(check, `${prefix}VersionUnsupported`, `${name} is v${found}, outside ${wanted}: install ${name} ${wanted}`);
  };
  tool("containerd", "containerd", r.versions.containerd, REQUIRED.containerd, "Containerd");
  tool("runc", "runc", r.versions.runc, REQUIRED.runc, "Runc");
  if (!r.versions.crictl) fail("crictl", "CrictlMissing", "crictl is not installed (or reports no version): install cri-tools");
  tool("cni-plugins", "the CNI plugins (/opt/cni/bin)", r.versions.cniPlugins, REQUIRED.cniPlugins, "CniPlugins");

  const off = r.containerdConfig.disabledPlugins.filter((p) => CRI_PLUGIN_IDS.includes(p));
  if (off.length)
    fail(
      "containerd-cri",
      "ContainerdCriDisabled",
      `remove ${off.map((p) => `"${p}"`).join(", ")} from disabled_plugins in /etc/containerd/config.toml and restart containerd`,
    );
  return { state: failures.length ? "failed" : "passed", at: r.at, failures, fixed: r.fixed };
}

/** x.y.z against an inclusive range. */
export function inRange(v: string, range: { min: string; max?: string }): boolean {
  return compareVersions(v, range.min) >= 0 && (range.max === undefined || compareVersions(v, range.max) <= 0);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The verdict as host conditions: `Preflight` sums it up (Unknown when the
 * agent reported none, as agents before it do), and each failing check
 * adds `Preflight/<check>` with its reason and the fix.
 */
export function preflightConditions(v: PreflightVerdict, at: string): Condition[] {
  if (v.state === "not-reported")
    return [
      {
        type: "Preflight",
        status: "Unknown",
        reason: "PreflightNotReported",
        message: "the host's agent reported no preflight; the host is judged on its OS, architecture and resources only",
        lastTransitionTime: at,
      },
    ];
  if (v.state === "unreadable")
    return [
      {
        type: "Preflight",
        status: "Unknown",
        reason: "PreflightUnreadable",
        message: `the preflight report is not understood: ${v.error}`.slice(0, 1000),
        lastTransitionTime: at,
      },
    ];
  const fixed = v.fixed.length ? `; the agent fixed: ${v.fixed.join(", ")}` : "";
  return [
    v.state === "passed"
      ? { type: "Preflight", status: "True", reason: "PreflightPassed", message: `all checks pass${fixed}`, lastTransitionTime: v.at }
      : {
          type: "Preflight",
          status: "False",
          reason: v.failures[0]?.reason ?? "PreflightFailed",
          message: `failing: ${v.failures.map((f) => f.check).join(", ")}${fixed}`,
          lastTransitionTime: v.at,
        },
    ...v.failures.map(
      (f): Condition => ({ type: `Preflight/${f.check}`, status: "False", reason: f.reason, message: f.message, lastTransitionTime: v.at }),
    ),
  ];
}

/** Judges what a host (or a request's facts) reports, newest first. */
export function hostPreflight(h: { facts: Facts; agent?: Host["agent"] }): PreflightVerdict {
  return judgePreflight(latestPreflight(h));
}
