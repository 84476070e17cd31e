import { DomainError, type FieldError, RetryableError } from "../shared/errors.js";

/**
 * Kubernetes failures sorted into what a caller can act on:
 *   retryable (RetryableError) — the server is unreachable (any network or
 *     TLS failure, a wrong CA included), timed out, throttles (429), fails on
 *     its side (5xx), or refuses our credentials (401/403,
 *     KubeCredentialsRefused): the same request can succeed later, after the
 *     cluster recovers or a platform admin updates its registration;
 *   terminal (DomainError)     — the object is invalid (400, 422), conflicts
 *     (409) or is of a kind the cluster does not serve: retrying the same
 *     request cannot succeed.
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
const TYPED_PATCH_FAILURE =
  /failed to create typed patch object|field not declared in schema|expected (map|list|string|numeric|boolean|bool)/i;

export function isSchemaFailure500(s: KubeStatus): boolean {
  return s.code === 500 && TYPED_PATCH_FAILURE.test(s.message);
}

/**
 * OpenSSL's certificate verification failures, as Node reports them in
 * `code` (https://nodejs.org/api/tls.html, X509_V_ERR_* without the prefix):
 * the server answered, but not with a certificate the configured CA vouches for.
 */
const TLS_VERIFY_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * A network or TLS failure: the request never got an HTTP answer. Node
 * system errors (errno codes such as ECONNREFUSED, EPROTO, EAI_AGAIN, or any
 * error with a `syscall`), OpenSSL's (ERR_SSL_*, ERR_TLS_*, certificate
 * verification), undici's socket errors, node-fetch's "system" FetchError,
 * aborts and timeouts. Walks the `cause` chain.
 */
interface NetworkFailure {
  code?: string;
  message: string;
  timedOut: boolean;
}

function networkFailure(err: unknown, depth = 0): NetworkFailure | undefined {
  if (typeof err !== "object" || err === null || depth > 5) return undefined;
  const e = err as {
    name?: string;
    code?: unknown;
    errno?: unknown;
    syscall?: unknown;
    type?: string;
    message?: string;
    reason?: unknown;
    cause?: unknown;
  };
  // OpenSSL's errors carry their reason ("wrong version number") apart from a message with source paths and newlines
  const message =
    typeof e.reason === "string" && e.reason
      ? e.reason
      : (typeof e.message === "string" ? e.message : String(err)).replace(/\s+/g, " ").trim();
  const code = typeof e.code === "string" ? e.code : typeof e.errno === "string" ? e.errno : undefined;
  if (e.name === "AbortError" || e.name === "TimeoutError" || e.type === "aborted" || e.type === "request-timeout")
    return { message, timedOut: true };
  const inner = e.cause !== undefined && e.cause !== err ? networkFailure(e.cause, depth + 1) : undefined;
  if (inner) return inner;
  if (
    code !== undefined &&
    (/^E(?!RR_)[A-Z0-9_]+$/.test(code) ||
      code.startsWith("ERR_SSL") ||
      code.startsWith("ERR_TLS") ||
      code.startsWith("UND_ERR") ||
      TLS_VERIFY_CODES.has(code))
  ) {
    return { code, message, timedOut: code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" };
  }
  if (typeof e.syscall === "string" || (e.name === "FetchError" && e.type === "system"))
    return { ...(code ? { code } : {}), message, timedOut: false };
  return undefined;
}

/** Why a request got no answer, in words: TLS problems are named, with what to check. */
function describeNetworkFailure(f: NetworkFailure): string {
  if (f.timedOut) return "timed out";
  const code = f.code ?? "";
  const detail = code && !f.message.includes(code) ? `${code}: ${f.message}` : f.message;
  if (TLS_VERIFY_CODES.has(code)) {
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") {
      return `TLS: the server's certificate is not valid for this host name (${detail}); check the server URL or tlsServerName`;
    }
    if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID")
      return `TLS: the server's certificate is outside its validity period (${detail})`;
    return `TLS: the server's certificate is not trusted by the configured CA (${detail}); check the CA data (caData / certificate-authority-data)`;
  }
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code === "EPROTO") {
    const plain = /wrong version number|packet length too long|http request/i.test(f.message);
    return `TLS handshake failed (${detail})${plain ? "; the server does not speak TLS at this address (a plain-HTTP endpoint?)" : ""}`;
  }
  return f.message;
}

/**
 * The cluster answered 401 or 403: it does not accept (or does not
 * authorise) the stored credentials. Retryable, because a platform admin can
 * fix it without touching the cluster (PATCH new credentials) and workers
 * pick the new ones up on their next attempt; the API answers 503 with the
 * same message.
 */
