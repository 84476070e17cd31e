import { kubeRequest } from "../../scripts/kube/apiserver.js";
import type { Api, KubeObj } from "./kube-object.js";
import { PollingLoop } from "./polling-loop.js";
import { isTransientNetworkError } from "./transient.js";
import type { WatchCache } from "./watch-cache.js";
import { eachAtOnce } from "./workers.js";
import { type ClusterRef, WorkloadClusters, type WorkloadClustersOptions } from "./workload-clusters.js";

/**
 * Test double of the parts of the Cluster API providers that cannot run
 * here; Cluster API's own core, kubeadm bootstrap and BYOH managers run for
 * real next to it (scripts/capi/run.ts). Two parts:
 *
 * **Kamaji's tenant control planes.** Kamaji runs each cluster's API server
 * as pods of its TenantControlPlane, and its CAPI provider cannot run
 * without Kamaji's CRDs and those pods. For each KamajiControlPlane this
 * double starts the workload cluster (a real kube-apiserver, through
 * WorkloadClusters, which writes the `<cluster>-kubeconfig` Secret), then
 * does what the provider does once the tenant is up: sets
 * `spec.controlPlaneEndpoint` to that apiserver and reports status (ready,
 * initialized, version, replicas, conditions); an upgrade is reported once
 * its new generation has waited `delayMs`. `failControlPlane` makes it
 * report a failure instead.
 *
 * **BYOH's host agent.** On a real host, BYOH's agent registers the host's
 * details, and once BYOH's manager has attached the ByoHost to a
 * ByoMachine it runs the install script (the K8sInstallerConfig's Secret)
 * and the kubeadm join of the bootstrap data (the KubeadmConfig's Secret);
 * the kubelet then registers the Node. When BYOH marks the host for
 * cleanup, it runs `kubeadm reset` and the uninstall script and clears the
 * host. This double does the same against the apiservers: the join checks
 * that the bootstrap token in the data exists in the workload cluster (as
 * `kubeadm join` would) and registers the Node named after the ByoHost
 * (BYOH then sets its provider id), refusing, as kubeadm's preflight does, a
 * kubelet newer than the control plane reports; the reset removes that Node. It writes
 * as the host (`byoh:host:<name>`, group `byoh:hosts`), the identity BYOH's
 * ByoHost webhook and RBAC expect of an agent.
 *
 * Both honour Cluster API's pause (`spec.paused` on the Cluster, the
 * `cluster.x-k8s.io/paused` annotation BYOH sets on a ByoHost), as the real
 * ones do. Neither writes status a real controller owns: Cluster, Machine*,
 * ByoMachine, ByoCluster and KubeadmConfig status are the managers'.
 */
export interface ProviderDoublesOptions {
  intervalMs?: number;
  /** how long an object's new generation (or a host's join) waits before it is reported (default 0: at once) */
  delayMs?: number;
  /** only objects whose labels this accepts are handled (default: all), e.g. one test's tenants */
  matches?: (labels: Record<string, string>) => boolean;
  /** a failure for a KamajiControlPlane to report (its failureReason and failureMessage) */
  failControlPlane?: (name: string, namespace: string) => { reason: string; message: string } | undefined;
  /** the workload clusters to use (default: a new WorkloadClusters, shared apiserver, started and stopped with this) */
  workloads?: WorkloadClusters;
  /** options of the WorkloadClusters made when none is given */
  workloadOptions?: WorkloadClustersOptions;
  /** read the management cluster's collections from this shared watch (and wake on its changes) instead of listing each pass */
  cache?: WatchCache;
}

type Obj = KubeObj;

const CONTROL_PLANES = "/apis/controlplane.cluster.x-k8s.io/v1alpha1/kamajicontrolplanes";
const CLUSTERS = "/apis/cluster.x-k8s.io/v1beta1/clusters";
const BYOHOSTS = "/apis/infrastructure.cluster.x-k8s.io/v1beta1/byohosts";

const CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
const PAUSED = "cluster.x-k8s.io/paused";
const BYOH = "byoh.infrastructure.cluster.x-k8s.io";
const CLEANUP = `${BYOH}/unregistering`;
const K8S_VERSION = `${BYOH}/k8sversion`;
const BOOTSTRAPPED = "K8sNodeBootstrapSucceeded";
const INSTALLED = "K8sComponentsInstallationSucceeded";

