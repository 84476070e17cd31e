/**
 * The headers every console response carries, wherever it is served (the
 * dev server, scripts/dev/console.ts; CloudFront, infra/console.ts). The app
 * holds a bearer token, so it runs scripts, styles and requests of its own
 * origin only, and no other site may frame it.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
