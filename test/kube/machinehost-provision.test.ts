import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MachineHostStatus } from "../../functions/grpc/gen/ckp/machinehost/v1/machinehost_pb.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { ProviderDoubles } from "../doubles/provider-doubles.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { BMS_TEMPLATE } from "../support/clusters.js";
import { grpcClient, grpcurlStream } from "../support/grpc.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * ProvisionMachineHost end to end: the Orbiter BMS simulator allocates the
 * servers the control plane asks for, each boots the user data the driver
 * rendered (the real install script, the real agent from the published
 * release), the agent registers with the machine id chosen at provision time,
 * the project approves it, the host provisioner checks it and it joins the
 * host group — capacity ready before any cluster asks for it. Clients:
 * grpcurl (watch, by reflection) and Connect's gRPC transport (HTTP/2).
 */
const admin = adminApi();
const cp = inject("controlPlane");
const address = cp.grpcUrl.replace(/^https?:\/\//, "");
const bms = new OrbiterBmsSimulator({ secret: "hw-grpc", pools: { rack: { servers: 3 }, empty: { servers: 0 } }, bootDelayMs: 20 });
let mc: { id: string; name: string };
// BYOH's host agent reports each ByoHost's details, which a host waits for before it is create-completed
const domains = new Set<string>();
const providers = new ProviderDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? "") });

beforeAll(async () => {
  providers.start();
  await bms.start();
  await publishTestAgentRelease(admin, useLocalAws());
  mc = await registerTestManagementCluster(admin);
});
afterAll(async () => {
  await providers.stop();
  await bms.stop();
});

async function tenantWithProvider(pool: string): Promise<{ t: Tenant; token: string; group: string }> {
  const t = await newTenant({ autoApproveHosts: true });
  domains.add(t.domain);
  const cred = uniqueName("bms");
  const c = await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
    type: "orbiter-bms",
    name: cred,
    endpoint: bms.http.url,
    hardwareAccessSecret: "hw-grpc",
  });
  expect(c.status, c.text).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: cred,
    managementCluster: mc.name,
    defaults: { serverPool: pool, cloudInitTemplate: BMS_TEMPLATE },
  });
  expect(pc.status, pc.text).toBe(201);
  const group = uniqueName("capacity");
  expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: group })).status).toBe(201);
  return { t, token: await tokenFor(admin, "project-admin", t.domain, t.project), group };
}

async function eventTypes(t: Tenant, q: string): Promise<string[]> {
  const res = await t.projectAdmin.get(`${t.base}/events?${q}&limit=100`);
  expect(res.status, res.text).toBe(200);
  return res.body.items.map((e: any) => e.type).reverse();
}

