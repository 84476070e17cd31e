import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import yaml from "js-yaml";
import { canonicalJson } from "../../core/shared/canonical-json.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { type ChartObject, CNI_CHARTS, renderChart } from "./charts.js";
import { Coalesced } from "./coalesced.js";
import { KarpenterDouble } from "./karpenter.js";
import type { Api, KubeObj } from "./kube-object.js";
import { PollingLoop } from "./polling-loop.js";
import { isTransientNetworkError } from "./transient.js";
import { VeleroServer } from "./velero-server.js";
import type { WatchCache } from "./watch-cache.js";
import { eachAtOnce, ObjectWorkers } from "./workers.js";
import { type ClusterRef, NODE_CLUSTER_LABEL, type NodeReadiness, type WorkloadClusters } from "./workload-clusters.js";

/**
 * Test double of what installs and runs addons around a CAPI management
 * cluster, none of which can run here:
 *
 *   CAAPH (HelmChartProxy)   a HelmReleaseProxy per Cluster its selector matches (in its namespace), with
 *                            the valuesTemplate rendered against the Cluster (CAAPH's Go templates:
 *                            `{{ .Cluster.a.b }}` and `{{ index .Cluster.a.b 0 }}`); orphans are
 *                            uninstalled and deleted; status matchingClusters and conditions
 *   CAAPH (HelmReleaseProxy) installs or upgrades the release in the workload cluster, reached through
 *                            the Cluster's `<cluster>-kubeconfig` Secret: the objects the chart would create
 *                            (test/doubles/charts.ts; Velero's real CRDs from ../shared/crds); status
 *                            deployed, revision, observedGeneration, conditions
 *   Velero's server          (test/doubles/velero-server.ts) in each workload cluster running Velero's chart:
 *                            validates each BackupStorageLocation against its bucket (LocalStack's S3) with
 *                            the keys of its credential Secret and writes its phase; runs Backups (phases
 *                            FailedValidation/InProgress/Completed, their files written to the location's
 *                            bucket in Velero's layout), Schedules (phase; one Backup at once, another on the
 *                            test annotation `ckp.test/run-now`; later cron ticks are not played) and Restores
 *                            (read back from the bucket, namespaces and items recreated, namespaceMapping)
 *   Karpenter                (test/doubles/karpenter.ts) in each workload cluster running its chart: NodeClaims
 *                            for pending pods, the MachineDeployment scaled through the kubeconfig CKP gave it
 *   kubelets                 register a Node for every Running Machine (the CAPI double's onMachineRunning
 *                            hook), report Nodes NotReady (NetworkPluginNotReady) until the cluster's CNI
 *                            runs, and report the DaemonSets' and Deployments' pods ready
 *
 * `breakAddon` makes an addon's workload report pods not ready, `nodeDown` a Node NotReady, for failure
 * tests. The control plane under test only reads what this double writes.
 */
export interface AddonControllersOptions {
  workloads: WorkloadClusters;
  intervalMs?: number;
  /** only objects whose labels this accepts are handled (default: all) */
  matches?: (labels: Record<string, string>) => boolean;
  /** Velero's CRDs, installed with its chart */
  veleroCrdDir?: string;
  /** read the management cluster's collections from this shared watch (and wake on its changes) instead of listing each pass */
  cache?: WatchCache;
}

type Any = any;
type Obj = KubeObj;

const HCPS = "/apis/addons.cluster.x-k8s.io/v1alpha1/helmchartproxies";
const HRPS = "/apis/addons.cluster.x-k8s.io/v1alpha1/helmreleaseproxies";
const CLUSTERS = "/apis/cluster.x-k8s.io/v1beta1/clusters";
/** how long the kubelets' double leaves a cluster's Nodes unlooked-at while nothing they follow changed */
const KUBELETS_RECHECK_MS = 1_000;
/** the Secrets of CAPI clusters (the kubeconfigs among them), as the double reads them from a watch */
const CLUSTER_SECRETS = "/api/v1/secrets?labelSelector=cluster.x-k8s.io%2Fcluster-name";
const CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
const HCP_NAME = "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name";
const DEFAULT_VELERO_CRDS = resolve(import.meta.dirname, "../../../shared/crds/velero-v1.18.1");
const KARPENTER_CHART = "karpenter-provider-cluster-api";
const KARPENTER_CRDS = [
  resolve(import.meta.dirname, "../../../shared/crds/karpenter-v1.14.1"),
  resolve(import.meta.dirname, "../../../shared/crds/karpenter-provider-cluster-api-v0.2.0"),
];

