import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../../../core/shared/error-codes.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../../../core/store/pagination.js";
import { EDGE_CODES } from "../problem.js";

/** Every code a problem can carry (docs/errors.md says what each means). */
export const problemCode = z
  .enum([...(Object.keys(ERROR_CODES) as ErrorCode[]), ...(Object.keys(EDGE_CODES) as Array<keyof typeof EDGE_CODES>)])
  .describe("stable code of the problem; clients branch on it (also the last segment of type)");

export const problemSchema = z
  .object({
    type: z.string().describe("https://ckp.coredge.io/problems/<code>"),
    code: problemCode,
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });

/** The error responses most routes can give. */
export const commonProblems = {
  400: problem("The request is malformed or fails validation"),
  401: problem("No valid token"),
  403: problem("The token's role is too weak"),
  404: problem("Not found, or outside the caller's tenancy"),
} as const;

export const conflictProblem = { 409: problem("Conflicts with the resource's current state") } as const;
export const preconditionProblem = { 412: problem("If-Match does not match the current ETag") } as const;
export const unprocessableProblem = { 422: problem("Well-formed but cannot be done") } as const;

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });
}

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().max(2048).optional(),
});

/** Path segments are looked up, not validated: a malformed name is simply not found. */
const segment = z.string().min(1).max(253);
export const domainParams = z.object({ domain: segment });
export const projectParams = z.object({ domain: segment, project: segment });

export const ifMatchHeader = z.object({
  "if-match": z.string().optional().describe("ETag from a previous read; the write fails with 412 if the resource changed"),
});
export const idempotencyHeader = z.object({
  "idempotency-key": z.string().optional().describe("Repeat a POST safely: the same key and body return the first response"),
});

export const bulkResultSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        outcome: z.string(),
        error: z
          .object({ code: problemCode, status: z.number(), title: z.string(), detail: z.string() })
          .loose()
          .optional()
          .describe("why this item failed, as problem members"),
      }),
    ),
  })
  .meta({ id: "BulkResult" });

export const forceQuery = z.object({
  force: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
