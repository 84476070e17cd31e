import type { Condition, Host, HostRequest, HostStatus } from "../hosts/model.js";
import type { HostProvision, MachineHost, ProvisionedMachineRecord } from "./model.js";

/**
 * What is stored about one machine, read together: the machine record
 * (registration or enrolment), its request or host, and — for a machine a
 * provision asked for — that provision and the machine's record in it.
 */
export interface MachineParts {
  t: { domain: string; project: string };
  machineId: string;
  request?: HostRequest;
  host?: Host;
  provisioned?: ProvisionedMachineRecord;
  provision?: HostProvision;
}

const cond = (type: string, status: Condition["status"], reason: string, message: string, at: string): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: at,
});

/**
 * The machine host as a client sees it, with the status of product §11: a
 * host's own status once there is a host; before that create-pending, or
 * create-failed when the request was rejected or the provider failed. The
 * conditions say which step it is at: MachineCreated (provisioned machines),
 * Registered, Approved, the host provisioner's Provisioned, and
 * HostGroupJoined (provisioned machines). Undefined when nothing is stored.
 */
export function machineHostOf(p: MachineParts): MachineHost | undefined {
  const { request: r, host: h, provisioned: pm, provision: pv } = p;
  if (!r && !h && !pm) return undefined;
  const conditions: Condition[] = [];
  const machine = pv?.machines.find((m) => m.machineId === p.machineId);
  const serverId = pm?.serverId ?? machine?.serverId;
  if (pm) conditions.push(machineCreated(pv, serverId, pm.createdAt));
  let status: HostStatus = "create-pending";
  if (h) {
    conditions.push(cond("Registered", "True", "Registered", "the machine is known to the project", r?.createdAt ?? h.createdAt));
    conditions.push(
      cond("Approved", "True", "Approved", `host request approved by ${r?.decidedBy ?? "an administrator"}`, r?.decidedAt ?? h.createdAt),
    );
    conditions.push(...h.conditions);
    status = h.status;
  } else if (r) {
    conditions.push(cond("Registered", "True", "Registered", "the machine is known to the project", r.createdAt));
    if (r.status === "rejected") {
      conditions.push(cond("Approved", "False", "Rejected", r.reason ?? "the host request was rejected", r.decidedAt ?? r.createdAt));
      status = "create-failed";
    } else {
      conditions.push(cond("Approved", "Unknown", "AwaitingApproval", `host request ${r.id} awaits approval`, r.createdAt));
    }
  } else if (pm) {
    const failed = conditions[0]?.status === "False";
    if (failed) status = "create-failed";
    else
      conditions.push(
        cond(
          "Registered",
          "Unknown",
          "WaitingForRegistration",
          "waiting for the machine's agent to register",
          pv?.updatedAt ?? pm.createdAt,
        ),
      );
  }
  if (pm) conditions.push(groupJoined(pm.group, h, status, pv?.updatedAt ?? pm.createdAt));
  const at = [h?.updatedAt, r?.decidedAt, r?.createdAt, pv?.updatedAt, pm?.createdAt].filter((x): x is string => Boolean(x)).sort();
  return {
    ...p.t,
    machineId: p.machineId,
    hostname: h?.hostname ?? r?.hostname ?? pm?.name ?? p.machineId,
    ...(h ? { hostId: h.id } : r?.hostId ? { hostId: r.hostId } : {}),
    ...(r ? { requestId: r.id, requestStatus: r.status } : h ? { requestId: h.requestId, requestStatus: "approved" as const } : {}),
    status,
    conditions,
    labels: h?.labels ?? {},
    ...(h?.group ? { group: h.group } : {}),
    ...(h?.clusterId ? { clusterId: h.clusterId } : {}),
    facts: h?.facts ?? r?.facts ?? {},
    ...(pm && pv
      ? {
          provisioned: {
            provisionId: pv.id,
            group: pm.group,
            providerCluster: pv.providerCluster.name,
            providerType: pv.providerCluster.type,
            name: pm.name,
            ...(serverId ? { serverId } : {}),
          },
        }
      : {}),
    createdAt: pm?.createdAt ?? r?.createdAt ?? h?.createdAt ?? "",
    updatedAt: at[at.length - 1] ?? "",
    version: h?.version ?? r?.version ?? 0,
  };
}

function machineCreated(pv: HostProvision | undefined, serverId: string | undefined, since: string): Condition {
  if (serverId) return cond("MachineCreated", "True", "Created", `the provider created server ${serverId}`, pv?.updatedAt ?? since);
  if (pv?.status === "failed") {
    const c = pv.conditions.find((x) => x.type === "MachinesCreated");
    return cond(
      "MachineCreated",
      "False",
      c?.reason ?? "ProvisioningFailed",
      c?.message ?? "the provider did not create the machine",
      pv.updatedAt,
    );
  }
  return cond("MachineCreated", "Unknown", "Requested", "the machine was asked of the provider", since);
}

function groupJoined(group: string, h: Host | undefined, status: HostStatus, since: string): Condition {
  if (h?.group === group) return cond("HostGroupJoined", "True", "Joined", `the host is in host group ${group}`, h.updatedAt);
  if (h?.group) return cond("HostGroupJoined", "False", "InOtherGroup", `the host was put into host group ${h.group}`, h.updatedAt);
  if (status === "create-failed")
    return cond("HostGroupJoined", "False", "NotCreated", `the machine will not join host group ${group}`, h?.updatedAt ?? since);
  return cond(
    "HostGroupJoined",
    "Unknown",
    "WaitingForHost",
    `the host joins host group ${group} once approved and provisioned`,
    h?.updatedAt ?? since,
  );
}

/** The status part, for GetMachineHostStatus and the watch. */
export function statusOf(m: MachineHost) {
  return {
    machineId: m.machineId,
    ...(m.hostId ? { hostId: m.hostId } : {}),
    status: m.status,
    conditions: m.conditions,
    version: m.version,
    updatedAt: m.updatedAt,
  };
}
