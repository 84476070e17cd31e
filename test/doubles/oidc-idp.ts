import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID provider for the tests and the sandbox: `oidc-provider`
 * (OpenID-certified) on a free loopback port, with static users and groups,
 * the clients the console, ckpctl and automation use, and the controls a
 * test needs — rotate the signing key, change a user's groups, shorten token
 * lifetimes. It is never part of the control plane: it runs in the caller's
 * process (`startOidcIdp`) or as its own (`spawnOidcIdp`, or
 * `npx tsx test/doubles/oidc-idp.ts`), and the control plane only sees its
 * discovery document, its keys and the tokens it signs.
 *
 * The controls are plain HTTP on the same port (`/__admin/…`), so a spawned
 * IdP is driven exactly like an in-process one.
 */
export interface IdpUser {
  /** the account id: the `sub` claim */
  id: string;
  password: string;
  name: string;
  email: string;
  groups: string[];
}

export const IDP_CLIENTS = {
  /** the console and `ckpctl login --sso`: a public client, authorization code with PKCE or the device flow */
  console: "ckp-console",
  /** ckpctl: a public native client, device flow or authorization code on a loopback redirect */
  cli: "ckpctl",
  /** automation: a confidential client, client credentials */
  automation: "ckp-automation",
  /** an unrelated application of the same IdP: its tokens are for someone else */
  other: "other-app",
} as const;

/**
 * The body of `POST /v1/identity-providers` that registers this IdP as the
 * console's and ckpctl's public client — what the tests and the sandbox send.
 */
export function identityProviderConfig(issuer: string, o: { name?: string; displayName: string; audiences?: string[] }) {
  return {
    ...(o.name ? { name: o.name } : {}),
    displayName: o.displayName,
    issuer,
    clientId: IDP_CLIENTS.console,
    ...(o.audiences ? { audiences: o.audiences } : {}),
    scopes: ["openid", "profile", "email", "groups"],
    clockSkewSeconds: 0,
  };
}

export const DEFAULT_USERS: IdpUser[] = [
  { id: "alice", password: "alice-password", name: "Alice Archer", email: "alice@example.com", groups: ["platform-admins"] },
  { id: "bob", password: "bob-password", name: "Bob Baker", email: "bob@example.com", groups: ["acme-ops"] },
  {
    id: "carol",
    password: "carol-password",
    name: "Carol Cooper",
    email: "carol@example.com",
    groups: ["acme-viewers", "acme-edge-admins"],
  },
  { id: "dave", password: "dave-password", name: "Dave Dyer", email: "dave@example.com", groups: [] },
];

export interface OidcIdpOptions {
  /** 0 (default): a free port */
  port?: number;
  users?: IdpUser[];
  /** the resource indicator of the CKP API: access tokens requested for it are JWTs with this audience */
  apiAudience?: string;
  /** where the console may be sent back to after sign-in */
  consoleRedirectUris?: string[];
  /** lifetime of ID and access tokens, seconds (default 300) */
  tokenTtlSeconds?: number;
  /** the automation client's secret (default: random; the handle tells it) */
  automationSecret?: string;
  /** groups in the automation client's tokens */
  automationGroups?: string[];
}

export interface OidcIdp {
  issuer: string;
  apiAudience: string;
  automationSecret: string;
  consoleRedirectUri: string;
  users: IdpUser[];
  /** publishes a new signing key and signs with it from now on; `retire` drops the old keys from the JWKS */
  rotateKeys(o?: { retire?: boolean }): Promise<{ kid: string; published: string[] }>;
  /** the kids the JWKS publishes, the signing key first */
  keyIds(): Promise<string[]>;
  /** a user's groups as the IdP will state them in tokens issued from now on */
  setGroups(userId: string, groups: string[]): Promise<void>;
  /** lifetime of ID and access tokens issued from now on */
  setTokenTtl(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateJwk: JWK;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateJwk: { ...jwk, kid, alg: "RS256", use: "sig" } };
}

