import { decodeJwt } from "jose";
import type { Deps } from "../deps.js";
import { DomainError, notFound } from "../shared/errors.js";
import { idpUnavailable, issuerKeys, oidcKeySettings } from "./issuer-keys.js";
import { type SignInProvider, signInProviders } from "./sign-in.js";

/**
 * The console's token requests, made for it (`POST /v1/auth/token`): the
 * authorization code (with the PKCE verifier the browser kept) and the
 * refresh token go to the IdP's token endpoint as the same public client —
 * there is no client secret anywhere — and the answer comes back. The
 * console's content security policy lets it talk to its own origin only,
 * so it cannot call the IdP itself; this keeps that policy whatever IdPs
 * are configured, and needs no CORS rule at the IdP. The control plane
 * keeps nothing of it and logs no token.
 */
export type TokenGrant =
  | { grantType: "authorization_code"; code: string; codeVerifier: string; redirectUri: string }
  | { grantType: "refresh_token"; refreshToken: string };

export type TokenExchangeInput = TokenGrant & { identityProvider: string };

export interface SignInTokens {
  /** what to send as `Authorization: Bearer` (the token the IdP's `bearer` names) */
  token: string;
  idToken?: string;
  accessToken?: string;
  refreshToken?: string;
  /** seconds until `token` runs out */
  expiresIn: number;
}

/** An IdP's OAuth error code as it may be shown: RFC 6749 codes are short ASCII words. */
const OAUTH_ERROR = /^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

async function providerOf(deps: Deps, ref: string): Promise<SignInProvider> {
  const domain = ref.includes("/") ? ref.split("/")[0] : undefined;
  const p = (await signInProviders(deps, domain)).find((x) => x.identityProvider === ref);
  if (!p) throw notFound(`identity provider ${ref}`);
  return p;
}

const idpDown = (reason: string) => idpUnavailable(`the identity provider cannot be reached right now: ${reason}`);

export async function exchangeSignInToken(deps: Deps, input: TokenExchangeInput): Promise<SignInTokens> {
  const p = await providerOf(deps, input.identityProvider);
  const { discovery } = await issuerKeys(p.issuer);
  if (!discovery.token_endpoint) throw idpDown("its discovery document names no token endpoint");
  const form = new URLSearchParams({ client_id: p.clientId, grant_type: input.grantType });
  if (input.grantType === "authorization_code") {
    form.set("code", input.code);
    form.set("code_verifier", input.codeVerifier);
    form.set("redirect_uri", input.redirectUri);
  } else form.set("refresh_token", input.refreshToken);
  if (p.resource) form.set("resource", p.resource);
  let res: Response;
  try {
    res = await fetch(discovery.token_endpoint, {
      method: "POST",
      redirect: "error",
      signal: AbortSignal.timeout(oidcKeySettings.FETCH_TIMEOUT_MS),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form,
    });
  } catch (e) {
    throw idpDown(`its token endpoint ${(e as Error).name === "TimeoutError" ? "timed out" : "cannot be connected to"}`);
  }
  if (res.status >= 500) throw idpDown(`its token endpoint answered ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const what = input.grantType === "authorization_code" ? "sign-in code" : "refresh token";
  if (!res.ok) {
    const error = typeof body.error === "string" && OAUTH_ERROR.test(body.error) ? body.error : `HTTP ${res.status}`;
    throw new DomainError("validation", `the identity provider refused the ${what}: ${error}`, {
      code: "auth.sign-in-refused",
      extra: { error },
    });
  }
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const idToken = str(body.id_token);
  const accessToken = str(body.access_token);
  const token = p.bearer === "access_token" ? accessToken : idToken;
  if (!token)
    throw new DomainError("validation", `the identity provider answered the ${what} without an ${p.bearer}`, {
      code: "auth.sign-in-refused",
      extra: { error: `no ${p.bearer}` },
    });
  const refreshToken = str(body.refresh_token);
  const exp = p.bearer === "id_token" ? expOf(token) : undefined;
  const expiresIn = exp !== undefined ? exp - Math.floor(deps.clock.now().getTime() / 1000) : Number(body.expires_in);
  return {
    token,
    ...(idToken ? { idToken } : {}),
    ...(accessToken ? { accessToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? Math.floor(expiresIn) : 300,
  };
}

/** An ID token's `exp` (unverified: only to tell the console when to refresh; the API verifies every token it is sent). */
function expOf(jwt: string): number | undefined {
  try {
    return decodeJwt(jwt).exp;
  } catch {
    return undefined;
  }
}
