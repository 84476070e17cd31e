import { CAPI_API_VERSION, DELETE_MACHINE_ANNOTATION } from "../../byoh/names.js";
import { isDomainError } from "../../shared/errors.js";
import type { StepName } from "../operations.js";
import { clusterNamespace } from "../spec.js";
import { done, managementCluster, type StepDef, skip, wait } from "./common.js";
import { claimsOf, releaseHosts, surplusOrder } from "./host-moves.js";

/** The steps only a scale runs: a scale-down marks the leaving Machines first and releases only the hosts CAPI let go. */
export const SCALE_STEPS = {
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
} satisfies Partial<Record<StepName, StepDef>>;