/** Starts the IdP in this process. */
export async function startOidcIdp(o: OidcIdpOptions = {}): Promise<OidcIdp> {
  const users = new Map((o.users ?? DEFAULT_USERS).map((u) => [u.id, { ...u, groups: [...u.groups] }]));
  const state = {
    keys: [await newSigningKey()],
    ttl: o.tokenTtlSeconds ?? 300,
    automationSecret: o.automationSecret ?? randomBytes(24).toString("base64url"),
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
  let provider: Provider | undefined;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://idp").pathname;
    const answer = path.startsWith("/__admin/")
      ? admin(req, res, path)
      : path.startsWith("/interaction/")
        ? interaction(req, res, path)
        : Promise.resolve(handler?.(req, res));
    answer.catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String((e as Error).message));
    });
  });
  await new Promise<void>((ok) => server.listen(o.port ?? 0, "127.0.0.1", ok));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiAudience = o.apiAudience ?? "https://ckp.example/api";
  const consoleRedirectUris = o.consoleRedirectUris ?? ["http://127.0.0.1:5173/callback", "http://localhost:5173/callback"];

  // oidc-provider reads its keys once; rotation builds a new provider on the
  // same issuer (its in-memory storage is shared, so sessions and grants stay).
  const build = () => {
    provider = new Provider(issuer, configuration());
    handler = provider.callback();
  };

  const configuration = (): Configuration => ({
    clients: [
      {
        client_id: IDP_CLIENTS.console,
        token_endpoint_auth_method: "none",
        // the control plane names one public client for the console (PKCE) and ckpctl (device flow): docs/oidc.md §4
        grant_types: ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: consoleRedirectUris,
        // a sign-out ends the IdP session and comes back to the console's start
        post_logout_redirect_uris: [...new Set(consoleRedirectUris.map((u) => `${new URL(u).origin}/`))],
      },
      {
        client_id: IDP_CLIENTS.cli,
        application_type: "native",
        token_endpoint_auth_method: "none",
        grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: ["http://127.0.0.1/callback"],
      },
      {
        client_id: IDP_CLIENTS.automation,
        client_secret: state.automationSecret,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: IDP_CLIENTS.other,
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        redirect_uris: ["http://127.0.0.1:9999/callback"],
      },
    ],
    jwks: { keys: state.keys.map((k) => k.privateJwk) as never },
    cookies: { keys: state.cookieKeys },
    claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"], groups: ["groups"] },
    scopes: ["openid", "offline_access", "profile", "email", "groups"],
    // The ID token carries the profile, e-mail and groups claims its scopes asked for, as most IdPs do for SPAs and CLIs.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => {
      const u = users.get(id);
      if (!u) return undefined;
      return {
        accountId: u.id,
        claims: () => ({ sub: u.id, name: u.name, email: u.email, email_verified: true, groups: [...u.groups] }),
      };
    },
    extraTokenClaims: (_ctx, token) => {
      if (token.kind === "ClientCredentials") return { groups: [...(o.automationGroups ?? [])] };
      const u = token.accountId ? users.get(token.accountId) : undefined;
      return u ? { groups: [...u.groups], email: u.email, name: u.name } : undefined;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: KoaContextWithOIDC) => (ctx.oidc.route === "client_credentials" ? apiAudience : undefined),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== apiAudience) throw new errors.InvalidTarget();
          return { scope: "ckp", audience: apiAudience, accessTokenFormat: "jwt", accessTokenTTL: state.ttl };
        },
      },
    },
    ttl: {
      IdToken: () => state.ttl,
      AccessToken: () => state.ttl,
      ClientCredentials: () => state.ttl,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      DeviceCode: 600,
      RefreshToken: 86_400,
    },
  });

  build();

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const p = provider as Provider;
    const [, , uid, action] = path.split("/");
    const details = await p.interactionDetails(req, res);
    if (details.uid !== uid) return text(res, 400, "interaction does not match the session");
    if (req.method === "GET") return html(res, page(details.uid, details.prompt.name, String(details.params.client_id)));
    const form = new URLSearchParams(await body(req));
    if (action === "login") {
      const u = users.get(form.get("login") ?? "");
      if (!u || u.password !== form.get("password")) return html(res, page(details.uid, "login", "", "wrong user name or password"), 401);
      return p.interactionFinished(req, res, { login: { accountId: u.id } }, { mergeWithLastSubmission: false });
    }
    if (action === "confirm") {
      const { accountId } = details.session ?? {};
      if (!accountId) return text(res, 400, "not signed in");
      const grant = details.grantId
        ? ((await p.Grant.find(details.grantId)) as InstanceType<Provider["Grant"]>)
        : new p.Grant({ accountId, clientId: String(details.params.client_id) });
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
        grant.addResourceScope(resource, scopes.join(" "));
      const grantId = await grant.save();
      return p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    return text(res, 404, "no such interaction step");
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const input = JSON.parse((await body(req)) || "{}") as Record<string, unknown>;
    if (req.method === "POST" && path === "/__admin/rotate-keys") {
      const next = await newSigningKey();
      state.keys = input.retire ? [next] : [next, ...state.keys];
      build();
      return json(res, { kid: next.kid, published: state.keys.map((k) => k.kid) });
    }
    if (req.method === "GET" && path === "/__admin/keys") return json(res, { published: state.keys.map((k) => k.kid) });
    const m = /^\/__admin\/users\/([^/]+)\/groups$/.exec(path);
    if (req.method === "PUT" && m) {
      const u = users.get(decodeURIComponent(m[1] as string));
      if (!u) return text(res, 404, "no such user");
      u.groups = (input.groups as string[]).map(String);
      return json(res, { id: u.id, groups: u.groups });
    }
    if (req.method === "PUT" && path === "/__admin/token-ttl") {
      state.ttl = Number(input.seconds);
      return json(res, { seconds: state.ttl });
    }
    return text(res, 404, "no such admin operation");
  }

  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  };
  return handleFor(issuer, apiAudience, state.automationSecret, consoleRedirectUris[0] as string, [...users.values()], close);
}

