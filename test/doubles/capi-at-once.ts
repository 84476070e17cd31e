import { randomBytes } from "node:crypto";
import yaml from "js-yaml";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import type { Api, KubeObj } from "./kube-object.js";
import { PollingLoop } from "./polling-loop.js";
import { isTransientNetworkError } from "./transient.js";
import type { WatchCache } from "./watch-cache.js";
import { ObjectWorkers } from "./workers.js";
import type { ClusterRef, WorkloadClusters } from "./workload-clusters.js";

/**
 * Test double of Cluster API's core, kubeadm bootstrap and BYOH managers
 * answering a cluster's creation at once — the "CAPI double answering at
 * once" issue 23 sets its time targets against, so the clusters benchmark can
 * measure the control plane's own reaction apart from the real managers'
 * (`BENCH_CAPI=double`; every test tier runs the real managers, scripts/capi).
 * It plays only what a create needs, when all goes well, polling the
 * management apiserver:
 *
 *   Cluster              phase Provisioned, infrastructureReady, controlPlaneReady and their conditions,
 *                        once its KamajiControlPlane reports ready (Kamaji's double, provider-doubles.ts)
 *   MachineDeployment    a Machine and a ByoMachine per replica (from its templates), each given a free
 *                        ByoHost matching the ByoMachineTemplate's selector as BYOH's manager would (its
 *                        labels and machineRef), the kubelet's Node registered in the workload cluster
 *                        (WorkloadClusters.ensureNode, as the host agent's join does), the Machine Running
 *                        with its nodeRef; status counts them
 *   ClusterResourceSet   applies its Secrets' and ConfigMaps' YAML to the workload clusters it selects
 *                        (server-side apply) and reports ResourcesApplied, or ApplyFailed and tries
 *                        again on the next pass
 *
 * No scale-down, upgrade, deletion or failure: the benchmark only creates.
 * The control plane under test only reads what this double writes.
 */
export interface CapiAtOnceOptions {
  /** the workload clusters Kamaji's double started (their apiservers take the Nodes and the resource sets) */
  workloads: WorkloadClusters;
  intervalMs?: number;
  /** read the management cluster's collections from this shared watch (and wake on its changes) instead of listing each pass */
  cache?: WatchCache;
}

type Obj = KubeObj;

const CAPI = "/apis/cluster.x-k8s.io/v1beta1";
const INFRA = "infrastructure.cluster.x-k8s.io/v1beta1";
const PATHS = {
  controlPlanes: "/apis/controlplane.cluster.x-k8s.io/v1alpha1/kamajicontrolplanes",
  clusters: `${CAPI}/clusters`,
  machineDeployments: `${CAPI}/machinedeployments`,
  machines: `${CAPI}/machines`,
  byoMachines: `/apis/${INFRA}/byomachines`,
  byoMachineTemplates: `/apis/${INFRA}/byomachinetemplates`,
  byoHosts: `/apis/${INFRA}/byohosts`,
  resourceSets: "/apis/addons.cluster.x-k8s.io/v1beta1/clusterresourcesets",
};
const CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
const DEPLOYMENT_NAME = "cluster.x-k8s.io/deployment-name";
const BYOMACHINE_NAME = "byoh.infrastructure.cluster.x-k8s.io/byomachine-name";

const inNs = (base: string, ns: string) => base.replace(/\/([a-z]+)$/, `/namespaces/${ns}/$1`);
const key = (o: { metadata: { namespace: string; name: string } }) => `${o.metadata.namespace}/${o.metadata.name}`;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const cond = (type: string, status = "True", reason?: string, message?: string) => ({
  type,
  status,
  lastTransitionTime: now(),
  ...(reason ? { reason, severity: status === "True" ? "Info" : "Warning" } : {}),
  ...(message ? { message } : {}),
});

export class CapiAtOnce {
  /** Cluster API's controllers, each with its own loop and work queue: a slow MachineDeployment holds back no Cluster */
  private readonly loops: PollingLoop[];
  private readonly work: ObjectWorkers;
  /** writes made, per kind (for the benchmark's table) */
  readonly writes = { clusters: 0, machines: 0, machineDeployments: 0, byoHosts: 0, resourceSets: 0 };
  /** reconcile failures, each once */
  readonly errors: string[] = [];
  /** resource sets applied, by set and cluster (the Reconcile strategy's hash aside: a set applies once per cluster here) */
  private readonly applied = new Set<string>();
  /** ByoHosts given to a ByoMachine, taken before the claim's writes so two deployments reconciled at once never share one */
  private readonly claimed = new Set<string>();

