import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import { AGENT_CONFIG_PATH, AGENT_INSTALL_MARKER, AGENT_UNIT_NAME, AGENT_UNIT_PATH } from "../../core/infrastructure/agent-install.js";
import type { AgentConfig } from "../../core/infrastructure/cloud-init.js";
import { type AgentProcess, spawnProcess } from "../support/agent-process.js";

/**
 * Test double of a machine an infrastructure provider booted. It does what
 * cloud-init and systemd would do with the user data the driver sent, on
 * this host, inside a temp directory that stands for the machine's root:
 *
 * 1. writes every `write_files` entry under that root (the agent config the
 *    control plane rendered among them);
 * 2. runs the agent install script from the user data — the real one, with
 *    `sh`, `CKP_INSTALL_ROOT=<root>` and a `systemctl` on PATH that only
 *    records its calls — so curl downloads the agent build from the
 *    control plane and sha256sum checks it against the pinned digest;
 * 3. plays systemd for the unit the script wrote and enabled: runs its
 *    ExecStartPre (the downloaded agent's `register --config …`) and, when
 *    asked, its ExecStart (`run`);
 * 4. on request, installs a pulled BYOH bundle with the agent's
 *    `install-bundle`, with a `dpkg` that records what it was given.
 *
 * The real agent reports the facts of the host it runs on; a simulated
 * machine has its own hardware, so the double adds `--facts-file` to the
 * unit's commands (as a systemd drop-in would). Its host preflight is the
 * simulated machine's too: a passing one in the facts unless the test gives
 * one, and `run --no-preflight` so the build machine's is never reported.
 */
export type MachineState = "booting" | "installing" | "registering" | "registered" | "running" | "failed" | "stopped";

export interface BootOptions {
  /** the simulated hardware: os, arch, cpus, memoryBytes, … */
  facts: Record<string, unknown>;
  /** also start the unit's ExecStart (the agent's `run`) after registration */
  runAgent?: boolean;
}

export class BootedMachine {
  readonly root: string;
  state: MachineState = "booting";
  error: string | undefined;
  readonly processes: AgentProcess[] = [];
  private stopped = false;
  /** resolves when registration ended (registered, failed or stopped) */
  readonly settled: Promise<MachineState>;
  private settle!: (s: MachineState) => void;

  constructor(
    readonly name: string,
    private readonly o: BootOptions,
  ) {
    this.root = mkdtempSync(join(tmpdir(), `ckp-machine-${name.slice(0, 40)}-`));
    this.settled = new Promise((r) => (this.settle = r));
  }

  /** The agent config cloud-init wrote, once it did. */
  get config(): AgentConfig | undefined {
    const f = join(this.root, AGENT_CONFIG_PATH);
    return existsSync(f) ? (yaml.load(readFileSync(f, "utf8"), { schema: yaml.CORE_SCHEMA }) as AgentConfig) : undefined;
  }

  /** Commands the install script gave systemctl. */
  get systemctlCalls(): string[] {
    const f = join(this.root, ".double", "systemctl.log");
    return existsSync(f) ? readFileSync(f, "utf8").trim().split("\n").filter(Boolean) : [];
  }

  /** Commands the agent gave dpkg (the double records them; nothing is installed on this host). */
  get dpkgCalls(): string[] {
    const f = join(this.root, ".double", "dpkg.log");
    return existsSync(f) ? readFileSync(f, "utf8").trim().split("\n").filter(Boolean) : [];
  }

  /**
   * What provisioning does once imgpkg pulled a BYOH bundle into `dir`: the
   * installed agent's `install-bundle`, with the unit's --config and
   * --state-dir, and a `dpkg` on PATH that only records its calls. Resolves
   * with the exit code; the process's lines are in describe().
   */
  async installBundle(dir: string, kubernetesVersion: string): Promise<number | null> {
    const start = parseUnit(readFileSync(join(this.root, AGENT_UNIT_PATH), "utf8")).ExecStart;
    if (!start) throw new Error(`machine ${this.name} has no agent unit (boot it first)`);
    const at = start.indexOf("run");
    const option = (name: string) => start[start.indexOf(name) + 1] as string;
    return this.run("install-bundle", start[0] as string, [
      ...start.slice(1, at),
      "install-bundle",
      "--config",
      option("--config"),
      "--state-dir",
      option("--state-dir"),
      "--dir",
      dir,
      "--kubernetes-version",
      kubernetesVersion,
    ]);
  }

  /** The last lines of every process the machine ran, for failure messages. */
  describe(): string {
    return [
      `machine ${this.name}: ${this.state}${this.error ? ` (${this.error})` : ""}`,
      ...this.processes.map((p) => `--- ${p.name}\n${p.lines.slice(-20).join("\n")}`),
    ].join("\n");
  }

