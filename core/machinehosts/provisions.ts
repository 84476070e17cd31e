import { createHash } from "node:crypto";
import type { Envelope } from "../../events/envelope.js";
import { currentRelease } from "../agents/release.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { addHostToGroup } from "../hosts/host-groups.js";
import { getHost } from "../hosts/hosts.js";
import type { Condition } from "../hosts/model.js";
import { provisionerCtx } from "../hosts/provisioning.js";
import { agentBootstrap } from "../infrastructure/agent-bootstrap.js";
import { type ClusterInfra, type InfrastructureDriver, type Machine, machineSpecs } from "../infrastructure/driver.js";
import { InfrastructureError } from "../infrastructure/errors.js";
import { openDriver } from "../providers/drivers.js";
import type { ProviderScope } from "../providers/model.js";
import { resolveProviderCluster } from "../providers/provider-clusters.js";
import { conflict, type DomainError, isDomainError, notFound, RetryableError, unprocessable } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { keys, type ProjectRef } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { mhKeys, provisionedMachineItem, provisionItem } from "./items.js";
import type { HostProvision, MachineHost, ProvisionedMachineRecord, provisionInput } from "./model.js";
import { batchGet } from "./read.js";
import { machineHostOf } from "./status.js";

/**
 * Machines asked of a project's provider cluster for a host group, without a
 * cluster (product §12.4 "provisioning hosts"): capacity made ready ahead of
 * time. The request is recorded with the machines' names and identities
 * (one transaction, `ckp.hostprovision.requested`); the provisioning worker
 * then asks the provider through the same drivers, cloud-init and agent
 * bootstrap as the cluster saga. Each machine's agent registers with the
 * identity chosen here, its request is approved as the project says, and the
 * host joins the group once the host provisioner has checked it.
 */
type Parsed = import("zod").output<typeof provisionInput>;

/** CCS security groups need a CNI's ports; capacity is made before its cluster, so it gets the default CNI's (product §9.3). */
const CAPACITY_CNI: ClusterInfra["cni"] = "cilium";

/** What a provision is to the drivers: an owner of machines, like a cluster (its id tags them, the group names them). */
export function provisionInfra(p: HostProvision): ClusterInfra {
  return { clusterId: p.id, clusterName: p.group, domain: p.domain, project: p.project, cni: CAPACITY_CNI };
}

const scopeOf = (p: HostProvision): ProviderScope => ({
  domain: p.domain,
  ...(p.providerCluster.project ? { project: p.providerCluster.project } : {}),
});

function provisionIdFor(t: ProjectRef, requestId: string | undefined): string {
  if (!requestId) return newId("hprov");
  return `hprov_${createHash("sha256").update(`${t.domain}/${t.project}/${requestId}`).digest("hex").slice(0, 26)}`;
}

const sameRequest = (p: HostProvision, i: Parsed) =>
  p.group === i.hostGroup && p.providerCluster.name === i.providerCluster && p.count === i.count && p.os === i.os && p.arch === i.arch;

class RequestIdTaken extends Error {}

