import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { DomainError, type FieldError, RetryableError } from "../../core/shared/errors.js";
import { isStartKeyRejection } from "../../core/store/pagination.js";

/** RFC 9457 problem documents. `type` is a stable URI per kind of problem. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export const PROBLEM_BASE = "https://ckp.coredge.io/problems/";

export interface ProblemInput {
  type?: string;
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
    type: p.type ?? `${PROBLEM_BASE}${slug(p.title)}`,
    instance: c.req.path,
    ...(requestId ? { requestId } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(root)",
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
        { ...(err.extra ?? {}), title: err.title, status: err.status, detail: err.message, ...(err.fields ? { errors: err.fields } : {}) },
        headers,
      ),
      ours: false,
    };
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const detail = err.message || (status === 415 ? "the request body must be application/json" : "the request could not be read");
    const title = status === 413 ? "Payload too large" : status === 415 ? "Unsupported media type" : "Invalid request";
    return { response: problemResponse(c, { title, status, detail }), ours: status >= 500 };
  }
  // A cursor that passed our checks but that DynamoDB still refuses as a start key is the client's.
  if (c.req.query("cursor") !== undefined && isStartKeyRejection(err)) {
    return {
      response: problemResponse(c, {
        title: "Invalid request",
        status: 400,
        detail: "cursor is not valid",
        errors: [{ path: "cursor", message: "not a cursor issued by this list" }],
      }),
      ours: false,
    };
  }
  if (err instanceof RetryableError) {
    return {
      response: problemResponse(
        c,
        { title: "Service unavailable", status: 503, detail: `${err.message}; retry later` },
        { "retry-after": "5" },
      ),
      ours: false,
    };
  }
  return {
    response: problemResponse(c, {
      title: "Internal error",
      status: 500,
      detail: "the server failed to handle the request; it has been logged",
    }),
    ours: true,
  };
}
