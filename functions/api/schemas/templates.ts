import { z } from "zod";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const offering = z.object({ allProjects: z.boolean(), projects: z.array(z.string()) });

export const templateParameterSchema = z
  .object({
    name: z.string(),
    type: z.enum(["string", "integer", "boolean"]),
    description: z.string().optional(),
    default: scalar.optional(),
    allowed: z.array(scalar).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
  })
  .meta({ id: "ClusterTemplateParameter" });

export const clusterTemplateSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    description: z.string().optional(),
    offeredTo: offering,
    latest: z.string().nullable().describe("the newest version that is not deprecated; null when every version is"),
    versions: z.array(z.object({ version: z.string(), deprecated: z.boolean(), publishedAt: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "ClusterTemplate" });

export const clusterTemplateVersionSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    version: z.string(),
    description: z.string().optional(),
    parameters: z.array(templateParameterSchema),
    spec: z.record(z.string(), z.unknown()),
    deprecated: z.boolean(),
    publishedAt: z.string(),
    publishedBy: z.string(),
  })
  .meta({ id: "ClusterTemplateVersion" });

export const clusterTemplateRefSchema = z
  .object({ name: z.string(), version: z.string(), parameters: z.record(z.string(), scalar) })
  .meta({ id: "ClusterTemplateRef" });

const moveStep = z
  .object({
    op: z.enum(["upgrade", "scale", "addons"]),
    kubernetesVersion: z.string().optional(),
    workers: z.number().optional(),
    addon: z.string().optional(),
    enabled: z.boolean().optional(),
    values: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "TemplateMoveStep" });

export const templateMoveSchema = z
  .object({
    template: z.string(),
    from: z.string(),
    to: z.string(),
    state: z.enum(["Running", "Succeeded", "Failed"]),
    pending: z.array(moveStep).describe("operations not yet started; each starts when the one before has taken the cluster to Ready"),
    startedAt: z.string(),
    endedAt: z.string().optional(),
    message: z.string().optional(),
  })
  .meta({ id: "TemplateMove" });

export const templateMovePlanSchema = z
  .object({
    clusterId: z.string(),
    template: z.string(),
    from: z.string(),
    to: z.string(),
    parameters: z.record(z.string(), scalar),
    changes: z.array(
      z.object({
        field: z.string(),
        from: z.unknown(),
        to: z.unknown(),
        by: z.enum(["upgrade", "scale", "addons", "update"]).nullable(),
      }),
    ),
    operations: z.array(moveStep),
  })
  .meta({ id: "TemplateMovePlan" });
