import { type Ctx, type Deps, transaction } from "../deps.js";
import { connection, type KubeConnection, parseKubeconfig } from "../kube/connection.js";
import { badRequest, conflict, notFound, preconditionFailed } from "../shared/errors.js";
import { ID_PATTERN, newId } from "../shared/ids.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, eachPage, findItem, getItem, listItems } from "../store/read.js";
import { closeTunnel, firstToken } from "../tunnel/agents.js";
import type { TunnelSubject } from "../tunnel/model.js";
import { openTunnel } from "../tunnel/state.js";
import type { RegistrationToken } from "../tunnel/tokens.js";
import { connectionContext, type ManagementClusterRecord, MC_INDEX_PK, managementClusterItem, mcKeys, publicView } from "./items.js";
import type { ManagementCluster, RegisterManagementClusterInput, UpdateManagementClusterInput } from "./model.js";

/** Product §14: registry of CAPI management clusters (platform-admin only at the API). */

const REMOTE_TAKES_NO_CREDENTIALS = () =>
  badRequest("a remote management cluster is reached through its cluster agent's tunnel: it takes no kubeconfig, server or token", [
    { path: "kubeconfig", message: "not with connectivity remote" },
  ]);

export const managementSubject = (id: string): TunnelSubject => ({ kind: "management", id });

type CredentialFields = Pick<RegisterManagementClusterInput, "kubeconfig" | "server" | "caData" | "token">;

function hasCredentials(i: CredentialFields): boolean {
  return i.kubeconfig !== undefined || i.server !== undefined || i.token !== undefined || i.caData !== undefined;
}

/** The connection a request describes: a kubeconfig, or server + CA + token. */
async function connectionOf(i: CredentialFields): Promise<KubeConnection> {
  if (i.kubeconfig !== undefined) {
    if (i.server !== undefined || i.token !== undefined || i.caData !== undefined) {
      throw badRequest("give either a kubeconfig or server, caData and token, not both", [
        { path: "kubeconfig", message: "not with server/caData/token" },
      ]);
    }
    return parseKubeconfig(i.kubeconfig);
  }
  return connection({ server: i.server, caData: i.caData, token: i.token });
}

/**
 * Registers a management cluster. A direct one comes with its credentials
 * (checked for shape, stored sealed). A remote one comes with none: the
 * answer carries the first registration token for its agent.
 */
export async function registerManagementCluster(
  deps: Deps,
  ctx: Ctx,
  input: RegisterManagementClusterInput,
): Promise<ManagementCluster & { registration?: RegistrationToken }> {
  if (input.connectivity === "remote") return registerRemote(deps, ctx, input);
  if (!hasCredentials(input)) {
    throw badRequest("a direct management cluster needs credentials: a kubeconfig, or server, caData and token", [
      { path: "kubeconfig", message: "required" },
    ]);
  }
  const conn = await connectionOf(input);
  const id = newId("mc");
  const now = deps.clock.now().toISOString();
  const record: ManagementClusterRecord = {
    id,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    connectivity: input.connectivity,
    server: conn.server,
    ...(input.workloadFacingServer !== undefined ? { workloadFacingServer: input.workloadFacingServer } : {}),
    labels: input.labels ?? {},
    ...(input.maxClusters !== undefined ? { maxClusters: input.maxClusters } : {}),
    schedulable: true,
    clusterCount: 0,
    providerClusterCount: 0,
    hostGroupCount: 0,
    credentialsUpdatedAt: now,
    createdAt: now,
    updatedAt: now,
    version: 1,
    connection: await deps.secrets.seal(JSON.stringify(conn), connectionContext(id)),
    credentialsVersion: 1,
  };
  const tx = transaction(deps, ctx);
  tx.put(
    { ...mcKeys.name(input.name), kind: "management-cluster-name", id },
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () => conflict(`management cluster ${input.name} already exists`, undefined, "already-exists"),
    },
  )
    .put(managementClusterItem(record), { condition: "attribute_not_exists(pk)" })
    .emit(
      "ckp.managementcluster.registered",
      `management-clusters/${id}`,
      { id, name: record.name, connectivity: record.connectivity, server: conn.server, labels: record.labels },
      {},
    );
  await tx.commit();
  return publicView(record);
}

