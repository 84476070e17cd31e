import { z } from "zod";

/** An entry of the audit trail: the event envelope as recorded (events/README.md). */
const principal = z.object({ kind: z.enum(["token", "admin", "host"]), id: z.string() });

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
        kind: z.enum(["token", "admin", "host", "system"]),
        id: z.string(),
        onBehalfOf: principal.optional().describe("for a system actor: the token or host whose action it carried on"),
      })
      .meta({ id: "Actor" }),
    correlationid: z.string(),
    causationid: z.string().optional(),
    replay: z.boolean().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEvent" });
