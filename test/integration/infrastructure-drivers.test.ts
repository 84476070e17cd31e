import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentDownloadUrl } from "../../core/infrastructure/agent-bootstrap.js";
import { CcsVmDriver, clusterRules } from "../../core/infrastructure/ccs-vm.js";
import {
  type AgentBootstrap,
  type ClusterInfra,
  MACHINE_ID_TAG,
  type MachineSpec,
  machineName,
  newMachineId,
} from "../../core/infrastructure/driver.js";
import { InfrastructureError } from "../../core/infrastructure/errors.js";
import { OrbiterBmsDriver } from "../../core/infrastructure/orbiter-bms.js";
import { RetryableError } from "../../core/shared/errors.js";
import { OpenStackSimulator } from "../doubles/openstack-simulator.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { publishTestAgentRelease, type TestAgentBuild } from "../support/agent-release.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { newTenant, type Tenant } from "../support/tenants.js";

/**
 * The infrastructure drivers against loopback simulators of their APIs; the
 * machines they boot run their user data: the real agent, downloaded from
 * the shared control plane, registers with the machine id the control
 * plane chose.
 */
const TEMPLATE = `#cloud-config
hostname: {{ hostname }}
fqdn: {{ hostname }}.bms.local
write_files:
  - path: /etc/ckp/agent.yaml
    permissions: "0600"
    content: {{ agent_config }}
runcmd:
  - [systemctl, enable, --now, ckp-agent]
`;

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

function cluster(t: Tenant, name: string, cni: ClusterInfra["cni"] = "cilium"): ClusterInfra {
  return {
    clusterId: `cl_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`,
    clusterName: name,
    domain: t.domain,
    project: t.project,
    cni,
  };
}

let build: TestAgentBuild;
beforeAll(async () => {
  build = await publishTestAgentRelease(adminApi(), useLocalAws());
});

function agentFor(t: Tenant): AgentBootstrap {
  const apiUrl = adminApi().base;
  return {
    apiUrl,
    domain: t.domain,
    project: t.project,
    psk: t.psk,
    build: { version: build.version, sha256: build.sha256, url: agentDownloadUrl(apiUrl, build.sha256) },
  };
}

const spec = (name: string, os: MachineSpec["os"], arch: MachineSpec["arch"]): MachineSpec => ({
  name,
  machineId: newMachineId(),
  os,
  arch,
});

