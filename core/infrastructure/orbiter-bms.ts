import { renderCloudInit } from "./cloud-init.js";
import {
  type AgentBootstrap,
  CLUSTER_ID_TAG,
  type ClusterInfra,
  type InfrastructureDriver,
  MACHINE_ID_TAG,
  type Machine,
  type MachineSpec,
  type Prepared,
  type ProviderCheck,
} from "./driver.js";
import { failedCheck, InfrastructureError, providerFailure, providerFetch } from "./errors.js";

/**
 * Orbiter Baremetal (product §8.1): physical servers allocated from a pool,
 * initialised with cloud-init rendered from the provider cluster's template,
 * and released back to the pool. The API contract this driver assumes:
 *
 *   Authorization: Bearer <hardware access secret>
 *   GET    /v1/pools/{pool}                         → {name, total, free}
 *   GET    /v1/pools/{pool}/allocations?label=k%3Dv → {items: [Allocation]}
 *   POST   /v1/pools/{pool}/allocations             ← {name, os, arch, labels, userData (base64)}
 *                                                   → 201 Allocation | 409 name taken | 422 {code: "PoolExhausted"}
 *   GET    /v1/allocations/{id}                     → Allocation
 *   DELETE /v1/allocations/{id}                     → 202 (wiped and returned to the pool) | 404
 *
 *   Allocation = {id, name, pool, serverId, machineId, os, arch, labels,
 *                 status: "allocating" | "active" | "failed" | "releasing"}
 *
 * Labels carry the cluster (ckp.io/cluster-id) and the machine id the
 * control plane chose for the server's agent (ckp.io/machine-id); Orbiter's
 * own `machineId` (the hardware's) is not what the agent registers with.
 *
 * test/doubles/orbiter-bms-simulator.ts implements the same contract.
 */
export interface OrbiterBmsConfig {
  endpoint: string;
  hardwareAccessSecret: string;
  serverPool: string;
  cloudInitTemplate: string;
  /** deadline of each API request (default 15 s) */
  timeoutMs?: number;
}

interface Allocation {
  id: string;
  name: string;
  machineId: string;
  status: string;
  labels?: Record<string, string>;
}

const PROVIDER = "Orbiter BMS";

export class OrbiterBmsDriver implements InfrastructureDriver {
  readonly type = "orbiter-bms" as const;
  private readonly base: string;

  constructor(private readonly cfg: OrbiterBmsConfig) {
    this.base = cfg.endpoint.replace(/\/+$/, "");
  }

  async prepare(): Promise<Prepared> {
    const res = await this.call("GET", `/v1/pools/${encodeURIComponent(this.cfg.serverPool)}`, "read the server pool");
    if (res.status === 404) throw new InfrastructureError("ServerPoolNotFound", `${PROVIDER} has no server pool ${this.cfg.serverPool}`);
    if (!res.ok) throw await providerFailure(PROVIDER, "read the server pool", res);
    return {};
  }

  async listMachines(c: ClusterInfra): Promise<Machine[]> {
    const q = new URLSearchParams({ label: `${CLUSTER_ID_TAG}=${c.clusterId}` });
    const res = await this.call("GET", `/v1/pools/${encodeURIComponent(this.cfg.serverPool)}/allocations?${q}`, "list allocations");
    if (!res.ok) throw await providerFailure(PROVIDER, "list allocations", res);
    const body = (await res.json()) as { items: Allocation[] };
    return body.items.filter((a) => a.labels?.[CLUSTER_ID_TAG] === c.clusterId).map(toMachine);
  }

