import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { type ClaimView, readClaims } from "../byoh/claims.js";
import { selectorOf } from "../byoh/kube.js";
import { BYOH_API_VERSION, CAPI_API_VERSION, CKP_HOST_LABELS, DELETE_MACHINE_ANNOTATION } from "../byoh/names.js";
import type { Ctx } from "../deps.js";
import { transaction } from "../deps.js";
import { addHostToGroup } from "../hosts/host-groups.js";
import { getHostRequest } from "../hosts/host-requests.js";
import { deleteHost, forgetMachine, getHost } from "../hosts/hosts.js";
import type { Host } from "../hosts/model.js";
import { agentBootstrap } from "../infrastructure/agent-bootstrap.js";
import type { ClusterInfra } from "../infrastructure/driver.js";
import { machineName, newMachineId } from "../infrastructure/driver.js";
import { InfrastructureError } from "../infrastructure/errors.js";
import { ensureClusterCa, revokeClusterCa } from "../pki/cluster-ca.js";
import { DomainError, isDomainError } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { keys, type ProjectRef } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";
import { type BundleManifest, findBundle } from "./bundles.js";
import { clusterCaSecret, clusterCaSecretRef } from "./ca-secret.js";
import { assignHosts, freeHosts, releaseHostsToGroup, type SagaGuard, SagaMoved } from "./hosts.js";
import type { Cluster, ProvisionedMachine } from "./model.js";

export { OPERATION_STEPS } from "./operations.js";

import { checkClusterNetwork } from "./network.js";
import { commonPlatform, hostPlatform, requireBundle } from "./platform.js";
import type { KubeObjectLike, ObjectRefLike, SagaEnv } from "./ports.js";
import { WORKER_POOL } from "./render.js";
import { clusterNamespace } from "./spec.js";

/**
 * The steps of the cluster lifecycle (seed §19) and which operation runs
 * which. Every step is safe to run again: it reads what is already done
 * (from the table, the provider or the management cluster) and does only
 * the rest. A step answers `done` (the saga moves on), `wait` (check again
 * later) or throws: a RetryableError (or any unexpected error) is retried
 * with backoff, a DomainError fails the cluster with a condition naming the
 * step and the reason.
 */
export interface StepContext {
  env: SagaEnv;
  c: Cluster;
  t: ProjectRef;
  ctx: Ctx;
  guard: SagaGuard;
}

export type StepOutcome =
  | {
      kind: "done";
      skipped?: boolean;
      message: string;
      set?: Partial<Pick<Cluster, "resolved" | "provisioned" | "observed" | "hostIds">>;
      /** events recorded with the step's completion */
      emit?: (tx: Transaction) => void;
    }
  | { kind: "wait"; reason: string; message: string; observed?: NonNullable<Cluster["observed"]>; timeoutReason?: string };

export interface StepDef {
  /** the condition this step reports */
  condition: string;
  run(s: StepContext): Promise<StepOutcome>;
}

/** Steps that wait on something outside the control plane; their default time limits (seconds). */
export const WAIT_TIMEOUTS: Record<string, number> = {
  // hosts the user just grouped may take a moment to show in the group index; then the group is short
  "assign-hosts": 120,
  "wait-registration": 30 * 60,
  "wait-approval": 24 * 3600,
  "wait-control-plane": 30 * 60,
  "wait-workers": 60 * 60,
  "delete-objects": 15 * 60,
  "wait-objects-deleted": 15 * 60,
  // CAPI drains and deletes the surplus Machines, then BYOH releases their hosts
  "release-surplus-hosts": 30 * 60,
  "release-machines": 15 * 60,
};

/** After releasing machines, how long the provider must keep listing none of the cluster's before the step is done. */
export const RELEASE_SETTLE_SECONDS = 5;
/**
 * How long a step of an abandoned operation may still be running: longer
 * than a lifecycle worker can run (on Lambda its timeout is the queue's
 * visibility timeout less 10 s).
 */
export const ABANDONED_STEP_GRACE_SECONDS = 60;

export class StepFailure extends DomainError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super("unprocessable", message, { extra: { reason } });
    this.name = "StepFailure";
  }
}

/** The reason word for a terminal failure's condition. */
export function failureReason(e: unknown): string {
  if (e instanceof StepFailure || e instanceof InfrastructureError) return e.reason;
  if (isDomainError(e)) {
    const r = e.extra?.reason;
    if (typeof r === "string") return r;
    return (
      { "not-found": "NotFound", conflict: "Conflict", unprocessable: "Unprocessable", validation: "Invalid", unavailable: "Unavailable" }[
        e.kind as string
      ] ?? "Failed"
    );
  }
  return "Failed";
}

const done = (message: string, o: Omit<Extract<StepOutcome, { kind: "done" }>, "kind" | "message"> = {}): StepOutcome => ({
  kind: "done",
  message,
  ...o,
});
const skip = (message: string): StepOutcome => ({ kind: "done", skipped: true, message });
const wait = (reason: string, message: string, observed?: NonNullable<Cluster["observed"]>): StepOutcome => ({
  kind: "wait",
  reason,
  message,
  ...(observed ? { observed } : {}),
});

