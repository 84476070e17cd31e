import { createHash } from "node:crypto";
import { z } from "zod";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent } from "../../events/outbox.js";
import { sameHealth } from "../addons/health.js";
import { type Ctx, transaction } from "../deps.js";
import { TunnelDisconnected } from "../kube/errors.js";
import { isDomainError, RetryableError } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { SagaMoved } from "./hosts.js";
import { clusterKeys } from "./items.js";
import type { Cluster, StepRecord } from "./model.js";
import { isStepName, OPERATION_STEPS, progressCondition, type StepName, setCondition } from "./operations.js";
import type { SagaEnv } from "./ports.js";
import { clusterOf } from "./read.js";
import { type ChainMemo, type DoneOutcome, newChainMemo } from "./steps/common.js";
import { failureReason, STEPS, type StepContext, type StepOutcome, WAIT_TIMEOUTS } from "./steps.js";

export { newSteps, progressCondition, setCondition } from "./operations.js";

import { cniVersion } from "./versions.js";

/**
 * The cluster lifecycle as a saga (DESIGN "Cluster lifecycle"). Every step
 * is one SQS message on the lifecycle queue; the cluster item records the
 * operation, its generation, the current step and each step's start and
 * end. A message runs its step only if the cluster is still at that
 * generation and step, and the step's completion is written under the same
 * condition, together with the event that carries the next step (outbox).
 * So a duplicate or stale message does nothing, and a worker that dies
 * mid-step leaves the message to be delivered again: the step runs again
 * from what it had recorded.
 */
export const sagaRun = z.object({
  clusterId: z.string(),
  generation: z.number().int().positive(),
  step: z.string().optional(),
  poll: z.number().int().positive().optional(),
  /** sent by the status sync when the management cluster reported a change (core/clusters/status-sync.ts), not a timer */
  nudge: z.literal(true).optional(),
  /** the timer chain this timer belongs to: set by the scheduled resume (saga-resume.ts), absent before any */
  chain: z.string().optional(),
  /** a timer of the quick chain a nudge started (waitAgain): a tag of that nudge, absent on the step's own chain */
  quickChain: z.string().optional(),
  /** a synced step's slow fallback timer (waitAgain) */
  slow: z.literal(true).optional(),
  /**
   * the operation's fallback timer (waitAgain): `step` is the synced step that started it, and while the cluster
   * holds it (`fallbackTimer`) it checks whichever synced step the operation waits on when it comes
   */
  follows: z.literal(true).optional(),
});
export type SagaRun = z.infer<typeof sagaRun>;

/** The saga part of a lifecycle message's data. */
export function sagaMessage(e: Envelope): Envelope<SagaRun> {
  return { ...e, data: sagaRun.parse(e.data) };
}

export type SagaResult = "completed" | "finished" | "waiting" | "failed" | "stale" | "gone";

export const SAGA_ACTOR = { kind: "system", id: "cluster-lifecycle" } as const;
/** While a step waits on addons, their health is written again at least this often even when it says the same. */
const HEALTH_REFRESH_MS = 30_000;

export function readCluster(env: Pick<SagaEnv, "deps">, t: ProjectRef, id: string): Promise<Cluster | undefined> {
  return clusterOf(env.deps, t, id);
}

export function tenantOf(e: Pick<Envelope, "id" | "domain" | "project">): ProjectRef {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  return { domain: e.domain, project: e.project };
}

/**
 * Runs the step a lifecycle message names, and, while the chain's time lasts
 * (`timing.chainSeconds`), the steps after it that need no waiting: a step's
 * completion is committed as always (its event marked `continued`, which no
 * queue receives) together with the message's id on the cluster
 * (`chainedFrom`), and the worker goes on with the next step itself. The
 * message stays unacknowledged until the chain ends in a wait, the end of the
 * operation, or its time; if the worker dies or a step fails meanwhile, the
 * message comes back and, finding its own id on the cluster, runs the step
 * the chain had reached.
 */
