import { beforeAll, describe, expect, it } from "vitest";
import { register, registration } from "../support/agent.js";
import { type Api, type ApiResponse, eventually } from "../support/api.js";
import { newTenant, type Tenant, tokenFor } from "../support/tenants.js";

interface Ev {
  id: string;
  type: string;
  time: string;
  subject: string;
  domain?: string;
  project?: string;
  actor: { kind: string; id: string; onBehalfOf?: { kind: string; id: string } };
  data: Record<string, unknown>;
}

const tokenId = (token: string) => /^ckp_([a-z]+_[0-9a-z]{26})_/.exec(token)?.[1] as string;

let t: Tenant;
let other: Tenant;
let adminTokenId: string;
let hostId: string;
let machineId: string;
let between: string;
let started: string;

/** Follows nextCursor to the end. */
async function all(api: Api, path: string, limit = 2): Promise<Ev[]> {
  const out: Ev[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res: ApiResponse = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status, res.text).toBe(200);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  started = new Date(Date.now() - 1000).toISOString();
  t = await newTenant();
  other = await newTenant();
  adminTokenId = tokenId(t.projectAdmin.token as string);
  const body = registration(t, t.psk);
  machineId = body.machineId;
  const reg = await register(t.admin, body);
  between = new Date().toISOString();
  const ok = await t.projectAdmin.post(`${t.base}/host-requests/${reg.body.requestId}/approve`);
  hostId = ok.body.hostId;
  await eventually(
    async () => ((await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).body.status === "create-completed" ? true : undefined),
    30_000,
    "provisioned",
  );
  await t.projectAdmin.patch(`${t.base}/hosts/${hostId}`, { labels: { a: "b" } });
  await t.projectAdmin.post(`${t.base}/host-groups`, { name: "g1" });
}, 120_000);

