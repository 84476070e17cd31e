import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdpVerifier } from "../../core/identity/model.js";
import { claimedIssuer, verifyIdpToken } from "../../core/identity/verify.js";
import type { DomainError } from "../../core/shared/errors.js";

/** Token checks without an IdP: keys made here, a JWKS from them, tokens signed with them (or with others). */
const ISS = "https://idp.example";
const NOW = new Date("2026-11-21T12:00:00.000Z");
const now = Math.floor(NOW.getTime() / 1000);

const idp = (o: Partial<IdpVerifier> = {}): IdpVerifier => ({
  ref: "corp",
  issuer: ISS,
  audiences: ["ckp-console"],
  claims: { user: "sub", groups: "groups", name: "name", email: "email" },
  clockSkewSeconds: 30,
  ...o,
});

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let kid: string;
let jwks: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const pub: JWK = await exportJWK(pair.publicKey);
  kid = await calculateJwkThumbprint(pub);
  jwks = createLocalJWKSet({ keys: [{ ...pub, kid, alg: "RS256", use: "sig" }] });
});

function sign(claims: JWTPayload, o: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
  return new SignJWT({ iss: ISS, sub: "alice", aud: "ckp-console", iat: now - 10, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: o.kid ?? kid })
    .sign(o.key ?? signingKey);
}

async function refusal(token: string, candidates = [idp()]): Promise<{ code: string; kind: string; detail: string }> {
  try {
    await verifyIdpToken(token, candidates, jwks, NOW);
  } catch (e) {
    const d = e as DomainError;
    expect(d.message).not.toContain(token);
    return { code: d.code, kind: d.kind, detail: d.message };
  }
  throw new Error("the token was accepted");
}

