import type { z } from "zod";
import type { Envelope } from "./envelope.js";
import { type EventType, eventTypes, isKnownEventType } from "./registry.js";
import * as hosts from "./types/hosts.js";

/**
 * Reading an archived event as the current schema version. Each step takes a
 * payload of version n (checked against that version's schema) to n + 1.
 * A step exists only where the older payload determines the newer one; an
 * event with no path to the current version is reported, not guessed at.
 */
interface Step {
  schema: z.ZodType;
  up: (data: Record<string, unknown>, e: Envelope) => Record<string, unknown>;
}

const steps: Partial<Record<EventType, Record<number, Step>>> = {
  // v2 added the request as stored. A v1 registration event describes a new,
  // pending request created at the event's time.
  "ckp.hostrequest.created": {
    1: {
      schema: hosts.hostRequestCreatedV1,
      up: (d, e) => ({
        ...d,
        request: {
          id: d.requestId,
          domain: e.domain,
          project: e.project,
          machineId: d.machineId,
          hostname: d.hostname,
          facts: d.facts,
          ...(d.csr !== undefined ? { csr: d.csr } : {}),
          status: "pending",
          createdAt: e.time,
          version: 1,
        },
      }),
    },
  },
  // v2 added the group's definition; a new group is at version 1, created and updated at the event's time.
  "ckp.hostgroup.created": {
    1: {
      schema: hosts.hostGroupCreatedV1,
      up: (d, e) => ({
        ...d,
        group: {
          name: d.name,
          domain: e.domain,
          project: e.project,
          ...(d.description !== undefined ? { description: d.description } : {}),
          labels: d.labels,
          createdAt: e.time,
          updatedAt: e.time,
          version: 1,
        },
      }),
    },
  },
};

export type UpcastOutcome =
  | { ok: true; event: Envelope; upcast: boolean }
  | { ok: false; kind: "unknown-type" | "newer-version" | "not-upcastable" | "invalid-payload"; reason: string };

export function upcast(e: Envelope): UpcastOutcome {
  if (!isKnownEventType(e.type)) return { ok: false, kind: "unknown-type", reason: `unknown event type ${e.type}` };
  const current = eventTypes[e.type];
  if (e.dataschemaversion > current.version) {
    return { ok: false, kind: "newer-version", reason: `${e.type} v${e.dataschemaversion} is newer than this build's v${current.version}` };
  }
  let data = e.data;
  for (let v = e.dataschemaversion; v < current.version; v++) {
    const step = steps[e.type]?.[v];
    if (!step)
      return {
        ok: false,
        kind: "not-upcastable",
        reason: `${e.type} v${v} cannot be read as v${v + 1}: the older payload lacks the state it needs`,
      };
    const parsed = step.schema.safeParse(data);
    if (!parsed.success)
      return { ok: false, kind: "invalid-payload", reason: `${e.type} v${v}: ${parsed.error.issues[0]?.message ?? "invalid"}` };
    data = step.up(data, e);
  }
  const checked = current.schema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      ok: false,
      kind: "invalid-payload",
      reason: `${e.type} v${current.version}: ${issue ? `${issue.path.join(".")} ${issue.message}` : "invalid"}`,
    };
  }
  const upcasted = e.dataschemaversion !== current.version;
  return { ok: true, upcast: upcasted, event: upcasted ? { ...e, dataschemaversion: current.version, data } : e };
}
