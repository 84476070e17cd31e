import type { Deps } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import type { KubeConnection } from "../kube/connection.js";
import type { DiscoveryCache } from "../kube/discovery.js";
import { isDomainError } from "../shared/errors.js";
import { connectionContext, type ManagementClusterRecord } from "./items.js";
import { getManagementClusterRecord, managementSubject } from "./registry.js";

/**
 * Clients for management clusters. A direct cluster's sealed connection is
 * opened once per credentials version and process; a remote cluster is
 * reached through its agent's tunnel (core/tunnel/transport.ts), with the
 * same client. The Kubernetes client library is loaded on first use, so API
 * requests that never talk to Kubernetes do not pay for it.
 */
const clients = new Map<string, KubeClient>();
/** What each management cluster's clients have discovered of its kinds (core/kube/discovery.ts), shared by its clients. */
const discoveries = new Map<string, DiscoveryCache>();

export interface KubeForOptions {
  /** deadline of each request (default 15 s) */
  timeoutMs?: number;
  /** act as this identity (Kubernetes impersonation) */
  impersonate?: { user: string; group?: string };
}

/**
 * The records `kubeFor` read, kept for a few seconds: every request of a
 * saga step, a check or a sync to a management cluster went through a read
 * of its record, which was the largest share of a cluster create's DynamoDB
 * round trips (78 of 250, bench/RESULTS.md). A kubeconfig replaced by
 * PATCH …/management-clusters/{id} is used from at most this long after.
 */
const RECORD_TTL_MS = 5_000;
const records = new Map<string, { at: number; record: Promise<ManagementClusterRecord> }>();

/**
 * Management cluster `id`'s record as `kubeFor` keeps it (read again after RECORD_TTL_MS, or once its credentials were
 * refused). Callers that find it expired at the same moment share one read (at 50 clusters a burst of steps and checks
 * otherwise each read it again).
 */
export async function recordOf(deps: Deps, id: string): Promise<ManagementClusterRecord> {
  const key = `${deps.table}|${id}`;
  const now = Date.now();
  const hit = records.get(key);
  if (hit && now - hit.at < RECORD_TTL_MS) return hit.record;
  const record = getManagementClusterRecord(deps, id);
  if (records.size > 1000) records.clear();
  const entry = { at: now, record };
  records.set(key, entry);
  // a failed read (not found, the table unreachable) is not kept: the next caller reads again
  record.catch(() => {
    if (records.get(key) === entry) records.delete(key);
  });
  return record;
}

/** Whether management cluster `id` is registered (its record, kept as for kubeFor: a deregistration shows within seconds). */
export async function managementClusterExists(deps: Deps, id: string): Promise<boolean> {
  try {
    await recordOf(deps, id);
    return true;
  } catch (e) {
    if (isDomainError(e) && e.kind === "not-found") return false;
    throw e;
  }
}

/** A client for management cluster `managementClusterId`, with its stored credentials or through its tunnel. */
export async function kubeFor(deps: Deps, managementClusterId: string, o: KubeForOptions = {}): Promise<KubeClient> {
  return clientFor(deps, await recordOf(deps, managementClusterId), o);
}

/**
 * A direct cluster's connection, opened once per credentials version and
 * process: the clients that act as each host's agent (a ByoHost is written
 * as its agent) are one per host, and each used to open it again (a KMS
 * Decrypt per host assigned).
 */
const connections = new Map<string, Promise<KubeConnection>>();

function connectionOf(deps: Deps, r: ManagementClusterRecord): Promise<KubeConnection> {
  const key = `${deps.table}|${r.id}|${r.credentialsVersion}`;
  let conn = connections.get(key);
  if (!conn) {
    conn = deps.secrets
      .openString(r.connection as NonNullable<typeof r.connection>, connectionContext(r.id))
      .then((plain) => JSON.parse(plain) as KubeConnection);
    // a failure (KMS unreachable) is not kept: the next client opens it again
    conn.catch(() => connections.delete(key));
    if (connections.size > 100) connections.clear();
    connections.set(key, conn);
  }
  return conn;
}

/** A client for a management cluster record already read. */
export async function clientFor(deps: Deps, r: ManagementClusterRecord, o: KubeForOptions = {}): Promise<KubeClient> {
  const remote = r.connectivity === "remote" || !r.connection;
  const as = o.impersonate ? `${o.impersonate.user}|${o.impersonate.group ?? ""}` : "";
  const key = `${deps.table}|${r.id}|${remote ? "tunnel" : r.credentialsVersion}|${o.timeoutMs ?? "default"}|${as}`;
  const hit = clients.get(key);
  if (hit) return hit;
  const [{ KubeClient }, { DiscoveryCache }] = await Promise.all([import("../kube/client.js"), import("../kube/discovery.js")]);
  const label = `management cluster ${r.name}`;
  // one server: the clients acting as each host's agent learn its kinds from each other
  const serverKey = `${deps.table}|${r.id}`;
  let discovery = discoveries.get(serverKey);
  if (!discovery) {
    if (discoveries.size > 500) discoveries.clear();
    discovery = new DiscoveryCache();
    discoveries.set(serverKey, discovery);
  }
  const timeout = {
    discovery,
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.impersonate ? { impersonate: o.impersonate } : {}),
    // refused: the record read a moment ago may hold credentials replaced since; the next kubeFor reads it again
    onCredentialsRefused: () => records.delete(`${deps.table}|${r.id}`),
  };
  let client: KubeClient;
  if (remote) {
    const { TunnelTransport } = await import("../tunnel/transport.js");
    client = new KubeClient(
      { transport: new TunnelTransport(deps, managementSubject(r.id), label), server: `https://${r.id.replace(/_/g, "-")}.tunnel.invalid` },
      {
        label,
        ...timeout,
        credentialsHint: "its cluster agent's service account is not allowed to; apply the current agent manifest (POST …/agent-tokens)",
      },
    );
  } else {
    client = new KubeClient(await connectionOf(deps, r), { label, ...timeout });
  }
  if (clients.size > 500) clients.clear();
  clients.set(key, client);
  return client;
}

/**
 * Where a management cluster's API server is for another client (Karpenter
 * in a workload cluster): its `workloadFacingServer` if its admin set one,
 * else, for a directly connected cluster, the server URL and CA the control
 * plane reaches it with. Undefined for a remote cluster without one: only
 * its agent's tunnel reaches it.
 */
export async function managementEndpoint(
  deps: Deps,
  managementClusterId: string,
): Promise<Pick<KubeConnection, "server" | "caData" | "tlsServerName"> | undefined> {
  const r = await getManagementClusterRecord(deps, managementClusterId);
  // a remote cluster's address is only what its admin said; its CA comes with the ServiceAccount token the caller reads
  if (r.connectivity === "remote" || !r.connection) return r.workloadFacingServer ? { server: r.workloadFacingServer } : undefined;
  const conn = JSON.parse(await deps.secrets.openString(r.connection, connectionContext(r.id))) as KubeConnection;
  return {
    server: r.workloadFacingServer ?? conn.server,
    ...(conn.caData ? { caData: conn.caData } : {}),
    // a name the control plane dials by is no name for another address
    ...(conn.tlsServerName && !r.workloadFacingServer ? { tlsServerName: conn.tlsServerName } : {}),
  };
}
