import type { Principal } from "../auth/principal.js";
import type { Role, Scope } from "../auth/roles.js";
import type { Deps } from "../deps.js";
import { DNS_LABEL } from "../shared/names.js";
import { discoveryUrl, issuerKeys } from "./issuer-keys.js";
import { idpRef } from "./model.js";
import { listIdentityProviders } from "./providers.js";

/**
 * What a client needs to sign a person in, before anyone is signed in: the
 * public `GET /v1/auth/config`. The console runs the authorization-code flow
 * with PKCE, ckpctl the device flow, both against `issuer` as `clientId`
 * with `scopes`, then send the token `bearer` names (docs/oidc.md).
 * Nothing here is secret: an issuer and a public client id are what every
 * sign-in page shows anyway.
 */
export interface SignInProvider {
  /** what role bindings and the audit trail call it */
  identityProvider: string;
  domain?: string;
  displayName: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  scopes: string[];
  bearer: "id_token" | "access_token";
  /** for bearer access_token: the resource (RFC 8707) / audience to ask the token for */
  resource?: string;
  /** from the discovery document, for the console (whose content security policy keeps it from fetching it): where to send the person */
  authorizationEndpoint?: string;
  /** where to end the person's session at the IdP on sign-out (RP-initiated logout), when it has one */
  endSessionEndpoint?: string;
}

/** Sign-in options shown per request; a platform has a handful of IdPs. */
const SHOWN = 20;

/** The platform's IdPs, then (with `domain`) that domain's. An unknown domain adds nothing, like a domain without IdPs. */
export async function signInProviders(deps: Deps, domain?: string): Promise<SignInProvider[]> {
  const owners = [{}, ...(domain && DNS_LABEL.test(domain) && domain.length <= 63 ? [{ domain }] : [])];
  const pages = await Promise.all(owners.map((o) => listIdentityProviders(deps, o, { limit: SHOWN })));
  return pages.flatMap((p) =>
    p.items.map((i) => ({
      identityProvider: idpRef(i),
      ...(i.domain ? { domain: i.domain } : {}),
      displayName: i.displayName ?? i.name,
      issuer: i.issuer,
      discoveryUrl: discoveryUrl(i.issuer),
      clientId: i.clientId,
      scopes: i.scopes,
      bearer: i.bearer,
      ...(i.resource ? { resource: i.resource } : {}),
    })),
  );
}

/** The providers with the endpoints their discovery documents name; an IdP that cannot be reached now is listed without them. */
export async function withEndpoints(providers: SignInProvider[]): Promise<SignInProvider[]> {
  return Promise.all(
    providers.map(async (p) => {
      const d = await issuerKeys(p.issuer).then(
        (k) => k.discovery,
        () => undefined,
      );
      const at = (v: unknown) => (typeof v === "string" && /^https?:\/\//.test(v) ? v : undefined);
      const authorizationEndpoint = at(d?.authorization_endpoint);
      const endSessionEndpoint = at(d?.end_session_endpoint);
      return { ...p, ...(authorizationEndpoint ? { authorizationEndpoint } : {}), ...(endSessionEndpoint ? { endSessionEndpoint } : {}) };
    }),
  );
}

export interface WhoAmI {
  kind: Principal["kind"];
  id: string;
  /** a token's role and scope; a person's strongest binding */
  role: Role;
  scope: Scope;
  person?: Principal["person"];
  /** a person's role bindings: what they may do is the union */
  grants?: Array<{ binding: string; role: Role; domain?: string; project?: string }>;
}

/** The caller as the API sees them: what the console shows as "signed in as". */
export function whoAmI(p: Principal): WhoAmI {
  return {
    kind: p.kind,
    id: p.id,
    role: p.role,
    scope: p.scope,
    ...(p.person ? { person: p.person } : {}),
    ...(p.grants ? { grants: p.grants.map((g) => ({ binding: g.binding, role: g.role, ...g.scope })) } : {}),
  };
}
