import { DomainError, RetryableError } from "../shared/errors.js";
import type { ProviderCheck } from "./driver.js";

/**
 * A provider refused or cannot do what was asked, and asking again will not
 * help (bad credentials, unknown image, pool exhausted). `reason` is a
 * CamelCase word the saga puts on the cluster's failure condition.
 */
export class InfrastructureError extends DomainError {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super("unprocessable", detail, { code: "provider.refused", extra: { reason } });
    this.name = "InfrastructureError";
  }
}

/**
 * Maps an HTTP answer from a provider API to retryable (unreachable, 429,
 * 5xx) or terminal (other 4xx) errors, keeping the provider's message.
 */
export async function providerFailure(provider: string, what: string, res: Response): Promise<Error> {
  const text = (await res.text().catch(() => "")).slice(0, 500);
  let message = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const inner = Object.values(body).find((v) => typeof v === "object" && v !== null && "message" in (v as object)) as
      | { message?: string }
      | undefined;
    message = (typeof body.message === "string" ? body.message : inner?.message) ?? text;
  } catch {
    // not JSON: keep the text
  }
  const detail = `${provider} ${what}: HTTP ${res.status}${message ? ` ${message}` : ""}`;
  if (res.status === 429 || res.status >= 500) return new RetryableError(detail, undefined, { code: "provider.unreachable" });
  if (res.status === 401 || res.status === 403)
    return new InfrastructureError("ProviderAuthFailed", `${detail}; check the provider credential`);
  return new InfrastructureError("ProviderRequestRefused", detail);
}

/** The provider API gave no HTTP answer (refused, DNS, TLS, timed out). */
export class ProviderUnreachable extends RetryableError {
  constructor(message: string, cause: unknown) {
    super(message, cause, { code: "provider.unreachable" });
    this.name = "ProviderUnreachable";
  }
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 15_000;

/** fetch with a deadline; network failures become retryable. */
export async function providerFetch(
  provider: string,
  what: string,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<Response> {
  const { timeoutMs, ...rest } = init;
  const ms = timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  try {
    return await fetch(url, { ...rest, signal: AbortSignal.timeout(ms) });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === "TimeoutError" || err.name === "AbortError" ? `no answer within ${ms / 1000}s` : (err.cause?.message ?? err.message);
    throw new ProviderUnreachable(`${provider} is unreachable (${what}): ${reason}`, e);
  }
}

/** A check that stopped at `e`: unreachable, refused the credential, or failed otherwise. */
export function failedCheck(e: unknown): ProviderCheck {
  // Anything but no answer at all means the API answered, and not with a token or a pool.
  return {
    reachable: !(e instanceof ProviderUnreachable),
    authenticated: false,
    problems: [],
    message: e instanceof Error ? e.message : String(e),
  };
}
