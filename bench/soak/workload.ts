import { createHmac } from "node:crypto";
import type { Answer, SoakClient } from "./client.js";
import type { Prng } from "./prng.js";

/**
 * The workload driver: a seeded script of what users and host agents do,
 * sent through the HTTP API, and a model of every write the API
 * acknowledged. Each action retries until a definite answer (client.until),
 * so the model knows what must be there afterwards; an action that never got
 * one is marked uncertain and left out of the exact checks (and counted).
 */

export const UBUNTU_2004 = { os: { id: "ubuntu", version: "20.04" }, arch: "amd64", cpus: 4, memoryBytes: 8 * 1024 ** 3 };

/** When the API acknowledged the entity's last write (a DynamoDB Local kill right after may have lost it: docs/soak.md). */
interface Acked {
  ackedAt?: number;
}

/** How long before DynamoDB Local's kill -9 an acknowledged write may be lost with it (measured: the last one, within ~20 ms). */
export const ENGINE_LOSS_WINDOW_MS = 1000;

export interface RequestModel extends Acked {
  id: string;
  machineId: string;
  status: "pending" | "approved" | "rejected";
  hostId?: string;
  uncertain?: boolean;
  /** an actor is deciding it: the other leaves it alone */
  busy?: boolean;
}
export interface HostModel extends Acked {
  id: string;
  group: string | undefined;
  uncertain?: boolean;
  /** held by a cluster's group: the workload leaves it there */
  clusterGroup?: boolean;
  busy?: boolean;
}
export interface GroupModel extends Acked {
  name: string;
  forCluster?: string;
  uncertain?: boolean;
}
export interface ClusterModel extends Acked {
  id: string;
  name: string;
  group: string;
  workers: number;
  deleted: boolean;
  createdAt: number;
  uncertain?: boolean;
}
export interface ProjectModel {
  domain: string;
  project: string;
  base: string;
  psk: string;
  requests: Map<string, RequestModel>;
  hosts: Map<string, HostModel>;
  groups: Map<string, GroupModel>;
  clusters: Map<string, ClusterModel>;
}

export interface WorkloadOptions {
  /** clusters need a management cluster, provider cluster and bundles: the runner sets them up */
  clusters: { providerCluster: string; version: string } | undefined;
  maxLiveClusters: number;
}

export class Workload {
  readonly projects: ProjectModel[] = [];
  readonly actions: Record<string, number> = {};
  /** actions that got no definite answer in time */
  unknownOutcomes = 0;
  readonly violations: string[] = [];
  /** what was acknowledged right before a DynamoDB Local kill and then not found: the emulator's loss, not the control plane's */
  readonly lostWithEngine: string[] = [];
  /** when DynamoDB Local was killed (the fault injector's record; the runner sets it) */
  dynamoKilledAt: () => readonly number[] = () => [];
  private seq = 0;

  constructor(
    private readonly c: SoakClient,
    private readonly rng: Prng,
    private readonly o: WorkloadOptions,
    private readonly log: (line: string) => void,
  ) {}

  private key(what: string): string {
    return `soak-${what}-${this.rng.hex(8)}`;
  }

  /** a domain and its projects, created through the API (with retries: they are the ground the rest stands on) */
  async setUp(domain: string, projects: string[]): Promise<void> {
    const d = await this.c.until("POST", "/v1/domains", { name: domain }, { key: this.key("domain") });
    if (!d || (d.status !== 201 && d.status !== 409)) throw new Error(`create domain: ${d?.status} ${d?.text}`);
    for (const p of projects) {
      const r = await this.c.until("POST", `/v1/domains/${domain}/projects`, { name: p }, { key: this.key("project") });
      if (!r || (r.status !== 201 && r.status !== 409)) throw new Error(`create project: ${r?.status} ${r?.text}`);
      const base = `/v1/domains/${domain}/projects/${p}`;
      const psk = await this.c.until("GET", `${base}/host-psk`);
      if (psk?.status !== 200) throw new Error(`host psk: ${psk?.status} ${psk?.text}`);
      this.projects.push({
        domain,
        project: p,
        base,
        psk: psk.body.psk,
        requests: new Map(),
        hosts: new Map(),
        groups: new Map(),
        clusters: new Map(),
      });
    }
  }

