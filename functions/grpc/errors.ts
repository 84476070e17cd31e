import { create } from "@bufbuild/protobuf";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ErrorCode, ProblemKind } from "../../core/shared/error-codes.js";
import { DomainError, RetryableError } from "../../core/shared/errors.js";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "./gen/google/rpc/error_details_pb.js";

/** ErrorInfo.domain of every error this service answers. */
export const ERROR_DOMAIN = "ckp.coredge.io";

/**
 * The gRPC code of each problem kind: the one place a domain error becomes a
 * gRPC status (the REST edge's counterpart is functions/shared/problem-status.ts).
 * A conflict is ABORTED (read again, then retry), as is a failed
 * expected_version check; a request that cannot be carried out in the state
 * things are in is FAILED_PRECONDITION.
 */
export const GRPC_CODE: Record<ProblemKind, Code> = {
  validation: Code.InvalidArgument,
  unauthenticated: Code.Unauthenticated,
  forbidden: Code.PermissionDenied,
  "not-found": Code.NotFound,
  conflict: Code.Aborted,
  "precondition-failed": Code.Aborted,
  unprocessable: Code.FailedPrecondition,
  "rate-limited": Code.ResourceExhausted,
  "payload-too-large": Code.ResourceExhausted,
  unavailable: Code.Unavailable,
};

/** Codes whose meaning has a closer gRPC code than their kind's. */
export const GRPC_CODE_OF: Partial<Record<ErrorCode, Code>> = {
  "machinehost.machine-known": Code.AlreadyExists,
  "machinehost.request-id-reused": Code.AlreadyExists,
  "machinehost.not-approved": Code.FailedPrecondition,
};

/** Field paths of the core's inputs (camelCase) as the request's proto fields (snake_case). */
const FIELD_NAMES: Record<string, string> = { cursor: "page_token", limit: "page_size", group: "host_group" };

function protoField(path: string): string {
  const [first = "", ...rest] = path.split(".");
  const name = FIELD_NAMES[first] ?? first.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return [name, ...rest].join(".");
}

function metadataOf(extra: Record<string, unknown> | undefined, requestId: string): Record<string, string> {
  const out: Record<string, string> = { requestId };
  for (const [k, v] of Object.entries(extra ?? {})) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

/**
 * Anything a handler threw, as the ConnectError the client gets: a domain
 * error's gRPC code, its message, and details — ErrorInfo (reason: the
 * stable error code, domain, metadata: the problem's extra members and the
 * request id), BadRequest for field errors, RetryInfo when a retry later may
 * succeed. Unknown errors are INTERNAL, and `ours` says to log them.
 */
export function toConnectError(err: unknown, requestId: string): { error: ConnectError; ours: boolean } {
  if (err instanceof ConnectError) return { error: err, ours: false };
  if (err instanceof DomainError) {
    const details: NonNullable<ConstructorParameters<typeof ConnectError>[3]> = [
      { desc: ErrorInfoSchema, value: { reason: err.code, domain: ERROR_DOMAIN, metadata: metadataOf(err.extra, requestId) } },
    ];
    if (err.fields?.length) {
      details.push({
        desc: BadRequestSchema,
        value: { fieldViolations: err.fields.map((f) => ({ field: protoField(f.path), description: f.message })) },
      });
    }
    if (err.retryAfter) details.push({ desc: RetryInfoSchema, value: { retryDelay: durationFromMs(err.retryAfter * 1000) } });
    return {
      error: new ConnectError(err.message, GRPC_CODE_OF[err.code] ?? GRPC_CODE[err.kind as ProblemKind], undefined, details),
      ours: false,
    };
  }
  if (err instanceof RetryableError) {
    return {
      error: new ConnectError(`${err.message}; retry later`, Code.Unavailable, undefined, [
        { desc: ErrorInfoSchema, value: { reason: "service-unavailable", domain: ERROR_DOMAIN, metadata: { requestId } } },
        { desc: RetryInfoSchema, value: create(RetryInfoSchema, { retryDelay: durationFromMs(5000) }) },
      ]),
      ours: false,
    };
  }
  return {
    error: new ConnectError("the server failed to handle the request; it has been logged", Code.Internal, undefined, [
      { desc: ErrorInfoSchema, value: { reason: "internal-error", domain: ERROR_DOMAIN, metadata: { requestId } } },
    ]),
    ours: true,
  };
}
