import * as oauth from "oauth4webapi";
import { ApiError, apiClient, ok } from "./api/client.js";
import type { Context } from "./config.js";
import { CliError, EXIT } from "./errors.js";

/**
 * Signing in with the company's identity provider (docs/oidc.md §4): the
 * device-authorization grant (RFC 8628) as the public client the control
 * plane names in `GET /v1/auth/config`, and the refresh of the cached token
 * before it runs out. The protocol is oauth4webapi's (panva's certified
 * OAuth/OIDC client, no dependencies): discovery, the device and token
 * requests and the checks of their answers.
 */
export interface SsoSession {
  /** the IdP configuration's name (`corp`, or `acme/okta` for a domain's) */
  identityProvider: string;
  issuer: string;
  clientId: string;
  /** which token of the sign-in the API takes */
  bearer: "id_token" | "access_token";
  resource?: string;
  refreshToken?: string;
  /** when the bearer token runs out (ISO 8601) */
  expiresAt: string;
}

export interface AuthProvider {
  identityProvider: string;
  displayName?: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  bearer: "id_token" | "access_token";
  resource?: string;
}

/** A token this close to its end is refreshed before a request. */
const REFRESH_MARGIN_MS = 60_000;

const insecureIfLoopback = (issuer: URL) =>
  issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};

async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  try {
    return await oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: "oidc", ...insecureIfLoopback(url) }));
  } catch (e) {
    throw new CliError(`the identity provider ${issuer} could not be discovered: ${(e as Error).message}`, EXIT.error);
  }
}

/** The IdPs the control plane accepts sign-ins from (public: no token needed). */
export async function authProviders(server: string, domain?: string): Promise<AuthProvider[]> {
  const { data } = await ok(
    apiClient({ server, token: "" }).GET("/v1/auth/config", { params: { query: domain ? { domain } : {} } }),
    server,
  );
  return (data as { providers: AuthProvider[] }).providers;
}

export function chooseProvider(providers: AuthProvider[], wanted?: string): AuthProvider {
  const names = providers.map((p) => p.identityProvider).join(", ");
  if (wanted) {
    const p = providers.find((x) => x.identityProvider === wanted);
    if (!p) throw new CliError(`no identity provider ${wanted} here (known: ${names || "none"})`, EXIT.usage);
    return p;
  }
  if (providers.length === 0)
    throw new CliError("this control plane has no identity provider configured: log in with a token instead", EXIT.usage);
  if (providers.length > 1) throw new CliError(`more than one identity provider (${names}): choose one with --idp NAME`, EXIT.usage);
  return providers[0] as AuthProvider;
}

function sessionOf(p: AuthProvider, t: oauth.TokenEndpointResponse, previousRefresh?: string): { token: string; sso: SsoSession } {
  const token = p.bearer === "access_token" ? t.access_token : t.id_token;
  if (!token) throw new CliError(`the identity provider answered without an ${p.bearer}`, EXIT.auth);
  const expiresIn = typeof t.expires_in === "number" ? t.expires_in : 300;
  const refreshToken = t.refresh_token ?? previousRefresh;
  return {
    token,
    sso: {
      identityProvider: p.identityProvider,
      issuer: p.issuer,
      clientId: p.clientId,
      bearer: p.bearer,
      ...(p.resource ? { resource: p.resource } : {}),
      ...(refreshToken ? { refreshToken } : {}),
      expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
    },
  };
}

/**
 * The device flow: the IdP hands out a user code, the person confirms it in
 * any browser, and this polls the token endpoint at the interval the IdP
 * asks (slower when it says slow_down) until they have, or the code expires.
 */
