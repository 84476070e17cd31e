import { create, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Condition, HostRequestStatus as CoreRequestStatus, HostStatus } from "../../core/hosts/model.js";
import type { MachineHost as CoreMachineHost, MachineHostStatus as CoreStatus } from "../../core/machinehosts/model.js";
import {
  ConditionStatus,
  HostRequestStatus,
  type MachineHost,
  MachineHostSchema,
  MachineHostStatus,
  type MachineHostStatusReport,
  MachineHostStatusReportSchema,
} from "./gen/ckp/machinehost/v1/machinehost_pb.js";

/** The core's machine hosts as the contract's messages: ids and fields as REST names them. */

const STATUS: Record<HostStatus, MachineHostStatus> = {
  "create-pending": MachineHostStatus.CREATE_PENDING,
  "create-completed": MachineHostStatus.CREATE_COMPLETED,
  "create-failed": MachineHostStatus.CREATE_FAILED,
};

const REQUEST_STATUS: Record<CoreRequestStatus, HostRequestStatus> = {
  pending: HostRequestStatus.PENDING,
  approved: HostRequestStatus.APPROVED,
  rejected: HostRequestStatus.REJECTED,
};

const CONDITION_STATUS: Record<Condition["status"], ConditionStatus> = {
  True: ConditionStatus.TRUE,
  False: ConditionStatus.FALSE,
  Unknown: ConditionStatus.UNKNOWN,
};

function time(iso: string | undefined) {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : timestampFromDate(d);
}

function conditions(list: Condition[]): MessageInitShape<typeof MachineHostSchema>["conditions"] {
  return list.map((c) => ({
    type: c.type,
    status: CONDITION_STATUS[c.status] ?? ConditionStatus.UNSPECIFIED,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: time(c.lastTransitionTime),
  }));
}

export function machineHostMessage(m: CoreMachineHost): MachineHost {
  return create(MachineHostSchema, {
    domain: m.domain,
    project: m.project,
    machineId: m.machineId,
    hostname: m.hostname,
    hostId: m.hostId ?? "",
    requestId: m.requestId ?? "",
    requestStatus: m.requestStatus ? REQUEST_STATUS[m.requestStatus] : HostRequestStatus.UNSPECIFIED,
    status: STATUS[m.status],
    conditions: conditions(m.conditions),
    labels: m.labels,
    hostGroup: m.group ?? "",
    clusterId: m.clusterId ?? "",
    facts: m.facts as JsonObject,
    ...(m.provisioned
      ? {
          provisioned: {
            provisionId: m.provisioned.provisionId,
            hostGroup: m.provisioned.group,
            providerCluster: m.provisioned.providerCluster,
            providerType: m.provisioned.providerType,
            name: m.provisioned.name,
            serverId: m.provisioned.serverId ?? "",
          },
        }
      : {}),
    createTime: time(m.createdAt),
    updateTime: time(m.updatedAt),
    version: BigInt(m.version),
  });
}

export function statusMessage(s: CoreStatus): MachineHostStatusReport {
  return create(MachineHostStatusReportSchema, {
    machineId: s.machineId,
    hostId: s.hostId ?? "",
    status: STATUS[s.status],
    conditions: conditions(s.conditions),
    version: BigInt(s.version),
    updateTime: time(s.updatedAt),
  });
}
