import { ERROR_CODES, type ErrorCode, type ProblemKind } from "../../core/shared/error-codes.js";

/** HTTP statuses and titles of the problem kinds: the one place a domain error becomes an HTTP answer. */
export const PROBLEM_STATUS: Record<ProblemKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "precondition-failed": 412,
  "payload-too-large": 413,
  unprocessable: 422,
  "rate-limited": 429,
  unavailable: 503,
};

export const PROBLEM_TITLE: Record<ProblemKind, string> = {
  validation: "Invalid request",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  "not-found": "Not found",
  conflict: "Conflict",
  "precondition-failed": "Precondition failed",
  "payload-too-large": "Payload too large",
  unprocessable: "Unprocessable request",
  "rate-limited": "Too many requests",
  unavailable: "Service unavailable",
};

export function statusOfCode(code: ErrorCode): number {
  return PROBLEM_STATUS[ERROR_CODES[code].kind];
}
