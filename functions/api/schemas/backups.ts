import { z } from "zod";

export const backupLocationSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    project: z.string(),
    description: z.string().optional(),
    provider: z.literal("aws"),
    bucket: z.string(),
    prefix: z.string().optional().describe("without a trailing slash; absent: the whole bucket"),
    region: z.string(),
    endpoint: z.string().optional(),
    s3ForcePathStyle: z.boolean(),
    caBundle: z.string().optional(),
    credentialsSet: z.literal(true).describe("the keys are stored (encrypted); they are never returned"),
    default: z.boolean(),
    verifiedAt: z.string().describe("when the control plane last wrote and removed a probe object with the keys"),
    clusters: z
      .array(
        z.object({
          clusterId: z.string(),
          cluster: z.string(),
          phase: z.enum(["Available", "Unavailable", "Pending"]),
          lastValidationTime: z.string().optional(),
          message: z.string().optional(),
        }),
      )
      .describe("the project's clusters that run Velero, with the location's phase as Velero last reported it there"),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "BackupLocation" });