describe("Orbiter BMS driver", () => {
  const sim = new OrbiterBmsSimulator({ secret: "hw-secret", pools: { rack1: { servers: 3 } }, bootDelayMs: 20 });
  let t: Tenant;
  beforeAll(async () => {
    await sim.start();
    t = await newTenant();
  });
  afterAll(() => sim.stop());

  const driver = (o: Partial<{ secret: string; pool: string; template: string }> = {}) =>
    new OrbiterBmsDriver({
      endpoint: sim.http.url,
      hardwareAccessSecret: o.secret ?? "hw-secret",
      serverPool: o.pool ?? "rack1",
      cloudInitTemplate: o.template ?? TEMPLATE,
    });

  it("allocates servers with rendered cloud-init, idempotently, and their agents register", async () => {
    const c = cluster(t, "bms-a");
    const d = driver();
    await d.prepare();
    const specs = [0, 1].map((n) => spec(machineName(c, n), "ubuntu-20.04", "amd64"));
    const first = await d.createMachines(c, specs, agentFor(t));
    expect(first.map((m) => m.name)).toEqual([`bms-a-${c.clusterId.slice(-6)}-0`, `bms-a-${c.clusterId.slice(-6)}-1`]);
    // the machine ids are the ones the control plane chose, kept with the allocations — not Orbiter's own
    expect(first.map((m) => m.machineId)).toEqual(specs.map((x) => x.machineId));
    for (const a of sim.allocations.values()) {
      expect(a.labels[MACHINE_ID_TAG]).toBe(specs.find((x) => x.name === a.name)?.machineId);
      expect(a.machineId).not.toBe(a.labels[MACHINE_ID_TAG]);
    }
    // a repeated step (with fresh ids, as the saga makes them) finds the same machines and the ids their agents use
    const again = await d.createMachines(
      c,
      [0, 1].map((n) => spec(machineName(c, n), "ubuntu-20.04", "amd64")),
      agentFor(t),
    );
    expect(again.map((m) => m.serverId)).toEqual(first.map((m) => m.serverId));
    expect(again.map((m) => m.machineId)).toEqual(specs.map((x) => x.machineId));
    expect(sim.allocations.size).toBe(2);
    expect(sim.freeServers("rack1")).toBe(1);

    const requests = await eventually(
      async () => {
        const r = await t.projectAdmin.get(`${t.base}/host-requests?status=pending`);
        return r.body.items.length === 2 ? r.body.items : undefined;
      },
      60_000,
      "both machines registered",
    );
    expect(requests.map((r: { machineId: string }) => r.machineId).sort()).toEqual(specs.map((x) => x.machineId).sort());
    expect(requests.find((r: { hostname: string }) => r.hostname === specs[0]?.name).facts.os).toEqual({ id: "ubuntu", version: "20.04" });

    expect((await d.listMachines(c)).map((m) => m.status)).toEqual(["active", "active"]);
    await d.releaseMachines(
      c,
      first.map((m) => m.serverId),
    );
    await d.releaseMachines(
      c,
      first.map((m) => m.serverId),
    ); // gone already: fine
    expect(await d.listMachines(c)).toEqual([]);
    expect(sim.freeServers("rack1")).toBe(3);
  });

  it("reports an exhausted pool, a missing pool, a bad secret and a broken template as terminal errors with reasons", async () => {
    const c = cluster(t, "bms-b");
    const big = Array.from({ length: 4 }, (_, n) => spec(machineName(c, n), "rhel-9", "amd64"));
    const exhausted = await errorOf(driver().createMachines(c, big, agentFor(t)));
    expect(exhausted).toBeInstanceOf(InfrastructureError);
    expect((exhausted as InfrastructureError).reason).toBe("InsufficientCapacity");
    await driver().releaseMachines(
      c,
      (await driver().listMachines(c)).map((m) => m.serverId),
    );

    expect(((await errorOf(driver({ pool: "nope" }).prepare())) as InfrastructureError).reason).toBe("ServerPoolNotFound");
    expect(((await errorOf(driver({ secret: "wrong" }).prepare())) as InfrastructureError).reason).toBe("ProviderAuthFailed");
    const tpl = await errorOf(
      driver({ template: "#cloud-config\nhostname: {{ hostnme }}\n" }).createMachines(c, big.slice(0, 1), agentFor(t)),
    );
    expect((tpl as InfrastructureError).reason).toBe("CloudInitTemplateInvalid");
    expect(tpl.message).toContain("hostnme");
  });

  it("treats an unreachable provider as retryable", async () => {
    const d = new OrbiterBmsDriver({
      endpoint: "http://127.0.0.1:9",
      hardwareAccessSecret: "x",
      serverPool: "rack1",
      cloudInitTemplate: TEMPLATE,
    });
    expect(await errorOf(d.prepare())).toBeInstanceOf(RetryableError);
  });
});

