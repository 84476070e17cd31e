/**
 * Whether a bearer is shaped like a JWT (three base64url parts) — an
 * identity provider's token — rather than a platform token (`ckp_…`).
 * Kept apart from the JOSE code so a caller can decide before loading it.
 */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(bearer: string): boolean {
  return JWT_SHAPE.test(bearer);
}
