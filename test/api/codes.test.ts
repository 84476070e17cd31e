import { beforeAll, describe, expect, it } from "vitest";
import { expectProblem, type InProcessApi, inProcessApi, registration, tenant, uniqueName } from "../support/in-process.js";
import { csrFor, rsaKey } from "../support/pki.js";

/** The codes clients branch on, each from the request that causes it. */
describe("codes per cause", () => {
  let api: InProcessApi;
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  async function approvedHost(): Promise<{ requestId: string; hostId: string }> {
    const reg = await api.request("POST", "/v1/agent/register", { body: await registration(api, t), token: null });
    expect(reg.status).toBe(202);
    const approved = await api.request("POST", `${t.base}/host-requests/${reg.body.requestId}/approve`);
    expect(approved.status).toBe(200);
    return { requestId: reg.body.requestId, hostId: approved.body.hostId };
  }

  it("registration: proof-invalid, timestamp-skewed, nonce-reused", async () => {
    const good = await registration(api, t);
    expectProblem(
      await api.request("POST", "/v1/agent/register", { body: { ...good, proof: "AAAA" }, token: null }),
      401,
      "registration.proof-invalid",
    );
    const stale = await registration(api, t, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expectProblem(await api.request("POST", "/v1/agent/register", { body: stale, token: null }), 401, "registration.timestamp-skewed");
    expect((await api.request("POST", "/v1/agent/register", { body: good, token: null })).status).toBe(202);
    expectProblem(await api.request("POST", "/v1/agent/register", { body: good, token: null }), 401, "registration.nonce-reused");
  });

  it("host requests: hostrequest.decided, hostrequest.host-exists", async () => {
    const { requestId } = await approvedHost();
    expectProblem(await api.request("POST", `${t.base}/host-requests/${requestId}/approve`), 409, "hostrequest.decided");
    expectProblem(
      await api.request("POST", `${t.base}/host-requests/${requestId}/reject`, { body: { reason: "late" } }),
      409,
      "hostrequest.decided",
    );
    const del = await api.request("DELETE", `${t.base}/host-requests/${requestId}`);
    expectProblem(del, 409, "hostrequest.host-exists");
    expect(del.body.hostId).toEqual(expect.stringMatching(/^host_/));
  });

  it("host groups: host.in-another-group, hostgroup.in-use, management-cluster.unknown", async () => {
    const { hostId } = await approvedHost();
    for (const name of ["first", "second"])
      expect((await api.request("POST", `${t.base}/host-groups`, { body: { name } })).status).toBe(201);
    expect((await api.request("PUT", `${t.base}/host-groups/first/hosts/${hostId}`)).status).toBe(204);
    const again = await api.request("PUT", `${t.base}/host-groups/second/hosts/${hostId}`);
    expectProblem(again, 409, "host.in-another-group");
    expect(again.body.group).toBe("first");
    const inUse = await api.request("DELETE", `${t.base}/host-groups/first`);
    expectProblem(inUse, 409, "hostgroup.in-use");
    expect(inUse.body.hostCount).toBe(1);
    expect((await api.request("DELETE", `${t.base}/host-groups/first?force=true`)).status).toBe(204);
    const unknown = await api.request("POST", `${t.base}/host-groups`, { body: { name: "placed", managementCluster: "nowhere" } });
    expectProblem(unknown, 422, "management-cluster.unknown");
    expect(unknown.body.managementCluster).toBe("nowhere");
  });

  it("credentials, management and provider clusters: the in-use and reference codes", async () => {
    const d = `/v1/domains/${t.domain}`;
    const cred = { type: "orbiter-bms", name: "bms", endpoint: "http://127.0.0.1:9/", hardwareAccessSecret: "s3cret" };
    expect((await api.request("POST", `${d}/credentials`, { body: cred })).status).toBe(201);
    expectProblem(await api.request("POST", `${d}/credentials`, { body: cred }), 409, "already-exists");
    const mcName = uniqueName("mc");
    // registering does not contact the cluster: a closed loopback port is enough here
    const mc = await api.request("POST", "/v1/management-clusters", { body: { name: mcName, server: "https://127.0.0.1:9", token: "t" } });
    expect(mc.status).toBe(201);
    const remote = await api.request("POST", "/v1/management-clusters", {
      body: { name: uniqueName("mc"), connectivity: "remote", server: "https://127.0.0.1:9", token: "t" },
    });
    // a remote management cluster is reached through its agent's tunnel: credentials are refused
    expectProblem(remote, 400, "invalid-request");

    const pc = {
      type: "orbiter-bms",
      credential: "bms",
      managementCluster: mcName,
      defaults: { serverPool: "p", cloudInitTemplate: "#cloud-config\n" },
    };
    expectProblem(
      await api.request("POST", `${d}/provider-clusters`, { body: { ...pc, name: "x", credential: "none" } }),
      422,
      "credential.unknown",
    );
    const ccs = {
      ...pc,
      name: "x",
      type: "ccs-vm",
      defaults: { images: [{ os: "ubuntu-22.04", arch: "amd64", image: "ckp-ubuntu" }], flavor: "f", network: "n" },
    };
    expectProblem(await api.request("POST", `${d}/provider-clusters`, { body: ccs }), 422, "credential.type-mismatch");
    expectProblem(
      await api.request("POST", `${d}/provider-clusters`, { body: { ...pc, name: "x", managementCluster: "nowhere" } }),
      422,
      "management-cluster.unknown",
    );
    expectProblem(
      await api.request("POST", `${d}/provider-clusters`, {
        body: { ...pc, name: "x", managementCluster: undefined, placement: { matchLabels: { region: "mars" } } },
      }),
      422,
      "management-cluster.no-match",
    );
    expect((await api.request("POST", `${d}/provider-clusters`, { body: { ...pc, name: "bms" } })).status).toBe(201);
    expectProblem(
      await api.request("PUT", `${d}/provider-clusters/bms`, { body: { ...ccs, name: undefined } }),
      422,
      "provider-cluster.type-immutable",
    );

    const credInUse = await api.request("DELETE", `${d}/credentials/bms`);
    expectProblem(credInUse, 409, "credential.in-use");
    expect(credInUse.body.providerClusterCount).toBe(1);
    const mcInUse = await api.request("DELETE", `/v1/management-clusters/${mc.body.id}`);
    expectProblem(mcInUse, 409, "management-cluster.in-use");
    expect(mcInUse.body).toMatchObject({ providerClusterCount: 1, clusterCount: 0, hostGroupCount: 0 });

    expect((await api.request("DELETE", `${d}/provider-clusters/bms`)).status).toBe(204);
    expect((await api.request("DELETE", `${d}/credentials/bms`)).status).toBe(204);
    expect((await api.request("DELETE", `/v1/management-clusters/${mc.body.id}`)).status).toBe(204);
  });

  it("certificates: a second revocation is certificate.revoked", async () => {
    const key = rsaKey();
    const reg = await api.request("POST", "/v1/agent/register", {
      body: { ...(await registration(api, t)), csr: csrFor(key.privateKey) },
      token: null,
    });
    const approved = await api.request("POST", `${t.base}/host-requests/${reg.body.requestId}/approve`);
    const serial = approved.body.certificateSerial as string;
    expect(serial).toMatch(/^[0-9a-f]{32}$/);
    expect((await api.request("POST", `${t.base}/certificates/${serial}/revoke`, { body: { reason: "test" } })).status).toBe(200);
    expectProblem(await api.request("POST", `${t.base}/certificates/${serial}/revoke`, { body: {} }), 409, "certificate.revoked");
  });

  it("tokens: an expiry in the past is unprocessable-request naming expiresAt", async () => {
    const past = await api.request("POST", "/v1/tokens", {
      body: { name: "old", role: "viewer", domain: t.domain, expiresAt: "2001-01-01T00:00:00Z" },
    });
    expectProblem(past, 422, "unprocessable-request");
    expect(past.body.errors).toEqual([{ path: "expiresAt", message: "in the past" }]);
  });

  it("rules across parameters, which the document cannot state, are unprocessable-request naming the parameter", async () => {
    const later = await api.request("GET", `${t.base}/events?from=2021-01-02T00:00:00Z&to=2021-01-01T00:00:00Z`);
    expectProblem(later, 422, "unprocessable-request");
    expect(later.body.errors).toEqual([{ path: "from", message: "must not be after to" }]);
    const types = Array.from({ length: 21 }, (_, i) => `ckp.host.v${String.fromCharCode(97 + i)}`).join(",");
    const many = await api.request("GET", `${t.base}/events?type=${types}`);
    expectProblem(many, 422, "unprocessable-request");
    expect(many.body.errors).toEqual([{ path: "type", message: "at most 20" }]);
    const noDomain = await api.request("GET", `/v1/tokens?project=${t.project}`);
    expectProblem(noDomain, 422, "unprocessable-request");
    expect(noDomain.body.errors).toEqual([{ path: "project", message: "needs domain" }]);
    // each alone is fine
    expect((await api.request("GET", `${t.base}/events?from=2021-01-01T00:00:00Z&to=2021-01-01T00:00:00Z`)).status).toBe(200);
    expect((await api.request("GET", `${t.base}/events?type=${types.split(",").slice(0, 20).join(",")}`)).status).toBe(200);
    expect((await api.request("GET", `/v1/tokens?domain=${t.domain}&project=${t.project}`)).status).toBe(200);
  });
});
