import { DomainError } from "../shared/errors.js";
import type { ApprovalPolicy } from "./model.js";

/** The policy a create or update sets, from `approval` or the former `autoApproveHosts`; undefined when it sets neither. */
export function approvalFromInput(input: {
  autoApproveHosts?: boolean | undefined;
  approval?: ApprovalPolicy | undefined;
}): ApprovalPolicy | undefined {
  if (input.approval && input.autoApproveHosts !== undefined)
    throw new DomainError("unprocessable", "give approval or autoApproveHosts, not both", {
      code: "project.approval-conflict",
      fields: [{ path: "autoApproveHosts", message: "not with approval" }],
    });
  if (input.approval) return input.approval;
  if (input.autoApproveHosts !== undefined) return { mode: input.autoApproveHosts ? "always" : "never" };
  return undefined;
}

/** A project's policy; projects stored before the policy existed have only autoApproveHosts. */
export function projectApproval(p: { approval?: ApprovalPolicy | undefined; autoApproveHosts?: boolean | undefined }): ApprovalPolicy {
  return p.approval ?? { mode: p.autoApproveHosts ? "always" : "never" };
}
