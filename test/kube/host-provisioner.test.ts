import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byoHostName, hostsNamespace } from "../../core/byoh/names.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { BMS_TEMPLATE, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { pauseCapi, registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * The host provisioner's reconcilers and the scale and reservation steps
 * around them, on the kube tier's management cluster with Cluster API's own
 * controllers (MachineSets, BYOH's claims and releases) and the doubles of
 * BYOH's host agents and Kamaji's tenant control planes: ByoHosts follow
 * cluster assignment, a scale-down gives back exactly the host CAPI freed,
 * drift behind the control plane's back is recorded and cleared, and
 * clusters racing for one group never share a host.
 */
const admin = adminApi();
const kube = () => testKube();
const domains = new Set<string>();
const doubles = clusterDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? ""), shared: true });
// an empty rack: a cluster short of hosts fails clearly instead of getting machines
const bms = new OrbiterBmsSimulator({ secret: "hw", pools: { rack: { servers: 0 } } });
let mc: { id: string; name: string };

beforeAll(async () => {
  await bms.start();
  doubles.start();
  mc = await registerTestManagementCluster(admin);
  await publishBundles(admin, ["v1.31.2"]);
  // provisioning checks for an agent release before it asks the provider for machines
  await publishTestAgentRelease(admin, useLocalAws());
});
afterAll(async () => {
  await doubles.stop();
  await bms.stop();
});

const BYOH = "/apis/infrastructure.cluster.x-k8s.io/v1beta1";
const CAPI = "/apis/cluster.x-k8s.io/v1beta1";

async function tenantWithHosts(n: number): Promise<{ t: Tenant; hosts: string[] }> {
  const t = await newTenant();
  domains.add(t.domain);
  await registerStorageProfile(admin, t.domain);
  const cred = uniqueName("bms");
  expect(
    (
      await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
        type: "orbiter-bms",
        name: cred,
        endpoint: bms.http.url,
        hardwareAccessSecret: "hw",
      })
    ).status,
  ).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: cred,
    managementCluster: mc.name,
    defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
  });
  expect(pc.status, pc.text).toBe(201);
  const hosts = await registerHosts(t, n);
  expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "pool", managementCluster: mc.name })).status).toBe(201);
  const add = await t.projectAdmin.post(`${t.base}/host-groups/pool/hosts/bulk-add`, { ids: hosts });
  expect(
    add.body.results.every((r: any) => r.outcome === "added"),
    add.text,
  ).toBe(true);
  return { t, hosts };
}

