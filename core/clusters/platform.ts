import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { readFacts } from "../hosts/facts.js";
import type { Host } from "../hosts/model.js";
import { DomainError } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { keys, type ProjectRef } from "../store/keys.js";
import { BUNDLE_OS, type BundleManifest, type BundleOs, bundleOsOf } from "./bundle-model.js";

/**
 * Which BYOH bundle (product §2.5) a cluster's workers install. A bundle is
 * published per Kubernetes version and OS and lists the architectures it
 * is built for. A cluster has one worker pool (one MachineDeployment, one
 * K8sInstallerConfigTemplate, the bundle pinned by digest), so its hosts
 * must share one OS and architecture: a set that mixes them is refused
 * rather than half-installed. Checked when a cluster is created, scaled or
 * upgraded (422, before anything changes) and again where the saga renders
 * the objects (a terminal condition), since hosts and bundles change.
 */
export type BundleLookup = (kubernetesVersion: string, os: BundleOs) => Promise<BundleManifest | undefined>;

export const ARCHITECTURES = ["amd64", "arm64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** What a worker will run on: a host (from its facts) or the machines a provider will create. */
export interface PlatformSource {
  /** names it in messages: "host host_…", "new machines" */
  what: string;
  /** e.g. ubuntu-20.04, rhel-9.4 */
  os: string | undefined;
  arch: string | undefined;
}

export interface Platform {
  os: BundleOs;
  arch: Architecture;
}

/** A platform problem, with the condition reason the saga reports for it. */
export function platformProblem(reason: string, message: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError("unprocessable", message, {
    extra: { reason, ...extra },
    ...(reason === "BundleNotFound" ? { code: "cluster.bundle-missing" as const } : {}),
  });
}

/** A host's OS and architecture, from the facts its agent reported (labels as a fallback). */
export function hostPlatform(h: Pick<Host, "id" | "facts" | "labels">): PlatformSource {
  const f = readFacts(h.facts ?? {});
  return {
    what: `host ${h.id}`,
    os: f.osId && f.osVersion ? `${f.osId}-${f.osVersion}` : h.labels?.["ckp.io/os"],
    arch: f.arch ?? h.labels?.["kubernetes.io/arch"],
  };
}

/** The one platform of a set of workers; 422 naming the hosts when an OS has no bundles, or the set is mixed. */
export function commonPlatform(sources: PlatformSource[]): Platform {
  if (sources.length === 0) throw new Error("no workers to find a platform for");
  const found = new Map<string, { platform: Platform; what: string[] }>();
  for (const s of sources) {
    const os = bundleOsOf(s.os);
    if (!os) {
      throw platformProblem(
        "UnsupportedHostOs",
        `${s.what} runs ${s.os ?? "an OS it did not report"}; BYOH bundles exist for ${BUNDLE_OS.join(" and ")} only`,
      );
    }
    const arch = ARCHITECTURES.find((a) => a === s.arch);
    if (!arch) {
      throw platformProblem(
        "UnsupportedHostArchitecture",
        `${s.what} is ${s.arch ?? "of an architecture it did not report"}; BYOH bundles are built for ${ARCHITECTURES.join(" and ")}`,
      );
    }
    const key = `${os}/${arch}`;
    const entry = found.get(key) ?? { platform: { os, arch }, what: [] };
    entry.what.push(s.what);
    found.set(key, entry);
  }
  if (found.size > 1) {
    const list = [...found.entries()].map(
      ([k, v]) => `${k}: ${v.what.slice(0, 3).join(", ")}${v.what.length > 3 ? ` and ${v.what.length - 3} more` : ""}`,
    );
    throw platformProblem(
      "MixedHostPlatforms",
      `the cluster's workers would mix operating systems or architectures (${list.join("; ")}); a cluster has one worker pool installed from one BYOH bundle, so its hosts must share one OS and architecture`,
      { platforms: [...found.keys()] },
    );
  }
  return ([...found.values()][0] as { platform: Platform }).platform;
}

/** The bundle for a Kubernetes version on a platform; 422 naming the bundle that is missing. */
export async function requireBundle(lookup: BundleLookup, kubernetesVersion: string, p: Platform): Promise<BundleManifest> {
  const b = await lookup(kubernetesVersion, p.os);
  const bundle = { kubernetesVersion, os: p.os, arch: p.arch };
  if (!b) {
    throw platformProblem(
      "BundleNotFound",
      `no BYOH bundle is published for Kubernetes ${kubernetesVersion} on ${p.os}; publish it with PUT /v1/byoh-bundles/${kubernetesVersion}/${p.os}`,
      { bundle },
    );
  }
  if (!(b.architectures ?? ["amd64"]).includes(p.arch)) {
    throw platformProblem(
      "BundleNotFound",
      `the BYOH bundle for Kubernetes ${kubernetesVersion} on ${p.os} is built for ${(b.architectures ?? ["amd64"]).join(", ")}, not ${p.arch}; publish one that includes ${p.arch} with PUT /v1/byoh-bundles/${kubernetesVersion}/${p.os}`,
      { bundle },
    );
  }
  return b;
}

/** Hosts by id (consistent reads, in chunks of 100); missing ones are left out. */
export async function readHosts(deps: Pick<Deps, "db" | "table">, t: ProjectRef, ids: string[]): Promise<Host[]> {
  const out: Host[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const res = await deps.db.send(
      new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: chunk.map((id) => keys.host(t, id)), ConsistentRead: true } } }),
    );
    out.push(...(res.Responses?.[deps.table] ?? []).map((it) => withoutKeys<Host>(it)));
    const left = res.UnprocessedKeys?.[deps.table]?.Keys?.length ?? 0;
    if (left) throw new Error(`DynamoDB left ${left} host read(s) unprocessed; retry`);
  }
  return out;
}
