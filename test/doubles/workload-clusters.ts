import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { PollingLoop } from "./polling-loop.js";
import { isTransientNetworkError } from "./transient.js";
import type { WatchCache } from "./watch-cache.js";
import { eachAtOnce } from "./workers.js";

/**
 * Test double of the workload clusters behind Kamaji hosted control planes.
 * Kamaji runs each tenant's kube-apiserver as pods on the management cluster,
 * which cannot run here (no nodes), so this double starts a **real
 * kube-apiserver + etcd** per KamajiControlPlane it sees and does what the
 * Kamaji control plane provider does on the management cluster once the
 * tenant is up: writes the `<cluster>-kubeconfig` Secret (CAPI's
 * convention: type `cluster.x-k8s.io/secret`, label
 * `cluster.x-k8s.io/cluster-name`, key `value`) that everything else —
 * CAPI's controllers, the control plane's addon health checks — uses to reach
 * the workload cluster. When the KamajiControlPlane goes, so do the Secret
 * and the apiserver.
 *
 * Like Kamaji's provider it also publishes where the API server is: the
 * KamajiControlPlane's `spec.controlPlaneEndpoint` (and, as CAPI's Cluster
 * controller copies it, the Cluster's), unless the cluster was given one.
 *
 * It also plays the kubelets' registration (`ensureNode`): a Node per worker,
 * with the provider id BYOH sets, whose Ready condition a test (or the addon
 * double, through `nodeReady`) decides.
 *
 * `shared: true` starts one apiserver for every cluster (benchmarks with
 * dozens of clusters): their kubeconfigs then all point at it, and objects
 * with the same name in different clusters are one object.
 *
 * The control plane under test only reads what this double writes.
 */
/** Set by the kubelet double on each Node (not a Kubernetes label): the cluster the Node joined. */
export const NODE_CLUSTER_LABEL = "test.ckp.io/cluster";

export interface WorkloadClustersOptions {
  intervalMs?: number;
  /** only KamajiControlPlanes whose labels this accepts are handled (default: all) */
  matches?: (labels: Record<string, string>) => boolean;
  shared?: boolean;
  /** the Ready condition of a node (default: Ready); e.g. NotReady until the cluster's CNI runs */
  nodeReady?: (cluster: ClusterRef, node: string) => Promise<NodeReadiness> | NodeReadiness;
  /** read the KamajiControlPlanes from this shared watch (and wake on its changes) instead of listing each pass */
  cache?: WatchCache;
}

export interface ClusterRef {
  namespace: string;
  name: string;
}

export type NodeReadiness = true | { reason: string; message: string };

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;

interface Obj {
  metadata: { name: string; namespace: string; uid: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const CONTROL_PLANES = "/apis/controlplane.cluster.x-k8s.io/v1alpha1/kamajicontrolplanes";
const CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
const key = (c: ClusterRef) => `${c.namespace}/${c.name}`;

/** A kubeconfig of `api`; `o.server` names it by another address (its certificate's name then in tls-server-name). */
export function kubeconfigFor(name: string, api: Api, o: { server?: string; tlsServerName?: string } = {}): string {
  const ca = Buffer.from(api.caData).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${o.server ?? api.server}`,
    `    certificate-authority-data: ${ca}`,
    ...(o.tlsServerName ? [`    tls-server-name: ${o.tlsServerName}`] : []),
    "users:",
    `- name: ${name}-admin`,
    "  user:",
    `    token: ${api.token}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    "",
  ].join("\n");
}

export class WorkloadClusters {
  private readonly apiservers = new Map<string, Promise<KubeApiserver>>();
  private sharedApi: Promise<KubeApiserver> | undefined;
  private readonly polling: PollingLoop;
  /** reconcile failures (a test can assert there were none) */
  readonly errors: string[] = [];
  /** kubeconfig Secrets written, per cluster key */
  readonly secretsWritten = new Set<string>();
  /** clusters whose control plane endpoint is published */
  private readonly endpoints = new Set<string>();
  private readonly nodeListeners = new Set<() => Promise<void> | void>();
  private readonly joining = new Map<string, number>();

