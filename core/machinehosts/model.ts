import { z } from "zod";
import type { Condition, Facts, HostRequestStatus, HostStatus } from "../hosts/model.js";
import { facts, registrationInput } from "../hosts/model.js";
import type { MachineArch, MachineOs, ProviderType } from "../infrastructure/driver.js";
import { nodeArch, nodeOs } from "../providers/model.js";
import { dnsLabel } from "../shared/names.js";

/**
 * Machine hosts (product §12.4): a machine named by its machine id from the
 * moment the project knows it — enrolled by a platform service, registered
 * by its agent, or chosen by the control plane for a machine a provider is
 * asked for — through its host request to the host it becomes. A read model
 * over the host model (core/hosts) and the provisions of this module; every
 * change goes through the host model's own commands.
 */
export interface MachineHost {
  domain: string;
  project: string;
  machineId: string;
  hostname: string;
  hostId?: string;
  requestId?: string;
  requestStatus?: HostRequestStatus;
  status: HostStatus;
  conditions: Condition[];
  labels: Record<string, string>;
  group?: string;
  clusterId?: string;
  facts: Facts;
  provisioned?: ProvisionedMachineView;
  createdAt: string;
  updatedAt: string;
  /** the host's version, else the request's (0 for a provisioned machine not registered yet) */
  version: number;
}

export interface ProvisionedMachineView {
  provisionId: string;
  group: string;
  providerCluster: string;
  providerType: ProviderType;
  name: string;
  serverId?: string;
}

/** The status part of a machine host, what GetMachineHostStatus and the watch answer. */
export type MachineHostStatus = Pick<MachineHost, "machineId" | "hostId" | "status" | "conditions" | "version" | "updatedAt">;

export const addMachineHostInput = z.strictObject({
  machineId: registrationInput.shape.machineId,
  hostname: registrationInput.shape.hostname,
  facts,
  csr: registrationInput.shape.csr,
});
export type AddMachineHostInput = z.infer<typeof addMachineHostInput>;

/** How many machines one provision may ask for: the worker creates them within one message's visibility timeout. */
export const MAX_PROVISION_COUNT = 20;

export const provisionInput = z.strictObject({
  hostGroup: dnsLabel,
  providerCluster: dnsLabel,
  count: z.number().int().min(1).max(MAX_PROVISION_COUNT),
  os: nodeOs.default("ubuntu-22.04"),
  arch: nodeArch.default("amd64"),
  requestId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'")
    .optional(),
});
export type ProvisionInput = z.input<typeof provisionInput>;

export const provisionStatus = z.enum(["requested", "created", "failed"]);
export type ProvisionStatus = z.infer<typeof provisionStatus>;

/** One ProvisionMachineHost call: machines of one provider cluster for one host group. */
export interface HostProvision {
  id: string;
  domain: string;
  project: string;
  group: string;
  /** the provider cluster as resolved when asked: the project's, or the domain's (no project) */
  providerCluster: { name: string; project?: string; type: ProviderType };
  count: number;
  os: MachineOs;
  arch: MachineArch;
  requestId?: string;
  machines: Array<{ name: string; machineId: string; serverId?: string }>;
  status: ProvisionStatus;
  /** MachinesCreated: whether the provider accepted the machines */
  conditions: Condition[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A machine a provision asked for, by machine id: what joins the group once approved, and what to release. */
export interface ProvisionedMachineRecord {
  machineId: string;
  provisionId: string;
  group: string;
  name: string;
  serverId?: string;
  createdAt: string;
}