  constructor(
    private readonly api: Api,
    private readonly o: CapiAtOnceOptions,
  ) {
    this.work = new ObjectWorkers((what, e) => this.error(`${what}: ${(e as Error).message}`, e));
    const loop = (pass: () => Promise<void>) =>
      new PollingLoop(() => pass().catch((e: unknown) => this.error((e as Error).message, e)), o.intervalMs ?? 250, { wakeOn: o.cache });
    this.loops = [loop(() => this.reconcileClusters()), loop(() => this.reconcileWorkers()), loop(() => this.reconcileResourceSets())];
  }

  start(): void {
    for (const l of this.loops) l.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop()));
    await this.work.idle();
  }

  private error(message: string, cause?: unknown): void {
    if (cause !== undefined && isTransientNetworkError(cause)) return;
    if (!this.errors.includes(message)) this.errors.push(message);
  }

  private async list(path: string): Promise<Obj[]> {
    if (this.o.cache) return this.o.cache.list(path);
    const res = await kubeRequest(this.api, "GET", path);
    return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
  }

  /** A refused write is a bug of this double (the apiserver validates against the CRDs), so it throws; 404: gone meanwhile. */
  private async send(method: string, path: string, body: object): Promise<boolean> {
    const res = await kubeRequest(this.api, method, path, {
      body,
      ...(method === "PATCH" ? { contentType: "application/merge-patch+json" } : {}),
    });
    if (res.status === 404) return false;
    if (res.status >= 300) throw new Error(`${method} ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    this.o.cache?.observe(res.body);
    return true;
  }

  private patchStatus(base: string, o: Obj, status: Record<string, unknown>): Promise<boolean> {
    return this.send("PATCH", `${inNs(base, o.metadata.namespace)}/${o.metadata.name}/status`, { status });
  }

  /** The live Clusters whose control plane Kamaji's double reports ready. */
  private async provisioned(): Promise<Obj[]> {
    const [cps, clusters] = await Promise.all([this.list(PATHS.controlPlanes), this.list(PATHS.clusters)]);
    const cpReady = new Set<string>();
    for (const cp of cps)
      if (cp.status?.ready === true && cp.status?.initialized === true && typeof cp.status.version === "string") cpReady.add(key(cp));
    return clusters.filter((cl) => {
      if (cl.metadata.deletionTimestamp || cl.spec?.paused === true) return false;
      const cpName = (cl.spec?.controlPlaneRef as { name?: string } | undefined)?.name ?? cl.metadata.name;
      return cpReady.has(`${cl.metadata.namespace}/${cpName}`);
    });
  }

  private async reconcileClusters(): Promise<void> {
    for (const cl of await this.provisioned()) {
      if (cl.status?.phase === "Provisioned" && cl.status?.controlPlaneReady === true) continue;
      this.work.start(`Cluster ${key(cl)}`, async () => {
        await this.patchStatus(PATHS.clusters, cl, {
          phase: "Provisioned",
          infrastructureReady: true,
          controlPlaneReady: true,
          observedGeneration: cl.metadata.generation,
          conditions: [cond("Ready"), cond("ControlPlaneReady"), cond("InfrastructureReady"), cond("ControlPlaneInitialized")],
        });
        this.writes.clusters++;
      });
    }
  }

  private settled(md: Obj): boolean {
    const s = md.status ?? {};
    const want = (md.spec?.replicas as number | undefined) ?? 1;
    return s.observedGeneration === md.metadata.generation && s.replicas === want && s.readyReplicas === want && s.updatedReplicas === want;
  }

  // --- MachineSets, ByoMachines, the hosts' joins ------------------------------

  private async reconcileWorkers(): Promise<void> {
    const provisioned = new Set((await this.provisioned()).map(key));
    for (const md of await this.list(PATHS.machineDeployments)) {
      if (md.metadata.deletionTimestamp || this.settled(md) || !provisioned.has(`${md.metadata.namespace}/${md.spec?.clusterName}`))
        continue;
      this.work.start(`MachineDeployment ${key(md)}`, async () => {
        const current = (await this.o.cache?.get(PATHS.machineDeployments, md.metadata.namespace, md.metadata.name)) ?? md;
        if (!this.settled(current)) await this.reconcileDeployment(current);
      });
    }
  }

  /** A deployment's Machines and ByoMachines, each given a free ByoHost, joined and Running — its machines side by side. */
  private async reconcileDeployment(md: Obj): Promise<void> {
    const [machines, templates, hosts] = await Promise.all([
      this.list(PATHS.machines),
      this.list(PATHS.byoMachineTemplates),
      this.list(PATHS.byoHosts),
    ]);
    const hostOf = new Map<string, Obj>();
    for (const h of hosts) {
      const r = h.status?.machineRef as { name?: string; namespace?: string } | undefined;
      if (r?.name) hostOf.set(`${r.namespace}/${r.name}`, h);
    }
    const ns = md.metadata.namespace;
    const clusterName = md.spec?.clusterName as string;
    const c: ClusterRef = { namespace: ns, name: clusterName };
    const want = (md.spec?.replicas as number | undefined) ?? 1;
    const version = md.spec?.template?.spec?.version as string | undefined;
    const template = templates.find(
      (t) => t.metadata.namespace === ns && t.metadata.name === md.spec?.template?.spec?.infrastructureRef?.name,
    );
    if (!template) return;
    const own = machines.filter((m) => m.metadata.namespace === ns && m.metadata.labels?.[DEPLOYMENT_NAME] === md.metadata.name);
    const created = await Promise.all(Array.from({ length: Math.max(0, want - own.length) }, () => this.createMachine(md, template)));
    if (created.some((m) => !m)) return;
    own.push(...(created as Obj[]));
    const selector = (template.spec?.template?.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
    const joined = await Promise.all(
      own.map(async (m) => {
        const byoMachine = `${ns}/${(m.spec?.infrastructureRef as { name?: string } | undefined)?.name ?? m.metadata.name}`;
        let host = hostOf.get(byoMachine);
        if (!host) {
          host = hosts
            .filter((h) => !h.metadata.deletionTimestamp && !h.metadata.labels?.[CLUSTER_NAME] && !h.status?.machineRef)
            .filter((h) => !this.claimed.has(key(h)) && Object.entries(selector).every(([k, v]) => h.metadata.labels?.[k] === v))
            .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
          if (!host) return false; // no free host yet: the Machine waits, as BYOH's would
          this.claimed.add(key(host));
          await this.claim(host, byoMachine, clusterName);
        }
        if (m.status?.phase !== "Running") {
          await this.o.workloads.ensureNode(c, {
            name: host.metadata.name,
            providerID: `byoh://${host.metadata.name}`,
            kubeletVersion: version ?? "v1.30.0",
          });
          await this.patchStatus(PATHS.machines, m, {
            phase: "Running",
            bootstrapReady: true,
            infrastructureReady: true,
            nodeRef: { apiVersion: "v1", kind: "Node", name: host.metadata.name },
            conditions: [cond("Ready"), cond("InfrastructureReady"), cond("BootstrapReady"), cond("NodeHealthy")],
          });
          this.writes.machines++;
        }
        return true;
      }),
    );
    const ready = joined.filter(Boolean).length;
    await this.patchStatus(PATHS.machineDeployments, md, {
      replicas: own.length,
      readyReplicas: ready,
      updatedReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: own.length - ready,
      observedGeneration: md.metadata.generation,
      phase: ready === want ? "Running" : "ScalingUp",
      conditions: [
        cond("Ready", ready === want ? "True" : "False", ready === want ? undefined : "WaitingForAvailableMachines"),
        cond("Available", ready === want ? "True" : "False", ready === want ? undefined : "WaitingForAvailableMachines"),
      ],
    });
    this.writes.machineDeployments++;
  }

  private async createMachine(md: Obj, template: Obj): Promise<Obj | undefined> {
    const ns = md.metadata.namespace;
    const name = `${md.metadata.name}-${randomBytes(4).toString("hex").slice(0, 5)}`;
    const clusterName = md.spec?.clusterName as string;
    const labels = { ...(md.spec?.template?.metadata?.labels ?? {}), [CLUSTER_NAME]: clusterName, [DEPLOYMENT_NAME]: md.metadata.name };
    const tspec = template.spec?.template?.spec ?? {};
    const byoMachine = {
      apiVersion: INFRA,
      kind: "ByoMachine",
      metadata: { name, namespace: ns, labels },
      spec: {
        ...(tspec.selector ? { selector: tspec.selector } : {}),
        ...(tspec.installerRef ? { installerRef: tspec.installerRef } : {}),
      },
    };
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
    if (!(await this.send("POST", inNs(PATHS.byoMachines, ns), byoMachine))) return undefined;
    if (!(await this.send("POST", inNs(PATHS.machines, ns), machine))) return undefined;
    return { ...machine, metadata: { ...machine.metadata, uid: "" } } as Obj;
  }

  /** BYOH's manager attaching a host to a ByoMachine: the labels that keep others off it, then its machineRef. */
  private async claim(host: Obj, byoMachine: string, clusterName: string): Promise<void> {
    const [namespace, name] = byoMachine.split("/") as [string, string];
    const path = `${inNs(PATHS.byoHosts, host.metadata.namespace)}/${host.metadata.name}`;
    await this.send("PATCH", path, { metadata: { labels: { [CLUSTER_NAME]: clusterName, [BYOMACHINE_NAME]: `${namespace}.${name}` } } });
    await this.send("PATCH", `${path}/status`, { status: { machineRef: { apiVersion: INFRA, kind: "ByoMachine", namespace, name } } });
    host.metadata.labels = { ...host.metadata.labels, [CLUSTER_NAME]: clusterName };
    host.status = { ...host.status, machineRef: { name, namespace } };
    this.writes.byoHosts++;
  }

  // --- ClusterResourceSets ------------------------------------------------------

  private async reconcileResourceSets(): Promise<void> {
    const clusters = await this.provisioned();
    for (const set of await this.list(PATHS.resourceSets)) {
      if (set.metadata.deletionTimestamp) continue;
      const selector = (set.spec?.clusterSelector?.matchLabels ?? {}) as Record<string, string>;
      const targets = clusters.filter(
        (c) => c.metadata.namespace === set.metadata.namespace && Object.entries(selector).every(([k, v]) => c.metadata.labels?.[k] === v),
      );
      const pending = targets.filter((c) => !this.applied.has(`${set.metadata.uid}/${key(c)}`));
      const reported = (set.status?.conditions ?? []).find((x: { type: string }) => x.type === "ResourcesApplied");
      if (!pending.length && (!targets.length || reported?.status === "True")) continue;
      this.work.start(`ClusterResourceSet ${key(set)}`, async () => {
        let failure: string | undefined;
        for (const c of pending) {
          try {
            await this.applySet(set, { namespace: c.metadata.namespace, name: c.metadata.name });
            this.applied.add(`${set.metadata.uid}/${key(c)}`);
          } catch (e) {
            if (isTransientNetworkError(e)) throw e;
            failure = (e as Error).message;
          }
        }
        await this.patchStatus(PATHS.resourceSets, set, {
          observedGeneration: set.metadata.generation,
          conditions: [failure ? cond("ResourcesApplied", "False", "ApplyFailed", failure) : cond("ResourcesApplied")],
        });
        this.writes.resourceSets++;
      });
    }
  }

  /** Applies a set's resources (Secrets or ConfigMaps in its namespace, each key a YAML stream) to one workload cluster. */
  private async applySet(set: Obj, c: ClusterRef): Promise<void> {
    const api = await this.o.workloads.apiserver(c);
    if (!api) throw new Error(`the workload cluster ${key({ metadata: c })} is not up`);
    for (const r of (set.spec?.resources ?? []) as Array<{ kind: string; name: string }>) {
      const path = `/api/v1/namespaces/${set.metadata.namespace}/${r.kind === "Secret" ? "secrets" : "configmaps"}/${r.name}`;
      const res = await kubeRequest(this.api, "GET", path);
      if (res.status !== 200) throw new Error(`${r.kind} ${r.name} not found`);
      const data = (res.body as Obj).data ?? {};
      for (const value of Object.values(data)) {
        const text = r.kind === "Secret" ? Buffer.from(value, "base64").toString("utf8") : value;
        for (const doc of yaml.loadAll(text) as Obj[]) if (doc) await this.apply(api, doc);
      }
    }
  }

  private async apply(api: Api, o: Obj): Promise<void> {
    const [group, version] = o.apiVersion?.includes("/") ? (o.apiVersion.split("/") as [string, string]) : [undefined, o.apiVersion];
    const plural = `${(o.kind ?? "").toLowerCase()}s`;
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const path =
      o.kind === "Namespace"
        ? `${base}/namespaces/${o.metadata.name}`
        : `${base}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`;
    const res = await kubeRequest(api, "PATCH", `${path}?fieldManager=capi-clusterresourceset&force=true`, {
      body: JSON.stringify(o),
      contentType: "application/apply-patch+yaml",
    });
    if (res.status >= 300) throw new Error(`${o.kind} ${o.metadata.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}
