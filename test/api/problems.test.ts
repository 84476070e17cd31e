import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../functions/api/app.js";
import { expectProblem, type InProcessApi, inProcessApi, tenant } from "../support/in-process.js";

/** How every failure becomes a problem: status, stable code, type, request id, field errors. */
describe("problem answers", () => {
  let api: InProcessApi;
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  it("an unknown route is not-found", async () => {
    expectProblem(await api.request("GET", "/v1/nothing-here"), 404, "not-found");
  });

  it("no token, or one that is not ours, is authentication-required", async () => {
    expectProblem(await api.request("GET", "/v1/domains", { token: null }), 401, "authentication-required");
    expectProblem(await api.request("GET", "/v1/domains", { token: "ckp_tok_nope_nope" }), 401, "authentication-required");
    const scheme = await api.request("GET", "/v1/domains", { token: null, headers: { authorization: "Basic eDp5" } });
    expectProblem(scheme, 401, "authentication-required");
  });

  it("names each invalid field in errors[]", async () => {
    const a = await api.request("POST", `${t.base}/host-groups`, { body: { name: "Not A Label", colour: "blue" } });
    expectProblem(a, 400, "invalid-request");
    expect(a.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["(root)", "name"]);
    expect(a.body.errors.find((e: { path: string }) => e.path === "(root)").message).toContain("colour");
  });

  it("refuses what is not JSON, not a JSON object, of another media type, or too large", async () => {
    expectProblem(await api.request("POST", "/v1/domains", { rawBody: "{not json" }), 400, "invalid-request");
    expectProblem(await api.request("POST", "/v1/domains", { rawBody: "[1,2]" }), 400, "invalid-request");
    const xml = await api.request("POST", "/v1/domains", { rawBody: "<domain/>", headers: { "content-type": "application/xml" } });
    expectProblem(xml, 415, "unsupported-media-type");
    const big = await api.request("POST", "/v1/domains", { rawBody: `{"name":"${"x".repeat(MAX_BODY_BYTES)}"}` });
    expectProblem(big, 413, "payload-too-large");
  });

  it("a path parameter without the form the document states names nothing: not-found", async () => {
    expectProblem(await api.request("GET", "/v1/domains/UPPER_case"), 404, "not-found");
    expectProblem(await api.request("GET", `${t.base}/hosts/not-a-host-id`), 404, "not-found");
    expectProblem(await api.request("DELETE", "/v1/tokens/tok_short"), 404, "not-found");
  });

  it("another tenant's resources answer not-found, a weaker role forbidden", async () => {
    const other = await tenant(api);
    expectProblem(await api.request("GET", `${other.base}/host-groups`, { token: t.projectAdmin }), 404, "not-found");
    expectProblem(await api.request("GET", "/v1/management-clusters", { token: t.projectAdmin }), 403, "forbidden");
    const viewer = await api.request("POST", "/v1/tokens", {
      body: { name: "v", role: "viewer", domain: t.domain, project: t.project },
      token: t.projectAdmin,
    });
    expect(viewer.status).toBe(201);
    expectProblem(await api.request("POST", `${t.base}/host-groups`, { body: { name: "g" }, token: viewer.body.token }), 403, "forbidden");
    expect((await api.request("GET", `${t.base}/host-groups`, { token: viewer.body.token })).status).toBe(200);
  });

  it("a cursor of another list is invalid-request naming the cursor", async () => {
    for (const name of ["a", "b", "c"]) expect((await api.request("POST", `${t.base}/host-groups`, { body: { name } })).status).toBe(201);
    const page = await api.request("GET", `${t.base}/host-groups?limit=1`);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(page.body.nextCursor);
    expect((await api.request("GET", `${t.base}/host-groups?limit=1&cursor=${cursor}`)).status).toBe(200);
    const foreign = await api.request("GET", `${t.base}/hosts?cursor=${cursor}`);
    expectProblem(foreign, 400, "invalid-request");
    expect(foreign.body.errors).toEqual([{ path: "cursor", message: "not a cursor issued by this list" }]);
    expectProblem(await api.request("GET", `/v1/domains/${t.domain}/projects?cursor=${cursor}`), 400, "invalid-request");
  });

  it("a taken name is already-exists", async () => {
    expectProblem(await api.request("POST", "/v1/domains", { body: { name: t.domain } }), 409, "already-exists");
    expectProblem(await api.request("POST", `/v1/domains/${t.domain}/projects`, { body: { name: t.project } }), 409, "already-exists");
  });
});
