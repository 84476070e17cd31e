import { randomBytes } from "node:crypto";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";

/**
 * Test double of the Cluster API controllers (core CAPI, the Kamaji control
 * plane provider, BYOH) running on a management cluster. The test
 * kube-apiserver has the CRDs but no controllers, so nothing would ever
 * provision a cluster; this double polls the apiserver and does what those
 * controllers do when all goes well:
 *
 *   KamajiControlPlane  status.ready/initialized, status.version = spec.version, replicas
 *   Cluster             status.phase Provisioned, infrastructureReady, controlPlaneReady, conditions
 *   MachineDeployment   (CAPI's MachineSet) one Machine + ByoMachine per replica, created from the
 *                       templates; on scale-down deletes Machines carrying the
 *                       `cluster.x-k8s.io/delete-machine` annotation first, then the newest;
 *                       rolls a new version onto its Machines in place — only once its
 *                       cluster's KamajiControlPlane reports a version at least the workers'
 *                       (kubelets never run newer than the API server): a MachineDeployment
 *                       asking for a newer version is left unreported and recorded in
 *                       `skew`; status counts the Machines (replicas, ready = running on a
 *                       host, updated = at the version)
 *   ByoMachine          (BYOH) claims a ByoHost matching the ByoMachineTemplate's selector and
 *                       not yet claimed (no `cluster.x-k8s.io/cluster-name` label), in any
 *                       namespace: sets that label, `byoh…/byomachine-name` and status.machineRef;
 *                       the Machine becomes Running with a nodeRef
 *   ByoHost release     (BYOH's host agent) when a Machine goes — scaled down, deleted behind
 *                       everyone's back, or garbage of a deleted MachineDeployment — its ByoMachine
 *                       goes and its ByoHost loses machineRef and both labels
 *
 * It also plays kube-controller-manager's garbage collector for Machines of
 * deleted MachineDeployments and the namespace controller for deleted
 * namespaces (finalizes them once no CAPI object is left in them). The
 * control plane under test only ever reads what this double writes.
 */
export interface CapiControllersOptions {
  intervalMs?: number;
  /** how long an object's new generation waits before it is reported ready (default 0: at once) */
  delayMs?: number;
  /** only objects whose labels this accepts are handled (default: all), e.g. one test's tenant */
  matches?: (labels: Record<string, string>) => boolean;
  /** a failure to report on a Cluster (e.g. for a failure test): its failureReason and failureMessage */
  failCluster?: (name: string, namespace: string) => { reason: string; message: string } | undefined;
  /**
   * Called for every Running Machine on each pass, so a kubelet double can register its Node in the workload
   * cluster (test/doubles/addon-controllers.ts); `machineReady` says whether that Node is Ready (default: yes),
   * which is what CAPI counts as a ready replica and reports as the Machine's NodeHealthy.
   */
  onMachineRunning?: (m: RunningMachine) => void;
  machineReady?: (m: RunningMachine) => boolean;
}

/** A Running Machine and the Node it runs as (named after its ByoHost). */
export interface RunningMachine {
  namespace: string;
  cluster: string;
  machine: string;
  node: string;
  version?: string;
}

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    generation?: number;
    deletionTimestamp?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
}

const KINDS = {
  controlPlanes: "/apis/controlplane.cluster.x-k8s.io/v1alpha1/kamajicontrolplanes",
  clusters: "/apis/cluster.x-k8s.io/v1beta1/clusters",
  machineDeployments: "/apis/cluster.x-k8s.io/v1beta1/machinedeployments",
  machines: "/apis/cluster.x-k8s.io/v1beta1/machines",
  byoMachines: "/apis/infrastructure.cluster.x-k8s.io/v1beta1/byomachines",
  byoMachineTemplates: "/apis/infrastructure.cluster.x-k8s.io/v1beta1/byomachinetemplates",
};
const BYOHOSTS = "/apis/infrastructure.cluster.x-k8s.io/v1beta1/byohosts";
const INFRA = "infrastructure.cluster.x-k8s.io/v1beta1";

const CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
const DEPLOYMENT_NAME = "cluster.x-k8s.io/deployment-name";
const BYOMACHINE_NAME = "byoh.infrastructure.cluster.x-k8s.io/byomachine-name";
const DELETE_MACHINE = "cluster.x-k8s.io/delete-machine";

