import type { IdempotencyConfig } from "@aws-lambda-powertools/idempotency";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context as LambdaContext } from "aws-lambda";
import type { MiddlewareHandler } from "hono";
import type { Sealed } from "../../../core/crypto/envelope.js";
import { badRequest, conflict, unprocessable } from "../../../core/shared/errors.js";
import type { ApiEnv } from "../env.js";

/**
 * What is stored for a completed request and replayed for its key. The body
 * is sealed (envelope encryption, bound to the caller and key): answers such
 * as a new token's secret or a rotated PSK are never at rest in plaintext.
 */
interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Sealed;
  requestId: string;
  [k: string]: string | number | Record<string, string> | Sealed;
}

/** What identifies a request for its key, and what a repeat must match. */
interface KeyedRequest {
  key: string;
  /** the query string counts: `bulk-delete?force=true` is another request than without it */
  payload: { query: string; body: string };
}

class NotCached extends Error {
  constructor(readonly response: Response) {
    super("response not cached");
  }
}

const KEY = /^[A-Za-z0-9._:-]{1,255}$/;
const REPLAYED_HEADERS = ["content-type", "etag", "location", "cache-control"];

/**
 * `Idempotency-Key` on POSTs, on Powertools' idempotency utility: the first
 * request with a key runs and its 2xx response is kept for 24 hours; a repeat
 * with the same body gets that response again (`Idempotent-Replayed: true`);
 * a repeat with another body or query string is 422; one arriving while the
 * first still runs is 409. Error responses are not kept, so a corrected retry
 * can succeed.
 */
export function idempotencyKeys(tableName: () => string, client: () => DynamoDBClient): MiddlewareHandler<ApiEnv> {
  type Run = (input: KeyedRequest, exec: () => Promise<StoredResponse>) => Promise<StoredResponse>;
  let loaded: Promise<{ run: Run; config: IdempotencyConfig; errors: typeof import("@aws-lambda-powertools/idempotency") }> | undefined;
  // Loaded on the first keyed POST, keeping the library out of cold starts of other requests.
  const init = async () => {
    const lib = await import("@aws-lambda-powertools/idempotency");
    const { DynamoDBPersistenceLayer } = await import("@aws-lambda-powertools/idempotency/dynamodb");
    const config = new lib.IdempotencyConfig({
      eventKeyJmesPath: "key",
      payloadValidationJmesPath: "payload",
      expiresAfterSeconds: 24 * 3600,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: tableName(), awsSdkV3Client: client() });
    const run = lib.makeIdempotent(async (_input: KeyedRequest, exec: () => Promise<StoredResponse>) => exec(), {
      persistenceStore,
      config,
      // v2: sealed bodies and the query string in the payload (records of "http" are not read)
      keyPrefix: "http.v2",
    });
    return { run, config, errors: lib };
  };

  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!KEY.test(key)) {
      throw badRequest("Idempotency-Key must be 1-255 characters of letters, digits, '.', '_', ':' or '-'", [
        { path: "idempotency-key", message: "1-255 of letters, digits, '.', '_', ':' or '-'" },
      ]);
    }
    loaded ??= init();
    const { run: idempotent, config, errors } = await loaded;
    // Bound how long a crashed request holds its key (Powertools reads this
    // from the Lambda context; outside Lambda we give the API's own limit).
    const lambdaContext = (c.env as { lambdaContext?: LambdaContext } | undefined)?.lambdaContext;
    config.registerLambdaContext(lambdaContext ?? ({ getRemainingTimeInMillis: () => 30_000 } as LambdaContext));
    const principal = c.get("principal");
    const secrets = c.get("deps").secrets;
    const body = await c.req.text();
    const requestKey = `${principal.id}|${c.req.path}|${key}`;
    c.set("idempotencyKey", requestKey);
    const sealContext = { purpose: "idempotent-response", key: requestKey };
    let stored: StoredResponse;
    try {
      stored = await idempotent({ key: requestKey, payload: { query: new URL(c.req.url).search, body } }, async () => {
        await next();
        const res = c.res;
        if (res.status < 200 || res.status >= 300) throw new NotCached(res);
        const headers: Record<string, string> = {};
        for (const h of REPLAYED_HEADERS) {
          const v = res.headers.get(h);
          if (v !== null) headers[h] = v;
        }
        const sealed = await secrets.seal(await res.clone().text(), sealContext);
        return { status: res.status, headers, body: sealed, requestId: c.get("requestId") };
      });
    } catch (e) {
      if (e instanceof NotCached) {
        c.res = e.response;
        return;
      }
      if (e instanceof errors.IdempotencyValidationError) {
        throw unprocessable(
          "this Idempotency-Key was already used with a different request body or query string",
          undefined,
          "idempotency.key-reused",
        );
      }
      if (e instanceof errors.IdempotencyAlreadyInProgressError) {
        throw conflict("a request with this Idempotency-Key is still in progress; retry later", undefined, "idempotency.in-progress");
      }
      throw e;
    }
    if (stored.requestId !== c.get("requestId")) {
      c.res = new Response(await secrets.openString(stored.body, sealContext), {
        status: stored.status,
        headers: { ...stored.headers, "idempotent-replayed": "true" },
      });
    }
  };
}