export function infraOf(c: Cluster): ClusterInfra {
  return { clusterId: c.id, clusterName: c.name, domain: c.domain, project: c.project, cni: c.cni.name };
}

function resolved(c: Cluster): NonNullable<Cluster["resolved"]> {
  if (!c.resolved) throw new StepFailure("NotResolved", "the cluster's provider was never resolved");
  return c.resolved;
}

function managementCluster(c: Cluster): string {
  const id = resolved(c).managementClusterId;
  if (!id) throw new StepFailure("NotPlaced", "the cluster was never placed on a management cluster");
  return id;
}

async function driverOf(s: StepContext) {
  const r = resolved(s.c);
  return s.env.providers.driver(s.t, r.providerCluster);
}

async function hostsOf(s: StepContext, ids: string[]): Promise<Host[]> {
  const out: Host[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const res = await s.env.deps.db.send(
      new BatchGetCommand({ RequestItems: { [s.env.deps.table]: { Keys: chunk.map((id) => keys.host(s.t, id)), ConsistentRead: true } } }),
    );
    out.push(...(res.Responses?.[s.env.deps.table] ?? []).map((i) => withoutKeys<Host>(i)));
    const left = res.UnprocessedKeys?.[s.env.deps.table]?.Keys?.length ?? 0;
    if (left) throw new Error(`DynamoDB left ${left} host read(s) unprocessed; retrying the step`);
  }
  return out;
}

/**
 * The BYOH bundle for a version and the platform of the cluster's hosts
 * (core/clusters/platform.ts); fails the cluster when the hosts mix
 * platforms or no bundle matches.
 */
async function bundleFor(s: StepContext, version: string): Promise<BundleManifest> {
  const hosts = await hostsOf(s, s.c.hostIds);
  const sources = hosts.length ? hosts.map(hostPlatform) : [{ what: "new machines", os: s.c.machines.os, arch: s.c.machines.arch }];
  return requireBundle((v, os) => findBundle(s.env.bundles, v, os), version, commonPlatform(sources));
}

function renderFor(s: StepContext, bundle: BundleManifest, version: string): KubeObjectLike[] {
  return s.env.capi.render(s.c, { kubernetesVersion: version, workers: s.c.workers, bundle });
}

const refOf = (o: KubeObjectLike): ObjectRefLike => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
});

function byKind(objects: KubeObjectLike[], kind: string): ObjectRefLike {
  const o = objects.find((x) => x.kind === kind);
  if (!o) throw new Error(`the rendered objects have no ${kind}`);
  return refOf(o);
}

interface CapiState {
  cluster: KubeObjectLike | undefined;
  controlPlane: KubeObjectLike | undefined;
  workers: KubeObjectLike | undefined;
}

async function readCapi(s: StepContext): Promise<CapiState> {
  const mc = managementCluster(s.c);
  const refs = s.env.capi.render(s.c, { kubernetesVersion: s.c.kubernetesVersion, workers: s.c.workers, bundle: PLACEHOLDER_BUNDLE });
  const [cluster, controlPlane, workers] = await Promise.all([
    s.env.capi.get(mc, byKind(refs, "Cluster")),
    s.env.capi.get(mc, byKind(refs, "KamajiControlPlane")),
    s.env.capi.get(mc, byKind(refs, "MachineDeployment")),
  ]);
  return { cluster, controlPlane, workers };
}

/** Only names objects: reads and deletes do not depend on the bundle. */
const PLACEHOLDER_BUNDLE: BundleManifest = {
  kubernetesVersion: "v0.0.0",
  os: "ubuntu-20.04",
  repository: "placeholder.invalid",
  ociReference: "placeholder.invalid/bundle:none",
  digest: `sha256:${"0".repeat(64)}`,
  architectures: ["amd64"],
  packages: {},
  publishedAt: "",
};

const num = (v: unknown) => (typeof v === "number" ? v : 0);
const conditionTrue = (o: KubeObjectLike | undefined, type: string) => {
  const list = o?.status?.conditions;
  return Array.isArray(list) && (list as Array<{ type: string; status: string }>).some((x) => x.type === type && x.status === "True");
};

function observe(st: CapiState, now: string): NonNullable<Cluster["observed"]> {
  const kcp = st.controlPlane?.status ?? {};
  const md = st.workers?.status ?? {};
  return {
    controlPlaneReady: kcp.ready === true && kcp.initialized === true,
    ...(typeof kcp.version === "string" ? { controlPlaneVersion: kcp.version } : {}),
    readyWorkers: num(md.readyReplicas),
    updatedWorkers: num(md.updatedReplicas),
    ...(typeof st.cluster?.status?.phase === "string" ? { phase: st.cluster.status.phase as string } : {}),
    at: now,
  };
}

