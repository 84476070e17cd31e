import type { Deps } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import { parseKubeconfig } from "../kube/connection.js";
import type { KubeObject, ObjectRef } from "../kube/objects.js";
import { clientFor, recordOf } from "../management/access.js";
import { managementSubject } from "../management/registry.js";
import type { WorkloadReader } from "./health.js";

/**
 * Reaching a cluster's own API server (the workload cluster), the way CAPI
 * and its providers do: through the `<cluster>-kubeconfig` Secret the
 * control-plane provider (Kamaji) writes next to the Cluster on the
 * management cluster (key `value`). On a remote management cluster the
 * workload clusters' API servers are as far out of reach as the management
 * cluster's own, so the request goes through its cluster agent, which reads
 * that Secret and dials the server from inside (agent/cluster/workload.ts). The control plane reads there, writes
 * only the requests a user made of Velero (backups, schedules, restores),
 * and deletes only what it rendered itself and no longer wants (a deleted
 * backup location's objects, a deleted schedule).
 */
export interface WorkloadClient extends WorkloadReader {
  /** true if it existed */
  delete(ref: ObjectRef): Promise<boolean>;
  /** server-side apply of an object the control plane owns (a backup, schedule or restore for Velero) */
  apply(obj: KubeObject): Promise<KubeObject>;
}

export interface WorkloadPort {
  /** a client of the workload cluster, or an Error saying why it cannot be reached (yet) */
  reader(managementClusterId: string, namespace: string, clusterName: string): Promise<WorkloadClient | Error>;
}

/** Short: a health check reads a handful of objects and must fit in a lifecycle worker's run. */
const WORKLOAD_TIMEOUT_MS = 5_000;
const clients = new Map<string, KubeClient>();

export const kubeconfigSecretName = (clusterName: string) => `${clusterName}-kubeconfig`;

/** A client of the workload cluster through its kubeconfig Secret, or an Error saying why it cannot be reached (yet). */
export async function workloadClient(deps: Deps, mc: string, namespace: string, clusterName: string): Promise<KubeClient | Error> {
  const name = kubeconfigSecretName(clusterName);
  // the record as the management cluster's client keeps it: every check of a waiting cluster reads it
  const record = await recordOf(deps, mc);
  const secret = await (await clientFor(deps, record)).get({ apiVersion: "v1", kind: "Secret", name, namespace });
  const data = (secret?.data as Record<string, string> | undefined)?.value;
  if (!secret || !data) return new Error(`the control plane provider has not written Secret ${namespace}/${name} yet`);
  const remote = record.connectivity === "remote" || !record.connection;
  const key = `${deps.table}|${mc}|${namespace}|${name}|${remote ? "tunnel" : String(secret.metadata.resourceVersion)}`;
  let client = clients.get(key);
  if (!client && remote) {
    const { KubeClient } = await import("../kube/client.js");
    const { TunnelTransport } = await import("../tunnel/transport.js");
    const label = `workload cluster ${clusterName} (through management cluster ${record.name}'s agent)`;
    client = new KubeClient(
      {
        transport: new TunnelTransport(deps, managementSubject(record.id), label, { namespace, name: clusterName }),
        server: `https://${clusterName}.${namespace}.tunnel.invalid`,
      },
      // a tunnelled request crosses the table a few times each way: more time than a direct one
      { label, timeoutMs: 2 * WORKLOAD_TIMEOUT_MS },
    );
    if (clients.size > 500) clients.clear();
    clients.set(key, client);
  }
  if (!client) {
    let conn: Awaited<ReturnType<typeof parseKubeconfig>>;
    try {
      conn = await parseKubeconfig(Buffer.from(data, "base64").toString("utf8"));
    } catch (e) {
      return new Error(`Secret ${namespace}/${name} holds no usable kubeconfig: ${(e as Error).message}`);
    }
    const { KubeClient } = await import("../kube/client.js");
    client = new KubeClient(conn, { label: `workload cluster ${clusterName}`, timeoutMs: WORKLOAD_TIMEOUT_MS });
    if (clients.size > 500) clients.clear();
    clients.set(key, client);
  }
  return client;
}

export function workloadPort(deps: Deps): WorkloadPort {
  return {
    async reader(mc, namespace, clusterName) {
      const client = await workloadClient(deps, mc, namespace, clusterName);
      if (client instanceof Error) return client;
      const c = client;
      // a reader serves one check, whose addons with DaemonSets all ask how many Nodes there are
      let nodes: Promise<number> | undefined;
      return {
        get: (ref) => c.get(ref),
        async list(apiVersion, kind, o) {
          const out: KubeObject[] = [];
          let next: string | undefined;
          do {
            const page = await c.list(apiVersion, kind, { ...o, limit: 500, ...(next ? { continue: next } : {}) });
            out.push(...page.items);
            next = page.continue;
          } while (next);
          return out;
        },
        delete: (ref) => c.delete(ref),
        apply: (obj) => c.apply(obj),
        nodeCount: () => {
          nodes ??= c.count("v1", "Node");
          return nodes;
        },
      };
    },
  };
}