  /** one seeded action */
  async step(): Promise<void> {
    const p = this.rng.pick(this.projects);
    const pending = [...p.requests.values()].filter((r) => r.status === "pending" && !r.uncertain && !r.busy);
    const free = [...p.hosts.values()].filter((h) => !h.uncertain && !h.clusterGroup && !h.busy);
    const plainGroups = [...p.groups.values()].filter((g) => !g.forCluster && !g.uncertain);
    const live = [...p.clusters.values()].filter((c) => !c.deleted && !c.uncertain);
    const old = live.filter((c) => Date.now() - c.createdAt > 40_000);
    const choices: Array<[string, number, () => Promise<void>]> = [
      ["register", pending.length < 6 ? 4 : 1, () => this.register(p)],
      ["approve", pending.length ? 3 : 0, () => this.decide(p, this.rng.pick(pending), "approve")],
      ["reject", pending.length ? 0.5 : 0, () => this.decide(p, this.rng.pick(pending), "reject")],
      ["group-create", plainGroups.length < 3 ? 1 : 0.1, async () => void (await this.createGroup(p))],
      [
        "group-add",
        plainGroups.length && free.some((h) => !h.group) ? 2 : 0,
        async () => void (await this.addToGroup(p, this.rng.pick(free.filter((h) => !h.group)), this.rng.pick(plainGroups))),
      ],
      ["group-remove", free.some((h) => h.group) ? 1 : 0, () => this.removeFromGroup(p, this.rng.pick(free.filter((h) => h.group)))],
      ["read", 3, () => this.read(p)],
    ];
    if (this.o.clusters) {
      const allLive = this.projects.flatMap((q) => [...q.clusters.values()].filter((c) => !c.deleted));
      choices.push(
        [
          "cluster-create",
          allLive.length < this.o.maxLiveClusters && free.filter((h) => !h.group).length >= 2 ? 1.5 : 0,
          () => this.createCluster(p),
        ],
        ["cluster-scale", live.length ? 0.7 : 0, () => this.scaleCluster(p, this.rng.pick(live))],
        // deleted once they had time to come up (some while still creating)
        ["cluster-delete", old.length ? 0.4 : 0, () => this.deleteCluster(p, this.rng.pick(old))],
      );
    }
    const total = choices.reduce((a, [, w]) => a + w, 0);
    let x = this.rng.next() * total;
    for (const [name, w, run] of choices) {
      x -= w;
      if (w > 0 && x <= 0) {
        this.actions[name] = (this.actions[name] ?? 0) + 1;
        await run();
        return;
      }
    }
  }

  /**
   * Whether a write acknowledged at `ackedAt` was followed within
   * ENGINE_LOSS_WINDOW_MS by a kill -9 of DynamoDB Local, which can lose
   * its last acknowledged writes: then what was not found is recorded as
   * lost with the emulator (and the entity left out of the exact checks).
   */
  lostWithEmulator(m: Acked & { uncertain?: boolean }, what: string): boolean {
    const at = m.ackedAt;
    if (at === undefined || !this.dynamoKilledAt().some((k) => k >= at && k - at <= ENGINE_LOSS_WINDOW_MS)) return false;
    m.uncertain = true;
    this.lostWithEngine.push(what);
    return true;
  }

  /** a host agent's registration: a fresh proof per attempt, as the agent makes one */
  private async register(p: ProjectModel): Promise<void> {
    const machineId = `soak-${this.rng.hex(6)}`;
    const deadline = Date.now() + 240_000;
    for (;;) {
      const timestamp = Math.floor(Date.now() / 1000);
      const nonce = this.rng.hex(16);
      const proof = createHmac("sha256", p.psk)
        .update([p.domain, p.project, machineId, String(timestamp), nonce].join("\n"))
        .digest("base64");
      const body = {
        domain: p.domain,
        project: p.project,
        machineId,
        hostname: `node-${machineId.slice(-6)}`,
        facts: UBUNTU_2004,
        timestamp,
        nonce,
        proof,
      };
      const a = await this.c.once("POST", "/v1/agent/register", body, {}, "");
      if (typeof a === "object" && (a.status === 202 || a.status === 200)) {
        const prior = [...p.requests.values()].find((r) => r.id === a.body.requestId);
        if (prior) this.violations.push(`registration of ${machineId} answered request ${a.body.requestId} of ${prior.machineId}`);
        p.requests.set(a.body.requestId, { id: a.body.requestId, machineId, status: "pending", ackedAt: Date.now() });
        return;
      }
      if (typeof a === "object" && a.status < 500 && a.status !== 429) {
        this.violations.push(`registration of ${machineId}: ${a.status} ${a.text.slice(0, 200)}`);
        return;
      }
      if (Date.now() > deadline) {
        this.unknownOutcomes++;
        return;
      }
      await sleep(typeof a === "object" ? 1000 * Math.min(Number(a.headers.get("retry-after") ?? 1) || 1, 5) : 1000);
    }
  }

  private async decide(p: ProjectModel, r: RequestModel, how: "approve" | "reject"): Promise<void> {
    r.busy = true;
    try {
      await this.decideNow(p, r, how);
    } finally {
      r.busy = false;
    }
  }

