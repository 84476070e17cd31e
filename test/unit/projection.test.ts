import { describe, expect, it } from "vitest";
import { newHost } from "../../core/hosts/approval.js";
import type { Host, HostGroup, HostRequest } from "../../core/hosts/model.js";
import { itemKey, project, ReadModel } from "../../core/projections/host-model.js";
import { keys } from "../../core/store/keys.js";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent } from "../../events/outbox.js";
import type { EventData, EventType } from "../../events/registry.js";
import { upcast } from "../../events/upcast.js";

const t = { domain: "acme", project: "edge" };
const cause = { actor: { kind: "token" as const, id: "tok_1" }, correlationId: "req-1" };
let clock = Date.parse("2026-03-01T10:00:00.000Z");
const tick = () => {
  clock += 1000;
  return new Date(clock);
};

/** Payloads are checked against the registered schema at run time, as the commands' are. */
function ev<T extends EventType>(type: T, subject: string, data: object): Envelope {
  return buildEvent(type, subject, data as EventData<T>, t, cause, tick());
}

const facts = { os: { id: "ubuntu", version: "22.04" }, arch: "amd64", cpus: 4, memoryBytes: 8 * 1024 ** 3 };

/** A day in a project, as the commands would record it. */
function history(): { events: Envelope[]; host: Host; request: HostRequest; group: HostGroup } {
  const events: Envelope[] = [];
  const pending: HostRequest = {
    id: "hreq_1",
    ...t,
    machineId: "m-1",
    hostname: "node-1",
    facts,
    status: "pending",
    createdAt: new Date(clock).toISOString(),
    version: 1,
  };
  events.push(
    ev("ckp.hostrequest.created", "host-requests/hreq_1", {
      requestId: "hreq_1",
      machineId: "m-1",
      hostname: "node-1",
      facts,
      request: pending,
    }),
  );
  const at = tick();
  const host = newHost(pending, at);
  const approved: HostRequest = {
    ...pending,
    status: "approved",
    hostId: host.id,
    decidedAt: at.toISOString(),
    decidedBy: "tok_1",
    version: 2,
  };
  events.push(
    ev("ckp.hostrequest.approved", "host-requests/hreq_1", {
      requestId: "hreq_1",
      hostId: host.id,
      machineId: "m-1",
      hostname: "node-1",
      facts,
      automatic: false,
      request: approved,
      host,
    }),
  );
  let h: Host = { ...host, status: "create-completed", updatedAt: tick().toISOString(), version: 2 };
  events.push(ev("ckp.host.provisioned", `hosts/${h.id}`, { hostId: h.id, host: h }));
  const g: HostGroup = {
    name: "gpu",
    ...t,
    labels: {},
    hostCount: 0,
    createdAt: tick().toISOString(),
    updatedAt: new Date(clock).toISOString(),
    version: 1,
  };
  const { hostCount: _c, ...def } = g;
  events.push(ev("ckp.hostgroup.created", "host-groups/gpu", { name: "gpu", labels: {}, group: def }));
  h = { ...h, group: "gpu", updatedAt: tick().toISOString(), version: 3 };
  events.push(ev("ckp.hostgroup.host-added", "host-groups/gpu", { group: "gpu", hostId: h.id, host: h }));
  const addedAt = h.updatedAt;
  h = { ...h, labels: { ...h.labels, tier: "a" }, updatedAt: tick().toISOString(), version: 4 };
  events.push(ev("ckp.host.labels-changed", `hosts/${h.id}`, { hostId: h.id, labels: h.labels, host: h }));
  const def2 = { ...def, description: "GPU nodes", updatedAt: tick().toISOString(), version: 2 };
  events.push(ev("ckp.hostgroup.updated", "host-groups/gpu", { name: "gpu", description: "GPU nodes", labels: {}, group: def2 }));
  return {
    events,
    host: h,
    request: approved,
    // biome-ignore lint/complexity/useMathMinMax: ISO timestamps, compared as strings
    group: { ...def2, hostCount: 1, updatedAt: def2.updatedAt > addedAt ? def2.updatedAt : addedAt },
  };
}

