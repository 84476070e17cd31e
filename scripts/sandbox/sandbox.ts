import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { capiBuilt, startManagementCluster } from "../capi/run.js";
import { kubeBinDir } from "../kube/apiserver.js";
import { AdminApi } from "./admin-api.js";
import { managementControllers } from "./controllers.js";
import { startSandboxIdentity } from "./identity.js";
import { SIMULATION_FACT, SIMULATION_FACT_VALUE } from "./markers.js";
import { publishAgentRelease, publishBundles, registerManagementCluster, SANDBOX_MANAGEMENT_CLUSTER } from "./registration.js";
import { SANDBOX_CCS, SANDBOX_POOL, SANDBOX_PROVIDER, SANDBOX_VM_PROVIDER, SandboxTenants } from "./tenants.js";

/**
 * The sandbox: a simulated data centre beside the local control plane, so
 * the main job — a cluster from an empty project to Ready — runs on a
 * laptop. It starts
 *
 * 1. a management cluster: the real kube-apiserver + etcd the tests build
 *    (scripts/kube/build.sh), with every CRD of ../shared/crds;
 * 2. the controllers that act on it (scripts/sandbox/controllers.ts: the
 *    simulated CAPI/BYOH/Kamaji controllers today, one replaceable piece);
 * 3. a simulated Orbiter BMS pool (test/doubles/orbiter-bms-simulator.ts)
 *    whose servers run the real install script and the real host agent,
 *    and a simulated CCS (OpenStack) cloud whose VMs do the same
 *    (test/doubles/openstack-simulator.ts) — the provider Karpenter needs;
 *
 * and registers all of it through the public API (agent release, BYOH
 * bundles, management cluster, per domain a credential and a provider
 * cluster), each labelled a simulation (scripts/sandbox/markers.ts). It
 * also creates a demo tenant, `sandbox/demo`, ready for the cluster wizard.
 */
export interface SandboxOptions {
  apiUrl: string;
  adminToken: string;
  stateDir: string;
  /** SST_RESOURCE_* of the control plane, for the artifacts bucket */
  resources: Record<string, string>;
  /** servers booted for each new project (CKP_SANDBOX_HOSTS_PER_PROJECT, default 3) */
  hostsPerProject?: number;
  /** servers in the simulated pool (CKP_SANDBOX_SERVERS, default 32) */
  servers?: number;
  /** CKP_SANDBOX_CONTROLLERS (default "simulated") */
  controllers?: string;
  /** start the sandbox's identity provider (CKP_SANDBOX_IDP, default on) */
  identityProvider?: boolean;
  /** how long the simulated controllers take per change (CKP_SANDBOX_CONTROLLER_DELAY_MS, default 1500) */
  controllerDelayMs?: number;
  crdDir?: string;
  log: (line: string) => void;
}

export interface SandboxSummary {
  managementCluster: { name: string; id: string; server: string };
  controllers: string;
  bms: { url: string; pool: string; servers: number };
  provider: string;
  /** the simulated CCS cloud's provider cluster, whose clusters can run Karpenter */
  vmProvider: { name: string; authUrl: string };
  demo: { domain: string; project: string; group: string };
  hostsPerProject: number;
  agent: { version: string; sha256: string };
  /** the identity provider people sign in with (absent with CKP_SANDBOX_IDP=0) */
  identityProvider?: { name: string; issuer: string; signIns: ReadonlyArray<{ user: string; password: string; reach: string }> };
  startedInMs: number;
}

export const DEMO = { domain: "sandbox", project: "demo", group: "workers" } as const;

const repoRoot = resolve(import.meta.dirname, "../..");

