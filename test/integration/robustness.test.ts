import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { register, registration } from "../support/agent.js";
import { adminApi } from "../support/api.js";
import { newTenant } from "../support/tenants.js";

function rawPost(base: string, path: string, body: string, token: string): Promise<{ status: number; contentType: string }> {
  return new Promise((ok, fail) => {
    const req = request(`${base}${path}`, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` },
    });
    req.on("response", (res) => {
      res.resume();
      ok({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]) });
    });
    req.on("error", fail);
    req.end(body);
  });
}

/** Everything a client can send wrong gets a 4xx problem+json, never a 500. */
describe("bad input", () => {
  const admin = adminApi();

  function expectProblem(res: { status: number; headers: Headers; body: any }, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({
      type: expect.stringContaining("https://"),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
  }

  it("answers malformed JSON, wrong types, unknown and oversized fields with 400", async () => {
    const t = await newTenant();
    expectProblem(await admin.request("POST", "/v1/domains", { rawBody: "{not json" }), 400);
    expectProblem(await admin.request("POST", "/v1/domains", { rawBody: "" }), 400);
    expectProblem(await admin.request("POST", "/v1/domains", { rawBody: "[1,2]" }), 400);
    expectProblem(await admin.request("POST", "/v1/domains", { rawBody: "null" }), 400);
    const wrongType = await admin.post("/v1/domains", { name: 42 });
    expectProblem(wrongType, 400);
    expect(wrongType.body.errors).toContainEqual(expect.objectContaining({ path: "name" }));
    const unknown = await admin.post("/v1/domains", { name: "ok-name", colour: "blue" });
    expectProblem(unknown, 400);
    expect(unknown.body.errors[0].message).toContain("colour");
    expectProblem(await admin.post("/v1/domains", { name: "x".repeat(64) }), 400);
    expectProblem(await t.projectAdmin.post(`${t.base}/host-groups`, { name: "g", description: "d".repeat(1001) }), 400);
    expectProblem(await t.projectAdmin.post(`${t.base}/host-requests/hreq_${"0".repeat(26)}/reject`, { reason: ["array"] }), 400);
    // a path parameter without the form the document states names nothing
    expectProblem(await t.projectAdmin.post(`${t.base}/host-requests/x/reject`, { reason: "r" }), 404);
    expectProblem(await t.projectAdmin.get(`${t.base}/hosts?limit=0`), 400);
    expectProblem(await t.projectAdmin.get(`${t.base}/hosts?limit=501`), 400);
    expectProblem(await t.projectAdmin.get(`${t.base}/hosts?limit=abc`), 400);
    expectProblem(await t.projectAdmin.delete(`${t.base}/hosts/h?force=maybe`), 400);
  });

  it("refuses bodies of the wrong media type or size", async () => {
    expectProblem(
      await admin.request("POST", "/v1/domains", { rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      415,
    );
    // The server answers 413 before reading the whole body and closes the
    // connection, so this request gets a connection of its own.
    const big = await rawPost(admin.base, "/v1/domains", JSON.stringify({ name: "a", pad: "x".repeat(1_100_000) }), admin.token as string);
    expect(big.status).toBe(413);
    expect(big.contentType).toContain("application/problem+json");
  });

  it("answers bad agent registrations with 4xx", async () => {
    const t = await newTenant();
    const good = registration(t, t.psk);
    expectProblem(await register(t.admin, { ...good, facts: "not-an-object" }), 400);
    expectProblem(await register(t.admin, { ...good, facts: { blob: "x".repeat(40_000) } }), 400);
    expectProblem(await register(t.admin, { ...good, surprise: true }), 400);
    expectProblem(await register(t.admin, { ...good, timestamp: "yesterday" }), 400);
    expectProblem(await register(t.admin, { ...good, machineId: "" }), 400);
    expectProblem(await register(t.admin, {}), 400);
    expectProblem(await t.admin.as(undefined).request("POST", "/v1/agent/register", { rawBody: "{" }), 400);
  });

  it("answers facts the database cannot store with 400 saying where, and takes big integers as strings", async () => {
    const t = await newTenant();
    const post = (facts: string) => {
      const body = JSON.stringify({ ...registration(t, t.psk), facts: "@" });
      return t.admin.as(undefined).request("POST", "/v1/agent/register", { rawBody: body.replace('"@"', facts) });
    };
    // a uint64 counter, as an agent would print it
    const uint64 = await post('{"os":{"id":"ubuntu","version":"22.04"},"nic":{"eth0":{"rxBytes":18446744073709551615}}}');
    expectProblem(uint64, 400);
    expect(uint64.body.errors).toContainEqual({ path: "facts.nic.eth0.rxBytes", message: expect.stringContaining("as a string") });
    expectProblem(await post('{"huge":1e300}'), 400);
    expectProblem(await post('{"tiny":1e-200}'), 400);
    expectProblem(await post('{"a":{"":1}}'), 400);
    expectProblem(await post('{"":1}'), 400);
    const deep = await post(`${'{"n":'.repeat(40)}1${"}".repeat(40)}`);
    expectProblem(deep, 400);
    expect(deep.body.errors[0].message).toContain("levels");
    const arrays = await post(`{"a":${"[".repeat(40)}1${"]".repeat(40)}}`);
    expectProblem(arrays, 400);
    // the same values, stored as the client sent them
    const ok = await post(
      '{"os":{"id":"ubuntu","version":"22.04"},"nic":{"eth0":{"rxBytes":"18446744073709551615"}},"load":9007199254740991,"ratio":1e-100}',
    );
    expect(ok.status, ok.text).toBe(202);
    const stored = await t.projectAdmin.get(`${t.base}/host-requests/${ok.body.requestId}`);
    expect(stored.body.facts).toMatchObject({ nic: { eth0: { rxBytes: "18446744073709551615" } }, load: 9007199254740991, ratio: 1e-100 });
  });

  it("bounds label selectors to 20 terms", async () => {
    const t = await newTenant();
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `example.com/${"k".repeat(40)}${i}=${"v".repeat(30)}`).join(",");
    const ok = await t.projectAdmin.get(`${t.base}/hosts?label=${encodeURIComponent(terms(20))}`);
    expect(ok.status, ok.text).toBe(200);
    const tooMany = await t.projectAdmin.get(
      `${t.base}/hosts?label=${encodeURIComponent(Array.from({ length: 21 }, (_, i) => `k${i}=v`).join(","))}`,
    );
    expectProblem(tooMany, 400);
    // the query's form is stated in the OpenAPI document; the field error says why
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: "label", message: expect.stringContaining("at most 20") })]);
    // as many terms as fit in the parameter: too many operators for one DynamoDB expression
    const most = Array.from({ length: 300 }, (_, i) => `k${i}=v`).join(",");
    expect(most.length).toBeLessThanOrEqual(2048);
    expectProblem(await t.projectAdmin.get(`${t.base}/hosts?label=${encodeURIComponent(most)}`), 400);
    expectProblem(
      await t.projectAdmin.get(
        `${t.base}/hosts?group=g&status=create-completed&label=${encodeURIComponent(Array.from({ length: 21 }, (_, i) => `k${i}=v`).join(","))}`,
      ),
      400,
    );
  });

  it("answers unknown routes and ids with 404 and bad tokens with 401", async () => {
    expectProblem(await admin.get("/v1/nothing-here"), 404);
    expectProblem(await admin.get("/v1/domains/UPPER_case"), 404);
    expectProblem(await admin.as("garbage").get("/v1/domains"), 401);
    expectProblem(await admin.as(undefined).request("GET", "/v1/domains", { headers: { authorization: "Basic Zm9vOmJhcg==" } }), 401);
  });

  it("answers the same on routes loaded on first use (functions/api/route-groups.ts)", async () => {
    const t = await newTenant();
    // under a lazy group's path, but no route of it
    expectProblem(await admin.get("/v1/management-clusters/mc1/nothing-here"), 404);
    expectProblem(await t.projectAdmin.get(`${t.base}/clusters/c1/nothing-here`), 404);
    // authentication runs before the group is loaded
    expectProblem(await admin.as(undefined).get(`${t.base}/clusters`), 401);
    // a body the Idempotency-Key middleware read first still reaches the group's validation
    const invalid = await t.projectAdmin.post(
      `${t.base}/clusters`,
      { name: "Not A Name", bogus: true },
      { "idempotency-key": `k-${Date.now()}` },
    );
    expectProblem(invalid, 400);
    expect(invalid.body.errors.length).toBeGreaterThan(0);
    expect(invalid.body.requestId).toBe(invalid.headers.get("x-request-id"));
    const listed = await t.projectAdmin.get(`${t.base}/clusters`);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items).toEqual([]);
  });

  it("serves the OpenAPI 3.1 document and a docs page", async () => {
    const doc = await admin.as(undefined).get("/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/agent/register",
      "/v1/domains/{domain}/projects/{project}/host-psk",
      "/v1/domains/{domain}/projects/{project}/host-psk/reset",
      "/v1/domains/{domain}/projects/{project}/host-requests/bulk-approve",
      "/v1/domains/{domain}/projects/{project}/hosts/bulk-delete",
      "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/{hostId}",
      "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-remove",
      "/v1/tokens/{id}",
      // routes loaded on first use are documented all the same
      "/v1/domains/{domain}/projects/{project}/clusters/{id}",
      "/v1/management-clusters/{id}/health",
      "/v1/domains/{domain}/credentials/{name}",
      "/v1/domains/{domain}/projects/{project}/provider-clusters",
      "/v1/certificates/{serial}/revoke",
      "/v1/events",
      "/v1/kubernetes-versions",
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas).toHaveProperty("Host");
    expect(doc.body.components.schemas).toHaveProperty("Problem");
    const docs = await admin.as(undefined).get("/v1/docs");
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("/v1/openapi.json");
    const asset = await fetch(`${admin.base}/v1/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
  });

  it("echoes a request id on every response", async () => {
    const res = await admin.get("/v1/domains", { "x-request-id": "my-trace-12345" });
    expect(res.headers.get("x-request-id")).toBe("my-trace-12345");
    const problem = await admin.as(undefined).get("/v1/domains");
    expect(problem.body.requestId).toBe(problem.headers.get("x-request-id"));
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, and refuses a different body", async () => {
    const t = await newTenant();
    const key = `k-${Date.now()}`;
    const first = await t.projectAdmin.post(`${t.base}/host-groups`, { name: "idem" }, { "idempotency-key": key });
    expect(first.status).toBe(201);
    const second = await t.projectAdmin.post(`${t.base}/host-groups`, { name: "idem" }, { "idempotency-key": key });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const different = await t.projectAdmin.post(`${t.base}/host-groups`, { name: "other" }, { "idempotency-key": key });
    expect(different.status).toBe(422);
    // without the key the duplicate is a conflict, as it should be
    expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "idem" })).status).toBe(409);
    expect((await t.projectAdmin.get(`${t.base}/host-groups`)).body.items).toHaveLength(1);
  });

  it("does not keep error responses, so a corrected retry with the key succeeds", async () => {
    const t = await newTenant();
    const key = `k2-${Date.now()}`;
    const bad = await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: ["hreq_x"] }, { "idempotency-key": key });
    expect(bad.status).toBe(200); // per-item errors are a 200 answer, and are kept
    const again = await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: ["hreq_x"] }, { "idempotency-key": key });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const k3 = `k3-${Date.now()}`;
    expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "Bad Name" }, { "idempotency-key": k3 })).status).toBe(400);
    expect(
      (await t.projectAdmin.post(`${t.base}/host-groups`, { name: "Bad Name" }, { "idempotency-key": k3 })).headers.get(
        "idempotent-replayed",
      ),
    ).toBeNull();
  });

  it("keys are per caller", async () => {
    const a = await newTenant();
    const key = `shared-${Date.now()}`;
    expect((await a.projectAdmin.post(`${a.base}/host-groups`, { name: "g1" }, { "idempotency-key": key })).status).toBe(201);
    const b = await newTenant();
    const other = await b.projectAdmin.post(`${b.base}/host-groups`, { name: "g1" }, { "idempotency-key": key });
    expect(other.status).toBe(201);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
  });
});
