import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startManagementCluster } from "../../scripts/capi/run.js";
import type { KubeApiserver } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../../test/doubles/orbiter-bms-simulator.js";
import { type ClusterDoubles, clusterDoubles, TEST_CEPH, TEST_CEPH_KEY } from "../../test/support/addons.js";
import { BMS_TEMPLATE } from "../../test/support/clusters.js";
import { SoakAgents } from "./agents.js";
import { SoakClient } from "./client.js";
import { ALL_FAULTS, FaultInjector, type FaultKind, type FaultInjector as FI } from "./faults.js";
import {
  checkAcknowledgedWrites,
  checkClusters,
  checkEvents,
  checkOutageAnswers,
  checkWorkload,
  dlqContents,
  type InvariantResult,
} from "./invariants.js";
import { Prng } from "./prng.js";
import { FaultProxy } from "./proxy.js";
import { type ReplayRun, runReplay } from "./replay.js";
import type { SoakReport } from "./report.js";
import { SoakSystem, sleep } from "./system.js";
import { Workload } from "./workload.js";

export interface SoakOptions {
  minutes: number;
  seed: number;
  /** the management cluster: one already running (the kube tier's), "start" one of our own (with the CAPI managers), or none (no clusters) */
  kube: Pick<KubeApiserver, "server" | "caData" | "token" | "kubeconfigPath"> | "start" | "none";
  crdDir?: string;
  faults?: FaultKind[];
  /** seconds between faults: a seeded gap in [min, max] */
  faultGapSeconds?: [number, number];
  /** how long, after the faults stop, clusters get to reach Ready, Failed or deleted */
  settleMinutes?: number;
  maxLiveClusters?: number;
  replay?: { rate: number; everySeconds: number; maxRuns: number; timeoutSeconds: number };
  /** real host agent processes registering in the first project, then reporting (default 3; 0: none) */
  agents?: number;
  log?: (line: string) => void;
}

export interface SoakResult extends SoakReport {
  violationCount: number;
}

