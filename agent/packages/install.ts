import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { Agent as HttpsAgent } from "node:https";
import { join } from "node:path";
import { problemDetail, request } from "../http.js";
import type { Identity } from "../state.js";
import { type Refusal, type TrustedKey, verifyPackage } from "./verify.js";

/** The manifest of the bundle for this host, with the keys to trust (GET /v1/agent/bundle). */
export interface BundleForHost {
  kubernetesVersion: string;
  os: string;
  ociReference: string;
  digest: string;
  packages: Record<string, string>;
  trustedKeys: TrustedKey[];
}

/** What the agent reports on the host (`agent.packages`) after an installation. */
export interface PackagesReport {
  status: "installed" | "refused" | "failed";
  bundle: string;
  at: string;
  packages?: string[];
  refusal?: Refusal;
  error?: string;
}

export async function fetchBundle(id: Identity, agent: HttpsAgent, kubernetesVersion: string): Promise<BundleForHost> {
  const res = await request(`${id.agentApiUrl}/v1/agent/bundle?kubernetesVersion=${encodeURIComponent(kubernetesVersion)}`, { agent });
  if (res.status !== 200) throw new Error(`could not read the bundle manifest (${res.status}): ${problemDetail(res)}`);
  return res.json<BundleForHost>();
}

/** A field of a .deb's control file (dpkg-deb -f); undefined when the archive or the field cannot be read. */
export function debField(file: string, field: string): string | undefined {
  try {
    const v = execFileSync("dpkg-deb", ["-f", file, field], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30_000,
    }).trim();
    return v || undefined;
  } catch {
    return undefined;
  }
}

/** The .deb files of a pulled bundle directory, sorted. */
export function packageFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".deb"))
    .sort();
}

/** Checks every package of the directory; the first refusal stops the checks. */
export async function verifyBundleDir(dir: string, trusted: TrustedKey[]): Promise<{ packages: string[]; refusal?: Refusal }> {
  const files = packageFiles(dir);
  if (files.length === 0) throw new Error(`${dir} holds no .deb packages`);
  for (const name of files) {
    const file = join(dir, name);
    const sig = `${file}.asc`;
    const refusal = await verifyPackage(
      {
        name,
        bytes: readFileSync(file),
        signature: existsSync(sig) ? readFileSync(sig, "utf8") : undefined,
        maintainer: () => debField(file, "Maintainer"),
      },
      trusted,
    );
    if (refusal) return { packages: files, refusal };
  }
  return { packages: files };
}

/**
 * Installs a pulled bundle's packages (product §2.4): every package is
 * verified first, and only when all pass does `dpkg -i` install them, in
 * one call; a refusal installs nothing.
 */
export async function installBundle(dir: string, bundle: BundleForHost, now = () => new Date()): Promise<PackagesReport> {
  const name = `${bundle.ociReference}@${bundle.digest}`;
  try {
    const { packages, refusal } = await verifyBundleDir(dir, bundle.trustedKeys);
    if (refusal) return { status: "refused", bundle: name, at: now().toISOString(), packages, refusal };
    execFileSync("dpkg", ["-i", ...packages.map((p) => join(dir, p))], { stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
    return { status: "installed", bundle: name, at: now().toISOString(), packages };
  } catch (e) {
    const err = e as Error & { stderr?: Buffer };
    const detail = err.stderr?.length ? `${err.message}: ${err.stderr.toString("utf8").trim()}` : err.message;
    return { status: "failed", bundle: name, at: now().toISOString(), error: detail.slice(0, 1000) };
  }
}
