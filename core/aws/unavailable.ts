/**
 * True when an AWS SDK call failed because its service could not be reached
 * or refused for a while: no HTTP answer at all (connection refused or reset,
 * a timeout: a Node system error, which the SDK rethrows with its
 * `$metadata` after its own retries), a 5xx of the service, or throttling.
 * To a client that is "unavailable, retry later" (503 with Retry-After), not
 * an internal error: the soak test (bench/soak, docs/soak.md) found every
 * request answering 500 while DynamoDB was down (and then keyed writes,
 * whose SDK error came wrapped by the idempotency library). Walks `cause`.
 */
const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "SlowDown",
  "ServiceUnavailable",
  "InternalServerError",
]);

export function isAwsUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== "object" || err === null || depth > 5) return false;
  // a library's error around the SDK's (Powertools idempotency: IdempotencyPersistenceLayerError, with the SDK's as its cause)
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== err && isAwsUnavailable(cause, depth + 1)) return true;
  const e = err as {
    name?: unknown;
    code?: unknown;
    syscall?: unknown;
    $metadata?: { httpStatusCode?: number };
    $fault?: unknown;
  };
  if (!e.$metadata || typeof e.$metadata !== "object") return false;
  if (typeof e.syscall === "string" || (typeof e.code === "string" && /^E[A-Z]+$/.test(e.code))) return true;
  if (e.name === "TimeoutError" || e.name === "RequestTimeout" || e.name === "AbortError") return true;
  if (typeof e.name === "string" && THROTTLING.has(e.name)) return true;
  return e.$fault === "server" || (e.$metadata.httpStatusCode ?? 0) >= 500;
}
