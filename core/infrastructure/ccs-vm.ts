import { RetryableError } from "../shared/errors.js";
import { DEFAULT_CLOUD_INIT, renderCloudInit } from "./cloud-init.js";
import {
  type AgentBootstrap,
  CLUSTER_ID_TAG,
  type ClusterInfra,
  type InfrastructureDriver,
  MACHINE_ID_TAG,
  type Machine,
  type MachineArch,
  type MachineCapacity,
  type MachineOs,
  type MachineSpec,
  machinePrefix,
  type Prepared,
  type ProviderCheck,
} from "./driver.js";
import { failedCheck, InfrastructureError, ProviderUnreachable, providerFailure, providerFetch } from "./errors.js";

/**
 * CCS Virtual Machine provider (product §8.2): an OpenStack-compatible cloud.
 * Keystone v3 application-credential auth, then Nova (servers, flavors),
 * Neutron (networks, subnets, security groups and rules) and Glance (images)
 * from the token's service catalog, in the credential's region.
 */
export interface CcsVmConfig {
  authUrl: string;
  applicationCredentialId: string;
  applicationCredentialSecret: string;
  region: string;
  images: Array<{ os: MachineOs; arch: MachineArch; image: string }>;
  flavor: string;
  network: string;
  securityGroups: string[];
  /** deadline of each API request (default 15 s) */
  timeoutMs?: number;
}

const PROVIDER = "CCS";
/** Glance's `architecture` property for our architecture names. */
const GLANCE_ARCH: Record<MachineArch, string[]> = { amd64: ["x86_64", "amd64"], arm64: ["aarch64", "arm64"] };

/** Ports nodes must reach on each other (the group itself), per CNI. */
const CNI_PORTS: Record<string, Array<{ protocol: "tcp" | "udp"; min: number; max: number }>> = {
  cilium: [
    { protocol: "udp", min: 8472, max: 8472 }, // VXLAN
    { protocol: "tcp", min: 4240, max: 4240 }, // health
    { protocol: "tcp", min: 4244, max: 4244 }, // Hubble
  ],
  calico: [
    { protocol: "tcp", min: 179, max: 179 }, // BGP
    { protocol: "udp", min: 4789, max: 4789 }, // VXLAN
    { protocol: "tcp", min: 5473, max: 5473 }, // Typha
  ],
  flannel: [{ protocol: "udp", min: 8472, max: 8472 }],
};

interface SecurityGroupRule {
  direction: "ingress";
  ethertype: "IPv4";
  protocol: "tcp" | "udp";
  port_range_min: number;
  port_range_max: number;
  remote_ip_prefix?: string;
  remote_group_id?: string;
}

/** The rules of a cluster's security group: kubelet and CNI traffic between nodes, NodePorts from anywhere. */
export function clusterRules(cni: string, groupId: string): SecurityGroupRule[] {
  const rule = (
    protocol: "tcp" | "udp",
    min: number,
    max: number,
    remote: { remote_group_id?: string; remote_ip_prefix?: string },
  ): SecurityGroupRule => ({
    direction: "ingress",
    ethertype: "IPv4",
    protocol,
    port_range_min: min,
    port_range_max: max,
    ...remote,
  });
  return [
    rule("tcp", 10250, 10250, { remote_group_id: groupId }), // kubelet
    ...(CNI_PORTS[cni] ?? []).map((p) => rule(p.protocol, p.min, p.max, { remote_group_id: groupId })),
    rule("tcp", 30000, 32767, { remote_ip_prefix: "0.0.0.0/0" }), // NodePort services
    rule("udp", 30000, 32767, { remote_ip_prefix: "0.0.0.0/0" }),
  ];
}

interface Catalog {
  token: string;
  expiresAt: number;
  compute: string;
  network: string;
  image: string;
}

interface NovaServer {
  id: string;
  name: string;
  status: string;
  metadata?: Record<string, string>;
}

export class CcsVmDriver implements InfrastructureDriver {
  readonly type = "ccs-vm" as const;
  private catalog: Catalog | undefined;

  constructor(private readonly cfg: CcsVmConfig) {}

  securityGroupName(c: ClusterInfra): string {
    return `ckp-${c.clusterId}`;
  }

  async prepare(c: ClusterInfra): Promise<Prepared> {
    const { subnetCidr } = await this.networkAndSubnet();
    const sg = await this.ensureSecurityGroup(c);
    for (const r of clusterRules(c.cni, sg)) {
      const res = await this.request("network", "POST", "/v2.0/security-group-rules", `add a rule to ${this.securityGroupName(c)}`, {
        security_group_rule: { security_group_id: sg, ...r },
      });
      if (res.status === 409) continue; // the rule exists: a repeated step
      if (!res.ok) throw await providerFailure(PROVIDER, `add a rule to ${this.securityGroupName(c)}`, res);
    }
    return { nodeCidr: subnetCidr };
  }

