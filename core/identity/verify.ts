import { decodeJwt, errors, type JWSAlgorithm, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { isDomainError, unauthenticated } from "../shared/errors.js";
import type { IdpVerifier } from "./model.js";

/**
 * Validation of an identity provider's token (an ID token, or a JWT access
 * token for the API): signature against the issuer's published keys, then
 * issuer, expiry, not-before and audience. Each failed check is a 401 with
 * its own code and a detail that says which check failed — never the token.
 */

/** Asymmetric algorithms only: `none` and the HMAC family (whose key would be the client secret) are refused. */
export const ACCEPTED_ALGORITHMS: JWSAlgorithm[] = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

/** The issuer a JWT claims, read before anything is verified (to pick the keys to verify with). */
export function claimedIssuer(token: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    throw unauthenticated("the bearer token is not a readable JWT", "auth.token-malformed");
  }
  if (typeof payload.iss !== "string" || payload.iss.length === 0 || payload.iss.length > 2048)
    throw unauthenticated("the token has no iss (issuer) claim", "auth.token-malformed");
  return payload.iss;
}

/** One IdP configuration the token satisfies, with what it says about the person. */
export interface IdpMatch {
  idp: IdpVerifier;
  user: string;
  groups: string[];
  name?: string;
  email?: string;
}

export interface VerifiedToken {
  issuer: string;
  subject: string;
  expiresAt: Date;
  matches: IdpMatch[];
}

/**
 * Verifies `token` against IdP configurations that share its issuer. The
 * token is accepted by every configuration whose audiences it carries;
 * none → `auth.audience-mismatch`.
 */
export async function verifyIdpToken(token: string, candidates: IdpVerifier[], keys: JWTVerifyGetKey, now: Date): Promise<VerifiedToken> {
  const issuer = candidates[0]?.issuer;
  if (!issuer) throw unauthenticated("the token's issuer is not a configured identity provider", "auth.issuer-unknown");
  let payload: JWTPayload;
  let typ: string | undefined;
  try {
    ({
      payload,
      protectedHeader: { typ },
    } = await jwtVerify(token, keys, {
      issuer,
      algorithms: ACCEPTED_ALGORITHMS,
      currentDate: now,
      clockTolerance: Math.max(...candidates.map((c) => c.clockSkewSeconds)),
      requiredClaims: ["exp"],
    }));
  } catch (e) {
    throw refusal(e, now);
  }

  // An IdP signs other JWTs for the same audience (back-channel logout tokens, say): only ID and access tokens sign people in.
  if ((typ !== undefined && !BEARER_TYPES.has(typ.toLowerCase())) || (payload.events !== undefined && payload.events !== null))
    throw unauthenticated(
      `the token is not an ID or access token (typ ${JSON.stringify(typ ?? "JWT")}, or it carries events)`,
      "auth.token-malformed",
    );

  // RFC 7519 `aud`; an access token without one (Cognito's) names its client in `client_id`, as API Gateway's JWT authorizer accepts.
  const audiences = typeof payload.aud === "string" ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
  if (audiences.length === 0 && typeof payload.client_id === "string") audiences.push(payload.client_id);
  const accepting = candidates.filter((c) => c.audiences.some((a) => audiences.includes(a)));
  if (accepting.length === 0) {
    const expected = [...new Set(candidates.flatMap((c) => c.audiences))];
    throw unauthenticated(
      audiences.length
        ? `the token is for audience ${list(audiences)}; this identity provider accepts ${list(expected)}`
        : `the token has no aud (audience) claim; this identity provider accepts ${list(expected)}`,
      "auth.audience-mismatch",
    );
  }

  const matches: IdpMatch[] = [];
  let claimProblem: string | undefined;
  for (const idp of accepting) {
    const user = payload[idp.claims.user];
    if (typeof user !== "string" || user.length === 0 || user.length > 256) {
      claimProblem = `the token has no ${idp.claims.user} claim (a string naming the user)`;
      continue;
    }
    const groups = groupsOf(payload[idp.claims.groups]);
    if (!groups) {
      claimProblem = `the token's ${idp.claims.groups} claim is neither a list of strings nor a string`;
      continue;
    }
    const name = payload[idp.claims.name];
    const email = payload[idp.claims.email];
    matches.push({
      idp,
      user,
      groups,
      ...(typeof name === "string" ? { name: name.slice(0, 256) } : {}),
      ...(typeof email === "string" ? { email: email.slice(0, 256) } : {}),
    });
  }
  if (matches.length === 0) throw unauthenticated(claimProblem as string, "auth.claim-invalid");
  return {
    issuer,
    subject: typeof payload.sub === "string" ? payload.sub : (matches[0] as IdpMatch).user,
    expiresAt: new Date((payload.exp as number) * 1000),
    matches,
  };
}

/** `typ` headers of ID tokens (RFC 7519's JWT) and JWT access tokens (RFC 9068). */
const BEARER_TYPES = new Set(["jwt", "at+jwt", "application/at+jwt", "application/jwt"]);

/** At most this many groups are read from a token. */
export const MAX_GROUPS = 500;

function groupsOf(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (!Array.isArray(v) || !v.every((g) => typeof g === "string")) return undefined;
  return [...new Set(v as string[])].filter((g) => g.length > 0 && g.length <= 256).slice(0, MAX_GROUPS);
}

function list(values: string[]): string {
  return values.map((v) => JSON.stringify(v.slice(0, 200))).join(", ");
}

/** Which check failed, as a 401 with that check's code (the key resolver's 503 passes through). */
function refusal(e: unknown, now: Date): Error {
  if (isDomainError(e)) return e;
  if (e instanceof errors.JWTExpired) {
    const exp = typeof e.payload.exp === "number" ? new Date(e.payload.exp * 1000).toISOString() : "a past time";
    return unauthenticated(`the token expired at ${exp} (it is now ${now.toISOString()})`, "auth.token-expired");
  }
  if (e instanceof errors.JWTClaimValidationFailed) {
    switch (e.claim) {
      case "nbf":
        return unauthenticated("the token is not valid yet (nbf is in the future)", "auth.token-not-yet-valid");
      case "iss":
        return unauthenticated("the token's issuer is not a configured identity provider", "auth.issuer-unknown");
      default:
        return unauthenticated(`the token's ${e.claim} claim is ${e.reason === "missing" ? "missing" : "invalid"}`, "auth.claim-invalid");
    }
  }
  if (e instanceof errors.JWKSNoMatchingKey)
    return unauthenticated("no key the issuer publishes matches the token's key id (kid) and algorithm", "auth.signature-invalid");
  if (e instanceof errors.JOSEAlgNotAllowed)
    return unauthenticated(
      `the token's signing algorithm is not accepted; accepted: ${ACCEPTED_ALGORITHMS.join(", ")}`,
      "auth.signature-invalid",
    );
  if (e instanceof errors.JWSSignatureVerificationFailed)
    return unauthenticated("the token's signature does not verify with the issuer's published key", "auth.signature-invalid");
  if (e instanceof errors.JOSENotSupported)
    return unauthenticated("the token's signing algorithm or key type is not supported", "auth.signature-invalid");
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid || e instanceof errors.JOSEError)
    return unauthenticated("the bearer token is not a well-formed JWS/JWT", "auth.token-malformed");
  return e as Error;
}
