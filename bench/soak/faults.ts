import type { Prng } from "./prng.js";
import type { FaultProxy } from "./proxy.js";
import { type SoakSystem, sleep } from "./system.js";

/**
 * Fault injectors. One fault at a time, at seeded moments, of a seeded kind
 * and length; each records when it began, when it ended (the moment the
 * thing it broke was back), and the recovery time measured after it (the
 * runner's probe: until a read and a write through the API both succeed).
 */
export type FaultKind =
  | "kill-control-plane"
  | "kill-dynamodb"
  | "kill-localstack"
  | "pause-control-plane"
  | "management-cluster-down"
  | "management-cluster-slow"
  | "kill-management-apiserver"
  | "kill-host-agent";

export const ALL_FAULTS: FaultKind[] = [
  "kill-control-plane",
  "kill-dynamodb",
  "kill-localstack",
  "pause-control-plane",
  "management-cluster-down",
  "management-cluster-slow",
  "kill-management-apiserver",
  "kill-host-agent",
];

export interface FaultRecord {
  kind: FaultKind;
  startedAt: number;
  endedAt: number;
  /** how long the thing stayed broken (ms) */
  outageMs: number;
  /** from endedAt until the probe succeeded (ms); undefined if it never did */
  recoveryMs?: number;
  note?: string;
}

/** the queues' longest visibility timeout (infra/resources.ts): a pause must outlast it */
export const VISIBILITY_TIMEOUT_S = 60;

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  readonly active = new Set<FaultKind>();
  /** faults whose process was down or stopped: requests then may get no answer at all (no listener, or a stopped one) */
  readonly noAnswerWindows: Array<{ from: number; to: number }> = [];
  /** after LocalStack came back empty: put back what an operator keeps in S3 (the runner re-publishes the BYOH bundle) */
  onLocalStackRestart: (() => Promise<void>) | undefined;
  /** kill -9 of the management cluster's kube-apiserver and its restart on the same etcd: only a management cluster of the soak's own */
  restartManagementApiserver: (() => Promise<void>) | undefined;
  /** kill -9 of one host agent and its start again after the outage (bench/soak/agents.ts); answers what it killed */
  killHostAgent: ((outageMs: number) => Promise<string>) | undefined;

  constructor(
    private readonly sys: SoakSystem,
    private readonly proxy: FaultProxy | undefined,
    private readonly rng: Prng,
    private readonly kinds: FaultKind[],
    private readonly log: (line: string) => void,
  ) {}

  /** when DynamoDB Local was killed (its last acknowledged writes may not have reached its disk: docs/soak.md) */
  readonly dynamoKilledAt: number[] = [];

  /** the kinds still to draw before any is drawn again */
  private deck: FaultKind[] = [];

  /**
   * The next kind: every kind once, in a seeded order, then again, so a run
   * of n × kinds faults draws each kind n times (a plain draw left kinds out
   * of a 10-minute run).
   */
  nextKind(): FaultKind {
    if (this.deck.length === 0) {
      this.deck = [...this.kinds];
      for (let i = this.deck.length - 1; i > 0; i--) {
        const j = this.rng.int(0, i);
        [this.deck[i], this.deck[j]] = [this.deck[j] as FaultKind, this.deck[i] as FaultKind];
      }
    }
    return this.deck.pop() as FaultKind;
  }

  /** one fault of a seeded kind; returns its record (recovery measured by the caller) */
  async inject(): Promise<FaultRecord> {
    const kind = this.nextKind();
    const outage = this.rng.int(3, 12) * 1000;
    const startedAt = Date.now();
    this.active.add(kind);
    this.log(`fault ${kind} (${outage} ms)`);
    let note: string | undefined;
    try {
      switch (kind) {
        case "kill-control-plane": {
          const w = { from: startedAt, to: Number.POSITIVE_INFINITY };
          this.noAnswerWindows.push(w);
          await this.sys.killControlPlane();
          await sleep(outage);
          await this.sys.startControlPlane();
          w.to = Date.now();
          break;
        }
        case "kill-dynamodb":
          await this.sys.killEngine("dynamodb-local");
          this.dynamoKilledAt.push(Date.now());
          await sleep(outage);
          await this.sys.startEngines();
          break;
        case "kill-localstack":
          await this.sys.killEngine("localstack");
          await sleep(outage);
          await this.sys.startEngines();
          // its queues, buckets and key went with it: created again (as the infrastructure code would on AWS, where they are never lost)
          await this.sys.rebootstrap();
          await this.onLocalStackRestart?.();
          note =
            "LocalStack has no persistence: queued messages, archived events and S3 objects (the bundle manifest, re-published) were lost with it";
          break;
        case "pause-control-plane": {
          const pauseMs = (VISIBILITY_TIMEOUT_S + this.rng.int(2, 10)) * 1000;
          const w = { from: startedAt, to: Number.POSITIVE_INFINITY };
          this.noAnswerWindows.push(w);
          const stopped = this.sys.signalControlPlane("SIGSTOP");
          await sleep(pauseMs);
          const gone = stopped ?? this.sys.signalControlPlane("SIGCONT");
          if (gone) {
            // not the fault's doing: a process that died on its own is a finding, reported, and started again
            note = gone;
            this.log(`  ${gone}: starting it again`);
            await this.sys.startControlPlane();
          }
          w.to = Date.now();
          break;
        }
        case "management-cluster-down":
          if (!this.proxy) throw new Error("no management cluster");
          this.proxy.down = true;
          await sleep(outage);
          this.proxy.down = false;
          break;
        case "kill-management-apiserver":
          if (!this.restartManagementApiserver) throw new Error("no management cluster of the soak's own");
          await this.restartManagementApiserver();
          note = "kube-apiserver killed and started again on the same etcd";
          break;
        case "kill-host-agent":
          if (!this.killHostAgent) throw new Error("no host agents");
          note = await this.killHostAgent(outage);
          break;
        case "management-cluster-slow":
          if (!this.proxy) throw new Error("no management cluster");
          this.proxy.delayMs = this.rng.int(500, 3000);
          note = `${this.proxy.delayMs} ms per chunk`;
          await sleep(outage * 2);
          this.proxy.delayMs = 0;
          break;
      }
    } finally {
      this.active.delete(kind);
    }
    const endedAt = Date.now();
    const r: FaultRecord = { kind, startedAt, endedAt, outageMs: endedAt - startedAt, ...(note ? { note } : {}) };
    this.records.push(r);
    return r;
  }

  /** true when a request over [from, to] overlapped a time the control plane could not answer at all */
  inNoAnswerWindow(from: number, to: number, graceMs = 2_000): boolean {
    return this.noAnswerWindows.some((w) => from <= w.to + graceMs && to >= w.from);
  }
}
