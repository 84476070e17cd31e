import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { GetQueueAttributesCommand, GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { processTallies, resetProcessTallies, sourceTallies } from "../core/aws/round-trips.js";
import { sqsClient } from "../core/aws/sqs.js";
import { localName, queues, tables } from "../infra/resources.js";
import { installProviders } from "../scripts/capi/providers.js";
import { startManagementCluster } from "../scripts/capi/run.js";
import { startControlPlane } from "../scripts/dev/control-plane.js";
import { type KubeApiserver, startKubeApiserver } from "../scripts/kube/apiserver.js";
import { CapiAtOnce } from "../test/doubles/capi-at-once.js";
import { WatchCache } from "../test/doubles/watch-cache.js";
import { clusterDoubles, TEST_CEPH, TEST_CEPH_KEY } from "../test/support/addons.js";
import { registration } from "../test/support/agent.js";
import { Api } from "../test/support/api.js";
import { BMS_TEMPLATE, UBUNTU_2004 } from "../test/support/clusters.js";
import { apiserverCosts, costsBetween } from "./apiserver-metrics.js";
import { cpuBetween, cpuSnapshot } from "./cpu.js";
import { machineLine } from "./machine.js";
import { writeSection } from "./results-file.js";
import { quantile, round, summarize, timed } from "./stats.js";

/**
 * Issue 4's benchmark: CLUSTERS clusters of WORKERS workers created at once
 * on the local stack, on a management cluster running Cluster API's own
 * core, kubeadm bootstrap and BYOH managers, with the doubles of Kamaji's
 * tenant control planes and BYOH's host agents answering at once, and (since
 * Ready means the addons are healthy) the Helm add-on provider's and the
 * kubelets' double; all the workload clusters share one kube-apiserver.
 * The control plane runs in this process (API, relay, workers), so
 * the SDK middleware's process-wide tallies (core/aws/round-trips.ts) count
 * every DynamoDB item written and every SQS message sent while the clusters
 * are created — API requests, relay, saga steps and timers alike.
 */
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 3);
/**
 * batches each queue's worker handles at once (Lambda's event source mapping starts at five per queue): one, as in
 * every earlier run; five made neither 50 nor 200 clusters faster on 2 cores (bench/RESULTS.md)
 */
const POLLERS = Number(process.env.BENCH_QUEUE_POLLERS ?? 1);
/**
 * Between two reads of the whole cluster list while waiting for Ready: a read
 * costs in proportion to the clusters (about 40 ms of the machine's CPU at
 * 50, 170 ms at 200), so at a fixed interval the polling's share of the
 * machine would grow with the square of the count (an eighth of the run's
 * CPU at 200). 0.5 s up to 50
 * clusters, as the baseline's benchmark polled; 10 ms a cluster beyond. The
 * per-cluster times also come from the saga's step records, which no
 * interval rounds.
 */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? Math.max(500, 10 * CLUSTERS));
/**
 * BENCH_CAPI_SCALE=qps,burst,concurrency: the CAPI core and kubeadm bootstrap managers' client rate limit and
 * workers per controller (unset: their own defaults, 20 QPS, burst 30, 10 workers)
 */
const CAPI_SCALE = process.env.BENCH_CAPI_SCALE?.split(",").map(Number);
/**
 * BENCH_CAPI=double: Cluster API's core, kubeadm bootstrap and BYOH managers replaced by their double answering a
 * create at once (test/doubles/capi-at-once.ts), the setting issue 23's time targets were set in: what is left is
 * the control plane's own reaction. Unset (or `real`): the real managers.
 */
const CAPI_DOUBLE = process.env.BENCH_CAPI === "double";
const crdDir = process.env.CKP_CRD_DIR ?? resolve(import.meta.dirname, "../../shared/crds");