export async function runSagaMessage(env: SagaEnv, e: Envelope<SagaRun>, known?: Cluster): Promise<SagaResult> {
  const run = e.data;
  if (!run.step) return "finished";
  const t = tenantOf(e);
  const ctx: Ctx = { actor: SAGA_ACTOR, correlationId: e.correlationid, causationId: e.id };
  const read = known ?? (await readCluster(env, t, run.clusterId));
  const verdict = messageVerdict(read, e);
  if (verdict) return verdict;
  let c = read as Cluster;
  let m: Envelope<SagaRun> = e;
  // a tick of the operation's fallback timer: whatever this run ends in, the operation keeps one (FallbackHold)
  const hold: FallbackHold | undefined =
    run.follows && run.poll !== undefined ? { anchor: run.step, poll: run.poll, chain: run.chain, done: false } : undefined;
  if (c.step !== run.step) {
    m = { ...e, data: { clusterId: c.id, generation: c.generation, step: c.step } };
    // the operation waits on a step the sync does not nudge: that step's own timers poll it, the tick only goes on —
    // and ends once no synced step is left in the operation (a delete's releases after its objects are gone)
    if (hold && c.chainedFrom !== e.id && !env.timing.syncedSteps?.has(c.step)) {
      if (!syncedAhead(env, c)) return "stale";
      await scheduleFallback(env, ctx, c, hold);
      return "waiting";
    }
  }
  const chainUntil = Date.now() + env.timing.chainSeconds * 1000;
  const memo = newChainMemo();
  let result: SagaResult;
  for (;;) {
    const chain = Date.now() < chainUntil ? e.id : undefined;
    const r = await runStep(env, ctx, t, m, c, chain, hold, memo);
    if (typeof r === "string") {
      result = r;
      break;
    }
    // the item as the completion wrote it when nothing else had written it since it was read; else read again (the
    // step's own writes, such as the host reservation, change the item too)
    const next: Cluster | undefined = r.continued ?? (await readCluster(env, t, c.id));
    // another run moved it meanwhile (a nudge or a timer of the step just done finds it stale): that run goes on
    if (!next || next.generation !== c.generation || next.phase === "Failed") return "completed";
    if (next.chainedFrom !== e.id) {
      result = "completed";
      break;
    }
    c = next;
    // the next step starts as if its own message had come: its timers start a chain of their own
    m = { ...e, data: { clusterId: c.id, generation: c.generation, step: c.step } };
  }
  // the tick was taken and the operation goes on (another run moved it, the chain handed the next step to its own
  // message, a step waits on its own timers): the next tick keeps the operation's fallback
  if (hold && !hold.done && (result === "completed" || result === "stale" || result === "waiting") && syncedAhead(env, c))
    await scheduleFallback(env, ctx, c, hold);
  return result;
}

/** Whether the operation still has a step the sync nudges, at or after its current one: the fallback timer's work. */
function syncedAhead(env: SagaEnv, c: Cluster): boolean {
  const order = OPERATION_STEPS[c.operation];
  return order.slice(Math.max(0, order.indexOf(c.step as StepName))).some((s) => env.timing.syncedSteps?.has(s) === true);
}

/**
 * The operation's fallback timer as a run that took one of its ticks holds it: the next tick is sent once (by the
 * step that waits, or at the end of the run), and `done` says it was.
 */
interface FallbackHold {
  anchor: string;
  poll: number;
  chain: string | undefined;
  done: boolean;
}

/**
 * Whether the cluster holds the operation's fallback timer in its current generation and resume chain. A tick of it
 * checks the synced step the operation waits on even when the step that started it is done.
 */
export function holdsFallback(c: Cluster, e?: Envelope<SagaRun>): boolean {
  const f = c.fallbackTimer;
  if (!f || f.generation !== c.generation || f.chain !== c.sagaChain) return false;
  if (!e) return true;
  return e.data.follows === true && e.data.poll !== undefined && e.data.step === f.step && e.data.chain === f.chain;
}

/**
 * What a lifecycle message finds in the cluster as read, before it runs anything: "gone", "stale" (another
 * generation, a failed operation, or its step — or the step its inline chain reached — no longer running), or
 * undefined: run it.
 */
export function messageVerdict(c: Cluster | undefined, e: Envelope<SagaRun>): "gone" | "stale" | undefined {
  if (!c) return "gone";
  if (c.generation !== e.data.generation || c.phase === "Failed") return "stale";
  if (c.step !== e.data.step && c.chainedFrom !== e.id && !holdsFallback(c, e)) return "stale";
  return c.steps.find((r) => r.name === c.step)?.state === "running" ? undefined : "stale";
}

