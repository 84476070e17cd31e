import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAgent } from "../../scripts/build-agent.js";
import { type AgentProcess, spawnProcess } from "../../test/support/agent-process.js";
import { UBUNTU_2004 } from "../../test/support/clusters.js";
import type { SoakClient } from "./client.js";
import { type InvariantResult, listAll } from "./invariants.js";
import type { Prng } from "./prng.js";
import { sleep } from "./system.js";

/**
 * Real host agents in a soak run: `ckp-agent` processes (the single-file
 * build, npm run build:agent), started over the run's first minute, each
 * registering with the project's PSK and, once the harness has approved its
 * request (3-20 s after it came in, as an operator would), reporting over
 * mutual TLS every two seconds. A fault kills one with SIGKILL at a seeded moment, registering
 * or running, and starts it again after the outage with the same state
 * directory, as systemd would; an agent that exits on its own is started
 * again after two seconds too (its unit's Restart=always), and counted.
 *
 * What must hold at the end: every agent registered, with one host request
 * and one host for its machine id, and its host reports it ready with a
 * heartbeat sent after its last restart.
 */
interface SoakAgent {
  name: string;
  machineId: string;
  stateDir: string;
  phase: "registering" | "running";
  proc?: AgentProcess;
  hostId?: string;
  requestId?: string;
  /** when its process last started */
  startedAt: number;
  kills: number;
  killsRegistering: number;
  /** exits it made on its own, with their codes */
  exits: string[];
}

export interface AgentProject {
  domain: string;
  project: string;
  base: string;
  psk: string;
}

export class SoakAgents {
  readonly agents: SoakAgent[] = [];
  private bundle = "";
  private pskFile = "";
  private factsFile = "";
  private stopped = false;
  private approver: Promise<void> | undefined;

  constructor(
    private readonly n: number,
    private readonly dir: string,
    private readonly c: SoakClient,
    private readonly rng: Prng,
    private readonly serverUrl: () => string,
    private readonly log: (line: string) => void,
  ) {}

