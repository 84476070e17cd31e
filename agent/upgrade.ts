import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, writeSync } from "node:fs";
import type { Agent as HttpsAgent } from "node:https";
import { basename, dirname, join } from "node:path";
import { problemDetail, request } from "./http.js";
import type { Identity } from "./state.js";
import { BUNDLED } from "./version.js";

export interface Release {
  version: string;
  sha256: string;
  url: string;
}

export interface UpgradeReport {
  status: "succeeded" | "failed";
  version: string;
  at: string;
  error?: string;
}

export async function fetchRelease(id: Identity, agent: HttpsAgent): Promise<Release | undefined> {
  const res = await request(`${id.agentApiUrl}/v1/agent/release`, { agent });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`could not read the release (${res.status}): ${problemDetail(res)}`);
  return res.json<Release>();
}

/** The file this agent runs from: what an upgrade replaces. */
export function selfPath(): string {
  return realpathSync(process.argv[1] as string);
}

/**
 * Fetches the build the control plane names, checks its SHA-256, checks
 * that it runs and reports the expected version, then swaps it in with a
 * rename (atomic within the directory). Any failure leaves the running
 * agent's file untouched.
 */
export async function installRelease(id: Identity, agent: HttpsAgent, r: Release, target = selfPath()): Promise<void> {
  if (!BUNDLED && target === selfPath()) throw new Error("only the bundled agent (npm run build:agent) upgrades itself in place");
  const url = /^https?:\/\//.test(r.url) ? r.url : `${id.agentApiUrl}${r.url.startsWith("/") ? "" : "/"}${r.url}`;
  const res = await request(url, { agent, timeoutMs: 120_000, maxBytes: 256 * 1024 * 1024 });
  if (res.status !== 200) throw new Error(`download of ${r.version} failed (${res.status}): ${problemDetail(res)}`);
  const digest = createHash("sha256").update(res.body).digest("hex");
  if (digest !== r.sha256)
    throw new Error(`digest mismatch for ${r.version}: expected ${r.sha256}, got ${digest}; keeping the running agent`);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.new`);
  try {
    const fd = openSync(tmp, "w", 0o755);
    try {
      writeSync(fd, res.body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const reported = execFileSync(process.execPath, [tmp, "version"], { encoding: "utf8", timeout: 30_000 }).trim();
    if (reported !== r.version) throw new Error(`the downloaded build reports version ${reported}, not ${r.version}`);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
