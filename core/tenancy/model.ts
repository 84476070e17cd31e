import { z } from "zod";
import { dnsLabel, labels } from "../shared/names.js";

export const createDomainInput = z.strictObject({
  name: dnsLabel,
  displayName: z.string().min(1).max(200).optional(),
});

/**
 * How a project approves registering hosts (issue 19): when the host's
 * preflight passes, always, or never (a person approves); optionally only
 * for hosts whose fact labels (kubernetes.io/arch, ckp.io/os, …) match the
 * selector, the others wait for a person.
 */
export const approvalPolicy = z.strictObject({
  mode: z.enum(["preflight", "always", "never"]),
  selector: labels
    .optional()
    .describe("equality selector on the labels a host gets from its facts; hosts that do not match wait for a person"),
});
export type ApprovalPolicy = z.infer<typeof approvalPolicy>;

const autoApproveHosts = z
  .boolean()
  .optional()
  .describe(
    "the former setting: true is approval {mode: always}, false {mode: never}; give approval or this, not both (422 project.approval-conflict)",
  );

export const createProjectInput = z.strictObject({
  name: dnsLabel,
  displayName: z.string().min(1).max(200).optional(),
  autoApproveHosts,
  approval: approvalPolicy.optional(),
});

export const updateProjectInput = z.strictObject({
  displayName: z.string().min(1).max(200).optional(),
  autoApproveHosts,
  approval: approvalPolicy.optional(),
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
  /** true unless approval.mode is never (kept for clients of the former setting) */
  autoApproveHosts: boolean;
  approval: ApprovalPolicy;
  createdAt: string;
  updatedAt: string;
  version: number;
}
