import { describe, expect, it } from "vitest";
import { byoHostName, hostsNamespace } from "../../core/byoh/names.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { adminApi, eventually } from "../support/api.js";
import { registerHosts } from "../support/clusters.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, type Tenant } from "../support/tenants.js";

/**
 * The BYOH host reconciler against the real test kube-apiserver: the
 * control plane's hosts and groups become ByoHost objects on the group's
 * management cluster, and follow every change — through the HTTP API only.
 */
const admin = adminApi();

const byoHostPath = (t: Tenant, hostId: string) =>
  `/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/${hostsNamespace(t)}/byohosts/${byoHostName(hostId)}`;

/** BYOH's manager, as it runs on the kube tier's management cluster (scripts/capi/providers.ts). */
const BYOH_MANAGER = { "Impersonate-User": "system:serviceaccount:byoh-system:byoh-controller-manager" };

/** The ByoHost once `check` accepts it (undefined: once it is gone). */
async function byoHost(t: Tenant, hostId: string, check: (h: any) => boolean, what: string): Promise<any> {
  let last: unknown;
  try {
    return await eventually(
      async () => {
        const res = await kubeRequest(testKube(), "GET", byoHostPath(t, hostId));
        last = res.status === 200 ? res.body.metadata : res.status;
        const h = res.status === 200 ? res.body : undefined;
        return check(h) ? (h ?? null) : undefined;
      },
      60_000,
      what,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

describe("BYOH host reconciler", () => {
  it("an approved, grouped host appears as a ByoHost with the group's labels, follows group and host changes, and goes when ungrouped or deleted", async () => {
    const t = await newTenant();
    const mc = await registerTestManagementCluster(admin);
    const [a, b, loose] = await registerHosts(t, 3);

    // a group naming a management cluster that does not exist is refused
    const bad = await t.projectAdmin.post(`${t.base}/host-groups`, { name: "nowhere", managementCluster: "no-such-mc" });
    expect(bad.status, bad.text).toBe(422);
    expect(bad.body.detail).toContain("no-such-mc");

    const g = await t.projectAdmin.post(`${t.base}/host-groups`, { name: "gpu", labels: { tier: "gold" }, managementCluster: mc.name });
    expect(g.status, g.text).toBe(201);
    expect(g.body).toMatchObject({ managementClusterId: mc.id, managementCluster: mc.name });
    const added = await t.projectAdmin.post(`${t.base}/host-groups/gpu/hosts/bulk-add`, { ids: [a, b] });
    expect(added.body.results.map((r: any) => r.outcome)).toEqual(["added", "added"]);

    const first = await byoHost(t, a as string, (h) => h?.metadata.labels.tier === "gold", "ByoHost of host a");
    expect(first.metadata.labels).toMatchObject({
      tier: "gold",
      "ckp.io/host-group": "gpu",
      "ckp.io/host-id": a,
      "ckp.io/domain": t.domain,
      "ckp.io/project": t.project,
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/os": "linux",
      "ckp.io/os": "ubuntu-20.04",
    });
    expect(first.metadata.labels["ckp.io/cluster-id"]).toBeUndefined();
    const managers = (first.metadata.managedFields as Array<{ manager: string; operation: string }>).map(
      (m) => `${m.manager}/${m.operation}`,
    );
    expect(managers).toContain("ckp-control-plane/Apply");
    await byoHost(t, b as string, (h) => h?.metadata.labels["ckp.io/host-group"] === "gpu", "ByoHost of host b");
    // a host in no group has none
    expect((await kubeRequest(testKube(), "GET", byoHostPath(t, loose as string))).status).toBe(404);

    // what BYOH writes on the host (a claim) is BYOH's: the control plane's applies leave it alone. Written as
    // BYOH's manager: BYOH's webhook refuses ByoHost writes from anyone but it and the host's agent
    const claim = await kubeRequest(testKube(), "PATCH", byoHostPath(t, a as string), {
      contentType: "application/merge-patch+json",
      body: { metadata: { labels: { "byoh.infrastructure.cluster.x-k8s.io/byomachine-name": "ns.bm-1" } } },
      headers: BYOH_MANAGER,
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);

    // the group's labels change: every member follows, and a dropped label goes
    const upd = await t.projectAdmin.patch(`${t.base}/host-groups/gpu`, { labels: { tier: "silver", rack: "r7" } });
    expect(upd.status, upd.text).toBe(200);
    for (const id of [a, b])
      await byoHost(
        t,
        id as string,
        (h) => h?.metadata.labels.tier === "silver" && h.metadata.labels.rack === "r7",
        `ByoHost of ${id} relabelled`,
      );
    // a host's own labels too (the group's win where both set one)
    const host = (await t.projectAdmin.get(`${t.base}/hosts/${a}`)).body;
    expect((await t.projectAdmin.patch(`${t.base}/hosts/${a}`, { labels: { ...host.labels, zone: "z1", tier: "bronze" } })).status).toBe(
      200,
    );
    const relabelled = await byoHost(t, a as string, (h) => h?.metadata.labels.zone === "z1", "host label on the ByoHost");
    expect(relabelled.metadata.labels.tier).toBe("silver");
    expect(relabelled.metadata.labels["byoh.infrastructure.cluster.x-k8s.io/byomachine-name"]).toBe("ns.bm-1");

    // leaving the group removes it — but not while a Machine holds it (BYOH would refuse): only once BYOH released it
    const status = (machineRef: unknown) =>
      kubeRequest(testKube(), "PATCH", `${byoHostPath(t, a as string)}/status`, {
        contentType: "application/merge-patch+json",
        body: { status: { machineRef } },
        headers: BYOH_MANAGER,
      });
    expect(
      (await status({ apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1", kind: "ByoMachine", namespace: "ns", name: "bm-1" })).status,
    ).toBe(200);
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/gpu/hosts/${a}`)).status).toBe(204);
    // proving a negative: give the reconciler (and its first retries) a moment
    await new Promise((r) => setTimeout(r, 4000));
    expect((await kubeRequest(testKube(), "GET", byoHostPath(t, a as string))).status).toBe(200);
    expect((await status(null)).status).toBe(200);
    await byoHost(t, a as string, (h) => h === undefined, "ByoHost of an ungrouped host gone once released");
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${b}`)).status).toBe(204);
    await byoHost(t, b as string, (h) => h === undefined, "ByoHost of a deleted host gone");

    // back in the group it comes back; the group no longer naming a management cluster takes it away
    expect((await t.projectAdmin.put(`${t.base}/host-groups/gpu/hosts/${a}`)).status).toBeLessThan(300);
    await byoHost(t, a as string, (h) => h?.metadata.labels["ckp.io/host-group"] === "gpu", "ByoHost back");
    // while the group names it, the management cluster cannot be deregistered
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.hostGroupCount).toBe(1);
    const inUse = await admin.delete(`/v1/management-clusters/${mc.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ hostGroupCount: 1 });
    expect(inUse.body.detail).toContain("1 host group(s)");
    expect((await t.projectAdmin.patch(`${t.base}/host-groups/gpu`, { managementCluster: null })).status).toBe(200);
    await byoHost(t, a as string, (h) => h === undefined, "ByoHost gone with the group's management cluster");
    expect((await t.projectAdmin.get(`${t.base}/host-groups/gpu`)).body.managementClusterId).toBeUndefined();
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.hostGroupCount).toBe(0);
    // naming it again and deleting the group gives the use back too; then it may go
    expect((await t.projectAdmin.patch(`${t.base}/host-groups/gpu`, { managementCluster: mc.name })).status).toBe(200);
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.hostGroupCount).toBe(1);
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/gpu?force=true`)).status).toBe(204);
    expect((await admin.get(`/v1/management-clusters/${mc.id}`)).body.hostGroupCount).toBe(0);
    await byoHost(t, a as string, (h) => h === undefined, "ByoHost gone with the deleted group");
    expect((await admin.delete(`/v1/management-clusters/${mc.id}`)).status).toBe(204);
  }, 600_000);
});
