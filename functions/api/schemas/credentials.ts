import { z } from "zod";

export const credentialSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    type: z.enum(["orbiter-bms", "ccs-openstack"]),
    description: z.string().optional(),
    config: z.record(z.string(), z.string()).describe("the non-secret fields"),
    secretFields: z.array(z.string()).describe("names of the write-only fields that are set; their values are never returned"),
    providerClusterCount: z.number(),
    createdAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "Credential" });
