import yaml from "js-yaml";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { isTransientNetworkError } from "./transient.js";

/**
 * Test double of Karpenter with its Cluster API provider, in a workload
 * cluster whose Karpenter chart the Helm double installed. Karpenter cannot
 * run here (it needs kubelets to place pods on), so this plays what it does,
 * the way it does it:
 *
 * - it reaches the management cluster only with the kubeconfig CKP put into
 *   the workload cluster (Secret karpenter/karpenter-management-kubeconfig),
 *   so the ServiceAccount, Role and token CKP rendered are what it runs on;
 * - for pods no node takes (no `spec.nodeName`), a NodePool whose
 *   ClusterAPINodeClass selects a MachineDeployment gets a NodeClaim, and the
 *   MachineDeployment one more replica — unless the pool's `limits.cpu` or the
 *   MachineDeployment's max-size annotation would be passed;
 * - once CAPI's new Machine has a Node, the NodeClaim is Registered with its
 *   node and provider id, the pods are bound to the node, and the NodePool's
 *   status counts nodes and CPU (the MachineDeployment's capacity annotation);
 * - a node with no pods for the pool's `consolidateAfter` is removed the
 *   Cluster API way: its Machine marked `cluster.x-k8s.io/delete-machine`, the
 *   replicas lowered, the NodeClaim deleted.
 *
 * The control plane under test only reads what this double writes.
 */
type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
type Any = any;
interface Obj {
  metadata: {
    name: string;
    namespace?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: Record<string, Any>;
  status?: Record<string, Any>;
  data?: Record<string, string>;
}

const NODEPOOLS = "/apis/karpenter.sh/v1/nodepools";
const NODECLAIMS = "/apis/karpenter.sh/v1/nodeclaims";
const NODECLASSES = "/apis/karpenter.cluster.x-k8s.io/v1alpha1/clusterapinodeclasses";
const CAPI = "/apis/cluster.x-k8s.io/v1beta1";
const POOL_LABEL = "karpenter.sh/nodepool";
const DELETE_MACHINE = "cluster.x-k8s.io/delete-machine";
const MAX_SIZE = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size";
const CPU = "capacity.cluster-autoscaler.kubernetes.io/cpu";

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/** "30s", "5m", "1h", "Never" → milliseconds (Infinity for Never). */
function durationMs(d: string | undefined): number {
  if (!d || d === "Never") return Number.POSITIVE_INFINITY;
  const m = /^(\d+)(s|m|h)$/.exec(d);
  return m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "s" | "m" | "h"] : Number.POSITIVE_INFINITY;
}

/** A CPU quantity ("16", "8000m") in cores. */
function cores(q: string | number | undefined): number {
  if (q === undefined) return Number.POSITIVE_INFINITY;
  const s = String(q);
  return s.endsWith("m") ? Number(s.slice(0, -1)) / 1000 : Number(s);
}

async function call(api: Api, method: string, path: string, body?: object, contentType = "application/merge-patch+json"): Promise<Any> {
  const res = await kubeRequest(api, method, path, { ...(body ? { body } : {}), ...(method === "PATCH" ? { contentType } : {}) });
  if (res.status === 404) return undefined;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}
const list = async (api: Api, path: string): Promise<Obj[]> =>
  ((await call(api, "GET", path)) as { items?: Obj[] } | undefined)?.items ?? [];

export class KarpenterDouble {
  /** a test may pause it */
  paused = false;
  /** every scale it asked of a MachineDeployment, in order: `<namespace>/<md> <from>→<to>` */
  readonly scaled: string[] = [];
  private readonly emptySince = new Map<string, number>();

  constructor(private readonly errors: string[]) {}

  async reconcile(api: Api, gone: () => boolean = () => false): Promise<void> {
    if (this.paused) return;
    try {
      await this.pass(api);
    } catch (e) {
      if (gone() || isTransientNetworkError(e)) return;
      const line = `Karpenter at ${api.server}: ${(e as Error).message}`;
      if (!this.errors.includes(line)) this.errors.push(line);
    }
  }

