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

/** Whose group is bound to what (the IdP's static users, test/doubles/oidc-idp.ts). */
const BOUND = [
  { user: "alice", group: "platform-admins", role: "platform-admin", at: "platform" },
  { user: "bob", group: "acme-ops", role: "project-admin", at: "project" },
  { user: "carol", group: "acme-viewers", role: "viewer", at: "domain" },
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
  const { spawnOidcIdp, identityProviderConfig, DEFAULT_USERS } = await import("../../test/doubles/oidc-idp.js");
  const origin = new URL(o.consoleUrl);
  const alias = new URL(o.consoleUrl);
  alias.hostname = origin.hostname === "127.0.0.1" ? "localhost" : "127.0.0.1";
  // 15 minutes, as the docs advise; the console and ckpctl refresh before then
  const idp = await spawnOidcIdp({ consoleRedirectUris: [`${origin.origin}/callback`, `${alias.origin}/callback`], tokenTtlSeconds: 900 });
  try {
    const config = identityProviderConfig(idp.issuer, { displayName: "Sandbox SSO (simulated)" });
    const created = await api.call("POST", "/v1/identity-providers", { name: SANDBOX_IDP, ...config });
    // there from an earlier start: follow the new port (its bindings stay)
    const saved = created.status === 409 ? await api.call("PATCH", `/v1/identity-providers/${SANDBOX_IDP}`, config) : created;
    if (saved.status !== 201 && saved.status !== 200)
      throw new Error(`registering identity provider ${SANDBOX_IDP}: ${saved.status} ${JSON.stringify(saved.body)}`);
    for (const b of BOUND) {
      const path = `${scopePath(b.at, o.demo)}/role-bindings`;
      const r = await api.call("POST", path, { identityProvider: SANDBOX_IDP, group: b.group, role: b.role });
      if (r.status !== 201 && r.status !== 409) throw new Error(`binding ${b.group} at ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  } catch (e) {
    await idp.stop();
    throw e;
  }
  return {
    name: SANDBOX_IDP,
    issuer: idp.issuer,
    signIns: BOUND.map((b) => ({
      user: b.user,
      password: DEFAULT_USERS.find((u) => u.id === b.user)?.password ?? "",
      reach: `${b.role}${
        b.at === "platform"
          ? ""
          : ` of ${scopePath(b.at, o.demo)
              .replace(/^\/v1\/domains\//, "")
              .replace("/projects/", "/")}`
      }`,
    })),
    stop: () => idp.stop(),
  };
}

function scopePath(at: "platform" | "domain" | "project", demo: { domain: string; project: string }): string {
  if (at === "platform") return "/v1";
  return at === "domain" ? `/v1/domains/${demo.domain}` : `/v1/domains/${demo.domain}/projects/${demo.project}`;
}
