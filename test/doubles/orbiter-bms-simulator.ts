import { randomUUID } from "node:crypto";
import { HttpDouble, type Reply } from "./http-double.js";
import { BootedMachine, osFacts } from "./machine-agent.js";

/**
 * Test double of the Orbiter Baremetal API (product §8.1), on loopback. It
 * implements the contract core/infrastructure/orbiter-bms.ts documents:
 * server pools, allocations (allocate with cloud-init user data, release)
 * and bearer authentication with the hardware access secret. An allocated
 * server "boots" after `bootDelayMs`: a machine double runs its user data
 * (test/doubles/machine-agent.ts) — the install script downloads the real
 * agent from the control plane, and the agent registers with the machine
 * id the control plane put into the user data.
 */
export interface OrbiterBmsSimulatorOptions {
  secret: string;
  pools: Record<string, { servers: number; arch?: "amd64" | "arm64"; cpus?: number; memoryBytes?: number }>;
  bootDelayMs?: number;
  /** false: booted machines never run their user data (a broken image) */
  agentRegisters?: boolean;
  /** booted machines also start the agent's `run` after registering */
  agentRuns?: boolean;
  /** how long an allocation request takes to answer (the allocation exists from the start) */
  allocateLatencyMs?: number;
  /** extra facts every booted machine reports (the sandbox marks its machines as simulated) */
  facts?: Record<string, unknown>;
}

interface Allocation {
  id: string;
  name: string;
  pool: string;
  serverId: string;
  machineId: string;
  os: string;
  arch: string;
  labels: Record<string, string>;
  status: "allocating" | "active" | "failed" | "releasing";
  userData: string;
}

export class OrbiterBmsSimulator {
  readonly http = new HttpDouble();
  readonly allocations = new Map<string, Allocation>();
  /** booted machines by allocation id (released ones are wiped and removed) */
  readonly machines = new Map<string, BootedMachine>();
  private readonly free = new Map<string, string[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: OrbiterBmsSimulatorOptions) {
    for (const [pool, p] of Object.entries(o.pools)) {
      this.free.set(
        pool,
        Array.from({ length: p.servers }, (_, i) => `${pool}-srv-${String(i).padStart(3, "0")}`),
      );
    }
    const h = this.http;
    h.route("GET", /^\/v1\/pools\/([^/]+)$/, (r) => this.auth(r.headers, () => this.pool(r.params[0] as string)));
    h.route("GET", /^\/v1\/pools\/([^/]+)\/allocations$/, (r) =>
      this.auth(r.headers, () => this.list(r.params[0] as string, r.query.get("label"))),
    );
    h.route("POST", /^\/v1\/pools\/([^/]+)\/allocations$/, async (r) => {
      const reply = this.auth(r.headers, () => this.allocate(r.params[0] as string, r.body));
      if (o.allocateLatencyMs) await new Promise((ok) => setTimeout(ok, o.allocateLatencyMs));
      return reply;
    });
    h.route("GET", /^\/v1\/allocations\/([^/]+)$/, (r) => this.auth(r.headers, () => this.get(r.params[0] as string)));
    h.route("DELETE", /^\/v1\/allocations\/([^/]+)$/, (r) => this.auth(r.headers, () => this.release(r.params[0] as string)));
  }

  start(): Promise<string> {
    return this.http.start();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.machines.values()].map((m) => m.stop()));
    this.machines.clear();
    await this.http.stop();
  }

  freeServers(pool: string): number {
    return this.free.get(pool)?.length ?? 0;
  }

  private auth(headers: Record<string, unknown>, then: () => Reply): Reply {
    if (headers.authorization !== `Bearer ${this.o.secret}`) return { status: 401, body: { message: "invalid hardware access secret" } };
    return then();
  }

  private pool(name: string): Reply {
    const p = this.o.pools[name];
    if (!p) return { status: 404, body: { message: `no pool ${name}` } };
    return { status: 200, body: { name, total: p.servers, free: this.freeServers(name) } };
  }

  private list(pool: string, label: string | null): Reply {
    if (!this.o.pools[pool]) return { status: 404, body: { message: `no pool ${pool}` } };
    const [k, v] = label ? (label.split("=") as [string, string]) : [undefined, undefined];
    const items = [...this.allocations.values()].filter((a) => a.pool === pool && (!k || a.labels[k] === v)).map(view);
    return { status: 200, body: { items } };
  }

  private allocate(
    pool: string,
    body: { name?: string; os?: string; arch?: string; labels?: Record<string, string>; userData?: string },
  ): Reply {
    const p = this.o.pools[pool];
    if (!p) return { status: 404, body: { message: `no pool ${pool}` } };
    if (!body?.name || !body.userData || !body.os) return { status: 400, body: { message: "name, os and userData are required" } };
    if ([...this.allocations.values()].some((a) => a.name === body.name && a.status !== "releasing"))
      return { status: 409, body: { message: `${body.name} exists` } };
    const arch = body.arch ?? "amd64";
    const freeList = this.free.get(pool) as string[];
    if ((p.arch ?? "amd64") !== arch || freeList.length === 0) {
      return { status: 422, body: { code: "PoolExhausted", message: `pool ${pool} has no free ${arch} server` } };
    }
    const serverId = freeList.shift() as string;
    const a: Allocation = {
      id: `alloc-${randomUUID()}`,
      name: body.name,
      pool,
      serverId,
      machineId: randomUUID(),
      os: body.os,
      arch,
      labels: body.labels ?? {},
      status: "allocating",
      userData: body.userData,
    };
    this.allocations.set(a.id, a);
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.boot(a);
    }, this.o.bootDelayMs ?? 50);
    this.timers.add(t);
    return { status: 201, body: view(a) };
  }

  private async boot(a: Allocation): Promise<void> {
    if (!this.allocations.has(a.id)) return;
    a.status = "active";
    if (this.o.agentRegisters === false) return;
    const p = this.o.pools[a.pool];
    const machine = new BootedMachine(a.name, {
      facts: {
        os: osFacts(a.os),
        arch: a.arch,
        cpus: p?.cpus ?? 16,
        memoryBytes: p?.memoryBytes ?? 64 * 1024 ** 3,
        provider: "orbiter-bms",
        serverId: a.serverId,
        ...this.o.facts,
      },
      ...(this.o.agentRuns ? { runAgent: true } : {}),
    });
    this.machines.set(a.id, machine);
    await machine.boot(a.userData);
  }

  private get(id: string): Reply {
    const a = this.allocations.get(id);
    return a ? { status: 200, body: view(a) } : { status: 404, body: { message: `no allocation ${id}` } };
  }

  private release(id: string): Reply {
    const a = this.allocations.get(id);
    if (!a) return { status: 404, body: { message: `no allocation ${id}` } };
    this.allocations.delete(id);
    void this.machines.get(id)?.stop();
    this.machines.delete(id);
    this.free.get(a.pool)?.push(a.serverId);
    return { status: 202 };
  }
}

function view(a: Allocation) {
  const { userData: _u, ...rest } = a;
  return rest;
}