async function runStep(
  env: SagaEnv,
  ctx: Ctx,
  t: ProjectRef,
  e: Envelope<SagaRun>,
  c: Cluster,
  chain: string | undefined,
  hold: FallbackHold | undefined,
  memo: ChainMemo,
): Promise<SagaResult | Continued> {
  const run = e.data as SagaRun & { step: string };
  const record = c.steps.find((s) => s.name === run.step);
  if (record?.state !== "running") return "stale";
  if (!isStepName(run.step)) throw new Error(`unknown step ${run.step}`);
  const def = STEPS[run.step];
  const guard = { clusterId: c.id, generation: c.generation, step: run.step };
  const s: StepContext = { env, c, t, ctx, guard, chain: memo };

  let outcome: StepOutcome;
  try {
    outcome = await def.run(s);
  } catch (err) {
    if (err instanceof SagaMoved) return "stale";
    // a remote management cluster whose agent is away: the step waits for it (a condition), up to its time limit
    if (!(err instanceof TunnelDisconnected)) {
      if (isTerminal(err)) {
        await fail(env, ctx, c, run.step, failureReason(err), (err as Error).message);
        return "failed";
      }
      await noteRetry(env, ctx, c, run.step, err as Error);
      throw err;
    }
    outcome = { kind: "wait", reason: err.reason, message: err.describe() };
  }
  // the item as the step left it: a step that wrote it (the hosts it took) says so (StepContext.wrote)
  const after = s.c;
  try {
    if (outcome.kind === "done")
      return await complete(env, ctx, after, run.step as StepName, outcome, { chain, itemKnown: s.wrote !== "unknown", memo });
    return await waitAgain(env, ctx, e, after, record, outcome, hold);
  } catch (err) {
    if (err instanceof SagaMoved) return "stale";
    throw err;
  }
}

/** Terminal: a DomainError other than a concurrency conflict (which a retry resolves). */
function isTerminal(err: unknown): boolean {
  if (err instanceof RetryableError) return false;
  return isDomainError(err) && err.kind !== "conflict" && err.kind !== "precondition-failed";
}

const guardOf = (c: Cluster, step: string) => ({
  condition: "generation = :gen AND step = :step",
  values: { ":gen": c.generation, ":step": step },
  onConditionFailed: () => new SagaMoved(),
});

/** A step's condition type; the step name itself for a step no longer known (records of older versions). */
const conditionOf = (step: string) => (isStepName(step) ? STEPS[step].condition : step);

/** A step completed and its worker goes on with the next: the item as the completion wrote it, when known. */
type Continued = { continued: Cluster | undefined };

/** The item had been written since it was read (the completion's version guard): the completion is written without it. */
class ItemMoved extends Error {}

/**
 * A step's completion. When the worker goes on with the next step itself
 * (`chain`), the completion is first written only if the item is still at
 * the version read, so the next step can start from the item as written,
 * with no read; if it had moved, it is written as always and the next step
 * reads it. The operation's last step is always started from a read: a
 * write that leaves the version as it is (a template move's progress) must
 * not be missed when the operation ends.
 */
async function complete(
  env: SagaEnv,
  ctx: Ctx,
  c: Cluster,
  step: StepName,
  o: Extract<StepOutcome, { kind: "done" }>,
  { chain, itemKnown, memo }: { chain: string | undefined; itemKnown: boolean; memo: ChainMemo },
): Promise<SagaResult | Continued> {
  const order = OPERATION_STEPS[c.operation];
  const settled = settledAfter(c, step, o);
  const folded = chain === undefined ? settled : await foldActions(env, ctx, c, step, o, settled, memo);
  const next = order[order.indexOf(folded[folded.length - 1]?.step ?? step) + 1];
  if (itemKnown && chain !== undefined && next !== undefined && next !== order[order.length - 1]) {
    try {
      return await completeOnce(env, ctx, c, step, o, folded, chain, true);
    } catch (e) {
      if (!(e instanceof ItemMoved)) throw e;
    }
  }
  return completeOnce(env, ctx, c, step, o, folded, chain, false);
}

/** A step's completion as the saga writes it; a step folded into another's completion ran from `startedAt` to `endedAt`. */
type Settled = { step: StepName; o: DoneOutcome; startedAt?: string; endedAt?: string };

/**
 * The steps after `step` whose outcome the cluster item alone decides (StepDef.settled: no reads, no writes, such
 * as a wait for machines when none were provisioned): they are completed in the same write as `step`, each with
 * its own record, condition and event. Never the operation's last step (its completion ends the operation from a
 * read, see complete).
 */
