import { randomBytes, randomUUID } from "node:crypto";
import { HttpDouble, type Reply, type RouteRequest } from "./http-double.js";
import { BootedMachine } from "./machine-agent.js";

/**
 * Test double of an OpenStack-compatible cloud (the CCS VM provider, product
 * §8.2), on loopback: the subset of the APIs core/infrastructure/ccs-vm.ts
 * uses, with OpenStack's paths, bodies and status codes.
 *
 *   Keystone  POST /identity/v3/auth/tokens (application_credential) → X-Subject-Token + catalog
 *   Nova      /compute/v2.1: GET /flavors/detail, POST /servers, GET /servers/detail?name=<regex>,
 *             GET /servers/{id}, DELETE /servers/{id}
 *   Neutron   /network: GET /v2.0/networks?name=|id=, GET /v2.0/subnets?network_id=,
 *             GET|POST /v2.0/security-groups, DELETE /v2.0/security-groups/{id},
 *             POST /v2.0/security-group-rules (409 for a duplicate)
 *   Glance    /image: GET /v2/images?name=, GET /v2/images/{id}
 *
 * A created server is BUILD, then ACTIVE after `bootDelayMs`, when a
 * machine double runs its user data (test/doubles/machine-agent.ts): the
 * install script downloads the real agent from the control plane, and the
 * agent registers with the machine id the control plane put into it.
 */
export interface OpenStackSimulatorOptions {
  applicationCredential: { id: string; secret: string };
  region: string;
  networks: Array<{ name: string; subnets: Array<{ cidr: string; ipVersion?: 4 | 6 }> }>;
  images: Array<{ name: string; architecture: "x86_64" | "aarch64"; osDistro: string; osVersion: string }>;
  flavors: Array<{ name: string; vcpus: number; ramMb: number }>;
  bootDelayMs?: number;
  /** false: booted servers never run their user data (a broken image) */
  agentRegisters?: boolean;
  /** booted servers also start the agent's `run` after registering */
  agentRuns?: boolean;
  /** extra facts every booted machine reports (the sandbox marks its machines as simulated) */
  facts?: Record<string, unknown>;
}

interface Server {
  id: string;
  name: string;
  status: "BUILD" | "ACTIVE" | "ERROR";
  flavorId: string;
  imageId: string;
  networkId: string;
  securityGroups: string[];
  metadata: Record<string, string>;
  userData: string;
}

interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  rules: Array<Record<string, unknown> & { id: string }>;
}

