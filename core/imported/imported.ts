import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import type { KubeClient } from "../kube/client.js";
import { KubeCredentialsRefused, TunnelDisconnected } from "../kube/errors.js";
import type { KubeObject } from "../kube/objects.js";
import { DomainError, isDomainError, notFound, RetryableError, unprocessable } from "../shared/errors.js";
import { ID_PATTERN, newId } from "../shared/ids.js";
import { keys, type ProjectRef } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { findItem, listItems } from "../store/read.js";
import { closeTunnel, firstToken } from "../tunnel/agents.js";
import type { TunnelSubject } from "../tunnel/model.js";
import { openTunnel, readTunnel, tunnelView } from "../tunnel/state.js";
import type { RegistrationToken } from "../tunnel/tokens.js";
import { recordAddonPhase } from "./addon-check.js";
import { changeImportedAddon, type ImportedAddonChange, reconcileImportedAddon, requireImportedAddon } from "./addons.js";
import { connectionContext, type ImportedClusterRecord, importedItem, importedKeys, publicView } from "./items.js";
import type { ImportClusterInput, ImportedCluster, ImportedClusterLive, NodeView, ObservedCluster } from "./model.js";

/** Reading an imported cluster answers quickly: one that does not answer is reported, not waited for. */
export const LIVE_TIMEOUT_MS = 5_000;
/** nodes listed per cluster read (pages of 500) */
const MAX_NODES = 5_000;

export const importedSubject = (c: { domain: string; project: string; id: string }): TunnelSubject => ({
  kind: "imported",
  domain: c.domain,
  project: c.project,
  id: c.id,
});

/**
 * Import (a kubeconfig: checked by reaching the cluster, stored sealed) or
 * register (no kubeconfig: the answer carries the agent's first
 * registration token). The cluster's name is claimed in the project's
 * cluster names, so it lists beside the CAPI clusters without a clash.
 */
export async function importCluster(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  input: ImportClusterInput,
): Promise<ImportedCluster & { registration?: RegistrationToken }> {
  const id = newId("ic");
  const tx = transaction(deps, ctx);
  const base = {
    id,
    type: "imported" as const,
    ...t,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    labels: input.labels ?? {},
    createdAt: tx.at,
    updatedAt: tx.at,
    version: 1,
  };
  let record: ImportedClusterRecord;
  let registration: RegistrationToken | undefined;
  if (input.kubeconfig !== undefined) {
    const { parseKubeconfig } = await import("../kube/connection.js");
    const conn = await parseKubeconfig(input.kubeconfig);
    const { KubeClient } = await import("../kube/client.js");
    const client = new KubeClient(conn, { label: `cluster ${input.name} (${conn.server})`, timeoutMs: LIVE_TIMEOUT_MS });
    let observed: ObservedCluster;
    try {
      const version = await client.version();
      observed = { kubernetesVersion: version.gitVersion, checkedAt: tx.at };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw unprocessable(`the kubeconfig does not reach the cluster: ${why}`, { server: conn.server }, "imported-cluster.unreachable");
    }
    record = {
      ...base,
      access: "kubeconfig",
      server: conn.server,
      observed,
      connection: await deps.secrets.seal(JSON.stringify(conn), connectionContext({ ...t, id })),
    };
  } else {
    record = { ...base, access: "agent" };
    openTunnel(tx, importedSubject(record));
    registration = firstToken(tx, importedSubject(record), input.tokenTtlSeconds ? { ttlSeconds: input.tokenTtlSeconds } : {});
  }
  tx.check(keys.project(t), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`project ${t.domain}/${t.project}`) })
    .put(
      { ...importedKeys.name(t, input.name), kind: "cluster-name", clusterId: id, imported: true },
      {
        condition: "attribute_not_exists(pk)",
        onConditionFailed: () => new DomainError("conflict", `a cluster named ${input.name} already exists in project ${t.project}`),
      },
    )
    .put(importedItem(record), { condition: "attribute_not_exists(pk)" })
    .emit(
      "ckp.importedcluster.imported",
      `imported-clusters/${id}`,
      { id, name: record.name, access: record.access, ...(record.server ? { server: record.server } : {}) },
      t,
    );
  await tx.commit();
  return { ...publicView(record), ...(registration ? { registration } : {}) };
}