  private async decideNow(p: ProjectModel, r: RequestModel, how: "approve" | "reject"): Promise<void> {
    const body = how === "reject" ? { reason: "soak: rejected by the workload" } : undefined;
    const a = await this.c.until("POST", `${p.base}/host-requests/${r.id}/${how}`, body, { key: this.key(how) });
    if (!a) {
      r.uncertain = true;
      this.unknownOutcomes++;
      return;
    }
    const decided = how === "approve" ? "approved" : "rejected";
    let result: { hostId?: string } | undefined;
    if (a.status === 200) result = a.body;
    else if (a.status === 409 && a.afterUnanswered && a.body?.code === "hostrequest.decided" && a.body?.requestStatus === decided) {
      // an attempt without an answer decided it, and the process died before its idempotency record held the answer:
      // the retry finds the request decided, as it is; counted right only if the request, read now, is decided that way
      result = await this.decidedAs(p, r, decided);
    }
    if (result) {
      r.status = decided;
      r.ackedAt = Date.now();
      if (how === "approve") {
        r.hostId = result.hostId;
        if (r.hostId) p.hosts.set(r.hostId, { id: r.hostId, group: undefined, ackedAt: r.ackedAt });
      }
      return;
    }
    if (a.status === 404 && this.lostWithEmulator(r, `host request ${r.id} (registered, then not found by ${how})`)) return;
    this.violations.push(`${how} ${r.id} (pending as far as anyone acknowledged): ${a.status} ${a.text.slice(0, 200)}`);
    r.uncertain = true;
  }

  private async createGroup(p: ProjectModel, forCluster?: string): Promise<GroupModel | undefined> {
    const name = forCluster ? `cg-${forCluster}` : `g-${++this.seq}-${this.rng.hex(2)}`;
    const a = await this.c.until("POST", `${p.base}/host-groups`, { name }, { key: this.key("group") });
    if (!a) {
      this.unknownOutcomes++;
      p.groups.set(name, { name, uncertain: true });
      return undefined;
    }
    if (a.status !== 201) {
      this.violations.push(`create group ${name}: ${a.status} ${a.text.slice(0, 200)}`);
      return undefined;
    }
    const g: GroupModel = { name, ...(forCluster ? { forCluster } : {}), ackedAt: Date.now() };
    p.groups.set(name, g);
    return g;
  }

  private async addToGroup(p: ProjectModel, h: HostModel, g: GroupModel): Promise<boolean> {
    h.busy = true;
    try {
      return await this.addNow(p, h, g);
    } finally {
      h.busy = false;
    }
  }

  private async addNow(p: ProjectModel, h: HostModel, g: GroupModel): Promise<boolean> {
    const a = await this.c.until("PUT", `${p.base}/host-groups/${g.name}/hosts/${h.id}`);
    if (!a) {
      h.uncertain = true;
      this.unknownOutcomes++;
      return false;
    }
    if (a.status === 204) {
      h.group = g.name;
      h.ackedAt = Date.now();
      return true;
    }
    // 422 while the host's provisioning has not completed is an answer a user gets; the host stays where it was
    if (a.status === 422 || (a.status === 409 && a.text.includes("provisioning"))) return false;
    this.violations.push(`add ${h.id} to ${g.name}: ${a.status} ${a.text.slice(0, 200)}`);
    h.uncertain = true;
    return false;
  }

  private async removeFromGroup(p: ProjectModel, h: HostModel): Promise<void> {
    h.busy = true;
    try {
      await this.removeNow(p, h);
    } finally {
      h.busy = false;
    }
  }

  private async removeNow(p: ProjectModel, h: HostModel): Promise<void> {
    const a = await this.c.until("DELETE", `${p.base}/host-groups/${h.group}/hosts/${h.id}`);
    if (!a) {
      h.uncertain = true;
      this.unknownOutcomes++;
      return;
    }
    if (a.status === 204) {
      h.group = undefined;
      h.ackedAt = Date.now();
    } else if (a.status === 404 && a.afterUnanswered && (await this.leftGroup(p, h))) {
      // an attempt without an answer removed it; DELETE's retry answers 404, as HTTP has it — the host really left the group
      h.group = undefined;
    } else {
      this.violations.push(`remove ${h.id} from ${h.group}: ${a.status} ${a.text.slice(0, 200)}`);
      h.uncertain = true;
    }
  }

  /** The host request read now, if it is decided as `status` (what a lost answer to its decision leaves). */
  private async decidedAs(p: ProjectModel, r: RequestModel, status: "approved" | "rejected"): Promise<{ hostId?: string } | undefined> {
    const a = await this.c.until("GET", `${p.base}/host-requests/${r.id}`, undefined, { giveUpMs: 60_000 });
    return a?.status === 200 && a.body.status === status ? a.body : undefined;
  }