function run(events: Envelope[], into = new ReadModel()): ReadModel {
  for (const e of events) into.apply(e);
  return into;
}

describe("host model projection", () => {
  it("rebuilds requests, hosts, groups and machine links exactly as the commands store them", () => {
    const { events, host, request, group } = history();
    const m = run(events);
    expect(m.get(keys.hostRequest(t, request.id))).toEqual({
      ...keys.hostRequest(t, request.id),
      kind: "host-request",
      ...request,
      gsi1pk: "D#acme#P#edge#HREQ#approved",
      gsi1sk: request.id,
    });
    expect(m.get(keys.host(t, host.id))).toEqual({
      ...keys.host(t, host.id),
      kind: "host",
      ...host,
      gsi1pk: "D#acme#P#edge#HOST#S#create-completed",
      gsi1sk: host.id,
      gsi2pk: "D#acme#P#edge#HOST#G#gpu",
      gsi2sk: host.id,
    });
    expect(m.get(keys.hostGroup(t, "gpu"))).toEqual({ ...keys.hostGroup(t, "gpu"), kind: "host-group", ...group });
    expect(m.get(keys.machine(t, "m-1"))).toEqual({
      ...keys.machine(t, "m-1"),
      kind: "machine",
      machineId: "m-1",
      requestId: request.id,
      hostId: host.id,
    });
  });

  it("applying the same events again changes nothing; membership is not counted twice", () => {
    const { events } = history();
    const m = run(events);
    const before = new Map([...m.items].map(([k, v]) => [k, structuredClone(v)]));
    m.takeChanges();
    run(events, m);
    expect(new Map(m.items)).toEqual(before);
  });

  it("an older snapshot never overwrites a newer one", () => {
    const { events, host } = history();
    const m = run(events);
    const provisioned = events.find((e) => e.type === "ckp.host.provisioned") as Envelope;
    expect(project(provisioned, (k) => m.get(k))).toEqual([]);
    expect(m.get(keys.host(t, host.id))?.version).toBe(4);
  });

  it("deleting a host removes it and its machine link and lowers its group's count", () => {
    const { events, host } = history();
    const m = run(events);
    m.apply(ev("ckp.host.deleted", `hosts/${host.id}`, { hostId: host.id, machineId: "m-1", group: "gpu", forced: false }));
    expect(m.get(keys.host(t, host.id))).toBeUndefined();
    expect(m.get(keys.machine(t, "m-1"))).toBeUndefined();
    expect(m.get(keys.hostGroup(t, "gpu"))?.hostCount).toBe(0);
    const changes = m.takeChanges();
    expect(changes).toContainEqual({ delete: keys.host(t, host.id) });
  });

  it("deleting a rejected request removes it and frees its machine; a machine bound to a newer request stays", () => {
    const pending: HostRequest = {
      id: "hreq_9",
      ...t,
      machineId: "m-9",
      hostname: "n9",
      facts,
      status: "pending",
      createdAt: tick().toISOString(),
      version: 1,
    };
    const rejected: HostRequest = {
      ...pending,
      status: "rejected",
      reason: "no",
      decidedAt: tick().toISOString(),
      decidedBy: "tok_1",
      version: 2,
    };
    const m = run([
      ev("ckp.hostrequest.created", "host-requests/hreq_9", {
        requestId: "hreq_9",
        machineId: "m-9",
        hostname: "n9",
        facts,
        request: pending,
      }),
      ev("ckp.hostrequest.rejected", "host-requests/hreq_9", { requestId: "hreq_9", machineId: "m-9", reason: "no", request: rejected }),
    ]);
    expect(m.get(keys.machine(t, "m-9"))?.requestId).toBe("hreq_9");
    m.apply(
      ev("ckp.hostrequest.deleted", "host-requests/hreq_9", {
        requestId: "hreq_9",
        machineId: "m-9",
        status: "rejected",
        machineFreed: true,
        reason: "deleted through the API",
      }),
    );
    expect(m.get(keys.hostRequest(t, "hreq_9"))).toBeUndefined();
    expect(m.get(keys.machine(t, "m-9"))).toBeUndefined();

    // an old approved request of a machine that has registered again since
    const { events, request } = history();
    const h = run(events);
    h.apply(
      ev("ckp.hostrequest.deleted", `host-requests/${request.id}`, {
        requestId: "hreq_other",
        machineId: "m-1",
        status: "approved",
        machineFreed: false,
        reason: "deleted through the API",
      }),
    );
    expect(h.get(keys.machine(t, "m-1"))?.requestId).toBe(request.id);
  });

  it("keeps fields it does not know (added to the model later)", () => {
    const { events, host } = history();
    const m = run(events);
    const next = { ...host, certificate: { serial: "01" }, updatedAt: tick().toISOString(), version: 5 };
    m.apply(ev("ckp.host.labels-changed", `hosts/${host.id}`, { hostId: host.id, labels: host.labels, host: next }));
    expect(m.get(keys.host(t, host.id))?.certificate).toEqual({ serial: "01" });
    expect(m.items.has(itemKey(keys.host(t, host.id)))).toBe(true);
  });

  it("ignores events it does not project", () => {
    const e = buildEvent("ckp.psk.rotated", "projects/edge/host-psk", { version: 2 }, t, cause, tick());
    expect(project(e, () => undefined)).toEqual([]);
  });
});

