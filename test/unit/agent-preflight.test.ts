import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CommandRunner, disabledPlugins, runPreflight, versionIn } from "../../agent/preflight.js";

/**
 * The agent's host preflight on fake /proc, /sys and /etc trees (a temp dir
 * the agent reads instead of /), with the tools' outputs given by a fake
 * command runner: modprobe, sysctl and swapoff cannot run here.
 */
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ckp-preflight-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return root;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

const GOOD_HOST = {
  "proc/modules":
    "overlay 151552 0 - Live 0x0000000000000000\nbr_netfilter 32768 0 - Live 0x0000000000000000\nbridge 311296 1 br_netfilter, Live 0x0\n",
  "proc/sys/net/ipv4/ip_forward": "1\n",
  "proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
  "proc/swaps": SWAPS_HEADER,
  "etc/containerd/config.toml": 'version = 2\n\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "registry.k8s.io/pause:3.9"\n',
};

/** The tools' real first lines, as their releases print them. */
const TOOLS: Record<string, string> = {
  containerd: "containerd github.com/containerd/containerd v1.7.13 7c3aca7a610df76212171d200ca3811ff6096eb8\n",
  runc: "runc version 1.1.10\ncommit: v1.1.10-0-g18a0cb0f\nspec: 1.0.2-dev\ngo: go1.20.10\nlibseccomp: 2.5.4\n",
  crictl: "crictl version v1.27.0\n",
  "/opt/cni/bin/bridge": "CNI bridge plugin v1.3.0\nCNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0\n",
};

function runner(outputs: Record<string, string | undefined> = TOOLS, log: string[] = []): CommandRunner {
  return (cmd, args) => {
    log.push([cmd, ...args].join(" "));
    return outputs[cmd];
  };
}

const at = () => new Date("2026-12-04T03:00:00Z");

