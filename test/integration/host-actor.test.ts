import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { register, registration } from "../support/agent.js";
import { useLocalAws } from "../support/api.js";
import { tenantEvents } from "../support/events.js";
import { csrFor, rsaKey } from "../support/pki.js";
import { newTenant, type Tenant } from "../support/tenants.js";

/** An auto-approved host with its certificate, as an agent has it after registering. */
async function hostWithCertificate(t: Tenant) {
  const body = registration(t, t.psk);
  const reg = await register(t.admin, { ...body, csr: csrFor(rsaKey().privateKey) });
  expect(reg.status, reg.text).toBe(202);
  return { machineId: body.machineId, hostId: reg.body.hostId as string, cert: reg.body.certificate as string };
}

/**
 * The WebSocket path (core/agents/ws.ts, shared by API Gateway's WebSocket
 * API and the dev server), run in this process against the shared table:
 * its events name the host by machine id, as registration and mTLS do.
 */
describe("a host is one actor in every path", () => {
  it("WebSocket heartbeats name the host by machine id, also on connections made before machine ids were kept", async () => {
    const env = useLocalAws();
    Object.assign(process.env, env);
    process.env.POWERTOOLS_LOG_LEVEL = "WARN";
    const { runtimeDeps } = await import("../../functions/shared/runtime.js");
    const { verifyClientCertificate } = await import("../../core/pki/verify.js");
    const { createTicket } = await import("../../core/agents/tickets.js");
    const { agentConnect, agentMessage } = await import("../../core/agents/ws.js");
    const { keys } = await import("../../core/store/keys.js");
    const deps = runtimeDeps();
    const t = await newTenant({ autoApproveHosts: true });
    const heartbeat = JSON.stringify({ type: "heartbeat", version: "1.0.0", health: { uptimeSeconds: 3 } });

    const a = await hostWithCertificate(t);
    const identity = await verifyClientCertificate(deps, { clientCertPem: a.cert });
    expect(identity).toMatchObject({ hostId: a.hostId, machineId: a.machineId });
    const ticket = await createTicket(deps, identity);
    const bound = await agentConnect(deps, `conn-a-${a.hostId}`, ticket.ticket);
    expect(bound.machineId).toBe(a.machineId);
    expect(await agentMessage(deps, `conn-a-${a.hostId}`, heartbeat)).toMatchObject({ type: "ack" });

    // a connection item as written before connections kept the machine id
    const b = await hostWithCertificate(t);
    const old = await verifyClientCertificate(deps, { clientCertPem: b.cert });
    const { machineId: _m, ...legacy } = old;
    await deps.db.send(
      new PutCommand({ TableName: deps.table, Item: { ...keys.wsConnection(`conn-b-${b.hostId}`), kind: "ws-connection", ...legacy } }),
    );
    expect(await agentMessage(deps, `conn-b-${b.hostId}`, heartbeat)).toMatchObject({ type: "ack" });

    const events = await tenantEvents(env, t);
    for (const h of [a, b]) {
      const mine = events.filter((e) => e.subject === `hosts/${h.hostId}` || (e.data as { machineId?: string }).machineId === h.machineId);
      const connected = mine.find((e) => e.type === "ckp.host.agent-connected");
      expect(connected?.actor).toEqual({ kind: "host", id: `machine:${h.machineId}` });
      expect(mine.find((e) => e.type === "ckp.hostrequest.created")?.actor).toEqual({ kind: "host", id: `machine:${h.machineId}` });
    }
    // and the audit trail finds all of a host's events by that one actor
    const trail = await t.projectAdmin.get(`${t.base}/events?actor=${encodeURIComponent(`host:machine:${a.machineId}`)}`);
    expect(trail.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["ckp.host.agent-connected", "ckp.hostrequest.approved", "ckp.hostrequest.created", "ckp.certificate.issued"]),
    );
    const me = { kind: "host", id: `machine:${a.machineId}` };
    // the host's own events, and those a worker made on its behalf (its auto-approval's provisioning)
    for (const e of trail.body.items) expect(e.actor.kind === "system" ? e.actor.onBehalfOf : e.actor).toEqual(me);
  });
});
