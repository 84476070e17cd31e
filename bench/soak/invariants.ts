import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { s3Client } from "../../core/aws/s3.js";
import { sqsClient } from "../../core/aws/sqs.js";
import { ARCHIVE_PREFIX } from "../../events/archive.js";
import { buckets, dlqLogical, localName, queues } from "../../infra/resources.js";
import { domainEvents } from "../../test/support/archive.js";
import { REQUEST_TIMEOUT_MS, type SoakClient } from "./client.js";
import type { FaultInjector } from "./faults.js";
import type { ProjectModel, Workload } from "./workload.js";

/**
 * The checks at the end of a run, each a named invariant with a count of
 * what it checked and the violations it found.
 */
export interface InvariantResult {
  name: string;
  checked: number;
  violations: string[];
  /** what it could not check, and why (never counted as a pass) */
  notes?: string[];
}

export async function checkAcknowledgedWrites(c: SoakClient, w: Workload): Promise<InvariantResult[]> {
  const writes: InvariantResult = { name: "every acknowledged write is there, field by field", checked: 0, violations: [] };
  const dups: InvariantResult = { name: "no acknowledged write duplicated", checked: 0, violations: [] };
  const decided: InvariantResult = { name: "every host request decided or pending, as last acknowledged", checked: 0, violations: [] };
  const provisioned: InvariantResult = {
    name: "every approved host provisioned (the approval's event reached its consumer)",
    checked: 0,
    violations: [],
  };
  for (const p of w.projects) {
    const get = async (path: string) => {
      const a = await c.until("GET", path, undefined, { giveUpMs: 60_000 });
      if (!a) throw new Error(`no answer for GET ${path}`);
      return a;
    };
    for (const r of p.requests.values()) {
      if (r.uncertain) continue;
      decided.checked++;
      const a = await get(`${p.base}/host-requests/${r.id}`);
      const lost = () =>
        w.lostWithEmulator(r, `host request ${r.id} (acknowledged ${r.status}, then read as ${a.status} ${a.body?.status ?? ""})`);
      if (a.status !== 200) {
        if (!lost()) decided.violations.push(`host request ${r.id}: ${a.status}`);
      } else if (a.body.status !== r.status && lost()) {
        // acknowledged right before DynamoDB Local's kill, and lost with it
      } else {
        if (a.body.status !== r.status) decided.violations.push(`host request ${r.id}: ${a.body.status}, acknowledged ${r.status}`);
        if (a.body.machineId !== undefined && a.body.machineId !== r.machineId)
          decided.violations.push(`host request ${r.id}: machine ${a.body.machineId}, registered ${r.machineId}`);
        if (r.hostId && a.body.hostId !== r.hostId)
          decided.violations.push(`host request ${r.id}: host ${a.body.hostId}, approved as ${r.hostId}`);
      }
    }
    for (const h of p.hosts.values()) {
      if (h.uncertain) continue;
      writes.checked++;
      const a = await get(`${p.base}/hosts/${h.id}`);
      if (a.status !== 200) {
        if (!w.lostWithEmulator(h, `host ${h.id} (acknowledged, then ${a.status})`)) writes.violations.push(`host ${h.id}: ${a.status}`);
        continue;
      }
      if (
        (a.body.group ?? undefined) !== h.group &&
        !w.lostWithEmulator(h, `host ${h.id} (group ${h.group} acknowledged, read ${a.body.group})`)
      )
        writes.violations.push(`host ${h.id}: group ${a.body.group}, acknowledged ${h.group}`);
      provisioned.checked++;
      if (a.body.status !== "create-completed")
        provisioned.violations.push(
          `host ${h.id}: ${a.body.status} ${JSON.stringify(a.body.conditions ?? a.body.statusReason ?? "")}`.slice(0, 300),
        );
    }
    for (const g of p.groups.values()) {
      if (g.uncertain) continue;
      writes.checked++;
      const a = await get(`${p.base}/host-groups/${g.name}`);
      if (a.status !== 200 && !w.lostWithEmulator(g, `group ${g.name} (acknowledged, then ${a.status})`))
        writes.violations.push(`group ${g.name}: ${a.status}`);
    }
    for (const cl of p.clusters.values()) {
      if (cl.uncertain || cl.deleted) continue;
      writes.checked++;
      const a = await get(`${p.base}/clusters/${cl.id}`);
      if (a.status !== 200) {
        if (!w.lostWithEmulator(cl, `cluster ${cl.name} (acknowledged, then ${a.status})`))
          writes.violations.push(`cluster ${cl.name}: ${a.status}`);
      } else if (
        a.body.workers !== undefined &&
        a.body.workers !== cl.workers &&
        w.lostWithEmulator(cl, `cluster ${cl.name} (workers ${cl.workers} acknowledged, read ${a.body.workers})`)
      ) {
        // the scale was acknowledged right before DynamoDB Local's kill, and lost with it
      } else {
        if (a.body.name !== cl.name) writes.violations.push(`cluster ${cl.id}: name ${a.body.name}, created as ${cl.name}`);
        if (a.body.hostGroup !== undefined && a.body.hostGroup !== cl.group)
          writes.violations.push(`cluster ${cl.name}: group ${a.body.hostGroup}, created with ${cl.group}`);
        if (a.body.workers !== undefined && a.body.workers !== cl.workers)
          writes.violations.push(`cluster ${cl.name}: workers ${a.body.workers}, last acknowledged ${cl.workers}`);
      }
    }
    // duplicates: one request per registered machine, one group per name, one cluster per name
    const requests = await listAll(c, `${p.base}/host-requests`);
    const byMachine = countBy(requests.map((r) => String(r.machineId)));
    for (const r of p.requests.values()) {
      dups.checked++;
      const n = byMachine.get(r.machineId) ?? 0;
      if (n !== 1 && !r.uncertain) dups.violations.push(`machine ${r.machineId}: ${n} host requests`);
    }
    for (const [name, n] of countBy((await listAll(c, `${p.base}/host-groups`)).map((g) => String(g.name)))) {
      dups.checked++;
      if (n > 1) dups.violations.push(`group ${name} listed ${n} times`);
    }
    for (const [name, n] of countBy((await listAll(c, `${p.base}/clusters`)).map((x) => String(x.name)))) {
      dups.checked++;
      if (n > 1) dups.violations.push(`cluster ${name} listed ${n} times`);
    }
  }
  return [writes, dups, decided, provisioned];
}

