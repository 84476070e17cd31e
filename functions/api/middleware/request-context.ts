import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import type { MiddlewareHandler } from "hono";
import { countRoundTrips, totalRoundTrips } from "../../../core/aws/round-trips.js";
import type { Deps } from "../../../core/deps.js";
import type { ApiEnv } from "../env.js";

const logger = new Logger({ serviceName: "ckp-api" });

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Request id (API Gateway's on Lambda, the caller's `X-Request-Id` if sane,
 * else a new one), deps, and one structured access-log line per request.
 * With `CKP_COUNT_ROUND_TRIPS=1` the response says how many AWS round trips
 * the request took (used by the benchmark).
 */
export function requestContext(getDeps: () => Deps): MiddlewareHandler<ApiEnv> {
  const countTrips = process.env.CKP_COUNT_ROUND_TRIPS === "1";
  return async (c, next) => {
    const started = performance.now();
    const gatewayId = (c.env as { event?: { requestContext?: { requestId?: string } } } | undefined)?.event?.requestContext?.requestId;
    const given = c.req.header("x-request-id");
    const requestId = gatewayId ?? (given && REQUEST_ID.test(given) ? given : randomUUID());
    c.set("requestId", requestId);
    c.set("deps", getDeps());
    c.set("log", logger);
    const { counts, result } = countRoundTrips(() => next());
    await result;
    c.header("x-request-id", requestId);
    if (countTrips) {
      c.header("x-ckp-round-trips", String(totalRoundTrips(counts)));
      c.header(
        "x-ckp-round-trip-detail",
        Object.entries(counts)
          .map(([k, v]) => `${k}=${v}`)
          .join(","),
      );
    }
    logger.info("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      principal: c.get("principal")?.id,
      awsRoundTrips: totalRoundTrips(counts),
    });
  };
}

export { logger as apiLogger };