  constructor(
    private readonly mgmt: Api,
    private readonly o: WorkloadClustersOptions = {},
  ) {
    this.polling = new PollingLoop(
      () =>
        this.reconcile().catch((e: unknown) => {
          // a dropped connection is retried at the next pass, as a controller requeues
          if (!isTransientNetworkError(e)) this.errors.push((e as Error).message);
        }),
      o.intervalMs ?? 300,
      { wakeOn: o.cache },
    );
  }

  /**
   * Called whenever a Node is about to join (`joiningOn` counts it) or has
   * left any workload cluster, and waited for: the DaemonSet controller's
   * double counts Nodes on these events, as the real one does on a Node
   * event, not on a timer of its own. A DaemonSet shared by every cluster of
   * one apiserver must not fall behind the fleet's Nodes joining it: each
   * cluster's addon check compares the two, and in a workload cluster of its
   * own no other cluster's Node would join.
   */
  onNodesChanged(f: () => Promise<void> | void): () => void {
    this.nodeListeners.add(f);
    return () => this.nodeListeners.delete(f);
  }

  private async nodesChanged(): Promise<void> {
    await Promise.all([...this.nodeListeners].map((f) => f()));
  }

  /** whether every cluster shares one apiserver */
  get shared(): boolean {
    return this.o.shared ?? false;
  }

  start(): void {
    this.polling.start();
  }