describe("identity provider tokens", () => {
  it("accepts a token signed with a published key, with the user, groups, name and e-mail the IdP's claims state", async () => {
    const v = await verifyIdpToken(
      await sign({ groups: ["ops", "dev", "ops"], name: "Alice", email: "alice@example.com" }),
      [idp()],
      jwks,
      NOW,
    );
    expect(v).toMatchObject({ issuer: ISS, subject: "alice" });
    expect(v.matches).toEqual([{ idp: idp(), user: "alice", groups: ["ops", "dev"], name: "Alice", email: "alice@example.com" }]);
  });

  it("reads the claims each IdP configuration names (cognito:groups, email as the user); one string is one group", async () => {
    const cognito = idp({ claims: { user: "email", groups: "cognito:groups", name: "name", email: "email" } });
    const v = await verifyIdpToken(await sign({ email: "a@example.com", "cognito:groups": "admins" }), [cognito], jwks, NOW);
    expect(v.matches[0]).toMatchObject({ user: "a@example.com", groups: ["admins"] });
  });

  it("refuses an expired token, saying when it expired", async () => {
    const r = await refusal(await sign({ exp: now - 60 }));
    expect(r).toMatchObject({ code: "auth.token-expired", kind: "unauthenticated" });
    expect(r.detail).toMatch(/expired at 2026-11-21T11:59:00/);
  });

  it("allows the IdP's clock skew for exp and nbf, and no more", async () => {
    await expect(verifyIdpToken(await sign({ exp: now - 20 }), [idp()], jwks, NOW)).resolves.toBeDefined();
    expect((await refusal(await sign({ exp: now - 20 }), [idp({ clockSkewSeconds: 0 })])).code).toBe("auth.token-expired");
    expect((await refusal(await sign({ nbf: now + 120 }))).code).toBe("auth.token-not-yet-valid");
  });

  it("refuses a token for another audience, naming both", async () => {
    const r = await refusal(await sign({ aud: "other-app" }));
    expect(r.code).toBe("auth.audience-mismatch");
    expect(r.detail).toContain('"other-app"');
    expect(r.detail).toContain('"ckp-console"');
    expect((await refusal(await sign({ aud: undefined }))).code).toBe("auth.audience-mismatch");
  });

  it("takes client_id as the audience of a token without aud (Cognito access tokens), as API Gateway does", async () => {
    const v = await verifyIdpToken(await sign({ aud: undefined, client_id: "ckp-console", token_use: "access" }), [idp()], jwks, NOW);
    expect(v.matches).toHaveLength(1);
    expect((await refusal(await sign({ aud: "x", client_id: "ckp-console" }))).code).toBe("auth.audience-mismatch");
  });

  it("refuses a forged token: another key under the published kid, or a kid the issuer does not publish", async () => {
    const forged = await refusal(await sign({}, { key: otherKey }));
    expect(forged.code).toBe("auth.signature-invalid");
    expect(forged.detail).toMatch(/signature does not verify/);
    const unknownKid = await refusal(await sign({}, { key: otherKey, kid: "not-published" }));
    expect(unknownKid.code).toBe("auth.signature-invalid");
    expect(unknownKid.detail).toMatch(/no key the issuer publishes/);
  });

  it("refuses symmetric and unsigned tokens", async () => {
    const hs = await new SignJWT({ iss: ISS, sub: "alice", aud: "ckp-console", exp: now + 300 })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("the-client-secret-someone-knows!"));
    expect((await refusal(hs)).code).toBe("auth.signature-invalid");
    const body = Buffer.from(JSON.stringify({ iss: ISS, sub: "alice", aud: "ckp-console", exp: now + 300 })).toString("base64url");
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${body}.`;
    expect((await refusal(none)).code).toBe("auth.signature-invalid");
  });

  it("refuses other JWTs the IdP signs for the same audience, such as back-channel logout tokens", async () => {
    const logout = await new SignJWT({
      iss: ISS,
      sub: "alice",
      aud: "ckp-console",
      iat: now,
      exp: now + 120,
      events: { "http://schemas.openid.net/event/backchannel-logout": {} },
    })
      .setProtectedHeader({ alg: "RS256", kid, typ: "logout+jwt" })
      .sign(signingKey);
    expect((await refusal(logout)).code).toBe("auth.token-malformed");
    const at = await new SignJWT({ iss: ISS, sub: "alice", aud: "ckp-console", exp: now + 120 })
      .setProtectedHeader({ alg: "RS256", kid, typ: "at+jwt" })
      .sign(signingKey);
    await expect(verifyIdpToken(at, [idp()], jwks, NOW)).resolves.toBeDefined();
  });

  it("refuses a token without exp, or without the user claim, or with groups of the wrong type", async () => {
    expect((await refusal(await sign({ exp: undefined }))).code).toBe("auth.claim-invalid");
    const r = await refusal(await sign({ sub: undefined }));
    expect(r).toMatchObject({ code: "auth.claim-invalid" });
    expect(r.detail).toMatch(/no sub claim/);
    expect((await refusal(await sign({ groups: [1, 2] }))).code).toBe("auth.claim-invalid");
  });

  it("matches every configuration of the issuer whose audiences the token carries, platform first", async () => {
    const platform = idp();
    const domain = idp({ ref: "acme/okta", domain: "acme", audiences: ["ckp-console", "acme-app"] });
    const other = idp({ ref: "beta/okta", domain: "beta", audiences: ["beta-app"] });
    const v = await verifyIdpToken(await sign({}), [platform, domain, other], jwks, NOW);
    expect(v.matches.map((m) => m.idp.ref)).toEqual(["corp", "acme/okta"]);
  });

  it("reads the claimed issuer before verifying, and calls anything unreadable malformed", async () => {
    expect(claimedIssuer(await sign({}))).toBe(ISS);
    for (const bad of ["a.b.c", `${Buffer.from("{}").toString("base64url")}.${Buffer.from("{}").toString("base64url")}.x`]) {
      try {
        claimedIssuer(bad);
        throw new Error("accepted");
      } catch (e) {
        expect((e as DomainError).code).toBe("auth.token-malformed");
      }
    }
  });
});
