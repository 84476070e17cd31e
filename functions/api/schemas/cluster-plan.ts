import { z } from "zod";

/** The answer of ?dryRun=true on cluster create, scale, upgrade and delete (core/clusters/plan.ts). */
export const dryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .describe("true: answer the plan (200) — checks, hosts, machines, Kubernetes objects — and change nothing"),
});

const resources = z.object({ workers: z.number().optional(), kubernetesVersion: z.string().optional() });
const host = z.object({
  id: z.string(),
  hostname: z.string().optional(),
  to: z.enum(["group", "provider"]).optional().describe("a released host goes back to its group, or is deleted and its machine returned"),
});
const machine = z.object({ name: z.string(), os: z.string().optional(), arch: z.string().optional(), serverId: z.string().optional() });

export const clusterPlanSchema = z
  .object({
    operation: z.enum(["create", "scale", "upgrade", "delete"]),
    dryRun: z.literal(true),
    cluster: z.object({ id: z.string().nullable(), name: z.string(), phase: z.string().nullable() }),
    accepted: z.boolean().describe("whether the request itself would be accepted; else refusal names the problem code it would answer"),
    refusal: z.object({ code: z.string(), message: z.string() }).optional(),
    checks: z
      .array(z.object({ name: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string() }))
      .describe("every check, failing ones with the problem code the operation would answer"),
    steps: z.array(z.string()).describe("the saga steps the operation would run, in order"),
    from: resources,
    to: resources,
    providerCluster: z.object({ name: z.string(), project: z.string().optional(), type: z.string() }).nullable(),
    managementCluster: z.object({ id: z.string(), name: z.string() }).nullable(),
    hosts: z.object({ take: z.array(host), release: z.array(host) }),
    machines: z.object({
      create: z.array(machine).describe("machines the provider would be asked for"),
      release: z.array(machine).describe("machines returned to the provider"),
      markForDeletion: z.array(z.string()).describe("CAPI Machines marked to be removed first on a scale-down"),
    }),
    objects: z
      .array(
        z.object({
          apiVersion: z.string(),
          kind: z.string(),
          name: z.string(),
          namespace: z.string().optional(),
          action: z.enum(["create", "update", "unchanged", "delete"]),
          changes: z.array(z.object({ path: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })).optional(),
        }),
      )
      .describe("objects on the management cluster, diffed against what is there (server-side apply, dry run)"),
    notes: z.array(z.string()),
  })
  .meta({ id: "ClusterPlan" });