function settledAfter(c: Cluster, step: StepName, o: DoneOutcome): Settled[] {
  if (c.operation === "delete") return [];
  const order = OPERATION_STEPS[c.operation];
  const view = { ...c, ...(o.set as Partial<Cluster> | undefined) } as Cluster;
  const out: Settled[] = [];
  for (let i = order.indexOf(step) + 1; i < order.length - 1; i++) {
    const candidate = order[i] as StepName;
    const settled = STEPS[candidate].settled?.(view);
    if (!settled) break;
    out.push({ step: candidate, o: settled });
  }
  return out;
}

/**
 * The action steps right after `step` (StepDef.foldable: applies that need no wait, such as install-cni after
 * wait-control-plane) run now, before `step`'s completion is written, and are completed in the same write, each
 * with its own record, condition and event: one transaction for both, not one each. Only in an inline chain, where
 * the worker would run them next anyway; never the operation's last step. One that waits, throws or writes the item
 * itself is not folded: it runs next as a step of its own, where its wait or failure is handled as always (an apply
 * is safe to run twice).
 */
async function foldActions(
  env: SagaEnv,
  ctx: Ctx,
  c: Cluster,
  step: StepName,
  o: DoneOutcome,
  settled: Settled[],
  memo: ChainMemo,
): Promise<Settled[]> {
  const order = OPERATION_STEPS[c.operation];
  const out = [...settled];
  let view = { ...c, ...(o.set as Partial<Cluster> | undefined) } as Cluster;
  for (;;) {
    const candidate = order[order.indexOf(out[out.length - 1]?.step ?? step) + 1];
    if (!candidate || candidate === order[order.length - 1] || !STEPS[candidate].foldable) return out;
    const startedAt = env.deps.clock.now().toISOString();
    const s: StepContext = {
      env,
      c: { ...view, step: candidate },
      t: { domain: c.domain, project: c.project },
      ctx,
      guard: { clusterId: c.id, generation: c.generation, step: candidate },
      chain: memo,
    };
    let r: StepOutcome;
    try {
      r = await STEPS[candidate].run(s);
    } catch {
      return out;
    }
    if (r.kind !== "done" || s.wrote !== undefined) return out;
    out.push({ step: candidate, o: r, startedAt, endedAt: env.deps.clock.now().toISOString() });
    out.push(...settledAfter(view, candidate, r));
    view = { ...view, ...(r.set as Partial<Cluster> | undefined) } as Cluster;
  }
}