export async function runClustersBench(): Promise<void> {
  const stage = `benchcl${Date.now().toString(36)}`;
  // the installation's own timers (30 s at most) unless set: the status sync moves the CAPI waits on
  const maxPoll = process.env.CKP_SAGA_MAX_POLL_SECONDS ?? "30";
  process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
  const mgmt = CAPI_DOUBLE
    ? await managementApiserverOnly()
    : await startManagementCluster({
        crdDir,
        ...(CAPI_SCALE ? { scale: { qps: CAPI_SCALE[0] ?? 20, burst: CAPI_SCALE[1] ?? 30, concurrency: CAPI_SCALE[2] ?? 10 } } : {}),
      });
  const kube = mgmt.api;
  const cp = await startControlPlane({
    stage,
    port: 0,
    log: process.env.BENCH_LOG
      ? (m, e) => appendFileSync(process.env.BENCH_LOG as string, `${new Date().toISOString()} ${m} ${JSON.stringify(e ?? {})}\n`)
      : () => {},
    queuePollers: POLLERS,
  });
  // the doubles read the management cluster as controllers do, from one shared list + watch, and act on each change
  const cache = new WatchCache(kube);
  const doubles = clusterDoubles(kube, { shared: true, intervalMs: 250, cache });
  const capiDouble = CAPI_DOUBLE ? new CapiAtOnce(kube, { workloads: doubles.workloads, intervalMs: 250, cache }) : undefined;
  try {
    const admin = new Api(cp.url, cp.adminToken);
    const domain = `bench-${Date.now().toString(36)}`;
    const base = `/v1/domains/${domain}/projects/p`;
    await admin.post("/v1/domains", { name: domain });
    await admin.post(`/v1/domains/${domain}/projects`, { name: "p", autoApproveHosts: true });
    await admin.post(`/v1/domains/${domain}/credentials`, {
      type: "orbiter-bms",
      name: "bms",
      endpoint: "http://127.0.0.1:9",
      hardwareAccessSecret: "unused",
    });
    const mc = await admin.post("/v1/management-clusters", { name: "mc", kubeconfig: readFileSync(kube.kubeconfigPath, "utf8") });
    await admin.put(`/v1/domains/${domain}/storage-profiles/ceph`, { ...TEST_CEPH, userKey: TEST_CEPH_KEY, default: true });
    await admin.post(`${base}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: "bms",
      managementCluster: mc.body.name,
      defaults: { serverPool: "p", cloudInitTemplate: BMS_TEMPLATE },
    });
    await admin.put("/v1/byoh-bundles/v1.31.2/ubuntu-20.04", {
      repository: "docker.io/coredgeio",
      ociReference: "docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:v1.31.2",
      digest: `sha256:${"c".repeat(64)}`,
      packages: { kubeadm: "1.31.2-ckp" },
    });
    const psk = (await admin.get(`${base}/host-psk`)).body.psk as string;
    const hosts = CLUSTERS * WORKERS;
    // a few spare hosts: on an overloaded emulator an approval's provisioning can fail after its retries
    const registered = Math.ceil(hosts * 1.1);
    console.log(`registering ${registered} hosts`);
    const hostIds: string[] = [];
    await timed(registered, 4, async () => {
      const r = await admin.as(undefined).post("/v1/agent/register", registration({ domain, project: "p" }, psk, { facts: UBUNTU_2004 }));
      hostIds.push(r.body.hostId);
    });
    await admin.post(`${base}/host-groups`, { name: "pool" });
    for (let i = 0; i < hostIds.length; i += 1000)
      await admin.post(`${base}/host-groups/pool/hosts/bulk-add`, { ids: hostIds.slice(i, i + 1000) });
    for (;;) {
      // every page: more hosts than one page holds at 200 clusters and up
      if ((await allPages(admin, `${base}/hosts?status=create-completed&limit=500`)).length >= hosts) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // the group's host-added events are the setup's work, not the creates': the BYOH worker finishes them first
    await queueDrained(localName(stage, queues.byohosts.logical));
    // the apiserver standing for every cluster's tenant apiserver is up before the clock starts, as Kamaji's are at once
    await doubles.workloads.prestartShared();
    doubles.start();
    capiDouble?.start();

    console.log(`creating ${CLUSTERS} clusters of ${WORKERS} workers`);
    resetProcessTallies();
    const cpuBefore = cpuSnapshot();
    const apiBefore = await apiserverCosts(kube);
    const started = performance.now();
    const createdAt = new Map<string, number>();
    await Promise.all(
      Array.from({ length: CLUSTERS }, async (_, i) => {
        const r = await admin.post(`${base}/clusters`, {
          name: `c${i}`,
          kubernetesVersion: "v1.31.2",
          providerCluster: "bms",
          hostGroup: "pool",
          workers: WORKERS,
        });
        if (r.status !== 201) throw new Error(`create c${i}: ${r.status} ${r.text}`);
        createdAt.set(r.body.id, performance.now());
      }),
    );
    const readyAt = new Map<string, number>();
    let failed: string[] = [];
    let polls = 0;
    const deadline = Date.now() + 30 * 60_000;
    while (readyAt.size + failed.length < CLUSTERS && Date.now() < deadline) {
      const items = await allPages<{ id: string; name: string; phase: string; conditions: Array<{ type: string; message: string }> }>(
        admin,
        `${base}/clusters?limit=100`,
      );
      polls++;
      const now = performance.now();
      for (const c of items) if (c.phase === "Ready" && !readyAt.has(c.id)) readyAt.set(c.id, now);
      failed = items.filter((c) => c.phase === "Failed").map((c) => `${c.name}: ${c.conditions.find((x) => x.type === "Ready")?.message}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const wallMs = performance.now() - started;
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(), processLabel(mgmt.api));
    const apiCosts = costsBetween(apiBefore, await apiserverCosts(kube));
    const tallies = processTallies();
    const bySource = sourceTallies();
    if (failed.length || readyAt.size < CLUSTERS)
      throw new Error(
        `${readyAt.size} of ${CLUSTERS} Ready; failed: ${failed.join("; ")}; doubles' errors: ${[...doubles.errors(), ...(capiDouble?.errors ?? [])].join("; ")}`,
      );

    const mainTable = localName(stage, tables.main.logical);
    const idemTable = localName(stage, tables.idempotency.logical);
    const lifecycleQueue = localName(stage, queues.lifecycle.logical);
    const stepQueue = localName(stage, queues.steps.logical);
    const per = (n: number | undefined) => round((n ?? 0) / CLUSTERS, 1);
    const sqsAll = Object.entries(tallies)
      .filter(([k]) => k.startsWith("SQS.messages."))
      .reduce((a, [, v]) => a + v, 0);
    const readySamples = [...readyAt.entries()].map(([id, t]) => t - (createdAt.get(id) ?? started));
    const lat = summarize(readySamples);
    const final = await allPages<{ createdAt: string; steps: StepTime[] }>(admin, `${base}/clusters?limit=100`);
    const pollCpu = await pollCost(() => allPages(admin, `${base}/clusters?limit=100`), processLabel(mgmt.api));
    if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(final));
    const steps = stepTimes(final);
    const workers = stepEnds(final, "wait-workers");
    const ready = stepEnds(final, "wait-addons");
    const md = `## clusters — ${CLUSTERS} clusters × ${WORKERS} workers created at once${CAPI_DOUBLE ? ", the CAPI double answering at once" : ""}

${new Date().toISOString().slice(0, 10)}, ${machineLine()}. Local stack (DynamoDB Local, LocalStack SQS/S3), ${CAPI_DOUBLE ? "a management kube-apiserver with the CAPI CRDs and kube-controller-manager, Cluster API's core, kubeadm bootstrap and BYOH managers replaced by their double answering a create at once (test/doubles/capi-at-once.ts, BENCH_CAPI=double)" : `a management cluster with Cluster API's own managers (core and kubeadm bootstrap v1.7.7, BYOH v0.5.0; scripts/capi; ${CAPI_SCALE ? `core and kubeadm bootstrap at ${CAPI_SCALE[0]} QPS, burst ${CAPI_SCALE[1]}, ${CAPI_SCALE[2]} workers per controller` : "their default 20 QPS, burst 30, 10 workers per controller"})`} and the doubles of Kamaji's tenant control planes and BYOH's host agents answering every change at once. The doubles read the management cluster as controllers do, from one shared list + watch (test/doubles/watch-cache.ts), and act on each change it brings (at least every 250 ms). Ready waits for each cluster's addons (Cilium and the CKP storage plugin): one workload apiserver shared by every cluster, with the Helm add-on provider's and the kubelets' test double. Hosts come from one group (no provider provisioning). The control plane (API, relay, workers) runs in the benchmark's process, each queue's worker handling ${POLLERS} batch(es) at once (BENCH_QUEUE_POLLERS; Lambda's event source mapping starts at five), with timers capped at ${maxPoll} s (CKP_SAGA_MAX_POLL_SECONDS), the status sync watching the management cluster; counts come from SDK middleware tallies in that process (core/aws/round-trips.ts), from the first create request to the last cluster Ready.

| measure | value |
| --- | --- |
| time until all ${CLUSTERS} are Ready | ${round(wallMs / 1000, 1)} s |
| per cluster, create → Ready (as seen by polling every ${POLL_MS / 1000} s) | p50 ${round(lat.p50 / 1000, 1)} s, p99 ${round(lat.p99 / 1000, 1)} s, max ${round(lat.max / 1000, 1)} s |
| per cluster, create → Ready (the end of \`wait-addons\`), from the saga's step records | p50 ${round(ready.latency.p50 / 1000, 1)} s, p99 ${round(ready.latency.p99 / 1000, 1)} s; all ${CLUSTERS} ${round(ready.allMs / 1000, 1)} s after the first create |
| per cluster, create → workers ready (the end of \`wait-workers\`, where Ready was before the addons issue), from the saga's step records | p50 ${round(workers.latency.p50 / 1000, 1)} s, p99 ${round(workers.latency.p99 / 1000, 1)} s; all ${CLUSTERS} ${round(workers.allMs / 1000, 1)} s after the first create |
| SQS messages sent to the lifecycle queues (operations and step-due), per cluster | ${per((tallies[`SQS.messages.${lifecycleQueue}`] ?? 0) + (tallies[`SQS.messages.${stepQueue}`] ?? 0))} |
| SQS messages sent to all queues, per cluster | ${per(sqsAll)} |
| DynamoDB items written to the main table, per cluster | ${per(tallies[`DynamoDB.write.${mainTable}`])} |
| DynamoDB items written to the idempotency table, per cluster | ${per(tallies[`DynamoDB.write.${idemTable}`])} |
| TransactWriteItems calls, per cluster | ${per(tallies["DynamoDB.TransactWriteItems"])} |
| DynamoDB round trips (all operations), per cluster | ${per(
      Object.entries(tallies)
        .filter(([k]) => /^DynamoDB\.[A-Z]/.test(k))
        .reduce((a, [, v]) => a + v, 0),
    )} |
| the benchmark's own polling of the cluster list (every ${POLL_MS / 1000} s): reads; one read's wall time, and the CPU of every process over it (over ${POLL_COST_READS} reads after the run), beside the same processes at rest over as long | ${polls} reads; ${round(pollCpu.wallMs, 1)} ms wall; ${round(pollCpu.cpuMs, 1)} ms CPU (at rest ${round(pollCpu.restMs, 1)} ms) |
| of which the benchmark's own polling of the cluster list | ${per(
      Object.entries(bySource["api GET clusters"] ?? {})
        .filter(([k]) => k.startsWith("DynamoDB."))
        .reduce((a, [, v]) => a + v, 0),
    )} |
| DynamoDB items read by Queries (before their filters: what the engine read), per cluster | ${per(tallies["DynamoDB.scanned"])} |
| DynamoDB round trips by operation, per cluster | ${Object.entries(tallies)
      .filter(([k]) => /^DynamoDB\.[A-Z]/.test(k))
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${k.slice("DynamoDB.".length)} ${per(v)}`)
      .join(", ")} |
| SQS messages by queue, per cluster | ${Object.entries(tallies)
      .filter(([k]) => k.startsWith("SQS.messages."))
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${k.slice("SQS.messages.".length).replace(`ckp-${stage}-`, "")} ${per(v)}`)
      .join(", ")} |
| Kubernetes API requests by the control plane (management and workload clusters; a watch counts once), per cluster | ${per(
      Object.entries(tallies)
        .filter(([k]) => k.startsWith("Kube."))
        .reduce((a, [, v]) => a + v, 0),
    )} (${Object.entries(tallies)
      .filter(([k]) => k.startsWith("Kube."))
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${k.slice("Kube.".length)} ${per(v)}`)
      .join(", ")}) |
