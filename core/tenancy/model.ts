import { z } from "zod";
import { dnsLabel } from "../shared/names.js";

export const createDomainInput = z.strictObject({
  name: dnsLabel,
  displayName: z.string().min(1).max(200).optional(),
});

export const createProjectInput = z.strictObject({
  name: dnsLabel,
  displayName: z.string().min(1).max(200).optional(),
  autoApproveHosts: z.boolean().optional(),
});

export const updateProjectInput = z.strictObject({
  displayName: z.string().min(1).max(200).optional(),
  autoApproveHosts: z.boolean().optional(),
});

export const updateDomainInput = z.strictObject({
  displayName: z.string().min(1).max(200).optional(),
  requireClusterTemplates: z
    .boolean()
    .optional()
    .describe(
      "project members and admins create clusters only from cluster templates offered to their project (domain admins are not bound)",
    ),
});

export type UpdateDomainInput = z.infer<typeof updateDomainInput>;
export type CreateDomainInput = z.infer<typeof createDomainInput>;
export type CreateProjectInput = z.infer<typeof createProjectInput>;
export type UpdateProjectInput = z.infer<typeof updateProjectInput>;

export interface Domain {
  name: string;
  displayName?: string;
  /** clusters of the domain's projects come from cluster templates (core/templates) */
  requireClusterTemplates?: boolean;
  createdAt: string;
  version: number;
}

export interface Project {
  domain: string;
  name: string;
  displayName?: string;
  autoApproveHosts: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}
