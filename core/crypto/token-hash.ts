import { createHash, timingSafeEqual } from "node:crypto";

/**
 * API tokens carry 256 random bits, so a plain SHA-256 is enough to store
 * them: there is nothing to brute-force that a slow hash would protect.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
