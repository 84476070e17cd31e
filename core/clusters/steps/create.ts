import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { recordStorageProfileUse } from "../../addons/storage-profiles.js";
import { addHostToGroup } from "../../hosts/host-groups.js";
import { getHostRequest } from "../../hosts/host-requests.js";
import { getHost } from "../../hosts/hosts.js";
import { agentBootstrap } from "../../infrastructure/agent-bootstrap.js";
import { machinePrefix, machineSpecs } from "../../infrastructure/driver.js";
import { ensureClusterCa } from "../../pki/cluster-ca.js";
import { isDomainError } from "../../shared/errors.js";
import { keys } from "../../store/keys.js";
import { clusterCaSecret, clusterCaSecretRef } from "../ca-secret.js";
import { encryptionSecret } from "../encryption.js";
import { freeHosts } from "../hosts.js";
import type { Cluster, ProvisionedMachine } from "../model.js";
import { checkClusterNetwork } from "../network.js";
import type { StepName } from "../operations.js";
import { type PoolView, poolsOf } from "../pools.js";
import type { KubeObjectLike } from "../ports.js";
import { registrySecrets } from "../registry.js";
import { waitControlPlane, waitWorkers } from "./capi-state.js";
import {
  applyOnce,
  bundleFor,
  type DoneOutcome,
  done,
  driverOf,
  hostsOf,
  infraOf,
  managementCluster,
  objectNames,
  renderFor,
  resolved,
  type StepDef,
  StepFailure,
  skip,
  wait,
} from "./common.js";
import { primaryPool, takeHosts } from "./host-moves.js";

/** Nothing to wait for: the cluster provisioned no machines (its group had the free hosts). */
function noMachines(c: Cluster): DoneOutcome | undefined {
  return c.provisioned.length === 0 ? skip("no machines were provisioned") : undefined;
}

/** Every pool holds its hosts already and no machine the cluster provisioned is left to join the group. */
function hostsInPlace(c: Cluster): DoneOutcome | undefined {
  if (c.provisioned.some((m) => m.hostId && !c.hostIds.includes(m.hostId))) return undefined;
  const [primary, ...further] = poolsOf(c) as [PoolView, ...PoolView[]];
  if (further.some((p) => p.count > p.hostIds.length) || c.workers > primary.hostIds.length) return undefined;
  if (c.operation === "create")
    return done(`${primary.hostIds.length} host(s) of group ${c.hostGroup} assigned (reserved when the machines were counted)`);
  return skip(`the cluster already has ${c.hostIds.length} host(s)`);
}