async function completeOnce(
  env: SagaEnv,
  ctx: Ctx,
  c: Cluster,
  step: StepName,
  o: DoneOutcome,
  folded: Settled[],
  chain: string | undefined,
  sameVersion: boolean,
): Promise<SagaResult | Continued> {
  const t = { domain: c.domain, project: c.project };
  const now = env.deps.clock.now().toISOString();
  const order = OPERATION_STEPS[c.operation];
  const done: Settled[] = [{ step, o }, ...folded];
  const last = done[done.length - 1] as Settled;
  const next = order[order.indexOf(last.step) + 1];
  const tx = transaction(env.deps, ctx);
  const subject = `clusters/${c.id}`;

  if (c.operation === "delete" && !next) {
    tx.delete(clusterKeys.cluster(t, c.id), guardOf(c, step)).delete(clusterKeys.name(t, c.name));
    tx.emit("ckp.cluster.deleted", subject, { clusterId: c.id, name: c.name }, t);
    await tx.commit();
    return "finished";
  }

  let steps = c.steps;
  let conditions = c.conditions;
  for (const [i, d] of done.entries()) {
    const following = order[order.indexOf(d.step) + 1];
    // the step whose completion this is ended when the first step folded into it started
    const endedAt = i === 0 ? (folded.find((f) => f.startedAt)?.startedAt ?? now) : (d.endedAt ?? now);
    const endedBy = (r: StepRecord): StepRecord => ({
      ...r,
      state: d.o.skipped ? "skipped" : "succeeded",
      ...(i > 0 ? { startedAt: d.startedAt ?? now } : {}),
      endedAt,
      message: d.o.message,
    });
    steps = steps.map((r): StepRecord => {
      if (r.name === d.step) return endedBy(r);
      if (r.name === following) return { ...r, state: "running", startedAt: now };
      return r;
    });
    // an operation recorded before a step was added to it (a release in the middle of its run) gets the step's record now
    if (following && !steps.some((r) => r.name === following)) {
      const at = steps.findIndex((r) => r.name === d.step) + 1;
      steps = [...steps.slice(0, at), { name: following, state: "running", startedAt: now }, ...steps.slice(at)];
    }
    conditions = setCondition(
      conditions,
      { type: conditionOf(d.step), status: "True", reason: d.o.skipped ? "Skipped" : "Succeeded", message: d.o.message },
      now,
    );
  }
  const values: Record<string, unknown> = { ":steps": steps, ":u": now, ":one": 1 };
  const sets = ["steps = :steps", "updatedAt = :u", "version = version + :one"];
  const removes: string[] = [];
  // what each completed step sets, a later step's value over an earlier's
  const set: Partial<Cluster> = Object.assign({}, ...done.map((d) => d.o.set ?? {}));
  for (const [k, v] of Object.entries(set)) {
    sets.push(`#set_${k} = :set_${k}`);
    values[`:set_${k}`] = v;
  }
  const names: Record<string, string> = Object.fromEntries(Object.keys(set).map((k) => [`#set_${k}`, k]));
  let finished: { kubernetesVersion: string; workers: number } | undefined;
  const continued = next !== undefined && chain !== undefined;
  if (next) {
    sets.push("step = :next");
    values[":next"] = next;
    conditions = progressCondition(c.operation, next, now, conditions);
    if (continued) {
      sets.push("chainedFrom = :chain");
      values[":chain"] = chain;
    }
  } else {
    finished = { kubernetesVersion: c.target?.kubernetesVersion ?? c.kubernetesVersion, workers: c.workers };
    sets.push("phase = :ready");
    values[":ready"] = "Ready";
    removes.push("target");
    if (c.operation === "upgrade" && c.target?.kubernetesVersion) {
      sets.push("kubernetesVersion = :kv", "cni = :cni");
      values[":kv"] = c.target.kubernetesVersion;
      values[":cni"] = { name: c.cni.name, version: cniVersion(c.target.kubernetesVersion, c.cni.name) };
    }
    conditions = setCondition(
      conditions,
      { type: "Ready", status: "True", reason: "Ready", message: `${finished.workers} worker(s) at ${finished.kubernetesVersion}` },
      now,
    );
  }
  sets.push("conditions = :conds");
  values[":conds"] = conditions;
  const g = guardOf(c, step);
  tx.update(clusterKeys.cluster(t, c.id), `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`, {
    condition: sameVersion ? `${g.condition} AND version = :seen` : g.condition,
    values: { ...values, ...g.values, ...(sameVersion ? { ":seen": c.version } : {}) },
    ...(Object.keys(names).length ? { names } : {}),
    onConditionFailed: sameVersion ? () => new ItemMoved() : g.onConditionFailed,
  });
  for (const d of done) d.o.emit?.(tx);
  for (const [i, d] of done.entries()) {
    const following = order[order.indexOf(d.step) + 1];
    // a step folded into this completion goes on in it: its event, like a chained step's, drives no worker
    const goesOn = i < done.length - 1 || continued;
    tx.emit(
      "ckp.cluster.step-completed",
      subject,
      {
        clusterId: c.id,
        generation: c.generation,
        operation: c.operation,
        completed: d.step,
        outcome: d.o.skipped ? "skipped" : "succeeded",
        ...(following ? { step: following } : {}),
        message: d.o.message,
        ...(goesOn ? { continued: true as const } : {}),
      },
      t,
    );
  }
  if (finished)
    tx.emit(
      "ckp.cluster.ready",
      subject,
      {
        clusterId: c.id,
        generation: c.generation,
        operation: c.operation,
        ...finished,
        // the lifecycle worker hears of it only while a template move waits for it (events/routing.ts)
        templateMove: c.templateMove?.state === "Running",
      },
      t,
    );
  await tx.commit();
  if (continued)
    return {
      continued: sameVersion
        ? {
            ...c,
            ...set,
            steps,
            step: next,
            conditions,
            chainedFrom: chain,
            updatedAt: now,
            version: c.version + 1,
          }
        : undefined,
    };
  return next ? "completed" : "finished";
}