async function createCluster(t: Tenant, name: string, workers: number): Promise<string> {
  const res = await t.projectAdmin.post(`${t.base}/clusters`, {
    name,
    kubernetesVersion: "v1.31.2",
    providerCluster: "bms",
    hostGroup: "pool",
    workers,
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const clusterPath = (t: Tenant, id: string) => `${t.base}/clusters/${id}`;
const getByoHost = async (t: Tenant, hostId: string) => {
  const res = await kubeRequest(kube(), "GET", `${BYOH}/namespaces/${hostsNamespace(t)}/byohosts/${byoHostName(hostId)}`);
  return res.status === 200 ? res.body : undefined;
};
/** Pauses (or resumes) the worker pool's MachineSets: CAPI neither creates nor removes their Machines meanwhile. */
async function pauseMachineSets(clusterId: string, paused = true): Promise<void> {
  const sets = (await kubeRequest(kube(), "GET", `${CAPI}/namespaces/${clusterNamespace(clusterId)}/machinesets`)).body.items ?? [];
  expect(sets.length).toBeGreaterThan(0);
  for (const ms of sets) {
    const res = await kubeRequest(kube(), "PATCH", `${CAPI}/namespaces/${clusterNamespace(clusterId)}/machinesets/${ms.metadata.name}`, {
      body: { metadata: { annotations: { "cluster.x-k8s.io/paused": paused ? "" : null } } },
      contentType: "application/merge-patch+json",
    });
    expect(res.status).toBe(200);
  }
}

const machinesOf = async (clusterId: string) =>
  ((await kubeRequest(kube(), "GET", `${CAPI}/namespaces/${clusterNamespace(clusterId)}/machines`)).body.items ?? []).filter(
    (m: any) => !m.metadata.deletionTimestamp,
  );

/** Host id → the Machine its ByoHost is claimed by (via the ByoMachine), for the cluster's hosts. */
async function claims(t: Tenant, clusterId: string, hostIds: string[]): Promise<Record<string, string | undefined>> {
  const machines = await machinesOf(clusterId);
  const out: Record<string, string | undefined> = {};
  for (const h of hostIds) {
    const ref = (await getByoHost(t, h))?.status?.machineRef;
    out[h] = ref
      ? machines.find((m: any) => m.spec.infrastructureRef.name === ref.name && ref.namespace === clusterNamespace(clusterId))?.metadata
          .name
      : undefined;
  }
  return out;
}

async function events(t: Tenant, type: string): Promise<any[]> {
  const res = await t.projectAdmin.get(`${t.base}/events?type=${type}&limit=100`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

describe("host provisioner reconcilers on a management cluster", () => {
  it("ByoHosts follow assignment; 3→2 releases exactly the host whose Machine CAPI removed, also when someone else marks another Machine", async () => {
    const { t, hosts } = await tenantWithHosts(4);
    const id = await createCluster(t, "scaler", 3);
    const path = clusterPath(t, id);
    await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    const assigned: string[] = (await t.projectAdmin.get(path)).body.hostIds;
    expect(assigned).toHaveLength(3);
    const spare = hosts.find((h) => !assigned.includes(h)) as string;

    // the cluster selects its own hosts only; they carry its id and are claimed by its Machines
    const bmt = await kubeRequest(kube(), "GET", `${BYOH}/namespaces/${clusterNamespace(id)}/byomachinetemplates/workers`);
    expect(bmt.body.spec.template.spec.selector.matchLabels).toMatchObject({ "ckp.io/cluster-id": id, "ckp.io/host-group": "pool" });
    await eventually(
      async () => (Object.values(await claims(t, id, assigned)).every(Boolean) ? true : undefined),
      60_000,
      "every assigned host claimed",
    );
    for (const h of assigned) expect((await getByoHost(t, h))?.metadata.labels["ckp.io/cluster-id"]).toBe(id);
    const free = await getByoHost(t, spare);
    expect(free?.metadata.labels["ckp.io/cluster-id"]).toBeUndefined();
    expect(free?.status?.machineRef).toBeUndefined();

    // 3 → 2: the control plane marks one host's Machine, CAPI removes it, and exactly that host goes back
    const before = await claims(t, id, assigned);
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 2 })).status).toBe(202);
    const scaled = await waitForStatus(t.projectAdmin, path, (s) => s.phase === "Ready" && s.operation === "scale");
    expect(scaled.steps.map((s: any) => `${s.name}:${s.state}`)).toEqual([
      "assign-hosts:skipped",
      "mark-surplus-machines:succeeded",
      "apply-objects:succeeded",
      "wait-workers:succeeded",
      "release-surplus-hosts:succeeded",
      "wait-addons:succeeded",
    ]);
    const left = (await machinesOf(id)).map((m: any) => m.metadata.name);
    const removed = Object.entries(before).filter(([, m]) => !left.includes(m));
    expect(removed).toHaveLength(1);
    const [[released, gone]] = removed as [[string, string]];
    // the Machine CAPI removed is the one the control plane marked, and BYOH released its host
    expect(scaled.steps.find((s: any) => s.name === "mark-surplus-machines").message).toContain(gone);
    expect(doubles.providers.resets.filter((r) => r.namespace === clusterNamespace(id)).map((r) => r.hostId)).toEqual([released]);
    expect(assigned).toContain(released);
    const kept = assigned.filter((h) => h !== released);
    expect((await t.projectAdmin.get(path)).body.hostIds.sort()).toEqual([...kept].sort());
    expect((await t.projectAdmin.get(`${t.base}/hosts/${released}`)).body.clusterId).toBeUndefined();
    expect(scaled.steps.find((s: any) => s.name === "release-surplus-hosts").message).toContain(released);
    await eventually(
      async () => ((await getByoHost(t, released))?.metadata.labels["ckp.io/cluster-id"] === undefined ? true : undefined),
      60_000,
      "released host unlabelled",
    );
    expect((await getByoHost(t, released))?.status?.machineRef).toBeUndefined();
    expect(Object.values(await claims(t, id, kept)).every(Boolean)).toBe(true);

    // 2 → 1, and before CAPI acts someone marks the other Machine instead of the control plane's: CAPI removes that
    // one, the host it freed goes back, and the one the control plane marked stays
    await pauseCapi(clusterNamespace(id), "scaler");
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 1 })).status).toBe(202);
    await waitForStatus(t.projectAdmin, path, (s) => s.currentStep === "wait-workers" && s.workers.desired === 1);
    const pair = await machinesOf(id);
    const ours = pair.find((m: any) => m.metadata.annotations?.["cluster.x-k8s.io/delete-machine"] !== undefined);
    const other = pair.find((m: any) => m !== ours);
    expect(ours && other).toBeTruthy();
    for (const [m, mark] of [
      [ours, null],
      [other, "yes"],
    ] as const) {
      const res = await kubeRequest(kube(), "PATCH", `${CAPI}/namespaces/${clusterNamespace(id)}/machines/${m.metadata.name}`, {
        body: { metadata: { annotations: { "cluster.x-k8s.io/delete-machine": mark } } },
        contentType: "application/merge-patch+json",
      });
      expect(res.status).toBe(200);
    }
    await pauseCapi(clusterNamespace(id), "scaler", false);
    await waitForStatus(t.projectAdmin, path, (s) => s.phase === "Ready" && s.operation === "scale" && s.workers.desired === 1);
    const second = doubles.providers.resets.filter((r) => r.namespace === clusterNamespace(id))[1];
    const freed = second?.hostId as string;
    expect(freed).toBe(Object.entries(await claims(t, id, kept)).find(([, m]) => m === undefined)?.[0]);
    const stays = kept.find((h) => h !== freed) as string;
    expect((await t.projectAdmin.get(path)).body.hostIds).toEqual([stays]);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${freed}`)).body.clusterId).toBeUndefined();
    expect((await t.projectAdmin.get(`${t.base}/hosts/${stays}`)).body.clusterId).toBe(id);
    expect((await machinesOf(id)).map((m: any) => m.metadata.name)).toEqual([ours.metadata.name]);
    expect((await claims(t, id, [stays]))[stays]).toBe(ours.metadata.name);

    // deleted: every host back in the group, no ByoHost labelled for the cluster
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    for (const h of hosts) {
      expect((await t.projectAdmin.get(`${t.base}/hosts/${h}`)).body.clusterId).toBeUndefined();
      await eventually(
        async () => ((await getByoHost(t, h))?.metadata.labels["ckp.io/cluster-id"] === undefined ? true : undefined),
        60_000,
        `ByoHost of ${h} unlabelled`,
      );
    }
    expect(doubles.errors()).toEqual([]);
  }, 1_200_000);

  it("records drift when a Machine or a ByoHost is deleted behind the control plane's back, and clears it when restored", async () => {
    const { t } = await tenantWithHosts(2);
    const id = await createCluster(t, "drifty", 2);
    const path = clusterPath(t, id);
    await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    const inSync = (s: any) =>
      s.drift?.inSync === true && s.conditions.some((c: any) => c.type === "MachinesInSync" && c.status === "True");
    await waitForStatus(t.projectAdmin, path, inSync, 120_000, "machines in sync");
    const hostIds: string[] = (await t.projectAdmin.get(path)).body.hostIds;

    // a Machine is deleted behind the control plane's back while its MachineSet is paused: CAPI takes it down and
    // BYOH releases its host, but nothing replaces it
    await pauseMachineSets(id);
    const [victim] = await machinesOf(id);
    const lost = Object.entries(await claims(t, id, hostIds)).find(([, m]) => m === victim.metadata.name)?.[0] as string;
    expect(lost).toBeDefined();
    expect(
      (await kubeRequest(kube(), "DELETE", `${CAPI}/namespaces/${clusterNamespace(id)}/machines/${victim.metadata.name}`)).status,
    ).toBe(200);
    const drifted = await waitForStatus(
      t.projectAdmin,
      path,
      (s) => s.drift?.inSync === false && s.drift.unclaimedHosts?.length === 1,
      120_000,
      "drift recorded",
    );
    expect(drifted.drift).toMatchObject({
      reason: "MachinesMissing",
      missingMachines: 1,
      machines: 1,
      desiredWorkers: 2,
      unclaimedHosts: [lost],
    });
    expect(drifted.conditions.find((c: any) => c.type === "MachinesInSync")).toMatchObject({ status: "False", reason: "MachinesMissing" });
    expect(drifted.conditions.find((c: any) => c.type === "MachinesInSync").message).toContain("1 machine(s) missing: 1 of 2");
    expect(drifted.phase).toBe("Ready");
    expect((await events(t, "ckp.cluster.drift-detected")).some((e) => e.data.clusterId === id && e.data.missingMachines === 1)).toBe(true);

    // the MachineSet resumes and replaces it: in sync again, with an event saying so
    await pauseMachineSets(id, false);
    await waitForStatus(t.projectAdmin, path, inSync, 120_000, "drift cleared");
    expect((await events(t, "ckp.cluster.drift-cleared")).some((e) => e.data.clusterId === id)).toBe(true);

    // a ByoHost disappears: the drift names the host, the BYOH host reconciler puts it back, BYOH claims it again.
    // BYOH's webhook refuses to delete a ByoHost a Machine holds, so its Machine goes first (its MachineSet paused)
    await pauseMachineSets(id);
    const [next] = await machinesOf(id);
    const target = Object.entries(await claims(t, id, hostIds)).find(([, m]) => m === next.metadata.name)?.[0] as string;
    expect(target).toBeDefined();
    expect((await kubeRequest(kube(), "DELETE", `${CAPI}/namespaces/${clusterNamespace(id)}/machines/${next.metadata.name}`)).status).toBe(
      200,
    );
    await eventually(async () => ((await getByoHost(t, target))?.status?.machineRef ? undefined : true), 120_000, "host released");
    const uid = (await getByoHost(t, target))?.metadata.uid;
    expect((await kubeRequest(kube(), "DELETE", `${BYOH}/namespaces/${hostsNamespace(t)}/byohosts/${byoHostName(target)}`)).status).toBe(
      200,
    );
    const detected = await eventually(
      async () =>
        (await events(t, "ckp.cluster.drift-detected")).find((e) => e.data.clusterId === id && e.data.missingByoHosts.includes(target)),
      120_000,
      "missing ByoHost reported",
    );
    expect(detected.data.reason).toBe("ByoHostsMissing");
    await eventually(
      async () => {
        const h = await getByoHost(t, target);
        return h && h.metadata.uid !== uid && h.metadata.labels["ckp.io/cluster-id"] === id ? true : undefined;
      },
      120_000,
      "ByoHost restored",
    );
    await pauseMachineSets(id, false);
    await eventually(async () => ((await getByoHost(t, target))?.status?.machineRef ? true : undefined), 180_000, "ByoHost claimed again");
    const restored = await waitForStatus(t.projectAdmin, path, inSync, 120_000, "in sync after the ByoHost came back");
    expect(restored.drift).toMatchObject({ missingByoHosts: [], missingMachines: 0, machines: 2 });
    const cleared = (await events(t, "ckp.cluster.drift-cleared")).filter((e) => e.data.clusterId === id);
    expect(cleared.length).toBeGreaterThanOrEqual(2);

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
  }, 1_200_000);

  it("two clusters created at once from one group: both get their own hosts when there are enough, and when there are not one fails clearly — never sharing a host", async () => {
    // just enough: 4 hosts, 2 + 2 workers
    {
      const { t, hosts } = await tenantWithHosts(4);
      const [a, b] = await Promise.all([createCluster(t, "left", 2), createCluster(t, "right", 2)]);
      await Promise.all([
        waitForStatus(t.projectAdmin, clusterPath(t, a as string), isPhase("Ready")),
        waitForStatus(t.projectAdmin, clusterPath(t, b as string), isPhase("Ready")),
      ]);
      const ha: string[] = (await t.projectAdmin.get(clusterPath(t, a as string))).body.hostIds;
      const hb: string[] = (await t.projectAdmin.get(clusterPath(t, b as string))).body.hostIds;
      expect(ha).toHaveLength(2);
      expect(hb).toHaveLength(2);
      expect([...ha, ...hb].sort()).toEqual([...hosts].sort());
      for (const [cluster, own] of [
        [a, ha],
        [b, hb],
      ] as const) {
        for (const h of own) {
          expect((await t.projectAdmin.get(`${t.base}/hosts/${h}`)).body.clusterId).toBe(cluster);
          expect((await getByoHost(t, h))?.metadata.labels["ckp.io/cluster-id"]).toBe(cluster);
        }
        // BYOH claimed only the cluster's own hosts for its Machines
        await eventually(
          async () => (Object.values(await claims(t, cluster as string, own)).every(Boolean) ? true : undefined),
          60_000,
          `hosts of ${cluster} claimed`,
        );
      }
      for (const c of [a, b]) expect((await t.projectAdmin.delete(clusterPath(t, c as string))).status).toBe(202);
      for (const c of [a, b]) await waitForGone(t.projectAdmin, clusterPath(t, c as string));
    }
    // one short: 3 hosts, 2 + 2 workers, and the provider has no machines to add
    {
      const { t, hosts } = await tenantWithHosts(3);
      const ids = await Promise.all([createCluster(t, "first", 2), createCluster(t, "second", 2)]);
      const final = await Promise.all(
        ids.map((id) => waitForStatus(t.projectAdmin, clusterPath(t, id), (s) => s.phase === "Ready" || s.phase === "Failed")),
      );
      expect(final.map((s) => s.phase).sort()).toEqual(["Failed", "Ready"]);
      const failed = final.find((s) => s.phase === "Failed");
      expect(failed.conditions.find((c: any) => c.type === "MachinesProvisioned")).toMatchObject({
        status: "False",
        reason: "InsufficientCapacity",
      });
      const held = await Promise.all(ids.map(async (id) => (await t.projectAdmin.get(clusterPath(t, id))).body.hostIds as string[]));
      const all = held.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(held[final.findIndex((s) => s.phase === "Ready")]).toHaveLength(2);
      for (const [i, id] of ids.entries()) {
        for (const h of held[i] as string[]) expect((await t.projectAdmin.get(`${t.base}/hosts/${h}`)).body.clusterId).toBe(id);
      }
      // the failed cluster gives its reserved host back when deleted
      const failedId = ids[final.indexOf(failed)] as string;
      expect((await t.projectAdmin.delete(clusterPath(t, failedId))).status).toBe(202);
      await waitForGone(t.projectAdmin, clusterPath(t, failedId));
      const free = (await t.projectAdmin.get(`${t.base}/hosts?group=pool`)).body.items.filter((h: any) => !h.clusterId);
      expect(free).toHaveLength(hosts.length - 2);
    }
    expect(doubles.errors()).toEqual([]);
  }, 1_500_000);
});
