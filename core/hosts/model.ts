import { z } from "zod";
import type { PackagesReport } from "../agents/health.js";
import { dnsLabel, labels } from "../shared/names.js";
import { refineStorable } from "../store/storable.js";

export const MAX_FACTS_BYTES = 32 * 1024;
/** Levels of objects and arrays facts may nest (the facts object is level 1); they are stored inside hosts and events. */
export const MAX_FACTS_DEPTH = 16;
export const REGISTRATION_WINDOW_SECONDS = 300;

const machineId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "letters, digits, '.', '_', ':' and '-'");
const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/, "must be an RFC 1123 host name");

/**
 * Host facts: free-form, but these members are read by the control plane
 * (provisioning checks, default labels) when present. They must be storable
 * as they are (core/store/storable.ts): integers beyond 2^53 - 1, such as
 * uint64 counters, are sent as strings.
 */
export const facts = z.record(z.string().min(1).max(128), z.unknown()).superRefine((f, ctx) => {
  if (Buffer.byteLength(JSON.stringify(f)) > MAX_FACTS_BYTES) {
    ctx.addIssue({ code: "custom", message: `facts must be at most ${MAX_FACTS_BYTES} bytes of JSON` });
    return;
  }
  refineStorable(f, ctx, MAX_FACTS_DEPTH);
});
export type Facts = Record<string, unknown>;

export const registrationInput = z.strictObject({
  domain: dnsLabel,
  project: dnsLabel,
  machineId,
  hostname,
  facts,
  // the safe-integer bound zod checks, stated: the document generator leaves out int()'s own
  timestamp: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe("Unix time in seconds"),
  nonce: z
    .string()
    .min(16)
    .max(128)
    .regex(/^[A-Za-z0-9_=+/-]+$/),
  proof: z.string().min(1).max(128).describe("base64 HMAC-SHA256 with the PSK over domain\\nproject\\nmachineId\\ntimestamp\\nnonce"),
  csr: z
    .string()
    .max(16 * 1024)
    .optional()
    .describe("PEM certificate signing request (used by the host agent)"),
});
export type RegistrationInput = z.infer<typeof registrationInput>;

export const hostRequestStatus = z.enum(["pending", "approved", "rejected"]);
export type HostRequestStatus = z.infer<typeof hostRequestStatus>;

/** Product §11: a host starts create-pending and resolves to completed or failed. */
export const hostStatus = z.enum(["create-pending", "create-completed", "create-failed"]);
export type HostStatus = z.infer<typeof hostStatus>;

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export interface HostRequest {
  id: string;
  domain: string;
  project: string;
  machineId: string;
  hostname: string;
  facts: Facts;
  csr?: string;
  /** SHA-256 of the CSR's public key: the key this machine is bound to */
  publicKeySha256?: string;
  /** the host certificate issued on approval (when the request carried a CSR) */
  certificateSerial?: string;
  status: HostRequestStatus;
  reason?: string;
  hostId?: string;
  createdAt: string;
  decidedAt?: string;
  decidedBy?: string;
  version: number;
}

export interface Host {
  id: string;
  domain: string;
  project: string;
  machineId: string;
  hostname: string;
  requestId: string;
  facts: Facts;
  labels: Record<string, string>;
  status: HostStatus;
  conditions: Condition[];
  group?: string;
  clusterId?: string;
  /** serial of the host's identity certificate (mTLS) */
  certificateSerial?: string;
  /** what the host's agent last reported; separate from the provisioning status */
  agent?: AgentStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const agentReachability = z.enum(["ready", "unreachable"]);
export type AgentReachability = z.infer<typeof agentReachability>;

export interface AgentStatus {
  status: AgentReachability;
  lastSeenAt: string;
  /** how the last report arrived */
  via: "websocket" | "https";
  version?: string;
  health?: Record<string, unknown>;
  /** the agent's last upgrade attempt, as it reported it */
  upgrade?: Record<string, unknown>;
  /** the agent's last installation of a BYOH bundle's packages (product §2.4), as it reported it */
  packages?: PackagesReport;
  unreachableSince?: string;
}

/** What the control plane knows of a machine id: the request it registered with, its host once approved, the key it is bound to. */
export interface MachineRecord {
  machineId: string;
  requestId?: string;
  hostId?: string;
  /** SHA-256 of the public key of the machine's first CSR */
  publicKeySha256?: string;
}

export interface HostGroup {
  name: string;
  domain: string;
  project: string;
  description?: string;
  labels: Record<string, string>;
  /** where the group's hosts appear as ByoHosts while no cluster holds them (core/byoh) */
  managementClusterId?: string;
  managementCluster?: string;
  hostCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const rejectInput = z.strictObject({ reason: z.string().min(1).max(1000) });
export const bulkIdsInput = z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(1000) });
export const bulkRejectInput = z.strictObject({ ids: bulkIdsInput.shape.ids, reason: z.string().min(1).max(1000) });
export const updateHostInput = z.strictObject({ labels });

const groupManagementCluster = z
  .string()
  .min(1)
  .max(63)
  .describe("a management cluster (name or id) where the group's free hosts are registered as ByoHosts");
export const createGroupInput = z.strictObject({
  name: dnsLabel,
  description: z.string().max(1000).optional(),
  labels: labels.optional(),
  managementCluster: groupManagementCluster.optional(),
});
export const updateGroupInput = z.strictObject({
  description: z.string().max(1000).optional(),
  labels: labels.optional(),
  managementCluster: groupManagementCluster
    .nullable()
    .optional()
    .describe("null: the group's free hosts have no ByoHost until a cluster takes them"),
});

export type CreateGroupInput = z.infer<typeof createGroupInput>;
export type UpdateGroupInput = z.infer<typeof updateGroupInput>;
