import { beforeAll, describe, expect, it } from "vitest";
import { reportHeartbeat } from "../../core/agents/status.js";
import { passingPreflight } from "../doubles/machine-agent.js";
import { expectProblem, type InProcessApi, inProcessApi, putClusterItem, registration, tenant } from "../support/in-process.js";

/**
 * The host preflight through the API (docs/hosts.md): the approval policy
 * deciding on what a registering agent reports, the host's preflight
 * conditions, the 422 for a failing host joining a group, and a host that
 * starts failing after it joined showing on its cluster's status.
 */
type T = Awaited<ReturnType<typeof tenant>>;

const failingPreflight = () => {
  const p = passingPreflight() as Record<string, any>;
  p.containerdConfig.disabledPlugins = ["cri"];
  return p;
};

describe("host preflight", () => {
  let api: InProcessApi;
  let t: T;
  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  async function register(of: T, facts: Record<string, unknown>) {
    const body = await registration(api, of);
    const res = await api.request("POST", "/v1/agent/register", { body: { ...body, facts: { ...body.facts, ...facts } }, token: null });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { requestId: string; status: string; hostId?: string };
  }

  async function approvedHost(preflight: Record<string, unknown> | undefined): Promise<string> {
    const reg = await register(t, preflight ? { preflight } : {});
    const approved = await api.request("POST", `${t.base}/host-requests/${reg.requestId}/approve`);
    expect(approved.status).toBe(200);
    return approved.body.hostId;
  }

  it("approves by policy: on a passing preflight, and only hosts the selector matches", async () => {
    const p = await tenant(api);
    const patch = (body: unknown) => api.request("PATCH", `/v1/domains/${p.domain}/projects/${p.project}`, { body });
    const set = await patch({ approval: { mode: "preflight" } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ approval: { mode: "preflight" }, autoApproveHosts: true });

    expect((await register(p, { preflight: passingPreflight() })).status).toBe("approved");
    const failing = await register(p, { preflight: failingPreflight() });
    expect(failing.status).toBe("pending");
    expect((await register(p, {})).status).toBe("pending");
    // the decision and why are in the audit trail
    const events = await api.request("GET", `${p.base}/events?type=ckp.hostrequest.created&subject=host-requests/${failing.requestId}`);
    expect(events.body.items[0].data.autoApproval).toEqual({
      mode: "preflight",
      approve: false,
      why: "the host's preflight fails: containerd-cri",
    });

    expect((await patch({ approval: { mode: "always", selector: { "kubernetes.io/arch": "arm64" } } })).status).toBe(200);
    expect((await register(p, { preflight: failingPreflight() })).status).toBe("pending");
    expect((await register(p, { arch: "arm64" })).status).toBe("approved");

    const updated = await api.request("GET", `${p.base}/events?type=ckp.project.updated`);
    expect(updated.body.items[0].data).toMatchObject({
      approval: { mode: "always", selector: { "kubernetes.io/arch": "arm64" } },
      previousApproval: { mode: "preflight" },
    });
  });

  it("keeps the former autoApproveHosts working, and refuses it beside approval", async () => {
    const p = await tenant(api);
    const url = `/v1/domains/${p.domain}/projects/${p.project}`;
    expect((await api.request("GET", url)).body).toMatchObject({ autoApproveHosts: false, approval: { mode: "never" } });
    const on = await api.request("PATCH", url, { body: { autoApproveHosts: true } });
    expect(on.body).toMatchObject({ autoApproveHosts: true, approval: { mode: "always" } });
    expect((await register(p, { preflight: failingPreflight() })).status).toBe("approved");
    expectProblem(
      await api.request("PATCH", url, { body: { autoApproveHosts: true, approval: { mode: "never" } } }),
      422,
      "project.approval-conflict",
    );
    expectProblem(
      await api.request("POST", `/v1/domains/${p.domain}/projects`, {
        body: { name: "other", autoApproveHosts: false, approval: { mode: "preflight" } },
      }),
      422,
      "project.approval-conflict",
    );
    const created = await api.request("POST", `/v1/domains/${p.domain}/projects`, {
      body: { name: "third", approval: { mode: "preflight" } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ approval: { mode: "preflight" }, autoApproveHosts: true });
  });

  it("shows each failing check as a host condition with the fix", async () => {
    const id = await approvedHost(failingPreflight());
    const h = await api.request("GET", `${t.base}/hosts/${id}`);
    expect(h.body.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "Preflight", status: "False", reason: "ContainerdCriDisabled" }),
        expect.objectContaining({
          type: "Preflight/containerd-cri",
          status: "False",
          reason: "ContainerdCriDisabled",
          message: 'remove "cri" from disabled_plugins in /etc/containerd/config.toml and restart containerd',
        }),
      ]),
    );
    const old = await approvedHost(undefined);
    const oldHost = await api.request("GET", `${t.base}/hosts/${old}`);
    expect(oldHost.body.conditions).toContainEqual(
      expect.objectContaining({ type: "Preflight", status: "Unknown", reason: "PreflightNotReported" }),
    );
    const list = await api.request("GET", `${t.base}/hosts?limit=100`);
    expect(list.body.items.find((x: { id: string }) => x.id === id).conditions).toContainEqual(
      expect.objectContaining({ type: "Preflight/containerd-cri" }),
    );
  });

  it("refuses a failing host in a group with 422 naming the host and the check", async () => {
    expect((await api.request("POST", `${t.base}/host-groups`, { body: { name: "workers" } })).status).toBe(201);
    const bad = await approvedHost(failingPreflight());
    const refused = await api.request("PUT", `${t.base}/host-groups/workers/hosts/${bad}`);
    expectProblem(refused, 422, "host.preflight-failed");
    expect(refused.body.detail).toContain(bad);
    expect(refused.body.detail).toContain("containerd-cri: ContainerdCriDisabled");
    expect(refused.body.checks).toEqual([expect.objectContaining({ check: "containerd-cri", reason: "ContainerdCriDisabled" })]);
    const bulk = await api.request("POST", `${t.base}/host-groups/workers/hosts/bulk-add`, { body: { ids: [bad] } });
    expect(bulk.body.results[0]).toMatchObject({ id: bad, outcome: "error", error: { status: 422, code: "host.preflight-failed" } });
    // a host whose agent reports no preflight is judged as before
    expect((await api.request("PUT", `${t.base}/host-groups/workers/hosts/${await approvedHost(undefined)}`)).status).toBe(204);
    expect((await api.request("PUT", `${t.base}/host-groups/workers/hosts/${await approvedHost(passingPreflight())}`)).status).toBe(204);
  });

  it("shows a host that starts failing after it joined on its cluster's status", async () => {
    const id = await approvedHost(passingPreflight());
    const clusterId = await putClusterItem(api, t, { hostIds: [id] });
    const status = () => api.request("GET", `${t.base}/clusters/${clusterId}/status`);
    const before = await status();
    expect(before.status).toBe(200);
    expect(before.body.hostPreflight).toEqual([]);
    expect(before.body.conditions).toContainEqual(expect.objectContaining({ type: "HostsPreflight", status: "True" }));

    // its agent re-runs the preflight and reports it with its health: swap came back on
    const now = passingPreflight();
    (now as { swapDevices: number }).swapDevices = 1;
    await reportHeartbeat(api.deps, { actor: { kind: "host", id: "m" }, correlationId: "test" }, t, id, {
      version: "1.0.0",
      health: { preflight: now },
      via: "websocket",
    });
    const after = await status();
    expect(after.body.hostPreflight).toEqual([
      { hostId: id, hostname: "node-1", failures: [expect.objectContaining({ check: "swap", reason: "SwapEnabled" })] },
    ]);
    expect(after.body.conditions).toContainEqual(
      expect.objectContaining({
        type: "HostsPreflight",
        status: "False",
        reason: "HostPreflightFailed",
        message: expect.stringContaining(id),
      }),
    );
  });
});
