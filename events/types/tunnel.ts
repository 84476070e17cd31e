import { z } from "zod";

/** Cluster agents and their tunnels (core/tunnel), and imported clusters (core/imported). */
const agentOf = { clusterId: z.string(), clusterKind: z.enum(["management", "imported"]) };

export const clusterAgentTokenIssued = z.object({ ...agentOf, tokenId: z.string(), expiresAt: z.string() });
export const clusterAgentTokenRevoked = z.object({ ...agentOf, tokenId: z.string() });
export const clusterAgentRegistered = z.object({ ...agentOf, tokenId: z.string(), serial: z.string() });
export const clusterAgentConnected = z.object({ ...agentOf, serial: z.string(), takeover: z.boolean() });
export const clusterAgentDisconnected = z.object({ ...agentOf, reason: z.string() });

export const importedClusterImported = z.object({
  id: z.string(),
  name: z.string(),
  /** kubeconfig: the control plane reaches it; agent: its agent dials out (registered) */
  access: z.enum(["kubeconfig", "agent"]),
  server: z.string().optional(),
});
export const importedClusterDetached = z.object({ id: z.string(), name: z.string(), revokedCertificates: z.array(z.string()) });
export const importedClusterAddonChangeRequested = z.object({
  id: z.string(),
  name: z.string(),
  addon: z.string(),
  enabled: z.boolean(),
  values: z.record(z.string(), z.unknown()),
  /** each change is a generation: the installer Job of that generation applies it (core/imported/addon-jobs.ts) */
  generation: z.number(),
});
/** The schedule's check of an imported cluster's addons (functions/scheduled/machine-reconcile.ts → the machines worker). */
export const importedClusterAddonsCheckDue = z.object({ id: z.string() });
/** What a scheduled check found changed: the addon's phase in the cluster (core/imported/addon-check.ts). */
export const importedClusterAddonPhaseChanged = z.object({
  id: z.string(),
  name: z.string(),
  addon: z.string(),
  generation: z.number(),
  phase: z.string(),
  previousPhase: z.string().optional(),
  reason: z.string(),
  message: z.string(),
});
