import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The host preflight (issue 19): what a kubeadm node needs of its host,
 * read from `<root>/proc`, `<root>/sys` and `<root>/etc` and from the
 * tools' own `--version`. The agent reports what it found; the control
 * plane judges it (core/hosts/preflight.ts), so a new rule there needs no
 * agent upgrade. `root` is `/` on a host; tests give a temp dir.
 */
export interface PreflightReport {
  at: string;
  modules: { overlay: boolean; br_netfilter: boolean };
  /** the values as read; null when the file is absent (br_netfilter not loaded, or not Linux) */
  sysctls: { ipForward: string | null; bridgeNfCallIptables: string | null };
  /** active swap devices (lines of /proc/swaps after its header) */
  swapDevices: number;
  /** x.y.z as each tool reports it; null when it is not installed or said no version */
  versions: { containerd: string | null; runc: string | null; crictl: string | null; cniPlugins: string | null };
  containerdConfig: { found: boolean; disabledPlugins: string[] };
  /** what the agent changed to pass (when configured to fix) */
  fixed: string[];
  /** fixes it tried and could not make */
  fixErrors?: string[];
}

/** Runs a command; its stdout and stderr together, or undefined when it could not run. */
export type CommandRunner = (cmd: string, args: string[]) => string | undefined;

export const runCommand: CommandRunner = (cmd, args) => {
  const r = spawnSync(cmd, args, { timeout: 5000, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: cniFreeEnv() });
  if (r.error) return undefined;
  return `${r.stdout ?? ""}${r.stderr ?? ""}`;
};

/** A CNI plugin run without CNI_COMMAND prints its "about" line (name and version) and exits. */
function cniFreeEnv(): NodeJS.ProcessEnv {
  const { CNI_COMMAND: _c, ...env } = process.env;
  return env;
}

export interface PreflightOptions {
  root?: string;
  run?: CommandRunner;
  /** load the modules, set the sysctls and turn swap off, as the installation scripts do */
  fix?: boolean;
  cniBinDir?: string;
  now?: () => Date;
}

const SYSCTLS = {
  ipForward: "net.ipv4.ip_forward",
  bridgeNfCallIptables: "net.bridge.bridge-nf-call-iptables",
} as const;

export function runPreflight(o: PreflightOptions = {}): PreflightReport {
  const root = o.root ?? "/";
  const run = o.run ?? runCommand;
  const fixed: string[] = [];
  const fixErrors: string[] = [];
  if (o.fix) {
    // modules first: the bridge sysctl exists only once br_netfilter is loaded
    for (const m of ["overlay", "br_netfilter"] as const) {
      if (moduleLoaded(root, m)) continue;
      if (run("modprobe", [m]) !== undefined && moduleLoaded(root, m)) fixed.push(`module ${m}`);
      else fixErrors.push(`modprobe ${m} did not load it`);
    }
    for (const name of Object.values(SYSCTLS)) {
      if (readSysctl(root, name) === "1") continue;
      if (run("sysctl", ["-w", `${name}=1`]) !== undefined && readSysctl(root, name) === "1") fixed.push(`sysctl ${name}=1`);
      else fixErrors.push(`sysctl -w ${name}=1 did not take`);
    }
    if (swapDevices(root) > 0) {
      if (run("swapoff", ["-a"]) !== undefined && swapDevices(root) === 0) fixed.push("swapoff -a");
      else fixErrors.push("swapoff -a left swap on");
    }
  }
  const cni = join(o.cniBinDir ?? "/opt/cni/bin", "bridge");
  return {
    at: (o.now?.() ?? new Date()).toISOString(),
    modules: { overlay: moduleLoaded(root, "overlay"), br_netfilter: moduleLoaded(root, "br_netfilter") },
    sysctls: { ipForward: readSysctl(root, SYSCTLS.ipForward), bridgeNfCallIptables: readSysctl(root, SYSCTLS.bridgeNfCallIptables) },
    swapDevices: swapDevices(root),
    versions: {
      containerd: versionIn(run("containerd", ["--version"])),
      runc: versionIn(run("runc", ["--version"])),
      crictl: versionIn(run("crictl", ["--version"])),
      cniPlugins: versionIn(run(cni, [])),
    },
    containerdConfig: containerdConfig(root),
    fixed,
    ...(fixErrors.length ? { fixErrors } : {}),
  };
}

function read(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), "utf8");
  } catch {
    return undefined;
  }
}

/** Loaded as a module (/proc/modules), or built into the kernel (then only /sys/module/<name> shows it). */
export function moduleLoaded(root: string, name: string): boolean {
  const modules = read(root, "proc/modules") ?? "";
  if (modules.split("\n").some((l) => l.split(" ")[0] === name)) return true;
  return existsSync(join(root, "sys/module", name));
}

function readSysctl(root: string, name: string): string | null {
  return read(root, `proc/sys/${name.replaceAll(".", "/")}`)?.trim() ?? null;
}

function swapDevices(root: string): number {
  const swaps = read(root, "proc/swaps");
  if (!swaps) return 0;
  return swaps
    .split("\n")
    .slice(1)
    .filter((l) => l.trim()).length;
}

/** The first x.y.z in a tool's output ("containerd github.com/containerd/containerd v1.7.2 …", "runc version 1.1.9"). */
export function versionIn(output: string | undefined): string | null {
  if (output === undefined) return null;
  return /\bv?(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null;
}

function containerdConfig(root: string): PreflightReport["containerdConfig"] {
  const text = read(root, "etc/containerd/config.toml");
  if (text === undefined) return { found: false, disabledPlugins: [] };
  return { found: true, disabledPlugins: disabledPlugins(text) };
}

/**
 * `disabled_plugins` from containerd's config: a top-level TOML array of
 * strings, possibly over several lines, with comments. Only the top level
 * counts (before the first [table]); a key of that name inside a table is
 * something else.
 */
export function disabledPlugins(toml: string): string[] {
  const topLevel: string[] = [];
  for (const line of toml.split("\n")) {
    if (/^\s*\[/.test(line)) break;
    topLevel.push(stripComment(line));
  }
  const m = /(?:^|\n)\s*(?:disabled_plugins|"disabled_plugins")\s*=\s*\[([^\]]*)\]/.exec(topLevel.join("\n"));
  if (!m) return [];
  const out: string[] = [];
  for (const s of (m[1] ?? "").matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) out.push(s[1] ?? s[2] ?? "");
  return out;
}

/** A line without its `#` comment; a `#` inside a string stays. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}
