import * as oauth from "oauth4webapi";
import { fetchClient, type Schemas } from "../api/client";

/**
 * Sign-in with the identity provider (docs/oidc.md §4): the authorization
 * code flow with PKCE as the IdP's public client. The person is sent to the
 * IdP's authorization endpoint and comes back to `/callback` with a code;
 * the code, with the PKCE verifier only this tab holds, is turned into
 * tokens through `POST /v1/auth/token` (the console's content security
 * policy lets it talk to its own origin only). oauth4webapi (panva's
 * certified OAuth client) makes the verifier, state and nonce and checks
 * the answer's state and issuer.
 *
 * What is kept, in sessionStorage (gone with the tab): while away at the
 * IdP, the verifier, state and nonce; once back, the refresh token and when
 * the bearer runs out. The bearer itself is kept where every sign-in keeps
 * its token (./session.ts).
 */
export type SignInProvider = Schemas["SignInConfig"]["providers"][number];

const PENDING = "ckp.oidc.pending";
const SESSION = "ckp.oidc.session";
export const CALLBACK_PATH = "/callback";
/** Refresh this long before the bearer runs out. */
const REFRESH_MARGIN_MS = 60_000;

interface Pending {
  identityProvider: string;
  issuer: string;
  clientId: string;
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
  endSessionEndpoint?: string;
}

export interface OidcSession {
  identityProvider: string;
  clientId: string;
  refreshToken?: string;
  /** epoch ms */
  expiresAt: number;
  idToken?: string;
  endSessionEndpoint?: string;
}

export async function signInProviders(): Promise<SignInProvider[]> {
  const domain = new URLSearchParams(window.location.search).get("domain") ?? undefined;
  const { data } = await fetchClient.GET("/v1/auth/config", { params: { query: domain ? { domain } : {} } });
  return data?.providers ?? [];
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;

/** Sends the person to the IdP. */
export async function beginSignIn(p: SignInProvider): Promise<void> {
  if (!p.authorizationEndpoint) throw new Error(`${p.displayName} cannot be reached right now`);
  const pending: Pending = {
    identityProvider: p.identityProvider,
    issuer: p.issuer,
    clientId: p.clientId,
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    redirectUri: redirectUri(),
    ...(p.endSessionEndpoint ? { endSessionEndpoint: p.endSessionEndpoint } : {}),
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(p.authorizationEndpoint);
  url.searchParams.set("client_id", p.clientId);
  url.searchParams.set("redirect_uri", pending.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", [...new Set([...p.scopes, "openid", "offline_access"])].join(" "));
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", pending.state);
  url.searchParams.set("nonce", pending.nonce);
  // a refresh token needs consent to offline access at most IdPs
  url.searchParams.set("prompt", "consent");
  if (p.resource) url.searchParams.set("resource", p.resource);
  window.location.assign(url.toString());
}

export const isCallback = () => window.location.pathname === CALLBACK_PATH;

const claimsOf = (jwt: string | undefined): Record<string, unknown> => {
  try {
    const part = (jwt ?? "").split(".")[1] ?? "";
    return JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  } catch {
    return {};
  }
};

function problemText(error: unknown, status: number): string {
  const p = error as { detail?: string } | undefined;
  return p?.detail ?? `the control plane answered ${status}`;
}

/**
 * Back from the IdP: checks the answer (state, issuer, no error), turns the
 * code into tokens and checks the ID token's nonce. Answers the bearer, or
 * throws why the sign-in failed. The address bar is cleaned either way.
 */
export async function completeSignIn(): Promise<string> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const params = new URL(window.location.href);
  history.replaceState(null, "", "/");
  if (!raw) throw new Error("This sign-in was not started here (or was already used). Sign in again.");
  const p = JSON.parse(raw) as Pending;
  let callback: URLSearchParams;
  try {
    callback = oauth.validateAuthResponse({ issuer: p.issuer }, { client_id: p.clientId }, params, p.state);
  } catch (e) {
    if (e instanceof oauth.AuthorizationResponseError)
      throw new Error(`The identity provider did not sign you in: ${e.error}${e.error_description ? ` (${e.error_description})` : ""}`);
    throw new Error(`The identity provider's answer was refused: ${(e as Error).message}`);
  }
  const { data, error, response } = await fetchClient.POST("/v1/auth/token", {
    body: {
      grantType: "authorization_code",
      identityProvider: p.identityProvider,
      code: callback.get("code") ?? "",
      codeVerifier: p.verifier,
      redirectUri: p.redirectUri,
    },
  });
  if (!data) throw new Error(`The sign-in could not be completed: ${problemText(error, response.status)}`);
  if (data.idToken && claimsOf(data.idToken).nonce !== p.nonce) throw new Error("The ID token was not issued for this sign-in (nonce).");
  saveSession({
    identityProvider: p.identityProvider,
    clientId: p.clientId,
    ...(data.refreshToken ? { refreshToken: data.refreshToken } : {}),
    expiresAt: Date.now() + data.expiresIn * 1000,
    ...(data.idToken ? { idToken: data.idToken } : {}),
    ...(p.endSessionEndpoint ? { endSessionEndpoint: p.endSessionEndpoint } : {}),
  });
  return data.token;
}

function saveSession(s: OidcSession): void {
  sessionStorage.setItem(SESSION, JSON.stringify(s));
}

export function oidcSession(): OidcSession | undefined {
  const raw = sessionStorage.getItem(SESSION);
  return raw ? (JSON.parse(raw) as OidcSession) : undefined;
}

/** ms until the bearer should be refreshed (0: now), or undefined when this is no IdP sign-in or cannot be refreshed. */
export function refreshDueIn(now = Date.now()): number | undefined {
  const s = oidcSession();
  if (!s?.refreshToken) return undefined;
  return Math.max(0, s.expiresAt - REFRESH_MARGIN_MS - now);
}

/** A new bearer for the refresh token; throws why not (the session is then over). */
export async function refreshSignIn(): Promise<string> {
  const s = oidcSession();
  if (!s?.refreshToken) throw new Error("The session cannot be renewed. Sign in again.");
  const { data, error, response } = await fetchClient.POST("/v1/auth/token", {
    body: { grantType: "refresh_token", identityProvider: s.identityProvider, refreshToken: s.refreshToken },
  });
  if (!data) throw new Error(`The session could not be renewed: ${problemText(error, response.status)}. Sign in again.`);
  saveSession({
    ...s,
    refreshToken: data.refreshToken ?? s.refreshToken,
    expiresAt: Date.now() + data.expiresIn * 1000,
    ...(data.idToken ? { idToken: data.idToken } : {}),
  });
  return data.token;
}

/** Forgets the IdP sign-in; answers where to end the session at the IdP too (RP-initiated logout), if it has an endpoint. */
export function endOidcSession(): string | undefined {
  const s = oidcSession();
  sessionStorage.removeItem(SESSION);
  sessionStorage.removeItem(PENDING);
  if (!s?.endSessionEndpoint) return undefined;
  const url = new URL(s.endSessionEndpoint);
  url.searchParams.set("client_id", s.clientId);
  url.searchParams.set("post_logout_redirect_uri", `${window.location.origin}/`);
  if (s.idToken) url.searchParams.set("id_token_hint", s.idToken);
  return url.toString();
}
