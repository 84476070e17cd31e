import { z } from "zod";

/**
 * The event envelope: CloudEvents 1.0 with extension attributes for tenancy,
 * actor and causality. This is the archive's line format and the SQS message
 * body; see events/README.md for the contract.
 */
const principalSchema = z.object({ kind: z.enum(["token", "admin", "host", "person"]), id: z.string() });

/** A person signed in with an identity provider, as its token named them (docs/oidc.md). */
export const personSchema = z.object({
  /** `<name>` of a platform IdP, `<domain>/<name>` of a domain's */
  idp: z.string(),
  /** the token's `sub` */
  subject: z.string(),
  /** the IdP's user claim (what role bindings by user match) */
  user: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
});

/**
 * Who caused an event: a token, the bootstrap admin, a host (machine
 * identity), a person (an identity provider's token; `person` names them) or
 * a system component. A system component acting on another event names the
 * token, host or person that set it going in `onBehalfOf`.
 */
export const actorSchema = z.object({
  kind: z.enum(["token", "admin", "host", "person", "system"]),
  id: z.string(),
  person: personSchema.optional(),
  onBehalfOf: principalSchema.optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const SYSTEM_ACTOR: Actor = { kind: "system", id: "ckp" };

export const envelopeSchema = z.object({
  specversion: z.literal("1.0"),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^ckp\.[a-z-]+\.[a-z-]+$/),
  time: z.iso.datetime(),
  subject: z.string(),
  datacontenttype: z.literal("application/json"),
  dataschemaversion: z.number().int().positive(),
  domain: z.string().optional(),
  project: z.string().optional(),
  actor: actorSchema,
  correlationid: z.string(),
  causationid: z.string().optional(),
  /** set on messages re-driven by the replay tool */
  replay: z.boolean().optional(),
  /** set on a queue message whose event was too large for SQS: `data` is empty, the event item in the table has it */
  datadetached: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()),
});

export type Envelope<T = Record<string, unknown>> = Omit<z.infer<typeof envelopeSchema>, "data"> & { data: T };

export const EVENT_SOURCE = "ckp-control-plane";
