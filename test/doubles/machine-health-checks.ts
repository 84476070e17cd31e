import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import type { WorkloadClusters } from "./workload-clusters.js";

/**
 * Test double of CAPI's MachineHealthCheck controller. For each
 * MachineHealthCheck it watches the Machines its selector matches, reads
 * their Nodes in the workload cluster, and does what CAPI does: a Machine
 * whose Node has not been Ready for longer than the check's timeout is
 * marked (HealthCheckSucceeded=False; OwnerRemediated=False while
 * remediation is allowed, i.e. fewer are unhealthy than maxUnhealthy
 * allows), and the status counts expectedMachines, currentHealthy,
 * remediationsAllowed and the targets. `remediate` plays the MachineSet's
 * part: it deletes a marked Machine (the CAPI double replaces it).
 */
export interface MachineHealthChecksOptions {
  workloads: WorkloadClusters;
  intervalMs?: number;
  matches?: (labels: Record<string, string>) => boolean;
  /** how long a Node must be NotReady before its Machine counts as unhealthy (default: the check's own timeout) */
  unhealthyAfterMs?: number;
}

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
type Any = any;
interface Obj {
  metadata: { name: string; namespace: string; generation?: number; labels?: Record<string, string>; deletionTimestamp?: string };
  spec?: Record<string, Any>;
  status?: Record<string, Any>;
}

const MHCS = "/apis/cluster.x-k8s.io/v1beta1/machinehealthchecks";
const MACHINES = "/apis/cluster.x-k8s.io/v1beta1/machines";
const inNs = (base: string, ns: string) => base.replace(/\/([a-z]+)$/, `/namespaces/${ns}/$1`);
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

function durationMs(s: string | undefined): number {
  const m = /^(\d+)(s|m|h)$/.exec(s ?? "");
  if (!m) return 5 * 60_000;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "s" | "m" | "h"];
}

export class MachineHealthChecks {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  /** when each Machine's Node was first seen not Ready */
  private readonly notReadySince = new Map<string, number>();
  readonly errors: string[] = [];
  /** Machines deleted by `remediate`, as namespace/name */
  readonly remediated: string[] = [];

  constructor(
    private readonly api: Api,
    private readonly o: MachineHealthChecksOptions,
  ) {}

  start(): void {
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.loop = this.reconcile().catch((e: unknown) => {
        this.errors.push((e as Error).message);
      });
      await this.loop;
      if (this.running) this.timer = setTimeout(tick, this.o.intervalMs ?? 300);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
  }

  /** The MachineSet's remediation of a marked Machine: it is deleted, and a new one takes its place. */
  async remediate(namespace: string, machine: string): Promise<void> {
    const res = await kubeRequest(this.api, "DELETE", `${inNs(MACHINES, namespace)}/${machine}`);
    if (res.status >= 300) throw new Error(`deleting Machine ${namespace}/${machine}: ${res.status}`);
    this.remediated.push(`${namespace}/${machine}`);
  }

  private async list(api: Api, path: string): Promise<Obj[]> {
    const res = await kubeRequest(api, "GET", path);
    return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
  }