  async listMachines(c: ClusterInfra): Promise<Machine[]> {
    const prefix = machinePrefix(c);
    const q = new URLSearchParams({ name: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}` });
    const res = await this.request("compute", "GET", `/servers/detail?${q}`, "list servers");
    if (!res.ok) throw await providerFailure(PROVIDER, "list servers", res);
    const body = (await res.json()) as { servers: NovaServer[] };
    return body.servers.filter((s) => s.metadata?.[CLUSTER_ID_TAG] === c.clusterId).map(toMachine);
  }

  async createMachines(c: ClusterInfra, specs: MachineSpec[], agent: AgentBootstrap): Promise<Machine[]> {
    const existing = new Map((await this.listMachines(c)).map((m) => [m.name, m]));
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length === 0) return specs.map((s) => existing.get(s.name) as Machine);
    const [{ networkId }, flavorId, sg] = await Promise.all([this.networkAndSubnet(), this.flavorId(), this.findSecurityGroup(c)]);
    if (!sg) throw new RetryableError(`security group ${this.securityGroupName(c)} does not exist yet`);
    const images = new Map<string, string>();
    for (const spec of missing) {
      const key = `${spec.os}/${spec.arch}`;
      if (!images.has(key)) images.set(key, await this.imageId(spec.os, spec.arch));
      const userData = renderCloudInit(DEFAULT_CLOUD_INIT, {
        hostname: spec.name,
        machineId: spec.machineId,
        clusterId: c.clusterId,
        clusterName: c.clusterName,
        agent,
      });
      const res = await this.request("compute", "POST", "/servers", `create server ${spec.name}`, {
        server: {
          name: spec.name,
          flavorRef: flavorId,
          imageRef: images.get(key),
          networks: [{ uuid: networkId }],
          security_groups: [{ name: this.securityGroupName(c) }, ...this.cfg.securityGroups.map((name) => ({ name }))],
          user_data: Buffer.from(userData).toString("base64"),
          metadata: {
            [CLUSTER_ID_TAG]: c.clusterId,
            [MACHINE_ID_TAG]: spec.machineId,
            "ckp.io/domain": c.domain,
            "ckp.io/project": c.project,
          },
        },
      });
      if (res.status === 403 && /quota/i.test(await res.clone().text())) {
        throw new InfrastructureError("InsufficientCapacity", `${PROVIDER} quota exceeded while creating ${spec.name}`);
      }
      if (!res.ok) throw await providerFailure(PROVIDER, `create server ${spec.name}`, res);
      const created = (await res.json()) as { server: { id: string } };
      existing.set(spec.name, { serverId: created.server.id, name: spec.name, machineId: spec.machineId, status: "building" });
    }
    return specs.map((s) => existing.get(s.name) as Machine);
  }

  async releaseMachines(_c: ClusterInfra, serverIds: string[]): Promise<void> {
    for (const id of serverIds) {
      const res = await this.request("compute", "DELETE", `/servers/${encodeURIComponent(id)}`, `delete server ${id}`);
      if (res.status === 404 || res.ok) continue;
      throw await providerFailure(PROVIDER, `delete server ${id}`, res);
    }
  }

  async cleanup(c: ClusterInfra): Promise<void> {
    const sg = await this.findSecurityGroup(c);
    if (!sg) return;
    const res = await this.request(
      "network",
      "DELETE",
      `/v2.0/security-groups/${sg}`,
      `delete security group ${this.securityGroupName(c)}`,
    );
    if (res.status === 409)
      throw new RetryableError(`security group ${this.securityGroupName(c)} is still in use by servers being deleted`);
    if (res.status === 404 || res.ok) return;
    throw await providerFailure(PROVIDER, `delete security group ${this.securityGroupName(c)}`, res);
  }

  /**
   * Application-credential auth (Keystone), then the network (with an IPv4
   * subnet), flavor, security groups and every image the provider cluster
   * names, read in parallel.
   */
  async check(): Promise<ProviderCheck> {
    try {
      await this.token();
    } catch (e) {
      return failedCheck(e);
    }
    const problems: string[] = [];
    const look = (p: Promise<unknown>) =>
      p.catch((e: unknown) => {
        if (e instanceof ProviderUnreachable) throw e;
        problems.push(e instanceof Error ? e.message : String(e));
      });
    try {
      await Promise.all([
        look(this.networkAndSubnet()),
        look(this.flavorId()),
        ...this.cfg.securityGroups.map((name) => look(this.securityGroupExists(name))),
        ...this.cfg.images.map((i) => look(this.imageId(i.os, i.arch))),
      ]);
    } catch (e) {
      return { ...failedCheck(e), authenticated: true };
    }
    const message = problems.length
      ? `${PROVIDER} accepted the application credential, but: ${problems.join("; ")}`
      : `${PROVIDER} accepted the application credential; network ${this.cfg.network}, flavor ${this.cfg.flavor}, ${this.cfg.securityGroups.length} security group(s) and ${this.cfg.images.length} image(s) exist`;
    return { reachable: true, authenticated: true, problems, message };
  }

  private async securityGroupExists(name: string): Promise<void> {
    if ((await this.securityGroupsNamed(name)).length === 0) {
      throw new InfrastructureError("SecurityGroupNotFound", `${PROVIDER} has no security group ${name}`);
    }
  }

  /** Neutron's security groups of this name (names are not unique in Neutron). */
  private async securityGroupsNamed(name: string): Promise<Array<{ id: string }>> {
    const res = await this.request(
      "network",
      "GET",
      `/v2.0/security-groups?${new URLSearchParams({ name })}`,
      `find security group ${name}`,
    );
    if (!res.ok) throw await providerFailure(PROVIDER, `find security group ${name}`, res);
    return ((await res.json()) as { security_groups: Array<{ id: string }> }).security_groups;
  }

  /** The image for an OS and architecture, checked against Glance's architecture property. */
  async imageId(os: MachineOs, arch: MachineArch): Promise<string> {
    const entry = this.cfg.images.find((i) => i.os === os && i.arch === arch);
    if (!entry) {
      const have = this.cfg.images.map((i) => `${i.os}/${i.arch}`).join(", ");
      throw new InfrastructureError("ImageNotConfigured", `the provider cluster has no image for ${os}/${arch} (it has: ${have})`);
    }
    let res = await this.request("image", "GET", `/v2/images/${encodeURIComponent(entry.image)}`, `read image ${entry.image}`);
    let image: { id: string; architecture?: string; status?: string } | undefined;
    if (res.ok) image = (await res.json()) as { id: string; architecture?: string };
    else if (res.status === 404) {
      res = await this.request("image", "GET", `/v2/images?${new URLSearchParams({ name: entry.image })}`, `find image ${entry.image}`);
      if (!res.ok) throw await providerFailure(PROVIDER, `find image ${entry.image}`, res);
      const found = ((await res.json()) as { images: Array<{ id: string; architecture?: string }> }).images;
      if (found.length > 1)
        throw new InfrastructureError(
          "ImageAmbiguous",
          `${found.length} images are named ${entry.image}; give its id in the provider cluster`,
        );
      image = found[0];
    } else throw await providerFailure(PROVIDER, `read image ${entry.image}`, res);
    if (!image) throw new InfrastructureError("ImageNotFound", `${PROVIDER} has no image ${entry.image} (for ${os}/${arch})`);
    if (image.architecture && !GLANCE_ARCH[arch].includes(image.architecture)) {
      throw new InfrastructureError("ImageArchitectureMismatch", `image ${entry.image} is for ${image.architecture}, not ${arch}`);
    }
    return image.id;
  }

  private async flavorId(): Promise<string> {
    return (await this.flavor()).id;
  }

  private async flavor(): Promise<{ id: string; name: string; vcpus: number; ram: number }> {
    const res = await this.request("compute", "GET", "/flavors/detail", "list flavors");
    if (!res.ok) throw await providerFailure(PROVIDER, "list flavors", res);
    const flavors = ((await res.json()) as { flavors: Array<{ id: string; name: string; vcpus: number; ram: number }> }).flavors;
    const f = flavors.find((x) => x.id === this.cfg.flavor) ?? flavors.find((x) => x.name === this.cfg.flavor);
    if (!f) throw new InfrastructureError("FlavorNotFound", `${PROVIDER} has no flavor ${this.cfg.flavor}`);
    return f;
  }

  /** What one machine of the defaults' flavor brings: Nova's vCPUs and RAM (MiB). */
  async machineCapacity(): Promise<MachineCapacity> {
    const f = await this.flavor();
    return { flavor: f.name, cpu: f.vcpus, memoryMb: f.ram };
  }

  /** The configured network (by name or id) and its first IPv4 subnet. */
  async networkAndSubnet(): Promise<{ networkId: string; subnetId: string; subnetCidr: string }> {
    let networks: Array<{ id: string; name: string }> = [];
    for (const key of ["id", "name"]) {
      const res = await this.request(
        "network",
        "GET",
        `/v2.0/networks?${new URLSearchParams({ [key]: this.cfg.network })}`,
        `find network ${this.cfg.network}`,
      );
      if (!res.ok) throw await providerFailure(PROVIDER, `find network ${this.cfg.network}`, res);
      networks = ((await res.json()) as { networks: Array<{ id: string; name: string }> }).networks;
      if (networks.length) break;
    }
    if (networks.length === 0) throw new InfrastructureError("NetworkNotFound", `${PROVIDER} has no network ${this.cfg.network}`);
    if (networks.length > 1)
      throw new InfrastructureError(
        "NetworkAmbiguous",
        `${networks.length} networks are named ${this.cfg.network}; give its id in the provider cluster`,
      );
    const net = networks[0] as { id: string };
    const res = await this.request("network", "GET", `/v2.0/subnets?${new URLSearchParams({ network_id: net.id })}`, "list subnets");
    if (!res.ok) throw await providerFailure(PROVIDER, "list subnets", res);
    const subnets = ((await res.json()) as { subnets: Array<{ id: string; cidr: string; ip_version: number }> }).subnets;
    const v4 = subnets.find((s) => s.ip_version === 4);
    if (!v4) throw new InfrastructureError("SubnetNotFound", `network ${this.cfg.network} has no IPv4 subnet`);
    return { networkId: net.id, subnetId: v4.id, subnetCidr: v4.cidr };
  }

  private async findSecurityGroup(c: ClusterInfra): Promise<string | undefined> {
    return (await this.securityGroupsNamed(this.securityGroupName(c)))[0]?.id;
  }

  private async ensureSecurityGroup(c: ClusterInfra): Promise<string> {
    const found = await this.findSecurityGroup(c);
    if (found) return found;
    const name = this.securityGroupName(c);
    const res = await this.request("network", "POST", "/v2.0/security-groups", `create security group ${name}`, {
      security_group: { name, description: `CKP cluster ${c.domain}/${c.project}/${c.clusterName}` },
    });
    if (!res.ok) throw await providerFailure(PROVIDER, `create security group ${name}`, res);
    return ((await res.json()) as { security_group: { id: string } }).security_group.id;
  }

  private async token(): Promise<Catalog> {
    if (this.catalog && this.catalog.expiresAt - Date.now() > 60_000) return this.catalog;
    const url = `${this.cfg.authUrl.replace(/\/+$/, "")}/v3/auth/tokens`;
    const res = await providerFetch(PROVIDER, "authenticate", url, {
      ...(this.cfg.timeoutMs ? { timeoutMs: this.cfg.timeoutMs } : {}),
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ["application_credential"],
            application_credential: { id: this.cfg.applicationCredentialId, secret: this.cfg.applicationCredentialSecret },
          },
        },
      }),
    });
    if (!res.ok) throw await providerFailure(PROVIDER, "authenticate", res);
    const token = res.headers.get("x-subject-token");
    const body = (await res.json()) as {
      token: {
        expires_at: string;
        catalog?: Array<{ type: string; endpoints: Array<{ interface: string; region?: string; region_id?: string; url: string }> }>;
      };
    };
    const endpoint = (type: string) => {
      const svc = body.token.catalog?.find((s) => s.type === type);
      const ep = svc?.endpoints.find((e) => e.interface === "public" && (e.region_id ?? e.region) === this.cfg.region);
      if (!ep)
        throw new InfrastructureError("ServiceNotInCatalog", `${PROVIDER} offers no public ${type} endpoint in region ${this.cfg.region}`);
      return ep.url.replace(/\/+$/, "");
    };
    if (!token) throw new InfrastructureError("ProviderAuthFailed", `${PROVIDER} answered the authentication without a token`);
    this.catalog = {
      token,
      expiresAt: Date.parse(body.token.expires_at),
      compute: endpoint("compute"),
      network: endpoint("network"),
      image: endpoint("image"),
    };
    return this.catalog;
  }

  private async request(
    service: "compute" | "network" | "image",
    method: string,
    path: string,
    what: string,
    body?: unknown,
  ): Promise<Response> {
    const cat = await this.token();
    const res = await providerFetch(PROVIDER, what, `${cat[service]}${path}`, {
      ...(this.cfg.timeoutMs ? { timeoutMs: this.cfg.timeoutMs } : {}),
      method,
      headers: { "x-auth-token": cat.token, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status === 401) this.catalog = undefined; // expired token: the next call authenticates again
    return res;
  }
}

function toMachine(s: NovaServer): Machine {
  const status =
    s.status === "ACTIVE"
      ? "active"
      : s.status === "ERROR"
        ? "error"
        : s.status === "DELETED" || s.status === "SOFT_DELETED"
          ? "releasing"
          : "building";
  // a server made before the control plane chose machine ids has none recorded: its agent used the server id
  return { serverId: s.id, name: s.name, machineId: s.metadata?.[MACHINE_ID_TAG] ?? s.id, status };
}
