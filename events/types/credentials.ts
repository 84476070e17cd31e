import { z } from "zod";

/** Only the non-secret fields and the names of the secret ones. */
export const credentialCreated = z.object({
  name: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.string()),
  secretFields: z.array(z.string()),
});
export const credentialDeleted = z.object({ name: z.string(), type: z.string() });