export async function getImportedRecord(deps: Deps, t: ProjectRef, id: string, consistent = false): Promise<ImportedClusterRecord> {
  const r = ID_PATTERN.test(id) ? await findItem<ImportedClusterRecord>(deps, importedKeys.cluster(t, id), { consistent }) : undefined;
  // the partition holds CAPI clusters under the same prefix: an id of one is not an imported cluster
  if (r?.type !== "imported") throw notFound(`imported cluster ${id}`);
  return r;
}

export async function getImportedCluster(deps: Deps, t: ProjectRef, id: string): Promise<ImportedCluster> {
  return publicView(await getImportedRecord(deps, t, id));
}

/** The project's imported clusters (GET …/clusters lists them with the CAPI clusters). */
export async function listImportedClusters(
  deps: Deps,
  t: ProjectRef,
  page: { limit: number; cursor?: string },
): Promise<Page<ImportedCluster>> {
  return listItems<ImportedCluster>(deps, {
    partition: keys.project(t).pk,
    prefix: "CLUSTER#",
    page,
    filter: { expression: "#type = :imported", names: { "#type": "type" }, values: { ":imported": "imported" } },
    map: (i) => publicView(i as unknown as ImportedClusterRecord),
  });
}

const clients = new Map<string, KubeClient>();

/**
 * A client for an imported cluster, through its sealed kubeconfig or its
 * agent's tunnel: the hook for what acts on imported clusters (add-ons
 * such as Velero, docs/tunnel.md). Agent clusters allow only what the
 * agent's manifest grants (core/tunnel/manifest.ts IMPORTED_CLUSTER_RULES).
 */
export async function kubeForImported(deps: Deps, t: ProjectRef, id: string, o: { timeoutMs?: number } = {}): Promise<KubeClient> {
  return clientOf(deps, await getImportedRecord(deps, t, id), o);
}

async function clientOf(deps: Deps, r: ImportedClusterRecord, o: { timeoutMs?: number }): Promise<KubeClient> {
  const key = `${deps.table}|${r.domain}|${r.project}|${r.id}|${r.access}|${r.updatedAt}|${o.timeoutMs ?? "default"}`;
  const hit = clients.get(key);
  if (hit) return hit;
  const { KubeClient } = await import("../kube/client.js");
  const label = `imported cluster ${r.name}`;
  const timeout = o.timeoutMs ? { timeoutMs: o.timeoutMs } : {};
  let client: KubeClient;
  if (r.access === "agent") {
    const { TunnelTransport } = await import("../tunnel/transport.js");
    client = new KubeClient(
      { transport: new TunnelTransport(deps, importedSubject(r), label), server: `https://${r.id.replace(/_/g, "-")}.tunnel.invalid` },
      {
        label,
        ...timeout,
        credentialsHint: "its cluster agent's service account is not allowed to (the agent's manifest grants read access only)",
      },
    );
  } else {
    if (!r.connection) throw new Error(`imported cluster ${r.id} has no stored connection`);
    const conn = JSON.parse(await deps.secrets.openString(r.connection, connectionContext(r)));
    client = new KubeClient(conn, { label, ...timeout, credentialsHint: "import it again with a kubeconfig it accepts" });
  }
  if (clients.size > 500) clients.clear();
  clients.set(key, client);
  return client;
}

/**
 * The cluster as it is now, read through its connection: Kubernetes
 * version, nodes (name, roles, ready, kubelet version) and health (the API
 * server's /readyz, nodes ready). Never throws for the cluster's own
 * failures: an unreachable cluster, a refused credential or a tunnel that is
 * down are reported, with the reason.
 */
