import { z } from "zod";
import { dnsLabel, labels } from "../shared/names.js";
import type { TunnelState } from "../tunnel/model.js";

/**
 * Imported clusters: existing Kubernetes clusters brought under a project's
 * management (the ACP guide's import / register). Two ways in:
 *   kubeconfig — import: the control plane can reach the cluster; the
 *                kubeconfig is checked by reaching it and stored sealed;
 *   agent      — register: it cannot; a cluster agent installed in the
 *                cluster dials out and carries the requests (docs/tunnel.md).
 * The control plane never creates, changes or deletes such a cluster:
 * deleting the record detaches it.
 */
export const importClusterInput = z.strictObject({
  name: dnsLabel,
  description: z.string().max(1000).optional(),
  labels: labels.optional(),
  kubeconfig: z
    .string()
    .min(1)
    .max(64 * 1024)
    .optional()
    .describe(
      "import: a kubeconfig (YAML, inline credentials) the control plane reaches the cluster with; stored encrypted, never returned. Without it the cluster is registered: the answer carries a registration token and the agent manifest.",
    ),
  tokenTtlSeconds: z
    .number()
    .int()
    .min(300)
    .max(7 * 24 * 3600)
    .optional()
    .describe("register: how long the registration token can be used (default 24 h)"),
});
export type ImportClusterInput = z.infer<typeof importClusterInput>;

export type ImportedAccess = "kubeconfig" | "agent";

export interface ImportedCluster {
  id: string;
  type: "imported";
  domain: string;
  project: string;
  name: string;
  description?: string;
  labels: Record<string, string>;
  access: ImportedAccess;
  /** the API server URL (import by kubeconfig only; an agent's cluster has none the control plane knows) */
  server?: string;
  /** what was last read from the cluster (GET …/imported-clusters/{id} reads it again) */
  observed?: ObservedCluster;
  /** addons enabled on it (Velero only), as last asked for; GET …/imported-clusters/{id} adds their state */
  addons?: { velero?: ImportedAddon };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ObservedCluster {
  kubernetesVersion?: string;
  nodeCount?: number;
  readyNodes?: number;
  checkedAt: string;
}

export interface NodeView {
  name: string;
  /** from the node-role.kubernetes.io/<role> labels */
  roles: string[];
  ready: boolean;
  kubeletVersion?: string;
}

/** Read through the cluster's connection (kubeconfig or tunnel) when asked. */
export interface ImportedClusterLive {
  reachable: boolean;
  checkedAt: string;
  kubernetesVersion?: string;
  nodes?: NodeView[];
  health: {
    /** the API server's /readyz */
    apiServerReady: boolean;
    nodesReady?: number;
    nodesTotal?: number;
  };
  /** agent-registered clusters: the tunnel's state */
  tunnel?: TunnelState;
  /** why it is unreachable or not healthy */
  message?: string;
  reason?: "TunnelDisconnected" | "Unreachable" | "CredentialsRefused";
}

/** The addons an imported cluster can run: its CNI and storage are its own. */
export const IMPORTED_ADDONS = ["velero"] as const;
export type ImportedAddonName = (typeof IMPORTED_ADDONS)[number];

/** An addon as asked for: each change is a generation, installed (or uninstalled) by a Job of its own (core/imported/addon-jobs.ts). */
export interface ImportedAddon {
  enabled: boolean;
  /** the user's values with the catalog's defaults filled in */
  values: Record<string, unknown>;
  generation: number;
  changedAt: string;
}

export type ImportedAddonPhase = "Installing" | "Ready" | "Unhealthy" | "Failed" | "Uninstalling" | "Disabled" | "Unknown";

export interface AddonCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** An addon as read from the cluster now: its installer Job's outcome, then the catalog's health checks. */
export interface ImportedAddonStatus extends ImportedAddon {
  phase: ImportedAddonPhase;
  /** the addon's version for the cluster's Kubernetes version */
  version?: string;
  chartVersion?: string;
  /** the installer Job of this generation (in ckp-system) */
  job?: string;
  conditions: AddonCondition[];
}