/** CAPI reports a failure it will not recover from: stop waiting. */
function capiFailure(st: CapiState): void {
  // at its source first: CAPI copies a control plane's failure to the Cluster, wrapped in a message of its own
  for (const [what, o] of [
    ["KamajiControlPlane", st.controlPlane],
    ["MachineDeployment", st.workers],
    ["Cluster", st.cluster],
  ] as const) {
    const reason = o?.status?.failureReason;
    if (typeof reason === "string" && reason) {
      throw new StepFailure(
        "CapiFailure",
        `${what} ${o?.metadata.name} failed: ${reason}${typeof o?.status?.failureMessage === "string" ? `: ${o.status.failureMessage}` : ""}`,
      );
    }
  }
  if (st.cluster?.status?.phase === "Failed")
    throw new StepFailure("CapiFailure", `Cluster ${st.cluster.metadata.name} is in phase Failed`);
}

async function waitControlPlane(s: StepContext, version: string): Promise<StepOutcome> {
  const st = await readCapi(s);
  capiFailure(st);
  const obs = observe(st, s.env.deps.clock.now().toISOString());
  if (!st.cluster || !st.controlPlane)
    return wait("ObjectsMissing", "the Cluster or KamajiControlPlane object is missing on the management cluster", obs);
  const clusterReady = st.cluster.status?.controlPlaneReady === true || conditionTrue(st.cluster, "ControlPlaneReady");
  if (!obs.controlPlaneReady || !clusterReady) {
    return wait("ControlPlaneNotReady", `the Kamaji control plane is not ready yet (Cluster phase ${obs.phase ?? "unknown"})`, obs);
  }
  if (obs.controlPlaneVersion !== version) {
    return wait(
      "ControlPlaneUpgrading",
      `the control plane runs ${obs.controlPlaneVersion ?? "an unknown version"}; waiting for ${version}`,
      obs,
    );
  }
  return done(`the control plane is ready at ${version}`, { set: { observed: obs } });
}

async function waitWorkers(s: StepContext): Promise<StepOutcome> {
  const st = await readCapi(s);
  capiFailure(st);
  const obs = observe(st, s.env.deps.clock.now().toISOString());
  const md = st.workers;
  if (!md) return wait("ObjectsMissing", "the MachineDeployment is missing on the management cluster", obs);
  const want = s.c.workers;
  const version = s.c.target?.kubernetesVersion ?? s.c.kubernetesVersion;
  const status = md.status ?? {};
  const observedGen = num(status.observedGeneration);
  const generation = num(md.metadata.generation);
  const specVersion = (md.spec?.template as { spec?: { version?: string } } | undefined)?.spec?.version ?? "";
  if (specVersion !== version)
    return wait("WorkersNotUpdated", `the MachineDeployment asks for ${specVersion || "no version"}, not ${version}`, obs);
  if (observedGen < generation) return wait("WorkersProgressing", "CAPI has not yet seen the MachineDeployment's latest spec", obs);
  const ready = num(status.readyReplicas);
  const updated = num(status.updatedReplicas);
  const replicas = num(status.replicas);
  if (ready !== want || updated !== want || replicas !== want) {
    return wait(
      "WorkersProgressing",
      `${ready} of ${want} worker(s) ready, ${updated} at ${version}${replicas > want ? `, ${replicas - want} being removed` : ""}`,
      obs,
    );
  }
  return done(`${want} worker(s) ready at ${version}`, { set: { observed: obs } });
}

