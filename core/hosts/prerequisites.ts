import { readFacts } from "./facts.js";
import type { Facts } from "./model.js";

/** Product §5.1: the operating systems CKP nodes run on. */
export const SUPPORTED_OS: Record<string, string[]> = {
  ubuntu: ["20.04", "22.04"],
  rhel: ["9"],
};
export const SUPPORTED_ARCH = ["amd64", "arm64"];
/** kubeadm's own minimums for a node. */
export const MIN_CPUS = 2;
export const MIN_MEMORY_BYTES = 2 * 1024 ** 3;

export interface Problem {
  reason: string;
  message: string;
}

export function checkPrerequisites(f: Facts): Problem[] {
  const k = readFacts(f);
  const problems: Problem[] = [];
  const versions = k.osId ? SUPPORTED_OS[k.osId] : undefined;
  const osOk = versions?.some((v) => k.osVersion === v || k.osVersion?.startsWith(`${v}.`));
  if (!osOk) {
    const supported = Object.entries(SUPPORTED_OS)
      .map(([id, vs]) => vs.map((v) => `${id} ${v}`).join(", "))
      .join(", ");
    problems.push({
      reason: "UnsupportedOS",
      message: k.osId
        ? `operating system ${k.osId} ${k.osVersion ?? "(no version)"} is not supported (supported: ${supported})`
        : "facts.os.id and facts.os.version are missing",
    });
  }
  if (!k.arch || !SUPPORTED_ARCH.includes(k.arch)) {
    problems.push({
      reason: "UnsupportedArchitecture",
      message: `architecture ${k.arch ?? "(missing)"} is not supported (supported: ${SUPPORTED_ARCH.join(", ")})`,
    });
  }
  if (k.cpus !== undefined && k.cpus < MIN_CPUS) {
    problems.push({ reason: "InsufficientResources", message: `host has ${k.cpus} CPUs; at least ${MIN_CPUS} are needed` });
  }
  if (k.memoryBytes !== undefined && k.memoryBytes < MIN_MEMORY_BYTES) {
    problems.push({
      reason: "InsufficientResources",
      message: `host has ${k.memoryBytes} bytes of memory; at least ${MIN_MEMORY_BYTES} are needed`,
    });
  }
  return problems;
}
