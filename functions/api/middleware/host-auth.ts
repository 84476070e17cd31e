import type { Context, MiddlewareHandler } from "hono";
import { hostActorId } from "../../../core/hosts/actor.js";
import type { HostIdentity } from "../../../core/pki/verify.js";
import { type ClientCertificate, verifyClientCertificate } from "../../../core/pki/verify.js";
import { unauthenticated } from "../../../core/shared/errors.js";
import type { ApiEnv } from "../env.js";

/**
 * The client certificate of the request, where API Gateway puts it for a
 * custom domain with mutual TLS (`requestContext.authentication.clientCert`).
 * The dev server's mTLS listener passes the same shape. Nothing a client
 * sends in headers can set it.
 */
export function clientCertificateOf(c: Context<ApiEnv>): ClientCertificate | undefined {
  const env = c.env as { event?: { requestContext?: { authentication?: { clientCert?: ClientCertificate | null } } } } | undefined;
  const cert = env?.event?.requestContext?.authentication?.clientCert;
  return cert && typeof cert.clientCertPem === "string" ? cert : undefined;
}

/** Authenticates a host by its client certificate (chain, validity, revocation, host). */
export function hostCertificateAuth(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const cert = clientCertificateOf(c);
    if (!cert) throw unauthenticated("this endpoint needs a host client certificate (mutual TLS)", "client-certificate.refused");
    const host = await verifyClientCertificate(c.get("deps"), cert);
    c.set("host", host);
    // as an actor a host is named by its machine id, in every path (core/hosts/actor.ts)
    c.set("principal", {
      id: hostActorId(host.machineId),
      kind: "host",
      role: "viewer",
      scope: { domain: host.domain, project: host.project },
    });
    await next();
  };
}

/** The host a host-only route acts for. */
export function requireHost(c: Context<ApiEnv>): HostIdentity {
  const host = c.get("host");
  if (!host) throw unauthenticated("this endpoint needs a host client certificate (mutual TLS)", "client-certificate.refused");
  return host;
}