export async function checkClusters(c: SoakClient, w: Workload): Promise<InvariantResult> {
  const res: InvariantResult = {
    name: "every cluster Ready, deleted, or Failed with a step and reason",
    checked: 0,
    violations: [],
    notes: [],
  };
  for (const p of w.projects) {
    for (const cl of p.clusters.values()) {
      res.checked++;
      const a = await c.until("GET", `${p.base}/clusters/${cl.id}/status`, undefined, { giveUpMs: 60_000 });
      if (!a) {
        res.violations.push(`cluster ${cl.name}: no answer`);
        continue;
      }
      if (a.status === 404) {
        if (!cl.deleted) res.violations.push(`cluster ${cl.name}: gone, never deleted`);
        continue;
      }
      const s = a.body as {
        phase: string;
        currentStep: string | null;
        conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
        steps?: Array<{ name?: string; state?: string; message?: string }>;
      };
      if (s.phase === "Ready" && !cl.deleted) continue;
      const reasoned = s.conditions.find((x) => x.status !== "True" && x.reason && x.message);
      if (s.phase === "Failed") {
        // the failed step is named in steps (currentStep is null once Failed), and a condition says why
        const failedStep = (s.steps ?? []).find((x) => x.state === "failed");
        const ready = s.conditions.find((x) => x.type === "Ready");
        const line = `cluster ${cl.name}${cl.deleted ? " (deletion acknowledged)" : ""}: Failed at step ${failedStep?.name}: ${failedStep?.message ?? ""} (Ready: ${ready?.reason}: ${ready?.message})`;
        if (!reasoned || !failedStep?.name) res.violations.push(`${line}: no named step and reason`.slice(0, 1000));
        else res.notes?.push(line.slice(0, 1000));
        continue;
      }
      res.violations.push(
        `cluster ${cl.name}: ${s.phase}${cl.deleted ? " (deletion acknowledged)" : ""} at step ${s.currentStep}: ${reasoned ? `${reasoned.reason}: ${reasoned.message}` : "no condition says why"}`.slice(
          0,
          1000,
        ),
      );
    }
  }
  return res;
}