export const STEPS: Record<string, StepDef> = {
  "resolve-provider": {
    condition: "ProviderResolved",
    async run(s) {
      const pc = await s.env.providers.resolve(s.t, s.c.providerCluster, s.c.id);
      if (!pc)
        throw new StepFailure(
          "ProviderClusterNotFound",
          `provider cluster ${s.c.providerCluster} exists neither in project ${s.t.project} nor in domain ${s.t.domain}`,
        );
      await s.env.providers.recordUse(s.ctx, s.t, pc, s.c.id);
      const mc = await s.env.providers.place(s.ctx, s.t, pc, s.c.id);
      return done(`provider cluster ${pc.name} (${pc.type}); management cluster ${mc.name}`, {
        set: { resolved: { providerCluster: pc, managementClusterId: mc.id, managementCluster: mc.name } },
      });
    },
  },

  "provision-machines": {
    condition: "MachinesProvisioned",
    async run(s) {
      // the group's free hosts are reserved for the cluster now (clusterId set on each, atomically), so
      // clusters created at the same time never count the same free hosts
      const need = s.c.workers - s.c.hostIds.length - s.c.provisioned.length;
      const reserved =
        need > 0 ? await takeHosts(s, need, async (n) => (await freeHosts(s.env.deps, s.t, s.c.hostGroup, n)).map((h) => h.id)) : [];
      const deficit = need - reserved.length;
      const held = s.c.hostIds.length + reserved.length;
      if (deficit <= 0)
        return skip(`host group ${s.c.hostGroup} had free hosts for the ${s.c.workers} worker(s); ${held} reserved for the cluster`);
      const r = resolved(s.c);
      if (!s.env.apiUrl)
        throw new StepFailure(
          "AgentBootstrapUnavailable",
          "the control plane does not know the API URL new machines' agents should register with (CKP_API_URL)",
        );
      const driver = await driverOf(s);
      const prepared = await driver.prepare(infraOf(s.c));
      const nodeCidr = prepared.nodeCidr;
      if (nodeCidr) {
        try {
          checkClusterNetwork(
            { podCidr: s.c.network.podCidr, serviceCidr: s.c.network.serviceCidr, nodeCidr },
            { pod: "network.podCidr", service: "network.serviceCidr", node: "provider subnet", endpoint: "controlPlaneEndpoint.host" },
          );
        } catch (e) {
          throw new StepFailure(
            "NetworkOverlap",
            `the provider's node subnet clashes with the cluster's networks: ${(e as Error).message}`,
          );
        }
      }
      const agent = await agentBootstrap(s.env.deps, s.t, { apiUrl: s.env.apiUrl });
      const start = s.c.provisioned.length;
      // The control plane chooses each machine's identity; a repeated step gets, for a server that already
      // exists under the name, the id recorded with it (the one its cloud-init carries), not this new one.
      const specs = Array.from({ length: deficit }, (_, i) => ({
        name: machineName(infraOf(s.c), start + i),
        machineId: newMachineId(),
        os: s.c.machines.os,
        arch: s.c.machines.arch,
      }));
      const machines = await driver.createMachines(infraOf(s.c), specs, agent);
      const added: ProvisionedMachine[] = machines.map((m) => ({ serverId: m.serverId, name: m.name, machineId: m.machineId }));
      return done(
        `${deficit} ${r.providerCluster.type} machine(s) requested: the cluster holds ${held} host(s) of group ${s.c.hostGroup} (the free ones reserved) for ${s.c.workers} worker(s)`,
        {
          set: { provisioned: [...s.c.provisioned, ...added], resolved: { ...r, ...(nodeCidr ? { nodeCidr } : {}) } },
          emit: (tx) =>
            tx.emit(
              "ckp.cluster.machines-provisioned",
              `clusters/${s.c.id}`,
              { clusterId: s.c.id, provider: r.providerCluster.type, machines: added },
              s.t,
            ),
        },
      );
    },
  },

  "wait-registration": {
    condition: "HostsRegistered",
    async run(s) {
      if (s.c.provisioned.length === 0) return skip("no machines were provisioned");
      // an agent registers with the machine id the control plane chose for it (its cloud-init's agent config)
      const missing: string[] = [];
      const waitingFor: string[] = [];
      for (const m of s.c.provisioned) {
        const item = await s.env.deps.db.send(
          new GetCommand({ TableName: s.env.deps.table, Key: keys.machine(s.t, m.machineId), ConsistentRead: true }),
        );
        if (!item.Item) {
          missing.push(m.name);
          waitingFor.push(`${m.name} (machine id ${m.machineId})`);
        }
      }
      if (missing.length) {
        const machines = await (await driverOf(s)).listMachines(infraOf(s.c));
        const broken = machines.filter((m) => m.status === "error" && missing.includes(m.name));
        if (broken.length)
          throw new StepFailure("MachineFailed", `the provider reports machine(s) ${broken.map((m) => m.name).join(", ")} in error`);
        return wait(
          "WaitingForRegistration",
          `${s.c.provisioned.length - missing.length} of ${s.c.provisioned.length} machine(s) registered; waiting for ${waitingFor.join(", ")}`,
        );
      }
      return done(`${s.c.provisioned.length} machine(s) registered`);
    },
  },

  "wait-approval": {
    condition: "HostsApproved",
    async run(s) {
      if (s.c.provisioned.length === 0) return skip("no machines were provisioned");
      const pending: string[] = [];
      const provisioning: string[] = [];
      const next: ProvisionedMachine[] = [];
      for (const m of s.c.provisioned) {
        const item = await s.env.deps.db.send(
          new GetCommand({ TableName: s.env.deps.table, Key: keys.machine(s.t, m.machineId), ConsistentRead: true }),
        );
        const requestId = item.Item?.requestId as string | undefined;
        const hostId = item.Item?.hostId as string | undefined;
        if (!requestId)
          throw new StepFailure("MachineUnregistered", `machine ${m.name}'s registration disappeared (was its host deleted?)`);
        if (!hostId) {
          const r = await getHostRequest(s.env.deps, s.t, requestId);
          if (r.status === "rejected")
            throw new StepFailure(
              "HostRequestRejected",
              `host request ${r.id} of machine ${m.name} was rejected: ${r.reason ?? ""}`.trim(),
            );
          pending.push(requestId);
          next.push(m);
          continue;
        }
        const host = await getHost(s.env.deps, s.t, hostId, true);
        if (host.status === "create-failed") {
          const why = host.conditions.find((x) => x.type === "Provisioned")?.message ?? "provisioning failed";
          throw new StepFailure("HostProvisioningFailed", `host ${host.id} (machine ${m.name}) failed provisioning: ${why}`);
        }
        if (host.status === "create-pending") provisioning.push(host.id);
        next.push({ ...m, hostId });
      }
      if (pending.length) {
        return wait(
          "WaitingForApproval",
          `${pending.length} host request(s) await approval: ${pending.join(", ")}; approve them (POST …/host-requests/bulk-approve) or enable autoApproveHosts on the project`,
        );
      }
      if (provisioning.length) return wait("HostsProvisioning", `${provisioning.length} approved host(s) are still being provisioned`);
      return done(`${next.length} host(s) approved and provisioned`, { set: { provisioned: next } });
    },
  },

  "assign-hosts": {
    condition: "HostsAssigned",
    async run(s) {
      // machines this cluster provisioned join the group first (seed §19 step 6)
      for (const m of s.c.provisioned) {
        if (!m.hostId || s.c.hostIds.includes(m.hostId)) continue;
        try {
          await addHostToGroup(s.env.deps, s.ctx, s.t, s.c.hostGroup, m.hostId);
        } catch (e) {
          if (isDomainError(e) && e.kind === "conflict" && e.extra?.group) {
            throw new StepFailure(
              "HostInOtherGroup",
              `host ${m.hostId} (machine ${m.name}) was put into host group ${String(e.extra.group)}`,
            );
          }
          throw e;
        }
      }
      const needed = s.c.workers - s.c.hostIds.length;
      if (needed <= 0) {
        return s.c.operation === "create"
          ? done(`${s.c.hostIds.length} host(s) of group ${s.c.hostGroup} assigned (reserved when the machines were counted)`)
          : skip(`the cluster already has ${s.c.hostIds.length} host(s)`);
      }
      // the cluster's own new machines first (read directly: the group index may lag behind), then the group's free hosts
      const candidates = async (n: number) => {
        const ownIds = s.c.provisioned.map((m) => m.hostId).filter((x): x is string => Boolean(x) && !s.c.hostIds.includes(x as string));
        const own = (await hostsOf(s, ownIds)).filter((h) => h.group === s.c.hostGroup && h.status === "create-completed" && !h.clusterId);
        const free = (await freeHosts(s.env.deps, s.t, s.c.hostGroup, n + ownIds.length)).filter((h) => !ownIds.includes(h.id));
        return [...own, ...free].map((h) => h.id);
      };
      const taken = await takeHosts(s, needed, candidates);
      if (taken.length < needed) {
        return {
          ...wait("WaitingForHosts", `host group ${s.c.hostGroup} has no more free hosts; the cluster needs ${needed - taken.length} more`),
          timeoutReason: "InsufficientHosts",
        };
      }
      return done(`${s.c.hostIds.length + taken.length} host(s) assigned from group ${s.c.hostGroup}`);
    },
  },

  "issue-certificates": {
    condition: "CertificatesIssued",
    async run(s) {
      const mc = managementCluster(s.c);
      const ca = await ensureClusterCa(s.env.deps, s.ctx, s.t, s.c);
      // the Secret must exist before the control plane does; its Namespace is the first rendered object
      const ns = s.env.capi
        .render(s.c, { kubernetesVersion: s.c.kubernetesVersion, workers: s.c.workers, bundle: PLACEHOLDER_BUNDLE })
        .filter((o) => o.kind === "Namespace");
      await s.env.capi.apply(mc, [...ns, clusterCaSecret(s.c, ca)]);
      return done(`cluster CA ${ca.record.serial} (valid until ${ca.record.notAfter}) is in Secret ${clusterCaSecretRef(s.c).name}`);
    },
  },

  "apply-objects": {
    condition: "ObjectsApplied",
    async run(s) {
      const mc = managementCluster(s.c);
      const bundle = await bundleFor(s, s.c.kubernetesVersion);
      await s.env.capi.apply(mc, renderFor(s, bundle, s.c.kubernetesVersion));
      return done(
        `CAPI objects applied to management cluster ${resolved(s.c).managementCluster ?? mc} with bundle ${bundle.ociReference}@${bundle.digest}`,
      );
    },
  },

  "wait-control-plane": {
    condition: "ControlPlaneReady",
    run: (s) => waitControlPlane(s, s.c.target?.kubernetesVersion ?? s.c.kubernetesVersion),
  },

  "wait-workers": { condition: "WorkersReady", run: waitWorkers },

  "mark-surplus-machines": {
    condition: "SurplusMachinesMarked",
    async run(s) {
      const surplus = s.c.hostIds.length - s.c.workers;
      if (surplus <= 0) return skip("the cluster is not scaling down");
      const claims = await claimsOf(s);
      const chosen = surplusOrder(s, claims).slice(0, surplus);
      const machines = chosen
        .map((h) => claims.machines.find((m) => m.hostId === h))
        .filter((m): m is NonNullable<typeof m> => m !== undefined);
      const mc = managementCluster(s.c);
      for (const m of machines.filter((x) => !x.markedForDeletion && !x.deleting)) {
        const ref = { apiVersion: CAPI_API_VERSION, kind: "Machine", name: m.name, namespace: clusterNamespace(s.c.id) };
        try {
          // a partial apply: only the annotation is ours, the Machine stays CAPI's
          await s.env.capi.apply(mc, [
            {
              apiVersion: ref.apiVersion,
              kind: ref.kind,
              metadata: { name: m.name, namespace: ref.namespace, annotations: { [DELETE_MACHINE_ANNOTATION]: "yes" } },
            },
          ]);
        } catch (e) {
          // an apply of a Machine deleted meanwhile would create it, which its schema refuses: nothing left to mark
          if (!(isDomainError(e) && e.kind === "unprocessable" && !(await s.env.capi.get(mc, ref)))) throw e;
        }
      }
      return done(
        `host(s) ${chosen.join(", ")} leave the cluster${machines.length ? `; machine(s) ${machines.map((m) => m.name).join(", ")} marked ${DELETE_MACHINE_ANNOTATION} so CAPI removes them first` : ""}`,
      );
    },
  },

  "release-surplus-hosts": {
    condition: "HostsReleased",
    async run(s) {
      const surplus = s.c.hostIds.length - s.c.workers;
      if (surplus <= 0) return skip("no host to release");
      // only hosts no Machine runs on any more go back: the ones CAPI removed, whichever it picked
      const claims = await claimsOf(s);
      const order = surplusOrder(s, claims);
      const released = order.filter((h) => !claims.claimedBy.has(h));
      if (released.length < surplus) {
        const busy = order
          .slice(0, surplus)
          .filter((h) => claims.claimedBy.has(h))
          .map((h) => `${h} (machine ${claims.claimedBy.get(h)})`);
        return {
          ...wait(
            "WaitingForRelease",
            `${released.length} of ${surplus} surplus host(s) released by CAPI; still in use: ${busy.join(", ")}`,
          ),
          timeoutReason: "HostsNotReleased",
        };
      }
      const release = released.slice(0, surplus);
      const keep = s.c.hostIds.filter((h) => !release.includes(h));
      const provisioned = await releaseHosts(s, keep, release);
      return done(`${release.length} host(s) released: ${release.join(", ")}`, { set: { hostIds: keep, provisioned } });
    },
  },

  "upgrade-control-plane": {
    condition: "ControlPlaneUpgraded",
    async run(s) {
      const target = s.c.target?.kubernetesVersion;
      if (!target) throw new StepFailure("NoTarget", "the upgrade has no target version");
      const bundle = await bundleFor(s, target);
      const kcp = renderFor(s, bundle, target).filter((o) => o.kind === "KamajiControlPlane");
      await s.env.capi.apply(managementCluster(s.c), kcp);
      return done(`the control plane was asked to run ${target}`);
    },
  },

  "upgrade-workers": {
    condition: "WorkersUpgraded",
    async run(s) {
      const target = s.c.target?.kubernetesVersion as string;
      const bundle = await bundleFor(s, target);
      await s.env.capi.apply(managementCluster(s.c), renderFor(s, bundle, target));
      return done(`workers were asked to roll to ${target} with bundle ${bundle.ociReference}@${bundle.digest}`);
    },
  },

  "delete-objects": {
    condition: "ObjectsDeleted",
    async run(s) {
      const mc = s.c.resolved?.managementClusterId;
      if (!mc) return skip("the cluster was never placed on a management cluster");
      const objects = s.env.capi.render(s.c, {
        kubernetesVersion: s.c.kubernetesVersion,
        workers: s.c.workers,
        bundle: PLACEHOLDER_BUNDLE,
      });
      // The Cluster goes first: CAPI takes its control plane and machines down in order and only then lets it go.
      const cluster = byKind(objects, "Cluster");
      const existing = await s.env.capi.get(mc, cluster);
      if (existing) {
        if (!existing.metadata.deletionTimestamp) await s.env.capi.delete(mc, cluster);
        return wait("ClusterDeleting", `Cluster ${cluster.name} is being deleted; the rest follows once it is gone`);
      }
      // then what is left, in reverse apply order, the CA Secret with it, and the Namespace last
      const namespaced = objects
        .filter((o) => o.kind !== "Namespace" && o.kind !== "Cluster")
        .reverse()
        .map(refOf);
      const rest = [...namespaced, clusterCaSecretRef(s.c), ...objects.filter((o) => o.kind === "Namespace").map(refOf)];
      let deleted = 0;
      for (const r of rest) if (await s.env.capi.delete(mc, r)) deleted++;
      return done(
        `Cluster ${cluster.name} is gone; ${deleted} other object(s) deleted from management cluster ${s.c.resolved?.managementCluster ?? mc}`,
      );
    },
  },

  "wait-objects-deleted": {
    condition: "ObjectsDeleted",
    async run(s) {
      const mc = s.c.resolved?.managementClusterId;
      if (!mc) return skip("the cluster was never placed on a management cluster");
      const objects = s.env.capi.render(s.c, {
        kubernetesVersion: s.c.kubernetesVersion,
        workers: s.c.workers,
        bundle: PLACEHOLDER_BUNDLE,
      });
      const left: string[] = [];
      for (const r of [...objects.map(refOf), clusterCaSecretRef(s.c)]) if (await s.env.capi.get(mc, r)) left.push(`${r.kind} ${r.name}`);
      if (left.length) return wait("ObjectsTerminating", `${left.length} object(s) still on the management cluster: ${left.join(", ")}`);
      return done("nothing of the cluster is left on the management cluster");
    },
  },

  "release-hosts": {
    condition: "HostsReleased",
    async run(s) {
      if (s.c.hostIds.length === 0 && s.c.provisioned.every((m) => !m.hostId)) return skip("the cluster holds no hosts");
      await releaseHosts(s, [], s.c.hostIds);
      // hosts of machines this cluster provisioned but never took (e.g. deleted while waiting)
      for (const m of s.c.provisioned)
        if (m.hostId) await deleteHost(s.env.deps, s.ctx, s.t, m.hostId, { force: true }).catch(ignoreNotFound);
      return done(`${s.c.hostIds.length} host(s) released`, { set: { hostIds: [] } });
    },
  },

  "release-machines": {
    condition: "MachinesReleased",
    async run(s) {
      if (!s.c.resolved) return skip("no provider was resolved");
      const driver = await driverOf(s);
      // What the provider lists, not only what was recorded: a step of the abandoned operation may have created more.
      const listed = await driver.listMachines(infraOf(s.c));
      // machines that registered but never became hosts lose their requests and machine records
      const machineIds = new Set([...s.c.provisioned.map((m) => m.machineId), ...listed.map((m) => m.machineId).filter(Boolean)]);
      for (const id of machineIds)
        await forgetMachine(s.env.deps, s.ctx, s.t, id, `the machine was released: cluster ${s.c.name} is deleted`);
      const ids = [...new Set([...s.c.provisioned.map((m) => m.serverId), ...listed.map((m) => m.serverId)])];
      if (ids.length) await driver.releaseMachines(infraOf(s.c), ids);
      const provider = s.c.resolved.providerCluster.name;
      const recorded = s.c.provisioned.map((m) => m.serverId);
      const released = (serverIds: string[]) => (tx: Transaction) =>
        tx.emit(
          "ckp.cluster.machines-released",
          `clusters/${s.c.id}`,
          { clusterId: s.c.id, provider: resolved(s.c).providerCluster.type, serverIds },
          s.t,
        );
      if (listed.length) {
        // machines the cluster never recorded are reported now; the recorded ones when the step is done
        const unrecorded = listed.map((m) => m.serverId).filter((id) => !recorded.includes(id));
        if (unrecorded.length) {
          const tx = transaction(s.env.deps, s.ctx);
          released(unrecorded)(tx);
          await tx.commit();
        }
        return wait(
          "MachinesReleasing",
          `${listed.length} machine(s) released to ${provider}; waiting until it lists none of the cluster's`,
        );
      }
      const now = s.env.deps.clock.now().getTime();
      // deleted while its create was provisioning: that step may still be asking the provider for machines
      const deleteStarted = Date.parse(s.c.steps[0]?.startedAt ?? new Date(now).toISOString());
      if (!s.c.conditions.some((x) => x.type === "MachinesProvisioned") && now - deleteStarted < ABANDONED_STEP_GRACE_SECONDS * 1000) {
        return wait(
          "AwaitingAbandonedSteps",
          `the cluster was deleted while machines were being provisioned; ${provider} is checked until no step of the create can still be running (${ABANDONED_STEP_GRACE_SECONDS}s after the delete began)`,
        );
      }
      const releasing = s.c.conditions.find(
        (x) => x.type === "MachinesReleased" && x.status === "False" && x.reason === "MachinesReleasing",
      );
      if (releasing && now - Date.parse(releasing.lastTransitionTime) < RELEASE_SETTLE_SECONDS * 1000) {
        return wait("MachinesReleasing", `${provider} lists none of the cluster's machines; checking once more`);
      }
      await driver.cleanup(infraOf(s.c));
      return done(`${provider} lists no machine of the cluster`, recorded.length ? { emit: released(recorded) } : {});
    },
  },

  "release-placement": {
    condition: "PlacementReleased",
    async run(s) {
      const mc = s.c.resolved?.managementClusterId;
      if (mc) await s.env.providers.releasePlacement(s.ctx, s.t, mc, s.c.id);
      await s.env.providers.releaseUse(s.ctx, s.t, s.c.id);
      return done("placement and provider cluster use released");
    },
  },

  "revoke-certificates": {
    condition: "CertificatesRevoked",
    async run(s) {
      const revoked = await revokeClusterCa(s.env.deps, s.ctx, s.t, s.c.id, `cluster ${s.c.name} is deleted`);
      return revoked ? done(`cluster CA ${revoked.serial} revoked`) : skip("the cluster had no CA");
    },
  },

  // The engine deletes the cluster's items when this step completes.
  finalize: { condition: "Deleted", run: async () => done("the cluster is deleted") },
};

