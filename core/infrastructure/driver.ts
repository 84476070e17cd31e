import { randomUUID } from "node:crypto";
import type { CniName } from "../clusters/versions.js";

/**
 * Infrastructure providers (product §8): where machines come from when a host
 * group has too few free hosts. A driver talks to one provider API with one
 * credential; every call is idempotent (machines are found by name before
 * they are created, releasing a machine that is gone is a no-op), so a
 * saga step that is repeated after a crash does not make machines twice.
 */
export type ProviderType = "orbiter-bms" | "ccs-vm";
export type MachineOs = "ubuntu-20.04" | "ubuntu-22.04" | "rhel-9";
export type MachineArch = "amd64" | "arm64";

/** The cluster a driver works for. */
export interface ClusterInfra {
  clusterId: string;
  clusterName: string;
  domain: string;
  project: string;
  cni: CniName;
}

/** The agent build a new machine installs: downloaded from `url`, refused unless its SHA-256 is `sha256`. */
export interface AgentBuild {
  version: string;
  sha256: string;
  url: string;
}

/** What a new machine needs to install its agent and register itself (product §12.1). */
export interface AgentBootstrap {
  /** the control plane's API base URL, e.g. https://ckp.example.com */
  apiUrl: string;
  domain: string;
  project: string;
  psk: string;
  build: AgentBuild;
  /** PEM of the CA that signs the API's HTTPS certificate, when it is not a public one */
  caCertificate?: string;
}

export interface MachineSpec {
  /** unique within the cluster and stable across retries */
  name: string;
  /**
   * The identity the control plane chose for the machine: its agent
   * registers with it (cloud-init's agent config), and the provider keeps
   * it with the server (MACHINE_ID_TAG), so a repeated step that finds the
   * server by name reads back the id its agent really uses.
   */
  machineId: string;
  os: MachineOs;
  arch: MachineArch;
}

export interface Machine {
  /** the provider's id for the server (BMS allocation, CCS instance) */
  serverId: string;
  name: string;
  /** the machine id its agent registers with (the one the control plane chose) */
  machineId: string;
  status: "building" | "active" | "error" | "releasing";
}

export interface Prepared {
  /** the node network, when the provider decides it (CCS subnet) */
  nodeCidr?: string;
}

/**
 * What a provider check found (GET /v1/domains/{d}/provider-status): whether
 * the provider API answered, whether it accepted the credential, and what of
 * the provider cluster's configuration it does not have (network, flavor,
 * images; server pool).
 */
export interface ProviderCheck {
  reachable: boolean;
  authenticated: boolean;
  /** configuration the provider does not have, one sentence each; empty when all is there */
  problems: string[];
  /** a one-line summary: what was found, or the first failure */
  message: string;
}

export interface InfrastructureDriver {
  readonly type: ProviderType;
  /** cluster-wide resources (security group and rules); idempotent */
  prepare(c: ClusterInfra): Promise<Prepared>;
  /** creates the machines that do not exist yet; answers all of them */
  createMachines(c: ClusterInfra, specs: MachineSpec[], agent: AgentBootstrap): Promise<Machine[]>;
  /** the cluster's machines as the provider knows them */
  listMachines(c: ClusterInfra): Promise<Machine[]>;
  /** releases machines; ids already gone are fine */
  releaseMachines(c: ClusterInfra, serverIds: string[]): Promise<void>;
  /** removes what prepare made; retryable while machines still hold it */
  cleanup(c: ClusterInfra): Promise<void>;
  /**
   * Authenticates and reads what the provider cluster's defaults name, changing
   * nothing. Never throws: failures are in the answer. Bounded by the
   * driver's request timeout.
   */
  check(): Promise<ProviderCheck>;
  /** what one machine brings, where the provider sizes machines by a flavor (CCS VM); autoscaling from zero needs it */
  machineCapacity?(): Promise<MachineCapacity>;
}

export interface MachineCapacity {
  flavor: string;
  cpu: number;
  memoryMb: number;
}

/** The label/metadata key that marks a provider resource as the cluster's. */
export const CLUSTER_ID_TAG = "ckp.io/cluster-id";
/** The label/metadata key that records the machine id the control plane chose for a server. */
export const MACHINE_ID_TAG = "ckp.io/machine-id";

/** A fresh machine identity (the agent's `machineId`), chosen before the server is created. */
export function newMachineId(): string {
  return randomUUID();
}

/**
 * The machines an owner (a cluster, or a provision for a host group) asks a
 * provider for, numbered from `start`: names stable across retries, and each
 * machine's identity chosen now, before its server exists.
 */
export function machineSpecs(
  c: Pick<ClusterInfra, "clusterId" | "clusterName">,
  start: number,
  count: number,
  platform: { os: MachineOs; arch: MachineArch },
): MachineSpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: machineName(c, start + i), machineId: newMachineId(), ...platform }));
}

/** Stable, DNS-safe machine names: <cluster>-<6 chars of its id>-<n>. */
export function machineName(c: Pick<ClusterInfra, "clusterId" | "clusterName">, n: number): string {
  return `${machinePrefix(c)}${n}`;
}

export function machinePrefix(c: Pick<ClusterInfra, "clusterId" | "clusterName">): string {
  const short = c.clusterId.slice(-6);
  return `${c.clusterName.slice(0, 40).replace(/-+$/, "")}-${short}-`;
}
