import { z } from "zod";
import { ccsVmDefaults, orbiterBmsDefaults, providerType } from "../../../core/providers/model.js";
import { labelSelector } from "../../../core/shared/selector.js";

export const providerClusterSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    project: z.string().optional(),
    scope: z.enum(["domain", "project"]),
    type: providerType,
    description: z.string().optional(),
    credential: z.string(),
    managementCluster: z.object({ id: z.string(), name: z.string() }).optional(),
    placement: labelSelector.optional(),
    defaults: z.union([ccsVmDefaults, orbiterBmsDefaults]),
    clusterCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "ProviderCluster" });

export const providerStatusSchema = z
  .object({
    domain: z.string(),
    configured: z.boolean(),
    status: z.enum(["ready", "degraded", "not-configured"]),
    checkedAt: z.string(),
    providerClusters: z.array(
      z.object({
        name: z.string(),
        scope: z.enum(["domain", "project"]),
        project: z.string().optional(),
        type: providerType,
        ready: z.boolean(),
        credential: z.object({ name: z.string(), present: z.boolean() }),
        provider: z
          .object({ reachable: z.boolean(), authenticated: z.boolean(), message: z.string() })
          .describe("the provider API's answer: reachable, whether it accepted the credential, and what it has of the defaults"),
        managementClusters: z.array(
          z.object({ id: z.string(), name: z.string(), reachable: z.boolean(), ready: z.boolean(), message: z.string().optional() }),
        ),
        problems: z.array(z.string()),
      }),
    ),
    truncated: z.boolean(),
  })
  .meta({ id: "ProviderStatus" });
