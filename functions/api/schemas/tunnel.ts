import { z } from "zod";
import { conditionSchema } from "./resources.js";

/** Cluster agents, their tunnels, and imported clusters (docs/tunnel.md). */

const stringMap = z.record(z.string(), z.string());

export const tunnelStateSchema = z
  .object({
    state: z
      .enum(["awaiting-agent", "connected", "disconnected"])
      .describe("disconnected also when the agent has not been heard from for a while (it pings every 30 s)"),
    since: z.string().describe("when the tunnel entered this state"),
    lastSeenAt: z.string().optional(),
    agentVersion: z.string().optional(),
    certificateSerial: z.string().optional(),
  })
  .meta({ id: "TunnelState" });

export const agentInstallSchema = z
  .object({
    token: z.string().describe("the registration token (ckpreg_…): single use, bound to this cluster; shown once"),
    tokenId: z.string(),
    expiresAt: z.string(),
    manifest: z.string().describe("YAML for kubectl apply -f: the agent's namespace, RBAC, token and Deployment"),
    command: z.string(),
  })
  .meta({ id: "ClusterAgentInstall" });

export const registrationTokenSchema = z
  .object({
    tokenId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    state: z.enum(["unused", "used", "expired"]),
    usedAt: z.string().optional(),
    serial: z.string().optional().describe("the certificate its registration received"),
  })
  .meta({ id: "ClusterAgentToken" });

export const agentStatusSchema = z
  .object({ tunnel: tunnelStateSchema, tokens: z.array(registrationTokenSchema) })
  .meta({ id: "ClusterAgentStatus" });

export const agentRegistrationAnswerSchema = z
  .object({
    clusterId: z.string(),
    clusterKind: z.enum(["management", "imported"]),
    domain: z.string().optional(),
    project: z.string().optional(),
    certificate: z.string().describe("PEM client certificate for the agent (the installation's CA, ten years)"),
    serial: z.string(),
    caCertificate: z.string(),
    agentApiUrl: z.string().describe("base URL of the mTLS endpoint where the agent buys its WebSocket tickets"),
  })
  .meta({ id: "ClusterAgentRegistration" });

export const tunnelTicketSchema = z
  .object({ ticket: z.string(), expiresAt: z.string(), url: z.string().describe("WebSocket URL; connect with ?ticket=") })
  .meta({ id: "TunnelTicket" });

const observedSchema = z.object({
  kubernetesVersion: z.string().optional(),
  nodeCount: z.number().optional(),
  readyNodes: z.number().optional(),
  checkedAt: z.string(),
});

export const importedClusterAddonSchema = z
  .object({
    enabled: z.boolean(),
    values: z.record(z.string(), z.unknown()).describe("the addon's values, defaults filled in"),
    generation: z.number().describe("each change is a generation, applied by an installer Job of its own in ckp-system"),
    changedAt: z.string(),
    phase: z
      .enum(["Installing", "Ready", "Unhealthy", "Failed", "Uninstalling", "Disabled", "Unknown"])
      .optional()
      .describe("read from the cluster now (GET …/imported-clusters/{id}); Unknown while it cannot be read (e.g. TunnelDisconnected)"),
    version: z.string().optional(),
    chartVersion: z.string().optional(),
    job: z.string().optional().describe("the installer (or uninstaller) Job of this generation, in ckp-system"),
    conditions: z.array(conditionSchema).optional(),
  })
  .meta({ id: "ImportedClusterAddon" });

export const importedClusterSchema = z
  .object({
    id: z.string(),
    type: z.literal("imported"),
    domain: z.string(),
    project: z.string(),
    name: z.string(),
    description: z.string().optional(),
    labels: stringMap,
    access: z
      .enum(["kubeconfig", "agent"])
      .describe("kubeconfig: imported, reached directly; agent: registered, reached through its agent"),
    server: z.string().optional().describe("the API server URL (kubeconfig only); credentials are never returned"),
    observed: observedSchema.optional().describe("what was last read from the cluster"),
    addons: z
      .object({ velero: importedClusterAddonSchema.optional() })
      .optional()
      .describe("addons enabled on the cluster (Velero only): PATCH …/addons/velero"),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "ImportedCluster" });

export const importedClusterCreatedSchema = importedClusterSchema
  .extend({ agent: agentInstallSchema.optional().describe("registered (no kubeconfig): how to install its agent") })
  .meta({ id: "ImportedClusterCreated" });

export const importedClusterLiveSchema = importedClusterSchema
  .extend({
    live: z.object({
      reachable: z.boolean(),
      checkedAt: z.string(),
      kubernetesVersion: z.string().optional(),
      nodes: z
        .array(z.object({ name: z.string(), roles: z.array(z.string()), ready: z.boolean(), kubeletVersion: z.string().optional() }))
        .optional(),
      health: z.object({ apiServerReady: z.boolean(), nodesReady: z.number().optional(), nodesTotal: z.number().optional() }),
      tunnel: tunnelStateSchema.optional(),
      message: z.string().optional(),
      reason: z.enum(["TunnelDisconnected", "Unreachable", "CredentialsRefused"]).optional(),
    }),
  })
  .meta({ id: "ImportedClusterWithLiveState" });
