import type { Deps } from "../deps.js";
import type { KubeObject, ObjectRef } from "../kube/objects.js";
import { kubeFor } from "../management/access.js";
import { findManagementCluster } from "../management/registry.js";
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
  /** every object of a kind (all pages), in one namespace or, without one, all of them */
  list(
    managementClusterId: string,
    apiVersion: string,
    kind: string,
    o?: { namespace?: string; labelSelector?: string },
  ): Promise<KubeObject[]>;
  /** whether the management cluster is still registered */
  exists(managementClusterId: string): Promise<boolean>;
}

export function managementKube(deps: Deps): ManagementKube {
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
    async list(mc, apiVersion, kind, o = {}) {
      const client = await kubeFor(deps, mc);
      const out: KubeObject[] = [];
      let next: string | undefined;
      do {
        const page = await client.list(apiVersion, kind, { ...o, limit: 500, ...(next ? { continue: next } : {}) });
        out.push(...page.items);
        next = page.continue;
      } while (next);
      return out;
    },
    async exists(mc) {
      return (await findManagementCluster(deps, mc)) !== undefined;
    },
  };
}

/** An equality label selector in the apiserver's query syntax. */
export function selectorOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
