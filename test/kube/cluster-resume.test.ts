import { randomBytes } from "node:crypto";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queues } from "../../infra/resources.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { Api, eventually, useLocalAws } from "../support/api.js";
import { BMS_TEMPLATE, isPhase, publishBundles, waitForStatus } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { testKube, testKubeconfig } from "../support/kube.js";
import { tokenFor, uniqueName } from "../support/tenants.js";

/**
 * A control plane killed (SIGKILL) while a saga step is half done — the
 * provider has allocated a machine but the worker never recorded it —
 * resumes from the recorded step after a restart, without allocating twice.
 * Then the waiting step's timers are lost from the queue, and the scheduled
 * resume gives it new ones.
 */
/**
 * The control plane's public address stays the same across the restart (as a
 * load balancer's would): machines booted before the crash register through
 * it with whichever server runs now.
 */
function stableAddress() {
  let target = "";
  const server = createServer((req, res) => {
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    const fwd = request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on("error", () => res.writeHead(503).end());
    req.pipe(fwd);
  });
  return {
    start: () =>
      new Promise<string>((ok) => server.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    pointTo: (url: string) => {
      target = url;
    },
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** A queue of the local SQS, to be emptied of every message: visible, delayed, and in flight. */
class SqsQueue {
  private readonly sqs = new SQSClient({});
  constructor(readonly url: string) {}

  private async count(): Promise<number> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
      }),
    );
    return Object.values(out.Attributes ?? {}).reduce((n, v) => n + Number(v), 0);
  }

  /** Takes every message until the queue stays empty for 3 s: a timer in flight when it began sends its successor meanwhile. */
  async drain(): Promise<void> {
    for (let quiet = 0; quiet < 3; ) {
      if ((await this.count()) === 0) {
        quiet++;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      quiet = 0;
      const got = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const entries = (got.Messages ?? []).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string }));
      if (entries.length > 0) await this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: this.url, Entries: entries }));
    }
  }
}

describe("cluster saga after a crash", () => {
  const stage = `resume${randomBytes(3).toString("hex")}`;
  const address = stableAddress();
  const env: Record<string, string> = {
    CKP_SAGA_MAX_POLL_SECONDS: "2",
    // a step that changed nothing for 20 s is given a new timer chain (functions/scheduled/saga-resume.ts)
    CKP_SAGA_STALL_SECONDS: "20",
    CKP_SAGA_RESUME_INTERVAL_MS: "1000",
  };
  // allocations answer slowly, so the kill lands inside the provisioning step
  const bms = new OrbiterBmsSimulator({ secret: "s3cret", pools: { rack: { servers: 3 } }, bootDelayMs: 20, allocateLatencyMs: 4000 });
  const domains = new Set<string>();
  const doubles = clusterDoubles(testKube(), { matches: (l) => domains.has(l["ckp.io/domain"] ?? ""), shared: true });
  const servers: DevServer[] = [];

  beforeAll(async () => {
    useLocalAws(); // this process reads the lifecycle queue
    await bms.start();
    env.CKP_API_URL = await address.start();
    doubles.start();
  });
  afterAll(async () => {
    await doubles.stop();
    for (const s of servers) await s.stop();
    await bms.stop();
    await address.stop();
  });

  it("resumes from the recorded step and adopts the machine the dead worker had asked for", async () => {
    const first = await startDevServer({ stage, env });
    servers.push(first);
    address.pointTo(first.url);
    const admin = new Api(first.url, first.adminToken);
    const domain = uniqueName("resume");
    domains.add(domain);
    expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
    expect((await admin.post(`/v1/domains/${domain}/projects`, { name: "p" })).status).toBe(201);
    const pa = admin.as(await tokenFor(admin, "project-admin", domain, "p"));
    const base = `/v1/domains/${domain}/projects/p`;
    const mc = await admin.post("/v1/management-clusters", { name: uniqueName("mc"), kubeconfig: testKubeconfig() });
    expect(mc.status, mc.text).toBe(201);
    await registerStorageProfile(admin, domain);
    expect(
      (
        await admin.post(`/v1/domains/${domain}/credentials`, {
          type: "orbiter-bms",
          name: "bms",
          endpoint: bms.http.url,
          hardwareAccessSecret: "s3cret",
        })
      ).status,
    ).toBe(201);
    const pc = await admin.post(`/v1/domains/${domain}/provider-clusters`, {
      type: "orbiter-bms",
      name: "bms",
      credential: "bms",
      managementCluster: mc.body.name,
      defaults: { serverPool: "rack", cloudInitTemplate: BMS_TEMPLATE },
    });
    expect(pc.status, pc.text).toBe(201);
    await publishBundles(admin, ["v1.32.11"]);
    // the agent build the machine's cloud-init downloads from the control plane
    await publishTestAgentRelease(admin, first.env);
    expect((await pa.post(`${base}/host-groups`, { name: "empty" })).status).toBe(201);

    const created = await pa.post(`${base}/clusters`, {
      name: "phoenix",
      kubernetesVersion: "v1.32.11",
      providerCluster: "bms",
      hostGroup: "empty",
      workers: 1,
    });
    expect(created.status, created.text).toBe(201);
    const path = `${base}/clusters/${created.body.id}`;

    // the worker is inside provision-machines, waiting on the provider: kill the whole control plane
    await eventually(
      async () => (bms.http.requests.some((r) => r.startsWith("POST /v1/pools/rack/allocations")) ? true : undefined),
      120_000,
      "allocation requested",
    );
    await first.kill();
    address.pointTo("");
    const before = (await new Api(first.url, first.adminToken).get(path).catch(() => undefined))?.status;
    expect(before).toBeUndefined(); // it is really gone
    expect(bms.allocations.size).toBe(1);

    const second = await startDevServer({ stage, adminToken: first.adminToken, env });
    servers.push(second);
    address.pointTo(second.url);
    const pa2 = new Api(second.url, pa.token);
    const waiting = await waitForStatus(
      pa2,
      path,
      (s) => s.currentStep === "wait-approval" && s.conditions.some((c: any) => c.reason === "WaitingForApproval"),
      600_000,
    );
    const provision = waiting.steps.find((s: any) => s.name === "provision-machines");
    expect(provision.state).toBe("succeeded");
    // the step that was interrupted ran again and found the machine instead of allocating another
    expect(bms.allocations.size).toBe(1);
    const pending = (await pa2.get(`${base}/host-requests?status=pending`)).body.items;
    expect(pending).toHaveLength(1);
    // its agent registered with the id the control plane chose and kept with the allocation (the retried step read it back)
    const allocation = [...bms.allocations.values()][0];
    expect(pending[0].machineId).toBe(allocation?.labels["ckp.io/machine-id"]);
    expect((await pa2.get(path)).body.provisioned.map((m: { machineId: string }) => m.machineId)).toEqual([pending[0].machineId]);

    // the waiting step's timers are lost (a queue that came back empty): only the scheduled resume can move the cluster on
    for (const q of [queues.lifecycle, queues.steps])
      await new SqsQueue(JSON.parse(second.env[`SST_RESOURCE_${q.logical}`] as string).url).drain();
    expect((await pa2.post(`${base}/host-requests/bulk-approve`, { ids: [pending[0].id] })).status).toBe(200);
    const ready = await waitForStatus(pa2, path, isPhase("Ready"), 600_000);
    expect(ready.workers).toMatchObject({ desired: 1, assigned: 1, ready: 1 });
    expect(doubles.errors()).toEqual([]);
  }, 1_800_000);
});
