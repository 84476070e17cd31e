import { releaseStorageProfileUse } from "../../addons/storage-profiles.js";
import { deleteClusterNodePools } from "../../autoscaling/node-pool-sync.js";
import { transaction } from "../../deps.js";
import { deleteHost, forgetMachine } from "../../hosts/hosts.js";
import { revokeClusterCa } from "../../pki/cluster-ca.js";
import type { Transaction } from "../../store/transaction.js";
import { clusterCaSecretRef } from "../ca-secret.js";
import type { StepName } from "../operations.js";
import {
  ABANDONED_STEP_GRACE_SECONDS,
  byKind,
  done,
  driverOf,
  ignoreNotFound,
  infraOf,
  objectNames,
  RELEASE_SETTLE_SECONDS,
  refOf,
  resolved,
  type StepDef,
  skip,
  wait,
} from "./common.js";
import { releaseHosts } from "./host-moves.js";

/** The steps of deleting a cluster: its objects first, then hosts, machines, placement and certificates. */
export const DELETE_STEPS = {
  "delete-objects": {
    condition: "ObjectsDeleted",
    async run(s) {
      const mc = s.c.resolved?.managementClusterId;
      if (!mc) return skip("the cluster was never placed on a management cluster");
      const objects = objectNames(s);
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
      const objects = objectNames(s);
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

  "release-storage-profile": {
    condition: "StorageProfileReleased",
    async run(s) {
      const profile = await releaseStorageProfileUse(s.env.deps, s.ctx, s.t.domain, s.c.id);
      return profile ? done(`storage profile ${profile} released`) : skip("the cluster used no storage profile");
    },
  },

  "revoke-certificates": {
    condition: "CertificatesRevoked",
    async run(s) {
      const revoked = await revokeClusterCa(s.env.deps, s.ctx, s.t, s.c.id, `cluster ${s.c.name} is deleted`);
      return revoked ? done(`cluster CA ${revoked.serial} revoked`) : skip("the cluster had no CA");
    },
  },

  finalize: {
    condition: "Deleted",
    async run(s) {
      const pools = await deleteClusterNodePools(s.env.deps, s.t, s.c.id);
      return done(`the cluster is deleted${pools ? `, its ${pools} node pool(s) with it` : ""}`);
    },
  },
} satisfies Partial<Record<StepName, StepDef>>;
