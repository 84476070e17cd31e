import type { ApprovalPolicy } from "../tenancy/model.js";
import { defaultLabels } from "./facts.js";
import type { Facts } from "./model.js";
import { judgePreflight } from "./preflight.js";

export interface AutoApprovalDecision {
  approve: boolean;
  /** why, for the request's audit event */
  why: string;
}

/** Whether a project's policy approves a registering machine by itself (issue 19), from what it reports. */
export function decideAutoApproval(policy: ApprovalPolicy, facts: Facts, hostname: string): AutoApprovalDecision {
  if (policy.mode === "never") return { approve: false, why: "the project's hosts are approved by a person" };
  if (policy.selector) {
    const labels = defaultLabels(facts, hostname);
    const miss = Object.entries(policy.selector).filter(([k, v]) => labels[k] !== v);
    if (miss.length)
      return {
        approve: false,
        why: `the host's labels do not match the approval selector (${miss.map(([k, v]) => `${k}=${v}`).join(", ")})`,
      };
  }
  if (policy.mode === "always") return { approve: true, why: "the project approves every host" };
  const v = judgePreflight(facts.preflight);
  if (v.state === "passed") return { approve: true, why: "the host's preflight passes" };
  if (v.state === "failed") return { approve: false, why: `the host's preflight fails: ${v.failures.map((f) => f.check).join(", ")}` };
  return {
    approve: false,
    why: v.state === "unreadable" ? "the host's preflight report is not understood" : "the host reported no preflight",
  };
}