/** The controls, over the IdP's own HTTP admin paths (the same for an in-process and a spawned IdP). */
function handleFor(
  issuer: string,
  apiAudience: string,
  automationSecret: string,
  consoleRedirectUri: string,
  users: IdpUser[],
  close: () => Promise<void>,
): OidcIdp {
  const call = async <T>(method: string, path: string, input?: unknown): Promise<T> => {
    const res = await fetch(`${issuer}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(input !== undefined ? { body: JSON.stringify(input) } : {}),
    });
    if (!res.ok) throw new Error(`IdP ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    issuer,
    apiAudience,
    automationSecret,
    consoleRedirectUri,
    users,
    rotateKeys: (o = {}) => call("POST", "/__admin/rotate-keys", { retire: o.retire ?? false }),
    keyIds: async () => (await call<{ published: string[] }>("GET", "/__admin/keys")).published,
    setGroups: async (userId, groups) => {
      await call("PUT", `/__admin/users/${encodeURIComponent(userId)}/groups`, { groups });
    },
    setTokenTtl: async (seconds) => {
      await call("PUT", "/__admin/token-ttl", { seconds });
    },
    stop: close,
  };
}

const here = import.meta.filename;

/** Starts the IdP as its own process (`npx tsx test/doubles/oidc-idp.ts`) and waits until it serves. */
export async function spawnOidcIdp(o: OidcIdpOptions = {}): Promise<OidcIdp & { process: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", here], {
    cwd: resolve(import.meta.dirname, "../.."),
    env: { ...process.env, CKP_TEST_IDP_OPTIONS: JSON.stringify(o) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (l) => {
    tail.push(l);
    if (tail.length > 20) tail.shift();
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const ready = await new Promise<Ready>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the IdP did not start in 30s:\n${tail.join("\n")}`)), 30_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (!line.startsWith('{"event":"ready"')) return;
      clearTimeout(timer);
      ok(JSON.parse(line) as Ready);
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`the IdP exited before it was ready:\n${tail.join("\n")}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  return {
    ...handleFor(ready.issuer, ready.apiAudience, ready.automationSecret, ready.consoleRedirectUri, ready.users, stop),
    process: child,
  };
}

interface Ready {
  event: "ready";
  issuer: string;
  apiAudience: string;
  automationSecret: string;
  consoleRedirectUri: string;
  users: IdpUser[];
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, v: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(v));
}

function text(res: ServerResponse, status: number, s: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(s);
}

function html(res: ServerResponse, s: string, status = 200): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(s);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login or consent page a browser sees; `data-prompt` tells an HTTP client which step it is on. */
function page(uid: string, prompt: string, client: string, error?: string): string {
  const u = escapeHtml(uid);
  const form =
    prompt === "login"
      ? `<form method="post" action="/interaction/${u}/login"><label>User <input name="login" autofocus></label>
<label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form>`
      : `<form method="post" action="/interaction/${u}/confirm"><p>Allow ${escapeHtml(client)} to use your identity?</p><button type="submit">Allow</button></form>`;
  return `<!doctype html><html><head><title>Test identity provider</title></head>
<body data-prompt="${escapeHtml(prompt)}"><h1>Test identity provider (a test double)</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}${form}</body></html>`;
}

// Run as its own process: options from CKP_TEST_IDP_OPTIONS (JSON), or --port N.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const o = JSON.parse(process.env.CKP_TEST_IDP_OPTIONS ?? "{}") as OidcIdpOptions;
  const portArg = process.argv.indexOf("--port");
  if (portArg > 0) o.port = Number(process.argv[portArg + 1]);
  const idp = await startOidcIdp(o);
  const ready: Ready = {
    event: "ready",
    issuer: idp.issuer,
    apiAudience: idp.apiAudience,
    automationSecret: idp.automationSecret,
    consoleRedirectUri: idp.consoleRedirectUri,
    users: idp.users,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const shutdown = () => void idp.stop().then(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
