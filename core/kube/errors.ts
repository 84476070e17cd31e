import { DomainError, type FieldError, RetryableError } from "../shared/errors.js";

/**
 * Kubernetes failures sorted into what a caller can act on:
 *   retryable (RetryableError) — the server is unreachable or timed out,
 *     throttles (429) or fails on its side (5xx): try again later;
 *   terminal (DomainError)     — the object is invalid (400, 422), conflicts
 *     (409), is of a kind the cluster does not serve, or the cluster refuses
 *     our credentials: retrying the same request cannot succeed.
 * The apiserver's own message is kept, so the API caller reads what
 * Kubernetes said.
 */

/** The apiserver's Status object, as far as we read it. */
export interface KubeStatus {
  code: number;
  reason?: string;
  message: string;
  causes?: Array<{ field?: string; message?: string; reason?: string }>;
}

/**
 * kube-apiserver v1.30 answers a server-side apply that does not fit the
 * CRD's schema (an unknown field under fieldValidation=Strict, a wrong type)
 * with a bare 500 "failed to create typed patch object ...: .spec.x: field not
 * declared in schema" (kubernetes/kubernetes#122480), where create and update
 * answer 400/422. The message comes from structured-merge-diff's conversion of
 * the applied object to its typed form, which fails the same way on every
 * retry, so it is an invalid object, not a server fault. We recognise that
 * message rather than validating every apply with a second (dry-run) request:
 * it costs nothing on the success path, and the wording is stable across
 * v1.2x–v1.3x.
 */
const TYPED_PATCH_FAILURE = /failed to create typed patch object|field not declared in schema|expected (map|list|string|numeric|boolean|bool)/i;

export function isSchemaFailure500(s: KubeStatus): boolean {
  return s.code === 500 && TYPED_PATCH_FAILURE.test(s.message);
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/** The Status in a @kubernetes/client-node ApiException (duck-typed: code + body). */
export function kubeStatusOf(err: unknown): KubeStatus | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; body?: unknown };
  if (typeof e.code !== "number" || e.code < 100) return undefined;
  let body = e.body;
  if (typeof body === "string") {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      return { code: e.code, message: text.slice(0, 2000) };
    }
  }
  const b = (typeof body === "object" && body !== null ? body : {}) as {
    reason?: string;
    message?: string;
    details?: { causes?: KubeStatus["causes"] };
  };
  return {
    code: e.code,
    ...(b.reason ? { reason: b.reason } : {}),
    message: b.message ?? `HTTP ${e.code}`,
    ...(b.details?.causes ? { causes: b.details.causes } : {}),
  };
}

function isUnreachable(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { name?: string; code?: unknown; errno?: unknown; type?: string; cause?: unknown };
  if (e.name === "AbortError" || e.name === "TimeoutError" || e.type === "aborted" || e.type === "request-timeout") return true;
  if (e.name === "FetchError" && e.type === "system") return true;
  if (typeof e.code === "string" && (UNREACHABLE_CODES.has(e.code) || e.code.startsWith("ERR_TLS") || e.code.includes("CERT"))) return true;
  return e.cause !== undefined && e.cause !== err && isUnreachable(e.cause);
}

/**
 * Maps anything the Kubernetes client threw to RetryableError or DomainError.
 * `where` names the cluster ("management cluster mc-eu-1"), `what` the
 * operation ("apply KamajiControlPlane ns/name").
 */
export function mapKubeError(err: unknown, where: string, what: string): Error {
  if (err instanceof DomainError || err instanceof RetryableError) return err;
  const status = kubeStatusOf(err);
  if (status) return fromStatus(status, where, what, err);
  if (isUnreachable(err)) {
    const reason = (err as Error).name === "AbortError" ? "timed out" : (err as Error).message;
    return new RetryableError(`${where} is unreachable (${what}: ${reason})`, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/^Unrecognized API version and kind/.test(message)) {
    return new DomainError("unprocessable", `${where} does not serve this kind (${what}: ${message}); is its provider installed?`);
  }
  return err instanceof Error ? err : new Error(message);
}

function fromStatus(s: KubeStatus, where: string, what: string, cause: unknown): Error {
  const extra = { kubernetes: { code: s.code, ...(s.reason ? { reason: s.reason } : {}) } };
  const detail = `${where} rejected ${what}: ${s.message}`;
  if (s.code === 400 || s.code === 422 || isSchemaFailure500(s)) {
    const fields: FieldError[] = (s.causes ?? [])
      .filter((c) => c.field || c.message)
      .map((c) => ({ path: c.field ?? "(object)", message: c.message ?? c.reason ?? "invalid" }));
    return new DomainError("unprocessable", detail, { extra, ...(fields.length ? { fields } : {}) });
  }
  if (s.code === 409) return new DomainError("conflict", detail, { extra });
  if (s.code === 404) {
    const notServed = /Failed to fetch resource metadata/.test(s.message);
    return new DomainError(notServed ? "unprocessable" : "not-found", notServed ? `${where} does not serve this kind (${what}); is its provider installed?` : detail, { extra });
  }
  if (s.code === 401 || s.code === 403) {
    return new DomainError("unavailable", `${where} refused the control plane's credentials (${what}: ${s.message}); update the management cluster's kubeconfig`, { extra });
  }
  if (s.code === 408 || s.code === 429 || s.code >= 500) return new RetryableError(`${where} failed ${what} (${s.code}): ${s.message}`, cause);
  return new DomainError("unprocessable", detail, { extra });
}

export function isRetryable(err: unknown): boolean {
  return err instanceof RetryableError;
}
