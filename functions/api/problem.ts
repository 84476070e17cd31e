import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { isAwsUnavailable } from "../../core/aws/unavailable.js";
import type { BulkResult } from "../../core/shared/bulk.js";
import { ERROR_CODES, type ErrorCode } from "../../core/shared/error-codes.js";
import { DomainError, type FieldError, RetryableError } from "../../core/shared/errors.js";
import { isStartKeyRejection } from "../../core/store/pagination.js";
import { PROBLEM_STATUS, PROBLEM_TITLE } from "../shared/problem-status.js";

/**
 * RFC 9457 problem documents. `type` is a stable URI per problem, ending in
 * its `code` (core/shared/error-codes.ts, or EDGE_CODES for answers only the
 * HTTP layer gives); clients branch on `code`.
 */
export interface Problem {
  type: string;
  code: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export const PROBLEM_BASE = "https://ckp.coredge.io/problems/";

/** Codes only the HTTP layer answers with: no domain error has them. */
export const EDGE_CODES = {
  "unsupported-media-type": { status: 415, title: "Unsupported media type", description: "The request body must be application/json." },
  "internal-error": {
    status: 500,
    title: "Internal error",
    description: "A fault of the control plane; it has been logged with the request id.",
  },
} as const;

export type ProblemCode = ErrorCode | keyof typeof EDGE_CODES;

export interface ProblemInput {
  code: ProblemCode;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemResponse(c: Context, p: ProblemInput, headers: Record<string, string> = {}): Response {
  const requestId = c.get("requestId") as string | undefined;
  const body: Problem = {
    ...p,
    type: `${PROBLEM_BASE}${p.code}`,
    instance: c.req.path,
    ...(requestId ? { requestId } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

/** A domain error's problem members, for answers that carry several (bulk results). */
export function problemOf(code: ErrorCode): { code: ErrorCode; status: number; title: string } {
  const kind = ERROR_CODES[code].kind;
  return { code, status: PROBLEM_STATUS[kind], title: PROBLEM_TITLE[kind] };
}

/** Bulk results with each error's status and title, as problem members. */
export function bulkAnswer(results: BulkResult[]): {
  results: Array<{
    id: string;
    outcome: string;
    error?: { code: ErrorCode; status: number; title: string; detail: string; [k: string]: unknown };
  }>;
} {
  return {
    results: results.map(({ error, ...r }) => (error ? { ...r, error: { ...error, ...problemOf(error.code) } } : r)),
  };
}

type Issue = ZodError["issues"][number];

/**
 * A body that fits none of a union's shapes (e.g. a cluster's full spec or
 * its template form) is told what is wrong with the shape it comes nearest
 * to: the branch with the fewest issues.
 */
function flatten(issues: readonly Issue[], prefix: PropertyKey[] = []): Array<{ path: PropertyKey[]; issue: Issue }> {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === "invalid_union" && "errors" in i && Array.isArray(i.errors) && i.errors.length) {
      const branches = (i.errors as Issue[][]).map((b) => flatten(b, path));
      return branches.reduce((best, b) => (b.length < best.length ? b : best));
    }
    return [{ path, issue: i }];
  });
}

export function zodFieldErrors(err: ZodError): FieldError[] {
  return flatten(err.issues).map(({ path, issue: i }) => ({
    path: path.map(String).join(".") || "(root)",
    message: i.code === "unrecognized_keys" ? `unknown field(s): ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
  }));
}

/** Maps anything thrown in a handler to a problem response; unknown errors are ours (500). */
export function errorToProblem(c: Context, err: unknown): { response: Response; ours: boolean } {
  if (err instanceof DomainError) {
    const headers: Record<string, string> = err.retryAfter ? { "retry-after": String(err.retryAfter) } : {};
    return {
      response: problemResponse(
        c,
        { ...(err.extra ?? {}), ...problemOf(err.code), detail: err.message, ...(err.fields ? { errors: err.fields } : {}) },
        headers,
      ),
      ours: false,
    };
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const detail = err.message || (status === 415 ? "the request body must be application/json" : "the request could not be read");
    const code: ProblemCode =
      status === 413
        ? "payload-too-large"
        : status === 415
          ? "unsupported-media-type"
          : status >= 500
            ? "internal-error"
            : "invalid-request";
    const title = code in EDGE_CODES ? EDGE_CODES[code as keyof typeof EDGE_CODES].title : problemOf(code as ErrorCode).title;
    return { response: problemResponse(c, { code, title, status, detail }), ours: status >= 500 };
  }
  // A cursor that passed our checks but that DynamoDB still refuses as a start key is the client's.
  if (c.req.query("cursor") !== undefined && isStartKeyRejection(err)) {
    return {
      response: problemResponse(c, {
        ...problemOf("invalid-request"),
        detail: "cursor is not valid",
        errors: [{ path: "cursor", message: "not a cursor issued by this list" }],
      }),
      ours: false,
    };
  }
  if (err instanceof RetryableError || isAwsUnavailable(err)) {
    const retry =
      err instanceof RetryableError ? err : new RetryableError("a storage or messaging service of the control plane is unavailable", err);
    return {
      response: problemResponse(
        c,
        { ...problemOf(retry.code), detail: `${retry.message}; retry later` },
        { "retry-after": String(retry.retryAfter) },
      ),
      ours: false,
    };
  }
  return {
    response: problemResponse(c, {
      code: "internal-error",
      status: 500,
      title: EDGE_CODES["internal-error"].title,
      detail: "the server failed to handle the request; it has been logged",
    }),
    ours: true,
  };
}
