import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  ConditionStatus,
  GetMachineHostRequestSchema,
  MachineHostService,
  MachineHostStatus,
} from "../../functions/grpc/gen/ckp/machinehost/v1/machinehost_pb.js";
import { BadRequestSchema } from "../../functions/grpc/gen/google/rpc/error_details_pb.js";
import { register, registration, UBUNTU_FACTS } from "../support/agent.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { connectClient, failure, grpcurl, grpcurlRaw, grpcurlStream, SERVICE } from "../support/grpc.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * The MachineHost gRPC service against the integration tier's control plane,
 * by clients that share no code with the server: grpcurl (Go; native gRPC
 * over HTTP/2, the schema from server reflection alone) on the dev server's
 * gRPC listener, and Connect for TypeScript over HTTP/1.1 on the API's port
 * and through the API Lambda's handler (Connect and gRPC-Web).
 */
const cp = inject("controlPlane");
const admin = adminApi();
const address = cp.grpcUrl.replace(/^https?:\/\//, "");
let manual: Tenant;
let auto: Tenant;
let manualToken: string;
let autoToken: string;

beforeAll(async () => {
  manual = await newTenant();
  auto = await newTenant({ autoApproveHosts: true });
  manualToken = await tokenFor(admin, "project-admin", manual.domain, manual.project);
  autoToken = await tokenFor(admin, "project-admin", auto.domain, auto.project);
});

const ref = (t: Tenant) => ({ domain: t.domain, project: t.project });
const machine = () => `m-${randomBytes(6).toString("hex")}`;
const addBody = (t: Tenant, machineId: string, facts: Record<string, unknown> = UBUNTU_FACTS) => ({
  ...ref(t),
  machine_id: machineId,
  hostname: `node-${machineId.slice(-6)}`,
  facts,
});

async function events(t: Tenant, q: string): Promise<any[]> {
  const res = await t.projectAdmin.get(`${t.base}/events?${q}&limit=100`);
  expect(res.status, res.text).toBe(200);
  return [...res.body.items].reverse();
}

/** An event with what differs between two equal operations on two hosts replaced by placeholders. */
function shape(e: any, subs: Record<string, string>): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      let s = v;
      for (const [from, to] of Object.entries(subs)) s = s.split(from).join(to);
      if (/^\d{4}-\d\d-\d\dT/.test(s)) return "<time>";
      return s.replace(/^(host|hreq|cert)_[0-9a-z]{26}$/, "<$1>");
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !["certificateSerial", "serial"].includes(k))
          .map(([k, x]) => [k, walk(x)]),
      );
    }
    return v;
  };
  return { type: e.type, subject: walk(e.subject), actor: e.actor, dataschemaversion: e.dataschemaversion, data: walk(e.data) };
}

