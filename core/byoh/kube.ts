import type { Deps } from "../deps.js";
import type { KubeObject, ObjectRef } from "../kube/objects.js";
import { kubeFor, managementClusterExists } from "../management/access.js";
import { byohAgentIdentity } from "./names.js";

/**
 * What the host provisioner's reconcilers (and the scale steps) need from a
 * management cluster: server-side apply, read, delete and list. Errors come
 * out of core/kube's mapping: RetryableError (unreachable, throttled, 5xx)
 * or DomainError (rejected).
 */
export interface ManagementKube {
  /** server-side apply, in order; answers the objects as stored */
  apply(managementClusterId: string, objects: KubeObject[]): Promise<KubeObject[]>;
  get(managementClusterId: string, ref: ObjectRef): Promise<KubeObject | undefined>;
  /** true if it existed */
  delete(managementClusterId: string, ref: ObjectRef): Promise<boolean>;
  /**
   * every object of a kind (all pages), in one namespace or, without one, all
   * of them. `cached`: as the apiserver's watch cache holds them
   * (resourceVersion 0), which may be a moment behind etcd but costs the
   * apiserver no read and decode of every object of the kind a selector
   * looks through — for periodic checks that a later check corrects.
   */
  list(
    managementClusterId: string,
    apiVersion: string,
    kind: string,
    o?: { namespace?: string; labelSelector?: string; cached?: boolean },
  ): Promise<KubeObject[]>;
  /** the same, with the list's resourceVersion (to watch from) */
  listWithVersion(
    managementClusterId: string,
    apiVersion: string,
    kind: string,
    o?: { namespace?: string; labelSelector?: string },
  ): Promise<{ items: KubeObject[]; resourceVersion?: string }>;
  /** whether the management cluster is still registered */
  exists(managementClusterId: string): Promise<boolean>;
}

export function managementKube(deps: Deps): ManagementKube {
  const listWithVersion: ManagementKube["listWithVersion"] = async (mc, apiVersion, kind, o = {}) => {
    const client = await kubeFor(deps, mc);
    const items: KubeObject[] = [];
    let resourceVersion: string | undefined;
    let next: string | undefined;
    do {
      const page = await client.list(apiVersion, kind, { ...o, limit: 500, ...(next ? { continue: next } : {}) });
      items.push(...page.items);
      // the pages of one list are one snapshot: the first page's resourceVersion is the list's
      resourceVersion ??= page.resourceVersion;
      next = page.continue;
    } while (next);
    return { items, ...(resourceVersion ? { resourceVersion } : {}) };
  };
  return {
    async apply(mc, objects) {
      const out: KubeObject[] = [];
      for (const o of objects) {
        // a ByoHost is written as its host's agent: BYOH's webhook refuses anyone else
        const as = o.kind === "ByoHost" ? { impersonate: byohAgentIdentity(o.metadata.name) } : {};
        out.push(await (await kubeFor(deps, mc, as)).apply(o));
      }
      return out;
    },
    async get(mc, ref) {
      return (await kubeFor(deps, mc)).get(ref);
    },
    async delete(mc, ref) {
      return (await kubeFor(deps, mc)).delete(ref);
    },
    async list(mc, apiVersion, kind, { cached, ...o } = {}) {
      // the watch cache answers a list at resourceVersion 0 whole (a limit would send it to etcd)
      if (cached) return (await (await kubeFor(deps, mc)).list(apiVersion, kind, { ...o, resourceVersion: "0" })).items;
      return (await listWithVersion(mc, apiVersion, kind, o)).items;
    },
    listWithVersion,
    async exists(mc) {
      return managementClusterExists(deps, mc);
    },
  };
}

/** An equality label selector in the apiserver's query syntax. */
export function selectorOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/**
 * The same management clusters for one check of a cluster (functions/workers/machines.ts): a collection that two
 * of its parts list alike — the worker pool's Machines, for drift and for the MachineHealthCheck — is read once.
 * Writes and other reads go through as they are.
 */
export function listsOnce(kube: ManagementKube): ManagementKube {
  const lists = new Map<string, Promise<KubeObject[]>>();
  return {
    ...kube,
    list(mc, apiVersion, kind, o = {}) {
      const key = JSON.stringify([mc, apiVersion, kind, o.namespace ?? "", o.labelSelector ?? "", o.cached === true]);
      let items = lists.get(key);
      if (!items) {
        items = kube.list(mc, apiVersion, kind, o);
        lists.set(key, items);
      }
      return items;
    },
  };
}
