import type { KubeClient } from "../kube/client.js";
import type { KubeObject } from "../kube/objects.js";
import { isDomainError } from "../shared/errors.js";

/**
 * A storage migration, as kube-storage-version-migrator does it: every
 * object of the resources is put back unchanged. The apiserver stores an
 * unchanged object again when it was read with a key that is not the
 * primary one (or without encryption), so afterwards everything is
 * encrypted with the primary key. An object changed or deleted meanwhile
 * (409, 404) was written (or is gone) anyway.
 */
export type MigrationClient = Pick<KubeClient, "getJson" | "sendJson">;

/** `secrets` → /api/v1/secrets; `widgets.example.com` → /apis/example.com/<preferred version>/widgets */
async function collectionPath(k: MigrationClient, resource: string): Promise<string> {
  const dot = resource.indexOf(".");
  if (dot < 0) return `/api/v1/${resource}`;
  const group = resource.slice(dot + 1);
  const g = await k.getJson<{ preferredVersion?: { groupVersion: string } }>(`/apis/${group}`);
  if (!g.preferredVersion) throw new Error(`API group ${group} has no preferred version`);
  return `/apis/${g.preferredVersion.groupVersion}/${resource.slice(0, dot)}`;
}

/** Rewrites every object of the resources; answers how many were put back. */
export async function migrateStorage(k: MigrationClient, resources: string[]): Promise<number> {
  let n = 0;
  for (const resource of resources) {
    const base = await collectionPath(k, resource);
    const plural = base.slice(base.lastIndexOf("/") + 1);
    const prefix = base.slice(0, base.lastIndexOf("/"));
    let next: string | undefined;
    do {
      const q = new URLSearchParams({ limit: "500", ...(next ? { continue: next } : {}) });
      const page = await k.getJson<{ items: KubeObject[] | null; metadata?: { continue?: string } }>(`${base}?${q}`);
      for (const o of page.items ?? []) {
        const ns = o.metadata.namespace ? `/namespaces/${encodeURIComponent(o.metadata.namespace)}` : "";
        try {
          await k.sendJson("PUT", `${prefix}${ns}/${plural}/${encodeURIComponent(o.metadata.name)}`, o);
          n++;
        } catch (e) {
          if (!(isDomainError(e) && (e.kind === "conflict" || e.kind === "not-found"))) throw e;
        }
      }
      next = page.metadata?.continue;
    } while (next);
  }
  return n;
}