describe("native gRPC over HTTP/2 (grpcurl, server reflection)", () => {
  it("reflection lists the service and describes its messages", () => {
    const services = grpcurlRaw(["-plaintext", address, "list"]).trim().split("\n");
    expect(services).toEqual(
      expect.arrayContaining([SERVICE, "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]),
    );
    const methods = grpcurlRaw(["-plaintext", address, "list", SERVICE]).trim().split("\n");
    expect(methods.sort()).toEqual(
      [
        "AddMachineHost",
        "DeleteMachineHost",
        "GetMachineHost",
        "GetMachineHostStatus",
        "ListMachineHosts",
        "ProvisionMachineHost",
        "UpdateMachineHost",
        "WatchMachineHostStatus",
      ].map((m) => `${SERVICE}.${m}`),
    );
    expect(grpcurlRaw(["-plaintext", address, "describe", "ckp.machinehost.v1.MachineHost"])).toContain("string machine_id = 3;");
    expect(grpcurlRaw(["-plaintext", address, "describe", "google.rpc.ErrorInfo"])).toContain("string reason = 1;");
  });

  it("add, get, status, a watch that sees create-pending → create-completed, list by pages, update, delete", async () => {
    const id = machine();
    const added = await grpcurl(address, "AddMachineHost", addBody(manual, id), manualToken);
    expect(added.code, JSON.stringify(added.body)).toBe(0);
    const mh = added.body.machineHost;
    expect(mh).toMatchObject({ machineId: id, requestStatus: "HOST_REQUEST_STATUS_PENDING", status: "MACHINE_HOST_STATUS_CREATE_PENDING" });
    expect(mh.hostId).toBeUndefined();
    // the same request as REST shows it
    const req = await manual.projectAdmin.get(`${manual.base}/host-requests/${mh.requestId}`);
    expect(req.body).toMatchObject({ id: mh.requestId, machineId: id, status: "pending", facts: UBUNTU_FACTS });

    const got = await grpcurl(address, "GetMachineHost", { ...ref(manual), machine_id: id }, manualToken);
    expect(got.body.machineHost).toEqual(mh);

    const seen: string[] = [];
    const watch = grpcurlStream(address, "WatchMachineHostStatus", { ...ref(manual), machine_id: id }, manualToken, (m) =>
      seen.push(m.status.status),
    );
    await eventually(async () => (seen.length ? true : undefined), 20_000, "the watch's first message");
    const approved = await manual.projectAdmin.post(`${manual.base}/host-requests/${mh.requestId}/approve`);
    expect(approved.status, approved.text).toBe(200);
    await eventually(async () => (seen.includes("MACHINE_HOST_STATUS_CREATE_COMPLETED") ? true : undefined), 30_000, "create-completed");
    watch.stop();
    await watch.done;
    expect(seen[0]).toBe("MACHINE_HOST_STATUS_CREATE_PENDING");
    expect(seen.at(-1)).toBe("MACHINE_HOST_STATUS_CREATE_COMPLETED");

    const status = await grpcurl(address, "GetMachineHostStatus", { ...ref(manual), machine_id: id }, manualToken);
    expect(status.body.status.status).toBe("MACHINE_HOST_STATUS_CREATE_COMPLETED");
    expect(status.body.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ["Registered", "CONDITION_STATUS_TRUE"],
      ["Approved", "CONDITION_STATUS_TRUE"],
      ["Provisioned", "CONDITION_STATUS_TRUE"],
    ]);

    // two more, then every one of them by pages of one
    const others = [machine(), machine()];
    for (const o of others) expect((await grpcurl(address, "AddMachineHost", addBody(manual, o), manualToken)).code).toBe(0);
    const listed: string[] = [];
    let token = "";
    for (let i = 0; i < 10; i++) {
      const page = await grpcurl(address, "ListMachineHosts", { ...ref(manual), page_size: 1, page_token: token }, manualToken);
      expect(page.code, JSON.stringify(page.body)).toBe(0);
      listed.push(...(page.body.machineHosts ?? []).map((m: any) => m.machineId));
      token = page.body.nextPageToken ?? "";
      if (!token) break;
    }
    expect(listed.sort()).toEqual(expect.arrayContaining([id, ...others].sort()));
    expect(new Set(listed).size).toBe(listed.length);

    const group = uniqueName("g");
    expect((await manual.projectAdmin.post(`${manual.base}/host-groups`, { name: group })).status).toBe(201);
    const version = Number(status.body.status.version);
    const stale = await grpcurl(
      address,
      "UpdateMachineHost",
      { ...ref(manual), machine_id: id, labels: { tier: "gold" }, update_mask: { paths: ["labels"] }, expected_version: version - 1 },
      manualToken,
    );
    expect(stale.code).toBe(Code.Aborted);
    const updated = await grpcurl(
      address,
      "UpdateMachineHost",
      {
        ...ref(manual),
        machine_id: id,
        labels: { tier: "gold" },
        host_group: group,
        update_mask: { paths: ["labels", "host_group"] },
        expected_version: version,
      },
      manualToken,
    );
    expect(updated.code, JSON.stringify(updated.body)).toBe(0);
    expect(updated.body.machineHost).toMatchObject({ labels: { tier: "gold" }, hostGroup: group });
    const host = await manual.projectAdmin.get(`${manual.base}/hosts/${updated.body.machineHost.hostId}`);
    expect(host.body).toMatchObject({ labels: { tier: "gold" }, group });

    const deleted = await grpcurl(address, "DeleteMachineHost", { ...ref(manual), machine_id: id }, manualToken);
    expect(deleted.code).toBe(0);
    expect((await manual.projectAdmin.get(`${manual.base}/hosts/${updated.body.machineHost.hostId}`)).status).toBe(404);
    const gone = await grpcurl(address, "GetMachineHost", { ...ref(manual), machine_id: id }, manualToken);
    expect(gone.code).toBe(Code.NotFound);
    expect(gone.body.details[0]).toMatchObject({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "not-found" });
  });

  it("a known machine id is ALREADY_EXISTS with its error code; a pending one cannot be labelled", async () => {
    const id = machine();
    expect((await grpcurl(address, "AddMachineHost", addBody(manual, id), manualToken)).code).toBe(0);
    const again = await grpcurl(address, "AddMachineHost", addBody(manual, id), manualToken);
    expect(again.code).toBe(Code.AlreadyExists);
    expect(again.body.details[0]).toMatchObject({ reason: "machinehost.machine-known", domain: "ckp.coredge.io" });
    const label = await grpcurl(address, "UpdateMachineHost", { ...ref(manual), machine_id: id, labels: { a: "b" } }, manualToken);
    expect(label.code).toBe(Code.FailedPrecondition);
    expect(label.body.details[0].reason).toBe("machinehost.not-approved");
    // a pending one is deleted as its request
    expect((await grpcurl(address, "DeleteMachineHost", { ...ref(manual), machine_id: id }, manualToken)).code).toBe(0);
    expect((await grpcurl(address, "AddMachineHost", addBody(manual, id), manualToken)).code).toBe(0);
  });
});

describe("Connect over HTTP/1.1 on the API's port", () => {
  it("every method; a provision without a provider cluster is FAILED_PRECONDITION with its code", async () => {
    const c = connectClient(cp.url, autoToken);
    const id = machine();
    const added = await c.addMachineHost({ ...ref(auto), machineId: id, hostname: "conn-1", facts: UBUNTU_FACTS });
    expect(added.machineHost?.requestStatus).toBe(2); // approved by the project's auto-approval
    expect(added.machineHost?.hostId).toMatch(/^host_/);
    const hostId = added.machineHost?.hostId as string;

    // the watch sees the host provisioner finish it (from create-pending, unless it was quicker than the first read)
    const statuses: MachineHostStatus[] = [];
    for await (const m of c.watchMachineHostStatus({ ...ref(auto), machineId: id }, { timeoutMs: 30_000 })) {
      statuses.push(m.status?.status as MachineHostStatus);
      if (m.status?.status === MachineHostStatus.CREATE_COMPLETED) break;
    }
    expect(statuses.at(-1)).toBe(MachineHostStatus.CREATE_COMPLETED);

    const got = await c.getMachineHost({ ...ref(auto), machineId: id });
    expect(got.machineHost).toMatchObject({ machineId: id, hostId, hostname: "conn-1", facts: UBUNTU_FACTS });
    const status = await c.getMachineHostStatus({ ...ref(auto), machineId: id });
    expect(status.status?.conditions.find((x) => x.type === "Provisioned")?.status).toBe(ConditionStatus.TRUE);
    const list = await c.listMachineHosts({ ...ref(auto), pageSize: 500 });
    expect(list.machineHosts.map((m) => m.machineId)).toContain(id);
    const updated = await c.updateMachineHost({ ...ref(auto), machineId: id, labels: { zone: "a" } });
    expect(updated.machineHost?.labels).toEqual({ zone: "a" });
    const refused = await failure(
      c.provisionMachineHost({ ...ref(auto), hostGroup: "nowhere", providerCluster: uniqueName("pc"), count: 1 }),
    );
    expect(refused).toMatchObject({ code: Code.FailedPrecondition, reason: "machinehost.provider-cluster-unknown" });
    const invalid = await failure(c.provisionMachineHost({ ...ref(auto), hostGroup: "g", providerCluster: "pc", count: 99 }));
    expect(invalid.code).toBe(Code.InvalidArgument);
    expect(invalid.err.findDetails(BadRequestSchema)[0]?.fieldViolations.map((v) => v.field)).toEqual(["count"]);
    await c.deleteMachineHost({ ...ref(auto), machineId: id });
    expect((await auto.projectAdmin.get(`${auto.base}/hosts/${hostId}`)).status).toBe(404);
  });
});

describe("same tokens, roles and tenancy as REST", () => {
  it("no or unknown token, too weak a role, another tenant's host, bad fields", async () => {
    const id = machine();
    expect((await grpcurl(address, "AddMachineHost", addBody(manual, id), manualToken)).code).toBe(0);
    const get = { ...ref(manual), machine_id: id };
    const none = await grpcurl(address, "GetMachineHost", get);
    expect(none.code).toBe(Code.Unauthenticated);
    expect(none.body.details[0].reason).toBe("authentication-required");
    expect((await grpcurl(address, "GetMachineHost", get, "ckp_not-a-token")).code).toBe(Code.Unauthenticated);

    const viewer = await tokenFor(admin, "viewer", manual.domain, manual.project);
    expect((await grpcurl(address, "GetMachineHost", get, viewer)).code).toBe(0);
    const denied = await grpcurl(address, "DeleteMachineHost", get, viewer);
    expect(denied.code).toBe(Code.PermissionDenied);
    expect(denied.body.details[0].reason).toBe("forbidden");

    // another tenant's token, and another tenant's machine asked for under one's own project: not found, like REST's 404
    const other = await grpcurl(address, "GetMachineHost", get, autoToken);
    expect(other.code).toBe(Code.NotFound);
    const underOwn = await grpcurl(address, "GetMachineHost", { ...ref(auto), machine_id: id }, autoToken);
    expect(underOwn.code).toBe(Code.NotFound);
    const connect = await failure(connectClient(cp.url, autoToken).deleteMachineHost({ ...ref(manual), machineId: id }));
    expect(connect.code).toBe(Code.NotFound);

    const bad = await grpcurl(address, "GetMachineHost", { domain: "No#Such", project: manual.project, machine_id: "a b" }, manualToken);
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.body.details.find((d: any) => d["@type"].endsWith("BadRequest")).fieldViolations.map((v: any) => v.field)).toEqual([
      "domain",
    ]);
    const page = await grpcurl(address, "ListMachineHosts", { ...ref(manual), page_token: "bm90LWEtdG9rZW4" }, manualToken);
    expect(page.code).toBe(Code.InvalidArgument);
    expect(page.body.details.find((d: any) => d["@type"].endsWith("BadRequest")).fieldViolations[0].field).toBe("page_token");
  });
});

