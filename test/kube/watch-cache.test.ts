import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import type { KubeObj } from "../doubles/kube-object.js";
import { PollingLoop } from "../doubles/polling-loop.js";
import { WatchCache } from "../doubles/watch-cache.js";
import { testKube } from "../support/kube.js";

/**
 * The doubles' shared informer against the real test apiserver: a list, then
 * a watch that brings others' changes; a writer's own write is in the copy
 * as soon as its answer is; a change wakes a double's loop long before its
 * interval.
 */
const kube = testKube();
const ns = `wc-${randomBytes(3).toString("hex")}`;
const CONFIGMAPS = "/api/v1/configmaps";
const cache = new WatchCache(kube);
afterAll(async () => {
  cache.stop();
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${ns}`);
});

const mine = (items: KubeObj[]) => items.filter((o) => o.metadata.namespace === ns).map((o) => [o.metadata.name, o.data?.v]);

describe("the doubles' watch cache", () => {
  it("lists, follows the watch, reads its own writes at once, and wakes a loop on a change", async () => {
    await kubeRequest(kube, "POST", "/api/v1/namespaces", { body: { metadata: { name: ns } } });
    await kubeRequest(kube, "POST", `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: "a" }, data: { v: "1" } } });
    expect(mine(await cache.list(CONFIGMAPS))).toEqual([["a", "1"]]);

    // another writer's change arrives with the watch
    let changes = 0;
    const off = cache.onChange(() => changes++);
    await kubeRequest(kube, "PATCH", `/api/v1/namespaces/${ns}/configmaps/a`, {
      body: { data: { v: "2" } },
      contentType: "application/merge-patch+json",
    });
    await expect.poll(async () => mine(await cache.list(CONFIGMAPS)), { timeout: 5_000 }).toEqual([["a", "2"]]);
    expect(changes).toBeGreaterThan(0);

    // the writer's own create, observed from its answer: in the copy before any watch event could be
    const created = await kubeRequest(kube, "POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body: { metadata: { name: "b" }, data: { v: "1" } },
    });
    cache.observe(created.body);
    expect(mine(await cache.list(CONFIGMAPS))).toEqual([
      ["a", "2"],
      ["b", "1"],
    ]);
    // an older answer does not overwrite a newer copy
    const stale = { ...(created.body as KubeObj), data: { v: "0" } };
    await kubeRequest(kube, "PATCH", `/api/v1/namespaces/${ns}/configmaps/b`, {
      body: { data: { v: "3" } },
      contentType: "application/merge-patch+json",
    });
    await expect.poll(async () => mine(await cache.list(CONFIGMAPS)), { timeout: 5_000 }).toContainEqual(["b", "3"]);
    cache.observe(stale);
    expect(mine(await cache.list(CONFIGMAPS))).toContainEqual(["b", "3"]);

    // a deletion leaves the copy, and an answer older than it does not bring the object back
    await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${ns}/configmaps/a`);
    await expect.poll(async () => mine(await cache.list(CONFIGMAPS)), { timeout: 5_000 }).toEqual([["b", "3"]]);
    off();

    // a loop polling every minute runs within moments of a change it is woken for
    let passes = 0;
    const loop = new PollingLoop(async () => {
      passes++;
    }, 60_000);
    const wake = cache.onChange(() => loop.wake());
    loop.start();
    await expect.poll(() => passes).toBe(1);
    await kubeRequest(kube, "PATCH", `/api/v1/namespaces/${ns}/configmaps/b`, {
      body: { data: { v: "4" } },
      contentType: "application/merge-patch+json",
    });
    await expect.poll(() => passes, { timeout: 5_000 }).toBe(2);
    wake();
    await loop.stop();
  });

  it("watches a label-selected collection too: changes arrive, and a quiet collection is not listed again", async () => {
    const selected = `/api/v1/configmaps?labelSelector=${encodeURIComponent(`wc-test=${ns}`)}`;
    // a cache of its own: only this collection's changes (no other test's ConfigMaps) count below
    const only = new WatchCache(kube);
    await kubeRequest(kube, "POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body: { metadata: { name: "s1", labels: { "wc-test": ns } }, data: { v: "1" } },
    });
    expect(mine(await only.list(selected))).toEqual([["s1", "1"]]);
    let changes = 0;
    const off = only.onChange(() => changes++);
    await kubeRequest(kube, "POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body: { metadata: { name: "s2", labels: { "wc-test": ns } }, data: { v: "1" } },
    });
    await expect.poll(async () => mine(await only.list(selected)), { timeout: 5_000 }).toContainEqual(["s2", "1"]);
    // a watch that fails is listed again (and reported as a change) every 200 ms: a quiet second shows none
    changes = 0;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(changes).toBe(0);
    off();
    only.stop();
  });
});