const inNs = (base: string, ns: string) => base.replace(/\/([a-z]+)$/, `/namespaces/${ns}/$1`);
const keyOf = (c: ClusterRef) => `${c.namespace}/${c.name}`;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/** Where an object lives in the API (core and apps, storage, apiextensions are all this double writes). */
function pathOf(o: ChartObject | { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): string {
  const plural = `${o.kind.toLowerCase()}${o.kind.endsWith("s") ? "es" : "s"}`.replace(/ys$/, "ies");
  const base = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  return o.metadata.namespace
    ? `${base}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`
    : `${base}/${plural}/${o.metadata.name}`;
}

/** CAAPH's values templating, for what the control plane uses: paths into the Cluster, and `index`. */
export function renderValuesTemplate(template: string, cluster: Obj): string {
  return template.replace(/\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => {
    const m = /^(?:index\s+)?(\.[A-Za-z0-9_.]+)(?:\s+(\d+))?$/.exec(expr.trim());
    if (!m) throw new Error(`template action ${expr} is not supported`);
    const parts = (m[1] as string).split(".").slice(1);
    if (parts[0] !== "Cluster") throw new Error(`template: ${m[1]} is not a field of the Cluster`);
    let v: Any = cluster;
    for (const p of parts.slice(1)) {
      if (v === null || typeof v !== "object" || !(p in v)) throw new Error(`template: map has no entry for key "${p}" (${m[1]})`);
      v = v[p];
    }
    if (m[2] !== undefined) {
      if (!Array.isArray(v) || v.length <= Number(m[2])) throw new Error(`template: index ${m[2]} out of range in ${m[1]}`);
      v = v[Number(m[2])];
    }
    if (v === null || typeof v === "object") throw new Error(`template: ${m[1]} is not a value`);
    return String(v);
  });
}

interface Release {
  cluster: ClusterRef;
  chart: string;
  version: string;
  /** objects installed, by API path, with the generation written */
  objects: Map<string, { kind: string; name: string; generation: number; replicas: number }>;
  api: Api;
  /** the HelmReleaseProxy (uid, generation) this revision installed, once its status says so */
  from?: { uid: string; generation: number };
}

export class AddonControllers {
  private readonly polling: PollingLoop;
  /**
   * The kubelets' Node reports on a loop of their own, as kubelets report while Helm installs: behind the
   * releases' installs, a pass came every 1 to 2.5 s at 50 clusters.
   */
  private readonly kubeletPolling: PollingLoop;
  /** the addons' pods (reportPods), on a loop of their own too: one pass over every cluster's Nodes lagged their joins */
  private readonly podsPolling: PollingLoop;
  /** the pods' reports: one pass at a time, asked for by the loop, each Node joining or leaving, each release installed */
  private readonly pods: Coalesced;
  /**
   * The release controller's work queue, one cluster's releases at a time (as Helm installs into one cluster): a
   * pass starts what changed and goes on, so a release created during a slow install is not held for the pass's end.
   */
  private readonly releaseWork: ObjectWorkers;
  private unsubscribeNodes: (() => void) | undefined;
  private readonly o: AddonControllersOptions;
  private readonly apis = new Map<string, { rv: string; api: Api }>();
  /** installed releases, by HelmReleaseProxy namespace/name */
  private readonly releases = new Map<string, Release>();
  /** the clusters a CNI release runs in, from `releases` (dropped whenever it changes) */
  private cniClusters: Set<string> | undefined;
  /** per HelmChartProxy, what its last pass read when it found nothing to write, and the releases it wanted */
  private readonly chartProxiesSeen = new Map<string, { seen: string; wanted: string[] }>();
  private readonly statusWritten = new Map<string, string>();
  /** per cluster, what the Nodes' readiness followed when they were last looked at, and when */
  private readonly kubeletsSeen = new Map<string, { inputs: string; at: number }>();
  private readonly broken = new Map<string, { notReady: number; object?: string }>();
  private readonly down = new Set<string>();
  /** reconcile failures (a test can assert there were none) */
  readonly errors: string[] = [];
  /** every install or upgrade, in order: `<cluster> <chart> <version>` */
  readonly installs: string[] = [];
  readonly uninstalls: string[] = [];
  /** Velero's server in every workload cluster running its chart (a test may pause it: `velero.paused`) */
  readonly velero = new VeleroServer(this.errors);
  /** Karpenter with its Cluster API provider in every workload cluster running its chart (test/doubles/karpenter.ts) */
  readonly karpenter = new KarpenterDouble(this.errors);

  constructor(
    private readonly mgmt: Api,
    o: AddonControllersOptions,
  ) {
    this.o = o;
    // a dropped connection is retried at the next pass, as a controller requeues
    const record = (e: unknown) => {
      if (!isTransientNetworkError(e)) this.errors.push((e as Error).message);
    };
    this.polling = new PollingLoop(() => this.reconcile().catch(record), o.intervalMs ?? 300, { wakeOn: o.cache });
    this.releaseWork = new ObjectWorkers((_, e) => record(e));
    this.kubeletPolling = new PollingLoop(
      () =>
        this.list(this.mgmt, CLUSTERS)
          .then((clusters) => this.kubelets(clusters))
          .catch(record),
      o.intervalMs ?? 300,
    );
    this.pods = new Coalesced(() => this.reportPods().catch(record));
    this.podsPolling = new PollingLoop(() => this.pods.run(), o.intervalMs ?? 300);
  }

  /** For WorkloadClusters' options: NotReady until the cluster's CNI runs (or while a test holds the Node down). */
  readonly nodeReady = (c: ClusterRef, node: string): NodeReadiness => {
    if (this.down.has(`${keyOf(c)}/${node}`)) return { reason: "KubeletNotReady", message: "the kubelet stopped posting node status" };
    if (!this.cniRunning(c))
      return {
        reason: "NetworkPluginNotReady",
        message: "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized",
      };
    return true;
  };

  private cniRunning(c: ClusterRef): boolean {
    if (!this.cniClusters) {
      this.cniClusters = new Set();
      for (const r of this.releases.values()) if (CNI_CHARTS.has(r.chart)) this.cniClusters.add(keyOf(r.cluster));
    }
    return this.cniClusters.has(keyOf(c));
  }

  /** Makes `notReady` pods of an addon's workload (its first DaemonSet or Deployment, or the one named) report not ready. */
  breakAddon(c: ClusterRef, chart: string, o: { notReady?: number; object?: string } = {}): void {
    this.broken.set(`${keyOf(c)}|${chart}`, { notReady: o.notReady ?? 1, ...(o.object ? { object: o.object } : {}) });
    this.podsPolling.wake();
  }

  healAddon(c: ClusterRef, chart: string): void {
    this.broken.delete(`${keyOf(c)}|${chart}`);
    this.podsPolling.wake();
  }

  /** Holds a Node NotReady (its kubelet stops reporting), or lets it recover. */
  nodeDown(c: ClusterRef, node: string, isDown = true): void {
    if (isDown) this.down.add(`${keyOf(c)}/${node}`);
    else this.down.delete(`${keyOf(c)}/${node}`);
  }

  start(): void {
    this.polling.start();
    this.kubeletPolling.start();
    this.podsPolling.start();
    this.unsubscribeNodes ??= this.o.workloads.onNodesChanged(() => this.pods.run());
  }

  async stop(): Promise<void> {
    this.unsubscribeNodes?.();
    this.unsubscribeNodes = undefined;
    await Promise.all([this.polling.stop(), this.kubeletPolling.stop(), this.podsPolling.stop()]);
    await this.releaseWork.idle();
  }

  private matches(o: Obj): boolean {
    const ok = this.o.matches?.(o.metadata.labels ?? {}) ?? true;
    if (ok && o.metadata.namespace) this.namespaces.add(o.metadata.namespace);
    return ok;
  }

  /** The namespaces of the chart proxies and Clusters this double has handled. */
  private readonly namespaces = new Set<string>();

  /**
   * A release carries only CAAPH's two labels (its chart proxy's and Cluster's names): it is this double's if its
   * namespace is one whose chart proxies or Clusters are — remembered, so an orphan whose both are gone is too.
   */
  private matchesRelease(r: Obj): boolean {
    return !this.o.matches || this.namespaces.has(r.metadata.namespace ?? "");
  }

  private async list(api: Api, path: string): Promise<Obj[]> {
    if (this.o.cache && api === this.mgmt) return this.o.cache.list(path);
    const res = await kubeRequest(api, "GET", path);
    return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
  }

  /** how many objects a collection holds: a page of one and the server's count of the rest */
  private async count(api: Api, path: string): Promise<number> {
    const res = await kubeRequest(api, "GET", `${path}?limit=1`);
    if (res.status !== 200) return 0;
    const body = res.body as { items?: Obj[]; metadata?: { remainingItemCount?: number } };
    return (body.items?.length ?? 0) + (body.metadata?.remainingItemCount ?? 0);
  }

  private async send(api: Api, method: string, path: string, body?: object, contentType = "application/merge-patch+json"): Promise<Any> {
    const res = await kubeRequest(api, method, path, { ...(body ? { body } : {}), ...(method === "PATCH" ? { contentType } : {}) });
    if (res.status === 404) return undefined;
    if (method === "POST" && res.status === 403 && /being terminated/.test(JSON.stringify(res.body))) return undefined;
    if (res.status >= 300) throw new Error(`${method} ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    if (api === this.mgmt) this.o.cache?.observe(res.body);
    return res.body;
  }

  private apply(api: Api, o: ChartObject | Obj, manager: string): Promise<Any> {
    return this.send(
      api,
      "PATCH",
      `${pathOf(o as ChartObject)}?fieldManager=${manager}&force=true&fieldValidation=Strict`,
      o,
      "application/apply-patch+yaml",
    );
  }

  private async kubeconfigSecret(c: ClusterRef): Promise<Obj | undefined> {
    if (this.o.cache) return (await this.o.cache.get(CLUSTER_SECRETS, c.namespace, `${c.name}-kubeconfig`)) as Obj | undefined;
    const res = await kubeRequest(this.mgmt, "GET", `/api/v1/namespaces/${c.namespace}/secrets/${c.name}-kubeconfig`);
    return res.status === 200 ? (res.body as Obj) : undefined;
  }

  /** The workload cluster's API, from the Cluster's kubeconfig Secret (as CAAPH and CAPI reach it). */
  private async workloadApi(c: ClusterRef): Promise<Api | undefined> {
    const secret = await this.kubeconfigSecret(c);
    if (!secret) {
      this.apis.delete(keyOf(c));
      return undefined;
    }
    const cached = this.apis.get(keyOf(c));
    if (cached && cached.rv === secret.metadata.resourceVersion) return cached.api;
    const kc = yaml.load(Buffer.from(secret.data?.value ?? "", "base64").toString("utf8")) as Any;
    const cluster = kc.clusters?.[0]?.cluster;
    const api = {
      server: cluster.server,
      caData: Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8"),
      token: kc.users?.[0]?.user?.token,
    };
    this.apis.set(keyOf(c), { rv: String(secret.metadata.resourceVersion), api });
    return api;
  }

  async reconcile(): Promise<void> {
    const [hcps, hrps, clusters] = await Promise.all([
      this.list(this.mgmt, HCPS),
      this.list(this.mgmt, HRPS),
      this.list(this.mgmt, CLUSTERS),
    ]);
    for (const o of [...hcps, ...clusters]) this.matches(o);
    await this.reconcileChartProxies(hcps, hrps, clusters);
    const current = await this.list(this.mgmt, HRPS);
    // a proxy deleted before this saw it orphaned (the garbage collector follows its HelmChartProxy owner):
    // uninstalled all the same, as CAAPH's finalizer on it makes sure
    const present = new Set(current.map((r) => `${r.metadata.namespace}/${r.metadata.name}`));
    for (const key of [...this.releases.keys()].filter((k) => !present.has(k))) {
      // its cluster's installs under way end first: the next pass uninstalls it
      const installed = this.releases.get(key);
      if (installed && this.releaseWork.busy(keyOf(installed.cluster))) continue;
      const [namespace, name] = key.split("/") as [string, string];
      await this.uninstall({ metadata: { namespace, name } } as Obj);
    }
    await this.reconcileReleases(current);
    await this.veleroServers();
    await this.karpenters();
  }

  /** Karpenter in each workload cluster its chart is installed in. */
  private async karpenters(): Promise<void> {
    for (const r of this.releases.values())
      if (r.chart === KARPENTER_CHART) await this.karpenter.reconcile(r.api, () => !this.o.workloads.has(r.cluster));
  }

  /** Velero's server in each workload cluster its chart is installed in (one per apiserver: a shared one is one Velero). */
  private async veleroServers(): Promise<void> {
    const servers = new Map<string, { api: Api; cluster: ClusterRef }>();
    for (const r of this.releases.values()) if (r.chart === "velero") servers.set(r.api.server, { api: r.api, cluster: r.cluster });
    // a cluster deleted meanwhile: its apiserver going away is no failure of Velero's
    for (const { api, cluster } of servers.values()) await this.velero.reconcile(api, () => !this.o.workloads.has(cluster));
  }

  private selects(selector: Any, labels: Record<string, string>): boolean {
    const ml = (selector?.matchLabels ?? {}) as Record<string, string>;
    const exprs = (selector?.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>;
    if (Object.keys(ml).length === 0 && exprs.length === 0) return false;
    return (
      Object.entries(ml).every(([k, v]) => labels[k] === v) &&
      exprs.every((e) =>
        e.operator === "In"
          ? (e.values ?? []).includes(labels[e.key] ?? "")
          : e.operator === "NotIn"
            ? !(e.values ?? []).includes(labels[e.key] ?? "")
            : e.operator === "Exists"
              ? e.key in labels
              : !(e.key in labels),
      )
    );
  }

  /** CAAPH's HelmChartProxy controller. */
  private async reconcileChartProxies(hcps: Obj[], hrps: Obj[], clusters: Obj[]): Promise<void> {
    const wanted = new Set<string>();
    // indexed once a pass: with hundreds of clusters, a scan of every Cluster and release for each proxy made a pass quadratic
    const clustersIn = new Map<string, Obj[]>();
    for (const c of clusters) {
      const list = clustersIn.get(c.metadata.namespace);
      if (list) list.push(c);
      else clustersIn.set(c.metadata.namespace, [c]);
    }
    const releaseOf = new Map<string, Obj>();
    for (const r of hrps) releaseOf.set(`${r.metadata.namespace}/${r.metadata.labels?.[HCP_NAME]}/${r.metadata.labels?.[CLUSTER_NAME]}`, r);
    const live = new Set<string>();
    await eachAtOnce(
      hcps.filter((h) => this.matches(h) && !h.metadata.deletionTimestamp),
      async (hcp) => {
        const ns = hcp.metadata.namespace;
        const proxyKey = `${ns}/${hcp.metadata.name}`;
        live.add(proxyKey);
        const selected = (clustersIn.get(ns) ?? []).filter(
          (c) => !c.metadata.deletionTimestamp && this.selects(hcp.spec?.clusterSelector, c.metadata.labels ?? {}),
        );
        // a proxy whose last pass wrote nothing, with it, its clusters and their releases unchanged since, has nothing to do
        const seen = [hcp, ...selected, ...selected.map((c) => releaseOf.get(`${proxyKey}/${c.metadata.name}`))]
          .map((o) => o?.metadata.resourceVersion ?? "-")
          .join(",");
        const memo = this.chartProxiesSeen.get(proxyKey);
        if (memo?.seen === seen) {
          for (const w of memo.wanted) wanted.add(w);
          return;
        }
        let wrote = false;
        const wantedHere: string[] = [];
        const failures: string[] = [];
        for (const cl of selected) {
          let values: string;
          try {
            values = renderValuesTemplate(String(hcp.spec?.valuesTemplate ?? ""), cl);
          } catch (e) {
            failures.push(`${cl.metadata.name}: ${(e as Error).message}`);
            continue;
          }
          const spec = {
            clusterRef: { apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster", name: cl.metadata.name, namespace: ns },
            chartName: hcp.spec?.chartName,
            repoURL: hcp.spec?.repoURL,
            releaseName: hcp.spec?.releaseName,
            namespace: hcp.spec?.namespace,
            version: hcp.spec?.version,
            values,
            ...(hcp.spec?.options ? { options: hcp.spec.options } : {}),
          };
          const existing = releaseOf.get(`${proxyKey}/${cl.metadata.name}`);
          if (existing) {
            wanted.add(`${ns}/${existing.metadata.name}`);
            wantedHere.push(`${ns}/${existing.metadata.name}`);
            const same = ["chartName", "repoURL", "releaseName", "namespace", "version", "values"].every(
              (k) => existing.spec?.[k] === (spec as Any)[k],
            );
            if (!same) {
              wrote = true;
              await this.send(this.mgmt, "PATCH", `${inNs(HRPS, ns)}/${existing.metadata.name}`, { spec });
            }
            continue;
          }
          wrote = true;
          const created = await this.send(this.mgmt, "POST", inNs(HRPS, ns), {
            apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
            kind: "HelmReleaseProxy",
            metadata: {
              generateName: `${hcp.spec?.chartName}-${cl.metadata.name}-`,
              namespace: ns,
              // CAAPH v0.2.4 labels a release with these two only (not with its chart proxy's labels)
              labels: { [CLUSTER_NAME]: cl.metadata.name, [HCP_NAME]: hcp.metadata.name },
              ownerReferences: [
                {
                  apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
                  kind: "HelmChartProxy",
                  name: hcp.metadata.name,
                  uid: hcp.metadata.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
            spec,
          });
          if (created) wanted.add(`${ns}/${created.metadata.name}`);
        }
        const t = now();
        const cond = (type: string, ok: boolean, reason?: string, message?: string) => ({
          type,
          status: ok ? "True" : "False",
          lastTransitionTime: t,
          ...(ok ? {} : { reason, severity: "Error", message }),
        });
        const status = {
          observedGeneration: hcp.metadata.generation,
          matchingClusters: selected.map((c) => ({
            apiVersion: "cluster.x-k8s.io/v1beta1",
            kind: "Cluster",
            name: c.metadata.name,
            namespace: ns,
          })),
          conditions: [
            cond("Ready", failures.length === 0, "ValueParsingFailed", failures.join("; ")),
            cond("HelmReleaseProxySpecsUpToDate", failures.length === 0, "ValueParsingFailed", failures.join("; ")),
          ],
        };
        // keys in order: the apiserver answers them in its own order, not the order written
        const before = canonicalJson({ ...hcp.status, conditions: (hcp.status?.conditions ?? []).map((c: Any) => [c.type, c.status]) });
        const after = canonicalJson({ ...status, conditions: status.conditions.map((c) => [c.type, c.status]) });
        if (before !== after) await this.send(this.mgmt, "PATCH", `${inNs(HCPS, ns)}/${hcp.metadata.name}/status`, { status });
        else if (!wrote) this.chartProxiesSeen.set(proxyKey, { seen, wanted: wantedHere });
      },
    );
    for (const k of this.chartProxiesSeen.keys()) if (!live.has(k)) this.chartProxiesSeen.delete(k);
    // orphans: their HelmChartProxy is gone, or no longer selects their Cluster
    for (const r of hrps.filter((x) => this.matchesRelease(x))) {
      if (wanted.has(`${r.metadata.namespace}/${r.metadata.name}`)) continue;
      const hcp = hcps.find((h) => h.metadata.namespace === r.metadata.namespace && h.metadata.name === r.metadata.labels?.[HCP_NAME]);
      const cl = clustersIn.get(r.metadata.namespace)?.find((c) => c.metadata.name === r.metadata.labels?.[CLUSTER_NAME]);
      // a proxy being created this very pass: its Cluster is selected, so it is wanted
      if (
        hcp &&
        !hcp.metadata.deletionTimestamp &&
        cl &&
        !cl.metadata.deletionTimestamp &&
        this.selects(hcp.spec?.clusterSelector, cl.metadata.labels ?? {})
      )
        continue;
      await this.uninstall(r);
      await this.send(this.mgmt, "DELETE", `${inNs(HRPS, r.metadata.namespace)}/${r.metadata.name}`);
    }
  }

  /** CAAPH's HelmReleaseProxy controller: install or upgrade, then report. */
  /**
   * Installs what changed, a few clusters at once (as CAAPH's workers do; one cluster's releases one after the other):
   * fifty clusters' charts at once took half a minute one by one.
   */
  private async reconcileReleases(hrps: Obj[]): Promise<void> {
    const byCluster = new Map<string, Obj[]>();
    for (const r of hrps.filter((x) => this.matchesRelease(x) && !x.metadata.deletionTimestamp)) {
      // up to date: nothing to read (not even the cluster's kubeconfig)
      if (this.installed(r)) continue;
      const k = `${r.metadata.namespace}/${String(r.spec?.clusterRef?.name)}`;
      byCluster.set(k, [...(byCluster.get(k) ?? []), r]);
    }
    // a cluster's releases one after another, as Helm installs into one cluster; the clusters side by side
    for (const [k, releases] of byCluster)
      this.releaseWork.start(k, async () => {
        for (const r of releases) await this.reconcileRelease(r);
      });
  }

  /**
   * Whether this revision of the release proxy is installed: by what this
   * double installed, not only by the status it wrote, which a list taken
   * before that write does not show yet (a second install of the same
   * revision, where CAAPH acts on each generation once).
   */
  private installed(r: Obj): boolean {
    const done = this.releases.get(`${r.metadata.namespace}/${r.metadata.name}`)?.from;
    return done !== undefined && done.uid === r.metadata.uid && done.generation === (r.metadata.generation ?? 1);
  }

  private async reconcileRelease(r: Obj): Promise<void> {
    const key = `${r.metadata.namespace}/${r.metadata.name}`;
    const cluster = { namespace: r.metadata.namespace, name: String(r.spec?.clusterRef?.name) };
    const api = await this.workloadApi(cluster);
    const t = now();
    const cond = (type: string, ok: boolean, reason?: string, message?: string) => ({
      type,
      status: ok ? "True" : "False",
      lastTransitionTime: t,
      ...(ok ? {} : { reason, severity: "Warning", message }),
    });
    const hrpStatus = `${inNs(HRPS, r.metadata.namespace)}/${r.metadata.name}/status`;
    if (!api) {
      if (r.status?.conditions?.[0]?.reason !== "GetKubeconfigFailed")
        await this.send(this.mgmt, "PATCH", hrpStatus, {
          status: {
            conditions: [
              cond("Ready", false, "GetKubeconfigFailed", "the workload cluster's kubeconfig Secret does not exist yet"),
              cond("ClusterAvailable", false, "GetKubeconfigFailed", "the workload cluster's kubeconfig Secret does not exist yet"),
            ],
          },
        });
      return;
    }
    const gen = r.metadata.generation ?? 1;
    if (this.installed(r)) return;
    const chart = String(r.spec?.chartName);
    const values = (yaml.load(String(r.spec?.values ?? "")) ?? {}) as Record<string, unknown>;
    const objects = renderChart({
      chart,
      version: String(r.spec?.version),
      releaseName: String(r.spec?.releaseName),
      namespace: String(r.spec?.namespace),
      values,
    });
    if (!objects) {
      await this.send(this.mgmt, "PATCH", hrpStatus, {
        status: {
          status: "failed",
          observedGeneration: gen,
          conditions: [cond("Ready", false, "HelmInstallOrUpgradeFailed", `chart ${chart} not found`)],
        },
      });
      return;
    }
    if (chart === "velero") await this.installCrds(api, this.o.veleroCrdDir ?? DEFAULT_VELERO_CRDS);
    if (chart === KARPENTER_CHART) for (const dir of KARPENTER_CRDS) await this.installCrds(api, dir);
    const prev = this.releases.get(key);
    const release: Release = { cluster, chart, version: String(r.spec?.version), objects: new Map(), api };
    for (const o of objects) {
      const stored = await this.apply(api, o, "helm");
      this.statusWritten.delete(`${api.server}${pathOf(o)}`);
      release.objects.set(pathOf(o), {
        kind: o.kind,
        name: o.metadata.name,
        generation: Number(stored?.metadata?.generation ?? 1),
        replicas: Number((o as Any).spec?.replicas ?? 1),
      });
    }
    // what the new revision no longer renders goes (never a namespace: others may use it)
    for (const [path, o] of prev?.objects ?? [])
      if (!release.objects.has(path) && o.kind !== "Namespace") await this.send(api, "DELETE", path);
    this.releases.set(key, release);
    this.cniClusters = undefined;
    this.podsPolling.wake();
    this.installs.push(`${keyOf(cluster)} ${chart} ${release.version}`);
    await this.send(this.mgmt, "PATCH", hrpStatus, {
      status: {
        status: "deployed",
        revision: Number(r.status?.revision ?? 0) + 1,
        observedGeneration: gen,
        conditions: [cond("Ready", true), cond("ClusterAvailable", true), cond("HelmReleaseReady", true)],
      },
    });
    // a status not written (the management cluster unreachable) leaves the revision to install again, as CAAPH retries
    release.from = { uid: String(r.metadata.uid), generation: gen };
  }

  private async installCrds(api: Api, dir: string): Promise<void> {
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
      const crd = yaml.load(readFileSync(resolve(dir, f), "utf8")) as ChartObject;
      await this.apply(api, { ...crd, apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" }, "helm");
    }
  }

  private async uninstall(r: Obj): Promise<void> {
    const key = `${r.metadata.namespace}/${r.metadata.name}`;
    const rel = this.releases.get(key);
    this.releases.delete(key);
    this.cniClusters = undefined;
    if (!rel) return;
    this.uninstalls.push(`${keyOf(rel.cluster)} ${rel.chart}`);
    // objects of one apiserver shared by every cluster are everyone's: they stay
    if (this.o.workloads.shared) return;
    for (const [path, o] of [...rel.objects].reverse())
      if (o.kind !== "Namespace") await this.send(rel.api, "DELETE", path).catch(() => undefined);
  }

  /**
   * The kubelets' status reports: the Nodes BYOH's agent double registered
   * (test/doubles/provider-doubles.ts) turn Ready once the cluster's CNI
   * runs (NotReady again while a test holds one down), as a kubelet reports
   * its node; then the addons' pods are reported ready.
   */
  private async kubelets(clusters: Obj[]): Promise<void> {
    // each workload apiserver's Nodes, read once a pass (from its watch cache) when a cluster on it is due a look:
    // one apiserver shared by every cluster holds all of their Nodes, and a list per cluster would read them all each time
    const nodesOn = new Map<string, Promise<Obj[]>>();
    const nodesOf = (api: Api) => {
      const had = nodesOn.get(api.server);
      if (had) return had;
      const p = this.list(api, "/api/v1/nodes?resourceVersion=0");
      nodesOn.set(api.server, p);
      return p;
    };
    await eachAtOnce(
      clusters.filter((cl) => !cl.metadata.deletionTimestamp),
      async (cl) => {
        const c = { namespace: cl.metadata.namespace, name: cl.metadata.name };
        // one cluster's workload apiserver going away (deleted meanwhile) must not hold up the other clusters' kubelets
        try {
          const api = await this.workloadApi(c);
          if (!api) return;
          // the Nodes' readiness changes with the CNI's release and a test holding a Node down: with neither changed, they
          // are looked at again only after a while (a report racing the change), not on every pass
          const inputs = `${api.server}|${this.cniRunning(c)}|${[...this.down].filter((d) => d.startsWith(`${keyOf(c)}/`)).join(",")}`;
          const seen = this.kubeletsSeen.get(keyOf(c));
          if (seen?.inputs === inputs && Date.now() - seen.at < KUBELETS_RECHECK_MS) return;
          this.kubeletsSeen.set(keyOf(c), { inputs, at: Date.now() });
          const nodes = (await nodesOf(api)).filter((n) => n.metadata.labels?.[NODE_CLUSTER_LABEL] === c.name);
          for (const n of nodes) {
            const conditions = n.status?.conditions as Array<{ type: string; status: string }> | undefined;
            const ready = conditions?.find((x) => x.type === "Ready")?.status === "True";
            if (ready !== (this.nodeReady(c, n.metadata.name) === true) && this.o.workloads.isUp(c))
              await this.o.workloads.reportNode(c, n.metadata.name, n.status?.nodeInfo?.kubeletVersion);
          }
        } catch (e) {
          // its tenant control plane went meanwhile (the cluster is being deleted): nothing left to report, not a failure
          if (!this.o.workloads.has(c) || isTransientNetworkError(e)) return;
          const line = `kubelets of ${keyOf(c)}: ${(e as Error).message}`;
          if (!this.errors.includes(line)) this.errors.push(line);
        }
      },
    );
  }

  /**
   * The DaemonSet and Deployment controllers' and the kubelets' reports on
   * the addons' pods: ready on every node, unless a test broke them. A pass
   * of its own, run for each Node joining or leaving (before the join is
   * done) and woken by each release installed, as those controllers act on
   * their watches' events: on one apiserver shared by many clusters, a
   * DaemonSet behind the Nodes joining it would otherwise fail every
   * cluster's health check, not only the one whose Node joined.
   */
  private async reportPods(): Promise<void> {
    // one apiserver shared by several clusters holds one object for all of them: it is reported once, at the
    // newest generation written
    const pods = new Map<string, { api: Api; path: string; kind: string; generation: number; replicas: number; down: number }>();
    for (const rel of this.releases.values()) {
      const broken = this.broken.get(`${keyOf(rel.cluster)}|${rel.chart}`);
      const brokenTarget = broken
        ? (broken.object ?? [...rel.objects.values()].find((o) => o.kind === "DaemonSet" || o.kind === "Deployment")?.name)
        : undefined;
      for (const [path, o] of rel.objects) {
        if (o.kind !== "DaemonSet" && o.kind !== "Deployment") continue;
        const k = `${rel.api.server}${path}`;
        const prev = pods.get(k);
        const down = Math.max(prev?.down ?? 0, broken && o.name === brokenTarget ? broken.notReady : 0);
        pods.set(k, {
          api: rel.api,
          path,
          kind: o.kind,
          generation: Math.max(prev?.generation ?? 0, o.generation),
          replicas: o.replicas,
          down,
        });
      }
    }
    const nodeCounts = new Map<string, Promise<number>>();
    await eachAtOnce([...pods], async ([k, p]) => {
      let counted = nodeCounts.get(p.api.server);
      if (counted === undefined) {
        counted = this.count(p.api, "/api/v1/nodes");
        nodeCounts.set(p.api.server, counted);
      }
      const nodes = (await counted) + this.o.workloads.joiningOn(p.api.server);
      const status =
        p.kind === "DaemonSet"
          ? {
              currentNumberScheduled: nodes,
              desiredNumberScheduled: nodes,
              numberMisscheduled: 0,
              numberReady: Math.max(0, nodes - p.down),
              numberAvailable: Math.max(0, nodes - p.down),
              updatedNumberScheduled: nodes,
              observedGeneration: p.generation,
            }
          : {
              replicas: p.replicas,
              readyReplicas: Math.max(0, p.replicas - p.down),
              availableReplicas: Math.max(0, p.replicas - p.down),
              updatedReplicas: p.replicas,
              observedGeneration: p.generation,
            };
      const text = JSON.stringify(status);
      if (this.statusWritten.get(k) === text) return;
      const done = await this.send(p.api, "PATCH", `${p.path}/status`, { status });
      if (done) this.statusWritten.set(k, text);
    });
  }
}
