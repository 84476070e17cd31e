import { z } from "zod";
import { connectivityMode, PROVIDER_NAMES } from "../../../core/management/model.js";
import { tunnelStateSchema } from "./tunnel.js";

const stringMap = z.record(z.string(), z.string());

export const managementClusterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    connectivity: connectivityMode,
    server: z.string().optional().describe("the API server URL (direct only); credentials are never returned"),
    workloadFacingServer: z
      .string()
      .optional()
      .describe("the API server URL as the workload clusters' nodes reach it, if set (Karpenter in a workload cluster uses it)"),
    labels: stringMap,
    maxClusters: z.number().optional(),
    schedulable: z.boolean(),
    clusterCount: z.number(),
    providerClusterCount: z.number(),
    hostGroupCount: z.number().describe("host groups naming it"),
    credentialsUpdatedAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "ManagementCluster" });

export const managementClusterHealthSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    connectivity: connectivityMode,
    checkedAt: z.string(),
    reachable: z.boolean(),
    latencyMs: z.number().optional(),
    kubernetesVersion: z.string().optional(),
    ready: z.boolean(),
    providers: z.array(
      z.object({
        name: z.enum(PROVIDER_NAMES),
        installed: z.boolean(),
        version: z.string().nullable(),
        apiVersions: z.array(z.string()),
        missing: z.array(z.string()),
        problems: z
          .array(z.string())
          .describe("why Cluster API could not use the provider as installed, e.g. CRDs without the contract label clusterctl sets"),
      }),
    ),
    message: z.string().optional(),
    reason: z.string().optional().describe("remote: TunnelDisconnected while its agent is not connected (retryable)"),
    tunnel: tunnelStateSchema.optional().describe("remote: its agent's tunnel"),
  })
  .meta({ id: "ManagementClusterHealth" });
