import { z } from "zod";
import { SERIAL_PATTERN } from "../../../core/pki/model.js";
import { ERROR_CODES, type ErrorCode } from "../../../core/shared/error-codes.js";
import { dnsLabel } from "../../../core/shared/names.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../../../core/store/pagination.js";
import { MIN_NUMBER_MAGNITUDE } from "../../../core/store/storable.js";
import { PROBLEM_STATUS } from "../../shared/problem-status.js";
import { EDGE_CODES, type ProblemCode } from "../problem.js";

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

function statusOf(code: ProblemCode): number {
  return code in EDGE_CODES ? EDGE_CODES[code as keyof typeof EDGE_CODES].status : PROBLEM_STATUS[ERROR_CODES[code as ErrorCode].kind];
}

function descriptionOf(code: ProblemCode): string {
  return code in EDGE_CODES ? EDGE_CODES[code as keyof typeof EDGE_CODES].description : ERROR_CODES[code as ErrorCode].description;
}

/** Problem responses by status; each says which codes it carries, in its description and in the schema's `code` enum. */
export function problemResponses(codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, cs]) => {
        const sorted = [...new Set(cs)].sort();
        return [
          status,
          {
            description: sorted.map((c) => `\`${c}\`: ${descriptionOf(c)}`).join("\n\n"),
            content: {
              "application/problem+json": {
                // the Problem component, with the codes this status carries here
                schema: { allOf: [{ $ref: "#/components/schemas/Problem" }, { type: "object", properties: { code: { enum: sorted } } }] },
              },
            },
          },
        ];
      }),
  );
}

/** The error responses most routes can give (routes built with functions/api/route.ts state theirs in full). */
export const commonProblems = problemResponses(["invalid-request", "authentication-required", "forbidden", "not-found"]);
export const conflictProblem = problemResponses(["conflict"]);
export const preconditionProblem = problemResponses(["precondition-failed"]);
export const unprocessableProblem = problemResponses(["unprocessable-request"]);

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });
}

/** Opaque list positions: base64url, issued by one list and refused (400) by any other. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9_-]*$/, "a nextCursor of this list")
    .optional()
    .describe("the nextCursor of the previous page of this same list (opaque; another list's cursor is refused)"),
});

/**
 * Path parameters state the form of what they name; a path whose parameter
 * does not have it names nothing, and answers 404 (functions/api/router.ts).
 */
export const nameParam = dnsLabel.describe("a DNS-1123 label");
export const idParam = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `an id issued by the control plane (${prefix}_…)`)
    .describe(`an id issued by the control plane: ${prefix}_ and 26 lowercase base32 characters`);
export const serialParam = z.string().regex(SERIAL_PATTERN, "a certificate serial (32 lowercase hex digits)");
export const domainParams = z.object({ domain: nameParam });
export const projectParams = z.object({ domain: nameParam, project: nameParam });

export const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .regex(/^\s*(\*|(W\/)?"[0-9]{1,15}")\s*$/, 'an ETag of a previous read ("3"), or *')
    .optional()
    .describe("ETag from a previous read; the write fails with 412 if the resource changed"),
});
export const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,255}$/, "1-255 of letters, digits, '.', '_', ':' or '-'")
    .optional()
    .describe("Repeat a POST safely: the same key and body return the first response"),
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

/**
 * What core/store/storable.ts lets free-form JSON hold (host facts), as a
 * JSON Schema component for the OpenAPI document: numbers within ±(2^53 − 1)
 * and not closer to 0 than 1e-130, no empty keys. Its nesting depth and
 * total size are bounded too (see the description).
 */
export const STORABLE_VALUE = "StorableValue";
const storableRef = { $ref: `#/components/schemas/${STORABLE_VALUE}` };
export const storableValueSchema = {
  description: `JSON a DynamoDB item can hold as sent: numbers within ±${Number.MAX_SAFE_INTEGER} and not closer to 0 than ${MIN_NUMBER_MAGNITUDE} (send other numbers as strings), no empty object keys`,
  anyOf: [
    { type: "string" },
    { type: "boolean" },
    { type: "null" },
    { type: "number", const: 0 },
    { type: "number", minimum: MIN_NUMBER_MAGNITUDE, maximum: Number.MAX_SAFE_INTEGER },
    { type: "number", minimum: -Number.MAX_SAFE_INTEGER, maximum: -MIN_NUMBER_MAGNITUDE },
    { type: "array", items: storableRef },
    { type: "object", propertyNames: { minLength: 1 }, additionalProperties: storableRef },
  ],
};

/** A free-form record whose values are storable (the component above), with its key rule stated. */
export function storableRecord<T extends z.ZodType>(schema: T, keys: { minLength: number; maxLength: number }, description: string): T {
  return schema.meta({ propertyNames: keys, additionalProperties: storableRef, description }) as T;
}

/** An object that also takes members of its own (`.loose()`): their values must be storable too. */
export function withStorableExtras<T extends z.ZodType>(schema: T): T {
  return schema.meta({ additionalProperties: storableRef, propertyNames: { minLength: 1 } }) as T;
}