  async createMachines(c: ClusterInfra, specs: MachineSpec[], agent: AgentBootstrap): Promise<Machine[]> {
    const existing = new Map((await this.listMachines(c)).map((m) => [m.name, m]));
    const out: Machine[] = [];
    for (const spec of specs) {
      const have = existing.get(spec.name);
      if (have) {
        out.push(have);
        continue;
      }
      const userData = renderCloudInit(this.cfg.cloudInitTemplate, {
        hostname: spec.name,
        machineId: spec.machineId,
        clusterId: c.clusterId,
        clusterName: c.clusterName,
        agent,
      });
      const res = await this.call("POST", `/v1/pools/${encodeURIComponent(this.cfg.serverPool)}/allocations`, `allocate ${spec.name}`, {
        name: spec.name,
        os: spec.os,
        arch: spec.arch,
        labels: { [CLUSTER_ID_TAG]: c.clusterId, [MACHINE_ID_TAG]: spec.machineId, "ckp.io/domain": c.domain, "ckp.io/project": c.project },
        userData: Buffer.from(userData).toString("base64"),
      });
      if (res.status === 422) {
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        if (body.code === "PoolExhausted") {
          throw new InfrastructureError(
            "InsufficientCapacity",
            `${PROVIDER} pool ${this.cfg.serverPool} has no free ${spec.arch} server: ${body.message ?? ""}`.trim(),
          );
        }
        throw new InfrastructureError(
          "ProviderRequestRefused",
          `${PROVIDER} refused to allocate ${spec.name}: ${body.message ?? "HTTP 422"}`,
        );
      }
      if (res.status === 409) {
        // allocated concurrently (a retried step): adopt it
        const again = (await this.listMachines(c)).find((m) => m.name === spec.name);
        if (!again)
          throw new InfrastructureError(
            "ProviderRequestRefused",
            `${PROVIDER} says ${spec.name} exists but does not list it for this cluster`,
          );
        out.push(again);
        continue;
      }
      if (!res.ok) throw await providerFailure(PROVIDER, `allocate ${spec.name}`, res);
      out.push(toMachine((await res.json()) as Allocation));
    }
    return out;
  }

  async releaseMachines(_c: ClusterInfra, serverIds: string[]): Promise<void> {
    for (const id of serverIds) {
      const res = await this.call("DELETE", `/v1/allocations/${encodeURIComponent(id)}`, `release ${id}`);
      if (res.status === 404 || res.ok) continue;
      throw await providerFailure(PROVIDER, `release ${id}`, res);
    }
  }

  async cleanup(): Promise<void> {
    // nothing cluster-wide is created on Orbiter
  }

  /** Authenticates with the hardware access secret by reading the server pool. */
  async check(): Promise<ProviderCheck> {
    const pool = this.cfg.serverPool;
    let res: Response;
    try {
      res = await this.call("GET", `/v1/pools/${encodeURIComponent(pool)}`, "read the server pool");
    } catch (e) {
      return failedCheck(e);
    }
    if (res.status === 404) {
      const problem = `${PROVIDER} has no server pool ${pool}`;
      return {
        reachable: true,
        authenticated: true,
        problems: [problem],
        message: `${PROVIDER} accepted the hardware access secret, but: ${problem}`,
      };
    }
    if (!res.ok) return failedCheck(await providerFailure(PROVIDER, "read the server pool", res));
    const body = (await res.json().catch(() => ({}))) as { total?: number; free?: number };
    const size = typeof body.total === "number" && typeof body.free === "number" ? `: ${body.free} of ${body.total} server(s) free` : "";
    return {
      reachable: true,
      authenticated: true,
      problems: [],
      message: `${PROVIDER} accepted the hardware access secret; server pool ${pool} exists${size}`,
    };
  }

  private call(method: string, path: string, what: string, body?: unknown): Promise<Response> {
    return providerFetch(PROVIDER, what, `${this.base}${path}`, {
      ...(this.cfg.timeoutMs ? { timeoutMs: this.cfg.timeoutMs } : {}),
      method,
      headers: {
        authorization: `Bearer ${this.cfg.hardwareAccessSecret}`,
        accept: "application/json",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  }
}

function toMachine(a: Allocation): Machine {
  const status = a.status === "active" ? "active" : a.status === "failed" ? "error" : a.status === "releasing" ? "releasing" : "building";
  // the id the control plane chose (its label); an allocation made before that has only Orbiter's own
  return { serverId: a.id, name: a.name, machineId: a.labels?.[MACHINE_ID_TAG] ?? a.machineId, status };
}
