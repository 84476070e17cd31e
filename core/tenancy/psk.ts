import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Sealed } from "../crypto/envelope.js";
import type { Deps } from "../deps.js";
import type { ProjectRef } from "../store/keys.js";

/**
 * The project's host pre-shared key. Stored sealed on the project item, with
 * a version so a decrypted key can be cached until the next rotation.
 */
export function newPsk(): string {
  return randomBytes(32).toString("base64url");
}

export function pskContext(t: ProjectRef): Record<string, string> {
  return { purpose: "host-psk", tenant: `${t.domain}/${t.project}` };
}

const cache = new Map<string, string>();

export async function openPsk(deps: Deps, t: ProjectRef, sealed: Sealed, version: number): Promise<string> {
  const key = `${t.domain}/${t.project}#${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const psk = await deps.secrets.openString(sealed, pskContext(t));
  if (cache.size > 5_000) cache.clear();
  cache.set(key, psk);
  return psk;
}

/** The registration proof: base64 HMAC-SHA256(psk, domain\nproject\nmachineId\ntimestamp\nnonce). */
export function registrationProof(
  psk: string,
  fields: { domain: string; project: string; machineId: string; timestamp: number; nonce: string },
): string {
  const message = [fields.domain, fields.project, fields.machineId, String(fields.timestamp), fields.nonce].join("\n");
  return createHmac("sha256", psk).update(message).digest("base64");
}

export function proofMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