| writes by the doubles (Kamaji control plane status, BYOH host agents) | ${doubles.providers.writes.controlPlanes + doubles.providers.writes.hosts} |
${capiDouble ? `| writes by the CAPI double (Cluster, Machine and MachineDeployment status, ByoHost claims, ClusterResourceSet status) | ${Object.values(capiDouble.writes).reduce((a, b) => a + b, 0)} |` : `| workers joined (kubeadm joins the host agents' double ran) | ${doubles.providers.writes.joins} |`}
| Helm releases installed by the add-on provider's double | ${doubles.addons.installs.length} |

Where the time goes, per cluster: each step of the create, from its start to its end as the saga recorded them (the steps not listed took under 0.05 s at p50):

| step | p50 | p90 | max |
| --- | ---: | ---: | ---: |
${steps.map((s) => `| ${s.step} | ${s.p50} s | ${s.p90} s | ${s.max} s |`).join("\n")}

CPU used on this machine from the first create to the last Ready (${round(wallMs / 1000, 1)} s wall, ${os.cpus().length} cores: ${round((wallMs / 1000) * os.cpus().length, 1)} core-seconds available), by process:

| process | CPU s | share of the wall time of one core |
| --- | ---: | ---: |
${cpu
  .filter((c) => c.ms >= 500)
  .map((c) => `| ${c.label} | ${round(c.ms / 1000, 1)} | ${round((c.ms / wallMs) * 100, 0)} % |`)
  .join("\n")}

