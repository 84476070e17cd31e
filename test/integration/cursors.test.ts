import { describe, expect, it } from "vitest";
import { approvedHost, register, registration } from "../support/agent.js";
import type { ApiResponse } from "../support/api.js";
import { newTenant } from "../support/tenants.js";

const raw = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

function expectBadCursor(res: ApiResponse, what: string) {
  expect(res.status, `${what}: ${res.text}`).toBe(400);
  expect(res.headers.get("content-type"), what).toContain("application/problem+json");
  expect(res.body.errors, what).toContainEqual(expect.objectContaining({ path: "cursor" }));
}

/**
 * A cursor names a position in one list. Given to another list, or made by
 * hand, it is a 400 problem — on every list, before or at DynamoDB.
 */
describe("cursors", () => {
  it("every list refuses another list's cursor and hand-made ones with 400", async () => {
    const t = await newTenant();
    const pk = `D#${t.domain}#P#${t.project}`;
    await approvedHost(t);
    await approvedHost(t);
    for (let i = 0; i < 2; i++) expect((await register(t.admin, registration(t, t.psk))).status).toBe(202);
    for (const name of ["g1", "g2"]) expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name })).status).toBe(201);
    await t.admin.post("/v1/tokens", { name: "a", role: "viewer", domain: t.domain, project: t.project });
    await t.admin.post("/v1/tokens", { name: "b", role: "viewer", domain: t.domain, project: t.project });

    // real cursors of some lists; each works on its own list
    const cursorOf = async (path: string) => {
      const res = await t.admin.get(`${path}${path.includes("?") ? "&" : "?"}limit=1`);
      expect(res.status, path).toBe(200);
      expect(res.body.nextCursor, `${path} has a second page`).toEqual(expect.any(String));
      const next = await t.admin.get(`${path}${path.includes("?") ? "&" : "?"}limit=1&cursor=${res.body.nextCursor}`);
      expect(next.status, `${path} with its own cursor`).toBe(200);
      return res.body.nextCursor as string;
    };
    const hosts = await cursorOf(`${t.base}/hosts`);
    const requests = await cursorOf(`${t.base}/host-requests`);
    const pendingRequests = await cursorOf(`${t.base}/host-requests?status=pending`);
    const groups = await cursorOf(`${t.base}/host-groups`);
    const projectEvents = await cursorOf(`${t.base}/events`);
    const domainTokens = await cursorOf(`/v1/tokens?domain=${t.domain}`);

    const lists = [
      "/v1/domains",
      `/v1/domains/${t.domain}/projects`,
      "/v1/tokens",
      `/v1/tokens?domain=${t.domain}`,
      `/v1/tokens?domain=${t.domain}&project=${t.project}`,
      `${t.base}/host-requests`,
      `${t.base}/host-requests?status=pending`,
      `${t.base}/host-requests?status=rejected`,
      `${t.base}/hosts`,
      `${t.base}/hosts?status=create-pending`,
      `${t.base}/hosts?group=g1`,
      `${t.base}/hosts?label=kubernetes.io/arch=amd64`,
      `${t.base}/host-groups`,
      `${t.base}/events`,
      `/v1/domains/${t.domain}/events`,
      "/v1/events",
      `${t.base}/certificates`,
      "/v1/certificates",
      `${t.base}/clusters`,
      "/v1/management-clusters",
      "/v1/provider-clusters",
      `/v1/domains/${t.domain}/provider-clusters`,
      `${t.base}/provider-clusters`,
      `/v1/domains/${t.domain}/credentials`,
    ];
    const foreign = { hosts, requests, pendingRequests, groups, projectEvents, domainTokens };
    const handMade = {
      "no sort key": raw({ pk }),
      "another list's prefix": raw({ pk, sk: "HOST#zzz" }),
      "a request's prefix": raw({ pk, sk: "HREQ#zzz" }),
      "extra attribute": raw({ pk, sk: "GROUP#g1", x: "y" }),
      "index cursor without its keys": raw({ gsi1pk: `${pk}#HOST#S#create-pending` }),
      "index cursor without the table's keys": raw({ gsi1pk: "DOMAINS", gsi1sk: t.domain }),
      "empty values": raw({ pk: "", sk: "" }),
      "not JSON": Buffer.from("not json").toString("base64url"),
      "not base64": "!!!",
    };
    const wellFormedOn: Record<string, string[]> = {
      "another list's prefix": [`${t.base}/hosts`, `${t.base}/hosts?label=kubernetes.io/arch=amd64`],
      "a request's prefix": [`${t.base}/host-requests`],
    };
    for (const [name, lists] of Object.entries(wellFormedOn)) {
      for (const list of lists)
        expect(
          (await t.admin.get(`${list}${list.includes("?") ? "&" : "?"}cursor=${handMade[name as keyof typeof handMade]}`)).status,
        ).toBe(200);
    }
    const ownOf: Record<string, string> = {
      [`${t.base}/hosts`]: "hosts",
      [`${t.base}/hosts?label=kubernetes.io/arch=amd64`]: "hosts",
      [`${t.base}/host-requests`]: "requests",
      [`${t.base}/host-requests?status=pending`]: "pendingRequests",
      [`${t.base}/host-groups`]: "groups",
      [`${t.base}/events`]: "projectEvents",
      [`/v1/tokens?domain=${t.domain}`]: "domainTokens",
    };
    // The domain's token list holds the project's (same index partition, the project's sort key
    // range); a position in it that falls in the project's range is a position in that list too.
    const alsoOwn = (list: string, name: string) =>
      name === "domainTokens" && list === `/v1/tokens?domain=${t.domain}&project=${t.project}`;
    for (const list of lists) {
      const join = list.includes("?") ? "&" : "?";
      for (const [name, cursor] of Object.entries(foreign)) {
        if (ownOf[list] === name || alsoOwn(list, name)) continue;
        expectBadCursor(await t.admin.get(`${list}${join}cursor=${cursor}`), `${name} cursor on ${list}`);
      }
      for (const [name, cursor] of Object.entries(handMade)) {
        // a well-formed position in this very list is a cursor of it (it may be an empty page)
        if (wellFormedOn[name]?.includes(list)) continue;
        expectBadCursor(await t.admin.get(`${list}${join}cursor=${cursor}`), `${name} on ${list}`);
      }
    }
  });
});