export async function requestProvision(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  input: Parsed,
): Promise<{ provision: HostProvision; machineHosts: MachineHost[] }> {
  const id = provisionIdFor(t, input.requestId);
  const earlier = async () => {
    const p = input.requestId ? await findItem<HostProvision>(deps, mhKeys.provision(t, id), { consistent: true }) : undefined;
    if (p && !sameRequest(p, input)) {
      throw conflict(
        `request id ${input.requestId} was used for another provision (${p.id})`,
        { provisionId: p.id },
        "machinehost.request-id-reused",
      );
    }
    return p;
  };
  const repeated = await earlier();
  if (repeated) return answer(deps, t, repeated);

  const pc = await resolveProviderCluster(deps, t, input.providerCluster);
  if (!pc) {
    throw unprocessable(
      `provider cluster ${input.providerCluster} exists neither in project ${t.project} nor in domain ${t.domain}`,
      { providerCluster: input.providerCluster },
      "machinehost.provider-cluster-unknown",
    );
  }
  if (!(await currentRelease(deps))) {
    throw unprocessable(
      "no agent release is published, so new machines would have no agent to install: publish one with PUT /v1/agent/release",
      undefined,
      "machinehost.agent-release-missing",
    );
  }
  const tx = transaction(deps, ctx);
  const provision: HostProvision = {
    id,
    ...t,
    group: input.hostGroup,
    providerCluster: { name: pc.name, ...(pc.project ? { project: pc.project } : {}), type: pc.type },
    count: input.count,
    os: input.os,
    arch: input.arch,
    ...(input.requestId ? { requestId: input.requestId } : {}),
    machines: [],
    status: "requested",
    conditions: [
      {
        type: "MachinesCreated",
        status: "Unknown",
        reason: "Requested",
        message: `${input.count} machine(s) asked of ${pc.type} provider cluster ${pc.name}`,
        lastTransitionTime: tx.at,
      },
    ],
    createdAt: tx.at,
    updatedAt: tx.at,
    version: 1,
  };
  provision.machines = machineSpecs(provisionInfra(provision), 0, input.count, { os: input.os, arch: input.arch }).map((s) => ({
    name: s.name,
    machineId: s.machineId,
  }));
  tx.check(keys.hostGroup(t, input.hostGroup), {
    condition: "attribute_exists(pk)",
    onConditionFailed: () => notFound(`host group ${input.hostGroup}`),
  });
  tx.put(provisionItem(provision), { condition: "attribute_not_exists(pk)", onConditionFailed: () => new RequestIdTaken() });
  for (const m of provision.machines) {
    tx.put(provisionedMachineItem(t, { machineId: m.machineId, provisionId: id, group: input.hostGroup, name: m.name, createdAt: tx.at }), {
      condition: "attribute_not_exists(pk)",
    });
  }
  tx.emit(
    "ckp.hostprovision.requested",
    `host-provisions/${id}`,
    { provisionId: id, group: input.hostGroup, providerCluster: pc.name, count: input.count, provision: { ...provision } },
    t,
  );
  try {
    await tx.commit();
  } catch (e) {
    if (!(e instanceof RequestIdTaken)) throw e;
    // the same request id, committed concurrently
    const p = await earlier();
    if (!p) throw e;
    return answer(deps, t, p);
  }
  return answer(deps, t, provision);
}

async function answer(deps: Deps, t: ProjectRef, p: HostProvision): Promise<{ provision: HostProvision; machineHosts: MachineHost[] }> {
  const found = await batchGet(
    deps,
    p.machines.map((m) => mhKeys.provisionedMachine(t, m.machineId)),
  );
  const machineHosts: MachineHost[] = [];
  for (const m of p.machines) {
    const k = mhKeys.provisionedMachine(t, m.machineId);
    const pm = found.get(`${k.pk}\n${k.sk}`) as ProvisionedMachineRecord | undefined;
    const view = pm ? machineHostOf({ t, machineId: m.machineId, provisioned: pm, provision: p }) : undefined;
    if (view) machineHosts.push(view);
  }
  return { provision: p, machineHosts };
}

/**
 * The provisioning worker's step for `ckp.hostprovision.requested`: asks the
 * provider for the machines (found by name first, so a repeated step makes
 * none twice) and records what it answered. A refusal that asking again will
 * not change (a DomainError: unknown pool, bad credential, no capacity)
 * fails the provision with the reason; anything else is thrown, and the
 * queue retries it.
 */
export async function createProvisionedMachines(
  deps: Deps,
  e: Envelope<{ provisionId: string }>,
  o: { apiUrl: string | undefined },
): Promise<"created" | "failed" | "skipped"> {
  const t = { domain: e.domain as string, project: e.project as string };
  const ctx = provisionerCtx(e);
  const p = await findItem<HostProvision>(deps, mhKeys.provision(t, e.data.provisionId), { consistent: true });
  if (p?.status !== "requested") return "skipped";
  let driver: InfrastructureDriver | undefined;
  try {
    if (!o.apiUrl) {
      throw new InfrastructureError(
        "AgentBootstrapUnavailable",
        "the control plane does not know the API URL new machines' agents should register with (CKP_API_URL)",
      );
    }
    driver = await openProviderDriver(deps, p);
    const wanted = await stillWanted(deps, p);
    const infra = provisionInfra(p);
    await driver.prepare(infra);
    const agent = await agentBootstrap(deps, t, { apiUrl: o.apiUrl });
    const specs = p.machines.filter((m) => wanted.has(m.machineId)).map((m) => ({ ...m, os: p.os, arch: p.arch }));
    const machines = specs.length ? await driver.createMachines(infra, specs, agent) : [];
    await recordOutcome(deps, ctx, p, driver, machines, undefined);
    return "created";
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const existing = driver ? await driver.listMachines(provisionInfra(p)).catch(() => []) : [];
    await recordOutcome(deps, ctx, p, driver, existing, { reason: reasonOf(err), message: err.message });
    return "failed";
  }
}

