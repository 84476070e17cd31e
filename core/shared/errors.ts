/**
 * Domain errors. Each maps to one RFC 9457 problem type; the API layer turns
 * them into `application/problem+json` without knowing their causes.
 */

export interface FieldError {
  path: string;
  message: string;
}

export type ProblemKind =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "precondition-failed"
  | "unprocessable"
  | "rate-limited"
  | "payload-too-large"
  | "unavailable";

const STATUS: Record<ProblemKind, number> = {
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

const TITLE: Record<ProblemKind, string> = {
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

export class DomainError extends Error {
  readonly kind: ProblemKind;
  readonly fields: FieldError[] | undefined;
  /** extra problem members, e.g. `{ group: "gpu" }` for a host already grouped */
  readonly extra: Record<string, unknown> | undefined;
  /** seconds, for rate-limited and unavailable problems */
  readonly retryAfter: number | undefined;

  constructor(
    kind: ProblemKind,
    detail: string,
    opts: { fields?: FieldError[]; extra?: Record<string, unknown>; retryAfter?: number } = {},
  ) {
    super(detail);
    this.name = "DomainError";
    this.kind = kind;
    this.fields = opts.fields;
    this.extra = opts.extra;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return STATUS[this.kind];
  }

  get title(): string {
    return TITLE[this.kind];
  }
}

export const notFound = (what: string) => new DomainError("not-found", `${what} was not found`);
export const conflict = (detail: string, extra?: Record<string, unknown>) => new DomainError("conflict", detail, extra ? { extra } : {});
export const unprocessable = (detail: string, extra?: Record<string, unknown>) =>
  new DomainError("unprocessable", detail, extra ? { extra } : {});
export const badRequest = (detail: string, fields?: FieldError[]) => new DomainError("validation", detail, fields ? { fields } : {});
export const forbidden = (detail: string) => new DomainError("forbidden", detail);
export const unauthenticated = (detail: string) => new DomainError("unauthenticated", detail);
export const preconditionFailed = (detail: string) => new DomainError("precondition-failed", detail);

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/**
 * A failure worth retrying later (dependency down, throttled). Workers let the
 * message return to the queue; the API answers 503 with Retry-After.
 */
export class RetryableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "RetryableError";
  }
}