export async function readImportedCluster(deps: Deps, t: ProjectRef, id: string): Promise<ImportedCluster & { live: ImportedClusterLive }> {
  const r = await getImportedRecord(deps, t, id);
  const checkedAt = deps.clock.now().toISOString();
  const tunnel = r.access === "agent" ? tunnelView(await readTunnel(deps, importedSubject(r)), deps.clock.now(), r.createdAt) : undefined;
  const answer = async (live: Omit<ImportedClusterLive, "checkedAt">, addonsVia: KubeClient | Error) => {
    const velero = await reconcileImportedAddon(r, addonsVia, live.kubernetesVersion ?? r.observed?.kubernetesVersion, checkedAt);
    return {
      ...publicView(r),
      ...(velero ? { addons: { velero } } : {}),
      live: { ...live, checkedAt, ...(tunnel ? { tunnel } : {}) },
    };
  };
  if (tunnel && tunnel.state !== "connected") {
    const down = new TunnelDisconnected(
      `imported cluster ${r.name}`,
      tunnel.state === "disconnected" ? tunnel.since : undefined,
      tunnel.state === "awaiting-agent" ? "no cluster agent has connected yet" : undefined,
    );
    return answer({ reachable: false, health: { apiServerReady: false }, reason: "TunnelDisconnected", message: down.message }, down);
  }
  const client = await clientOf(deps, r, { timeoutMs: LIVE_TIMEOUT_MS });
  try {
    const [version, ready, nodes] = await Promise.all([client.version(), client.getText("/readyz"), listNodes(client)]);
    const readyNodes = nodes.filter((n) => n.ready).length;
    const observed: ObservedCluster = { kubernetesVersion: version.gitVersion, nodeCount: nodes.length, readyNodes, checkedAt };
    await recordObserved(deps, r, observed);
    const apiServerReady = ready.status === 200;
    const unhealthy = [
      ...(apiServerReady ? [] : [`the API server is not ready (/readyz ${ready.status})`]),
      ...(readyNodes < nodes.length ? [`${nodes.length - readyNodes} of ${nodes.length} node(s) not ready`] : []),
    ];
    const live: Omit<ImportedClusterLive, "checkedAt"> = {
      reachable: true,
      kubernetesVersion: version.gitVersion,
      nodes,
      health: { apiServerReady, nodesReady: readyNodes, nodesTotal: nodes.length },
      ...(unhealthy.length ? { message: unhealthy.join("; ") } : {}),
    };
    return await answer(live, client);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof TunnelDisconnected)
      return answer({ reachable: false, health: { apiServerReady: false }, reason: "TunnelDisconnected", message }, e);
    if (e instanceof KubeCredentialsRefused)
      return answer({ reachable: true, health: { apiServerReady: false }, reason: "CredentialsRefused", message }, e);
    if (e instanceof RetryableError || isDomainError(e))
      return answer({ reachable: false, health: { apiServerReady: false }, reason: "Unreachable", message }, e);
    throw e;
  }
}

/**
 * Enables, disables or reconfigures an addon (Velero) of an imported
 * cluster: the change is recorded first, then applied to the cluster at
 * once if it can be reached (else on a later read, core/imported/addons.ts).
 */
export async function changeImportedClusterAddon(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  name: string,
  change: ImportedAddonChange,
  ifMatch?: number,
): Promise<ImportedCluster> {
  const addon = requireImportedAddon(name);
  const record = await getImportedRecord(deps, t, id, true);
  const now = deps.clock.now().toISOString();
  const via = await addonConnection(deps, record);
  const r = await changeImportedAddon(deps, ctx, record, addon, change, {
    ifMatch,
    failed: async () => (await reconcileImportedAddon(record, via, record.observed?.kubernetesVersion, now))?.phase === "Failed",
  });
  const velero = await reconcileImportedAddon(r, via, r.observed?.kubernetesVersion, now);
  return { ...publicView(r), ...(velero ? { addons: { velero } } : {}) };
}

/** The cluster's connection for its addons, or why there is none now (a tunnel that is down). */
async function addonConnection(deps: Deps, r: ImportedClusterRecord): Promise<KubeClient | Error> {
  if (r.access !== "agent") return clientOf(deps, r, { timeoutMs: LIVE_TIMEOUT_MS });
  const tunnel = tunnelView(await readTunnel(deps, importedSubject(r)), deps.clock.now(), r.createdAt);
  return tunnel.state === "connected"
    ? clientOf(deps, r, { timeoutMs: LIVE_TIMEOUT_MS })
    : new TunnelDisconnected(`imported cluster ${r.name}`, tunnel.state === "disconnected" ? tunnel.since : undefined);
}

/**
 * The schedule's check of one imported cluster's addons (core/imported/addon-check.ts):
 * applies the current generation if its Job is missing, judges it, and records
 * (and announces) a phase that changed. A cluster detached since is skipped.
 */