/** Records a provision as failed when the queue gives up on it. */
export async function failProvision(deps: Deps, e: Envelope<{ provisionId: string }>, message: string): Promise<void> {
  const t = { domain: e.domain as string, project: e.project as string };
  const p = await findItem<HostProvision>(deps, mhKeys.provision(t, e.data.provisionId), { consistent: true });
  if (p?.status !== "requested") return;
  await recordOutcome(deps, provisionerCtx(e), p, undefined, [], { reason: "ProvisioningError", message });
}

async function openProviderDriver(deps: Deps, p: HostProvision): Promise<InfrastructureDriver> {
  try {
    return await openDriver(deps, scopeOf(p), p.providerCluster.name);
  } catch (e) {
    if (isDomainError(e) && e.kind === "not-found") {
      throw new InfrastructureError(
        "ProviderClusterNotFound",
        `provider cluster ${p.providerCluster.name} (or its credential) is gone: ${e.message}`,
      );
    }
    throw e;
  }
}

/** The provision's machines that still have their record (a machine host deleted before its server was made is not made). */
async function stillWanted(deps: Deps, p: HostProvision): Promise<Set<string>> {
  const found = await batchGet(
    deps,
    p.machines.map((m) => mhKeys.provisionedMachine(p, m.machineId)),
  );
  return new Set([...found.values()].map((i) => i.machineId as string));
}

function reasonOf(e: DomainError): string {
  if (e instanceof InfrastructureError) return e.reason;
  const r = e.extra?.reason;
  if (typeof r === "string") return r;
  return e.kind === "not-found" ? "NotFound" : "ProvisioningFailed";
}

/**
 * Writes what the provider did: the provision (created, or failed with the
 * reason) and each machine's server id, with the event. A server made for a
 * machine host deleted meanwhile is released again.
 */
async function recordOutcome(
  deps: Deps,
  ctx: Ctx,
  p: HostProvision,
  driver: InfrastructureDriver | undefined,
  machines: Machine[],
  failure: { reason: string; message: string } | undefined,
): Promise<void> {
  const t = { domain: p.domain, project: p.project };
  const byName = new Map(machines.map((m) => [m.name, m]));
  const wanted = await stillWanted(deps, p);
  const orphans = p.machines.filter((m) => !wanted.has(m.machineId) && byName.has(m.name)).map((m) => byName.get(m.name) as Machine);
  if (orphans.length && driver)
    await driver.releaseMachines(
      provisionInfra(p),
      orphans.map((m) => m.serverId),
    );
  const tx = transaction(deps, ctx);
  const made: HostProvision["machines"] = p.machines.map((m) => {
    const got = byName.get(m.name);
    return got && wanted.has(m.machineId) ? { ...m, serverId: got.serverId } : { name: m.name, machineId: m.machineId };
  });
  const created = made.filter((m) => m.serverId).length;
  const condition: Condition = failure
    ? { type: "MachinesCreated", status: "False", reason: failure.reason, message: failure.message, lastTransitionTime: tx.at }
    : {
        type: "MachinesCreated",
        status: "True",
        reason: "Created",
        message: `${p.providerCluster.type} provider cluster ${p.providerCluster.name} accepted ${created} machine(s)`,
        lastTransitionTime: tx.at,
      };
  const next: HostProvision = {
    ...p,
    machines: made,
    status: failure ? "failed" : "created",
    conditions: [...p.conditions.filter((c) => c.type !== "MachinesCreated"), condition],
    updatedAt: tx.at,
    version: p.version + 1,
  };
  tx.put(provisionItem(next), {
    condition: "version = :v AND #s = :requested",
    names: { "#s": "status" },
    values: { ":v": p.version, ":requested": "requested" },
    onConditionFailed: () => new RetryableError(`provision ${p.id} changed while its machines were being created`),
  });
  for (const m of made) {
    if (!m.serverId) continue;
    tx.update(mhKeys.provisionedMachine(t, m.machineId), "SET serverId = :s", {
      condition: "attribute_exists(pk)",
      values: { ":s": m.serverId },
      onConditionFailed: () => new RetryableError(`machine host ${m.machineId} was deleted while its server was being created`),
    });
  }
  const base = { provisionId: p.id, group: p.group, provision: { ...next } };
  if (failure) tx.emit("ckp.hostprovision.failed", `host-provisions/${p.id}`, { ...base, ...failure }, t);
  else
    tx.emit(
      "ckp.hostprovision.machines-created",
      `host-provisions/${p.id}`,
      { ...base, provider: p.providerCluster.type, machines: made.filter((m) => m.serverId) },
      t,
    );
  await tx.commit();
}