export async function deviceLogin(
  p: AuthProvider,
  show: (prompt: { verificationUri: string; verificationUriComplete?: string; userCode: string; expiresIn: number }) => void,
): Promise<{ token: string; sso: SsoSession }> {
  const as = await discover(p.issuer);
  if (!as.device_authorization_endpoint)
    throw new CliError(`the identity provider ${p.issuer} offers no device-authorization grant`, EXIT.error);
  const client: oauth.Client = { client_id: p.clientId };
  const opts = insecureIfLoopback(new URL(p.issuer));
  // offline_access: a refresh token, so the session outlives the IdP's short token lifetime
  const scope = [...new Set([...p.scopes, "offline_access"])].join(" ");
  const params: Record<string, string> = { scope, ...(p.resource ? { resource: p.resource } : {}) };
  const codes = await oauth.processDeviceAuthorizationResponse(
    as,
    client,
    await oauth.deviceAuthorizationRequest(as, client, oauth.None(), params, opts),
  );
  show({
    verificationUri: codes.verification_uri,
    ...(codes.verification_uri_complete ? { verificationUriComplete: codes.verification_uri_complete } : {}),
    userCode: codes.user_code,
    expiresIn: codes.expires_in,
  });
  let interval = (codes.interval ?? 5) * 1000;
  const until = Date.now() + codes.expires_in * 1000;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, interval));
    try {
      const t = await oauth.processDeviceCodeResponse(
        as,
        client,
        await oauth.deviceCodeGrantRequest(as, client, oauth.None(), codes.device_code, opts),
      );
      return sessionOf(p, t);
    } catch (e) {
      if (e instanceof oauth.ResponseBodyError && e.error === "authorization_pending") continue;
      if (e instanceof oauth.ResponseBodyError && e.error === "slow_down") {
        interval += 5000;
        continue;
      }
      if (e instanceof oauth.ResponseBodyError)
        throw new CliError(
          `sign-in refused by the identity provider: ${e.error}${e.error_description ? ` (${e.error_description})` : ""}`,
          EXIT.auth,
        );
      throw e;
    }
  }
  throw new CliError("the code was not confirmed in time: run ckpctl login again", EXIT.auth);
}

/** The context's token, refreshed first when it is about to run out (the new one written back by `save`). */
export async function freshToken(ctx: Context, save: (next: Context) => void, now = Date.now()): Promise<string> {
  const s = ctx.sso;
  if (!s || Date.parse(s.expiresAt) - now > REFRESH_MARGIN_MS) return ctx.token;
  if (!s.refreshToken)
    throw new CliError(`your sign-in to ${s.identityProvider} has expired: run ckpctl login ${ctx.server} --sso`, EXIT.auth);
  const as = await discover(s.issuer);
  const client: oauth.Client = { client_id: s.clientId };
  let t: oauth.TokenEndpointResponse;
  try {
    t = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), s.refreshToken, {
        ...insecureIfLoopback(new URL(s.issuer)),
        ...(s.resource ? { additionalParameters: { resource: s.resource } } : {}),
      }),
    );
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError)
      throw new CliError(
        `your sign-in to ${s.identityProvider} could not be renewed (${e.error}): run ckpctl login ${ctx.server} --sso`,
        EXIT.auth,
      );
    throw e;
  }
  const next = sessionOf(
    {
      identityProvider: s.identityProvider,
      issuer: s.issuer,
      clientId: s.clientId,
      scopes: [],
      bearer: s.bearer,
      ...(s.resource ? { resource: s.resource } : {}),
    },
    t,
    s.refreshToken,
  );
  save({ ...ctx, token: next.token, sso: next.sso });
  return next.token;
}

/** The token of a context, refreshed at most once at a time however many requests ask together. */
export function tokenSource(ctx: Context, save: (next: Context) => void): () => Promise<string> {
  let current = ctx;
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= freshToken(current, (next) => {
      current = next;
      save(next);
    }).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** Who the server says the token belongs to (GET /v1/whoami), for the line login prints. */
export async function whoami(server: string, token: string): Promise<{ id: string; name?: string; role?: string }> {
  try {
    const { data } = await ok(apiClient({ server, token }).GET("/v1/whoami"), server);
    const d = data as { id: string; role?: string; person?: { name?: string }; grants?: unknown[] };
    // a person no binding reaches is shown the weakest role, but holds nothing
    const bound = d.grants === undefined || d.grants.length > 0;
    return { id: d.id, ...(d.person?.name ? { name: d.person.name } : {}), ...(d.role && bound ? { role: d.role } : {}) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401)
      throw new CliError(`${server} refused the identity provider's token: ${e.message}`, EXIT.auth);
    throw e;
  }
}
