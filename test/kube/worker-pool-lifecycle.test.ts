import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { tables } from "../../infra/resources.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { adminApi, resourceName, useLocalAws } from "../support/api.js";
import { BMS_TEMPLATE, groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * Worker pools (docs/clusters.md, "Worker pools and node roles") through the
 * API and the lifecycle saga, on the kube tier's management cluster (CAPI's
 * own core, kubeadm bootstrap and BYOH managers; doubles for Kamaji's tenant
 * control planes and BYOH's host agents). A cluster of a primary pool of two
 * and an `infra` pool of one (role infra, taint infra=reserved:NoSchedule),
 * each from its own host group: it comes up with each pool's Machines on its
 * own group's hosts, the infra pool is scaled up and down alone, an upgrade
 * rolls both pools, and the delete gives every host back to its group.
 */
const admin = adminApi();
const domains = new Set<string>();
const doubles = clusterDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? ""), shared: true });
const CAPI = "/apis/cluster.x-k8s.io/v1beta1";
const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;

async function scaleEvents(t: Tenant): Promise<Array<Record<string, unknown>>> {
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: resourceName(useLocalAws(), tables.main.logical),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}#EVT` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? [])
    .map((i) => i.event as { type: string; data: Record<string, unknown> })
    .filter((e) => e.type === "ckp.cluster.scale-requested")
    .map((e) => e.data);
}

