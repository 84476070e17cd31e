import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statfsSync } from "node:fs";
import { arch, cpus, freemem, hostname, loadavg, release, totalmem, uptime } from "node:os";

/** Registration facts (what the control plane checks and labels hosts by). */
export function collectFacts(): Record<string, unknown> {
  const os = osRelease();
  return {
    os: { id: os.ID ?? "unknown", version: os.VERSION_ID ?? "unknown", ...(os.PRETTY_NAME ? { name: os.PRETTY_NAME } : {}) },
    arch: normaliseArch(arch()),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    hostname: hostname(),
  };
}

export function machineId(): string | undefined {
  for (const f of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    if (existsSync(f)) {
      const id = readFileSync(f, "utf8").trim();
      if (id) return id;
    }
  }
  return undefined;
}

function osRelease(): Record<string, string> {
  try {
    const out: Record<string, string> = {};
    for (const line of readFileSync("/etc/os-release", "utf8").split("\n")) {
      const m = /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim());
      if (m) out[m[1] as string] = m[3] as string;
    }
    return out;
  } catch {
    return {};
  }
}

function normaliseArch(a: string): string {
  return a === "x64" ? "amd64" : a;
}

const RUNTIMES = [
  { name: "containerd", socket: "/run/containerd/containerd.sock", bin: "containerd" },
  { name: "cri-o", socket: "/var/run/crio/crio.sock", bin: "crio" },
  { name: "docker", socket: "/var/run/docker.sock", bin: "docker" },
];

let runtime: { name: string; version?: string; socket: string } | null | undefined;

function containerRuntime() {
  if (runtime !== undefined) return runtime;
  runtime = null;
  for (const r of RUNTIMES) {
    if (!existsSync(r.socket)) continue;
    let version: string | undefined;
    try {
      version = execFileSync(r.bin, ["--version"], { timeout: 2000, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .trim()
        .slice(0, 120);
    } catch {
      version = undefined;
    }
    runtime = { name: r.name, socket: r.socket, ...(version ? { version } : {}) };
    break;
  }
  return runtime;
}

function memAvailable(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return freemem();
}

/** Health facts reported with every heartbeat (product §10). */
export function collectHealth(diskPath = "/"): Record<string, unknown> {
  let disk: Record<string, unknown> | undefined;
  try {
    const s = statfsSync(diskPath);
    disk = { path: diskPath, totalBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize };
  } catch {
    disk = undefined;
  }
  return {
    uptimeSeconds: Math.round(uptime()),
    load: loadavg().map((l) => Math.round(l * 100) / 100),
    memory: { totalBytes: totalmem(), availableBytes: memAvailable() },
    ...(disk ? { disk } : {}),
    kernel: release(),
    containerRuntime: containerRuntime(),
  };
}