describe("the same core commands as REST: events and audit entries", () => {
  it("labels, group membership and deletion write the same events through either API, the caller's token the actor", async () => {
    const group = uniqueName("grp");
    expect((await auto.projectAdmin.post(`${auto.base}/host-groups`, { name: group })).status).toBe(201);
    const c = connectClient(cp.url, autoToken);
    const viaRest = { machineId: machine() };
    const viaGrpc = { machineId: machine() };
    const hostOf = async (m: string) => {
      const r = await c.addMachineHost({ ...ref(auto), machineId: m, hostname: "twin", facts: UBUNTU_FACTS });
      return r.machineHost?.hostId as string;
    };
    const restHost = await hostOf(viaRest.machineId);
    const grpcHost = await hostOf(viaGrpc.machineId);
    const rest = auto.projectAdmin.as(autoToken);
    for (const h of [restHost, grpcHost]) {
      await eventually(async () => ((await rest.get(`${auto.base}/hosts/${h}`)).body.status === "create-completed" ? true : undefined));
    }

    expect((await rest.patch(`${auto.base}/hosts/${restHost}`, { labels: { tier: "gold" } })).status).toBe(200);
    expect((await rest.put(`${auto.base}/host-groups/${group}/hosts/${restHost}`)).status).toBeLessThan(300);
    expect((await rest.delete(`${auto.base}/hosts/${restHost}`)).status).toBe(204);
    await c.updateMachineHost({ ...ref(auto), machineId: viaGrpc.machineId, labels: { tier: "gold" } });
    await c.updateMachineHost({ ...ref(auto), machineId: viaGrpc.machineId, hostGroup: group, updateMask: { paths: ["host_group"] } });
    await c.deleteMachineHost({ ...ref(auto), machineId: viaGrpc.machineId });

    const trail = async (hostId: string, machineId: string) => {
      const ofHost = await events(auto, `subject=hosts/${hostId}`);
      const ofGroup = (await events(auto, `subject=host-groups/${group}`)).filter((e) => e.data.hostId === hostId);
      const all = [...ofHost, ...ofGroup].filter((e) => e.actor.kind !== "system").sort((a, b) => a.time.localeCompare(b.time));
      return all.map((e) => shape(e, { [hostId]: "<host>", [machineId]: "<machine>" }));
    };
    const a = await trail(restHost, viaRest.machineId);
    const b = await trail(grpcHost, viaGrpc.machineId);
    expect(a.map((e: any) => e.type)).toEqual(["ckp.host.labels-changed", "ckp.hostgroup.host-added", "ckp.host.deleted"]);
    expect(b).toEqual(a);
    // one token called both APIs: the same actor on both sides (compared above), and it is that token
    for (const e of b as any[]) expect(e.actor.kind).toBe("token");
  });

  it("AddMachineHost writes what an agent's registration writes, the token in the host's place", async () => {
    const viaAgent = registration(manual, manual.psk, { hostname: "twin" });
    const reg = await register(manual.projectAdmin, viaAgent);
    expect(reg.status, reg.text).toBe(202);
    const viaGrpc = machine();
    const added = await connectClient(cp.url, manualToken).addMachineHost({
      ...ref(manual),
      machineId: viaGrpc,
      hostname: "twin",
      facts: viaAgent.facts as never,
    });
    const of = async (requestId: string, machineId: string) =>
      (await events(manual, `subject=host-requests/${requestId}`)).map((e) =>
        shape(e, { [requestId]: "<request>", [machineId]: "<machine>" }),
      );
    const a = (await of(reg.body.requestId, viaAgent.machineId)) as any[];
    const b = (await of(added.machineHost?.requestId as string, viaGrpc)) as any[];
    expect(a.map((e) => e.type)).toEqual(["ckp.hostrequest.created"]);
    expect(b.map((e) => ({ ...e, actor: undefined }))).toEqual(a.map((e) => ({ ...e, actor: undefined })));
    expect(a[0].actor).toEqual({ kind: "host", id: `machine:${viaAgent.machineId}` });
    expect(b[0].actor.kind).toBe("token");
    // the audit trail finds it by its actor, as it finds REST calls
    const byActor = await events(manual, `actor=${b[0].actor.id}&type=ckp.hostrequest.created`);
    expect(byActor.some((e) => e.data.machineId === viaGrpc)).toBe(true);
  });
});

