import type { Facts } from "./model.js";

/**
 * What the control plane reads from host facts. Agents report:
 *   os: { id: "ubuntu" | "rhel", version: "22.04" }, arch: "amd64" | "arm64",
 *   cpus: number, memoryBytes: number, and anything else they like.
 */
export interface KnownFacts {
  osId?: string;
  osVersion?: string;
  arch?: string;
  cpus?: number;
  memoryBytes?: number;
}

export function readFacts(f: Facts): KnownFacts {
  const os = (typeof f.os === "object" && f.os !== null ? f.os : {}) as Record<string, unknown>;
  const out: KnownFacts = {};
  if (typeof os.id === "string") out.osId = os.id.toLowerCase();
  if (typeof os.version === "string") out.osVersion = os.version;
  if (typeof f.arch === "string") out.arch = normaliseArch(f.arch);
  if (typeof f.cpus === "number") out.cpus = f.cpus;
  if (typeof f.memoryBytes === "number") out.memoryBytes = f.memoryBytes;
  return out;
}

function normaliseArch(a: string): string {
  const v = a.toLowerCase();
  if (v === "x86_64") return "amd64";
  if (v === "aarch64") return "arm64";
  return v;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Labels every host gets from its facts, in the Kubernetes node-label style. */
export function defaultLabels(f: Facts, hostname: string): Record<string, string> {
  const k = readFacts(f);
  const labels: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => {
    if (value && value.length <= 63 && LABEL_VALUE.test(value)) labels[key] = value;
  };
  set("kubernetes.io/arch", k.arch);
  set("kubernetes.io/os", "linux");
  set("kubernetes.io/hostname", hostname.toLowerCase().split(".")[0]);
  set("ckp.io/os", k.osId && k.osVersion ? `${k.osId}-${k.osVersion}` : undefined);
  return labels;
}