What the management kube-apiserver spent its time on over the same span (its own metrics, watches aside; a request's seconds are its latency, waits included), the costliest ${Math.min(12, apiCosts.length)} of ${apiCosts.length} verb × resource:

| request | count | seconds | MB answered |
| --- | ---: | ---: | ---: |
${apiCosts
  .slice(0, 12)
  .map((c) => `| ${c.key} | ${Math.round(c.count)} | ${round(c.seconds, 1)} | ${round(c.bytes / 1e6, 1)} |`)
  .join("\n")}

Main-table items include the outbox event items (one per event), which stay as the audit history.

Where the AWS requests come from, per cluster (commands as the SDK middleware saw them, retries aside; a source is the API route, or the worker, queue and event with a lifecycle message's step and whether a nudge or a timer sent it):

${sourceTable(bySource, CLUSTERS)}`;
    console.log(md);
    // 50 clusters is the issue's reference run; other counts keep a section of their own, side by side
    const section = `clusters${CAPI_DOUBLE ? "-capi-double" : ""}${CLUSTERS === 50 ? "" : `-${CLUSTERS}`}`;
    writeSection(section, md);
  } finally {
    await capiDouble?.stop();
    await doubles.stop();
    cache.stop();
    await cp.stop();
    await mgmt.stop();
  }
}

/**
 * A management kube-apiserver with every CRD and kube-controller-manager, the providers installed as clusterctl would
 * (their RBAC too: the control plane writes ByoHosts as BYOH's agents, whose role BYOH's install binds), and no Cluster
 * API manager (BENCH_CAPI=double).
 */
async function managementApiserverOnly(): Promise<{ api: KubeApiserver; stop(): Promise<void> }> {
  const api = await startKubeApiserver({ crdDir, controllerManager: true });
  try {
    await installProviders(api);
  } catch (e) {
    await api.stop();
    throw e;
  }
  return { api, stop: () => api.stop() };
}

interface StepTime {
  name: string;
  startedAt?: string;
  endedAt?: string;
}

/** When each cluster's `step` ended (`wait-workers`: its workers were ready), from its creation, and all of them from the first. */
function stepEnds(
  clusters: { createdAt: string; steps: StepTime[] }[],
  step: string,
): { latency: ReturnType<typeof summarize>; allMs: number } {
  const first = Math.min(...clusters.map((c) => Date.parse(c.createdAt)));
  const ends = clusters.map((c) => {
    const s = c.steps.find((x) => x.name === step);
    return { created: Date.parse(c.createdAt), ended: s?.endedAt ? Date.parse(s.endedAt) : Number.NaN };
  });
  return {
    latency: summarize(ends.map((e) => e.ended - e.created)),
    allMs: Math.max(...ends.map((e) => e.ended)) - first,
  };
}

/** Each create step's duration across the clusters (p50, p90, max in s), in the saga's order, the steps that took time. */
function stepTimes(clusters: { steps: StepTime[] }[]): { step: string; p50: number; p90: number; max: number }[] {
  const byStep = new Map<string, number[]>();
  for (const c of clusters)
    for (const s of c.steps) {
      if (!s.startedAt || !s.endedAt) continue;
      const list = byStep.get(s.name) ?? [];
      list.push(Date.parse(s.endedAt) - Date.parse(s.startedAt));
      byStep.set(s.name, list);
    }
  return [...byStep.entries()]
    .map(([step, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      const s = (q: number) => round(quantile(sorted, q) / 1000, 1);
      return { step, p50: s(0.5), p90: s(0.9), max: s(1) };
    })
    .filter((s) => s.p50 >= 0.05);
}

/** A process's name in the CPU table: this benchmark's own, the local stack's engines, the two apiservers and etcds, CAPI's managers. */
const POLL_COST_READS = 10;

/**
 * What one read of the whole cluster list costs: its wall time, and the CPU
 * every process the run's CPU table counts used over POLL_COST_READS reads
 * back to back, beside what they used at rest over as long just before (the
 * control plane's schedules and the doubles' watches go on after the run, so
 * the difference is the read's cost only roughly).
 */
async function pollCost(
  poll: () => Promise<unknown>,
  label: (pid: number, cmd: string[]) => string | undefined,
): Promise<{ wallMs: number; cpuMs: number; restMs: number }> {
  const since = (before: ReturnType<typeof cpuSnapshot>) => cpuBetween(before, cpuSnapshot(), label).reduce((a, x) => a + x.ms, 0);
  const busy = cpuSnapshot();
  const start = performance.now();
  for (let i = 0; i < POLL_COST_READS; i++) await poll();
  const wallMs = performance.now() - start;
  const cpuMs = since(busy);
  const rest = cpuSnapshot();
  await new Promise((r) => setTimeout(r, wallMs));
  const restMs = since(rest);
  return { wallMs: wallMs / POLL_COST_READS, cpuMs: cpuMs / POLL_COST_READS, restMs: restMs / POLL_COST_READS };
}

function processLabel(mgmt: { server: string; etcdUrl: string }): (pid: number, cmd: string[]) => string | undefined {
  const mgmtPort = new URL(mgmt.server).port;
  const etcdPort = new URL(mgmt.etcdUrl).port;
  return (pid, cmd) => {
    if (pid === process.pid) return "this process: the control plane (API, relay, workers, status sync) and the doubles";
    const line = cmd.join(" ");
    const bin = (cmd[0] ?? "").split("/").pop() ?? "";
    if (line.includes("DynamoDBLocal")) return "DynamoDB Local (JVM)";
    if (/localstack/i.test(line)) return "LocalStack";
    if (bin === "kube-apiserver")
      return line.includes(`--secure-port=${mgmtPort}`) ? "management kube-apiserver" : "workload kube-apiserver";
    if (bin === "etcd") return line.includes(`127.0.0.1:${etcdPort}`) ? "management etcd" : "workload etcd";
    if (bin === "kube-controller-manager") return "kube-controller-manager";
    if (/manager/.test(bin) && line.includes("--webhook-port")) return `${bin} (Cluster API)`;
    return undefined;
  };
}

/** Every item of a paged list, following its cursors. */
async function allPages<T>(api: Api, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = (await api.get(`${path}${cursor ? `&cursor=${cursor}` : ""}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The sources' commands per cluster, the busiest first; DynamoDB and SQS apart, each with its operations. */
function sourceTable(bySource: Record<string, Record<string, number>>, clusters: number): string {
  const per = (n: number) => round(n / clusters, 2);
  const rows = Object.entries(bySource)
    .map(([source, ops]) => {
      const sum = (prefix: string) =>
        Object.entries(ops)
          .filter(([k]) => k.startsWith(prefix))
          .reduce((a, [, v]) => a + v, 0);
      return { source, dynamo: sum("DynamoDB."), sqs: sum("SQS."), messages: sum("messages@"), kube: sum("Kube."), ops };
    })
    .filter((r) => r.dynamo + r.sqs + r.kube > 0)
    .sort((a, b) => b.dynamo + b.sqs - (a.dynamo + a.sqs));
  const lines = rows.map(
    (r) =>
      `| ${r.source} | ${per(r.dynamo)} | ${per(r.sqs)} | ${per(r.messages)} | ${per(r.kube)} | ${Object.entries(r.ops)
        .sort(([, a], [, b]) => b - a)
        .map(([k, v]) => `${k} ${per(v)}`)
        .join(", ")} |`,
  );
  return [
    "| source | DynamoDB requests | SQS requests | SQS messages sent | Kubernetes API requests | by operation (messages@: messages sent to a queue) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...lines,
  ].join("\n");
}

/** Until a queue holds no message, visible or in flight, on two looks a second apart (the relay may still be sending; at most a minute). */
async function queueDrained(queueName: string): Promise<void> {
  const { QueueUrl } = await sqsClient().send(new GetQueueUrlCommand({ QueueName: queueName }));
  let empty = 0;
  for (const until = Date.now() + 60_000; Date.now() < until && empty < 2; ) {
    const a = await sqsClient().send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
      }),
    );
    const left = Object.values(a.Attributes ?? {}).reduce((n, v) => n + Number(v), 0);
    empty = left === 0 ? empty + 1 : 0;
    await new Promise((r) => setTimeout(r, empty ? 1000 : 500));
  }
}
