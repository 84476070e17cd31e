import { z } from "zod";

export const caCreated = z.object({ serial: z.string(), fingerprint: z.string(), notAfter: z.string() });
export const certificateIssued = z.object({
  serial: z.string(),
  subject: z.string(),
  purpose: z.string(),
  hostId: z.string().optional(),
  clusterId: z.string().optional(),
  notAfter: z.string(),
});
export const certificateRevoked = z.object({
  serial: z.string(),
  hostId: z.string().optional(),
  clusterId: z.string().optional(),
  reason: z.string(),
});