async function waitAgain(
  env: SagaEnv,
  ctx: Ctx,
  e: Envelope<SagaRun>,
  c: Cluster,
  record: StepRecord,
  o: Extract<StepOutcome, { kind: "wait" }>,
  hold?: FallbackHold,
): Promise<SagaResult> {
  const step = record.name;
  const syncedStep = env.timing.syncedSteps?.has(step) === true;
  // the sync will nudge the step when what it waits on changes: its own timer is only the slow fallback. A fallback
  // timer stays one even if the step now waits on what the sync does not watch: the sync saw what it watched settle
  // and its nudge started a quick chain for the rest (two quick chains would poll twice)
  const synced = syncedStep && (o.synced !== false || e.data.slow === true || hold !== undefined);
  // A synced step's first wait (the message that started it, no poll): the operation's fallback timer, one per
  // operation, checks it when it comes. The first synced step that waits starts that timer, written on the item
  // first; the steps after it, finding the item holding it, send none (a step a nudge ended used to leave a timer
  // that found it done). A redelivered first wait of the step that started it sends it again, under the same id.
  const first = synced && !e.data.nudge && !hold && e.data.poll === undefined;
  const heldByEarlier = holdsFallback(c) && c.fallbackTimer?.step !== step;
  const arm = first && !heldByEarlier ? { generation: c.generation, step, ...(c.sagaChain ? { chain: c.sagaChain } : {}) } : undefined;
  if ((await recordWait(env, ctx, c, record, o, false, arm)) === "failed") return "failed";
  if (first) {
    if (arm) await scheduleFallback(env, ctx, c, { anchor: step, poll: 0, chain: c.sagaChain, done: false });
    return "waiting";
  }
  // a tick (never a nudge: a nudge has no poll) at a synced step: the operation's timer goes on from here
  if (hold && syncedStep) {
    await scheduleFallback(env, ctx, c, hold);
    return "waiting";
  }
  const now = env.deps.clock.now();
  const t = { domain: c.domain, project: c.project };
  let quickChain = e.data.quickChain;
  if (e.data.nudge) {
    // a nudge is no timer: the timer chain of the step (the fallback) goes on as it was, and nudges never multiply
    // it — unless the step now waits on what the sync does not watch (wait-addons on the workload cluster's pods),
    // while its own chain may be minutes away: then the nudge starts a chain of quick timers of its own
    if (synced || !syncedStep) return "waiting";
    quickChain = createHash("sha256").update(e.id).digest("hex").slice(0, 12);
  } else {
    // a timer of a chain the scheduled resume replaced (saga-resume.ts) ends here, and the new chain goes on
    if (e.data.poll !== undefined && e.data.chain !== c.sagaChain) return "waiting";
    // a nudge's quick chain ends once the sync watches what the step waits on again; the step's own chain goes on
    if (quickChain && synced) return "waiting";
  }
  const poll = e.data.nudge ? 1 : (e.data.poll ?? 0) + 1;
  const delay = synced
    ? (env.timing.syncedFallbackSeconds ?? env.timing.maxPollSeconds)
    : Math.min(env.timing.maxPollSeconds, env.timing.firstPollSeconds * 2 ** Math.min(poll - 1, 20));
  const timer = buildEvent(
    "ckp.cluster.step-due",
    `clusters/${c.id}`,
    {
      clusterId: c.id,
      generation: c.generation,
      step,
      poll,
      ...(c.sagaChain ? { chain: c.sagaChain } : {}),
      ...(quickChain ? { quickChain } : {}),
      ...(synced ? { slow: true as const } : {}),
    },
    t,
    ctx,
    now,
  );
  // a deterministic id: a timer sent twice (a retried delivery) is handled once
  const id = `tmr_${c.id}_${c.generation}_${step}_${c.sagaChain ? `${c.sagaChain}_` : ""}${quickChain ? `${quickChain}_` : ""}${poll}`;
  await env.schedule({ ...timer, id }, Math.max(0, Math.round(delay)));
  return "waiting";
}

/**
 * The operation's fallback timer's next tick (poll + 1), after the synced fallback interval; ends with the resume
 * chain it belonged to. Its id is deterministic, so a run delivered twice sends it once.
 */
async function scheduleFallback(env: SagaEnv, ctx: Ctx, c: Cluster, hold: FallbackHold): Promise<void> {
  hold.done = true;
  if (hold.chain !== c.sagaChain) return;
  const poll = hold.poll + 1;
  const timer = buildEvent(
    "ckp.cluster.step-due",
    `clusters/${c.id}`,
    {
      clusterId: c.id,
      generation: c.generation,
      step: hold.anchor,
      poll,
      ...(hold.chain ? { chain: hold.chain } : {}),
      slow: true as const,
      follows: true as const,
    },
    { domain: c.domain, project: c.project },
    ctx,
    env.deps.clock.now(),
  );
  const id = `tmr_${c.id}_${c.generation}_${hold.anchor}_${hold.chain ? `${hold.chain}_` : ""}f${poll}`;
  await env.schedule({ ...timer, id }, Math.round(env.timing.syncedFallbackSeconds ?? env.timing.maxPollSeconds));
}