/**
 * Assigns up to `needed` hosts to the cluster from `candidates(n)` (ids,
 * best first), atomically per host: a host someone else took meanwhile
 * fails its chunk, and the hosts are picked again. Answers the ids taken;
 * fewer than needed when the candidates run out.
 */
async function takeHosts(s: StepContext, needed: number, candidates: (n: number) => Promise<string[]>): Promise<string[]> {
  const taken: string[] = [];
  for (let attempt = 0; taken.length < needed; attempt++) {
    const want = needed - taken.length;
    const pick = (await candidates(want + taken.length)).filter((id) => !taken.includes(id) && !s.c.hostIds.includes(id)).slice(0, want);
    if (pick.length === 0) break;
    try {
      await assignHosts(s.env.deps, s.ctx, s.t, s.c.hostGroup, s.guard, pick);
      taken.push(...pick);
    } catch (e) {
      if (e instanceof SagaMoved) throw e;
      if (!(isDomainError(e) && e.kind === "conflict") || attempt >= 4) throw e;
      // someone took one of them: keep what this cluster got, pick again
      taken.push(...(await hostsOf(s, pick)).filter((h) => h.clusterId === s.c.id).map((h) => h.id));
    }
  }
  return taken;
}

/** The worker pool's Machines and the cluster's ByoHosts on its management cluster, and who holds which host. */
async function claimsOf(s: StepContext): Promise<ClaimView> {
  const mc = managementCluster(s.c);
  const [machines, byoHosts] = await Promise.all([
    s.env.capi.list(mc, CAPI_API_VERSION, "Machine", {
      namespace: clusterNamespace(s.c.id),
      labelSelector: selectorOf({ "cluster.x-k8s.io/cluster-name": s.c.name, "cluster.x-k8s.io/deployment-name": WORKER_POOL }),
    }),
    s.env.capi.list(mc, BYOH_API_VERSION, "ByoHost", { labelSelector: selectorOf({ [CKP_HOST_LABELS.clusterId]: s.c.id }) }),
  ]);
  return readClaims(machines as Parameters<typeof readClaims>[0], byoHosts as Parameters<typeof readClaims>[1]);
}

