import { z } from "zod";

/** A host's agent reported for the first time, or again after it was unreachable. */
export const hostAgentConnected = z.object({
  hostId: z.string(),
  version: z.string().optional(),
  previous: z.enum(["none", "unreachable"]),
});
/** A host's agent missed its heartbeats (the scheduled sweep). */
export const hostAgentLost = z.object({ hostId: z.string(), lastSeenAt: z.string() });
export const agentReleasePublished = z.object({ version: z.string(), sha256: z.string(), source: z.string() });
/** A platform admin added a trusted package-signing key (product §2.4). */
export const packageKeyAdded = z.object({ fingerprint: z.string(), userIds: z.array(z.string()), algorithm: z.string() });
/** A platform admin retired a trusted package-signing key: agents stop trusting it. */
export const packageKeyRetired = z.object({ fingerprint: z.string() });
