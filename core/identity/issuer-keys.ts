import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from "jose";
import { RetryableError, unprocessable } from "../shared/errors.js";
import { issuerProblem } from "./model.js";

/**
 * Each issuer's signing keys, as its discovery document and JWKS publish
 * them, cached per process (a Lambda keeps them between invocations).
 * Bounds: the discovery document is fetched again after DISCOVERY_TTL_MS;
 * keys are refetched when older than JWKS_MAX_AGE_MS, or when a token names
 * a kid the cache lacks (a rotation) — at most once per JWKS_COOLDOWN_MS, so
 * tokens with made-up kids cannot make us hammer the IdP; every fetch times
 * out after FETCH_TIMEOUT_MS; at most MAX_ISSUERS issuers are kept; a failed
 * discovery is not retried for FAILURE_BACKOFF_MS.
 *
 * Only keys are cached here, never permissions: who may do what is read
 * from the table on every request (core/identity/authenticate.ts).
 */
export const oidcKeySettings = {
  DISCOVERY_TTL_MS: 60 * 60_000,
  JWKS_MAX_AGE_MS: 10 * 60_000,
  JWKS_COOLDOWN_MS: 10_000,
  FETCH_TIMEOUT_MS: 5_000,
  FAILURE_BACKOFF_MS: 5_000,
  MAX_ISSUERS: 100,
  MAX_DOCUMENT_BYTES: 256 * 1024,
};

export interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  device_authorization_endpoint?: string;
  [k: string]: unknown;
}

interface Entry {
  discovery: DiscoveryDocument;
  keys: JWTVerifyGetKey;
  at: number;
}

const entries = new Map<string, Promise<Entry>>();
const failures = new Map<string, { at: number; reason: string }>();

/** Why an issuer's discovery failed, for people: never a response body. */
export class DiscoveryFailure extends Error {}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
}

/** The discovery document, checked: same issuer (OIDC Discovery §4.3), a JWKS URL we would fetch. */
export async function fetchDiscovery(issuer: string): Promise<DiscoveryDocument> {
  const url = discoveryUrl(issuer);
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: "error",
      signal: AbortSignal.timeout(oidcKeySettings.FETCH_TIMEOUT_MS),
      headers: { accept: "application/json" },
    });
  } catch (e) {
    throw new DiscoveryFailure(`${url} cannot be fetched (${(e as Error).name === "TimeoutError" ? "timed out" : "no connection"})`);
  }
  if (res.status !== 200) throw new DiscoveryFailure(`${url} answered ${res.status}`);
  const text = await boundedText(res, oidcKeySettings.MAX_DOCUMENT_BYTES);
  if (text === undefined) throw new DiscoveryFailure(`${url} is larger than ${oidcKeySettings.MAX_DOCUMENT_BYTES} bytes`);
  let doc: Partial<DiscoveryDocument>;
  try {
    doc = JSON.parse(text) as Partial<DiscoveryDocument>;
  } catch {
    throw new DiscoveryFailure(`${url} is not JSON`);
  }
  if (typeof doc !== "object" || doc === null) throw new DiscoveryFailure(`${url} is not a JSON object`);
  if (doc.issuer !== issuer)
    throw new DiscoveryFailure(`the discovery document names issuer ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(issuer)}`);
  if (typeof doc.jwks_uri !== "string") throw new DiscoveryFailure("the discovery document has no jwks_uri");
  const problem = issuerProblem(doc.jwks_uri);
  if (problem) throw new DiscoveryFailure(`the discovery document's jwks_uri ${problem}`);
  return doc as DiscoveryDocument;
}

/** Checks an issuer when an IdP is configured: 422 `identity-provider.discovery-failed` saying why. */
export async function checkIssuer(issuer: string): Promise<DiscoveryDocument> {
  try {
    const doc = await fetchDiscovery(issuer);
    entries.delete(issuer);
    failures.delete(issuer);
    return doc;
  } catch (e) {
    if (e instanceof DiscoveryFailure) throw unprocessable(e.message, undefined, "identity-provider.discovery-failed");
    throw e;
  }
}

/** The issuer's discovery document and key resolver; 503 `auth.idp-unavailable` when they cannot be had. */
export async function issuerKeys(issuer: string): Promise<{ discovery: DiscoveryDocument; keys: JWTVerifyGetKey }> {
  const now = Date.now();
  const failed = failures.get(issuer);
  if (failed && now - failed.at < oidcKeySettings.FAILURE_BACKOFF_MS) throw unavailable(failed.reason);
  let pending = entries.get(issuer);
  if (pending) {
    const e = await pending.catch(() => undefined);
    if (!e || now - e.at > oidcKeySettings.DISCOVERY_TTL_MS) pending = undefined;
  }
  if (!pending) {
    pending = load(issuer, now);
    entries.delete(issuer);
    entries.set(issuer, pending);
    while (entries.size > oidcKeySettings.MAX_ISSUERS) entries.delete(entries.keys().next().value as string);
  }
  try {
    return await pending;
  } catch (e) {
    if (entries.get(issuer) === pending) entries.delete(issuer);
    const reason = e instanceof DiscoveryFailure ? e.message : "the discovery document cannot be fetched";
    failures.set(issuer, { at: Date.now(), reason });
    if (failures.size > oidcKeySettings.MAX_ISSUERS) failures.delete(failures.keys().next().value as string);
    throw unavailable(reason);
  }
}

async function load(issuer: string, at: number): Promise<Entry> {
  const discovery = await fetchDiscovery(issuer);
  const remote = createRemoteJWKSet(new URL(discovery.jwks_uri), {
    timeoutDuration: oidcKeySettings.FETCH_TIMEOUT_MS,
    cooldownDuration: oidcKeySettings.JWKS_COOLDOWN_MS,
    cacheMaxAge: oidcKeySettings.JWKS_MAX_AGE_MS,
  });
  // A key that is not there is the token's problem; a JWKS we cannot fetch is ours (503).
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys || e instanceof errors.JOSENotSupported)
        throw e;
      if (e instanceof errors.JOSEAlgNotAllowed) throw e;
      throw unavailable(e instanceof errors.JWKSTimeout ? "its JWKS timed out" : "its JWKS cannot be fetched or read");
    }
  };
  return { discovery, keys, at };
}

/** 503 `auth.idp-unavailable`: the IdP cannot serve what is needed now; retried after the failure backoff. */
export function idpUnavailable(detail: string): RetryableError {
  return new RetryableError(detail, undefined, {
    code: "auth.idp-unavailable",
    retryAfter: Math.ceil(oidcKeySettings.FAILURE_BACKOFF_MS / 1000),
  });
}

const unavailable = (reason: string) => idpUnavailable(`the identity provider's keys cannot be had right now: ${reason}`);

/** For tests: forget every issuer. */
export function resetIssuerKeys(): void {
  entries.clear();
  failures.clear();
}

async function boundedText(res: Response, max: number): Promise<string | undefined> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) return undefined;
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
