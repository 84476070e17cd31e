import { z } from "zod";

const offering = z.object({ allProjects: z.boolean(), projects: z.array(z.string()) });

export const clusterTemplatePublished = z.object({
  name: z.string(),
  version: z.string(),
  parameters: z.array(z.string()),
  offeredTo: offering,
});
export const clusterTemplateUpdated = z.object({
  name: z.string(),
  offeredTo: offering,
  versions: z.array(z.object({ version: z.string(), deprecated: z.boolean(), publishedAt: z.string() })),
  latest: z.string().nullable(),
});
export const clusterTemplateMoveRequested = z.object({
  clusterId: z.string(),
  template: z.string(),
  from: z.string(),
  to: z.string(),
  changes: z.array(z.object({ field: z.string(), by: z.string() })),
});