describe("agent preflight", () => {
  it("reports a prepared host as it finds it", () => {
    const r = runPreflight({ root: tree(GOOD_HOST), run: runner(), now: at });
    expect(r).toEqual({
      at: "2026-12-04T03:00:00.000Z",
      modules: { overlay: true, br_netfilter: true },
      sysctls: { ipForward: "1", bridgeNfCallIptables: "1" },
      swapDevices: 0,
      versions: { containerd: "1.7.13", runc: "1.1.10", crictl: "1.27.0", cniPlugins: "1.3.0" },
      containerdConfig: { found: true, disabledPlugins: [] },
      fixed: [],
    });
  });

  it("sees what is missing: modules, sysctls, swap on, tools absent, CRI disabled (docker's containerd.io config)", () => {
    const root = tree({
      "proc/modules": "ext4 1 0 - Live 0x0\n",
      "proc/sys/net/ipv4/ip_forward": "0\n",
      "proc/swaps": `${SWAPS_HEADER}/swap.img                               file\t\t2097148\t\t0\t\t-2\n`,
      "etc/containerd/config.toml": '#   Copyright 2018-2022 Docker Inc.\n\ndisabled_plugins = ["cri"]\n\n#root = "/var/lib/containerd"\n',
    });
    const r = runPreflight({ root, run: runner({ containerd: "containerd containerd.io 1.6.4 212e8b6\n" }), now: at });
    expect(r).toMatchObject({
      modules: { overlay: false, br_netfilter: false },
      sysctls: { ipForward: "0", bridgeNfCallIptables: null },
      swapDevices: 1,
      versions: { containerd: "1.6.4", runc: null, crictl: null, cniPlugins: null },
      containerdConfig: { found: true, disabledPlugins: ["cri"] },
      fixed: [],
    });
    expect(r.fixErrors).toBeUndefined();
  });

  it("counts a built-in module (only /sys/module shows it) as loaded", () => {
    const root = tree({
      ...GOOD_HOST,
      "proc/modules": "br_netfilter 32768 0 - Live 0x0\n",
      "sys/module/overlay/parameters/metacopy": "N\n",
    });
    expect(runPreflight({ root, run: runner(), now: at }).modules).toEqual({ overlay: true, br_netfilter: true });
  });

  it("reads no config as containerd's defaults (CRI on)", () => {
    const { "etc/containerd/config.toml": _c, ...rest } = GOOD_HOST;
    expect(runPreflight({ root: tree(rest), run: runner(), now: at }).containerdConfig).toEqual({ found: false, disabledPlugins: [] });
  });

  it("fixes modules, sysctls and swap when configured to, and says so", () => {
    const root = tree({
      "proc/modules": "",
      "proc/sys/net/ipv4/ip_forward": "0\n",
      "proc/swaps": `${SWAPS_HEADER}/dev/sda2 partition 1000 0 -2\n`,
    });
    const log: string[] = [];
    // what the real tools do to /proc, played on the fake tree
    const fake: CommandRunner = (cmd, args) => {
      log.push([cmd, ...args].join(" "));
      if (cmd === "modprobe") {
        write(root, "proc/modules", `${args[0]} 1 0 - Live 0x0\n${readModules(root)}`);
        if (args[0] === "br_netfilter") write(root, "proc/sys/net/bridge/bridge-nf-call-iptables", "0\n");
        return "";
      }
      if (cmd === "sysctl") {
        const [name, value] = (args[1] as string).split("=");
        write(root, `proc/sys/${(name as string).replaceAll(".", "/")}`, `${value}\n`);
        return `${args[1]}\n`;
      }
      if (cmd === "swapoff") {
        write(root, "proc/swaps", SWAPS_HEADER);
        return "";
      }
      return TOOLS[cmd];
    };
    const r = runPreflight({ root, run: fake, fix: true, now: at });
    expect(log.slice(0, 5)).toEqual([
      "modprobe overlay",
      "modprobe br_netfilter",
      "sysctl -w net.ipv4.ip_forward=1",
      "sysctl -w net.bridge.bridge-nf-call-iptables=1",
      "swapoff -a",
    ]);
    expect(r).toMatchObject({
      modules: { overlay: true, br_netfilter: true },
      sysctls: { ipForward: "1", bridgeNfCallIptables: "1" },
      swapDevices: 0,
      fixed: [
        "module overlay",
        "module br_netfilter",
        "sysctl net.ipv4.ip_forward=1",
        "sysctl net.bridge.bridge-nf-call-iptables=1",
        "swapoff -a",
      ],
    });
    expect(r.fixErrors).toBeUndefined();
  });

  it("reports the fixes that did not take, and fixes nothing unless configured to", () => {
    const root = tree({ "proc/modules": "", "proc/sys/net/ipv4/ip_forward": "0\n", "proc/swaps": SWAPS_HEADER });
    const log: string[] = [];
    const notRoot: CommandRunner = (cmd, args) => {
      log.push([cmd, ...args].join(" "));
      return cmd === "modprobe" || cmd === "sysctl" ? "permission denied\n" : TOOLS[cmd];
    };
    const r = runPreflight({ root, run: notRoot, fix: true, now: at });
    expect(r.fixed).toEqual([]);
    expect(r.fixErrors).toEqual([
      "modprobe overlay did not load it",
      "modprobe br_netfilter did not load it",
      "sysctl -w net.ipv4.ip_forward=1 did not take",
      "sysctl -w net.bridge.bridge-nf-call-iptables=1 did not take",
    ]);
    log.length = 0;
    runPreflight({ root, run: notRoot, now: at });
    expect(log.filter((c) => /^(modprobe|sysctl|swapoff)/.test(c))).toEqual([]);
  });
});

function readModules(root: string): string {
  try {
    return readFileSync(join(root, "proc/modules"), "utf8");
  } catch {
    return "";
  }
}

describe("containerd's disabled_plugins", () => {
  it("reads the top-level array in its TOML forms", () => {
    expect(disabledPlugins('disabled_plugins = ["cri"]')).toEqual(["cri"]);
    expect(disabledPlugins("version = 2\ndisabled_plugins = [\n  'io.containerd.grpc.v1.cri', # off\n  \"aufs\",\n]\n")).toEqual([
      "io.containerd.grpc.v1.cri",
      "aufs",
    ]);
    expect(disabledPlugins("disabled_plugins = []")).toEqual([]);
  });

  it("ignores comments and keys inside tables", () => {
    expect(disabledPlugins('# disabled_plugins = ["cri"]\nversion = 2\n')).toEqual([]);
    expect(disabledPlugins('version = 2\n[plugins."x"]\n  disabled_plugins = ["cri"]\n')).toEqual([]);
    expect(disabledPlugins('root = "/var/lib/#containerd"\ndisabled_plugins = ["cri"] # "btrfs"\n')).toEqual(["cri"]);
  });
});

describe("tool versions", () => {
  it("takes the first x.y.z of a tool's output, or none", () => {
    expect(versionIn("containerd containerd.io 1.6.33 d2d58213f83a351ca8f528a95fbd145f5654e957")).toBe("1.6.33");
    expect(versionIn("CNI portmap plugin v1.1.1")).toBe("1.1.1");
    expect(versionIn("bash: runc: command not found")).toBeNull();
    expect(versionIn(undefined)).toBeNull();
  });
});