  /** Whether the host, read now, is in no group any more (what a lost answer to its removal leaves). */
  private async leftGroup(p: ProjectModel, h: HostModel): Promise<boolean> {
    const a = await this.c.until("GET", `${p.base}/hosts/${h.id}`, undefined, { giveUpMs: 60_000 });
    return a?.status === 200 && (a.body.group ?? undefined) === undefined;
  }

  /** a GET of something acknowledged: a 404 here is a wrong answer */
  private async read(p: ProjectModel): Promise<void> {
    const targets: Array<readonly [string, (Acked & { uncertain?: boolean }) | undefined]> = [
      [`${p.base}`, undefined] as const,
      ...[...p.requests.values()].filter((r) => !r.uncertain).map((r) => [`${p.base}/host-requests/${r.id}`, r] as const),
      ...[...p.hosts.values()].filter((h) => !h.uncertain).map((h) => [`${p.base}/hosts/${h.id}`, h] as const),
      ...[...p.groups.values()].filter((g) => !g.uncertain).map((g) => [`${p.base}/host-groups/${g.name}`, g] as const),
      ...[...p.clusters.values()].filter((c) => !c.uncertain && !c.deleted).map((c) => [`${p.base}/clusters/${c.id}`, c] as const),
    ];
    const [path, model] = this.rng.pick(targets);
    const a = await this.c.once("GET", path);
    if (typeof a === "object" && a.status === 404 && !(model && this.lostWithEmulator(model, `${path} (acknowledged, then 404)`)))
      this.violations.push(`wrong 404 for acknowledged ${path}: ${a.text.slice(0, 200)}`);
  }

  private async createCluster(p: ProjectModel): Promise<void> {
    if (!this.o.clusters) return;
    const name = `c${++this.seq}-${this.rng.hex(2)}`;
    // two provisioned hosts not in any group: the cluster's own group
    const candidates = [...p.hosts.values()].filter((h) => !h.uncertain && !h.group && !h.clusterGroup && !h.busy);
    for (const h of candidates) h.busy = true;
    const ready: HostModel[] = [];
    try {
      for (const h of candidates) {
        if (ready.length === 2) break;
        const a = await this.c.until("GET", `${p.base}/hosts/${h.id}`, undefined, { giveUpMs: 60_000 });
        if (a?.status === 200 && a.body.status === "create-completed") ready.push(h);
      }
      if (ready.length < 2) return;
      const g = await this.createGroup(p, name);
      if (!g) return;
      for (const h of ready) {
        // in the cluster's group from the moment it is asked for: the workload leaves it there even if the add failed
        h.clusterGroup = true;
        if (!(await this.addNow(p, h, g))) return;
      }
    } finally {
      for (const h of candidates) h.busy = false;
    }
    const a = await this.c.until(
      "POST",
      `${p.base}/clusters`,
      {
        name,
        kubernetesVersion: this.o.clusters.version,
        providerCluster: this.o.clusters.providerCluster,
        hostGroup: `cg-${name}`,
        workers: 1,
      },
      { key: this.key("cluster") },
    );
    if (!a) {
      this.unknownOutcomes++;
      return;
    }
    if (a.status !== 201) {
      this.violations.push(`create cluster ${name}: ${a.status} ${a.text.slice(0, 300)}`);
      return;
    }
    p.clusters.set(a.body.id, {
      id: a.body.id,
      name,
      group: `cg-${name}`,
      workers: 1,
      deleted: false,
      createdAt: Date.now(),
      ackedAt: Date.now(),
    });
    this.log(`cluster ${name} (${a.body.id}) created`);
  }

  private async scaleCluster(p: ProjectModel, c: ClusterModel): Promise<void> {
    const workers = c.workers === 1 ? 2 : 1;
    const a = await this.c.until("POST", `${p.base}/clusters/${c.id}/scale`, { workers }, { key: this.key("scale") });
    if (!a) {
      c.uncertain = true;
      this.unknownOutcomes++;
      return;
    }
    if (a.status === 200 || a.status === 202) {
      c.workers = workers;
      c.ackedAt = Date.now();
    }
    // 409 while another operation runs, 422 when the group is short of hosts: answers a user gets, nothing changed
    else if (a.status !== 409 && a.status !== 422) this.violations.push(`scale ${c.name}: ${a.status} ${a.text.slice(0, 200)}`);
  }

  private async deleteCluster(p: ProjectModel, c: ClusterModel): Promise<void> {
    const a: Answer | undefined = await this.c.until("DELETE", `${p.base}/clusters/${c.id}`);
    if (!a) {
      c.uncertain = true;
      this.unknownOutcomes++;
      return;
    }
    if (a.status === 202 || a.status === 204 || a.status === 200) {
      c.deleted = true;
      this.log(`cluster ${c.name} deleting`);
    } else if (a.status !== 409) this.violations.push(`delete ${c.name}: ${a.status} ${a.text.slice(0, 200)}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