/** fetch() as API Gateway would deliver it to the API Lambda: an HTTP API (payload 2.0) event. */
function lambdaFetch(handler: (e: any, c: Context) => Promise<unknown>): typeof fetch {
  return async (input, init) => {
    const req = new Request(input as string | URL | Request, init);
    const url = new URL(req.url);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: { host: "api.example.com", ...headers },
      requestContext: {
        accountId: "000000000000",
        apiId: "api",
        domainName: "api.example.com",
        domainPrefix: "api",
        http: { method: req.method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
        requestId: `gw-${randomBytes(6).toString("hex")}`,
        routeKey: "$default",
        stage: "$default",
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      ...(body ? { body: body.toString("base64"), isBase64Encoded: true } : { isBase64Encoded: false }),
    };
    const out = (await handler(event, { getRemainingTimeInMillis: () => 29_000 } as Context)) as APIGatewayProxyStructuredResultV2;
    const resBody = out.body === undefined ? null : out.isBase64Encoded ? Buffer.from(out.body, "base64") : out.body;
    return new Response(resBody, { status: out.statusCode ?? 200, headers: out.headers as Record<string, string> });
  };
}

describe("on the API Lambda behind API Gateway (HTTP/1.1)", () => {
  let handler: (e: any, c: Context) => Promise<unknown>;
  beforeAll(async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "WARN";
    // a short bound on the Lambda's watch, so the test's watch ends soon (read when the service first loads)
    process.env.CKP_GRPC_WATCH_MAX_SECONDS = "2";
    handler = (await import("../../functions/api/handler.js")).handler as never;
  });

  it("Connect (JSON) and gRPC-Web (binary) reach the same service, with the same auth", async () => {
    const auth = [
      (next: any) => (req: any) => {
        req.header.set("authorization", `Bearer ${autoToken}`);
        return next(req);
      },
    ];
    const connect = createClient(
      MachineHostService,
      createConnectTransport({
        baseUrl: "https://api.example.com",
        fetch: lambdaFetch(handler),
        useBinaryFormat: false,
        interceptors: auth,
      }),
    );
    const grpcWeb = createClient(
      MachineHostService,
      createGrpcWebTransport({ baseUrl: "https://api.example.com", fetch: lambdaFetch(handler), interceptors: auth }),
    );
    const id = machine();
    const added = await connect.addMachineHost({ ...ref(auto), machineId: id, hostname: "lambda-1", facts: UBUNTU_FACTS });
    expect(added.machineHost?.machineId).toBe(id);
    const got = await grpcWeb.getMachineHost(create(GetMachineHostRequestSchema, { ...ref(auto), machineId: id }));
    expect(got.machineHost?.hostId).toBe(added.machineHost?.hostId);
    // what the watch saw within its bound, delivered when API Gateway's buffered answer ends
    const seen: MachineHostStatus[] = [];
    for await (const m of grpcWeb.watchMachineHostStatus({ ...ref(auto), machineId: id })) seen.push(m.status?.status as MachineHostStatus);
    expect(seen.length).toBeGreaterThan(0);

    const anonymous = createClient(
      MachineHostService,
      createConnectTransport({ baseUrl: "https://api.example.com", fetch: lambdaFetch(handler) }),
    );
    expect((await failure(anonymous.getMachineHost({ ...ref(auto), machineId: id }))).code).toBe(Code.Unauthenticated);
    expect((await failure(connect.getMachineHost({ ...ref(manual), machineId: id }))).code).toBe(Code.NotFound);
  });
});