/**
 * What a waiting step found, written to the cluster when it changed (the
 * step's condition, what CAPI reported and a `ckp.cluster.progressed` event,
 * the addons' health), or the step failed when it is past its time limit.
 * The saga calls it for a step it ran; the status sync for a step it judged
 * still waiting from its watched copy (core/clusters/status-sync.ts), which
 * spares the lifecycle queue a message. `sameVersion`: written only if the
 * item is still at `c.version` (the sync's copy of the item may be old).
 * Answers the item as written (or `c` when nothing changed), or "failed".
 */
export async function recordWait(
  env: Pick<SagaEnv, "deps"> & { timing: Pick<SagaEnv["timing"], "timeoutSeconds" | "defaultTimeoutSeconds"> },
  ctx: Ctx,
  c: Cluster,
  record: StepRecord,
  o: Extract<StepOutcome, { kind: "wait" }>,
  sameVersion = false,
  /** the operation's fallback timer this step starts: written with the rest (before the timer is sent) */
  arm?: NonNullable<Cluster["fallbackTimer"]>,
): Promise<Cluster | "failed"> {
  const step = record.name;
  const now = env.deps.clock.now();
  const limit = env.timing.timeoutSeconds[step] ?? (isStepName(step) ? WAIT_TIMEOUTS[step] : undefined) ?? env.timing.defaultTimeoutSeconds;
  const started = Date.parse(record.startedAt ?? now.toISOString());
  if (now.getTime() - started > limit * 1000) {
    await fail(env, ctx, c, step, o.timeoutReason ?? "StepTimedOut", `${step} did not finish within ${limit}s: ${o.message}`);
    return "failed";
  }
  const t = { domain: c.domain, project: c.project };
  const at = now.toISOString();
  const conditions = setCondition(c.conditions, { type: conditionOf(step), status: "False", reason: o.reason, message: o.message }, at);
  const observedChanged = o.observed !== undefined && !sameObserved(o.observed, c.observed);
  // what the addons' check found is written when it changes, and refreshed now and then so "last checked" stays true
  const healthChanged =
    o.addonHealth &&
    (!sameHealth(c.addonHealth, o.addonHealth) ||
      now.getTime() - Date.parse(c.addonHealth?.checkedAt ?? "1970-01-01T00:00:00Z") > HEALTH_REFRESH_MS);
  const armed =
    arm !== undefined &&
    !(c.fallbackTimer?.generation === arm.generation && c.fallbackTimer.step === arm.step && c.fallbackTimer.chain === arm.chain);
  if (conditions !== c.conditions || observedChanged || healthChanged || armed) {
    const tx = transaction(env.deps, ctx);
    const g = guardOf(c, step);
    tx.update(
      clusterKeys.cluster(t, c.id),
      `SET conditions = :c, updatedAt = :u, version = version + :one${observedChanged ? ", observed = :o" : ""}${healthChanged ? ", addonHealth = :h" : ""}${armed ? ", fallbackTimer = :ft" : ""}`,
      {
        condition: sameVersion ? `${g.condition} AND version = :seen` : g.condition,
        values: {
          ...g.values,
          ...(sameVersion ? { ":seen": c.version } : {}),
          ":c": conditions,
          ":u": at,
          ":one": 1,
          ...(observedChanged ? { ":o": o.observed } : {}),
          ...(healthChanged ? { ":h": o.addonHealth } : {}),
          ...(armed ? { ":ft": arm } : {}),
        },
        onConditionFailed: g.onConditionFailed,
      },
    );
    if (observedChanged && o.observed) {
      const { at: _at, ...observed } = o.observed;
      tx.emit("ckp.cluster.progressed", `clusters/${c.id}`, { clusterId: c.id, step, observed }, t);
    }
    await tx.commit();
    return {
      ...c,
      conditions,
      updatedAt: at,
      version: c.version + 1,
      ...(observedChanged ? { observed: o.observed } : {}),
      ...(healthChanged ? { addonHealth: o.addonHealth } : {}),
      ...(armed ? { fallbackTimer: arm } : {}),
    };
  }
  return c;
}