describe("audit trail", () => {
  it("lists a project's events newest first, each naming its actor, with cursor pagination", async () => {
    const first = await t.projectAdmin.get(`${t.base}/events?limit=100`);
    expect(first.status).toBe(200);
    const events = first.body.items as Ev[];
    expect(events.map((e) => e.type)).toEqual([
      "ckp.hostgroup.created",
      "ckp.host.labels-changed",
      "ckp.host.provisioned",
      "ckp.hostrequest.approved",
      "ckp.hostrequest.created",
      "ckp.token.created",
      "ckp.project.created",
    ]);
    const times = events.map((e) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
    for (const e of events) {
      expect(["token", "admin", "host", "system"]).toContain(e.actor.kind);
      expect(e.actor.id).toBeTruthy();
      expect(e.domain).toBe(t.domain);
      expect(e.project).toBe(t.project);
    }
    expect(events.find((e) => e.type === "ckp.hostrequest.created")?.actor).toEqual({ kind: "host", id: `machine:${machineId}` });
    expect(events.find((e) => e.type === "ckp.hostrequest.approved")?.actor).toEqual({ kind: "token", id: adminTokenId });
    // a system step names the token whose action it carried on
    expect(events.find((e) => e.type === "ckp.host.provisioned")?.actor).toEqual({
      kind: "system",
      id: "host-provisioner",
      onBehalfOf: { kind: "token", id: adminTokenId },
    });
    expect(await all(t.projectAdmin, `${t.base}/events`)).toEqual(events);
  });

  it("filters by type (repeated or comma-separated), subject, actor and time", async () => {
    const types = async (q: string) => {
      const r = await t.projectAdmin.get(`${t.base}/events?${q}`);
      expect(r.status, `${q}: ${r.text}`).toBe(200);
      return (r.body.items as Ev[]).map((e) => e.type);
    };
    expect(await types("type=ckp.host.provisioned&type=ckp.hostgroup.created")).toEqual(["ckp.hostgroup.created", "ckp.host.provisioned"]);
    expect(await types("type=ckp.host.provisioned,ckp.hostgroup.created")).toEqual(["ckp.hostgroup.created", "ckp.host.provisioned"]);
    expect(await types(`subject=hosts/${hostId}`)).toEqual(["ckp.host.labels-changed", "ckp.host.provisioned"]);
    expect(await types("subject=host-requests/*")).toEqual(["ckp.hostrequest.approved", "ckp.hostrequest.created"]);
    expect(await types(`actor=host:machine:${machineId}`)).toEqual(["ckp.hostrequest.created"]);
    expect(await types(`actor=machine:${machineId}`)).toEqual(["ckp.hostrequest.created"]);
    expect(await types(`actor=token:${adminTokenId}`)).toEqual([
      "ckp.hostgroup.created",
      "ckp.host.labels-changed",
      "ckp.host.provisioned",
      "ckp.hostrequest.approved",
    ]);
    expect(await types(`from=${encodeURIComponent(between)}&type=ckp.hostrequest.created,ckp.hostrequest.approved`)).toEqual([
      "ckp.hostrequest.approved",
    ]);
    expect(await types(`to=${encodeURIComponent(between)}&type=ckp.hostrequest.created,ckp.hostrequest.approved`)).toEqual([
      "ckp.hostrequest.created",
    ]);
    // a filtered page still walks to the end with the cursor
    const filtered = await all(t.projectAdmin, `${t.base}/events?actor=token:${adminTokenId}`, 1);
    expect(filtered.map((e) => e.type)).toHaveLength(4);
  });

  it("shows tenants only their own events", async () => {
    expect((await other.projectAdmin.get(`${t.base}/events`)).status).toBe(404);
    expect(
      (await other.admin.as(await tokenFor(other.admin, "domain-admin", other.domain)).get(`/v1/domains/${t.domain}/events`)).status,
    ).toBe(404);
    // a project-scoped token cannot read the domain's trail, nor the platform's
    expect((await t.projectAdmin.get(`/v1/domains/${t.domain}/events`)).status).toBe(403);
    expect((await t.projectAdmin.get("/v1/events")).status).toBe(403);
    // another project of the same domain
    await t.admin.post(`/v1/domains/${t.domain}/projects`, { name: "second" });
    expect((await t.projectAdmin.get(`/v1/domains/${t.domain}/projects/second/events`)).status).toBe(404);
  });

  it("gives domain admins their domain's trail, its own events and its projects'", async () => {
    const domainAdmin = t.admin.as(await tokenFor(t.admin, "domain-admin", t.domain));
    const events = await all(domainAdmin, `/v1/domains/${t.domain}/events`, 5);
    expect(events.every((e) => e.domain === t.domain)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["ckp.domain.created", "ckp.hostrequest.approved", "ckp.token.created"]),
    );
    const times = events.map((e) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
    const one = await all(domainAdmin, `/v1/domains/${t.domain}/events?project=${t.project}&type=ckp.hostrequest.approved`);
    expect(one.map((e) => e.subject)).toEqual([expect.stringMatching(/^host-requests\//)]);
  });

  it("gives platform admins every domain's events", async () => {
    const since = encodeURIComponent(started);
    const mine = await all(t.admin, `/v1/events?from=${since}&domain=${t.domain}&type=ckp.hostrequest.approved,ckp.domain.created`, 1);
    expect(mine.map((e) => e.type)).toEqual(["ckp.hostrequest.approved", "ckp.domain.created"]);
    const theirs = await t.admin.get(`/v1/events?from=${since}&domain=${other.domain}&type=ckp.domain.created`);
    expect((theirs.body.items as Ev[]).map((e) => e.domain)).toEqual([other.domain]);
  });

  it("walks the platform trail back day by day, a bounded number of days per page", async () => {
    // fifteen days with no events: the first page looks at ten and says where to go on
    const range = "from=2020-01-01T00:00:00Z&to=2020-01-15T23:59:59Z";
    const first = await t.admin.get(`/v1/events?${range}`);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.admin.get(`/v1/events?${range}&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toEqual({ items: [], nextCursor: null });
    // a cursor for days outside the range is refused
    expect(
      (
        await t.admin.get(
          `/v1/events?from=2021-01-01T00:00:00Z&to=2021-01-02T00:00:00Z&cursor=${encodeURIComponent(first.body.nextCursor)}`,
        )
      ).status,
    ).toBe(400);
  });

  it("answers bad filters with 400, and a from after to with 422", async () => {
    for (const q of ["type=hosts", "from=yesterday", "cursor=bm90LWEtY3Vyc29y", "actor=token:"]) {
      const res = await t.projectAdmin.get(`${t.base}/events?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    // well-formed, each alone: a from after to is unprocessable (a rule across parameters)
    const reversed = await t.projectAdmin.get(
      `${t.base}/events?from=${encodeURIComponent(new Date().toISOString())}&to=2020-01-01T00:00:00Z`,
    );
    expect(reversed.status).toBe(422);
    expect(reversed.body).toMatchObject({ code: "unprocessable-request", errors: [{ path: "from", message: "must not be after to" }] });
    const projectCursor = (await t.projectAdmin.get(`${t.base}/events?limit=1`)).body.nextCursor as string;
    expect((await t.admin.get(`/v1/events?cursor=${encodeURIComponent(projectCursor)}`)).status).toBe(400);
  });
});