  private async patchStatus(path: string, status: object): Promise<void> {
    const res = await kubeRequest(this.api, "PATCH", `${path}/status`, { body: { status }, contentType: "application/merge-patch+json" });
    if (res.status >= 300 && res.status !== 404)
      throw new Error(`PATCH ${path}/status refused: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }

  async reconcile(): Promise<void> {
    const mhcs = (await this.list(this.api, MHCS)).filter(
      (m) => !m.metadata.deletionTimestamp && (this.o.matches?.(m.metadata.labels ?? {}) ?? true),
    );
    for (const mhc of mhcs) {
      const ns = mhc.metadata.namespace;
      const clusterName = String(mhc.spec?.clusterName);
      const selector = (mhc.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
      const targets = (await this.list(this.api, inNs(MACHINES, ns))).filter(
        (m) =>
          !m.metadata.deletionTimestamp &&
          m.metadata.labels?.["cluster.x-k8s.io/cluster-name"] === clusterName &&
          Object.entries(selector).every(([k, v]) => m.metadata.labels?.[k] === v),
      );
      const workload = await this.o.workloads.apiserver({ namespace: ns, name: clusterName });
      const nodes = new Map(
        (workload ? await this.list(workload, "/api/v1/nodes") : []).map((n) => [
          n.metadata.name,
          (n.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === "Ready")?.status,
        ]),
      );
      const timeout =
        this.o.unhealthyAfterMs ?? durationMs((mhc.spec?.unhealthyConditions as Array<{ timeout?: string }> | undefined)?.[0]?.timeout);
      const unhealthy = new Map<string, string>();
      for (const m of targets) {
        const node = m.status?.nodeRef?.name as string | undefined;
        const key = `${ns}/${m.metadata.name}`;
        const ready = node ? nodes.get(node) : undefined;
        if (!node || ready === undefined || ready === "True") {
          this.notReadySince.delete(key);
          continue;
        }
        const since = this.notReadySince.get(key) ?? Date.now();
        this.notReadySince.set(key, since);
        if (Date.now() - since >= timeout)
          unhealthy.set(
            m.metadata.name,
            `Condition Ready on node ${node} is reporting status ${ready} for more than ${Math.round(timeout / 1000)}s`,
          );
      }
      const maxUnhealthy = Math.floor((Number(String(mhc.spec?.maxUnhealthy ?? "100%").replace("%", "")) / 100) * targets.length);
      const allowed = unhealthy.size <= maxUnhealthy;
      const t = now();
      for (const m of targets) {
        const why = unhealthy.get(m.metadata.name);
        const own = new Set(["HealthCheckSucceeded", "OwnerRemediated"]);
        const others = ((m.status?.conditions ?? []) as Array<{ type: string }>).filter((c) => !own.has(c.type));
        const mine = why
          ? [
              {
                type: "HealthCheckSucceeded",
                status: "False",
                reason: "UnhealthyNode",
                severity: "Warning",
                message: why,
                lastTransitionTime: t,
              },
              ...(allowed
                ? [
                    {
                      type: "OwnerRemediated",
                      status: "False",
                      reason: "WaitingForRemediation",
                      severity: "Warning",
                      lastTransitionTime: t,
                    },
                  ]
                : []),
            ]
          : [{ type: "HealthCheckSucceeded", status: "True", lastTransitionTime: t }];
        const current = ((m.status?.conditions ?? []) as Array<{ type: string; status: string }>).filter((c) => own.has(c.type));
        if (JSON.stringify(current.map((c) => [c.type, c.status]).sort()) === JSON.stringify(mine.map((c) => [c.type, c.status]).sort()))
          continue;
        await this.patchStatus(`${inNs(MACHINES, ns)}/${m.metadata.name}`, { conditions: [...others, ...mine] });
      }
      const status = {
        expectedMachines: targets.length,
        currentHealthy: targets.length - unhealthy.size - targets.filter((m) => !m.status?.nodeRef).length,
        remediationsAllowed: allowed ? maxUnhealthy - unhealthy.size : 0,
        observedGeneration: mhc.metadata.generation,
        targets: targets.map((m) => m.metadata.name).sort(),
        conditions: [
          allowed
            ? { type: "RemediationAllowed", status: "True", lastTransitionTime: t }
            : {
                type: "RemediationAllowed",
                status: "False",
                reason: "TooManyUnhealthy",
                severity: "Warning",
                message: `Remediation is not allowed, the number of not started or unhealthy machines exceeds maxUnhealthy (total: ${targets.length}, unhealthy: ${unhealthy.size}, maxUnhealthy: ${mhc.spec?.maxUnhealthy})`,
                lastTransitionTime: t,
              },
        ],
      };
      const before = mhc.status ?? {};
      const same =
        before.expectedMachines === status.expectedMachines &&
        before.currentHealthy === status.currentHealthy &&
        before.remediationsAllowed === status.remediationsAllowed &&
        JSON.stringify(before.targets ?? []) === JSON.stringify(status.targets);
      if (!same) await this.patchStatus(`${inNs(MHCS, ns)}/${mhc.metadata.name}`, status);
    }
  }
}