  /** The management cluster as the kubeconfig CKP delivered says, or undefined before it is there. */
  private async management(api: Api): Promise<{ api: Api; namespace: string } | undefined> {
    const secret = (await call(api, "GET", "/api/v1/namespaces/karpenter/secrets/karpenter-management-kubeconfig")) as Obj | undefined;
    const text = secret?.data?.kubeconfig;
    if (!text) return undefined;
    const kc = yaml.load(Buffer.from(text, "base64").toString("utf8")) as Any;
    const cluster = kc.clusters[0].cluster;
    const ctx = kc.contexts[0].context;
    return {
      api: {
        server: cluster.server,
        caData: Buffer.from(cluster["certificate-authority-data"] ?? "", "base64").toString("utf8"),
        token: kc.users[0].user.token,
      },
      namespace: ctx.namespace,
    };
  }

  private async pass(api: Api): Promise<void> {
    const mgmt = await this.management(api);
    if (!mgmt) return;
    const [pools, classes, claims, pods] = await Promise.all([
      list(api, NODEPOOLS),
      list(api, NODECLASSES),
      list(api, NODECLAIMS),
      list(api, "/api/v1/pods"),
    ]);
    const pending = pods.filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp);
    const ns = mgmt.namespace;
    const sorted = [...pools].sort((a, b) => Number(b.spec?.weight ?? 0) - Number(a.spec?.weight ?? 0));
    let asked = false;
    for (const pool of sorted) {
      const cls = classes.find((c) => c.metadata.name === pool.spec?.template?.spec?.nodeClassRef?.name);
      const labels = (cls?.spec?.scalableResourceSelector?.matchLabels ?? {}) as Record<string, string>;
      if (!cls || Object.keys(labels).length === 0) continue;
      const selector = encodeURIComponent(
        Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(","),
      );
      const [md] = await list(mgmt.api, `${CAPI}/namespaces/${ns}/machinedeployments?labelSelector=${selector}`);
      if (!md) continue;
      const mdPath = `${CAPI}/namespaces/${ns}/machinedeployments/${md.metadata.name}`;
      const cpuPerNode = cores(md.metadata.annotations?.[CPU] ?? "1");
      const mine = claims.filter((c) => c.metadata.labels?.[POOL_LABEL] === pool.metadata.name && !c.metadata.deletionTimestamp);
      const machines = (await list(mgmt.api, `${CAPI}/namespaces/${ns}/machines`)).filter(
        (m) => m.metadata.labels?.["cluster.x-k8s.io/deployment-name"] === md.metadata.name,
      );

      // launched claims get the Node of the Machine CAPI made for them
      for (const claim of mine.filter((c) => !c.status?.nodeName)) {
        const taken = new Set(claims.map((c) => c.status?.providerID).filter(Boolean));
        const m = machines.find(
          (x) =>
            x.status?.nodeRef?.name &&
            x.spec?.providerID &&
            !taken.has(x.spec.providerID) &&
            String(x.metadata.creationTimestamp) >= String(claim.metadata.creationTimestamp),
        );
        if (!m) continue;
        const t = now();
        await call(api, "PATCH", `${NODECLAIMS}/${claim.metadata.name}/status`, {
          status: {
            nodeName: m.status?.nodeRef.name,
            providerID: m.spec?.providerID,
            capacity: { cpu: String(cpuPerNode) },
            conditions: ["Launched", "Registered", "Initialized", "Ready"].map((type) => ({
              type,
              status: "True",
              reason: type,
              message: "",
              lastTransitionTime: t,
            })),
          },
        });
        for (const p of pending)
          await call(api, "POST", `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/binding`, {
            apiVersion: "v1",
            kind: "Binding",
            metadata: { name: p.metadata.name },
            target: { apiVersion: "v1", kind: "Node", name: m.status?.nodeRef.name },
          });
        pending.length = 0;
      }

      // pods no node takes: one more node, within the pool's limits and the MachineDeployment's bounds
      const inFlight = mine.some((c) => !c.status?.nodeName);
      const limit = cores(pool.spec?.limits?.cpu);
      const replicas = Number(md.spec?.replicas ?? 0);
      const max = Number(md.metadata.annotations?.[MAX_SIZE] ?? Number.POSITIVE_INFINITY);
      if (!asked && pending.length && !inFlight && (mine.length + 1) * cpuPerNode <= limit && replicas < max) {
        asked = true;
        const name = `${pool.metadata.name}-${Math.random().toString(36).slice(2, 7)}`;
        await call(api, "POST", NODECLAIMS, {
          apiVersion: "karpenter.sh/v1",
          kind: "NodeClaim",
          metadata: { name, labels: { [POOL_LABEL]: pool.metadata.name } },
          spec: {
            nodeClassRef: pool.spec?.template?.spec?.nodeClassRef,
            requirements: pool.spec?.template?.spec?.requirements ?? [],
            resources: { requests: { cpu: String(cpuPerNode) } },
          },
        });
        await call(api, "PATCH", `${NODECLAIMS}/${name}/status`, {
          status: {
            conditions: [{ type: "Launched", status: "True", reason: "Launched", message: "", lastTransitionTime: now() }],
          },
        });
        await call(mgmt.api, "PATCH", mdPath, { spec: { replicas: replicas + 1 } });
        this.scaled.push(`${ns}/${md.metadata.name} ${replicas}→${replicas + 1}`);
        mine.push({ metadata: { name, labels: { [POOL_LABEL]: pool.metadata.name } } });
      }

      // consolidation: a node without pods for consolidateAfter goes, the Cluster API way
      const after = durationMs(pool.spec?.disruption?.consolidateAfter);
      for (const claim of mine.filter((c) => c.status?.nodeName)) {
        const node = claim.status?.nodeName as string;
        const busy = pods.some((p) => p.spec?.nodeName === node && !p.metadata.deletionTimestamp);
        const key = `${api.server}|${claim.metadata.name}`;
        if (busy) {
          this.emptySince.delete(key);
          continue;
        }
        const since = this.emptySince.get(key) ?? Date.now();
        this.emptySince.set(key, since);
        if (Date.now() - since < after) continue;
        const m = machines.find((x) => x.spec?.providerID === claim.status?.providerID);
        const current = Number((await call(mgmt.api, "GET", mdPath))?.spec?.replicas ?? 0);
        if (m)
          await call(mgmt.api, "PATCH", `${CAPI}/namespaces/${ns}/machines/${m.metadata.name}`, {
            metadata: { annotations: { [DELETE_MACHINE]: "yes" } },
          });
        await call(mgmt.api, "PATCH", mdPath, { spec: { replicas: Math.max(0, current - 1) } });
        this.scaled.push(`${ns}/${md.metadata.name} ${current}→${Math.max(0, current - 1)}`);
        await call(api, "DELETE", `${NODECLAIMS}/${claim.metadata.name}`);
        this.emptySince.delete(key);
        mine.splice(mine.indexOf(claim), 1);
      }

      // what Karpenter reports on the pool
      const registered = mine.filter((c) => c.status?.nodeName).length;
      await call(api, "PATCH", `${NODEPOOLS}/${pool.metadata.name}/status`, {
        status: {
          nodes: registered,
          resources: { cpu: String(mine.length * cpuPerNode), nodes: String(registered) },
          conditions: [
            {
              type: "Ready",
              status: "True",
              reason: "Ready",
              message: "",
              lastTransitionTime: pool.status?.conditions?.[0]?.lastTransitionTime ?? now(),
            },
          ],
        },
      });
    }
  }
}