const inNs = (base: string, ns: string) => base.replace(/\/([a-z]+)$/, `/namespaces/${ns}/$1`);
const key = (o: { metadata: { namespace: string; name: string } }) => `${o.metadata.namespace}/${o.metadata.name}`;
/** Whether Kubernetes version a is newer than b (v1.31.2 > v1.30.6). */
function newer(a: string, b: string): boolean {
  const p = (v: string) => v.replace(/^v/, "").split(/[.+-]/).map(Number);
  const [x, y] = [p(a), p(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

const conditionTrue = (o: Obj, type: string) =>
  ((o.status?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === type && c.status === "True");

/** A host that BYOH's manager released and this double's agent reset. */
export interface HostReset {
  byoHost: string;
  /** its `ckp.io/host-id` */
  hostId: string | undefined;
  /** the ByoMachine (and Machine) it ran */
  machine: string;
  namespace: string;
}

export class ProviderDoubles {
  readonly workloads: WorkloadClusters;
  private readonly ownWorkloads: boolean;
  private readonly polling: PollingLoop;
  private readonly firstSeen = new Map<string, number>();
  /** writes made, per part (for assertions and the benchmark) */
  readonly writes = { controlPlanes: 0, hosts: 0, joins: 0 };
  /** hosts reset after BYOH released them, in order */
  readonly resets: HostReset[] = [];
  /** reconcile failures (a test can assert there were none) */
  readonly errors: string[] = [];
  /** joins refused (a kubelet newer than its control plane, the bootstrap token missing in the workload cluster), each once */
  readonly joinFailures: string[] = [];
  /** ByoHosts by uid: the resourceVersion at which a pass last found nothing to do for them */
  private readonly settled = new Map<string, string>();
  /**
   * How long the agent waits between its cleanup's two writes (default 0): a test widens the window in which BYOH's
   * manager may pick the host for a waiting ByoMachine, to show that the order of the writes leaves no such window.
   */
  cleanupWriteGapMs = 0;

  constructor(
    private readonly api: Api,
    private readonly o: ProviderDoublesOptions = {},
  ) {
    this.polling = new PollingLoop(() => this.reconcile().catch((e: unknown) => this.error((e as Error).message, e)), o.intervalMs ?? 250, {
      wakeOn: o.cache,
    });
    this.ownWorkloads = !o.workloads;
    this.workloads =
      o.workloads ??
      new WorkloadClusters(api, {
        shared: true,
        ...(o.matches ? { matches: o.matches } : {}),
        ...o.workloadOptions,
      });
  }

  start(): void {
    if (this.polling.running) return;
    if (this.ownWorkloads) this.workloads.start();
    this.polling.start();
  }

  async stop(): Promise<void> {
    await this.polling.stop();
    if (this.ownWorkloads) await this.workloads.stop();
  }

  private matches(o: Obj): boolean {
    return this.o.matches?.(o.metadata.labels ?? {}) ?? true;
  }

  /** True once `k` has waited delayMs since first seen. */
  private due(k: string): boolean {
    const now = Date.now();
    if (!this.firstSeen.has(k)) this.firstSeen.set(k, now);
    return now - (this.firstSeen.get(k) as number) >= (this.o.delayMs ?? 0);
  }

  private async list(path: string): Promise<Obj[]> {
    if (this.o.cache) return this.o.cache.list(path);
    const res = await kubeRequest(this.api, "GET", path);
    return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
  }

  /** A refused write is a bug of this double (the apiserver validates, webhooks too), so it throws; 404: gone meanwhile. */
  private async send(method: string, path: string, body: object, headers?: Record<string, string>): Promise<boolean> {
    const res = await kubeRequest(this.api, method, path, {
      body,
      ...(method === "PATCH" ? { contentType: "application/merge-patch+json" } : {}),
      ...(headers ? { headers } : {}),
    });
    if (res.status === 404) return false;
    if (res.status >= 300) throw new Error(`${method} ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    this.o.cache?.observe(res.body);
    return true;
  }

  async reconcile(): Promise<void> {
    const [cps, clusters, hosts] = await Promise.all([this.list(CONTROL_PLANES), this.list(CLUSTERS), this.list(BYOHOSTS)]);
    const paused = new Set(clusters.filter((c) => c.spec?.paused === true).map(key));
    await this.reconcileControlPlanes(cps, paused);
    // the version each cluster's control plane reports (after this pass's reports), for the joins' version check
    const cpVersions = new Map<string, string>();
    for (const cp of cps)
      if (typeof cp.status?.version === "string")
        cpVersions.set(`${cp.metadata.namespace}/${cp.metadata.labels?.[CLUSTER_NAME] ?? cp.metadata.name}`, cp.status.version);
    await this.reconcileHosts(hosts, cpVersions);
  }

  // --- Kamaji -------------------------------------------------------------

  private async reconcileControlPlanes(cps: Obj[], paused: Set<string>): Promise<void> {
    await eachAtOnce(
      cps.filter((cp) => !cp.metadata.deletionTimestamp && this.matches(cp)),
      (cp) =>
        this.reconcileControlPlane(cp, paused).catch((e: unknown) =>
          this.error(`KamajiControlPlane ${key(cp)}: ${(e as Error).message}`, e),
        ),
    );
  }

  /** Records a failure once (a pass repeats it until it is fixed); a dropped connection is retried at the next pass. */
  private error(message: string, cause?: unknown): void {
    if (cause !== undefined && isTransientNetworkError(cause)) return;
    if (!this.errors.includes(message)) this.errors.push(message);
  }

  private async reconcileControlPlane(cp: Obj, paused: Set<string>): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const c: ClusterRef = { namespace: cp.metadata.namespace, name: cp.metadata.labels?.[CLUSTER_NAME] ?? cp.metadata.name };
    if (paused.has(`${c.namespace}/${c.name}`) || cp.metadata.annotations?.[PAUSED] !== undefined) return;
    const path = `${inNs(CONTROL_PLANES, cp.metadata.namespace)}/${cp.metadata.name}`;
    const replicas = (cp.spec?.replicas as number | undefined) ?? 2;
    const selector = `kamaji.clastix.io/name=${cp.metadata.name}`;
    const failure = this.o.failControlPlane?.(cp.metadata.name, cp.metadata.namespace);
    if (failure) {
      if (cp.status?.failureReason !== failure.reason) {
        // the tenant control plane never came up: none of its replicas is ready and it runs no version
        await this.send("PATCH", `${path}/status`, {
          status: {
            ready: false,
            initialized: false,
            externalManagedControlPlane: true,
            version: "",
            replicas,
            readyReplicas: 0,
            updatedReplicas: 0,
            unavailableReplicas: replicas,
            selector,
            failureReason: failure.reason,
            failureMessage: failure.message,
          },
        });
        cp.status = { ...cp.status, version: "" };
        this.writes.controlPlanes++;
      }
      return;
    }
    // the tenant control plane is up once its apiserver answers and its kubeconfig Secret is written
    const api = this.workloads.secretsWritten.has(`${c.namespace}/${c.name}`) ? await this.workloads.apiserver(c) : undefined;
    if (!api) return;
    const endpoint = new URL(api.server);
    const wantEndpoint = { host: endpoint.hostname, port: Number(endpoint.port) };
    if (cp.spec?.controlPlaneEndpoint?.host !== wantEndpoint.host || cp.spec?.controlPlaneEndpoint?.port !== wantEndpoint.port) {
      await this.send("PATCH", path, { spec: { controlPlaneEndpoint: wantEndpoint } });
      this.writes.controlPlanes++;
    }
    const version = cp.spec?.version as string;
    const s = cp.status ?? {};
    if (s.ready === true && s.initialized === true && s.version === version && s.replicas === replicas) return;
    // a new version rolls through the tenant's pods: it is reported once its generation waited delayMs
    if (!this.due(`${cp.metadata.uid}/${cp.metadata.generation ?? 0}`)) return;
    const cond = (type: string) => ({ type, status: "True", reason: "KamajiControlPlaneReady", message: "", lastTransitionTime: now });
    await this.send("PATCH", `${path}/status`, {
      status: {
        ready: true,
        initialized: true,
        externalManagedControlPlane: true,
        version,
        replicas,
        readyReplicas: replicas,
        updatedReplicas: replicas,
        unavailableReplicas: 0,
        selector,
        conditions: [cond("Ready"), cond("KamajiControlPlaneIsReady")],
      },
    });
    cp.status = { ...cp.status, version };
    this.writes.controlPlanes++;
  }

  // --- BYOH host agent ----------------------------------------------------

  private asHost(h: Obj): Record<string, string> {
    return { "Impersonate-User": `byoh:host:${h.metadata.name}`, "Impersonate-Group": "byoh:hosts" };
  }

  private async patchHost(h: Obj, body: object, status = false): Promise<boolean> {
    const path = `${inNs(BYOHOSTS, h.metadata.namespace)}/${h.metadata.name}${status ? "/status" : ""}`;
    this.writes.hosts++;
    return this.send("PATCH", path, body, this.asHost(h));
  }

  private async reconcileHosts(hosts: Obj[], cpVersions: Map<string, string>): Promise<void> {
    await eachAtOnce(
      hosts.filter((h) => !h.metadata.deletionTimestamp && this.matches(h) && h.metadata.annotations?.[PAUSED] === undefined),
      (h) => this.reconcileHost(h, cpVersions).catch((e: unknown) => this.error(`ByoHost ${key(h)}: ${(e as Error).message}`, e)),
    );
  }

  private async reconcileHost(h: Obj, cpVersions: Map<string, string>): Promise<void> {
    // a host last seen free, waiting for its bootstrap data or joined has nothing to do until it changes (most hosts, most passes)
    const version = h.metadata.resourceVersion;
    if (version !== undefined && this.settled.get(h.metadata.uid) === version) return;
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const cond = (type: string, status: "True" | "False", reason?: string) => ({
      type,
      status,
      lastTransitionTime: now,
      ...(reason ? { reason, severity: "Info" } : {}),
    });
    const setConditions = (h: Obj, ...set: Array<{ type: string }>) => {
      const others = ((h.status?.conditions ?? []) as Array<{ type: string }>).filter((c) => !set.some((s) => s.type === c.type));
      return [...others, ...set];
    };
    // registration: the agent reports the host's platform
    if (!h.status?.hostinfo) {
      const os = h.metadata.labels?.["ckp.io/os"] ?? "ubuntu-20.04";
      const [id, version] = os.split("-");
      const osImage = id === "ubuntu" ? `Ubuntu ${version}.6 LTS` : `${id} ${version}`;
      const hostinfo = { osname: "linux", osimage: osImage, architecture: h.metadata.labels?.["kubernetes.io/arch"] ?? "amd64" };
      if (!(await this.patchHost(h, { status: { hostinfo } }, true))) return;
      h.status = { ...h.status, hostinfo };
    }
    const machineRef = h.status?.machineRef as { name: string; namespace: string } | undefined;
    const clusterName = h.metadata.labels?.[CLUSTER_NAME];
    const c: ClusterRef | undefined = machineRef && clusterName ? { namespace: machineRef.namespace, name: clusterName } : undefined;

    // BYOH released the host: kubeadm reset, uninstall, clear what the attachment set. The reservation (status) goes
    // first, the labels that keep BYOH from choosing the host last: done the other way round (as BYOH v0.5.0's own
    // agent does, its patch helper writing metadata before status), a ByoMachine waiting for a host can take this one
    // between the two writes, and the second then wipes its machineRef: the host stays labelled for a Machine that
    // never gets a Node (seen in CI as a replacement Machine waiting for infrastructure until the test gave up)
    if (h.metadata.annotations?.[CLEANUP] !== undefined) {
      if (c && conditionTrue(h, BOOTSTRAPPED)) await this.workloads.removeNode(c, h.metadata.name);
      await this.patchHost(
        h,
        {
          status: {
            machineRef: null,
            conditions: setConditions(h, cond(BOOTSTRAPPED, "False", "K8sNodeAbsent"), cond(INSTALLED, "False", "K8sNodeAbsent")),
          },
        },
        true,
      );
      if (this.cleanupWriteGapMs) await new Promise((r) => setTimeout(r, this.cleanupWriteGapMs));
      await this.patchHost(h, {
        metadata: {
          labels: { [CLUSTER_NAME]: null, [`${BYOH}/byomachine-name`]: null },
          annotations: { [CLEANUP]: null, [`${BYOH}/endpointip`]: null, [K8S_VERSION]: null, [`${BYOH}/bundle-registry`]: null },
        },
        spec: { bootstrapSecret: null, installationSecret: null, uninstallationScript: null },
      });
      if (machineRef)
        this.resets.push({
          byoHost: h.metadata.name,
          hostId: h.metadata.labels?.["ckp.io/host-id"],
          machine: machineRef.name,
          namespace: machineRef.namespace,
        });
      return;
    }

    // attached: install, then join
    const bootstrap = h.spec?.bootstrapSecret as { name: string; namespace: string } | undefined;
    if (!c || !bootstrap || conditionTrue(h, BOOTSTRAPPED)) {
      if (version !== undefined) this.settled.set(h.metadata.uid, version);
      return;
    }
    if (!this.due(`join/${h.metadata.uid}/${machineRef?.name}`)) return;
    if (!conditionTrue(h, INSTALLED)) {
      const installation = h.spec?.installationSecret as { name: string; namespace: string } | undefined;
      if (!installation) return;
      const secret = await kubeRequest(this.api, "GET", `/api/v1/namespaces/${installation.namespace}/secrets/${installation.name}`);
      if (secret.status !== 200 || !secret.body.data?.install) return;
      const uninstall = Buffer.from(secret.body.data.uninstall ?? "", "base64").toString("utf8");
      await this.patchHost(h, { spec: { uninstallationScript: uninstall } });
      await this.patchHost(h, { status: { conditions: setConditions(h, cond(INSTALLED, "True")) } }, true);
      return; // the next pass joins, with the host as now stored
    }
    const refuse = async (why: string) => {
      const what = `${key(h)} joining ${c.namespace}/${c.name} with ${bootstrap.name}: ${why}`;
      if (!this.joinFailures.includes(what)) this.joinFailures.push(what);
      await this.patchHost(h, { status: { conditions: setConditions(h, cond(BOOTSTRAPPED, "False", "CloudInitExecutionFailed")) } }, true);
    };
    // kubeadm join's preflight: a kubelet never runs newer than its control plane (tried again on the next pass)
    const kubelet = h.metadata.annotations?.[K8S_VERSION] ?? "v1.30.0";
    const cpVersion = cpVersions.get(`${c.namespace}/${c.name}`);
    if (!cpVersion || newer(kubelet, cpVersion))
      return refuse(`kubelet ${kubelet} is newer than the control plane (${cpVersion ?? "no version reported"})`);
    const data = await kubeRequest(this.api, "GET", `/api/v1/namespaces/${bootstrap.namespace}/secrets/${bootstrap.name}`);
    if (data.status !== 200) return;
    const script = Buffer.from(data.body.data?.value ?? "", "base64").toString("utf8");
    const api = await this.workloads.apiserver(c);
    if (!api) return;
    // kubeadm join authenticates with the bootstrap token the kubeadm bootstrap provider created in the workload cluster
    const token = /token: ["']?([a-z0-9]{6})\.([a-z0-9]{16})/.exec(script);
    const tokenSecret = token
      ? await kubeRequest(api, "GET", `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${token[1]}`)
      : undefined;
    if (
      !token ||
      tokenSecret?.status !== 200 ||
      Buffer.from(tokenSecret.body.data?.["token-secret"] ?? "", "base64").toString() !== token[2]
    )
      return refuse(token ? `bootstrap token ${token[1]} is not in the workload cluster` : "no bootstrap token in the data");
    await this.workloads.ensureNode(c, { name: h.metadata.name, kubeletVersion: kubelet });
    await this.patchHost(h, { status: { conditions: setConditions(h, cond(BOOTSTRAPPED, "True")) } }, true);
    this.writes.joins++;
  }
}