/** events of the soak's domain in the outbox (the table) and in the archive (S3) */
export async function checkEvents(
  env: Record<string, string>,
  stage: string,
  domain: string,
  localstackStartedAt: number,
): Promise<InvariantResult> {
  const res: InvariantResult = {
    name: "every outbox event archived (exactly once in effect: a replay reads each id once)",
    checked: 0,
    violations: [],
    notes: [],
  };
  const events = await domainEvents(env, domain);
  const bucket = localName(stage, buckets.archive.logical).toLowerCase();
  const archived = new Map<string, number>();
  let token: string | undefined;
  do {
    const list = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: ARCHIVE_PREFIX, ContinuationToken: token }));
    for (const o of list.Contents ?? []) {
      if (!o.Key?.includes(`domain=${domain}/`)) continue;
      const body = await (await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString();
      for (const line of (body ?? "").split("\n")) {
        if (!line.trim()) continue;
        const id = (JSON.parse(line) as { id: string }).id;
        archived.set(id, (archived.get(id) ?? 0) + 1);
      }
    }
    token = list.NextContinuationToken;
  } while (token);
  let lostWithEmulator = 0;
  // The archive is at least once by design: a relay killed after writing a batch and before its checkpoint
  // archives the batch again (events/replay/checkpoint.ts), and a replay reads each id once. Exactly once in
  // effect is "every event there", and what a replay makes of a duplicate; duplicates are counted, not violations.
  const twice: string[] = [];
  for (const e of events) {
    const n = archived.get(e.id) ?? 0;
    if (n > 1) twice.push(`${e.id} (${e.type}) ×${n}`);
    if (Date.parse(e.time) < localstackStartedAt) {
      // archived before LocalStack's last restart: its S3 (memory only) lost it
      if (n === 0) lostWithEmulator++;
      continue;
    }
    res.checked++;
    if (n === 0) res.violations.push(`event ${e.id} (${e.type}, ${e.time}) not archived`);
  }
  if (twice.length)
    res.notes?.push(
      `${twice.length} event(s) archived more than once by a relay restarted mid-batch, each read once by a replay: ${twice.slice(0, 5).join(", ")}`,
    );
  const outbox = new Set(events.map((e) => e.id));
  for (const id of archived.keys()) if (!outbox.has(id)) res.violations.push(`archived event ${id} is not in the outbox`);
  if (lostWithEmulator)
    res.notes?.push(
      `${lostWithEmulator} of ${events.length} events were archived before LocalStack's last restart (${new Date(localstackStartedAt).toISOString()}) and lost with its memory: not checkable here`,
    );
  res.notes?.push(`${events.length} events in the outbox, ${archived.size} distinct ids archived`);
  return res;
}

export function checkOutageAnswers(c: SoakClient, faults: FaultInjector, w: Workload): InvariantResult {
  const res: InvariantResult = {
    name: "outage answers: 503 problem+json with Retry-After; no 500, no hang past the request timeout, no wrong 404",
    checked: 0,
    violations: [...w.violations.filter((v) => v.startsWith("wrong 404"))],
    notes: [],
  };
  res.checked = Object.values(c.counts).reduce((a, b) => a + b, 0);
  let refusedWhileDown = 0;
  let silentWhileStopped = 0;
  for (const o of c.observations) {
    const from = o.at - o.ms;
    if (o.outcome === "5xx" || o.outcome === "bad-503")
      res.violations.push(`${o.method} ${o.route}: ${o.status} during [${o.faults.join(", ")}]: ${o.detail ?? ""}`.slice(0, 400));
    else if (o.outcome === "timeout") {
      if (faults.inNoAnswerWindow(from, o.at)) silentWhileStopped++;
      else res.violations.push(`${o.method} ${o.route}: no answer in ${REQUEST_TIMEOUT_MS} ms during [${o.faults.join(", ")}]`);
    } else if (o.outcome === "refused") {
      if (faults.inNoAnswerWindow(from, o.at)) refusedWhileDown++;
      else res.violations.push(`${o.method} ${o.route}: connection ${o.detail} with the control plane up, during [${o.faults.join(", ")}]`);
    }
  }
  res.notes?.push(
    `${refusedWhileDown} requests refused and ${silentWhileStopped} unanswered while the control plane's process was killed or stopped (no process to answer: behind API Gateway these would be its 5xx)`,
  );
  return res;
}

export function checkWorkload(w: Workload): InvariantResult {
  return {
    name: "the API's answers to the workload were the expected ones",
    checked: Object.values(w.actions).reduce((a, b) => a + b, 0),
    violations: w.violations.filter((v) => !v.startsWith("wrong 404")),
  };
}

export async function dlqContents(stage: string): Promise<Array<{ queue: string; count: number; samples: string[] }>> {
  const out: Array<{ queue: string; count: number; samples: string[] }> = [];
  for (const q of Object.values(queues)) {
    const name = localName(stage, dlqLogical(q));
    try {
      const url = (await sqsClient().send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
      const attrs = await sqsClient().send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      const count =
        Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      const samples: string[] = [];
      if (count > 0) {
        const got = await sqsClient().send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ["All"] }),
        );
        for (const m of got.Messages ?? []) samples.push((m.Body ?? "").slice(0, 300));
      }
      out.push({ queue: q.logical, count, samples });
    } catch (e) {
      out.push({ queue: q.logical, count: -1, samples: [`could not read: ${(e as Error).message}`] });
    }
  }
  return out;
}

export async function listAll(c: SoakClient, path: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const a = await c.until("GET", `${path}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, undefined, {
      giveUpMs: 60_000,
    });
    if (a?.status !== 200) throw new Error(`list ${path}: ${a?.status} ${a?.text}`);
    items.push(...(a.body.items as Array<Record<string, unknown>>));
    cursor = a.body.nextCursor;
  } while (cursor);
  return items;
}

function countBy(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

export type { ProjectModel };
