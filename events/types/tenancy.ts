import { z } from "zod";

export const domainCreated = z.object({ name: z.string(), displayName: z.string().optional() });
export const projectCreated = z.object({ name: z.string(), displayName: z.string().optional() });
export const projectUpdated = z.object({ autoApproveHosts: z.boolean() });
export const tokenCreated = z.object({ id: z.string(), name: z.string(), role: z.string() });
export const tokenDeleted = z.object({ id: z.string() });
export const pskRotated = z.object({ version: z.number().int() });
export const domainUpdated = z.object({ displayName: z.string().optional(), requireClusterTemplates: z.boolean() });
