import { beforeAll, describe, expect, it } from "vitest";
import { expectProblem, type InProcessApi, inProcessApi, tenant, uniqueName } from "../support/in-process.js";

describe("ETag and If-Match", () => {
  let api: InProcessApi;
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  it("a write with the ETag read goes through and moves it; a stale one is precondition-failed and changes nothing", async () => {
    const created = await api.request("POST", `${t.base}/host-groups`, { body: { name: "etag", labels: { zone: "a" } } });
    expect(created.headers.get("etag")).toBe('"1"');
    const read = await api.request("GET", `${t.base}/host-groups/etag`);
    const etag = read.headers.get("etag") as string;
    const updated = await api.request("PATCH", `${t.base}/host-groups/etag`, {
      body: { labels: { zone: "b" } },
      headers: { "if-match": etag },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("etag")).toBe('"2"');
    const stale = await api.request("PATCH", `${t.base}/host-groups/etag`, {
      body: { labels: { zone: "c" } },
      headers: { "if-match": etag },
    });
    expectProblem(stale, 412, "precondition-failed");
    expectProblem(await api.request("DELETE", `${t.base}/host-groups/etag`, { headers: { "if-match": etag } }), 412, "precondition-failed");
    const now = await api.request("GET", `${t.base}/host-groups/etag`);
    expect(now.body.labels).toEqual({ zone: "b" });
    expect((await api.request("DELETE", `${t.base}/host-groups/etag`, { headers: { "if-match": 'W/"2"' } })).status).toBe(204);
  });

  it("If-Match: * and no If-Match at all do not check the version", async () => {
    await api.request("POST", `${t.base}/host-groups`, { body: { name: "star" } });
    expect(
      (await api.request("PATCH", `${t.base}/host-groups/star`, { body: { description: "x" }, headers: { "if-match": "*" } })).status,
    ).toBe(200);
    expect((await api.request("PATCH", `${t.base}/host-groups/star`, { body: { description: "y" } })).status).toBe(200);
  });

  it("an If-Match that is not an ETag is invalid-request naming the header", async () => {
    const bad = await api.request("PATCH", `${t.base}`, { body: { autoApproveHosts: true }, headers: { "if-match": "yesterday" } });
    expectProblem(bad, 400, "invalid-request");
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: "if-match" })]);
  });
});

describe("Idempotency-Key", () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = inProcessApi();
  });

  it("a repeat gets the first answer again; the same key with another body is idempotency.key-reused", async () => {
    const key = uniqueName("key");
    const name = uniqueName("d");
    const first = await api.request("POST", "/v1/domains", { body: { name }, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await api.request("POST", "/v1/domains", { body: { name }, headers: { "idempotency-key": key } });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    // without the key the same request is a second create, and the name is taken
    expectProblem(await api.request("POST", "/v1/domains", { body: { name } }), 409, "already-exists");
    const other = await api.request("POST", "/v1/domains", { body: { name: uniqueName("d") }, headers: { "idempotency-key": key } });
    expectProblem(other, 422, "idempotency.key-reused");
  });

  it("an error answer is not kept: a corrected retry with the same key goes through", async () => {
    const key = uniqueName("key");
    const name = uniqueName("d");
    expect((await api.request("POST", "/v1/domains", { body: { name } })).status).toBe(201);
    const project = { name: "p" };
    const missing = await api.request("POST", `/v1/domains/${uniqueName("none")}/projects`, {
      body: project,
      headers: { "idempotency-key": key },
    });
    expectProblem(missing, 404, "not-found");
    // another path: the key is per caller and path, so it is free here
    const made = await api.request("POST", `/v1/domains/${name}/projects`, { body: project, headers: { "idempotency-key": key } });
    expect(made.status).toBe(201);
  });

  it("a key that is not 1-255 of the allowed characters is invalid-request", async () => {
    const bad = await api.request("POST", "/v1/domains", { body: { name: uniqueName("d") }, headers: { "idempotency-key": "has space" } });
    expectProblem(bad, 400, "invalid-request");
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: "idempotency-key" })]);
  });
});