export class KubeCredentialsRefused extends RetryableError {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message, undefined, { code: "management-cluster.credentials-refused" });
    this.name = "KubeCredentialsRefused";
  }
}

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

// The clusters this control plane talks to are its management clusters (core/management/access.ts).
const UNREACHABLE = "management-cluster.unreachable";
const REJECTED = "management-cluster.object-rejected";

/**
 * Maps anything the Kubernetes client threw to RetryableError or DomainError.
 * `where` names the cluster ("management cluster mc-eu-1"), `what` the
 * operation ("apply KamajiControlPlane ns/name").
 */
export function mapKubeError(err: unknown, where: string, what: string, credentialsHint?: string): Error {
  if (err instanceof DomainError || err instanceof RetryableError) return err;
  const status = kubeStatusOf(err);
  if (status) return fromStatus(status, where, what, err, credentialsHint);
  const net = networkFailure(err);
  if (net) return new RetryableError(`${where} is unreachable (${what}: ${describeNetworkFailure(net)})`, err, { code: UNREACHABLE });
  const message = err instanceof Error ? err.message : String(err);
  if (/^Unrecognized API version and kind/.test(message)) {
    return new DomainError("unprocessable", `${where} does not serve this kind (${what}: ${message}); is its provider installed?`, {
      code: "management-cluster.kind-not-served",
    });
  }
  return err instanceof Error ? err : new Error(message);
}

function fromStatus(s: KubeStatus, where: string, what: string, cause: unknown, credentialsHint?: string): Error {
  const extra = { kubernetes: { code: s.code, ...(s.reason ? { reason: s.reason } : {}) } };
  const detail = `${where} rejected ${what}: ${s.message}`;
  if (s.code === 400 || s.code === 422 || isSchemaFailure500(s)) {
    const fields: FieldError[] = (s.causes ?? [])
      .filter((c) => c.field || c.message)
      .map((c) => ({ path: c.field ?? "(object)", message: c.message ?? c.reason ?? "invalid" }));
    return new DomainError("unprocessable", detail, { code: REJECTED, extra, ...(fields.length ? { fields } : {}) });
  }
  if (s.code === 409) return new DomainError("conflict", detail, { extra });
  if (s.code === 404) {
    // client-node's discovery of the kind's group/version failed: the CRD is not installed.
    const notServed = cause instanceof Error && /Failed to fetch resource metadata/.test(cause.message);
    if (notServed) {
      return new DomainError("unprocessable", `${where} does not serve this kind (${what}); is its provider installed?`, {
        code: "management-cluster.kind-not-served",
        extra,
      });
    }
    return new DomainError("not-found", detail, { extra });
  }
  if (s.code === 401 || s.code === 403) {
    return new KubeCredentialsRefused(
      `${where} refused the control plane's credentials (${what}: HTTP ${s.code} ${s.message}); ${credentialsHint ?? "update the management cluster's kubeconfig"}`,
      s.code,
    );
  }
  if (s.code === 408 || s.code === 429 || s.code >= 500)
    return new RetryableError(`${where} failed ${what} (${s.code}): ${s.message}`, cause, { code: UNREACHABLE });
  return new DomainError("unprocessable", detail, { code: REJECTED, extra });
}

/**
 * A cluster reached through its agent's tunnel (core/tunnel) whose agent is
 * not connected, or whose connection was lost or replaced while a request
 * was under way. Retryable: the agent reconnects on its own (or a new one
 * is installed); saga steps wait it out as a condition (reason
 * TunnelDisconnected) until their time limit, rather than counting failed
 * attempts.
 */
export class TunnelDisconnected extends RetryableError {
  readonly reason = "TunnelDisconnected";
  constructor(
    /** the cluster, e.g. "management cluster mc-eu-1" */
    readonly target: string,
    /** when the tunnel went down (ISO 8601), when known */
    readonly since: string | undefined,
    readonly detail = "its cluster agent is not connected",
  ) {
    super(`${target}: ${detail}${since ? ` (disconnected since ${since})` : ""}`, undefined, { code: "tunnel.disconnected" });
    this.name = "TunnelDisconnected";
  }

  /** The message as made (client-node prefixes `message` of errors that pass through its discovery). */
  describe(): string {
    return `${this.target}: ${this.detail}${this.since ? ` (disconnected since ${this.since})` : ""}`;
  }
}

export function isRetryable(err: unknown): boolean {
  return err instanceof RetryableError;
}
