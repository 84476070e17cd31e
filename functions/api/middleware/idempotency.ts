import type { IdempotencyConfig } from "@aws-lambda-powertools/idempotency";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context as LambdaContext } from "aws-lambda";
import type { MiddlewareHandler } from "hono";
import { DomainError, badRequest, conflict } from "../../../core/shared/errors.js";
import type { ApiEnv } from "../env.js";

/** What is stored for a completed request and replayed for its key. */
interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId: string;
  [k: string]: string | number | Record<string, string>;
}

class NotCached extends Error {
  constructor(readonly response: Response) {
    super("response not cached");
  }
}

const KEY = /^[A-Za-z0-9._:-]{1,255}$/;
const REPLAYED_HEADERS = ["content-type", "etag", "location"];

/**
 * `Idempotency-Key` on POSTs, on Powertools' idempotency utility: the first
 * request with a key runs and its 2xx response is kept for 24 hours; a repeat
 * with the same body gets that response again (`Idempotent-Replayed: true`);
 * a repeat with another body is 422; one arriving while the first still runs
 * is 409. Error responses are not kept, so a corrected retry can succeed.
 */
export function idempotencyKeys(tableName: () => string, client: () => DynamoDBClient): MiddlewareHandler<ApiEnv> {
  type Run = (input: { key: string; body: string }, exec: () => Promise<StoredResponse>) => Promise<StoredResponse>;
  let loaded: Promise<{ run: Run; config: IdempotencyConfig; errors: typeof import("@aws-lambda-powertools/idempotency") }> | undefined;
  // Loaded on the first keyed POST, keeping the library out of cold starts of other requests.
  const init = async () => {
    const lib = await import("@aws-lambda-powertools/idempotency");
    const { DynamoDBPersistenceLayer } = await import("@aws-lambda-powertools/idempotency/dynamodb");
    const config = new lib.IdempotencyConfig({
      eventKeyJmesPath: "key",
      payloadValidationJmesPath: "body",
      expiresAfterSeconds: 24 * 3600,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: tableName(), awsSdkV3Client: client() });
    const run = lib.makeIdempotent(async (_input: { key: string; body: string }, exec: () => Promise<StoredResponse>) => exec(), {
      persistenceStore,
      config,
      keyPrefix: "http",
    });
    return { run, config, errors: lib };
  };

  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!KEY.test(key)) throw badRequest("Idempotency-Key must be 1-255 characters of letters, digits, '.', '_', ':' or '-'");
    loaded ??= init();
    const { run: idempotent, config, errors } = await loaded;
    // Bound how long a crashed request holds its key (Powertools reads this
    // from the Lambda context; outside Lambda we give the API's own limit).
    const lambdaContext = (c.env as { lambdaContext?: LambdaContext } | undefined)?.lambdaContext;
    config.registerLambdaContext(lambdaContext ?? ({ getRemainingTimeInMillis: () => 30_000 } as LambdaContext));
    const principal = c.get("principal");
    const body = await c.req.text();
    let stored: StoredResponse;
    try {
      stored = await idempotent({ key: `${principal.id}|${c.req.path}|${key}`, body }, async () => {
        await next();
        const res = c.res;
        if (res.status < 200 || res.status >= 300) throw new NotCached(res);
        const headers: Record<string, string> = {};
        for (const h of REPLAYED_HEADERS) {
          const v = res.headers.get(h);
          if (v !== null) headers[h] = v;
        }
        return { status: res.status, headers, body: await res.clone().text(), requestId: c.get("requestId") };
      });
    } catch (e) {
      if (e instanceof NotCached) {
        c.res = e.response;
        return;
      }
      if (e instanceof errors.IdempotencyValidationError) {
        throw new DomainError("unprocessable", "this Idempotency-Key was already used with a different request body");
      }
      if (e instanceof errors.IdempotencyAlreadyInProgressError) {
        throw conflict("a request with this Idempotency-Key is still in progress; retry later");
      }
      throw e;
    }
    if (stored.requestId !== c.get("requestId")) {
      c.res = new Response(stored.body, {
        status: stored.status,
        headers: { ...stored.headers, "idempotent-replayed": "true" },
      });
    }
  };
}