/** Why the sandbox cannot start here, with what to do about it; undefined when it can. */
export function sandboxUnavailable(crdDir: string): string | undefined {
  const bin = kubeBinDir();
  if (!existsSync(join(bin, "kube-apiserver")) || !existsSync(join(bin, "etcd"))) {
    return `the sandbox needs the kube-apiserver and etcd binaries (looked in ${bin}): build them once with \`bash scripts/kube/build.sh\` (about 10–20 min, cached), then start again; CKP_SANDBOX=0 starts the control plane without the sandbox and without this message`;
  }
  if (!existsSync(crdDir)) return `the sandbox needs the CAPI CRDs at ${crdDir} (CKP_CRD_DIR to point elsewhere)`;
  if (!capiBuilt()) {
    return "the sandbox runs Cluster API's own managers (core, kubeadm bootstrap, BYOH): build them once with `bash scripts/capi/build.sh` (about 10–20 min, cached), then start again; CKP_SANDBOX=0 starts the control plane without the sandbox and without this message";
  }
  return undefined;
}

export class Sandbox {
  private readonly stoppers: Array<() => Promise<void>> = [];
  private stopping = false;
  summary: SandboxSummary | undefined;

  constructor(private readonly o: SandboxOptions) {}

  /** Starts everything; a stop() meanwhile ends the start early and stops what had started. */
  async start(): Promise<SandboxSummary> {
    const started = Date.now();
    const o = this.o;
    const crdDir = o.crdDir ?? process.env.CKP_CRD_DIR ?? resolve(repoRoot, "../shared/crds");
    const why = sandboxUnavailable(crdDir);
    if (why) throw new SandboxUnavailable(why);
    const api = new AdminApi(o.apiUrl, o.adminToken);
    const workDir = join(o.stateDir, "sandbox");

    // kube-apiserver, etcd, kube-controller-manager and Cluster API's own managers (core, kubeadm bootstrap, BYOH)
    const management = await startManagementCluster({ crdDir, workDir: join(workDir, "management") });
    this.stoppers.push(() => management.stop());
    const kube = management.api;
    this.checkNotStopping();

    const controllers = managementControllers(o.controllers ?? "simulated", {
      ...(o.controllerDelayMs !== undefined ? { delayMs: o.controllerDelayMs } : {}),
      log: o.log,
    });
    await controllers.start(kube);
    this.stoppers.push(() => controllers.stop());
    this.checkNotStopping();

    const { OrbiterBmsSimulator } = await import("../../test/doubles/orbiter-bms-simulator.js");
    const servers = o.servers ?? 32;
    const secret = randomBytes(24).toString("base64url");
    const bms = new OrbiterBmsSimulator({
      secret,
      pools: { [SANDBOX_POOL]: { servers, cpus: 8, memoryBytes: 16 * 1024 ** 3 } },
      bootDelayMs: 500,
      // the agent keeps running after it registers: heartbeats, the WebSocket, live host status
      agentRuns: true,
      facts: { [SIMULATION_FACT]: SIMULATION_FACT_VALUE },
    });
    const bmsUrl = await bms.start();
    this.stoppers.push(() => bms.stop());
    this.checkNotStopping();

    // a simulated CCS (OpenStack) cloud: VMs on demand, whose clusters Karpenter can autoscale (docs/autoscaling.md)
    const { OpenStackSimulator } = await import("../../test/doubles/openstack-simulator.js");
    const ccsCredential = { id: "sandbox-application-credential", secret: randomBytes(24).toString("base64url") };
    const ccs = new OpenStackSimulator({
      applicationCredential: ccsCredential,
      region: SANDBOX_CCS.region,
      networks: [{ name: SANDBOX_CCS.network, subnets: [{ cidr: SANDBOX_CCS.subnet }] }],
      images: [{ name: SANDBOX_CCS.image, architecture: "x86_64", osDistro: "ubuntu", osVersion: "20.04" }],
      flavors: [{ name: SANDBOX_CCS.flavor, vcpus: 4, ramMb: 8192 }],
      bootDelayMs: 500,
      agentRuns: true,
      facts: { [SIMULATION_FACT]: SIMULATION_FACT_VALUE },
    });
    await ccs.start();
    this.stoppers.push(() => ccs.stop());
    this.checkNotStopping();

    const artifactsBucket = (JSON.parse(o.resources.SST_RESOURCE_ArtifactsBucket ?? "{}") as { name?: string }).name;
    if (!artifactsBucket) throw new Error("the control plane named no artifacts bucket (SST_RESOURCE_ArtifactsBucket)");
    const [agent] = await Promise.all([publishAgentRelease(api, { artifactsBucket, workDir }), publishBundles(api)]);
    const mc = await registerManagementCluster(api, kube, controllers.description);
    this.checkNotStopping();

    const hostsPerProject = o.hostsPerProject ?? 3;
    const tenants = new SandboxTenants({
      api,
      apiUrl: o.apiUrl,
      bms: { url: bmsUrl, secret },
      ccs: { authUrl: ccs.authUrl, credentialId: ccsCredential.id, credentialSecret: ccsCredential.secret },
      agent,
      managementCluster: SANDBOX_MANAGEMENT_CLUSTER,
      hostsPerProject,
      log: o.log,
    });
    this.stoppers.push(() => tenants.stop());
    const watchFrom = new Date();
    await this.demoTenant(api, tenants);
    await tenants.adoptExistingDomains();
    tenants.watch(watchFrom);
    const identity = o.identityProvider === false ? undefined : await startSandboxIdentity(api, { consoleUrl: o.apiUrl, demo: DEMO });
    if (identity) this.stoppers.push(() => identity.stop());

    this.summary = {
      managementCluster: { name: SANDBOX_MANAGEMENT_CLUSTER, id: mc.id, server: kube.server },
      controllers: controllers.description,
      bms: { url: bmsUrl, pool: SANDBOX_POOL, servers },
      provider: SANDBOX_PROVIDER,
      vmProvider: { name: SANDBOX_VM_PROVIDER, authUrl: ccs.authUrl },
      demo: { ...DEMO },
      hostsPerProject,
      agent,
      ...(identity ? { identityProvider: { name: identity.name, issuer: identity.issuer, signIns: identity.signIns } } : {}),
      startedInMs: Date.now() - started,
    };
    return this.summary;
  }

