import { z } from "zod";

export const domainCreated = z.object({ name: z.string(), displayName: z.string().optional() });
/** How the project approves hosts (core/tenancy/model.ts); absent in events from before the policy. */
const approval = z.object({ mode: z.enum(["preflight", "always", "never"]), selector: z.record(z.string(), z.string()).optional() });
export const projectCreated = z.object({ name: z.string(), displayName: z.string().optional(), approval: approval.optional() });
export const projectUpdated = z.object({
  autoApproveHosts: z.boolean(),
  approval: approval.optional(),
  previousApproval: approval.optional(),
});
export const tokenCreated = z.object({ id: z.string(), name: z.string(), role: z.string() });
export const tokenDeleted = z.object({ id: z.string() });
export const pskRotated = z.object({ version: z.number().int() });
export const domainUpdated = z.object({ displayName: z.string().optional(), requireClusterTemplates: z.boolean() });
