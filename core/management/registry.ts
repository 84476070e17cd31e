import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { connection, type KubeConnection, parseKubeconfig } from "../kube/connection.js";
import { badRequest, conflict, notFound, preconditionFailed, unprocessable } from "../shared/errors.js";
import { ID_PATTERN, newId } from "../shared/ids.js";
import { withoutKeys } from "../store/items.js";
import { decodeCursor, encodeCursor, type Page } from "../store/pagination.js";
import { connectionContext, type ManagementClusterRecord, MC_INDEX_PK, managementClusterItem, mcKeys, publicView } from "./items.js";
import type { ManagementCluster, RegisterManagementClusterInput, UpdateManagementClusterInput } from "./model.js";

/** Product §14: registry of CAPI management clusters (platform-admin only at the API). */

export const REMOTE_NOT_SUPPORTED =
  "connectivity mode remote (a tunnel opened from inside the management cluster) is not yet supported; register the cluster with connectivity direct and a kubeconfig";

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

export async function registerManagementCluster(deps: Deps, ctx: Ctx, input: RegisterManagementClusterInput): Promise<ManagementCluster> {
  if (input.connectivity === "remote") throw unprocessable(REMOTE_NOT_SUPPORTED, { connectivity: "remote" });
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
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => conflict(`management cluster ${input.name} already exists`) },
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

export async function getManagementClusterRecord(deps: Deps, id: string, consistent = false): Promise<ManagementClusterRecord> {
  if (!ID_PATTERN.test(id)) throw notFound(`management cluster ${id}`);
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: mcKeys.cluster(id), ConsistentRead: consistent }));
  if (!out.Item) throw notFound(`management cluster ${id}`);
  return withoutKeys<ManagementClusterRecord>(out.Item);
}

export async function getManagementCluster(deps: Deps, id: string): Promise<ManagementCluster> {
  return publicView(await getManagementClusterRecord(deps, id));
}

/** A management cluster named by id or by name (provider clusters may use either). */
export async function findManagementCluster(deps: Deps, idOrName: string): Promise<ManagementCluster | undefined> {
  let id = idOrName;
  if (!ID_PATTERN.test(idOrName)) {
    const claim = await deps.db.send(new GetCommand({ TableName: deps.table, Key: mcKeys.name(idOrName) }));
    if (!claim.Item) return undefined;
    id = claim.Item.id as string;
  }
  try {
    return await getManagementCluster(deps, id);
  } catch {
    return undefined;
  }
}

export async function listManagementClusters(deps: Deps, page: { limit: number; cursor?: string }): Promise<Page<ManagementCluster>> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": MC_INDEX_PK },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attr: "gsi1pk", value: MC_INDEX_PK }),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => publicView(withoutKeys<ManagementClusterRecord>(i))),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

/** Every management cluster (placement and status read them all; a platform has few). */
export async function allManagementClusters(deps: Deps): Promise<ManagementCluster[]> {
  const all: ManagementCluster[] = [];
  let cursor: string | undefined;
  do {
    const page = await listManagementClusters(deps, { limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
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
  if (ifMatch !== undefined && ifMatch !== r.version)
    throw preconditionFailed(`management cluster is at version ${r.version}, not ${ifMatch}`);
  const now = deps.clock.now().toISOString();
  const rotate = hasCredentials(input);
  if (rotate && r.connectivity === "remote") throw unprocessable(REMOTE_NOT_SUPPORTED);
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
    "#srv = :srv",
    "credentialsUpdatedAt = :cu",
    "credentialsVersion = :cv",
  ];
  const values: Record<string, unknown> = {
    ":l": next.labels,
    ":s": next.schedulable,
    ":u": now,
    ":nv": next.version,
    ":v": r.version,
    ":srv": next.server,
    ":cu": next.credentialsUpdatedAt,
    ":cv": next.credentialsVersion,
  };
  const removes: string[] = [];
  if (next.description !== undefined) {
    sets.push("description = :d");
    values[":d"] = next.description;
  }
  if (next.maxClusters !== undefined) {
    sets.push("maxClusters = :m");
    values[":m"] = next.maxClusters;
  } else removes.push("maxClusters");
  if (conn) {
    sets.push("#conn = :conn");
    values[":conn"] = next.connection;
  }
  const tx = transaction(deps, ctx);
  tx.update(mcKeys.cluster(id), `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`, {
    condition: "version = :v",
    names: { "#srv": "server", ...(conn ? { "#conn": "connection" } : {}) },
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
  if (ifMatch !== undefined && ifMatch !== r.version)
    throw preconditionFailed(`management cluster is at version ${r.version}, not ${ifMatch}`);
  const groups = r.hostGroupCount ?? 0;
  const inUse = () =>
    conflict(
      `management cluster ${r.name} is still used by ${r.clusterCount} cluster(s), ${r.providerClusterCount} provider cluster(s) and ${groups} host group(s)`,
      { clusterCount: r.clusterCount, providerClusterCount: r.providerClusterCount, hostGroupCount: groups },
    );
  if (r.clusterCount > 0 || r.providerClusterCount > 0 || groups > 0) throw inUse();
  const tx = transaction(deps, ctx);
  tx.delete(mcKeys.cluster(id), {
    condition: "clusterCount = :zero AND providerClusterCount = :zero AND (attribute_not_exists(hostGroupCount) OR hostGroupCount = :zero)",
    values: { ":zero": 0 },
    onConditionFailed: () => conflict(`management cluster ${r.name} came into use while being deleted`),
  })
    .delete(mcKeys.name(r.name))
    .emit("ckp.managementcluster.deleted", `management-clusters/${id}`, { id, name: r.name }, {});
  await tx.commit();
}