describe("ProvisionMachineHost through the BMS simulator and the real agent", () => {
  it("machines are allocated, boot, register, are approved and provisioned, and join the host group; delete releases the server", async () => {
    const { t, token, group } = await tenantWithProvider("rack");
    const c = grpcClient(cp.grpcUrl, token);
    const answer = await c.provisionMachineHost({
      domain: t.domain,
      project: t.project,
      hostGroup: group,
      providerCluster: "bms",
      count: 2,
      os: "ubuntu-22.04",
      requestId: "capacity-1",
    });
    expect(answer.provisionId).toMatch(/^hprov_/);
    expect(answer.machineHosts).toHaveLength(2);
    for (const m of answer.machineHosts) {
      expect(m.status).toBe(MachineHostStatus.CREATE_PENDING);
      expect(m.provisioned).toMatchObject({
        provisionId: answer.provisionId,
        hostGroup: group,
        providerCluster: "bms",
        providerType: "orbiter-bms",
      });
    }
    // the same request id answers the same machines instead of asking for more
    const again = await c.provisionMachineHost({
      domain: t.domain,
      project: t.project,
      hostGroup: group,
      providerCluster: "bms",
      count: 2,
      os: "ubuntu-22.04",
      requestId: "capacity-1",
    });
    expect(again.machineHosts.map((m) => m.machineId).sort()).toEqual(answer.machineHosts.map((m) => m.machineId).sort());

    const [first, second] = answer.machineHosts.map((m) => m.machineId) as [string, string];
    const seen: string[] = [];
    const watch = grpcurlStream(
      address,
      "WatchMachineHostStatus",
      { domain: t.domain, project: t.project, machine_id: first },
      token,
      (m) => seen.push(m.status.status),
    );
    const inGroup = await eventually(
      async () => {
        const res = await t.projectAdmin.get(`${t.base}/hosts?group=${group}`);
        return res.body.items.length === 2 ? res.body.items : undefined;
      },
      240_000,
      "both provisioned machines in the host group",
    );
    // the watch reads the store once a second: under load its last message may trail the host list by a poll or two
    await eventually(
      async () => seen.includes("MACHINE_HOST_STATUS_CREATE_COMPLETED") || undefined,
      30_000,
      "the watch reports create-completed",
    ).catch(() => undefined);
    watch.stop();
    const ended = await watch.done;
    expect(seen[0]).toBe("MACHINE_HOST_STATUS_CREATE_PENDING");
    expect(seen, `grpcurl exited ${ended.code}: ${ended.stderr}`).toContain("MACHINE_HOST_STATUS_CREATE_COMPLETED");
    expect(inGroup.map((h: any) => h.machineId).sort()).toEqual([first, second].sort());
    for (const h of inGroup) expect(h).toMatchObject({ status: "create-completed", facts: { provider: "orbiter-bms" } });

    // the provider holds the servers, labelled with the provision and the machine ids the agents registered with
    const allocations = [...bms.allocations.values()].filter((a) => a.labels["ckp.io/cluster-id"] === answer.provisionId);
    expect(allocations.map((a) => a.labels["ckp.io/machine-id"]).sort()).toEqual([first, second].sort());
    const mh = (await c.getMachineHost({ domain: t.domain, project: t.project, machineId: first })).machineHost;
    expect(mh?.status).toBe(MachineHostStatus.CREATE_COMPLETED);
    expect(mh?.hostGroup).toBe(group);
    expect(mh?.provisioned?.serverId).toBe(allocations.find((a) => a.labels["ckp.io/machine-id"] === first)?.id);
    expect(mh?.conditions.map((x) => [x.type, x.status])).toEqual([
      ["MachineCreated", 1],
      ["Registered", 1],
      ["Approved", 1],
      ["Provisioned", 1],
      ["HostGroupJoined", 1],
    ]);
    expect(await eventTypes(t, `subject=host-provisions/${answer.provisionId}`)).toEqual([
      "ckp.hostprovision.requested",
      "ckp.hostprovision.machines-created",
    ]);

    await c.deleteMachineHost({ domain: t.domain, project: t.project, machineId: first });
    expect(bms.allocations.has(mh?.provisioned?.serverId as string)).toBe(false);
    expect(bms.freeServers("rack")).toBe(2);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${mh?.hostId}`)).status).toBe(404);
    expect((await c.listMachineHosts({ domain: t.domain, project: t.project })).machineHosts.map((m) => m.machineId)).toEqual([second]);
    expect(await eventTypes(t, `subject=host-provisions/${answer.provisionId}`)).toContain("ckp.hostprovision.machine-released");
  });

  it("a provider without capacity fails the machines with the reason", async () => {
    const { t, token, group } = await tenantWithProvider("empty");
    const c = grpcClient(cp.grpcUrl, token);
    const answer = await c.provisionMachineHost({
      domain: t.domain,
      project: t.project,
      hostGroup: group,
      providerCluster: "bms",
      count: 1,
    });
    const id = answer.machineHosts[0]?.machineId as string;
    const failed = await eventually(async () => {
      const s = (await c.getMachineHostStatus({ domain: t.domain, project: t.project, machineId: id })).status;
      return s?.status === MachineHostStatus.CREATE_FAILED ? s : undefined;
    }, 60_000);
    expect(failed.conditions[0]).toMatchObject({ type: "MachineCreated", status: 2, reason: "InsufficientCapacity" });
    expect(await eventTypes(t, `subject=host-provisions/${answer.provisionId}`)).toEqual([
      "ckp.hostprovision.requested",
      "ckp.hostprovision.failed",
    ]);
    // an unknown host group is refused before anything is asked of the provider
    const unknown = await c
      .provisionMachineHost({ domain: t.domain, project: t.project, hostGroup: "no-such-group", providerCluster: "bms", count: 1 })
      .catch((e) => e);
    expect(unknown.code).toBe(Code.NotFound);
  });
});
