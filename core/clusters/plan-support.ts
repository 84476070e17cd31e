import type { Ctx } from "../deps.js";
import type { Host } from "../hosts/model.js";
import { isDomainError, RetryableError } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import type { Cluster } from "./model.js";
import { OPERATION_STEPS } from "./operations.js";
import type { PlanEnv } from "./plan.js";
import type { KubeObjectLike, ObjectRefLike } from "./ports.js";
import { refOf, type StepContext } from "./steps/common.js";

/** The plan's model and the helpers every operation's plan uses (core/clusters/plan.ts). */
export type PlanOperation = "create" | "scale" | "upgrade" | "delete";

export interface PlanCheck {
  name: string;
  ok: boolean;
  /** the problem code the operation would answer (core/shared/error-codes.ts) */
  code?: string;
  message: string;
}

export interface PlanHost {
  id: string;
  hostname?: string;
  /** where a released host goes: back to its group, or deleted with its machine returned to the provider */
  to?: "group" | "provider";
}

export interface PlanMachine {
  name: string;
  os?: string;
  arch?: string;
  serverId?: string;
}

export interface PlanChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

export interface PlanObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  action: "create" | "update" | "unchanged" | "delete";
  /** for updates: the fields that would change, as the management cluster computed them */
  changes?: PlanChange[];
}

export interface ClusterPlan {
  operation: PlanOperation;
  dryRun: true;
  /** the cluster; a create's id is only chosen when it is really created */
  cluster: { id: string | null; name: string; phase: string | null };
  /** whether the API would accept the request (else `refusal` says why, with the problem code it would answer) */
  accepted: boolean;
  refusal?: { code: string; message: string };
  checks: PlanCheck[];
  /** the saga steps the operation would run, in order */
  steps: string[];
  from: { workers?: number; kubernetesVersion?: string };
  to: { workers?: number; kubernetesVersion?: string };
  providerCluster: { name: string; project?: string; type: string } | null;
  managementCluster: { id: string; name: string } | null;
  hosts: { take: PlanHost[]; release: PlanHost[] };
  machines: {
    /** machines the provider would be asked for */
    create: PlanMachine[];
    /** machines given back to the provider */
    release: PlanMachine[];
    /** CAPI Machines marked to go first on a scale-down */
    markForDeletion: string[];
  };
  objects: PlanObject[];
  notes: string[];
}

export class Checks {
  readonly list: PlanCheck[] = [];

  /** Runs one check; a refusal (DomainError) is recorded, anything else (a fault, an unreachable cluster) propagates. */
  async run<T>(name: string, fn: () => Promise<T> | T, ok: (v: T) => string): Promise<T | undefined> {
    try {
      const v = await fn();
      this.list.push({ name, ok: true, message: ok(v) });
      return v;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      this.list.push({ name, ok: false, code: e.code, message: e.message });
      return undefined;
    }
  }

  fail(name: string, message: string, code?: string): void {
    this.list.push({ name, ok: false, ...(code ? { code } : {}), message });
  }
}

/** The command with dryRun: its answer, or the refusal it would give. */
export async function verdict<T>(fn: () => Promise<T>): Promise<{ value?: T; refusal?: { code: string; message: string } }> {
  try {
    return { value: await fn() };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { refusal: { code: e.code, message: e.message } };
  }
}

export function emptyPlan(operation: PlanOperation, cluster: ClusterPlan["cluster"]): ClusterPlan {
  return {
    operation,
    dryRun: true,
    cluster,
    accepted: true,
    checks: [],
    steps: [...OPERATION_STEPS[operation]],
    from: {},
    to: {},
    providerCluster: null,
    managementCluster: null,
    hosts: { take: [], release: [] },
    machines: { create: [], release: [], markForDeletion: [] },
    objects: [],
    notes: [],
  };
}

export function finish(plan: ClusterPlan, checks: Checks, v: { refusal?: { code: string; message: string } }): ClusterPlan {
  plan.checks = checks.list;
  if (v.refusal) {
    plan.accepted = false;
    plan.refusal = v.refusal;
    // a refusal no check foresaw is a failed check of its own
    if (checks.list.every((c) => c.ok)) {
      plan.checks.push({ name: "request", ok: false, code: v.refusal.code, message: v.refusal.message });
    }
  }
  return plan;
}

export const hostView = (h: Pick<Host, "id" | "hostname">, to?: PlanHost["to"]): PlanHost => ({
  id: h.id,
  ...(h.hostname ? { hostname: h.hostname } : {}),
  ...(to ? { to } : {}),
});

export const stepContext = (env: PlanEnv, ctx: Ctx, t: ProjectRef, c: Cluster): StepContext => ({
  env: env.saga,
  c,
  t,
  ctx,
  guard: { clusterId: c.id, generation: c.generation, step: c.step },
});

// ---------------------------------------------------------------- objects

/** Fields the apiserver owns: never part of a diff. */
const SERVER_FIELDS = ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink"];

function comparable(o: KubeObjectLike): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = o as KubeObjectLike & Record<string, unknown>;
  const meta = Object.fromEntries(Object.entries(metadata).filter(([k]) => !SERVER_FIELDS.includes(k)));
  return { ...rest, metadata: meta };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Field-level differences between two JSON values (arrays compare whole). */
export function diffJson(from: unknown, to: unknown, path = ""): PlanChange[] {
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => diffJson(from[k], to[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  return [{ path, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
}

export const objectRef = (r: ObjectRefLike) => ({
  apiVersion: r.apiVersion,
  kind: r.kind,
  name: r.name,
  ...(r.namespace ? { namespace: r.namespace } : {}),
});

/**
 * What applying `objects` would change on a management cluster: each is
 * read and applied in dry-run mode (the apiserver validates it and answers
 * the merged object), and the two are compared. An object the apiserver
 * refuses fails the `objects` check with its message.
 */
export async function diffObjects(env: PlanEnv, mc: string, objects: KubeObjectLike[], checks: Checks): Promise<PlanObject[]> {
  const out: PlanObject[] = [];
  const refused: string[] = [];
  let code: string | undefined;
  for (const o of objects) {
    const ref = refOf(o);
    const live = await env.saga.capi.get(mc, ref);
    let after: KubeObjectLike;
    try {
      after = await env.dryRunApply(mc, o);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      refused.push(`${o.kind} ${o.metadata.name}: ${e.message}`);
      code ??= e.code;
      out.push({ ...objectRef(ref), action: live ? "update" : "create" });
      continue;
    }
    if (!live) {
      out.push({ ...objectRef(ref), action: "create" });
      continue;
    }
    const changes = diffJson(comparable(live), comparable(after));
    out.push({ ...objectRef(ref), action: changes.length ? "update" : "unchanged", ...(changes.length ? { changes } : {}) });
  }
  if (refused.length) checks.fail("objects", `the management cluster would refuse: ${refused.join("; ")}`, code);
  else checks.list.push({ name: "objects", ok: true, message: `the management cluster accepts the ${objects.length} object(s) (dry run)` });
  return out;
}

/** Reads of a management cluster that cannot be done (unreachable, refused credentials) fail the plan's check, not the answer. */
export async function reachable<T>(checks: Checks, mcName: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RetryableError) {
      checks.fail("management-cluster", `management cluster ${mcName} could not be read: ${e.message}`, "service-unavailable");
      return undefined;
    }
    throw e;
  }
}
