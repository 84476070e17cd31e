import type { StepName } from "./operations.js";
import { ADDON_STEPS } from "./steps/addons.js";
import type { StepDef } from "./steps/common.js";
import { CREATE_STEPS } from "./steps/create.js";
import { DELETE_STEPS } from "./steps/delete.js";
import { SCALE_STEPS } from "./steps/scale.js";
import { UPGRADE_STEPS } from "./steps/upgrade.js";

export { OPERATION_STEPS, type StepName } from "./operations.js";
/**
 * The steps of the cluster lifecycle (product §19), one file per operation
 * under steps/ (core/clusters/operations.ts says which operation runs which).
 * Typed by name: a step an operation names must have a body here, and a
 * body under a name no operation knows fails the type check.
 */
export {
  ABANDONED_STEP_GRACE_SECONDS,
  failureReason,
  infraOf,
  RELEASE_SETTLE_SECONDS,
  type StepContext,
  type StepDef,
  StepFailure,
  type StepOutcome,
} from "./steps/common.js";

export const STEPS: Record<StepName, StepDef> = {
  ...CREATE_STEPS,
  ...SCALE_STEPS,
  ...UPGRADE_STEPS,
  ...ADDON_STEPS,
  ...DELETE_STEPS,
};

/** Steps that wait on something outside the control plane; their default time limits (seconds). */
export const WAIT_TIMEOUTS: Partial<Record<StepName, number>> = {
  // hosts the user just grouped may take a moment to show in the group index; then the group is short
  "assign-hosts": 120,
  "wait-registration": 30 * 60,
  "wait-approval": 24 * 3600,
  "wait-control-plane": 30 * 60,
  // Kamaji publishes the endpoint once the tenant control plane's service has an address
  "install-cni": 15 * 60,
  "wait-workers": 60 * 60,
  // an addon that is not healthy by then fails the operation with AddonUnhealthy, naming it
  "wait-addons": 15 * 60,
  "delete-addons": 15 * 60,
  "delete-objects": 15 * 60,
  "wait-objects-deleted": 15 * 60,
  // CAPI drains and deletes the surplus Machines, then BYOH releases their hosts
  "release-surplus-hosts": 30 * 60,
  "release-machines": 15 * 60,
};
