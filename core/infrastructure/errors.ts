import { DomainError, RetryableError } from "../shared/errors.js";

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
    super("unprocessable", detail, { extra: { reason } });
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
    const inner = Object.values(body).find((v) => typeof v === "object" && v !== null && "message" in (v as object)) as { message?: string } | undefined;
    message = (typeof body.message === "string" ? body.message : inner?.message) ?? text;
  } catch {
    // not JSON: keep the text
  }
  const detail = `${provider} ${what}: HTTP ${res.status}${message ? ` ${message}` : ""}`;
  if (res.status === 429 || res.status >= 500) return new RetryableError(detail);
  if (res.status === 401 || res.status === 403) return new InfrastructureError("ProviderAuthFailed", `${detail}; check the provider credential`);
  return new InfrastructureError("ProviderRequestRefused", detail);
}

/** fetch with a deadline; network failures become retryable. */
export async function providerFetch(provider: string, what: string, url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  const { timeoutMs, ...rest } = init;
  try {
    return await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs ?? 15_000) });
  } catch (e) {
    throw new RetryableError(`${provider} is unreachable (${what}): ${(e as Error).message}`, e);
  }
}
