import type { AdminApi } from "./admin-api.js";

/**
 * The sandbox's identity provider: the OpenID provider the tests use
 * (test/doubles/oidc-idp.ts, oidc-provider) as its own process, with its
 * static users and groups, registered as the platform IdP `sandbox-sso` with
 * bindings that give each user a different reach — so "Sign in with
 * Sandbox SSO" on the console's sign-in page, and `ckpctl login --sso`,
 * work on a laptop. Its issuer is a new loopback port on every start: the
 * IdP configuration follows it (PATCH), its bindings stay.
 */
export const SANDBOX_IDP = "sandbox-sso";

/** Who may sign in, with what, and what their groups are bound to (the IdP's static users). */
export const SANDBOX_SIGN_INS = [
  { user: "alice", password: "alice-password", reach: "platform admin", group: "platform-admins" },
  { user: "bob", password: "bob-password", reach: "project admin of sandbox/demo", group: "acme-ops" },
  { user: "carol", password: "carol-password", reach: "viewer of domain sandbox", group: "acme-viewers" },
] as const;

export interface SandboxIdentity {
  name: string;
  issuer: string;
  signIns: ReadonlyArray<{ user: string; password: string; reach: string }>;
  stop(): Promise<void>;
}

export async function startSandboxIdentity(
  api: AdminApi,
  o: { consoleUrl: string; demo: { domain: string; project: string } },
): Promise<SandboxIdentity> {
  const { spawnOidcIdp, IDP_CLIENTS } = await import("../../test/doubles/oidc-idp.js");
  const origin = new URL(o.consoleUrl);
  const alias = new URL(o.consoleUrl);
  alias.hostname = origin.hostname === "127.0.0.1" ? "localhost" : "127.0.0.1";
  // a day: the sandbox's sessions outlive a lunch break (refresh keeps them going anyway)
  const idp = await spawnOidcIdp({ consoleRedirectUris: [`${origin.origin}/callback`, `${alias.origin}/callback`], tokenTtlSeconds: 900 });
  try {
    const config = {
      displayName: "Sandbox SSO (simulated)",
      issuer: idp.issuer,
      clientId: IDP_CLIENTS.console,
      scopes: ["openid", "profile", "email", "groups"],
    };
    const created = await api.call("POST", "/v1/identity-providers", { name: SANDBOX_IDP, ...config });
    // there from an earlier start: follow the new port (its bindings stay)
    const saved = created.status === 409 ? await api.call("PATCH", `/v1/identity-providers/${SANDBOX_IDP}`, config) : created;
    if (saved.status !== 201 && saved.status !== 200)
      throw new Error(`registering identity provider ${SANDBOX_IDP}: ${saved.status} ${JSON.stringify(saved.body)}`);
    const { domain, project } = o.demo;
    const bindings: Array<[string, Record<string, string>]> = [
      ["/v1/role-bindings", { group: "platform-admins", role: "platform-admin" }],
      [`/v1/domains/${domain}/projects/${project}/role-bindings`, { group: "acme-ops", role: "project-admin" }],
      [`/v1/domains/${domain}/role-bindings`, { group: "acme-viewers", role: "viewer" }],
    ];
    for (const [path, b] of bindings) {
      const r = await api.call("POST", path, { identityProvider: SANDBOX_IDP, ...b });
      if (r.status !== 201 && r.status !== 409) throw new Error(`binding ${b.group} at ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  } catch (e) {
    await idp.stop();
    throw e;
  }
  return {
    name: SANDBOX_IDP,
    issuer: idp.issuer,
    signIns: SANDBOX_SIGN_INS.map(({ user, password, reach }) => ({ user, password, reach })),
    stop: () => idp.stop(),
  };
}