describe("upcasting archived events", () => {
  const v1 = (type: string, data: Record<string, unknown>, version = 1): Envelope => ({
    specversion: "1.0",
    id: "evt_1",
    source: "ckp-control-plane",
    type,
    time: "2026-02-01T08:00:00.000Z",
    subject: "s",
    datacontenttype: "application/json",
    dataschemaversion: version,
    ...t,
    actor: { kind: "host", id: "machine:m-9" },
    correlationid: "c",
    data,
  });

  it("reads a v1 registration as v2, with the pending request it created, and projects it", () => {
    const out = upcast(v1("ckp.hostrequest.created", { requestId: "hreq_9", machineId: "m-9", hostname: "n9", facts, csr: "PEM" }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.upcast).toBe(true);
    expect(out.event.dataschemaversion).toBe(2);
    expect(out.event.data.request).toEqual({
      id: "hreq_9",
      domain: "acme",
      project: "edge",
      machineId: "m-9",
      hostname: "n9",
      facts,
      csr: "PEM",
      status: "pending",
      createdAt: "2026-02-01T08:00:00.000Z",
      version: 1,
    });
    const m = run([out.event]);
    expect(m.get(keys.hostRequest(t, "hreq_9"))?.status).toBe("pending");
    expect(m.get(keys.machine(t, "m-9"))?.requestId).toBe("hreq_9");
  });

  it("reads a v1 group creation as v2", () => {
    const out = upcast(v1("ckp.hostgroup.created", { name: "edge-a", labels: { zone: "a" } }));
    expect(out.ok && out.event.data.group).toEqual({
      name: "edge-a",
      domain: "acme",
      project: "edge",
      labels: { zone: "a" },
      createdAt: "2026-02-01T08:00:00.000Z",
      updatedAt: "2026-02-01T08:00:00.000Z",
      version: 1,
    });
  });

  it("leaves current events as they are", () => {
    const { events } = history();
    const out = upcast(events[0] as Envelope);
    expect(out).toEqual({ ok: true, upcast: false, event: events[0] });
  });

  it("refuses what it cannot read, saying why", () => {
    expect(upcast(v1("ckp.host.provisioned", { hostId: "host_1" }))).toMatchObject({ ok: false, kind: "not-upcastable" });
    expect(upcast(v1("ckp.hostrequest.created", { requestId: 7 }))).toMatchObject({ ok: false, kind: "invalid-payload" });
    expect(upcast(v1("ckp.hostgroup.created", { name: "x", labels: {} }, 9))).toMatchObject({ ok: false, kind: "newer-version" });
    expect(upcast(v1("ckp.thing.happened", {}))).toMatchObject({ ok: false, kind: "unknown-type" });
  });
});
