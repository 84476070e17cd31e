import { z } from "zod";

/** An identity provider as configured (nothing secret: a client id and an issuer are public). */
const identityProvider = z.object({
  name: z.string(),
  domain: z.string().optional(),
  displayName: z.string().optional(),
  issuer: z.string(),
  clientId: z.string(),
  audiences: z.array(z.string()),
  resource: z.string().optional(),
  bearer: z.string(),
  scopes: z.array(z.string()),
  claims: z.object({ user: z.string(), groups: z.string(), name: z.string(), email: z.string() }),
  clockSkewSeconds: z.number(),
  version: z.number().int(),
});

export const identityProviderCreated = z.object({ name: z.string(), identityProvider });
export const identityProviderUpdated = z.object({ name: z.string(), changed: z.array(z.string()), identityProvider });
export const identityProviderDeleted = z.object({ name: z.string(), issuer: z.string() });

/** A role binding: an IdP group or user holds a role at the event's scope. */
const roleBinding = z.object({
  id: z.string(),
  identityProvider: z.string(),
  group: z.string().optional(),
  user: z.string().optional(),
  role: z.string(),
});

export const roleBindingCreated = roleBinding;
export const roleBindingDeleted = roleBinding;
