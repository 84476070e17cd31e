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

export type CreateDomainInput = z.infer<typeof createDomainInput>;
export type CreateProjectInput = z.infer<typeof createProjectInput>;
export type UpdateProjectInput = z.infer<typeof updateProjectInput>;

export interface Domain {
  name: string;
  displayName?: string;
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
