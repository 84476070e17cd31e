import { expect } from "vitest";
import type { KubeApiserver } from "../../scripts/kube/apiserver.js";
import { AddonControllers } from "../doubles/addon-controllers.js";
import { WorkloadClusters } from "../doubles/workload-clusters.js";
import type { Api } from "./api.js";

/**
 * What a cluster needs around it to reach Ready now that Ready means its
 * addons are healthy: the workload clusters (a real apiserver each, or one
 * shared), the Helm add-on provider and the kubelets (test doubles). Pass
 * `capiHooks` to the CAPI double so Running Machines get Nodes.
 */
export interface AddonDoubles {
  workloads: WorkloadClusters;
  addons: AddonControllers;
  /** for CapiControllers' options */
  capiHooks: AddonControllers["capiHooks"];
  start(): void;
  stop(): Promise<void>;
  /** reconcile failures of both doubles */
  errors(): string[];
}

export function addonDoubles(
  kube: Pick<KubeApiserver, "server" | "caData" | "token">,
  o: { matches?: (labels: Record<string, string>) => boolean; shared?: boolean; intervalMs?: number } = {},
): AddonDoubles {
  let addons: AddonControllers | undefined;
  const workloads = new WorkloadClusters(kube, {
    ...(o.matches ? { matches: o.matches } : {}),
    ...(o.shared ? { shared: true } : {}),
    nodeReady: (c, node) => (addons as AddonControllers).nodeReady(c, node),
  });
  addons = new AddonControllers(kube, {
    workloads,
    ...(o.matches ? { matches: o.matches } : {}),
    ...(o.intervalMs ? { intervalMs: o.intervalMs } : {}),
  });
  const a = addons;
  return {
    workloads,
    addons: a,
    capiHooks: a.capiHooks,
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