async function registerRemote(
  deps: Deps,
  ctx: Ctx,
  input: RegisterManagementClusterInput,
): Promise<ManagementCluster & { registration: RegistrationToken }> {
  if (hasCredentials(input)) throw REMOTE_TAKES_NO_CREDENTIALS();
  const id = newId("mc");
  const tx = transaction(deps, ctx);
  const record: ManagementClusterRecord = {
    id,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    connectivity: "remote",
    ...(input.workloadFacingServer !== undefined ? { workloadFacingServer: input.workloadFacingServer } : {}),
    labels: input.labels ?? {},
    ...(input.maxClusters !== undefined ? { maxClusters: input.maxClusters } : {}),
    schedulable: true,
    clusterCount: 0,
    providerClusterCount: 0,
    hostGroupCount: 0,
    credentialsUpdatedAt: tx.at,
    createdAt: tx.at,
    updatedAt: tx.at,
    version: 1,
    credentialsVersion: 1,
  };
  tx.put(
    { ...mcKeys.name(input.name), kind: "management-cluster-name", id },
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => conflict(`management cluster ${input.name} already exists`) },
  )
    .put(managementClusterItem(record), { condition: "attribute_not_exists(pk)" })
    .emit(
      "ckp.managementcluster.registered",
      `management-clusters/${id}`,
      { id, name: record.name, connectivity: "remote", labels: record.labels },
      {},
    );
  openTunnel(tx, managementSubject(id));
  const registration = firstToken(tx, managementSubject(id), input.tokenTtlSeconds ? { ttlSeconds: input.tokenTtlSeconds } : {});
  await tx.commit();
  return { ...publicView(record), registration };
}

export async function getManagementClusterRecord(deps: Deps, id: string, consistent = false): Promise<ManagementClusterRecord> {
  if (!ID_PATTERN.test(id)) throw notFound(`management cluster ${id}`);
  return getItem<ManagementClusterRecord>(deps, mcKeys.cluster(id), `management cluster ${id}`, { consistent });
}

export async function getManagementCluster(deps: Deps, id: string): Promise<ManagementCluster> {
  return publicView(await getManagementClusterRecord(deps, id));
}

/** A management cluster named by id or by name (provider clusters may use either). */
export async function findManagementCluster(deps: Deps, idOrName: string): Promise<ManagementCluster | undefined> {
  let id = idOrName;
  if (!ID_PATTERN.test(idOrName)) {
    const claim = await findItem<{ id: string }>(deps, mcKeys.name(idOrName));
    if (!claim) return undefined;
    id = claim.id;
  }
  try {
    return await getManagementCluster(deps, id);
  } catch {
    return undefined;
  }
}

export function listManagementClusters(deps: Deps, page: { limit: number; cursor?: string }): Promise<Page<ManagementCluster>> {
  return listItems(deps, { partition: MC_INDEX_PK, index: 1, page, map: (i) => publicView(i as unknown as ManagementClusterRecord) });
}

/** Every management cluster (placement and status read them all; a platform has few). */
export async function allManagementClusters(deps: Deps): Promise<ManagementCluster[]> {
  const all: ManagementCluster[] = [];
  for await (const items of eachPage(deps, {
    partition: MC_INDEX_PK,
    index: 1,
    map: (i) => publicView(i as unknown as ManagementClusterRecord),
  })) {
    all.push(...items);
  }
  return all;
}

