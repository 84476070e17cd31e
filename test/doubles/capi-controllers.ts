import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";

/**
 * Test double of the Cluster API controllers (core CAPI, the Kamaji control
 * plane provider, BYOH) running on a management cluster. The test
 * kube-apiserver has the CRDs but no controllers, so nothing would ever
 * report a cluster as provisioned; this double polls the apiserver and
 * patches the status subresources the way those controllers do when all
 * goes well:
 *
 *   KamajiControlPlane  status.ready/initialized, status.version = spec.version, replicas
 *   Cluster             status.phase Provisioned, infrastructureReady, controlPlaneReady, conditions
 *   MachineDeployment   status.replicas/readyReplicas/updatedReplicas = spec.replicas,
 *                       observedGeneration = metadata.generation, phase Running —
 *                       only once its cluster's KamajiControlPlane reports a version
 *                       at least the workers' (kubelets never run newer than the API
 *                       server): a MachineDeployment asking for a newer version is
 *                       left unreported and recorded in `skew`
 *
 * It also plays kube-controller-manager's namespace controller for deleted
 * namespaces (finalizes them once no CAPI object is left in them). The
 * control plane under test only ever reads these statuses.
 */
export interface CapiControllersOptions {
  intervalMs?: number;
  /** how long an object's new generation waits before it is reported ready (default 0: at once) */
  delayMs?: number;
  /** only objects whose labels this accepts are handled (default: all), e.g. one test's tenant */
  matches?: (labels: Record<string, string>) => boolean;
  /** a failure to report on a Cluster (e.g. for a failure test): its failureReason and failureMessage */
  failCluster?: (name: string, namespace: string) => { reason: string; message: string } | undefined;
}

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
interface Obj {
  metadata: { name: string; namespace: string; uid: string; generation?: number; deletionTimestamp?: string; labels?: Record<string, string> };
  spec?: Record<string, any>;
  status?: Record<string, any>;
}

const KINDS = {
  controlPlanes: "/apis/controlplane.cluster.x-k8s.io/v1alpha1/kamajicontrolplanes",
  clusters: "/apis/cluster.x-k8s.io/v1beta1/clusters",
  machineDeployments: "/apis/cluster.x-k8s.io/v1beta1/machinedeployments",
};