  async start(p: AgentProject): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.bundle = (await buildAgent({ version: "0.0.0-soak", outfile: join(this.dir, "ckp-agent") })).outfile;
    this.pskFile = join(this.dir, "psk");
    writeFileSync(this.pskFile, p.psk);
    chmodSync(this.pskFile, 0o600);
    // the facts the workload's registrations send: no preflight of this machine
    this.factsFile = join(this.dir, "facts.json");
    writeFileSync(this.factsFile, JSON.stringify(UBUNTU_2004));
    for (let i = 0; i < this.n; i++) {
      const a: SoakAgent = {
        name: `agent-${i}`,
        machineId: `soak-agent-${this.rng.hex(6)}`,
        stateDir: join(this.dir, `agent-${i}`),
        phase: "registering",
        startedAt: 0,
        kills: 0,
        killsRegistering: 0,
        exits: [],
      };
      this.agents.push(a);
    }
    // started over the first minute, each waiting for an operator's approval a while: a kill can find one registering
    const starts = this.agents.map((_a, i) => (i === 0 ? 0 : this.rng.int(5, 60)) * 1000);
    this.agents.forEach((a, i) => {
      setTimeout(() => {
        if (!this.stopped) this.spawn(a, p);
      }, starts[i]).unref();
    });
    this.approver = this.approve(p);
  }

  private spawn(a: SoakAgent, p: AgentProject): void {
    const args =
      a.phase === "registering"
        ? [
            "register",
            "--server",
            this.serverUrl(),
            "--domain",
            p.domain,
            "--project",
            p.project,
            "--psk-file",
            this.pskFile,
            "--state-dir",
            a.stateDir,
            "--machine-id",
            a.machineId,
            "--hostname",
            a.name,
            "--facts-file",
            this.factsFile,
            "--poll",
            "1",
          ]
        : ["run", "--state-dir", a.stateDir, "--interval", "2", "--no-upgrade", "--no-preflight"];
    const proc = spawnProcess(`${a.name}:${args[0]}`, process.execPath, [this.bundle, ...args], { cleanEnv: true });
    a.proc = proc;
    a.startedAt = Date.now();
    void proc.exited.then(async (code) => {
      if (a.proc !== proc || this.stopped) return; // killed by a fault (it starts the next one) or by the end of the run
      a.proc = undefined;
      if (a.phase === "registering" && code === 0) {
        const out = proc.lines.find((l) => l.startsWith("{"));
        const id = out ? (JSON.parse(out) as { hostId: string; requestId: string }) : undefined;
        a.hostId = id?.hostId;
        a.requestId = id?.requestId;
        a.phase = "running";
        this.log(`  ${a.name} registered as ${a.hostId}`);
      } else {
        a.exits.push(`${args[0]} exited ${code}: ${proc.lines.slice(-2).join(" | ").slice(0, 300)}`);
        await sleep(2000);
        if (this.stopped || a.proc) return;
      }
      this.spawn(a, p);
    });
  }

  /** the harness approves the agents' requests, as an operator would (the workload's decisions are its own requests') */
  private async approve(p: AgentProject): Promise<void> {
    const approved = new Set<string>();
    // an operator looks at a request a while after it comes in (3-20 s, seeded)
    const seen = new Map<string, number>();
    while (!this.stopped) {
      await sleep(1000);
      if (this.agents.every((a) => a.phase === "running")) return;
      const pending = await this.c.once("GET", `${p.base}/host-requests?status=pending&limit=500`);
      if (typeof pending !== "object" || pending.status !== 200) continue;
      const ours = new Set(this.agents.map((a) => a.machineId));
      for (const r of pending.body.items as Array<{ id: string; machineId: string }>) {
        if (!ours.has(r.machineId) || approved.has(r.id)) continue;
        if (!seen.has(r.id)) seen.set(r.id, Date.now() + this.rng.int(3, 20) * 1000);
        if (Date.now() < (seen.get(r.id) as number)) continue;
        const a = await this.c.once("POST", `${p.base}/host-requests/${r.id}/approve`, undefined, {
          "idempotency-key": `soak-agent-approve-${r.id}`,
        });
        // 409 is "already decided" — unless it is the key of an approval whose process was killed mid-request, still
        // held (idempotency.in-progress): that one is asked again next round, or the request stays pending for ever
        const held = typeof a === "object" && a.status === 409 && a.text.includes("idempotency.in-progress");
        if (typeof a === "object" && (a.status === 200 || (a.status === 409 && !held))) approved.add(r.id);
      }
    }
  }

  /** kill -9 of one agent's process, registering or running, and its start again after the outage */
  async killOne(outageMs: number, p: AgentProject): Promise<string> {
    const live = this.agents.filter((a) => a.proc);
    if (live.length === 0) return "no agent process running";
    const a = this.rng.pick(live);
    const proc = a.proc as AgentProcess;
    a.proc = undefined;
    a.kills++;
    if (a.phase === "registering") a.killsRegistering++;
    await proc.kill("SIGKILL");
    await sleep(outageMs);
    if (!this.stopped) this.spawn(a, p);
    return `${a.name} killed while ${a.phase}`;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.approver;
    await Promise.all(this.agents.map((a) => a.proc?.kill("SIGKILL")));
  }

  /** Run while the agents still run: registered once each, and reporting since their last restart. */
  async check(p: AgentProject, waitMs = 60_000): Promise<InvariantResult> {
    const r: InvariantResult = {
      name: "every host agent registered once, and reporting after its last kill",
      checked: 0,
      violations: [],
      notes: [],
    };
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && this.agents.some((a) => a.phase !== "running")) await sleep(1000);
    const requests = await listAll(this.c, `${p.base}/host-requests`);
    for (const a of this.agents) {
      r.checked++;
      if (a.exits.length) r.notes?.push(`${a.name} exited on its own ${a.exits.length} time(s), started again: ${a.exits.at(-1)}`);
      if (a.phase !== "running" || !a.hostId) {
        r.violations.push(`${a.name} (${a.machineId}) never finished registering`);
        continue;
      }
      const mine = requests.filter((x) => x.machineId === a.machineId);
      if (mine.length !== 1) r.violations.push(`${a.name}: ${mine.length} host requests for machine ${a.machineId}`);
      let last = "";
      for (;;) {
        const h = await this.c.until("GET", `${p.base}/hosts/${a.hostId}`, undefined, { giveUpMs: 30_000 });
        const agent = h?.body?.agent as { status?: string; lastSeenAt?: string } | undefined;
        last = `${h?.status} ${agent?.status ?? "no agent status"} last seen ${agent?.lastSeenAt ?? "never"}`;
        if (h?.status === 200 && agent?.status === "ready" && Date.parse(agent.lastSeenAt ?? "") > a.startedAt) break;
        if (Date.now() > deadline) {
          r.violations.push(`${a.name} (host ${a.hostId}): no heartbeat since its last start (${last})`);
          break;
        }
        await sleep(1000);
      }
    }
    r.notes?.push(
      `${this.agents.length} agents, ${this.agents.reduce((n, a) => n + a.kills, 0)} kills (${this.agents.reduce((n, a) => n + a.killsRegistering, 0)} while registering), ${this.agents.reduce((n, a) => n + a.exits.length, 0)} exits on their own`,
    );
    return r;
  }
}
