import { createHash, randomBytes } from "node:crypto";

/**
 * An OpenID relying party in plain HTTP, for tests and the sandbox: the
 * authorization-code flow with PKCE as a browser would walk it (follow the
 * redirects, keep the IdP's cookies, submit its login and consent forms),
 * and the client-credentials grant. Nothing here knows the control plane.
 */
export interface IdpTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery of ${issuer}: ${res.status}`);
  return (await res.json()) as Discovery;
}

/** A cookie jar by name: enough for one sign-in against one IdP. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

const b64url = (b: Buffer) => b.toString("base64url");

/**
 * Signs `user` in through the IdP's own login and consent pages and returns
 * the tokens the client gets. `resource` asks for an access token for that
 * API (a JWT with it as audience).
 */
export async function signIn(
  issuer: string,
  o: { user: string; password: string; clientId: string; redirectUri: string; scope?: string; resource?: string },
): Promise<IdpTokens> {
  const d = await discover(issuer);
  const { code, verifier } = await authorizationCode(issuer, o);
  const res = await fetch(d.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: o.redirectUri,
      client_id: o.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  return tokensOf(res);
}

/** The first half of a sign-in: the code the IdP sends back to `redirectUri`, and the PKCE verifier it was asked with. */
export async function authorizationCode(
  issuer: string,
  o: { user: string; password: string; clientId: string; redirectUri: string; scope?: string; resource?: string },
): Promise<{ code: string; verifier: string }> {
  const d = await discover(issuer);
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(16));
  const auth = new URL(d.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: o.clientId,
    response_type: "code",
    redirect_uri: o.redirectUri,
    scope: o.scope ?? "openid profile email groups",
    state,
    nonce: b64url(randomBytes(16)),
    code_challenge: b64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    ...(o.resource ? { resource: o.resource } : {}),
  }).toString();

  const back = await browse(auth.toString(), o, (to) => to.startsWith(o.redirectUri));
  if (!back) throw new Error("sign-in did not come back to the client");
  const to = new URL(back);
  const err = to.searchParams.get("error");
  if (err) throw new Error(`sign-in refused: ${err} ${to.searchParams.get("error_description") ?? ""}`);
  if (to.searchParams.get("state") !== state) throw new Error("sign-in answered with another state");
  const code = to.searchParams.get("code");
  if (!code) throw new Error("sign-in did not come back with a code");
  return { code, verifier };
}

/**
 * What a person does in a browser: follow redirects, keep the IdP's cookies,
 * submit its login page (user and password), its consent page, and any
 * other form it shows (the device flow's, which posts itself). Stops at a
 * redirect `stopAt` accepts (returning it), or at a page without a form.
 */
async function browse(start: string, o: { user: string; password: string }, stopAt: (url: string) => boolean): Promise<string | undefined> {
  const jar = new Jar();
  let next: { url: string; method: string; form?: URLSearchParams } = { url: start, method: "GET" };
  for (let step = 0; step < 25; step++) {
    const res = await fetch(next.url, {
      method: next.method,
      redirect: "manual",
      headers: { cookie: jar.header(), ...(next.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      ...(next.form ? { body: next.form.toString() } : {}),
    });
    jar.take(res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const to = new URL(location, next.url).toString();
      if (stopAt(to)) return to;
      next = { url: to, method: "GET" };
      continue;
    }
    const body = await res.text();
    if (res.status !== 200) throw new Error(`sign-in stopped at ${next.method} ${next.url}: ${res.status} ${body.slice(0, 300)}`);
    const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(body);
    if (!form) return undefined;
    const prompt = /data-prompt="([^"]+)"/.exec(body)?.[1];
    const fields = new URLSearchParams();
    for (const m of (form[2] as string).matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi))
      fields.set(m[1] as string, m[2] as string);
    if (prompt === "login") {
      fields.set("login", o.user);
      fields.set("password", o.password);
    }
    next = { url: new URL(form[1] as string, next.url).toString(), method: "POST", form: fields };
  }
  throw new Error("sign-in took too many steps");
}

/** A person confirming a device code: opens the verification link, signs in, consents. */
export async function confirmDevice(verificationUriComplete: string, o: { user: string; password: string }): Promise<void> {
  await browse(verificationUriComplete, o, () => false);
}

/**
 * The device-authorization grant (RFC 8628), as `ckpctl login` runs it: ask
 * for a user code, let the person confirm it in a browser (here: `browse`),
 * and poll the token endpoint until they have.
 */
export async function deviceSignIn(
  issuer: string,
  o: { user: string; password: string; clientId: string; scope?: string },
): Promise<IdpTokens> {
  const d = (await discover(issuer)) as Discovery & { device_authorization_endpoint: string };
  const form = (body: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
  const auth = await fetch(
    d.device_authorization_endpoint,
    form({ client_id: o.clientId, scope: o.scope ?? "openid profile email groups" }),
  );
  const codes = (await auth.json()) as { device_code: string; verification_uri_complete: string; interval?: number };
  if (!auth.ok) throw new Error(`device authorization: ${auth.status} ${JSON.stringify(codes)}`);
  await browse(codes.verification_uri_complete, o, () => false);
  for (let i = 0; i < 60; i++) {
    const res = await fetch(
      d.token_endpoint,
      form({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: codes.device_code, client_id: o.clientId }),
    );
    if (res.ok) return tokensOf(res);
    const err = ((await res.json()) as { error?: string }).error;
    if (err !== "authorization_pending" && err !== "slow_down") throw new Error(`device flow: ${res.status} ${err}`);
    await new Promise((r) => setTimeout(r, (codes.interval ?? 1) * 1000));
  }
  throw new Error("device flow: not confirmed in time");
}

/** A machine's token: the client-credentials grant of a confidential client. */
export async function clientCredentials(
  issuer: string,
  o: { clientId: string; clientSecret: string; resource?: string; scope?: string },
): Promise<Omit<IdpTokens, "idToken">> {
  const d = await discover(issuer);
  const res = await fetch(d.token_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      ...(o.resource ? { resource: o.resource } : {}),
      ...(o.scope ? { scope: o.scope } : {}),
    }).toString(),
  });
  const t = await tokensOf(res);
  return { accessToken: t.accessToken, expiresIn: t.expiresIn };
}

async function tokensOf(res: Response): Promise<IdpTokens> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
  return {
    idToken: body.id_token as string,
    accessToken: body.access_token as string,
    ...(body.refresh_token ? { refreshToken: body.refresh_token as string } : {}),
    expiresIn: body.expires_in as number,
  };
}

// From a shell (the sandbox, docs/oidc.md): prints the tokens of a sign-in as JSON.
//   npx tsx test/support/oidc-client.ts <issuer> <user> <password> [clientId] [redirectUri] [resource]
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [issuer, user, pw, clientId = "ckp-console", redirectUri = "http://127.0.0.1:5173/callback", resource] = process.argv.slice(2);
  if (!issuer || !user || !pw) {
    process.stderr.write("usage: oidc-client.ts <issuer> <user> <password> [clientId] [redirectUri] [resource]\n");
    process.exit(2);
  }
  const tokens = await signIn(issuer, { user, password: pw, clientId, redirectUri, ...(resource ? { resource } : {}) });
  process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
}