const VERSION = "v1.31.2";

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? ((l: string) => console.log(`[soak] ${l}`));
  const rng = new Prng(o.seed);
  const workRng = rng.fork("workload");
  const faultRng = rng.fork("faults");
  const workDir = mkdtempSync(join(tmpdir(), "ckp-soak-"));
  const stage = `soak${o.seed.toString(36)}x${Date.now().toString(36)}`;
  const sys = new SoakSystem(workDir, { stage, adminToken: `soak-admin-${randomBytes(16).toString("hex")}` }, log);
  let mgmt: Awaited<ReturnType<typeof startManagementCluster>> | undefined;
  let proxy: FaultProxy | undefined;
  let doubles: ClusterDoubles | undefined;
  let agents: SoakAgents | undefined;
  // the provider's API (a simulator: Orbiter BMS cannot run here); clusters take hosts from groups, but deleting one asks the provider what it allocated
  const bms = new OrbiterBmsSimulator({ secret: "soak-hw-secret", pools: { p: { servers: 4 } }, bootDelayMs: 20 });
  const started = Date.now();
  try {
    log(`seed ${o.seed}, ${o.minutes} min, work dir ${workDir}`);
    await sys.startEngines();
    sys.useEngines();
    await sys.startControlPlane();

    let kube: Pick<KubeApiserver, "server" | "caData" | "token" | "kubeconfigPath"> | undefined;
    if (o.kube === "start") {
      mgmt = await startManagementCluster({ crdDir: o.crdDir ?? resolve(import.meta.dirname, "../../../shared/crds") });
      kube = mgmt.api;
    } else if (o.kube !== "none") kube = o.kube;

    const faults: FaultKind[] = (o.faults ?? ALL_FAULTS)
      .filter((f) => kube || !f.startsWith("management-cluster"))
      // the apiserver is killed only when it is the soak's own (the kube tier's serves other tests)
      .filter((f) => f !== "kill-management-apiserver" || mgmt)
      .filter((f) => f !== "kill-host-agent" || (o.agents ?? 3) > 0);
    const domain = `soak-${o.seed.toString(36)}-${randomBytes(2).toString("hex")}`;
    const client = new SoakClient(
      () => sys.cp?.url ?? "http://127.0.0.1:9",
      sys.adminToken,
      () => [...(injector?.active ?? [])],
    );
    let injector: FI | undefined;
    const w = new Workload(
      client,
      workRng,
      { clusters: kube ? { providerCluster: "bms", version: VERSION } : undefined, maxLiveClusters: o.maxLiveClusters ?? 2 },
      log,
    );
    await w.setUp(domain, ["p1", "p2"]);
    const agentProject = w.projects[0] as (typeof w.projects)[number];
    if ((o.agents ?? 3) > 0) {
      agents = new SoakAgents(o.agents ?? 3, join(workDir, "agents"), client, rng.fork("agents"), () => sys.cp?.url ?? "", log);
      await agents.start(agentProject);
    }

    if (kube) {
      const url = new URL(kube.server);
      proxy = new FaultProxy(url.hostname, Number(url.port));
      const port = await proxy.start();
      const kubeconfig = readFileSync(kube.kubeconfigPath, "utf8").replaceAll(kube.server, `https://${url.hostname}:${port}`);
      await bms.start();
      await setUpClusters(client, domain, kubeconfig, bms.http.url);
      doubles = clusterDoubles(kube, { matches: (l) => l["ckp.io/domain"] === domain, shared: true, intervalMs: 500 });
      doubles.start();
    }
    injector = new FaultInjector(sys, proxy, faultRng, faults, log);
    const killed = injector.dynamoKilledAt;
    w.dynamoKilledAt = () => killed;
    // the BYOH bundle manifest lives in S3: on AWS it stays, LocalStack loses it (without it every create is 422 cluster.bundle-missing)
    if (kube) injector.onLocalStackRestart = () => publishBundle(client);
    if (agents) {
      const running = agents;
      injector.killHostAgent = (outage) => running.killOne(outage, agentProject);
    }
    if (mgmt) {
      const own = mgmt.api;
      injector.restartManagementApiserver = () => own.restartApiserver();
    }

    const endAt = Date.now() + o.minutes * 60_000;
    const recoveries: number[] = [];
    const replays: ReplayRun[] = [];
    let stopping = false;

    // the workload: two users at once, each a seeded stream of actions with seeded think times
    const actors = [0, 1].map(async (i) => {
      const think = workRng.fork(`think${i}`);
      while (!stopping) {
        await w.step();
        await sleep(think.int(100, 600));
      }
    });

    // the faults: one at a time, a seeded gap before each, the recovery measured after it
    const [gapMin, gapMax] = o.faultGapSeconds ?? [10, 40];
    const faultLoop = (async () => {
      if (faults.length === 0) return;
      for (;;) {
        await sleep(faultRng.int(gapMin, gapMax) * 1000);
        if (Date.now() > endAt - 5_000) return;
        const rec = await (injector as FI).inject();
        rec.recoveryMs = await probe(client, w, rec.endedAt);
        if (rec.recoveryMs !== undefined) recoveries.push(rec.recoveryMs);
        log(`  ${rec.kind}: out ${rec.outageMs} ms, recovered ${rec.recoveryMs} ms after`);
      }
    })();

    const replayLoop = (async () => {
      const r = o.replay ?? { rate: 20, everySeconds: 60, maxRuns: 3, timeoutSeconds: 60 };
      for (let n = 0; n < r.maxRuns; n++) {
        await sleep(r.everySeconds * 1000);
        if (Date.now() > endAt - r.timeoutSeconds * 1000) return;
        const run = await runReplay(sys, domain, { rate: r.rate, timeoutMs: r.timeoutSeconds * 1000 });
        replays.push(run);
        log(`  replay: exit ${run.exitCode}${run.killed ? " (killed at its time bound)" : ""} in ${run.ms} ms: ${run.summary}`);
      }
    })();

    while (Date.now() < endAt) await sleep(1000);
    stopping = true;
    log("run over: waiting for the last fault, then the settle");
    await faultLoop;
    await Promise.all(actors);
    await replayLoop;
    const runMs = Date.now() - started;

    // settle: clusters reach Ready, Failed or gone; then the checks
    const settleUntil = Date.now() + (o.settleMinutes ?? 5) * 60_000;
    const settleStarted = Date.now();
    for (;;) {
      const pending = await clustersInFlight(client, w);
      if (pending === 0 || Date.now() > settleUntil) break;
      await sleep(3000);
    }
    const settleMs = Date.now() - settleStarted;
    log(`settled in ${settleMs} ms`);

    const invariants: InvariantResult[] = [];
    invariants.push(...(await checkAcknowledgedWrites(client, w)));
    invariants.push(await checkClusters(client, w));
    // the relay may still be catching up: the archive check is retried for a minute
    let events: InvariantResult | undefined;
    for (let i = 0; i < 12; i++) {
      events = await checkEvents(sys.cp?.env ?? {}, stage, domain, sys.localstackStartedAt);
      if (events.violations.length === 0) break;
      await sleep(5000);
    }
    invariants.push(events as InvariantResult);
    invariants.push(checkOutageAnswers(client, injector, w));
    invariants.push(checkWorkload(w));
    if (agents) invariants.push(await agents.check(agentProject));
    invariants.push({
      name: "the control plane's process never exited but when a fault killed it",
      checked: 1,
      violations: [...sys.unexpectedExits],
    });
    const dlq = await dlqContents(stage);
    if (doubles) for (const e of doubles.errors().slice(0, 5)) log(`double: ${e}`);

    const report: SoakReport = {
      seed: o.seed,
      minutes: o.minutes,
      runMs,
      settleMs,
      requests: { ...client.counts },
      byStatus: { ...client.byStatus },
      actions: { ...w.actions },
      unknownOutcomes: w.unknownOutcomes,
      lostWithEngine: [...w.lostWithEngine],
      faults: injector.records,
      faultKinds: faults,
      recoveries,
      invariants,
      dlq,
      replays,
      clusters: w.projects.reduce((a, p) => a + p.clusters.size, 0),
      events: invariants.find((i) => i.name.startsWith("every outbox"))?.notes?.at(-1) ?? "",
    };
    return { ...report, violationCount: invariants.reduce((a, i) => a + i.violations.length, 0) };
  } finally {
    await agents?.stop().catch(() => {});
    await doubles?.stop().catch(() => {});
    await proxy?.stop().catch(() => {});
    await bms.stop().catch(() => {});
    await sys.stop().catch((e) => log(`stop: ${(e as Error).message}`));
    await mgmt?.stop().catch(() => {});
    rmSync(resolve(import.meta.dirname, "../../.ckp", stage), { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** after a fault: until a read and a write through the API both succeed (ms after `from`); the write is a group the model keeps */
async function probe(c: SoakClient, w: Workload, from: number): Promise<number | undefined> {
  const p = w.projects[0];
  if (!p) return undefined;
  const deadline = from + 300_000;
  let n = 0;
  while (Date.now() < deadline) {
    const read = await c.once("GET", p.base);
    if (typeof read === "object" && read.status === 200) {
      const name = `probe-${from.toString(36)}-${n++}`;
      const write = await c.until("POST", `${p.base}/host-groups`, { name }, { key: `soak-probe-${name}`, giveUpMs: 1 });
      if (write?.status === 201) {
        p.groups.set(name, { name });
        return Date.now() - from;
      }
    }
    await sleep(250);
  }
  return undefined;
}

async function clustersInFlight(c: SoakClient, w: Workload): Promise<number> {
  let n = 0;
  for (const p of w.projects)
    for (const cl of p.clusters.values()) {
      const a = await c.until("GET", `${p.base}/clusters/${cl.id}/status`, undefined, { giveUpMs: 30_000 });
      if (!a || a.status === 404) continue;
      if (a.body.phase === "Failed" || (a.body.phase === "Ready" && !cl.deleted)) continue;
      n++;
    }
  return n;
}

/** what clusters need: a management cluster (through the fault proxy), a provider cluster per project, storage, a bundle */
async function setUpClusters(c: SoakClient, domain: string, kubeconfig: string, bmsUrl: string): Promise<void> {
  const must = async (what: string, method: string, path: string, body: unknown, ok: number[]) => {
    const a = await c.until(method, path, body, { key: `soak-setup-${randomBytes(6).toString("hex")}` });
    if (!a || !ok.includes(a.status)) throw new Error(`${what}: ${a?.status} ${a?.text}`);
    return a;
  };
  await must(
    "credential",
    "POST",
    `/v1/domains/${domain}/credentials`,
    { type: "orbiter-bms", name: "bms", endpoint: bmsUrl, hardwareAccessSecret: "soak-hw-secret" },
    [201],
  );
  await must(
    "storage profile",
    "PUT",
    `/v1/domains/${domain}/storage-profiles/ceph`,
    { ...TEST_CEPH, userKey: TEST_CEPH_KEY, default: true },
    [200, 201],
  );
  const mc = await must("management cluster", "POST", "/v1/management-clusters", { name: `mc-${domain}`, kubeconfig }, [201]);
  for (const p of ["p1", "p2"])
    await must(
      "provider cluster",
      "POST",
      `/v1/domains/${domain}/projects/${p}/provider-clusters`,
      {
        type: "orbiter-bms",
        name: "bms",
        credential: "bms",
        managementCluster: mc.body.name,
        defaults: { serverPool: "p", cloudInitTemplate: BMS_TEMPLATE },
      },
      [201],
    );
  await must(
    "bundle",
    "PUT",
    `/v1/byoh-bundles/${VERSION}/ubuntu-20.04`,
    {
      repository: "docker.io/coredgeio",
      ociReference: `docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:${VERSION}`,
      digest: `sha256:${"c".repeat(64)}`,
      packages: { kubeadm: `${VERSION.slice(1)}-ckp` },
    },
    [200, 201],
  );
}

async function publishBundle(c: SoakClient): Promise<void> {
  const a = await c.until("PUT", `/v1/byoh-bundles/${VERSION}/ubuntu-20.04`, {
    repository: "docker.io/coredgeio",
    ociReference: `docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:${VERSION}`,
    digest: `sha256:${"c".repeat(64)}`,
    packages: { kubeadm: `${VERSION.slice(1)}-ckp` },
  });
  if (!a || (a.status !== 200 && a.status !== 201)) throw new Error(`bundle: ${a?.status} ${a?.text}`);
}
