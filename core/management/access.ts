import type { Deps } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import type { KubeConnection } from "../kube/connection.js";
import { unprocessable } from "../shared/errors.js";
import { connectionContext, type ManagementClusterRecord } from "./items.js";
import { getManagementClusterRecord, REMOTE_NOT_SUPPORTED } from "./registry.js";

/**
 * Clients for management clusters. The sealed connection is opened once per
 * credentials version and process; the Kubernetes client library is loaded
 * on first use, so API requests that never talk to Kubernetes do not pay for it.
 */
const clients = new Map<string, KubeClient>();

export interface KubeForOptions {
  /** deadline of each request (default 15 s) */
  timeoutMs?: number;
  /** act as this identity (Kubernetes impersonation) */
  impersonate?: { user: string; group?: string };
}

/** A client for management cluster `managementClusterId`, with its stored credentials. */
export async function kubeFor(deps: Deps, managementClusterId: string, o: KubeForOptions = {}): Promise<KubeClient> {
  return clientFor(deps, await getManagementClusterRecord(deps, managementClusterId), o);
}

/** A client for a management cluster record already read. */
export async function clientFor(deps: Deps, r: ManagementClusterRecord, o: KubeForOptions = {}): Promise<KubeClient> {
  if (r.connectivity === "remote" || !r.connection) throw unprocessable(REMOTE_NOT_SUPPORTED);
  const as = o.impersonate ? `${o.impersonate.user}|${o.impersonate.group ?? ""}` : "";
  const key = `${deps.table}|${r.id}|${r.credentialsVersion}|${o.timeoutMs ?? "default"}|${as}`;
  const hit = clients.get(key);
  if (hit) return hit;
  const conn = JSON.parse(await deps.secrets.openString(r.connection, connectionContext(r.id))) as KubeConnection;
  const { KubeClient } = await import("../kube/client.js");
  const client = new KubeClient(conn, {
    label: `management cluster ${r.name}`,
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.impersonate ? { impersonate: o.impersonate } : {}),
  });
  if (clients.size > 500) clients.clear();
  clients.set(key, client);
  return client;
}
