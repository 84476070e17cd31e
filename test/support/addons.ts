import { expect } from "vitest";
import type { KubeApiserver } from "../../scripts/kube/apiserver.js";
import { AddonControllers } from "../doubles/addon-controllers.js";
import { ProviderDoubles, type ProviderDoublesOptions } from "../doubles/provider-doubles.js";
import type { WatchCache } from "../doubles/watch-cache.js";
import { WorkloadClusters } from "../doubles/workload-clusters.js";
import type { Api } from "./api.js";

/**
 * What a cluster needs around it to reach Ready now that Ready means its
 * addons are healthy: the workload clusters (a real apiserver each, or one
 * shared), the Helm add-on provider and the kubelets' status (test
 * doubles). Nodes are registered by BYOH's agent double
 * (test/doubles/provider-doubles.ts): `clusterDoubles` makes both.
 */
export interface AddonDoubles {
  workloads: WorkloadClusters;
  addons: AddonControllers;
  start(): void;
  stop(): Promise<void>;
  /** reconcile failures of both doubles */
  errors(): string[];
}

export function addonDoubles(
  kube: Pick<KubeApiserver, "server" | "caData" | "token">,
  o: {
    matches?: (labels: Record<string, string>) => boolean;
    shared?: boolean;
    intervalMs?: number;
    /** the doubles read the management cluster from this watch instead of listing it each pass */
    cache?: WatchCache;
  } = {},
): AddonDoubles {
  let addons: AddonControllers | undefined;
  const workloads = new WorkloadClusters(kube, {
    ...(o.matches ? { matches: o.matches } : {}),
    ...(o.shared ? { shared: true } : {}),
    ...(o.cache ? { cache: o.cache } : {}),
    nodeReady: (c, node) => (addons as AddonControllers).nodeReady(c, node),
  });
  addons = new AddonControllers(kube, {
    workloads,
    ...(o.matches ? { matches: o.matches } : {}),
    ...(o.intervalMs ? { intervalMs: o.intervalMs } : {}),
    ...(o.cache ? { cache: o.cache } : {}),
  });
  const a = addons;
  return {
    workloads,
    addons: a,
    start() {
      workloads.start();
      a.start();
    },
    async stop() {
      await a.stop();
      await workloads.stop();
    },
    errors: () => [...workloads.errors, ...a.errors],
  };
}

/** The addon doubles and the provider doubles (Kamaji's tenant control planes, BYOH's host agents) on the same workload clusters. */
export interface ClusterDoubles extends AddonDoubles {
  providers: ProviderDoubles;
}

export function clusterDoubles(
  kube: Pick<KubeApiserver, "server" | "caData" | "token">,
  o: {
    matches?: (labels: Record<string, string>) => boolean;
    shared?: boolean;
    intervalMs?: number;
  } & Omit<ProviderDoublesOptions, "workloads" | "workloadOptions" | "matches" | "intervalMs"> = {},
): ClusterDoubles {
  const { shared, ...rest } = o;
  const addons = addonDoubles(kube, {
    ...(o.matches ? { matches: o.matches } : {}),
    ...(shared ? { shared } : {}),
    ...(o.intervalMs ? { intervalMs: o.intervalMs } : {}),
    ...(o.cache ? { cache: o.cache } : {}),
  });
  const providers = new ProviderDoubles(kube, { ...rest, workloads: addons.workloads });
  return {
    ...addons,
    providers,
    start() {
      addons.start();
      providers.start();
    },
    async stop() {
      await providers.stop();
      await addons.stop();
    },
    errors: () => [...addons.errors(), ...providers.errors],
  };
}

export const TEST_CEPH = {
  cephClusterId: "b3b7a1c2-5f0e-4c1a-9d51-0f7d4c8e2a10",
  monitors: ["10.20.0.11:6789", "10.20.0.12:6789", "10.20.0.13"],
  pool: "ckp-rbd",
  userId: "ckp-csi",
};
/** A made-up Ceph key (the format of one): never a real credential. */
export const TEST_CEPH_KEY = "QVFCc2V0dGluZ3MtZm9yLXRlc3RzLW9ubHk9PQ==";

/** Registers a storage profile for a domain (platform-admin); the domain's default unless said otherwise. */
export async function registerStorageProfile(
  admin: Api,
  domain: string,
  o: { name?: string; default?: boolean } = {},
): Promise<{ name: string; [k: string]: unknown }> {
  const name = o.name ?? "ceph";
  const res = await admin.put(`/v1/domains/${domain}/storage-profiles/${name}`, {
    ...TEST_CEPH,
    userKey: TEST_CEPH_KEY,
    default: o.default ?? true,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}