describe("a cluster of two worker pools", () => {
  const bms = new OrbiterBmsSimulator({ secret: "hw-secret", pools: { rack1: { servers: 1 } }, bootDelayMs: 20 });
  let mc: { id: string; name: string };

  beforeAll(async () => {
    doubles.start();
    await bms.start();
    mc = await registerTestManagementCluster(admin);
    await publishBundles(admin, ["v1.31.2", "v1.32.11"]);
  });
  afterAll(async () => {
    await bms.stop();
    await doubles.stop();
  });

  it("comes up with each pool on its own hosts, scales one pool alone, upgrades both, and gives every host back on delete", async () => {
    const t = await newTenant();
    domains.add(t.domain);
    await registerStorageProfile(admin, t.domain);
    const cred = uniqueName("bms-cred");
    expect(
      (
        await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
          type: "orbiter-bms",
          name: cred,
          endpoint: bms.http.url,
          hardwareAccessSecret: "hw-secret",
        })
      ).status,
    ).toBe(201);
    const pc = await t.admin.post(`${t.base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: cred,
      managementCluster: mc.name,
      defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    const hosts = await registerHosts(t, 4);
    const primaryHosts = hosts.slice(0, 2);
    const infraHosts = hosts.slice(2);
    await groupHosts(t, "pool", primaryHosts);
    await groupHosts(t, "infra", infraHosts);

    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "pools-1",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 2,
      workerRoles: ["worker"],
      workerPools: [
        {
          name: "infra",
          hostGroup: "infra",
          count: 1,
          roles: ["infra"],
          taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.workerPools).toEqual([
      {
        name: "infra",
        hostGroup: "infra",
        count: 1,
        roles: ["infra"],
        taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
        hostIds: [],
      },
    ]);
    const path = `${t.base}/clusters/${created.body.id}`;
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(ready.workerPools).toEqual([
      {
        name: "workers",
        machineDeployment: "workers",
        hostGroup: "pool",
        roles: ["worker"],
        taints: [],
        desired: 2,
        assigned: 2,
        ready: 2,
        updated: 2,
      },
      {
        name: "infra",
        machineDeployment: "workers-infra",
        hostGroup: "infra",
        roles: ["infra"],
        taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
        desired: 1,
        assigned: 1,
        ready: 1,
        updated: 1,
      },
    ]);
    expect(ready.workers).toMatchObject({ desired: 2, assigned: 2, ready: 2 });
    // the provider made no machine: both groups had the hosts
    expect(bms.allocations.size).toBe(0);

    const cluster = (await t.projectAdmin.get(path)).body;
    expect(cluster.hostIds).toHaveLength(3);
    expect(cluster.workerPools[0].hostIds).toHaveLength(1);
    expect(infraHosts).toContain(cluster.workerPools[0].hostIds[0]);
    const kube = testKube();
    const machines = async () =>
      (await kubeRequest(kube, "GET", `${CAPI}/namespaces/${ns(cluster.id)}/machines`)).body.items.filter(
        (m: any) => !m.metadata.deletionTimestamp,
      ) as any[];
    const hostOf = (m: any) => m.status?.nodeRef?.name as string;
    const byoName = (id: string) => id.toLowerCase().replace(/_/g, "-");
    const inPool = (list: any[], md: string) => list.filter((m) => m.metadata.labels["cluster.x-k8s.io/deployment-name"] === md);
    const up = await machines();
    expect(up).toHaveLength(3);
    expect(inPool(up, "workers-infra").map(hostOf)).toEqual([byoName(cluster.workerPools[0].hostIds[0])]);
    expect(inPool(up, "workers").map(hostOf).sort()).toEqual(primaryHosts.map(byoName).sort());
    expect(inPool(up, "workers-infra")[0].metadata.labels["node-role.kubernetes.io/infra"]).toBe("");
    const kct = await kubeRequest(
      kube,
      "GET",
      `/apis/bootstrap.cluster.x-k8s.io/v1beta1/namespaces/${ns(cluster.id)}/kubeadmconfigtemplates/workers-infra`,
    );
    expect(kct.body.spec.template.spec.joinConfiguration.nodeRegistration.taints).toEqual([
      { key: "infra", value: "reserved", effect: "NoSchedule" },
    ]);

    // the infra pool alone grows to 2: the primary pool keeps its count and its Machines
    const primaryMachines = inPool(up, "workers")
      .map((m) => m.metadata.name)
      .sort();
    const unknown = await t.projectAdmin.post(`${path}/scale`, { workers: 2, pool: "gpu" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("cluster.worker-pool-unknown");
    const grow = await t.projectAdmin.post(`${path}/scale`, { workers: 2, pool: "infra" });
    expect(grow.status, grow.text).toBe(202);
    expect(grow.body).toMatchObject({ phase: "Scaling", workers: 2, target: { workers: 2, pool: "infra" } });
    const grown = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(grown.workerPools.map((p: any) => [p.name, p.desired, p.assigned, p.ready])).toEqual([
      ["workers", 2, 2, 2],
      ["infra", 2, 2, 2],
    ]);
    const afterGrow = await machines();
    expect(inPool(afterGrow, "workers-infra").map(hostOf).sort()).toEqual(infraHosts.map(byoName).sort());
    expect(
      inPool(afterGrow, "workers")
        .map((m) => m.metadata.name)
        .sort(),
    ).toEqual(primaryMachines);

    // and shrinks back to 1: one infra host goes back to its group, free
    expect((await t.projectAdmin.post(`${path}/scale`, { workers: 1, pool: "infra" })).status).toBe(202);
    const shrunk = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(shrunk.workerPools.map((p: any) => [p.name, p.desired, p.assigned, p.ready])).toEqual([
      ["workers", 2, 2, 2],
      ["infra", 1, 1, 1],
    ]);
    const infraGroup = (await t.projectAdmin.get(`${t.base}/hosts?group=infra`)).body.items;
    expect(infraGroup.filter((h: any) => h.clusterId === cluster.id)).toHaveLength(1);
    expect(infraGroup.filter((h: any) => h.clusterId === undefined)).toHaveLength(1);
    expect((await t.projectAdmin.get(path)).body.hostIds).toHaveLength(3);
    expect(
      inPool(await machines(), "workers")
        .map((m) => m.metadata.name)
        .sort(),
    ).toEqual(primaryMachines);
    expect(await scaleEvents(t)).toEqual([
      expect.objectContaining({ from: 1, to: 2, pool: "infra" }),
      expect.objectContaining({ from: 2, to: 1, pool: "infra" }),
    ]);

    // an upgrade rolls every pool's MachineDeployment and waits for all of them
    const upgrade = await t.projectAdmin.post(`${path}/upgrade`, { kubernetesVersion: "v1.32.11" });
    expect(upgrade.status, upgrade.text).toBe(202);
    const upgraded = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(upgraded.kubernetesVersion).toBe("v1.32.11");
    expect(upgraded.workerPools.map((p: any) => [p.name, p.desired, p.ready, p.updated])).toEqual([
      ["workers", 2, 2, 2],
      ["infra", 1, 1, 1],
    ]);
    for (const md of ["workers", "workers-infra"]) {
      const d = await kubeRequest(kube, "GET", `${CAPI}/namespaces/${ns(cluster.id)}/machinedeployments/${md}`);
      expect(d.body.spec.template.spec.version, md).toBe("v1.32.11");
    }
    expect((await machines()).map((m) => m.spec.version)).toEqual(["v1.32.11", "v1.32.11", "v1.32.11"]);
    expect(upgraded.steps.find((s: any) => s.name === "wait-workers").message).toBe(
      "pool workers: 2 worker(s) ready at v1.32.11; pool infra: 1 worker(s) ready at v1.32.11",
    );

    // the delete takes every pool down and gives each host back to its own group
    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    const after = (await t.projectAdmin.get(`${t.base}/hosts`)).body.items;
    expect(after.every((h: any) => h.clusterId === undefined)).toBe(true);
    expect(
      after
        .filter((h: any) => h.group === "infra")
        .map((h: any) => h.id)
        .sort(),
    ).toEqual([...infraHosts].sort());
    expect(
      after
        .filter((h: any) => h.group === "pool")
        .map((h: any) => h.id)
        .sort(),
    ).toEqual([...primaryHosts].sort());
  }, 1_500_000);
});
