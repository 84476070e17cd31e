import { X509Certificate } from "node:crypto";
import type { Deps } from "../deps.js";
import { unauthenticated } from "../shared/errors.js";
import { keys } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { ensureCa } from "./ca.js";
import { sha256Hex } from "./forge.js";
import { type CertificateRecord, parseHostUri } from "./model.js";

/** What API Gateway puts in `requestContext.authentication.clientCert` (the dev server passes the same). */
export interface ClientCertificate {
  clientCertPem: string;
  subjectDN?: string;
  issuerDN?: string;
  serialNumber?: string;
  validity?: { notBefore: string; notAfter: string };
}

/** The host a verified client certificate names. */
export interface HostIdentity {
  domain: string;
  project: string;
  hostId: string;
  serial: string;
  /** the host's machine id, which names it as an event actor (read from the host on verification) */
  machineId?: string;
}

/**
 * What every client certificate this installation issued must pass: a PEM
 * X.509 certificate signed by the CA, valid now, whose subjectAltName has a
 * URI `parse` accepts (a host's, a cluster agent's). `refused` makes the
 * caller's own error.
 */
export function checkIssuedCertificate<T>(
  caCert: X509Certificate,
  pem: string,
  now: Date,
  o: { parse: (uri: string) => T | undefined; names: string; refused: (why: string) => Error },
): { named: T; cert: X509Certificate; serial: string } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw o.refused("it is not a PEM X.509 certificate");
  }
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) throw o.refused("it does not chain to this installation's CA");
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) throw o.refused("it is not valid at this time");
  const named = (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((s) => s.startsWith("URI:"))
    .map((s) => o.parse(s.slice(4)))
    .find((x) => x !== undefined);
  if (named === undefined) throw o.refused(`it does not name ${o.names}`);
  return { named, cert, serial: cert.serialNumber.toLowerCase().padStart(32, "0") };
}

/**
 * The checks the pure parts of client-certificate verification make: the
 * certificate is signed by the CA, within its validity, and names a host.
 */
export function inspectClientCertificate(caCert: X509Certificate, pem: string, now: Date): HostIdentity {
  const { named, serial } = checkIssuedCertificate(caCert, pem, now, {
    parse: parseHostUri,
    names: "a host",
    refused: (why) => unauthenticated(`client certificate refused: ${why}`, "client-certificate.refused"),
  });
  return { ...named, serial };
}

/**
 * Host-only endpoints accept a request only with a certificate that chains
 * to the CA, is valid now, is not revoked (looked up on every use), and
 * names a host that exists in that tenant.
 */
export async function verifyClientCertificate(deps: Deps, cc: ClientCertificate): Promise<HostIdentity & { machineId: string }> {
  const ca = await ensureCa(deps);
  const id = inspectClientCertificate(ca.cert, cc.clientCertPem, deps.clock.now());
  const { machineId } = await checkHostCertificate(deps, id, { fingerprint: sha256Hex(new X509Certificate(cc.clientCertPem).raw) });
  if (machineId === undefined)
    throw unauthenticated("client certificate refused: the host it names no longer exists", "client-certificate.refused");
  return { ...id, machineId };
}

/**
 * The table's side of the check: the certificate record exists, was issued
 * to this host (with this fingerprint, when known), is not revoked, and the
 * host still exists. Also run on every WebSocket heartbeat, so revoking a
 * certificate cuts off a connection opened before. Answers the host's
 * machine id (unless the host read is skipped).
 */
export async function checkHostCertificate(
  deps: Deps,
  id: HostIdentity,
  o: { fingerprint?: string; skipHostRead?: boolean } = {},
): Promise<{ machineId?: string }> {
  const t = { domain: id.domain, project: id.project };
  const [rec, host] = await Promise.all([
    findItem<CertificateRecord>(deps, keys.certificate(t, id.serial)),
    // a caller whose next write is conditional on the host existing can skip this read
    o.skipHostRead
      ? ({ id: id.hostId } as { id: string; machineId?: string })
      : findItem<{ id: string; machineId?: string }>(deps, keys.host(t, id.hostId), { attributes: ["id", "machineId"] }),
  ]);
  const fingerprint = o.fingerprint;
  const c = rec;
  if (c?.purpose !== "host" || c.hostId !== id.hostId || (fingerprint !== undefined && c.fingerprint !== fingerprint)) {
    throw unauthenticated("client certificate refused: it was not issued to this host", "client-certificate.refused");
  }
  if (c.revoked) throw unauthenticated("client certificate refused: it has been revoked", "client-certificate.refused");
  if (!host) throw unauthenticated("client certificate refused: the host it names no longer exists", "client-certificate.refused");
  return typeof host.machineId === "string" ? { machineId: host.machineId } : {};
}