export async function checkImportedClusterAddons(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
): Promise<{ phase?: string; recorded: "changed" | "unchanged" } | "gone"> {
  const r = await getImportedRecord(deps, t, id, true).catch((e: unknown) => {
    if (isDomainError(e) && e.kind === "not-found") return undefined;
    throw e;
  });
  if (!r) return "gone";
  const status = await reconcileImportedAddon(
    r,
    await addonConnection(deps, r),
    r.observed?.kubernetesVersion,
    deps.clock.now().toISOString(),
  );
  if (!status) return { recorded: "unchanged" };
  return { phase: status.phase, recorded: await recordAddonPhase(deps, ctx, r, "velero", status) };
}

interface NodeObject extends KubeObject {
  status?: { conditions?: Array<{ type: string; status: string }>; nodeInfo?: { kubeletVersion?: string } };
}

async function listNodes(client: KubeClient): Promise<NodeView[]> {
  const out: NodeView[] = [];
  let next: string | undefined;
  do {
    const page = await client.list<NodeObject>("v1", "Node", { limit: 500, ...(next ? { continue: next } : {}) });
    for (const n of page.items) out.push(nodeView(n));
    next = page.continue;
  } while (next && out.length < MAX_NODES);
  return out;
}

export function nodeView(n: NodeObject): NodeView {
  const labels = n.metadata.labels ?? {};
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length))
    .filter(Boolean);
  if (labels["kubernetes.io/role"]) roles.push(labels["kubernetes.io/role"]);
  const kubeletVersion = n.status?.nodeInfo?.kubeletVersion;
  return {
    name: n.metadata.name,
    roles: [...new Set(roles)].sort(),
    ready: n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    ...(kubeletVersion ? { kubeletVersion } : {}),
  };
}

/** Keeps what was read for the list (not a change of the record: no new version). */
async function recordObserved(deps: Deps, r: ImportedClusterRecord, o: ObservedCluster): Promise<void> {
  const same = (a?: ObservedCluster) =>
    a?.kubernetesVersion === o.kubernetesVersion && a?.nodeCount === o.nodeCount && a?.readyNodes === o.readyNodes;
  if (same(r.observed)) return;
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.table,
        Key: importedKeys.cluster(r, r.id),
        UpdateExpression: "SET observed = :o",
        ConditionExpression: "attribute_exists(pk) AND #type = :imported",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":o": o, ":imported": "imported" },
      }),
    )
    .catch((e: unknown) => {
      if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
    });
}

/**
 * Detaches: the agent's access ends (certificates revoked, tokens gone,
 * tunnel closed) and the record goes, sealed kubeconfig included. Nothing
 * is sent to the cluster: it keeps running as it was; its agent, told it
 * was detached, stops (`kubectl delete namespace ckp-system` removes it).
 */
export async function detachImportedCluster(deps: Deps, ctx: Ctx, t: ProjectRef, id: string): Promise<{ revokedCertificates: string[] }> {
  const r = await getImportedRecord(deps, t, id, true);
  const revoked = r.access === "agent" ? await closeTunnel(deps, ctx, importedSubject(r), `imported cluster ${r.name} was detached`) : [];
  const tx = transaction(deps, ctx);
  tx.delete(importedKeys.cluster(t, id), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`imported cluster ${id}`) })
    .delete(importedKeys.name(t, r.name), { condition: "attribute_not_exists(pk) OR clusterId = :id", values: { ":id": id } })
    .emit("ckp.importedcluster.detached", `imported-clusters/${id}`, { id, name: r.name, revokedCertificates: revoked }, t);
  await tx.commit();
  return { revokedCertificates: revoked };
}

/** The subject of an agent-registered cluster, for its agent's tokens and status; 422 for a cluster imported by kubeconfig. */
export async function agentSubjectOf(deps: Deps, t: ProjectRef, id: string): Promise<{ subject: TunnelSubject; record: ImportedCluster }> {
  const r = await getImportedRecord(deps, t, id);
  if (r.access !== "agent") throw unprocessable(`imported cluster ${r.name} was imported with a kubeconfig: it has no agent`);
  return { subject: importedSubject(r), record: publicView(r) };
}
