import { CAPI_API_VERSION, DELETE_MACHINE_ANNOTATION } from "../../byoh/names.js";
import { isDomainError } from "../../shared/errors.js";
import type { StepName } from "../operations.js";
import { type PoolView, poolsOf } from "../pools.js";
import { clusterNamespace } from "../spec.js";
import { done, managementCluster, type StepDef, skip, wait } from "./common.js";
import { claimsOf, releaseHosts, surplusOrder } from "./host-moves.js";

/** The steps only a scale runs: a scale-down marks the leaving Machines first and releases only the hosts CAPI let go. */
export const SCALE_STEPS = {
  "mark-surplus-machines": {
    condition: "SurplusMachinesMarked",
    async run(s) {
      const said: string[] = [];
      // every pool (core/clusters/pools.ts): a scale changes one, the others have no surplus
      for (const pool of poolsOf(s.c)) {
        const surplus = pool.hostIds.length - pool.count;
        if (surplus <= 0) continue;
        const claims = await claimsOf(s, pool);
        const chosen = surplusOrder(s, claims, pool.hostIds).slice(0, surplus);
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
        said.push(
          `${poolPrefix(pool)}host(s) ${chosen.join(", ")} leave the cluster${machines.length ? `; machine(s) ${machines.map((m) => m.name).join(", ")} marked ${DELETE_MACHINE_ANNOTATION} so CAPI removes them first` : ""}`,
        );
      }
      if (said.length === 0) return skip("the cluster is not scaling down");
      return done(said.join("; "));
    },
  },

  "release-surplus-hosts": {
    condition: "HostsReleased",
    async run(s) {
      const pools = poolsOf(s.c).filter((p) => p.hostIds.length > p.count);
      if (pools.length === 0) return skip("no host to release");
      // only hosts no Machine runs on any more go back: the ones CAPI removed, whichever it picked
      const plan: Array<{ pool: PoolView; release: string[] }> = [];
      const waiting: string[] = [];
      for (const pool of pools) {
        const surplus = pool.hostIds.length - pool.count;
        const claims = await claimsOf(s, pool);
        const order = surplusOrder(s, claims, pool.hostIds);
        const released = order.filter((h) => !claims.claimedBy.has(h));
        if (released.length < surplus) {
          const busy = order
            .slice(0, surplus)
            .filter((h) => claims.claimedBy.has(h))
            .map((h) => `${h} (machine ${claims.claimedBy.get(h)})`);
          waiting.push(
            `${poolPrefix(pool)}${released.length} of ${surplus} surplus host(s) released by CAPI; still in use: ${busy.join(", ")}`,
          );
        } else plan.push({ pool, release: released.slice(0, surplus) });
      }
      if (waiting.length) return { ...wait("WaitingForRelease", waiting.join("; ")), timeoutReason: "HostsNotReleased" };
      let keep = s.c.hostIds;
      let provisioned = s.c.provisioned;
      for (const { pool, release } of plan) {
        keep = keep.filter((h) => !release.includes(h));
        provisioned = await releaseHosts(
          { ...s, c: { ...s.c, provisioned } },
          keep,
          release,
          pool.index === undefined ? undefined : { index: pool.index, hostIds: pool.hostIds },
        );
      }
      const all = plan.flatMap((p) => p.release);
      return done(`${all.length} host(s) released: ${all.join(", ")}`, { set: { hostIds: keep, provisioned } });
    },
  },
} satisfies Partial<Record<StepName, StepDef>>;

const poolPrefix = (p: PoolView) => (p.index === undefined ? "" : `pool ${p.name}: `);