describe("CCS VM driver (OpenStack APIs)", () => {
  const sim = new OpenStackSimulator({
    applicationCredential: { id: "ac-id", secret: "ac-secret" },
    region: "RegionOne",
    networks: [{ name: "nodes", subnets: [{ cidr: "fd00:1::/64", ipVersion: 6 }, { cidr: "192.168.40.0/24" }] }],
    images: [
      { name: "ckp-ubuntu-2004-amd64", architecture: "x86_64", osDistro: "ubuntu", osVersion: "20.04" },
      { name: "ckp-ubuntu-2004-arm64", architecture: "aarch64", osDistro: "ubuntu", osVersion: "20.04" },
      { name: "mislabelled", architecture: "x86_64", osDistro: "rhel", osVersion: "9" },
    ],
    flavors: [{ name: "m1.large", vcpus: 4, ramMb: 8192 }],
    bootDelayMs: 20,
  });
  let t: Tenant;
  beforeAll(async () => {
    await sim.start();
    t = await newTenant();
  });
  afterAll(() => sim.stop());

  const driver = (o: Partial<{ secret: string; region: string }> = {}) =>
    new CcsVmDriver({
      authUrl: sim.authUrl,
      applicationCredentialId: "ac-id",
      applicationCredentialSecret: o.secret ?? "ac-secret",
      region: o.region ?? "RegionOne",
      images: [
        { os: "ubuntu-20.04", arch: "amd64", image: "ckp-ubuntu-2004-amd64" },
        { os: "ubuntu-20.04", arch: "arm64", image: sim.imageId("ckp-ubuntu-2004-arm64") as string },
        { os: "rhel-9", arch: "arm64", image: "mislabelled" },
      ],
      flavor: "m1.large",
      network: "nodes",
      securityGroups: [],
    });

  it("prepares a security group with the cluster's ports, picks the IPv4 subnet, creates and deletes servers", async () => {
    const c = cluster(t, "vm-a", "calico");
    const d = driver();
    expect(await d.prepare(c)).toEqual({ nodeCidr: "192.168.40.0/24" });
    await d.prepare(c); // repeated: the rules exist, nothing is added twice
    const [sg] = [...sim.securityGroups.values()];
    expect(sg?.name).toBe(`ckp-${c.clusterId}`);
    expect(sg?.rules).toHaveLength(clusterRules("calico", sg?.id as string).length);
    expect(sg?.rules).toContainEqual(expect.objectContaining({ protocol: "tcp", port_range_min: 179, remote_group_id: sg?.id }));
    expect(sg?.rules).toContainEqual(
      expect.objectContaining({ protocol: "tcp", port_range_min: 30000, port_range_max: 32767, remote_ip_prefix: "0.0.0.0/0" }),
    );

    const specs = [spec(machineName(c, 0), "ubuntu-20.04", "amd64"), spec(machineName(c, 1), "ubuntu-20.04", "arm64")];
    const machines = await d.createMachines(c, specs, agentFor(t));
    // the agents' machine ids are the chosen ones, in the servers' metadata — not the Nova server ids
    expect(machines.map((m) => m.machineId)).toEqual(specs.map((x) => x.machineId));
    expect(machines.map((m) => m.machineId)).not.toContain(machines[0]?.serverId);
    for (const m of machines) expect(sim.servers.get(m.serverId)?.metadata[MACHINE_ID_TAG]).toBe(m.machineId);
    const again = await d.createMachines(
      c,
      [spec(machineName(c, 0), "ubuntu-20.04", "amd64"), spec(machineName(c, 1), "ubuntu-20.04", "arm64")],
      agentFor(t),
    );
    expect(again.map((m) => [m.serverId, m.machineId])).toEqual(machines.map((m) => [m.serverId, m.machineId]));
    expect(sim.servers.size).toBe(2);
    const arm = sim.servers.get(machines[1]?.serverId as string);
    expect(arm?.imageId).toBe(sim.imageId("ckp-ubuntu-2004-arm64"));
    expect(arm?.securityGroups).toEqual([`ckp-${c.clusterId}`]);

    const requests = await eventually(
      async () => {
        const r = await t.projectAdmin.get(`${t.base}/host-requests?status=pending`);
        return r.body.items.length === 2 ? r.body.items : undefined;
      },
      60_000,
      "both VMs registered",
    );
    expect(requests.map((r: { machineId: string }) => r.machineId).sort()).toEqual(machines.map((m) => m.machineId).sort());
    expect(requests.find((r: { hostname: string }) => r.hostname === specs[1]?.name).facts).toMatchObject({ arch: "aarch64", cpus: 4 });

    // the group cannot go while servers use it
    expect(await errorOf(d.cleanup(c))).toBeInstanceOf(RetryableError);
    await d.releaseMachines(
      c,
      machines.map((m) => m.serverId),
    );
    await d.cleanup(c);
    await d.cleanup(c);
    expect(sim.servers.size).toBe(0);
    expect(sim.securityGroups.size).toBe(0);
  });

  it("refuses an image of the wrong architecture, a missing OS image, bad credentials and a region without endpoints", async () => {
    const d = driver();
    expect(((await errorOf(d.imageId("rhel-9", "arm64"))) as InfrastructureError).reason).toBe("ImageArchitectureMismatch");
    expect(((await errorOf(d.imageId("ubuntu-22.04", "amd64"))) as InfrastructureError).reason).toBe("ImageNotConfigured");
    expect(((await errorOf(driver({ secret: "nope" }).networkAndSubnet())) as InfrastructureError).reason).toBe("ProviderAuthFailed");
    expect(((await errorOf(driver({ region: "RegionTwo" }).networkAndSubnet())) as InfrastructureError).reason).toBe("ServiceNotInCatalog");
  });
});
