import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import yaml from "js-yaml";
import { agentDownloadUrl } from "../../core/infrastructure/agent-bootstrap.js";
import { DEFAULT_CLOUD_INIT, renderCloudInit } from "../../core/infrastructure/cloud-init.js";
import type { AdminApi } from "./admin-api.js";
import { simulationDescription } from "./markers.js";
import type { PublishedAgent } from "./registration.js";

export const SANDBOX_PROVIDER = "sandbox-bms";
export const SANDBOX_POOL = "sandbox-rack";
const CREDENTIAL_PREFIX = "sandbox-bms";
/** The simulated CCS (OpenStack) cloud's provider cluster: VMs on demand, so Karpenter can autoscale its clusters. */
export const SANDBOX_VM_PROVIDER = "sandbox-ccs";
const VM_CREDENTIAL_PREFIX = "sandbox-ccs";
export const SANDBOX_CCS = {
  region: "RegionOne",
  network: "sandbox-net",
  subnet: "192.168.200.0/24",
  image: "sandbox-ubuntu-2004",
  flavor: "m1.large",
} as const;

export interface TenantOptions {
  api: AdminApi;
  /** where machines download the agent and register (the dev server) */
  apiUrl: string;
  bms: { url: string; secret: string };
  /** the simulated CCS cloud (Keystone URL, application credential) */
  ccs?: { authUrl: string; credentialId: string; credentialSecret: string };
  agent: PublishedAgent;
  managementCluster: string;
  hostsPerProject: number;
  log: (line: string) => void;
}

interface AuditEvent {
  id: string;
  type: string;
  time: string;
  domain?: string;
  project?: string;
}

/**
 * What the simulated data centre offers each tenant:
 *
 * - every domain gets a credential for the simulated Orbiter BMS and a
 *   domain provider cluster `sandbox-bms` on the sandbox's management
 *   cluster, so a cluster of any of its projects can get machines; and one
 *   for the simulated CCS cloud, `sandbox-ccs`, whose VMs Karpenter can add;
 * - every project created while the sandbox runs gets `hostsPerProject`
 *   servers of the pool, booted with the cloud-init an operator would give
 *   them (the real install script, then the real agent registering with
 *   the project's PSK): they show up as host requests to approve.
 *
 * It learns of new domains and projects from the audit trail
 * (`GET /v1/events`), like any other client of the API.
 */
/** The storage profile the sandbox registers in a domain that has none. */
export const SANDBOX_STORAGE_PROFILE = "sandbox-ceph";

/** How long an event that cannot be set up is tried again before it is given up. */
const GIVE_UP_AFTER_MS = 120_000;