export class OpenStackSimulator {
  readonly http = new HttpDouble();
  readonly servers = new Map<string, Server>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  /** booted servers by id (deleted ones are wiped and removed) */
  readonly machines = new Map<string, BootedMachine>();
  private readonly tokens = new Set<string>();
  private readonly networks: Array<{
    id: string;
    name: string;
    subnets: Array<{ id: string; network_id: string; cidr: string; ip_version: number }>;
  }>;
  private readonly images: Array<{ id: string; name: string; architecture: string; os_distro: string; os_version: string; status: string }>;
  private readonly flavors: Array<{ id: string; name: string; vcpus: number; ram: number }>;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: OpenStackSimulatorOptions) {
    this.networks = o.networks.map((n) => {
      const id = randomUUID();
      return {
        id,
        name: n.name,
        subnets: n.subnets.map((s) => ({ id: randomUUID(), network_id: id, cidr: s.cidr, ip_version: s.ipVersion ?? 4 })),
      };
    });
    this.images = o.images.map((i) => ({
      id: randomUUID(),
      name: i.name,
      architecture: i.architecture,
      os_distro: i.osDistro,
      os_version: i.osVersion,
      status: "active",
    }));
    this.flavors = o.flavors.map((f) => ({ id: randomUUID(), name: f.name, vcpus: f.vcpus, ram: f.ramMb }));
    const h = this.http;
    h.route("POST", /^\/identity\/v3\/auth\/tokens$/, (r) => this.authenticate(r));
    h.route("GET", /^\/compute\/v2\.1\/flavors\/detail$/, (r) => this.authed(r, () => ({ status: 200, body: { flavors: this.flavors } })));
    h.route("POST", /^\/compute\/v2\.1\/servers$/, (r) => this.authed(r, () => this.createServer(r.body)));
    h.route("GET", /^\/compute\/v2\.1\/servers\/detail$/, (r) => this.authed(r, () => this.listServers(r.query.get("name"))));
    h.route("GET", /^\/compute\/v2\.1\/servers\/([^/]+)$/, (r) => this.authed(r, () => this.getServer(r.params[0] as string)));
    h.route("DELETE", /^\/compute\/v2\.1\/servers\/([^/]+)$/, (r) => this.authed(r, () => this.deleteServer(r.params[0] as string)));
    h.route("GET", /^\/network\/v2\.0\/networks$/, (r) => this.authed(r, () => this.listNetworks(r.query)));
    h.route("GET", /^\/network\/v2\.0\/subnets$/, (r) => this.authed(r, () => this.listSubnets(r.query.get("network_id"))));
    h.route("GET", /^\/network\/v2\.0\/security-groups$/, (r) => this.authed(r, () => this.listGroups(r.query.get("name"))));
    h.route("POST", /^\/network\/v2\.0\/security-groups$/, (r) => this.authed(r, () => this.createGroup(r.body)));
    h.route("DELETE", /^\/network\/v2\.0\/security-groups\/([^/]+)$/, (r) => this.authed(r, () => this.deleteGroup(r.params[0] as string)));
    h.route("POST", /^\/network\/v2\.0\/security-group-rules$/, (r) => this.authed(r, () => this.createRule(r.body)));
    h.route("GET", /^\/image\/v2\/images$/, (r) =>
      this.authed(r, () => ({
        status: 200,
        body: { images: this.images.filter((i) => !r.query.get("name") || i.name === r.query.get("name")) },
      })),
    );
    h.route("GET", /^\/image\/v2\/images\/([^/]+)$/, (r) =>
      this.authed(r, () => {
        const i = this.images.find((x) => x.id === r.params[0]);
        return i ? { status: 200, body: i } : { status: 404, body: { message: "image not found" } };
      }),
    );
  }

  start(): Promise<string> {
    return this.http.start();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.machines.values()].map((m) => m.stop()));
    this.machines.clear();
    await this.http.stop();
  }

  /** Keystone's auth URL for a credential. */
  get authUrl(): string {
    return `${this.http.url}/identity`;
  }

  imageId(name: string): string | undefined {
    return this.images.find((i) => i.name === name)?.id;
  }

  private authenticate(r: RouteRequest): Reply {
    const ac = r.body?.auth?.identity?.application_credential;
    const methods = r.body?.auth?.identity?.methods;
    if (!Array.isArray(methods) || !methods.includes("application_credential"))
      return { status: 400, body: { error: { code: 400, message: "unsupported auth method" } } };
    if (ac?.id !== this.o.applicationCredential.id || ac?.secret !== this.o.applicationCredential.secret) {
      return { status: 401, body: { error: { code: 401, message: "The request you have made requires authentication." } } };
    }
    const token = randomBytes(16).toString("hex");
    this.tokens.add(token);
    const ep = (type: string, path: string) => ({
      type,
      endpoints: [
        { interface: "public", region: this.o.region, region_id: this.o.region, url: `${this.http.url}${path}` },
        { interface: "internal", region: this.o.region, region_id: this.o.region, url: "http://internal.invalid" },
      ],
    });
    return {
      status: 201,
      headers: { "x-subject-token": token },
      body: {
        token: {
          methods: ["application_credential"],
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          catalog: [ep("compute", "/compute/v2.1"), ep("network", "/network"), ep("image", "/image"), ep("identity", "/identity")],
        },
      },
    };
  }

  private authed(r: RouteRequest, then: () => Reply): Reply {
    if (!this.tokens.has(String(r.headers["x-auth-token"])))
      return { status: 401, body: { error: { code: 401, message: "invalid token" } } };
    return then();
  }

  private createServer(body: any): Reply {
    const s = body?.server;
    if (!s?.name || !s.flavorRef || !s.imageRef || !Array.isArray(s.networks))
      return { status: 400, body: { badRequest: { code: 400, message: "name, flavorRef, imageRef and networks are required" } } };
    const flavor = this.flavors.find((f) => f.id === s.flavorRef);
    const image = this.images.find((i) => i.id === s.imageRef);
    const network = this.networks.find((n) => n.id === s.networks[0]?.uuid);
    if (!flavor || !image || !network)
      return { status: 400, body: { badRequest: { code: 400, message: "unknown flavor, image or network" } } };
    const groups: string[] = (s.security_groups ?? []).map((g: { name: string }) => g.name);
    for (const g of groups) {
      if (![...this.securityGroups.values()].some((x) => x.name === g))
        return { status: 400, body: { badRequest: { code: 400, message: `Security group ${g} not found` } } };
    }
    const server: Server = {
      id: randomUUID(),
      name: s.name,
      status: "BUILD",
      flavorId: flavor.id,
      imageId: image.id,
      networkId: network.id,
      securityGroups: groups,
      metadata: s.metadata ?? {},
      userData: s.user_data ?? "",
    };
    this.servers.set(server.id, server);
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.boot(server, flavor, image);
    }, this.o.bootDelayMs ?? 50);
    this.timers.add(t);
    return { status: 202, body: { server: { id: server.id, links: [], adminPass: randomBytes(6).toString("hex") } } };
  }

  private async boot(
    s: Server,
    flavor: { vcpus: number; ram: number },
    image: { architecture: string; os_distro: string; os_version: string },
  ): Promise<void> {
    if (!this.servers.has(s.id)) return;
    s.status = "ACTIVE";
    if (this.o.agentRegisters === false || !s.userData) return;
    const machine = new BootedMachine(s.name, {
      facts: {
        os: { id: image.os_distro, version: image.os_version },
        arch: image.architecture,
        cpus: flavor.vcpus,
        memoryBytes: flavor.ram * 1024 ** 2,
        provider: "ccs-vm",
        ...this.o.facts,
      },
      ...(this.o.agentRuns ? { runAgent: true } : {}),
    });
    this.machines.set(s.id, machine);
    await machine.boot(s.userData);
  }

  private listServers(name: string | null): Reply {
    const re = name ? new RegExp(name) : undefined;
    const servers = [...this.servers.values()].filter((s) => !re || re.test(s.name)).map(serverView);
    return { status: 200, body: { servers } };
  }

  private getServer(id: string): Reply {
    const s = this.servers.get(id);
    return s
      ? { status: 200, body: { server: serverView(s) } }
      : { status: 404, body: { itemNotFound: { code: 404, message: "Instance could not be found." } } };
  }

  private deleteServer(id: string): Reply {
    if (!this.servers.delete(id)) return { status: 404, body: { itemNotFound: { code: 404, message: "Instance could not be found." } } };
    void this.machines.get(id)?.stop();
    this.machines.delete(id);
    return { status: 204 };
  }

  private listNetworks(q: URLSearchParams): Reply {
    const networks = this.networks
      .filter((n) => (!q.get("name") || n.name === q.get("name")) && (!q.get("id") || n.id === q.get("id")))
      .map((n) => ({ id: n.id, name: n.name, subnets: n.subnets.map((s) => s.id), status: "ACTIVE" }));
    return { status: 200, body: { networks } };
  }

  private listSubnets(networkId: string | null): Reply {
    return {
      status: 200,
      body: { subnets: this.networks.flatMap((n) => n.subnets).filter((s) => !networkId || s.network_id === networkId) },
    };
  }

  private listGroups(name: string | null): Reply {
    return {
      status: 200,
      body: { security_groups: [...this.securityGroups.values()].filter((g) => !name || g.name === name).map(groupView) },
    };
  }

  private createGroup(body: any): Reply {
    const g = body?.security_group;
    if (!g?.name) return { status: 400, body: { NeutronError: { type: "HTTPBadRequest", message: "name is required" } } };
    const sg: SecurityGroup = { id: randomUUID(), name: g.name, description: g.description ?? "", rules: [] };
    this.securityGroups.set(sg.id, sg);
    return { status: 201, body: { security_group: groupView(sg) } };
  }

  private deleteGroup(id: string): Reply {
    const g = this.securityGroups.get(id);
    if (!g)
      return { status: 404, body: { NeutronError: { type: "SecurityGroupNotFound", message: `Security group ${id} does not exist` } } };
    if ([...this.servers.values()].some((s) => s.securityGroups.includes(g.name))) {
      return { status: 409, body: { NeutronError: { type: "SecurityGroupInUse", message: `Security Group ${id} in use.` } } };
    }
    this.securityGroups.delete(id);
    return { status: 204 };
  }

  private createRule(body: any): Reply {
    const r = body?.security_group_rule;
    const g = r ? this.securityGroups.get(r.security_group_id) : undefined;
    if (!g) return { status: 404, body: { NeutronError: { type: "SecurityGroupNotFound", message: "Security group not found" } } };
    const { security_group_id: _id, ...rule } = r;
    const same = g.rules.find((x) => JSON.stringify({ ...x, id: undefined }) === JSON.stringify({ ...rule, id: undefined }));
    if (same)
      return {
        status: 409,
        body: { NeutronError: { type: "SecurityGroupRuleExists", message: `Security group rule already exists. Rule id is ${same.id}.` } },
      };
    const created = { ...rule, id: randomUUID() };
    g.rules.push(created);
    return { status: 201, body: { security_group_rule: { ...created, security_group_id: g.id } } };
  }
}

function serverView(s: Server) {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    metadata: s.metadata,
    flavor: { id: s.flavorId },
    image: { id: s.imageId },
    security_groups: s.securityGroups.map((name) => ({ name })),
  };
}

function groupView(g: SecurityGroup) {
  return { id: g.id, name: g.name, description: g.description, security_group_rules: g.rules };
}