  async boot(userDataBase64: string): Promise<MachineState> {
    try {
      const doc = parseUserData(userDataBase64);
      this.writeFiles(doc);
      const script = installScript(doc);
      if (!script) return this.fail(`the user data has no agent install script (${AGENT_INSTALL_MARKER})`);
      this.state = "installing";
      const install = await this.run("install", "sh", ["-c", script]);
      if (install !== 0) return this.fail(`the install script exited with ${install}`);
      if (!this.systemctlCalls.some((c) => /\benable\b/.test(c) && /--now\b/.test(c) && c.includes(AGENT_UNIT_NAME))) {
        return this.fail(`the install script did not enable and start ${AGENT_UNIT_NAME}`);
      }
      const unit = parseUnit(readFileSync(join(this.root, AGENT_UNIT_PATH), "utf8"));
      const factsFile = join(this.root, ".double", "facts.json");
      writeFileSync(factsFile, JSON.stringify({ preflight: passingPreflight(), ...this.o.facts }));
      const pre = unit.ExecStartPre;
      if (pre) {
        this.state = "registering";
        const code = await this.run("register", pre[0] as string, [...pre.slice(1), "--facts-file", factsFile]);
        if (code !== 0) return this.fail(`ExecStartPre (${pre.slice(1, 3).join(" ")}) exited with ${code}`);
      }
      this.state = "registered";
      if (this.o.runAgent && unit.ExecStart && !this.stopped) {
        const start = unit.ExecStart;
        void this.run("run", start[0] as string, [...start.slice(1), "--no-preflight"]);
        this.state = "running";
      }
    } catch (e) {
      return this.fail((e as Error).message);
    }
    this.settle(this.state);
    return this.state;
  }

  /** A power cycle: every process ends, the disk stays (boot again to run the user data and the unit). */
  async halt(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill("SIGKILL")));
  }

  /** The server is deleted: its processes end and its disk is wiped. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.processes.map((p) => p.kill("SIGKILL")));
    if (this.state !== "failed") this.state = "stopped";
    this.settle(this.state);
    rmSync(this.root, { recursive: true, force: true });
  }

  private fail(why: string): MachineState {
    if (this.stopped) {
      this.settle("stopped");
      return "stopped";
    }
    this.state = "failed";
    this.error = why;
    this.settle("failed");
    return "failed";
  }

  private async run(what: string, cmd: string, args: string[]): Promise<number | null> {
    if (this.stopped) return null;
    const bin = join(this.root, ".double", "bin");
    const p = spawnProcess(`${this.name}:${what}`, cmd, args, {
      cwd: this.root,
      group: true,
      env: { CKP_INSTALL_ROOT: this.root, PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` },
    });
    this.processes.push(p);
    return p.exited;
  }

  private writeFiles(doc: CloudConfig): void {
    for (const f of doc.write_files ?? []) {
      if (!f?.path || typeof f.content !== "string") continue;
      const target = join(this.root, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content);
      if (f.permissions) chmodSync(target, Number.parseInt(String(f.permissions), 8));
    }
    const bin = join(this.root, ".double", "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "systemctl"), '#!/bin/sh\necho "$*" >> "$CKP_INSTALL_ROOT/.double/systemctl.log"\n', { mode: 0o755 });
    writeFileSync(join(bin, "dpkg"), '#!/bin/sh\necho "$*" >> "$CKP_INSTALL_ROOT/.double/dpkg.log"\n', { mode: 0o755 });
  }
}

interface CloudConfig {
  write_files?: Array<{ path?: string; content?: unknown; permissions?: unknown }>;
  runcmd?: unknown[];
}

function parseUserData(userDataBase64: string): CloudConfig {
  const text = Buffer.from(userDataBase64, "base64").toString("utf8");
  if (!text.startsWith("#cloud-config")) throw new Error("the user data is not cloud-config");
  return yaml.load(text, { schema: yaml.CORE_SCHEMA }) as CloudConfig;
}

/** The install script: a runcmd entry, or a file the user data writes. */
function installScript(doc: CloudConfig): string | undefined {
  const has = (v: unknown): v is string => typeof v === "string" && v.includes(AGENT_INSTALL_MARKER);
  return (doc.runcmd ?? []).find(has) ?? (doc.write_files ?? []).map((f) => f?.content).find(has);
}

/** `Key=value` lines of a unit file; Exec lines split into words (the unit has no quoting). */
function parseUnit(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.split("\n")) {
    const m = /^(ExecStartPre|ExecStart)=(.+)$/.exec(line.trim());
    if (m) out[m[1] as string] = (m[2] as string).trim().split(/\s+/);
  }
  return out;
}

/** The agent config a user data document carries (what cloud-init writes to /etc/ckp/agent.yaml). */
export function agentConfigFromUserData(userDataBase64: string): AgentConfig | undefined {
  const doc = parseUserData(userDataBase64);
  const file = doc.write_files?.find((f) => f?.path === AGENT_CONFIG_PATH);
  if (typeof file?.content !== "string") return undefined;
  return yaml.load(file.content, { schema: yaml.CORE_SCHEMA }) as AgentConfig;
}

export function osFacts(os: string): { id: string; version: string } {
  const [id, version] = os.split("-") as [string, string];
  return { id, version };
}

/** What a simulated machine's agent reports: a host the installation scripts prepared (agent/preflight.ts). */
export function passingPreflight(at = new Date()): Record<string, unknown> {
  return {
    at: at.toISOString(),
    modules: { overlay: true, br_netfilter: true },
    sysctls: { ipForward: "1", bridgeNfCallIptables: "1" },
    swapDevices: 0,
    versions: { containerd: "1.7.13", runc: "1.1.10", crictl: "1.27.0", cniPlugins: "1.3.0" },
    containerdConfig: { found: true, disabledPlugins: [] },
    fixed: [],
  };
}