/**
 * After the host provisioner's check of an approved host (the provisioning
 * worker, `ckp.hostrequest.approved`): a machine a provision asked for joins
 * its host group, once it is create-completed. A host that failed, was put
 * into another group, or whose group is gone stays out; its status says so.
 */
export async function joinProvisionedGroup(
  deps: Deps,
  approved: Envelope<{ hostId: string; machineId: string }>,
): Promise<"joined" | "skipped"> {
  const t = { domain: approved.domain as string, project: approved.project as string };
  const pm = await findItem<ProvisionedMachineRecord>(deps, mhKeys.provisionedMachine(t, approved.data.machineId), { consistent: true });
  if (!pm) return "skipped";
  const host = await getHost(deps, t, approved.data.hostId, true).catch((e: unknown) => {
    if (isDomainError(e) && e.kind === "not-found") return undefined;
    throw e;
  });
  if (host?.status !== "create-completed" || host.group) return "skipped";
  try {
    await addHostToGroup(deps, provisionerCtx(approved), t, pm.group, host.id);
    return "joined";
  } catch (e) {
    // the group was deleted, or the host was put into another one meanwhile
    if (isDomainError(e) && (e.kind === "not-found" || e.kind === "conflict" || e.kind === "unprocessable")) return "skipped";
    throw e;
  }
}

/**
 * Releases a provisioned machine's server at its provider (a machine host
 * being deleted) and forgets the machine. Without a server yet, forgetting it
 * is enough: the worker makes no server for a machine it no longer finds.
 */
export async function releaseProvisionedMachine(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  pm: ProvisionedMachineRecord,
  p: HostProvision | undefined,
): Promise<void> {
  const serverId = pm.serverId ?? p?.machines.find((m) => m.machineId === pm.machineId)?.serverId;
  if (serverId && p) {
    let driver: InfrastructureDriver;
    try {
      driver = await openProviderDriver(deps, p);
    } catch (e) {
      if (e instanceof InfrastructureError) {
        throw unprocessable(
          `server ${serverId} of machine host ${pm.machineId} cannot be released: ${e.message}`,
          { serverId },
          "machinehost.provider-cluster-unknown",
        );
      }
      throw e;
    }
    await driver.releaseMachines(provisionInfra(p), [serverId]);
  }
  const tx = transaction(deps, ctx);
  tx.delete(mhKeys.provisionedMachine(t, pm.machineId), { condition: "attribute_exists(pk)", onConditionFailed: () => new Gone() });
  tx.emit(
    "ckp.hostprovision.machine-released",
    `host-provisions/${pm.provisionId}`,
    { provisionId: pm.provisionId, machineId: pm.machineId, ...(serverId ? { serverId } : {}) },
    t,
  );
  try {
    await tx.commit();
  } catch (e) {
    if (!(e instanceof Gone)) throw e;
  }
}

class Gone extends Error {}