/** Stops the saga: the step is failed, its condition and Ready say why. */
export async function fail(env: Pick<SagaEnv, "deps">, ctx: Ctx, c: Cluster, step: string, reason: string, message: string): Promise<void> {
  const t = { domain: c.domain, project: c.project };
  const now = env.deps.clock.now().toISOString();
  const steps = c.steps.map(
    (r): StepRecord =>
      r.name === step ? { ...r, state: "failed", endedAt: now, message } : r.state === "pending" ? { ...r, state: "cancelled" } : r,
  );
  let conditions = setCondition(c.conditions, { type: conditionOf(step), status: "False", reason, message }, now);
  conditions = setCondition(
    conditions,
    { type: "Ready", status: "False", reason: "Failed", message: `${c.operation} failed at step ${step} (${reason}): ${message}` },
    now,
  );
  const tx = transaction(env.deps, ctx);
  const g = guardOf(c, step);
  tx.update(
    clusterKeys.cluster(t, c.id),
    "SET phase = :failed, steps = :steps, conditions = :c, updatedAt = :u, version = version + :one",
    {
      condition: `${g.condition} AND phase <> :failed`,
      values: { ...g.values, ":failed": "Failed", ":steps": steps, ":c": conditions, ":u": now, ":one": 1 },
      onConditionFailed: g.onConditionFailed,
    },
  ).emit(
    "ckp.cluster.failed",
    `clusters/${c.id}`,
    { clusterId: c.id, generation: c.generation, operation: c.operation, step, reason, message },
    t,
  );
  try {
    await tx.commit();
  } catch (e) {
    if (!(e instanceof SagaMoved)) throw e;
  }
}

/** Counts a failed attempt on the step, so the status shows that (and why) it is being retried. */
async function noteRetry(env: SagaEnv, ctx: Ctx, c: Cluster, step: string, err: Error): Promise<void> {
  const t = { domain: c.domain, project: c.project };
  const record = c.steps.find((r) => r.name === step);
  const retries = (record?.retries ?? 0) + 1;
  const message = `attempt ${retries} failed, retrying: ${err.message}`.slice(0, 1000);
  const steps = c.steps.map((r) => (r.name === step ? { ...r, retries, message } : r));
  const tx = transaction(env.deps, ctx);
  const g = guardOf(c, step);
  tx.update(clusterKeys.cluster(t, c.id), "SET steps = :steps, updatedAt = :u, version = version + :one", {
    condition: g.condition,
    values: { ...g.values, ":steps": steps, ":u": env.deps.clock.now().toISOString(), ":one": 1 },
    onConditionFailed: g.onConditionFailed,
  }).emit("ckp.cluster.step-retrying", `clusters/${c.id}`, { clusterId: c.id, generation: c.generation, step, retries, message }, t);
  await tx.commit().catch(() => undefined); // the retry itself matters more than the note
}

/** The last delivery of a step's message failed: the saga stops with the reason (called before SQS dead-letters it). */
export async function giveUp(env: Pick<SagaEnv, "deps">, e: Envelope<SagaRun>, err: Error): Promise<void> {
  if (!e.data.step) return;
  const t = tenantOf(e);
  const c = await readCluster(env, t, e.data.clusterId);
  if (!c || c.generation !== e.data.generation || c.phase === "Failed") return;
  // the message's own step, the one its inline chain had reached when it failed, or (a tick of the operation's
  // fallback timer) the step the operation waits on
  if (c.step !== e.data.step && c.chainedFrom !== e.id && !holdsFallback(c, e)) return;
  const ctx: Ctx = { actor: SAGA_ACTOR, correlationId: e.correlationid, causationId: e.id };
  await fail(env, ctx, c, c.step, "RetriesExhausted", `gave up after repeated failures: ${err.message}`);
}

/**
 * What CAPI reported, compared field by field, `at` aside: the stored copy
 * comes back from DynamoDB with its keys in another order, so comparing
 * serialised forms saw a change (and wrote an event) on every poll.
 */
export function sameObserved(a: NonNullable<Cluster["observed"]>, b: Cluster["observed"]): boolean {
  if (!b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete("at");
  return [...keys].every((k) => a[k as keyof typeof a] === b[k as keyof typeof b]);
}