export async function updateManagementCluster(
  deps: Deps,
  ctx: Ctx,
  id: string,
  input: UpdateManagementClusterInput,
  ifMatch?: number,
): Promise<ManagementCluster> {
  const r = await getManagementClusterRecord(deps, id, true);
  checkIfMatch(`management cluster ${r.name}`, r.version, ifMatch);
  const now = deps.clock.now().toISOString();
  const rotate = hasCredentials(input);
  if (rotate && r.connectivity === "remote") throw REMOTE_TAKES_NO_CREDENTIALS();
  const conn = rotate ? await connectionOf(input) : undefined;
  const next: ManagementClusterRecord = {
    ...r,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.labels !== undefined ? { labels: input.labels } : {}),
    ...(input.schedulable !== undefined ? { schedulable: input.schedulable } : {}),
    ...(conn ? { server: conn.server, credentialsUpdatedAt: now, credentialsVersion: r.credentialsVersion + 1 } : {}),
    updatedAt: now,
    version: r.version + 1,
  };
  if (input.workloadFacingServer === null) delete next.workloadFacingServer;
  else if (input.workloadFacingServer !== undefined) next.workloadFacingServer = input.workloadFacingServer;
  if (input.maxClusters === null) delete next.maxClusters;
  else if (input.maxClusters !== undefined) next.maxClusters = input.maxClusters;
  if (conn) next.connection = await deps.secrets.seal(JSON.stringify(conn), connectionContext(id));

  // Counters (clusterCount, providerClusterCount) move under other commands;
  // write only what this command owns, conditional on the version read.
  const sets = [
    "labels = :l",
    "schedulable = :s",
    "updatedAt = :u",
    "version = :nv",
    "credentialsUpdatedAt = :cu",
    "credentialsVersion = :cv",
  ];
  const values: Record<string, unknown> = {
    ":l": next.labels,
    ":s": next.schedulable,
    ":u": now,
    ":nv": next.version,
    ":v": r.version,
    ":cu": next.credentialsUpdatedAt,
    ":cv": next.credentialsVersion,
  };
  // a remote cluster has no server the control plane knows
  if (next.server !== undefined) {
    sets.push("#srv = :srv");
    values[":srv"] = next.server;
  }
  const removes: string[] = [];
  if (next.description !== undefined) {
    sets.push("description = :d");
    values[":d"] = next.description;
  }
  if (next.maxClusters !== undefined) {
    sets.push("maxClusters = :m");
    values[":m"] = next.maxClusters;
  } else removes.push("maxClusters");
  if (next.workloadFacingServer !== undefined) {
    sets.push("workloadFacingServer = :wfs");
    values[":wfs"] = next.workloadFacingServer;
  } else removes.push("workloadFacingServer");
  if (conn) {
    sets.push("#conn = :conn");
    values[":conn"] = next.connection;
  }
  const tx = transaction(deps, ctx);
  tx.update(mcKeys.cluster(id), `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`, {
    condition: "version = :v",
    names: { ...(next.server !== undefined ? { "#srv": "server" } : {}), ...(conn ? { "#conn": "connection" } : {}) },
    values,
    onConditionFailed: () => preconditionFailed("management cluster was changed concurrently; read it again"),
  }).emit(
    "ckp.managementcluster.updated",
    `management-clusters/${id}`,
    {
      id,
      name: r.name,
      labels: next.labels,
      schedulable: next.schedulable,
      ...(next.maxClusters !== undefined ? { maxClusters: next.maxClusters } : {}),
      credentialsRotated: rotate,
    },
    {},
  );
  await tx.commit();
  // The version moved; counters may have moved too, so answer what is stored.
  return publicView(await getManagementClusterRecord(deps, id, true));
}

/** Deletes a management cluster no cluster is placed on and no provider cluster names. */
export async function deleteManagementCluster(deps: Deps, ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
  const r = await getManagementClusterRecord(deps, id, true);
  checkIfMatch(`management cluster ${r.name}`, r.version, ifMatch);
  const groups = r.hostGroupCount ?? 0;
  const inUse = () =>
    conflict(
      `management cluster ${r.name} is still used by ${r.clusterCount} cluster(s), ${r.providerClusterCount} provider cluster(s) and ${groups} host group(s)`,
      { clusterCount: r.clusterCount, providerClusterCount: r.providerClusterCount, hostGroupCount: groups },
      "management-cluster.in-use",
    );
  if (r.clusterCount > 0 || r.providerClusterCount > 0 || groups > 0) throw inUse();
  // a remote cluster's agent loses its access first: certificates revoked, tokens gone, tunnel closed
  if (r.connectivity === "remote") await closeTunnel(deps, ctx, managementSubject(id), `management cluster ${r.name} was deregistered`);
  const tx = transaction(deps, ctx);
  tx.delete(mcKeys.cluster(id), {
    condition: "clusterCount = :zero AND providerClusterCount = :zero AND (attribute_not_exists(hostGroupCount) OR hostGroupCount = :zero)",
    values: { ":zero": 0 },
    onConditionFailed: () =>
      conflict(`management cluster ${r.name} came into use while being deleted`, undefined, "management-cluster.in-use"),
  })
    .delete(mcKeys.name(r.name))
    .emit("ckp.managementcluster.deleted", `management-clusters/${id}`, { id, name: r.name }, {});
  await tx.commit();
}