/** The steps of creating a cluster (product §19) up to its workers; scale and upgrade reuse some. */
export const CREATE_STEPS = {
  "resolve-provider": {
    condition: "ProviderResolved",
    async run(s) {
      const claimed = await s.env.providers.claim(s.ctx, s.t, s.c.providerCluster, s.c.id);
      if (!claimed)
        throw new StepFailure(
          "ProviderClusterNotFound",
          `provider cluster ${s.c.providerCluster} exists neither in project ${s.t.project} nor in domain ${s.t.domain}`,
        );
      const { provider: pc, managementCluster: mc } = claimed;
      // the storage profile's use, from now on: it cannot be deleted while the cluster exists
      const profile = s.c.addons?.storage.enabled ? s.c.addons.storage.profile : undefined;
      if (profile) {
        try {
          await recordStorageProfileUse(s.env.deps, s.ctx, s.t.domain, profile, { project: s.t.project, clusterId: s.c.id });
        } catch (e) {
          if (isDomainError(e) && e.code === "cluster.storage-profile-missing") throw new StepFailure("StorageProfileMissing", e.message);
          throw e;
        }
      }
      return done(
        `provider cluster ${pc.name} (${pc.type}); management cluster ${mc.name}${profile ? `; storage profile ${profile}` : ""}`,
        {
          set: { resolved: { providerCluster: pc, managementClusterId: mc.id, managementCluster: mc.name } },
        },
      );
    },
  },

  "provision-machines": {
    condition: "MachinesProvisioned",
    async run(s) {
      // the group's free hosts are reserved for the cluster now (clusterId set on each, atomically), so
      // clusters created at the same time never count the same free hosts
      // machines provisioned earlier whose hosts are not the cluster's yet are on their way
      const coming = s.c.provisioned.filter((m) => !m.hostId || !s.c.hostIds.includes(m.hostId)).length;
      // further pools take free hosts of their own groups alone (core/clusters/pools.ts); assign-hosts waits for the rest
      for (const pool of poolsOf(s.c).slice(1)) {
        const short = pool.count - pool.hostIds.length;
        if (short > 0)
          await takeHosts(
            s,
            short,
            async (n) => (await freeHosts(s.env.deps, s.t, pool.hostGroup, n, { spreadFor: s.c.name })).map((h) => h.id),
            pool,
          );
      }
      const primary = primaryPool(s);
      const need = s.c.workers - primary.hostIds.length - coming;
      const reserved =
        need > 0
          ? await takeHosts(s, need, async (n) =>
              (await freeHosts(s.env.deps, s.t, s.c.hostGroup, n, { spreadFor: s.c.name })).map((h) => h.id),
            )
          : [];
      const deficit = need - reserved.length;
      const held = primary.hostIds.length + reserved.length + coming;
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
      // past the highest index in use: released machines leave gaps, and a name must never be reused
      const prefix = machinePrefix(infraOf(s.c));
      const start = Math.max(
        s.c.provisioned.length,
        ...s.c.provisioned.map((m) => Number(m.name.slice(prefix.length)) + 1).filter((n) => Number.isInteger(n)),
      );
      // The control plane chooses each machine's identity; a repeated step gets, for a server that already
      // exists under the name, the id recorded with it (the one its cloud-init carries), not this new one.
      const specs = machineSpecs(infraOf(s.c), start, deficit, s.c.machines);
      const machines = await driver.createMachines(infraOf(s.c), specs, agent);
      const autoscaled = s.c.operation === "autoscale";
      const added: ProvisionedMachine[] = machines.map((m) => ({
        serverId: m.serverId,
        name: m.name,
        machineId: m.machineId,
        ...(autoscaled ? { autoscaled } : {}),
      }));
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
    settled: noMachines,
    async run(s) {
      const settled = noMachines(s.c);
      if (settled) return settled;
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
    settled: noMachines,
    async run(s) {
      const settled = noMachines(s.c);
      if (settled) return settled;
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
          `${pending.length} host request(s) await approval: ${pending.join(", ")}; approve them (POST …/host-requests/bulk-approve) or set the project's approval policy (approval.mode preflight or always)`,
        );
      }
      if (provisioning.length) return wait("HostsProvisioning", `${provisioning.length} approved host(s) are still being provisioned`);
      return done(`${next.length} host(s) approved and provisioned`, { set: { provisioned: next } });
    },
  },

  "assign-hosts": {
    condition: "HostsAssigned",
    settled: hostsInPlace,
    async run(s) {
      const settled = hostsInPlace(s.c);
      if (settled) return settled;
      // machines this cluster provisioned join the group first (product §19 step 6)
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
      // further pools: free hosts of their own groups (core/clusters/pools.ts)
      const short: string[] = [];
      const poolsDone: string[] = [];
      for (const pool of poolsOf(s.c).slice(1)) {
        const want = pool.count - pool.hostIds.length;
        if (want <= 0) continue;
        const got = await takeHosts(
          s,
          want,
          async (n) => (await freeHosts(s.env.deps, s.t, pool.hostGroup, n, { spreadFor: s.c.name })).map((h) => h.id),
          pool,
        );
        if (got.length < want)
          short.push(`pool ${pool.name}: host group ${pool.hostGroup} has no more free hosts; the pool needs ${want - got.length} more`);
        else poolsDone.push(`pool ${pool.name}: ${pool.hostIds.length + got.length} host(s) assigned from group ${pool.hostGroup}`);
      }
      const primary = primaryPool(s);
      const needed = s.c.workers - primary.hostIds.length;
      if (needed <= 0) {
        if (short.length) return { ...wait("WaitingForHosts", short.join("; ")), timeoutReason: "InsufficientHosts" };
        if (s.c.operation === "create")
          return done(
            [
              `${primary.hostIds.length} host(s) of group ${s.c.hostGroup} assigned (reserved when the machines were counted)`,
              ...poolsDone,
            ].join("; "),
          );
        return poolsDone.length ? done(poolsDone.join("; ")) : skip(`the cluster already has ${s.c.hostIds.length} host(s)`);
      }
      // the cluster's own new machines first (read directly: the group index may lag behind), then the group's free hosts
      const candidates = async (n: number) => {
        const ownIds = s.c.provisioned.map((m) => m.hostId).filter((x): x is string => Boolean(x) && !s.c.hostIds.includes(x as string));
        const own = (await hostsOf(s, ownIds)).filter((h) => h.group === s.c.hostGroup && h.status === "create-completed" && !h.clusterId);
        const free = (await freeHosts(s.env.deps, s.t, s.c.hostGroup, n + ownIds.length, { spreadFor: s.c.name })).filter(
          (h) => !ownIds.includes(h.id),
        );
        return [...own, ...free].map((h) => h.id);
      };
      const taken = await takeHosts(s, needed, candidates);
      if (taken.length < needed) {
        short.unshift(`host group ${s.c.hostGroup} has no more free hosts; the cluster needs ${needed - taken.length} more`);
      }
      if (short.length) return { ...wait("WaitingForHosts", short.join("; ")), timeoutReason: "InsufficientHosts" };
      return done([`${primary.hostIds.length + taken.length} host(s) assigned from group ${s.c.hostGroup}`, ...poolsDone].join("; "));
    },
  },

  "issue-certificates": {
    condition: "CertificatesIssued",
    // the CA is kept from its first issue (ensureClusterCa) and its Secret applied: safe to run again
    foldable: true,
    async run(s) {
      const mc = managementCluster(s.c);
      const ca = await ensureClusterCa(s.env.deps, s.ctx, s.t, s.c);
      // the Secret must exist before the control plane does; its Namespace is the first rendered object
      const ns = objectNames(s).filter((o) => o.kind === "Namespace");
      await applyOnce(s, mc, [...ns, clusterCaSecret(s.c, ca)]);
      return done(`cluster CA ${ca.record.serial} (valid until ${ca.record.notAfter}) is in Secret ${clusterCaSecretRef(s.c).name}`);
    },
  },

  "apply-objects": {
    condition: "ObjectsApplied",
    // server-side applies of the rendered objects: safe to run again
    foldable: true,
    async run(s) {
      const mc = managementCluster(s.c);
      const bundle = await bundleFor(s, s.c.kubernetesVersion);
      const objects = renderFor(s, bundle, s.c.kubernetesVersion);
      // the API server mounts the encryption configuration's Secret: it goes in right after the Namespace
      if (s.c.encryption)
        objects.splice(1, 0, (await encryptionSecret(s.env.deps.secrets, { ...s.c, encryption: s.c.encryption })) as KubeObjectLike);
      // the registry's hosts.toml and pull secret, which the bootstrap template and Kamaji's ServiceAccount name
      objects.splice(1, 0, ...((await registrySecrets(s.env.deps.secrets, s.c)) as KubeObjectLike[]));
      // the Namespace goes once per chain: issue-certificates, run just before, applied it
      await applyOnce(s, mc, objects);
      return done(
        `CAPI objects applied to management cluster ${resolved(s.c).managementCluster ?? mc} with bundle ${bundle.ociReference}@${bundle.digest}`,
      );
    },
  },

  "wait-control-plane": { condition: "ControlPlaneReady", run: waitControlPlane },

  "wait-workers": { condition: "WorkersReady", run: waitWorkers },
} satisfies Partial<Record<StepName, StepDef>>;
