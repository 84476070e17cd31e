import { z } from "zod";
import { dnsLabel, labels } from "../shared/names.js";

/**
 * Management clusters (seed §14): the CAPI clusters the control plane drives.
 * Platform-scoped: registered by a platform admin, used by every tenant's
 * clusters through provider clusters and placement.
 */

/**
 * direct — the control plane connects to the cluster's API server with the
 *          stored kubeconfig.
 * remote — the cluster dials out through a tunnel it opens to the control
 *          plane (seed §14 "Remote"); accepted in the model, refused with 422
 *          until the tunnel exists.
 */
export const connectivityMode = z.enum(["direct", "remote"]);
export type ConnectivityMode = z.infer<typeof connectivityMode>;

const credentialFields = {
  kubeconfig: z
    .string()
    .min(1)
    .max(64 * 1024)
    .optional()
    .describe("a kubeconfig (YAML); its current context is used. Write-only."),
  server: z.string().max(2048).optional().describe("API server URL (https), instead of a kubeconfig"),
  caData: z
    .string()
    .max(64 * 1024)
    .optional()
    .describe("PEM (or base64 of PEM) of the API server's CA, with server"),
  token: z.string().min(1).max(8192).optional().describe("bearer token, with server. Write-only."),
};

export const registerManagementClusterInput = z.strictObject({
  name: dnsLabel,
  description: z.string().max(1000).optional(),
  connectivity: connectivityMode.default("direct"),
  ...credentialFields,
  labels: labels.optional().describe("e.g. region, zone; placement selects on them"),
  maxClusters: z.number().int().min(1).max(100_000).optional().describe("placement puts at most this many clusters here"),
});
export type RegisterManagementClusterInput = z.infer<typeof registerManagementClusterInput>;

export const updateManagementClusterInput = z.strictObject({
  description: z.string().max(1000).optional(),
  labels: labels.optional(),
  maxClusters: z.number().int().min(1).max(100_000).nullable().optional().describe("null removes the limit"),
  schedulable: z.boolean().optional().describe("false: placement chooses this cluster for no new cluster"),
  ...credentialFields,
});
export type UpdateManagementClusterInput = z.infer<typeof updateManagementClusterInput>;

export interface ManagementCluster {
  id: string;
  name: string;
  description?: string;
  connectivity: ConnectivityMode;
  /** the API server URL (not secret; the credentials are never shown) */
  server?: string;
  labels: Record<string, string>;
  maxClusters?: number;
  schedulable: boolean;
  /** clusters placed here (the load placement balances) */
  clusterCount: number;
  /** provider clusters naming this management cluster */
  providerClusterCount: number;
  /** host groups naming this management cluster (their free hosts are registered there as ByoHosts) */
  hostGroupCount: number;
  credentialsUpdatedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const PROVIDER_NAMES = ["cluster-api", "kubeadm-bootstrap", "byoh", "kamaji", "karpenter", "velero"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface InstalledProvider {
  name: ProviderName;
  installed: boolean;
  /** release version, when the cluster records it (clusterctl inventory or app.kubernetes.io/version on the CRDs) */
  version: string | null;
  /** API versions served for the provider's main kind */
  apiVersions: string[];
  /** kinds the provider needs that the cluster does not serve */
  missing: string[];
  /** why Cluster API could not use the provider as installed, e.g. CRDs without the contract label clusterctl sets */
  problems: string[];
}

export interface ManagementClusterHealth {
  id: string;
  name: string;
  connectivity: ConnectivityMode;
  checkedAt: string;
  reachable: boolean;
  latencyMs?: number;
  kubernetesVersion?: string;
  /** reachable and every provider cluster creation needs (CAPI, kubeadm bootstrap, BYOH, Kamaji) is installed, without problems */
  ready: boolean;
  providers: InstalledProvider[];
  /** why it is unreachable or not ready */
  message?: string;
}