  /** `sandbox/demo`: hosts approve themselves, and the group `workers` is ready for the wizard (empty: the pool provides). */
  private async demoTenant(api: AdminApi, tenants: SandboxTenants): Promise<void> {
    const { domain, project, group } = DEMO;
    const d = await api.call("POST", "/v1/domains", { name: domain, displayName: "Sandbox (simulated data centre)" });
    if (d.status !== 201 && d.status !== 409) throw new Error(`creating domain ${domain}: ${d.status} ${JSON.stringify(d.body)}`);
    await tenants.ensureDomain(domain);
    const p = await api.call("POST", `/v1/domains/${domain}/projects`, {
      name: project,
      displayName: "Demo project",
      autoApproveHosts: true,
    });
    if (p.status !== 201 && p.status !== 409)
      throw new Error(`creating project ${domain}/${project}: ${p.status} ${JSON.stringify(p.body)}`);
    const g = await api.call("POST", `/v1/domains/${domain}/projects/${project}/host-groups`, {
      name: group,
      description: "workers for the demo's clusters; the sandbox's pool provides machines when it has too few",
    });
    if (g.status !== 201 && g.status !== 409) throw new Error(`creating host group ${group}: ${g.status} ${JSON.stringify(g.body)}`);
  }

  private checkNotStopping(): void {
    if (this.stopping) throw new SandboxUnavailable("stopped while starting");
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const stop of this.stoppers.splice(0).reverse()) {
      await stop().catch((e: unknown) => this.o.log(`sandbox: stopping: ${(e as Error).message}`));
    }
  }
}

/** The sandbox cannot run here (or was stopped while starting); the message says what to do. */
export class SandboxUnavailable extends Error {}
