import { describe, expect, it } from "vitest";
import {
  chooseManagementCluster,
  PlacedElsewhere,
  placeCluster,
  placementOf,
  recordPlacement,
  releasePlacement,
} from "../../core/management/placement.js";
import { newId } from "../../core/shared/ids.js";
import { adminApi } from "../support/api.js";
import { registerTestManagementCluster, testCtx, testDeps } from "../support/kube.js";
import { uniqueName } from "../support/tenants.js";

const newClusterId = () => newId("cl");

describe("placement: label selector, then least loaded", () => {
  const admin = adminApi();

  it("chooses by labels, then by load, and records and releases load", async () => {
    const deps = testDeps();
    const suite = uniqueName("s");
    const eu1 = await registerTestManagementCluster(admin, { name: `${suite}-eu-1`, labels: { suite, region: "eu", zone: "a" } });
    const eu2 = await registerTestManagementCluster(admin, { name: `${suite}-eu-2`, labels: { suite, region: "eu", zone: "b" } });
    const us1 = await registerTestManagementCluster(admin, { name: `${suite}-us-1`, labels: { suite, region: "us", zone: "a" } });
    const eu = { matchLabels: { suite, region: "eu" } };

    // equal load: the name decides, deterministically
    expect((await chooseManagementCluster(deps, eu)).id).toBe(eu1.id);
    const c1 = { domain: "acme", project: "edge", clusterId: newClusterId() };
    expect(await recordPlacement(deps, testCtx, eu1.id, c1)).toBe("recorded");
    expect(await recordPlacement(deps, testCtx, eu1.id, c1)).toBe("unchanged");
    expect((await admin.get(`/v1/management-clusters/${eu1.id}`)).body.clusterCount).toBe(1);
    // eu-1 now carries one cluster, so eu-2 is the least loaded
    expect((await chooseManagementCluster(deps, eu)).id).toBe(eu2.id);
    // matchExpressions
    expect(
      (
        await chooseManagementCluster(deps, {
          matchLabels: { suite },
          matchExpressions: [{ key: "region", operator: "NotIn", values: ["eu"] }],
        })
      ).id,
    ).toBe(us1.id);
    await expect(chooseManagementCluster(deps, { matchLabels: { suite, region: "ap" } })).rejects.toMatchObject({ kind: "unprocessable" });

    // a cluster placed cannot be deregistered
    const del = await admin.delete(`/v1/management-clusters/${eu1.id}`);
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ clusterCount: 1 });

    expect(await releasePlacement(deps, testCtx, eu1.id, c1.clusterId)).toBe("released");
    expect(await releasePlacement(deps, testCtx, eu1.id, c1.clusterId)).toBe("unchanged");
    expect((await admin.get(`/v1/management-clusters/${eu1.id}`)).body.clusterCount).toBe(0);
    expect((await admin.delete(`/v1/management-clusters/${eu1.id}`)).status).toBe(204);
  });

  it("skips full and unschedulable clusters, and places a cluster once however often it is asked", async () => {
    const deps = testDeps();
    const suite = uniqueName("s");
    const small = await registerTestManagementCluster(admin, { name: `${suite}-a`, labels: { suite }, maxClusters: 1 });
    const big = await registerTestManagementCluster(admin, { name: `${suite}-b`, labels: { suite } });
    const sel = { matchLabels: { suite } };

    const c1 = { domain: "acme", project: "edge", clusterId: newClusterId() };
    expect((await placeCluster(deps, testCtx, sel, c1)).id).toBe(small.id);
    // asked again (a retried saga step): the same answer, counted once
    expect((await placeCluster(deps, testCtx, sel, c1)).id).toBe(small.id);
    expect(await placementOf(deps, c1)).toBe(small.id);
    expect((await admin.get(`/v1/management-clusters/${small.id}`)).body.clusterCount).toBe(1);

    // small is full now
    const c2 = { domain: "acme", project: "edge", clusterId: newClusterId() };
    expect((await placeCluster(deps, testCtx, sel, c2)).id).toBe(big.id);
    await expect(recordPlacement(deps, testCtx, small.id, { ...c2, clusterId: newClusterId() })).rejects.toMatchObject({
      kind: "conflict",
    });

    // not schedulable: never chosen
    await admin.patch(`/v1/management-clusters/${big.id}`, { schedulable: false });
    await expect(chooseManagementCluster(deps, sel)).rejects.toMatchObject({ kind: "unprocessable" });
    await admin.patch(`/v1/management-clusters/${big.id}`, { schedulable: true });
    expect((await chooseManagementCluster(deps, sel)).id).toBe(big.id);

    // concurrent placements of different clusters never overfill
    await admin.patch(`/v1/management-clusters/${big.id}`, { maxClusters: 3 });
    const many = Array.from({ length: 4 }, () => ({ domain: "acme", project: "edge", clusterId: newClusterId() }));
    const results = await Promise.allSettled(many.map((c) => placeCluster(deps, testCtx, sel, c)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect((await admin.get(`/v1/management-clusters/${big.id}`)).body.clusterCount).toBe(3);
  });

  it("places a cluster exactly once: a repeated or concurrent placement elsewhere finds the first (read consistently)", async () => {
    const deps = testDeps();
    const suite = uniqueName("s");
    const a = await registerTestManagementCluster(admin, { name: `${suite}-a`, labels: { suite, site: "a" } });
    const b = await registerTestManagementCluster(admin, { name: `${suite}-b`, labels: { suite, site: "b" } });
    const load = async () =>
      Promise.all([a, b].map(async (m) => (await admin.get(`/v1/management-clusters/${m.id}`)).body.clusterCount as number));

    // placed on a; a retried step that now sees only b (its rule changed, a filled up) still answers a
    const c1 = { domain: "acme", project: "edge", clusterId: newClusterId() };
    expect(await recordPlacement(deps, testCtx, a.id, c1)).toBe("recorded");
    expect(await placementOf(deps, c1)).toBe(a.id);
    expect((await placeCluster(deps, testCtx, { matchLabels: { suite, site: "b" } }, c1)).id).toBe(a.id);
    const elsewhere = await recordPlacement(deps, testCtx, b.id, c1).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(PlacedElsewhere);
    expect((elsewhere as PlacedElsewhere).managementClusterId).toBe(a.id);
    expect(await recordPlacement(deps, testCtx, a.id, c1)).toBe("unchanged");
    expect(await load()).toEqual([1, 0]);

    // two attempts at once, on different management clusters: one placement
    const c2 = { domain: "acme", project: "edge", clusterId: newClusterId() };
    const both = await Promise.allSettled([recordPlacement(deps, testCtx, a.id, c2), recordPlacement(deps, testCtx, b.id, c2)]);
    expect(both.filter((r) => r.status === "fulfilled" && r.value === "recorded")).toHaveLength(1);
    // the placement kept is the one whose call answered "recorded"
    const winner = await placementOf(deps, c2);
    expect(winner).toBe(both[0].status === "fulfilled" && both[0].value === "recorded" ? a.id : b.id);
    for (const r of both) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PlacedElsewhere);
    expect(await load()).toEqual(winner === a.id ? [2, 0] : [1, 1]);

    // released: the cluster can be placed again, anywhere
    expect(await releasePlacement(deps, testCtx, a.id, c1.clusterId)).toBe("released");
    expect(await placementOf(deps, c1)).toBeUndefined();
    expect(await recordPlacement(deps, testCtx, b.id, c1)).toBe("recorded");
    expect(await placementOf(deps, c1)).toBe(b.id);
  });
});