  async stop(): Promise<void> {
    await this.polling.stop();
    const all = [...this.apiservers.values(), ...(this.sharedApi ? [this.sharedApi] : [])];
    this.apiservers.clear();
    this.sharedApi = undefined;
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.stop()));
  }

  /**
   * Starts the apiserver every cluster shares (`shared`) now rather than when the first control plane appears: it
   * stands for each cluster's tenant apiserver, which Kamaji's double answers at once, and its process start
   * (seconds) is the double's, not the control plane's (the clusters benchmark calls this before its clock starts).
   */
  async prestartShared(): Promise<void> {
    if (!this.o.shared) throw new Error("only a shared workload apiserver can be started ahead");
    await this.sharedApiserver();
  }

  /** The one apiserver every cluster shares, started on first use. */
  private sharedApiserver(): Promise<KubeApiserver> {
    this.sharedApi ??= startKubeApiserver();
    return this.sharedApi;
  }

  /** The apiserver playing a cluster's workload cluster, once it has been started. */
  async apiserver(c: ClusterRef): Promise<KubeApiserver | undefined> {
    return this.apiservers.get(key(c));
  }

  /** Whether the cluster's tenant control plane is live here (its apiserver started or starting). */
  has(c: ClusterRef): boolean {
    return this.apiservers.has(key(c));
  }

  /** Whether the cluster's workload apiserver is up and its kubeconfig Secret written (waitFor would not wait). */
  isUp(c: ClusterRef): boolean {
    return this.apiservers.has(key(c)) && this.secretsWritten.has(key(c));
  }

  /** Waits until the cluster's workload apiserver is up and its kubeconfig Secret written. */
  async waitFor(c: ClusterRef, timeoutMs = 60_000): Promise<KubeApiserver> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const api = this.apiservers.get(key(c));
      if (api && this.secretsWritten.has(key(c))) return api;
      if (Date.now() > deadline) throw new Error(`workload cluster ${key(c)} did not come up within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async reconcile(): Promise<void> {
    const cps = await this.controlPlanes();
    const live = new Set<string>();
    const pending: Array<{ c: ClusterRef; cp: Obj }> = [];
    for (const cp of cps) {
      if (!(this.o.matches?.(cp.metadata.labels ?? {}) ?? true)) continue;
      // the KamajiControlPlane is named after its Cluster
      const c = { namespace: cp.metadata.namespace, name: cp.metadata.labels?.[CLUSTER_NAME] ?? cp.metadata.name };
      if (cp.metadata.deletionTimestamp) continue;
      live.add(key(c));
      if (!this.secretsWritten.has(key(c)) || !this.endpoints.has(key(c))) pending.push({ c, cp });
    }
    await eachAtOnce(pending, async ({ c, cp }) => {
      const api = await this.ensureApiserver(c);
      if (!this.secretsWritten.has(key(c))) {
        await this.writeKubeconfig(c, cp, api);
        this.secretsWritten.add(key(c));
      }
      if (!this.endpoints.has(key(c)) && (await this.publishEndpoint(c, cp, api))) this.endpoints.add(key(c));
    });
    for (const [k, p] of [...this.apiservers]) {
      if (live.has(k)) continue;
      this.apiservers.delete(k);
      this.secretsWritten.delete(k);
      this.endpoints.delete(k);
      const [namespace, name] = k.split("/") as [string, string];
      await kubeRequest(this.mgmt, "DELETE", `/api/v1/namespaces/${namespace}/secrets/${name}-kubeconfig`);
      if (!this.o.shared) await (await p.catch(() => undefined))?.stop();
    }
  }

  private async controlPlanes(): Promise<Obj[]> {
    if (this.o.cache) return (await this.o.cache.list(CONTROL_PLANES)) as Obj[];
    const res = await kubeRequest(this.mgmt, "GET", CONTROL_PLANES);
    return res.status === 200 ? ((res.body as { items?: Obj[] }).items ?? []) : [];
  }

  private ensureApiserver(c: ClusterRef): Promise<KubeApiserver> {
    let p = this.apiservers.get(key(c));
    if (!p) {
      p = this.o.shared ? this.sharedApiserver() : startKubeApiserver();
      this.apiservers.set(key(c), p);
      // a failed start is forgotten, so the next pass tries again
      p.catch(() => this.apiservers.get(key(c)) === p && this.apiservers.delete(key(c)));
    }
    return p;
  }

  private async writeKubeconfig(c: ClusterRef, cp: Obj, api: Api): Promise<void> {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      type: "cluster.x-k8s.io/secret",
      metadata: {
        name: `${c.name}-kubeconfig`,
        namespace: c.namespace,
        labels: { [CLUSTER_NAME]: c.name },
        ownerReferences: [
          {
            apiVersion: "controlplane.cluster.x-k8s.io/v1alpha1",
            kind: "KamajiControlPlane",
            name: cp.metadata.name,
            uid: cp.metadata.uid,
          },
        ],
      },
      data: { value: Buffer.from(kubeconfigFor(c.name, api)).toString("base64") },
    };
    const path = `/api/v1/namespaces/${c.namespace}/secrets/${secret.metadata.name}?fieldManager=kamaji-double&force=true`;
    const res = await kubeRequest(this.mgmt, "PATCH", path, { body: JSON.stringify(secret), contentType: "application/apply-patch+yaml" });
    if (res.status >= 300)
      throw new Error(`kubeconfig Secret for ${key(c)} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }

  /** Kamaji's endpoint on the KamajiControlPlane, and CAPI's copy of it on the Cluster, where none was given; true once both have one. */
  private async publishEndpoint(c: ClusterRef, cp: Obj, api: Api): Promise<boolean> {
    const url = new URL(api.server);
    const endpoint = { host: url.hostname, port: Number(url.port) };
    const patch = async (path: string): Promise<boolean> => {
      const res = await kubeRequest(this.mgmt, "GET", path);
      if (res.status !== 200) return false;
      if ((res.body as Obj).spec?.controlPlaneEndpoint) return true;
      const done = await kubeRequest(this.mgmt, "PATCH", path, {
        body: { spec: { controlPlaneEndpoint: endpoint } },
        contentType: "application/merge-patch+json",
      });
      if (done.status === 404) return false;
      if (done.status >= 300) throw new Error(`endpoint on ${path} refused: ${done.status} ${JSON.stringify(done.body).slice(0, 300)}`);
      this.o.cache?.observe(done.body);
      return true;
    };
    const kcp = await patch(
      `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${c.namespace}/kamajicontrolplanes/${cp.metadata.name}`,
    );
    const cluster = await patch(`/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/clusters/${c.name}`);
    return kcp && cluster;
  }

  /**
   * The kubelet's registration of a worker: a Node named `node` with the
   * provider id BYOH gives it, its Ready condition per `nodeReady`.
   */
  async ensureNode(
    c: ClusterRef,
    node: { name: string; providerID?: string; labels?: Record<string, string>; kubeletVersion?: string },
  ): Promise<void> {
    const api = await this.waitFor(c);
    const body = {
      apiVersion: "v1",
      kind: "Node",
      // the cluster's name as a label, so doubles sharing one apiserver among clusters can tell whose Node it is
      metadata: { name: node.name, labels: { "kubernetes.io/hostname": node.name, [NODE_CLUSTER_LABEL]: c.name, ...(node.labels ?? {}) } },
      spec: node.providerID ? { providerID: node.providerID } : {},
    };
    // counted as joining before it is there: a DaemonSet shared by every cluster of one apiserver is scheduled on it
    // first (see onNodesChanged), so no cluster's addon check sees another's Node before that Node's pod
    this.joining.set(api.server, (this.joining.get(api.server) ?? 0) + 1);
    try {
      await this.nodesChanged();
      const res = await kubeRequest(api, "PATCH", `/api/v1/nodes/${node.name}?fieldManager=kubelet-double&force=true`, {
        body: JSON.stringify(body),
        contentType: "application/apply-patch+yaml",
      });
      if (res.status >= 300) throw new Error(`Node ${node.name} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    } finally {
      this.joining.set(api.server, (this.joining.get(api.server) ?? 1) - 1);
    }
    await this.reportNode(c, node.name, node.kubeletVersion);
  }

  /** How many Nodes are joining the apiserver at `server` (counted by `ensureNode` until they are there). */
  joiningOn(server: string): number {
    return this.joining.get(server) ?? 0;
  }

  /** A Node leaves (its host was reset): deleted from the workload cluster, if there. */
  async removeNode(c: ClusterRef, name: string): Promise<void> {
    const api = await this.apiserver(c);
    if (!api) return;
    const res = await kubeRequest(api, "DELETE", `/api/v1/nodes/${name}`);
    if (res.status >= 300 && res.status !== 404) throw new Error(`Node ${name} delete refused: ${res.status}`);
    await this.nodesChanged();
  }

  /** The kubelet's status report: Ready per `nodeReady`. */
  async reportNode(c: ClusterRef, name: string, kubeletVersion = "v1.30.0"): Promise<void> {
    const api = await this.waitFor(c);
    const ready = (await this.o.nodeReady?.(c, name)) ?? true;
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const condition =
      ready === true
        ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }
        : { type: "Ready", status: "False", reason: ready.reason, message: ready.message };
    const status = {
      conditions: [{ ...condition, lastHeartbeatTime: now, lastTransitionTime: now }],
      nodeInfo: {
        kubeletVersion,
        kubeProxyVersion: kubeletVersion,
        machineID: name,
        systemUUID: name,
        bootID: name,
        kernelVersion: "6.1.0",
        osImage: "Ubuntu 20.04",
        containerRuntimeVersion: "containerd://1.7.0",
        operatingSystem: "linux",
        architecture: "amd64",
      },
    };
    const res = await kubeRequest(api, "PATCH", `/api/v1/nodes/${name}/status`, {
      body: JSON.stringify({ status }),
      contentType: "application/merge-patch+json",
    });
    if (res.status >= 300) throw new Error(`Node ${name} status refused: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}