/** Whether Kubernetes version a is newer than b (v1.31.2 > v1.30.6). */
function newer(a: string, b: string): boolean {
  const p = (v: string) => v.replace(/^v/, "").split(".").map(Number);
  const [x, y] = [p(a), p(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

export class CapiControllers {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly firstSeen = new Map<string, number>();
  /** status patches made, per kind (for assertions and the benchmark) */
  readonly patches = { controlPlanes: 0, clusters: 0, machineDeployments: 0, namespaces: 0 };
  /** reconcile failures (a test can assert there were none) */
  readonly errors: string[] = [];
  /** MachineDeployments seen asking for a newer version than their control plane reports (each once per generation) */
  readonly skew: string[] = [];

  constructor(
    private readonly api: Api,
    private readonly o: CapiControllersOptions = {},
  ) {}

  start(): void {
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.loop = this.reconcile().catch((e: unknown) => {
        this.errors.push((e as Error).message);
      });
      await this.loop;
      if (this.running) this.timer = setTimeout(tick, this.o.intervalMs ?? 200);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
  }

  private handles(o: Obj): boolean {
    return !o.metadata.deletionTimestamp && (this.o.matches?.(o.metadata.labels ?? {}) ?? true);
  }

  /** True once the object's current generation has waited delayMs. */
  private due(o: Obj): boolean {
    const key = `${o.metadata.uid}/${o.metadata.generation ?? 0}`;
    const now = Date.now();
    if (!this.firstSeen.has(key)) this.firstSeen.set(key, now);
    return now - (this.firstSeen.get(key) as number) >= (this.o.delayMs ?? 0);
  }

  private async list(path: string): Promise<Obj[]> {
    const res = await kubeRequest(this.api, "GET", path);
    return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
  }

  /** The apiserver validates status against the CRD schema: a refused patch is a bug of this double, so it throws. */
  private async patchStatus(base: string, o: Obj, status: Record<string, unknown>): Promise<void> {
    const path = `${base.replace(/\/([a-z]+)$/, `/namespaces/${o.metadata.namespace}/$1`)}/${o.metadata.name}/status`;
    const res = await kubeRequest(this.api, "PATCH", path, { body: { status }, contentType: "application/merge-patch+json" });
    if (res.status === 404) return; // deleted meanwhile
    if (res.status !== 200) throw new Error(`status patch of ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  }

  async reconcile(): Promise<void> {
    const now = new Date().toISOString();
    const cond = (type: string) => ({ type, status: "True", lastTransitionTime: now });
    const [cps, clusters, mds] = await Promise.all([this.list(KINDS.controlPlanes), this.list(KINDS.clusters), this.list(KINDS.machineDeployments)]);

    const readyCp = new Set<string>();
    /** the version each control plane reports (after this pass's patches), by namespace/name */
    const reported = new Map<string, string>();
    for (const cp of cps) if (typeof cp.status?.version === "string") reported.set(`${cp.metadata.namespace}/${cp.metadata.name}`, cp.status.version);
    for (const cp of cps.filter((x) => this.handles(x))) {
      const s = cp.status ?? {};
      const version = cp.spec?.version as string;
      const replicas = (cp.spec?.replicas as number | undefined) ?? 2;
      if (s.ready === true && s.initialized === true && s.version === version) {
        readyCp.add(`${cp.metadata.namespace}/${cp.metadata.name}`);
        continue;
      }
      if (!this.due(cp)) continue;
      reported.set(`${cp.metadata.namespace}/${cp.metadata.name}`, version);
      await this.patchStatus(KINDS.controlPlanes, cp, {
        ready: true,
        initialized: true,
        externalManagedControlPlane: true,
        version,
        replicas,
        readyReplicas: replicas,
        updatedReplicas: replicas,
        unavailableReplicas: 0,
        selector: `kamaji.clastix.io/name=${cp.metadata.name}`,
        conditions: [
          { ...cond("Ready"), reason: "KamajiControlPlaneReady", message: "" },
          { ...cond("KamajiControlPlaneIsReady"), reason: "KamajiControlPlaneReady", message: "" },
        ],
      });
      this.patches.controlPlanes++;
      readyCp.add(`${cp.metadata.namespace}/${cp.metadata.name}`);
    }

    for (const cl of clusters.filter((x) => this.handles(x))) {
      const failure = this.o.failCluster?.(cl.metadata.name, cl.metadata.namespace);
      if (failure) {
        if (cl.status?.failureReason !== failure.reason) {
          await this.patchStatus(KINDS.clusters, cl, { phase: "Failed", failureReason: failure.reason, failureMessage: failure.message });
          this.patches.clusters++;
        }
        continue;
      }
      const cpRef = cl.spec?.controlPlaneRef as { name?: string } | undefined;
      const cpReady = readyCp.has(`${cl.metadata.namespace}/${cpRef?.name ?? cl.metadata.name}`);
      if (!cpReady || (cl.status?.phase === "Provisioned" && cl.status?.controlPlaneReady === true)) continue;
      await this.patchStatus(KINDS.clusters, cl, {
        phase: "Provisioned",
        infrastructureReady: true,
        controlPlaneReady: true,
        observedGeneration: cl.metadata.generation,
        conditions: [cond("Ready"), cond("ControlPlaneReady"), cond("InfrastructureReady"), cond("ControlPlaneInitialized")],
      });
      this.patches.clusters++;
    }

    for (const md of mds.filter((x) => this.handles(x))) {
      const want = (md.spec?.replicas as number | undefined) ?? 1;
      const s = md.status ?? {};
      const gen = md.metadata.generation ?? 1;
      if (s.observedGeneration === gen && s.readyReplicas === want && s.updatedReplicas === want && s.replicas === want) continue;
      const cl = clusters.find((c) => c.metadata.namespace === md.metadata.namespace && c.metadata.name === md.spec?.clusterName);
      const cpName = (cl?.spec?.controlPlaneRef as { name?: string } | undefined)?.name ?? md.spec?.clusterName;
      const cpVersion = reported.get(`${md.metadata.namespace}/${cpName}`);
      const workerVersion = md.spec?.template?.spec?.version as string | undefined;
      if (!cpVersion) continue; // workers join a control plane that is up
      if (workerVersion && newer(workerVersion, cpVersion)) {
        const what = `${md.metadata.namespace}/${md.metadata.name}@${gen}: workers ${workerVersion}, control plane ${cpVersion}`;
        if (!this.skew.includes(what)) this.skew.push(what);
        continue;
      }
      if (!this.due(md)) continue;
      await this.patchStatus(KINDS.machineDeployments, md, {
        replicas: want,
        readyReplicas: want,
        updatedReplicas: want,
        availableReplicas: want,
        unavailableReplicas: 0,
        observedGeneration: gen,
        phase: "Running",
        conditions: [cond("Ready"), cond("Available")],
      });
      this.patches.machineDeployments++;
    }
    await this.finalizeNamespaces();
  }

  /** The namespace controller's part: a deleted namespace with no CAPI objects left loses its finalizer. */
  private async finalizeNamespaces(): Promise<void> {
    const res = await kubeRequest(this.api, "GET", "/api/v1/namespaces");
    const terminating = ((res.body as { items?: Array<{ metadata: { name: string; deletionTimestamp?: string; labels?: Record<string, string> } }> }).items ?? []).filter(
      (n) => n.metadata.deletionTimestamp && (this.o.matches?.(n.metadata.labels ?? {}) ?? true),
    );
    for (const ns of terminating) {
      const left = await Promise.all(Object.values(KINDS).map((k) => this.list(k.replace(/\/([a-z]+)$/, `/namespaces/${ns.metadata.name}/$1`))));
      if (left.some((l) => l.length > 0)) continue;
      await kubeRequest(this.api, "PUT", `/api/v1/namespaces/${ns.metadata.name}/finalize`, {
        body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.metadata.name }, spec: { finalizers: [] } },
      });
      this.patches.namespaces++;
    }
  }
}
