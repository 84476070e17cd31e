import type { Condition } from "../hosts/model.js";
import type { ClusterPhase, Operation, StepRecord } from "./model.js";

/**
 * Which steps each operation runs, in order, and the bookkeeping of a new
 * operation: kept apart from the steps themselves so the API (which starts
 * operations) does not load what the worker runs.
 */
export const OPERATION_STEPS: Record<Operation, string[]> = {
  create: [
    "resolve-provider",
    "provision-machines",
    "wait-registration",
    "wait-approval",
    "assign-hosts",
    "issue-certificates",
    "apply-objects",
    "wait-control-plane",
    "wait-workers",
  ],
  // scale-down: the leaving hosts' Machines are marked before replicas drop, and only hosts CAPI released go back
  scale: ["assign-hosts", "mark-surplus-machines", "apply-objects", "wait-workers", "release-surplus-hosts"],
  upgrade: ["upgrade-control-plane", "wait-control-plane", "upgrade-workers", "wait-workers"],
  delete: [
    "delete-objects",
    "wait-objects-deleted",
    "release-hosts",
    "release-machines",
    "release-placement",
    "revoke-certificates",
    "finalize",
  ],
};

export const PHASE: Record<Operation, ClusterPhase> = {
  create: "Provisioning",
  scale: "Scaling",
  upgrade: "Upgrading",
  delete: "Deleting",
};

export function setCondition(list: Condition[], next: Omit<Condition, "lastTransitionTime">, now: string): Condition[] {
  const prev = list.find((c) => c.type === next.type);
  if (prev && prev.status === next.status && prev.reason === next.reason && prev.message === next.message) return list;
  const lastTransitionTime = prev && prev.status === next.status ? prev.lastTransitionTime : now;
  return [...list.filter((c) => c.type !== next.type), { ...next, lastTransitionTime }];
}

/** The step list of a new operation, its first step running from `now`. */
export function newSteps(op: Operation, now: string): StepRecord[] {
  return OPERATION_STEPS[op].map((name, i) => (i === 0 ? { name, state: "running", startedAt: now } : { name, state: "pending" }));
}

export function progressCondition(op: Operation, step: string, now: string, conditions: Condition[]): Condition[] {
  const steps = OPERATION_STEPS[op];
  return setCondition(
    conditions,
    { type: "Ready", status: "False", reason: PHASE[op], message: `${op}: step ${steps.indexOf(step) + 1} of ${steps.length}, ${step}` },
    now,
  );
}