/** A Machine the double removed because its MachineDeployment scaled down. */
export interface RemovedMachine {
  namespace: string;
  machine: string;
  /** the ByoHost it ran on, and that host's `ckp.io/host-id` */
  byoHost?: string;
  hostId?: string;
  /** whether it carried the delete-machine annotation */
  annotated: boolean;
}

const inNs = (base: string, ns: string) => base.replace(/\/([a-z]+)$/, `/namespaces/${ns}/$1`);
const key = (o: { metadata: { namespace: string; name: string } }) => `${o.metadata.namespace}/${o.metadata.name}`;

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
  readonly patches = { controlPlanes: 0, clusters: 0, machineDeployments: 0, machines: 0, byoHosts: 0, namespaces: 0 };
  /** Machines removed on scale-down, in order */
  readonly removed: RemovedMachine[] = [];
  /** reconcile failures (a test can assert there were none) */
  readonly errors: string[] = [];
  /**
   * CAPI removes Machines marked with the delete-machine annotation first. A
   * test may turn that off to play a CAPI that picks others: it then removes
   * unmarked Machines first, so the one it picks differs from the marked one.
   */
  honourDeleteAnnotation = true;
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

  private matches(o: Obj): boolean {
    return this.o.matches?.(o.metadata.labels ?? {}) ?? true;
  }

  private handles(o: Obj): boolean {
    return !o.metadata.deletionTimestamp && this.matches(o);
  }

  /** True once the object's current generation has waited delayMs. */
  private due(o: Obj): boolean {
    const k = `${o.metadata.uid}/${o.metadata.generation ?? 0}`;
    const now = Date.now();
    if (!this.firstSeen.has(k)) this.firstSeen.set(k, now);
    return now - (this.firstSeen.get(k) as number) >= (this.o.delayMs ?? 0);
  }

  private async list(path: string): Promise<Obj[]> {
    const res = await kubeRequest(this.api, "GET", path);
    return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
  }

  /** The apiserver validates against the CRD schema: a refused write is a bug of this double, so it throws. */
  private async send(method: string, path: string, body: object, contentType = "application/merge-patch+json"): Promise<boolean> {
    const res = await kubeRequest(this.api, method, path, { body, ...(method === "PATCH" ? { contentType } : {}) });
    if (res.status === 404) return false; // deleted meanwhile (or its namespace)
    // a create racing the namespace's deletion: the MachineDeployment is going too
    if (method === "POST" && res.status === 403 && /being terminated/.test(JSON.stringify(res.body))) return false;
    if (res.status >= 300) throw new Error(`${method} ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return true;
  }

  private async patchStatus(base: string, o: Obj, status: Record<string, unknown>): Promise<void> {
    await this.send("PATCH", `${inNs(base, o.metadata.namespace)}/${o.metadata.name}/status`, { status });
  }

  private async remove(base: string, o: Obj): Promise<void> {
    const res = await kubeRequest(this.api, "DELETE", `${inNs(base, o.metadata.namespace)}/${o.metadata.name}`);
    if (res.status >= 300 && res.status !== 404) throw new Error(`delete ${key(o)} refused: ${res.status}`);
  }

  async reconcile(): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const cond = (type: string) => ({ type, status: "True", lastTransitionTime: now });
    const [cps, clusters, mds] = await Promise.all([
      this.list(KINDS.controlPlanes),
      this.list(KINDS.clusters),
      this.list(KINDS.machineDeployments),
    ]);

    const readyCp = new Set<string>();
    /** the version each control plane reports (after this pass's patches), by namespace/name */
    const reported = new Map<string, string>();
    for (const cp of cps)
      if (typeof cp.status?.version === "string") reported.set(`${cp.metadata.namespace}/${cp.metadata.name}`, cp.status.version);
    for (const cp of cps.filter((x) => this.handles(x))) {
      const s = cp.status ?? {};
      const version = cp.spec?.version as string;
      const replicas = (cp.spec?.replicas as number | undefined) ?? 2;
      if (s.ready === true && s.initialized === true && s.version === version) {
        readyCp.add(key(cp));
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
      readyCp.add(key(cp));
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

    await this.reconcileMachines(mds, clusters, reported, now);
    await this.finalizeNamespaces();
  }

  /** MachineSets, ByoMachines and the BYOH host agent, for the MachineDeployments this double handles. */
  private async reconcileMachines(mds: Obj[], clusters: Obj[], reported: Map<string, string>, now: string): Promise<void> {
    const cond = (type: string, status = "True", reason?: string) => ({
      type,
      status,
      lastTransitionTime: now,
      ...(reason ? { reason, severity: "Info" } : {}),
    });
    const [machines, byoMachines, templates, byoHosts] = await Promise.all([
      this.list(KINDS.machines),
      this.list(KINDS.byoMachines),
      this.list(KINDS.byoMachineTemplates),
      this.list(BYOHOSTS),
    ]);
    const liveMds = new Map(mds.filter((m) => this.handles(m)).map((m) => [key(m), m]));
    const byoMachineOf = new Map(byoMachines.map((b) => [key(b), b]));
    const machineOfByoMachine = new Map<string, Obj>();
    for (const m of machines) {
      const ref = m.spec?.infrastructureRef as { name?: string } | undefined;
      if (ref?.name) machineOfByoMachine.set(`${m.metadata.namespace}/${ref.name}`, m);
    }
    const hostOf = (bm: string) =>
      byoHosts.find((h) => {
        const r = h.status?.machineRef as { name?: string; namespace?: string } | undefined;
        return r?.name && `${r.namespace}/${r.name}` === bm;
      });

    // the host agent: a ByoHost whose ByoMachine or Machine is gone is reset and released
    for (const h of byoHosts.filter((x) => this.matches(x))) {
      const r = h.status?.machineRef as { name?: string; namespace?: string } | undefined;
      if (!r?.name) continue;
      const bm = `${r.namespace}/${r.name}`;
      if (byoMachineOf.has(bm) && machineOfByoMachine.has(bm)) continue;
      await this.release(h);
      const orphan = byoMachineOf.get(bm);
      if (orphan) await this.remove(KINDS.byoMachines, orphan);
    }

    // garbage collection: Machines of MachineDeployments that are gone
    const alive: Obj[] = [];
    for (const m of machines.filter((x) => this.matches(x))) {
      const md = m.metadata.labels?.[DEPLOYMENT_NAME];
      if (!md) continue;
      if (liveMds.has(`${m.metadata.namespace}/${md}`) && !m.metadata.deletionTimestamp) {
        alive.push(m);
        continue;
      }
      await this.removeMachine(m, byoMachineOf, hostOf);
    }

    for (const md of liveMds.values()) {
      const ns = md.metadata.namespace;
      const want = (md.spec?.replicas as number | undefined) ?? 1;
      const gen = md.metadata.generation ?? 1;
      const cl = clusters.find((c) => c.metadata.namespace === ns && c.metadata.name === md.spec?.clusterName);
      const cpName = (cl?.spec?.controlPlaneRef as { name?: string } | undefined)?.name ?? md.spec?.clusterName;
      const cpVersion = reported.get(`${ns}/${cpName}`);
      if (!cpVersion) continue; // workers join a control plane that is up
      const version = md.spec?.template?.spec?.version as string | undefined;
      if (version && newer(version, cpVersion)) {
        // left as it is, unreported: kubelets never run newer than their API server
        const what = `${ns}/${md.metadata.name}@${gen}: workers ${version}, control plane ${cpVersion}`;
        if (!this.skew.includes(what)) this.skew.push(what);
        continue;
      }
      const template = templates.find(
        (t) => t.metadata.namespace === ns && t.metadata.name === md.spec?.template?.spec?.infrastructureRef?.name,
      );
      let own = alive.filter((m) => m.metadata.namespace === ns && m.metadata.labels?.[DEPLOYMENT_NAME] === md.metadata.name);

      // scale down: annotated Machines first (unannotated first when the annotation is not honoured), then the newest
      if (own.length > want) {
        const first = (m: Obj) => (m.metadata.annotations?.[DELETE_MACHINE] !== undefined) === this.honourDeleteAnnotation;
        const victims = [...own]
          .sort(
            (a, b) =>
              Number(first(b)) - Number(first(a)) ||
              (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? "") ||
              b.metadata.name.localeCompare(a.metadata.name),
          )
          .slice(0, own.length - want);
        for (const v of victims) {
          const bm = `${ns}/${(v.spec?.infrastructureRef as { name: string } | undefined)?.name}`;
          const host = hostOf(bm);
          this.removed.push({
            namespace: ns,
            machine: v.metadata.name,
            ...(host ? { byoHost: host.metadata.name, hostId: host.metadata.labels?.["ckp.io/host-id"] } : {}),
            annotated: v.metadata.annotations?.[DELETE_MACHINE] !== undefined,
          });
          await this.removeMachine(v, byoMachineOf, hostOf);
        }
        own = own.filter((m) => !victims.includes(m));
      }
      // scale up: a Machine and its ByoMachine per missing replica
      if (own.length < want && template) {
        for (let i = own.length; i < want; i++) {
          const m = await this.createMachine(md, template);
          if (!m) break;
          own.push(m);
        }
      }

      const due = this.due(md);
      let ready = 0;
      let updated = 0;
      for (const m of own) {
        // a new version is rolled onto the Machines in place (real CAPI replaces them one by one)
        if (due && version && m.spec?.version !== version) {
          await this.send("PATCH", `${inNs(KINDS.machines, ns)}/${m.metadata.name}`, { spec: { version } });
          m.spec = { ...m.spec, version };
        }
        const bmName = `${ns}/${(m.spec?.infrastructureRef as { name: string } | undefined)?.name}`;
        let host = hostOf(bmName);
        if (!host) {
          const bm = byoMachineOf.get(bmName);
          const selector = ((bm?.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {}) as Record<
            string,
            string
          >;
          host = byoHosts
            .filter((h) => this.handles(h) && !h.metadata.labels?.[CLUSTER_NAME] && !h.status?.machineRef)
            .filter((h) => Object.entries(selector).every(([k, v]) => h.metadata.labels?.[k] === v))
            .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
          if (host && bm) await this.claim(host, bm, md.spec?.clusterName as string);
        }
        const running = Boolean(host);
        const rm: RunningMachine | undefined = host
          ? { namespace: ns, cluster: md.spec?.clusterName, machine: m.metadata.name, node: host.metadata.name, version: m.spec?.version }
          : undefined;
        if (rm) this.o.onMachineRunning?.(rm);
        const nodeReady = rm ? (this.o.machineReady?.(rm) ?? true) : false;
        const nodeCond = (type: string) => cond(type, nodeReady ? "True" : "False", nodeReady ? undefined : "NodeConditionsFailed");
        const status = running
          ? {
              phase: "Running",
              bootstrapReady: true,
              infrastructureReady: true,
              nodeRef: { apiVersion: "v1", kind: "Node", name: host?.metadata.name },
              conditions: [nodeCond("Ready"), cond("InfrastructureReady"), cond("BootstrapReady"), nodeCond("NodeHealthy")],
            }
          : {
              phase: "Provisioning",
              bootstrapReady: true,
              infrastructureReady: false,
              conditions: [cond("Ready", "False", "WaitingForByoHost"), cond("InfrastructureReady", "False", "WaitingForByoHost")],
            };
        const wasHealthy = (m.status?.conditions as Array<{ type: string; status: string }> | undefined)?.some(
          (c) => c.type === "NodeHealthy" && c.status === "True",
        );
        if (
          m.status?.phase !== status.phase ||
          m.status?.nodeRef?.name !== (running ? host?.metadata.name : undefined) ||
          (running && wasHealthy !== nodeReady)
        ) {
          await this.patchStatus(KINDS.machines, m, status);
          this.patches.machines++;
        }
        if (running && nodeReady) ready++;
        if (running && m.spec?.version === version) updated++;
      }

      if (!due) continue;
      const s = md.status ?? {};
      const status = {
        replicas: own.length,
        readyReplicas: ready,
        updatedReplicas: updated,
        availableReplicas: ready,
        unavailableReplicas: Math.max(0, own.length - ready),
        observedGeneration: gen,
        phase: ready === want && own.length === want ? "Running" : own.length > want ? "ScalingDown" : "ScalingUp",
        conditions: [
          cond("Ready", ready === want ? "True" : "False", ready === want ? undefined : "WaitingForMachines"),
          cond("Available", ready === want ? "True" : "False", ready === want ? undefined : "WaitingForMachines"),
        ],
      };
      if (
        s.observedGeneration === gen &&
        s.replicas === status.replicas &&
        s.readyReplicas === ready &&
        s.updatedReplicas === updated &&
        s.phase === status.phase
      )
        continue;
      await this.patchStatus(KINDS.machineDeployments, md, status);
      this.patches.machineDeployments++;
    }
  }

  private async createMachine(md: Obj, template: Obj): Promise<Obj | undefined> {
    const ns = md.metadata.namespace;
    const name = `${md.metadata.name}-${randomBytes(4).toString("hex").slice(0, 5)}`;
    const clusterName = md.spec?.clusterName as string;
    const labels = { ...(md.spec?.template?.metadata?.labels ?? {}), [CLUSTER_NAME]: clusterName, [DEPLOYMENT_NAME]: md.metadata.name };
    const tspec = template.spec?.template?.spec ?? {};
    const created = await this.send("POST", inNs(KINDS.byoMachines, ns), {
      apiVersion: INFRA,
      kind: "ByoMachine",
      metadata: { name, namespace: ns, labels },
      spec: {
        ...(tspec.selector ? { selector: tspec.selector } : {}),
        ...(tspec.installerRef ? { installerRef: tspec.installerRef } : {}),
      },
    });
    const machine = {
      apiVersion: "cluster.x-k8s.io/v1beta1",
      kind: "Machine",
      metadata: { name, namespace: ns, labels },
      spec: {
        clusterName,
        version: md.spec?.template?.spec?.version,
        bootstrap: { dataSecretName: `${name}-bootstrap` },
        infrastructureRef: { apiVersion: INFRA, kind: "ByoMachine", name, namespace: ns },
      },
    };
    if (!created || !(await this.send("POST", inNs(KINDS.machines, ns), machine))) return undefined;
    return { ...machine, metadata: { ...machine.metadata, uid: "", creationTimestamp: new Date().toISOString() } } as Obj;
  }

  /** Deletes a Machine and its ByoMachine, and releases the ByoHost it ran on. */
  private async removeMachine(m: Obj, byoMachineOf: Map<string, Obj>, hostOf: (bm: string) => Obj | undefined): Promise<void> {
    const bm = `${m.metadata.namespace}/${(m.spec?.infrastructureRef as { name: string } | undefined)?.name}`;
    await this.remove(KINDS.machines, m);
    const host = hostOf(bm);
    if (host) await this.release(host);
    const b = byoMachineOf.get(bm);
    if (b) await this.remove(KINDS.byoMachines, b);
  }

  private async claim(host: Obj, bm: Obj, clusterName: string): Promise<void> {
    const path = `${inNs(BYOHOSTS, host.metadata.namespace)}/${host.metadata.name}`;
    await this.send("PATCH", path, {
      metadata: { labels: { [CLUSTER_NAME]: clusterName, [BYOMACHINE_NAME]: `${bm.metadata.namespace}.${bm.metadata.name}` } },
    });
    await this.send("PATCH", `${path}/status`, {
      status: {
        machineRef: {
          apiVersion: INFRA,
          kind: "ByoMachine",
          namespace: bm.metadata.namespace,
          name: bm.metadata.name,
          uid: bm.metadata.uid,
        },
      },
    });
    await this.patchStatus(KINDS.byoMachines, bm, { ready: true });
    host.metadata.labels = { ...host.metadata.labels, [CLUSTER_NAME]: clusterName };
    host.status = { ...host.status, machineRef: { name: bm.metadata.name, namespace: bm.metadata.namespace } };
    this.patches.byoHosts++;
  }

  private async release(host: Obj): Promise<void> {
    const path = `${inNs(BYOHOSTS, host.metadata.namespace)}/${host.metadata.name}`;
    await this.send("PATCH", `${path}/status`, { status: { machineRef: null } });
    await this.send("PATCH", path, { metadata: { labels: { [CLUSTER_NAME]: null, [BYOMACHINE_NAME]: null } } });
    if (host.status) delete host.status.machineRef;
    if (host.metadata.labels) delete host.metadata.labels[CLUSTER_NAME];
    this.patches.byoHosts++;
  }

  /** The namespace controller's part: a deleted namespace with no CAPI objects left loses its finalizer. */
  private async finalizeNamespaces(): Promise<void> {
    const res = await kubeRequest(this.api, "GET", "/api/v1/namespaces");
    const terminating = (
      (res.body as { items?: Array<{ metadata: { name: string; deletionTimestamp?: string; labels?: Record<string, string> } }> }).items ??
      []
    ).filter((n) => n.metadata.deletionTimestamp && (this.o.matches?.(n.metadata.labels ?? {}) ?? true));
    for (const ns of terminating) {
      const left = await Promise.all(Object.values(KINDS).map((k) => this.list(inNs(k, ns.metadata.name))));
      if (left.some((l) => l.length > 0)) continue;
      await kubeRequest(this.api, "PUT", `/api/v1/namespaces/${ns.metadata.name}/finalize`, {
        body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.metadata.name }, spec: { finalizers: [] } },
      });
      this.patches.namespaces++;
    }
  }
}
