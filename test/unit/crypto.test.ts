import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Envelope } from "../../core/crypto/envelope.js";
import { LocalKeyProvider } from "../../core/crypto/local-key-provider.js";
import { hashSecret, secretMatches } from "../../core/crypto/token-hash.js";
import { proofMatches, registrationProof } from "../../core/tenancy/psk.js";

const keyFile = join(mkdtempSync(join(tmpdir(), "ckp-key-")), "master.key");

describe("envelope encryption", () => {
  const env = new Envelope(new LocalKeyProvider(keyFile));
  const ctx = { purpose: "host-psk", tenant: "a/x" };

  it("round-trips and never stores the plaintext", async () => {
    const sealed = await env.seal("s3cret-psk", ctx);
    expect(JSON.stringify(sealed)).not.toContain("s3cret-psk");
    expect(await env.openString(sealed, ctx)).toBe("s3cret-psk");
  });

  it("refuses to open under another tenant's context", async () => {
    const sealed = await env.seal("s3cret-psk", ctx);
    await expect(env.openString(sealed, { ...ctx, tenant: "b/x" })).rejects.toThrow();
  });

  it("detects tampering", async () => {
    const sealed = await env.seal("s3cret-psk", ctx);
    const ct = Buffer.from(sealed.ct, "base64");
    ct[0] = (ct[0] as number) ^ 1;
    await expect(env.openString({ ...sealed, ct: ct.toString("base64") }, ctx)).rejects.toThrow();
  });

  it("keeps the master key file private", () => {
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });
});

describe("token hashing", () => {
  it("matches only the same secret", () => {
    const h = hashSecret("abc");
    expect(secretMatches("abc", h)).toBe(true);
    expect(secretMatches("abd", h)).toBe(false);
  });
});

describe("registration proof", () => {
  const fields = { domain: "acme", project: "edge", machineId: "m-1", timestamp: 1_700_000_000, nonce: "n".repeat(16) };

  it("is HMAC-SHA256 over the newline-joined fields, base64", () => {
    // Independent check of the documented formula with a known vector.
    expect(registrationProof("psk", fields)).toBe("jKgxx8xNv1ZxnVHiDWAeWp922cPduex5FePi/9yTYsw=");
  });

  it("changes with every field", () => {
    const base = registrationProof("psk", fields);
    for (const k of Object.keys(fields) as Array<keyof typeof fields>) {
      const changed = { ...fields, [k]: k === "timestamp" ? fields.timestamp + 1 : `${fields[k]}x` };
      expect(registrationProof("psk", changed)).not.toBe(base);
    }
    expect(registrationProof("other", fields)).not.toBe(base);
    expect(proofMatches(base, base)).toBe(true);
    expect(proofMatches(base, `${base}x`)).toBe(false);
  });
});
