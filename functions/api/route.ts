import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import type { ProblemCode } from "./problem.js";
import { idempotencyHeader, problemResponses } from "./schemas/common.js";

/**
 * An operation with the problems it can answer, by status and code, stated
 * in the OpenAPI document: the ones every operation of its kind can give,
 * derived from the route itself, and `codes`, the causes its command
 * refuses with.
 *
 * - every operation: `invalid-request` (400), `not-found` (404, also for a
 *   path parameter that matches no resource), `internal-error` (500);
 * - unless public (`security: []`): `authentication-required` (401) and
 *   `forbidden` (403); host-only (`hostCertificate`):
 *   `client-certificate.refused` (401);
 * - with a body: `payload-too-large` (413), `unsupported-media-type` (415);
 * - a write: `conflict` (409, a concurrent change);
 * - with `If-Match`: `precondition-failed` (412);
 * - a POST a token may send: the `Idempotency-Key` header, with
 *   `idempotency.in-progress` (409) and `idempotency.key-reused` (422).
 */
export function route<R extends RouteConfig>(config: R, codes: ProblemCode[] = []) {
  const security = config.security as Array<Record<string, string[]>> | undefined;
  const isPublic = Array.isArray(security) && security.length === 0;
  const hostOnly = Boolean(security?.length) && security?.every((s) => "hostCertificate" in s);
  const all = new Set<ProblemCode>(["invalid-request", "not-found", "internal-error"]);
  if (!isPublic) for (const c of ["authentication-required", "forbidden"] as const) all.add(c);
  if (security?.some((s) => "hostCertificate" in s)) all.add("client-certificate.refused");
  if (config.request?.body) for (const c of ["payload-too-large", "unsupported-media-type"] as const) all.add(c);
  if (config.method !== "get") all.add("conflict");
  const headers = config.request?.headers;
  if (headers instanceof z.ZodObject && "if-match" in headers.shape) all.add("precondition-failed");
  const keyed = config.method === "post" && !isPublic && !hostOnly;
  if (keyed) for (const c of ["idempotency.in-progress", "idempotency.key-reused"] as const) all.add(c);
  for (const c of codes) all.add(c);

  const request = keyed
    ? {
        ...config.request,
        headers: headers instanceof z.ZodObject ? headers.extend(idempotencyHeader.shape) : idempotencyHeader,
      }
    : config.request;
  return createRoute({
    ...config,
    ...(request ? { request } : {}),
    responses: { ...config.responses, ...problemResponses([...all]) },
  } as R);
}