/**
 * The cluster's hosts in the order a scale-down gives them up: those whose
 * Machine is already marked (an earlier attempt chose them), then hosts no
 * Machine runs on, then hosts of unhealthy Machines, then machines this
 * cluster provisioned (they go back to the provider), then the most
 * recently assigned.
 */
function surplusOrder(s: StepContext, claims: ClaimView): string[] {
  const own = new Set(s.c.provisioned.map((m) => m.hostId).filter(Boolean));
  const rank = (h: string) => {
    const m = claims.machines.find((x) => x.hostId === h);
    if (m?.markedForDeletion || m?.deleting) return 0;
    if (!claims.claimedBy.has(h)) return 1;
    if (m?.problem) return 2;
    if (own.has(h)) return 3;
    return 4;
  };
  const position = new Map(s.c.hostIds.map((h, i) => [h, i]));
  return [...s.c.hostIds].sort((a, b) => rank(a) - rank(b) || (position.get(b) as number) - (position.get(a) as number));
}

/**
 * Hosts go back where they came from: hosts of machines this cluster
 * provisioned are deleted and their machines released to the provider;
 * others return to the group. Answers the provisioned machines left.
 */
async function releaseHosts(s: StepContext, keep: string[], release: string[]): Promise<ProvisionedMachine[]> {
  const own = new Set(s.c.provisioned.map((m) => m.hostId).filter(Boolean));
  const toGroup = release.filter((id) => !own.has(id));
  const toProvider = release.filter((id) => own.has(id));
  await releaseHostsToGroup(s.env.deps, s.ctx, s.t, s.guard, [...keep, ...toProvider], toGroup);
  if (toProvider.length === 0) return s.c.provisioned;
  for (const id of toProvider) await deleteHost(s.env.deps, s.ctx, s.t, id, { force: true }).catch(ignoreNotFound);
  const machines = s.c.provisioned.filter((m) => m.hostId && toProvider.includes(m.hostId));
  await (await driverOf(s)).releaseMachines(
    infraOf(s.c),
    machines.map((m) => m.serverId),
  );
  return s.c.provisioned.filter((m) => !machines.includes(m));
}

function ignoreNotFound(e: unknown): void {
  if (!(isDomainError(e) && e.kind === "not-found")) throw e;
}
