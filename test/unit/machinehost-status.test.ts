import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { Host, HostRequest } from "../../core/hosts/model.js";
import type { HostProvision, ProvisionedMachineRecord } from "../../core/machinehosts/model.js";
import { machineHostOf } from "../../core/machinehosts/status.js";
import { conflict, DomainError, RetryableError, unprocessable } from "../../core/shared/errors.js";
import { toConnectError } from "../../functions/grpc/errors.js";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "../../functions/grpc/gen/google/rpc/error_details_pb.js";

const t = { domain: "d", project: "p" };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

const request = (o: Partial<HostRequest> = {}): HostRequest => ({
  id: "hreq_1",
  ...t,
  machineId: "m-1",
  hostname: "node-1",
  facts: { arch: "amd64" },
  status: "pending",
  createdAt: at(1),
  version: 1,
  ...o,
});
const host = (o: Partial<Host> = {}): Host => ({
  id: "host_1",
  ...t,
  machineId: "m-1",
  hostname: "node-1",
  requestId: "hreq_1",
  facts: { arch: "amd64" },
  labels: { a: "b" },
  status: "create-pending",
  conditions: [{ type: "Provisioned", status: "Unknown", reason: "Pending", message: "", lastTransitionTime: at(2) }],
  createdAt: at(2),
  updatedAt: at(2),
  version: 1,
  ...o,
});
const provision = (o: Partial<HostProvision> = {}): HostProvision => ({
  id: "hprov_1",
  ...t,
  group: "capacity",
  providerCluster: { name: "bms", type: "orbiter-bms" },
  count: 1,
  os: "ubuntu-22.04",
  arch: "amd64",
  machines: [{ name: "capacity-1-0", machineId: "m-1" }],
  status: "requested",
  conditions: [{ type: "MachinesCreated", status: "Unknown", reason: "Requested", message: "", lastTransitionTime: at(0) }],
  createdAt: at(0),
  updatedAt: at(0),
  version: 1,
  ...o,
});
const pm: ProvisionedMachineRecord = {
  machineId: "m-1",
  provisionId: "hprov_1",
  group: "capacity",
  name: "capacity-1-0",
  createdAt: at(0),
};
const conds = (m: ReturnType<typeof machineHostOf>) => m?.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`);

describe("machine host status (product §11) from the stored parts", () => {
  it("nothing stored is no machine host", () => {
    expect(machineHostOf({ t, machineId: "m-1" })).toBeUndefined();
  });

  it("a pending request is create-pending, awaiting approval; a rejected one create-failed", () => {
    const pending = machineHostOf({ t, machineId: "m-1", request: request() });
    expect(pending?.status).toBe("create-pending");
    expect(conds(pending)).toEqual(["Registered=True:Registered", "Approved=Unknown:AwaitingApproval"]);
    const rejected = machineHostOf({ t, machineId: "m-1", request: request({ status: "rejected", reason: "not ours", decidedAt: at(3) }) });
    expect(rejected?.status).toBe("create-failed");
    expect(rejected?.conditions[1]).toMatchObject({ type: "Approved", status: "False", reason: "Rejected", message: "not ours" });
  });

  it("a host has its own status and conditions after Registered and Approved", () => {
    const r = request({ status: "approved", hostId: "host_1", decidedAt: at(2), decidedBy: "tok_1" });
    const m = machineHostOf({ t, machineId: "m-1", request: r, host: host({ status: "create-completed", version: 2 }) });
    expect(m).toMatchObject({
      status: "create-completed",
      hostId: "host_1",
      requestId: "hreq_1",
      requestStatus: "approved",
      labels: { a: "b" },
      version: 2,
    });
    expect(conds(m)).toEqual(["Registered=True:Registered", "Approved=True:Approved", "Provisioned=Unknown:Pending"]);
  });

  it("a provisioned machine goes requested → created → registering → a host in its group", () => {
    const asked = machineHostOf({ t, machineId: "m-1", provisioned: pm, provision: provision() });
    expect(asked?.status).toBe("create-pending");
    expect(asked?.version).toBe(0);
    expect(conds(asked)).toEqual([
      "MachineCreated=Unknown:Requested",
      "Registered=Unknown:WaitingForRegistration",
      "HostGroupJoined=Unknown:WaitingForHost",
    ]);

    const created = provision({ status: "created", machines: [{ name: "capacity-1-0", machineId: "m-1", serverId: "alloc-1" }] });
    const booting = machineHostOf({ t, machineId: "m-1", provisioned: { ...pm, serverId: "alloc-1" }, provision: created });
    expect(booting?.provisioned).toMatchObject({ provisionId: "hprov_1", serverId: "alloc-1", group: "capacity" });
    expect(conds(booting)?.[0]).toBe("MachineCreated=True:Created");

    const joined = machineHostOf({
      t,
      machineId: "m-1",
      provisioned: { ...pm, serverId: "alloc-1" },
      provision: created,
      request: request({ status: "approved", hostId: "host_1" }),
      host: host({ status: "create-completed", group: "capacity" }),
    });
    expect(joined?.status).toBe("create-completed");
    expect(conds(joined)?.at(-1)).toBe("HostGroupJoined=True:Joined");
    const elsewhere = machineHostOf({ t, machineId: "m-1", provisioned: pm, provision: created, host: host({ group: "other" }) });
    expect(conds(elsewhere)?.at(-1)).toBe("HostGroupJoined=False:InOtherGroup");
  });

  it("a provider's refusal fails the machines it did not create", () => {
    const failed = provision({
      status: "failed",
      conditions: [
        { type: "MachinesCreated", status: "False", reason: "InsufficientCapacity", message: "pool empty", lastTransitionTime: at(5) },
      ],
    });
    const m = machineHostOf({ t, machineId: "m-1", provisioned: pm, provision: failed });
    expect(m?.status).toBe("create-failed");
    expect(conds(m)).toEqual(["MachineCreated=False:InsufficientCapacity", "HostGroupJoined=False:NotCreated"]);
  });
});

describe("domain errors as gRPC statuses", () => {
  it("maps kinds and codes, with ErrorInfo, BadRequest and RetryInfo details", () => {
    const known = toConnectError(conflict("known", { machineId: "m-1" }, "machinehost.machine-known"), "req-1").error;
    expect(known.code).toBe(Code.AlreadyExists);
    expect(known.findDetails(ErrorInfoSchema)[0]).toMatchObject({
      reason: "machinehost.machine-known",
      domain: "ckp.coredge.io",
      metadata: { machineId: "m-1", requestId: "req-1" },
    });
    expect(toConnectError(conflict("changed"), "r").error.code).toBe(Code.Aborted);
    expect(toConnectError(unprocessable("no"), "r").error.code).toBe(Code.FailedPrecondition);
    const invalid = toConnectError(
      new DomainError("validation", "bad", {
        fields: [
          { path: "hostGroup", message: "x" },
          { path: "cursor", message: "y" },
        ],
      }),
      "r",
    ).error;
    expect(invalid.code).toBe(Code.InvalidArgument);
    expect(invalid.findDetails(BadRequestSchema)[0]?.fieldViolations.map((v) => v.field)).toEqual(["host_group", "page_token"]);
    const limited = toConnectError(new DomainError("rate-limited", "slow down", { retryAfter: 7 }), "r").error;
    expect(limited.code).toBe(Code.ResourceExhausted);
    expect(limited.findDetails(RetryInfoSchema)[0]?.retryDelay?.seconds).toBe(7n);
    expect(toConnectError(new RetryableError("provider down"), "r").error.code).toBe(Code.Unavailable);
    const ours = toConnectError(new Error("boom"), "r");
    expect(ours.ours).toBe(true);
    expect(ours.error.code).toBe(Code.Internal);
    expect(ours.error.rawMessage).not.toContain("boom");
    const passed = new ConnectError("as is", Code.Canceled);
    expect(toConnectError(passed, "r").error).toBe(passed);
  });
});
