import type { Condition } from "../hosts/model.js";
import type { ClusterPhase, Operation, StepRecord } from "./model.js";

/**
 * Which steps each operation runs, in order, and the bookkeeping of a new
 * operation: kept apart from the steps themselves so the API (which starts
 * operations) does not load what the worker runs. Step names are a type:
 * an operation naming a step that does not exist, or a step without a body
 * (core/clusters/steps.ts), fails the type check.
 */
export const STEP_NAMES = [
  "resolve-provider",
  "provision-machines",
  "wait-registration",
  "wait-approval",
  "assign-hosts",
  "issue-certificates",
  "apply-objects",
  "wait-control-plane",
  "install-cni",
  "wait-workers",
  "install-addons",
  "wait-addons",
  "mark-surplus-machines",
  "release-surplus-hosts",
  "upgrade-control-plane",
  "upgrade-addons",
  "upgrade-workers",
  "delete-addons",
  "delete-objects",
  "wait-objects-deleted",
  "release-hosts",
  "release-machines",
  "release-placement",
  "release-storage-profile",
  "revoke-certificates",
  "finalize",
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export function isStepName(s: string): s is StepName {
  return (STEP_NAMES as readonly string[]).includes(s);
}

export const OPERATION_STEPS: Record<Operation, readonly StepName[]> = {
  // the CNI goes on as soon as the control plane is up: without it no worker's Node becomes Ready
  create: [
    "resolve-provider",
    "provision-machines",
    "wait-registration",
    "wait-approval",
    "assign-hosts",
    "issue-certificates",
    "apply-objects",
    "wait-control-plane",
    "install-cni",
    "wait-workers",
    "install-addons",
    "wait-addons",
  ],
  // scale-down: the leaving hosts' Machines are marked before replicas drop, and only hosts CAPI released go back;
  // new nodes must run the CNI and the storage node plugin before the cluster is Ready again
  scale: ["assign-hosts", "mark-surplus-machines", "apply-objects", "wait-workers", "release-surplus-hosts", "wait-addons"],
  // Karpenter moved the worker MachineDeployment's replicas: machines are provisioned (or released) to follow it
  autoscale: [
    "provision-machines",
    "wait-registration",
    "wait-approval",
    "assign-hosts",
    "mark-surplus-machines",
    "apply-objects",
    "wait-workers",
    "release-surplus-hosts",
    "wait-addons",
  ],
  // addons that change version with the minor (Calico 3.28 → 3.30 at 1.31) move after the control plane, before the kubelets
  upgrade: ["upgrade-control-plane", "wait-control-plane", "upgrade-addons", "upgrade-workers", "wait-workers", "wait-addons"],
  addons: ["install-cni", "install-addons", "wait-addons"],
  delete: [
    "delete-addons",
    "delete-objects",
    "wait-objects-deleted",
    "release-hosts",
    "release-machines",
    "release-placement",
    "release-storage-profile",
    "revoke-certificates",
    "finalize",
  ],
};

export const PHASE: Record<Operation, ClusterPhase> = {
  create: "Provisioning",
  scale: "Scaling",
  autoscale: "Scaling",
  upgrade: "Upgrading",
  addons: "Updating",
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
    {
      type: "Ready",
      status: "False",
      reason: PHASE[op],
      message: `${op}: step ${steps.indexOf(step as StepName) + 1} of ${steps.length}, ${step}`,
    },
    now,
  );
}
