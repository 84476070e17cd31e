import { z } from "zod";
import { dnsLabel, HTTPS_URL, labels } from "../shared/names.js";
import type { TunnelState } from "../tunnel/model.js";

/**
 * Management clusters (product §14): the CAPI clusters the control plane drives.
 * Platform-scoped: registered by a platform admin, used by every tenant's
 * clusters through provider clusters and placement.
 */

/**
 * direct — the control plane connects to the cluster's API server with the
 *          stored kubeconfig.
 * remote — a cluster agent inside the cluster dials out and holds a tunnel
 *          to the control plane (product §14 "Remote"); the cluster is known by
 *          its id alone, and registering it answers a registration token and
 *          the agent's manifest (docs/tunnel.md).
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
  server: z
    .string()
    .max(2048)
    .regex(HTTPS_URL, "must be an https:// URL")
    .optional()
    .describe("API server URL (https), instead of a kubeconfig"),
  caData: z
    .string()
    .max(64 * 1024)
    .optional()
    .describe("PEM (or base64 of PEM) of the API server's CA, with server"),
  token: z.string().min(1).max(8192).optional().describe("bearer token, with server. Write-only."),
};

/** The forms of credentials, for the OpenAPI document: a kubeconfig alone, or server and token (caData optional); none when remote. */
const KUBECONFIG_ALONE = {
  required: ["kubeconfig"],
  not: { anyOf: [{ required: ["server"] }, { required: ["caData"] }, { required: ["token"] }] },
};
const SERVER_AND_TOKEN = { required: ["server", "token"], not: { required: ["kubeconfig"] } };
const NO_CREDENTIALS = {
  required: ["connectivity"],
  properties: { connectivity: { const: "remote" } },
  not: { anyOf: ["kubeconfig", "server", "caData", "token"].map((f) => ({ required: [f] })) },
};

const workloadFacingServer = z
  .string()
  .max(2048)
  .regex(HTTPS_URL, "must be an https:// URL")
  .describe(
    "the API server's URL as the workload clusters' nodes reach it, when that is not the address the control plane uses (a remote management cluster has none the control plane knows); Karpenter in a workload cluster calls it",
  );

export const registerManagementClusterInput = z
  .strictObject({
    name: dnsLabel,
    description: z.string().max(1000).optional(),
    connectivity: connectivityMode.default("direct"),
    ...credentialFields,
    labels: labels.optional().describe("e.g. region, zone; placement selects on them"),
    maxClusters: z.number().int().min(1).max(100_000).optional().describe("placement puts at most this many clusters here"),
    workloadFacingServer: workloadFacingServer.optional(),
    tokenTtlSeconds: z
      .number()
      .int()
      .min(300)
      .max(7 * 24 * 3600)
      .optional()
      .describe("remote: how long the agent's registration token can be used (default 24 h)"),
  })
  .meta({ oneOf: [KUBECONFIG_ALONE, SERVER_AND_TOKEN, NO_CREDENTIALS] });
export type RegisterManagementClusterInput = z.infer<typeof registerManagementClusterInput>;

export const updateManagementClusterInput = z
  .strictObject({
    description: z.string().max(1000).optional(),
    labels: labels.optional(),
    maxClusters: z.number().int().min(1).max(100_000).nullable().optional().describe("null removes the limit"),
    schedulable: z.boolean().optional().describe("false: placement chooses this cluster for no new cluster"),
    workloadFacingServer: workloadFacingServer.nullable().optional().describe("null removes it"),
    ...credentialFields,
  })
  .meta({ oneOf: [NO_CREDENTIALS, KUBECONFIG_ALONE, SERVER_AND_TOKEN] });
export type UpdateManagementClusterInput = z.infer<typeof updateManagementClusterInput>;

export interface ManagementCluster {
  id: string;
  name: string;
  description?: string;
  connectivity: ConnectivityMode;
  /** the API server URL (not secret; the credentials are never shown) */
  server?: string;
  /** the API server URL as the workload clusters' nodes reach it, if not `server` (Karpenter uses it) */
  workloadFacingServer?: string;
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
  /** remote: TunnelDisconnected while its agent is not connected (a retryable condition) */
  reason?: string;
  /** remote: the state of its agent's tunnel */
  tunnel?: TunnelState;
}