export class SandboxTenants {
  private readonly domains = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  private readonly hostCounter = new Map<string, number>();
  /** when setting up an event's tenant first failed, by event id */
  private readonly failures = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: TenantOptions) {}

  /** Sets up every domain that exists now. */
  async adoptExistingDomains(): Promise<string[]> {
    const domains = (await this.o.api.all<{ name: string }>("/v1/domains")).map((d) => d.name);
    await Promise.all(domains.map((d) => this.ensureDomain(d)));
    return domains;
  }

  ensureDomain(domain: string): Promise<void> {
    let p = this.domains.get(domain);
    if (!p) {
      p = this.setUpDomain(domain).catch((e: unknown) => {
        this.domains.delete(domain);
        throw e;
      });
      this.domains.set(domain, p);
    }
    return p;
  }

  /** A credential pointing at this run's simulator, and the provider cluster naming it (a stale one from an earlier run is replaced). */
  private async setUpDomain(domain: string): Promise<void> {
    const { api, bms } = this.o;
    const base = `/v1/domains/${domain}`;
    const creds = await api.all<{ name: string; config: { endpoint?: string } }>(`${base}/credentials`);
    const ours = creds.filter((c) => c.name === CREDENTIAL_PREFIX || c.name.startsWith(`${CREDENTIAL_PREFIX}-`));
    let credential = ours.find((c) => c.config.endpoint === bms.url)?.name;
    if (!credential) {
      credential = ours.some((c) => c.name === CREDENTIAL_PREFIX) ? `${CREDENTIAL_PREFIX}-${randomUUID().slice(0, 8)}` : CREDENTIAL_PREFIX;
      await api.must("POST", `${base}/credentials`, {
        type: "orbiter-bms",
        name: credential,
        description: simulationDescription("the sandbox's simulated Orbiter BMS API (no real hardware)"),
        endpoint: bms.url,
        hardwareAccessSecret: bms.secret,
      });
    }
    const provider = {
      type: "orbiter-bms",
      credential,
      managementCluster: this.o.managementCluster,
      description: simulationDescription("servers of the sandbox's simulated Orbiter BMS pool; each boots and runs the real host agent"),
      defaults: { serverPool: SANDBOX_POOL, cloudInitTemplate: DEFAULT_CLOUD_INIT },
    };
    const existing = await api.call<{ credential: string }>("GET", `${base}/provider-clusters/${SANDBOX_PROVIDER}`);
    if (existing.status === 404) {
      await api.must("POST", `${base}/provider-clusters`, { name: SANDBOX_PROVIDER, ...provider });
    } else if (existing.status === 200 && existing.body.credential !== credential) {
      // left by an earlier run (the tables outlived its simulator): the same provider cluster, this run's credential
      await api.must("PUT", `${base}/provider-clusters/${SANDBOX_PROVIDER}`, provider);
    }
    // the Ceph cluster the domain's clusters keep ckp-block volumes on: the storage plugin's storage profile (simulated:
    // nothing serves these monitors; the storage plugin's pods are the addon double's), unless the domain has one
    const profiles = await api.all<{ name: string }>(`${base}/storage-profiles`);
    if (profiles.length === 0) {
      await api.must("PUT", `${base}/storage-profiles/${SANDBOX_STORAGE_PROFILE}`, {
        description: simulationDescription("a made-up Ceph cluster for the sandbox's clusters (no real storage)"),
        cephClusterId: "5a4d6b0e-0c6f-4f57-9a59-5a4db0e5a4d6",
        monitors: ["10.99.0.11:6789", "10.99.0.12:6789", "10.99.0.13:6789"],
        pool: "ckp-sandbox",
        userId: "ckp-sandbox",
        // the form of a Ceph key, not a real one
        userKey: Buffer.from(`sandbox-${domain}-not-a-real-key`).toString("base64"),
        default: true,
      });
    }
    for (const stale of ours.filter((c) => c.name !== credential)) {
      // best effort: a credential something still names stays (409)
      await api.call("DELETE", `${base}/credentials/${stale.name}`);
    }
    await this.setUpVmProvider(domain);
    await this.publishTemplates(domain);
  }

  /** The cluster templates shipped in cluster-templates/ (docs/templates.md), offered to every project, unless the domain has them. */
  private async publishTemplates(domain: string): Promise<void> {
    const { api } = this.o;
    const dir = resolve(import.meta.dirname, "../../cluster-templates");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const m = yaml.load(readFileSync(resolve(dir, file), "utf8")) as { metadata: { name: string }; spec: Record<string, unknown> };
      const base = `/v1/domains/${domain}/cluster-templates`;
      if ((await api.call("GET", `${base}/${m.metadata.name}`)).status !== 404) continue;
      await api.must("POST", base, { name: m.metadata.name, ...m.spec, offeredTo: { allProjects: true } });
    }
  }

  /** The same for the simulated CCS cloud: a credential for this run's simulator and provider cluster `sandbox-ccs`. */
  private async setUpVmProvider(domain: string): Promise<void> {
    const { api, ccs } = this.o;
    if (!ccs) return;
    const base = `/v1/domains/${domain}`;
    const creds = await api.all<{ name: string; config: { authUrl?: string } }>(`${base}/credentials`);
    const ours = creds.filter((c) => c.name === VM_CREDENTIAL_PREFIX || c.name.startsWith(`${VM_CREDENTIAL_PREFIX}-`));
    let credential = ours.find((c) => c.config.authUrl === ccs.authUrl)?.name;
    if (!credential) {
      credential = ours.some((c) => c.name === VM_CREDENTIAL_PREFIX)
        ? `${VM_CREDENTIAL_PREFIX}-${randomUUID().slice(0, 8)}`
        : VM_CREDENTIAL_PREFIX;
      await api.must("POST", `${base}/credentials`, {
        type: "ccs-openstack",
        name: credential,
        description: simulationDescription("the sandbox's simulated CCS (OpenStack) cloud (no real VMs)"),
        authUrl: ccs.authUrl,
        applicationCredentialId: ccs.credentialId,
        applicationCredentialSecret: ccs.credentialSecret,
        region: SANDBOX_CCS.region,
      });
    }
    const provider = {
      type: "ccs-vm",
      credential,
      managementCluster: this.o.managementCluster,
      description: simulationDescription("VMs of the sandbox's simulated CCS cloud; each boots and runs the real host agent"),
      defaults: {
        images: [{ os: "ubuntu-20.04", arch: "amd64", image: SANDBOX_CCS.image }],
        flavor: SANDBOX_CCS.flavor,
        network: SANDBOX_CCS.network,
      },
    };
    const existing = await api.call<{ credential: string }>("GET", `${base}/provider-clusters/${SANDBOX_VM_PROVIDER}`);
    if (existing.status === 404) await api.must("POST", `${base}/provider-clusters`, { name: SANDBOX_VM_PROVIDER, ...provider });
    else if (existing.status === 200 && existing.body.credential !== credential)
      await api.must("PUT", `${base}/provider-clusters/${SANDBOX_VM_PROVIDER}`, provider);
    for (const stale of ours.filter((c) => c.name !== credential)) await api.call("DELETE", `${base}/credentials/${stale.name}`);
  }

  /**
   * Boots `n` servers of the pool for a project, as an operator would: the
   * simulator allocates each with cloud-init that writes the agent config
   * (the project's PSK) and runs the install script.
   */
  async bootHosts(domain: string, project: string, n = this.o.hostsPerProject): Promise<string[]> {
    if (n <= 0) return [];
    const { api, agent, bms } = this.o;
    const { psk } = await api.must<{ psk: string }>("GET", `/v1/domains/${domain}/projects/${project}/host-psk`);
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = `${domain}/${project}`;
      const next = (this.hostCounter.get(k) ?? 0) + 1;
      this.hostCounter.set(k, next);
      const hostname = `${project}-node-${next}`.slice(0, 63);
      const userData = renderCloudInit(DEFAULT_CLOUD_INIT, {
        hostname,
        machineId: randomUUID(),
        clusterId: "",
        clusterName: "",
        agent: {
          apiUrl: this.o.apiUrl,
          domain,
          project,
          psk,
          build: { version: agent.version, sha256: agent.sha256, url: agentDownloadUrl(this.o.apiUrl, agent.sha256) },
        },
      });
      const res = await fetch(`${bms.url}/v1/pools/${SANDBOX_POOL}/allocations`, {
        method: "POST",
        headers: { authorization: `Bearer ${bms.secret}`, "content-type": "application/json" },
        body: JSON.stringify({
          name: `rack-${domain}-${project}-${next}-${randomUUID().slice(0, 6)}`,
          os: "ubuntu-20.04",
          arch: "amd64",
          labels: { "sandbox.ckp.io/rack": "true" },
          userData: Buffer.from(userData).toString("base64"),
        }),
      });
      if (res.status !== 201) throw new Error(`the simulated BMS refused a server for ${k}: ${res.status} ${await res.text()}`);
      names.push(hostname);
    }
    return names;
  }

  /** Follows the audit trail for domains and projects created from now on. */
  watch(since: Date, everyMs = 2_000): void {
    let from = since.toISOString();
    const poll = async () => {
      const events = await this.o.api.all<AuditEvent>(
        `/v1/events?type=ckp.domain.created,ckp.project.created&from=${encodeURIComponent(from)}`,
      );
      for (const e of events.reverse()) {
        if (this.seen.has(e.id) || this.stopped) continue;
        try {
          await this.adopt(e);
          this.seen.add(e.id);
        } catch (err) {
          const firstFailed = this.failures.get(e.id) ?? Date.now();
          this.failures.set(e.id, firstFailed);
          this.o.log(`sandbox: could not set up ${e.domain}${e.project ? `/${e.project}` : ""}: ${(err as Error).message}`);
          // a tenant that keeps failing (deleted meanwhile, say) is given up after two minutes of tries: long
          // enough for a control plane busy or briefly unavailable (a 503) to answer again
          if (Date.now() - firstFailed > GIVE_UP_AFTER_MS) this.seen.add(e.id);
        }
      }
      // the next poll starts at the oldest event still to retry, else at the newest seen (from is inclusive)
      const next = events.find((e) => !this.seen.has(e.id))?.time ?? events.at(-1)?.time;
      if (next && next > from) from = next;
    };
    const tick = () => {
      if (this.stopped) return;
      this.polling = poll()
        .catch((e: unknown) => this.o.log(`sandbox: ${(e as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, everyMs);
        });
    };
    tick();
  }

  private async adopt(e: AuditEvent): Promise<void> {
    if (!e.domain) return;
    await this.ensureDomain(e.domain);
    if (e.type === "ckp.project.created" && e.project) {
      const hosts = await this.bootHosts(e.domain, e.project);
      if (hosts.length) this.o.log(`sandbox: ${hosts.length} simulated servers boot for ${e.domain}/${e.project}: ${hosts.join(", ")}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }
}
