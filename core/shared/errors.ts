import { type CodeOf, ERROR_CODES, type ErrorCode, GENERIC_CODES, type ProblemKind } from "./error-codes.js";

export type { CodeOf, ErrorCode, ProblemKind } from "./error-codes.js";

/**
 * Domain errors. Each has a kind and a stable code (core/shared/error-codes.ts);
 * the HTTP edge (functions/api/problem.ts, statuses in
 * functions/shared/problem-status.ts) turns them into
 * `application/problem+json` without knowing their causes. A dependency
 * that is down is not a DomainError but a RetryableError: the one source of
 * 503.
 */

export interface FieldError {
  path: string;
  message: string;
}

/** The kinds a domain error can have: "unavailable" belongs to RetryableError alone. */
export type DomainKind = Exclude<ProblemKind, "unavailable">;

export class DomainError<K extends DomainKind = DomainKind> extends Error {
  readonly kind: K;
  /** the stable code a client branches on */
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  /** extra problem members, e.g. `{ group: "gpu" }` for a host already grouped */
  readonly extra: Record<string, unknown> | undefined;
  /** seconds, for rate-limited problems and conflicts worth retrying at once */
  readonly retryAfter: number | undefined;

  constructor(
    kind: K,
    detail: string,
    opts: { code?: CodeOf<K>; fields?: FieldError[]; extra?: Record<string, unknown>; retryAfter?: number } = {},
  ) {
    super(detail);
    this.name = "DomainError";
    this.kind = kind;
    this.code = opts.code ?? GENERIC_CODES[kind];
    if (ERROR_CODES[this.code].kind !== kind) throw new Error(`error code ${this.code} is not of kind ${kind}`);
    this.fields = opts.fields;
    this.extra = opts.extra;
    this.retryAfter = opts.retryAfter;
  }
}

type Extra = Record<string, unknown> | undefined;
const withExtra = (extra: Extra) => (extra ? { extra } : {});

export const notFound = (what: string, code?: CodeOf<"not-found">) =>
  new DomainError("not-found", `${what} was not found`, code ? { code } : {});
export const conflict = (detail: string, extra?: Extra, code?: CodeOf<"conflict">) =>
  new DomainError("conflict", detail, { ...withExtra(extra), ...(code ? { code } : {}) });
export const unprocessable = (detail: string, extra?: Extra, code?: CodeOf<"unprocessable">) =>
  new DomainError("unprocessable", detail, { ...withExtra(extra), ...(code ? { code } : {}) });
export const badRequest = (detail: string, fields?: FieldError[], code?: CodeOf<"validation">) =>
  new DomainError("validation", detail, { ...(fields ? { fields } : {}), ...(code ? { code } : {}) });
export const forbidden = (detail: string, code?: CodeOf<"forbidden">) => new DomainError("forbidden", detail, code ? { code } : {});
export const unauthenticated = (detail: string, code?: CodeOf<"unauthenticated">) =>
  new DomainError("unauthenticated", detail, code ? { code } : {});
export const preconditionFailed = (detail: string) => new DomainError("precondition-failed", detail);
export const rateLimited = (detail: string, retryAfter: number, code?: CodeOf<"rate-limited">) =>
  new DomainError("rate-limited", detail, { retryAfter, ...(code ? { code } : {}) });

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/**
 * A failure worth retrying later (a dependency down, throttled, or refusing
 * credentials an admin can replace). Workers let the message return to the
 * queue; the API answers 503 with `Retry-After` — the only way to a 503.
 */
export class RetryableError extends Error {
  /** the stable code a client branches on */
  readonly code: CodeOf<"unavailable">;
  /** seconds a client should wait before retrying */
  readonly retryAfter: number;

  constructor(
    message: string,
    override readonly cause?: unknown,
    opts: { code?: CodeOf<"unavailable">; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = "RetryableError";
    this.code = opts.code ?? "service-unavailable";
    this.retryAfter = opts.retryAfter ?? 5;
  }
}
