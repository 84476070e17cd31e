import { z } from "zod";

/** An entry of the audit trail: the event envelope as recorded (events/README.md). */
const principal = z.object({ kind: z.enum(["token", "admin", "host", "person"]), id: z.string() });
const person = z
  .object({
    idp: z.string().describe("the identity provider: <name> at the platform, <domain>/<name> of a domain"),
    subject: z.string().describe("the token's sub"),
    user: z.string().describe("the IdP's user claim"),
    name: z.string().optional(),
    email: z.string().optional(),
  })
  .meta({ id: "ActorPerson" });

export const auditEventSchema = z
  .object({
    specversion: z.literal("1.0"),
    id: z.string(),
    source: z.string(),
    type: z.string().describe("ckp.<resource>.<past-tense verb>"),
    time: z.string().describe("when it happened (occurredAt), RFC 3339"),
    subject: z.string().describe("the resource it is about, e.g. hosts/host_01…"),
    datacontenttype: z.string(),
    dataschemaversion: z.number(),
    domain: z.string().optional(),
    project: z.string().optional(),
    actor: z
      .object({
        kind: z.enum(["token", "admin", "host", "person", "system"]),
        id: z.string().describe("a token id, bootstrap-admin, machine:<machineId>, <idp>:<user> for a person, or a system component"),
        person: person.optional().describe("for a person (signed in with an identity provider): who, as the IdP's token said"),
        onBehalfOf: principal.optional().describe("for a system actor: the token, host or person whose action it carried on"),
      })
      .meta({ id: "Actor" }),
    correlationid: z.string(),
    causationid: z.string().optional(),
    replay: z.boolean().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEvent" });
