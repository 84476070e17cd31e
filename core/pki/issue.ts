import { X509Certificate } from "node:crypto";
import type { Deps } from "../deps.js";
import { CERTIFICATES_INDEX_PK, certificateSerialPk, keys, type ProjectRef } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";
import { caSigningKey, ensureCa, newSerial } from "./ca.js";
import { loadForge, sha256Hex, signCertificate, subjectKey } from "./forge.js";
import { BACKDATE_SECONDS, type CertificatePurpose, type CertificateRecord, hostUri, LEAF_VALIDITY_YEARS } from "./model.js";

export interface IssueRequest {
  /** the subject's public key, PEM (SPKI) */
  publicKeyPem: string;
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  uris?: string[];
  purpose: CertificatePurpose;
  tenant?: ProjectRef;
  hostId?: string;
  /** the cluster a cluster certificate belongs to */
  clusterId?: string;
  /** issue a CA certificate (it signs certificates itself, no CA below it) rather than a leaf */
  ca?: boolean;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Signs a certificate (10 years, product §18) and returns its record; the
 * caller writes the record with `certificateWrites` in the transaction of
 * the command that needed the certificate.
 */
export async function issueCertificate(deps: Deps, r: IssueRequest): Promise<CertificateRecord> {
  const [f, ca, caKey] = await Promise.all([loadForge(), ensureCa(deps), caSigningKey(deps)]);
  const now = deps.clock.now();
  const cert = f.pki.createCertificate();
  const key = subjectKey(f, r.publicKeyPem);
  const serial = newSerial(now);
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_SECONDS * 1000);
  const notAfter = new Date(now.getTime());
  notAfter.setUTCFullYear(now.getUTCFullYear() + LEAF_VALIDITY_YEARS);
  cert.validity.notAfter = notAfter;
  const subject = [
    { name: "commonName", value: r.commonName },
    ...(r.organization ? [{ name: "organizationName", value: r.organization }] : []),
    ...(r.organizationalUnit ? [{ name: "organizationalUnitName", value: r.organizationalUnit }] : []),
  ];
  cert.setSubject(subject);
  cert.setIssuer(f.pki.certificateFromPem(ca.certPem).subject.attributes);
  const dns = (r.dnsNames ?? []).map((d) => d.toLowerCase()).filter((d) => DNS_NAME.test(d));
  const altNames = [
    ...(r.uris ?? []).map((value) => ({ type: 6, value })),
    ...dns.map((value) => ({ type: 2, value })),
    ...(r.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  const usage = r.ca
    ? [
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ]
    : [
        { name: "basicConstraints", cA: false, critical: true },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        // a cluster agent only ever dials out: a client certificate, like a host's
        { name: "extKeyUsage", clientAuth: r.purpose !== "server", serverAuth: r.purpose !== "host" && r.purpose !== "cluster-agent" },
      ];
  cert.setExtensions([
    ...usage,
    ...(altNames.length ? [{ name: "subjectAltName", altNames }] : []),
    { name: "subjectKeyIdentifier", value: key.keyIdentifier },
    { name: "authorityKeyIdentifier", keyIdentifier: f.util.hexToBytes(ca.keyId) },
  ]);
  signCertificate(f, cert, caKey, key.der);
  const pem = f.pki.certificateToPem(cert);
  const x509 = new X509Certificate(pem);
  return {
    serial,
    subject: x509.subject.replace(/\n/g, ", "),
    sans: [...(r.uris ?? []).map((u) => `URI:${u}`), ...dns.map((d) => `DNS:${d}`), ...(r.ipAddresses ?? []).map((ip) => `IP:${ip}`)],
    purpose: r.purpose,
    ...(r.tenant ? { domain: r.tenant.domain, project: r.tenant.project } : {}),
    ...(r.hostId ? { hostId: r.hostId } : {}),
    ...(r.clusterId ? { clusterId: r.clusterId } : {}),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    fingerprint: sha256Hex(x509.raw),
    publicKeySha256: sha256Hex(key.der),
    pem,
    revoked: false,
    issuedAt: now.toISOString(),
    version: 1,
  };
}

/** A host's identity certificate: CN = host id, O = domain, OU = project, URI SAN naming all three. */
export function issueHostCertificate(
  deps: Deps,
  h: { domain: string; project: string; hostId: string; hostname: string; publicKeyPem: string },
): Promise<CertificateRecord> {
  const t = { domain: h.domain, project: h.project };
  return issueCertificate(deps, {
    publicKeyPem: h.publicKeyPem,
    commonName: h.hostId,
    organization: h.domain,
    organizationalUnit: h.project,
    uris: [hostUri(t, h.hostId)],
    dnsNames: [h.hostname],
    purpose: "host",
    tenant: t,
    hostId: h.hostId,
  });
}

export function certificateItem(c: CertificateRecord): Record<string, unknown> {
  const t = c.domain && c.project ? { domain: c.domain, project: c.project } : undefined;
  return {
    ...keys.certificate(t, c.serial),
    kind: "certificate",
    ...c,
    gsi1pk: CERTIFICATES_INDEX_PK,
    gsi1sk: c.serial,
    gsi3pk: certificateSerialPk(c.serial),
    gsi3sk: "CERT",
  };
}

/** The record and its event, inside the caller's transaction. */
export function certificateWrites(tx: Transaction, c: CertificateRecord): void {
  tx.put(certificateItem(c), { condition: "attribute_not_exists(pk)" });
  tx.emit(
    "ckp.certificate.issued",
    `certificates/${c.serial}`,
    {
      serial: c.serial,
      subject: c.subject,
      purpose: c.purpose,
      hostId: c.hostId,
      ...(c.clusterId ? { clusterId: c.clusterId } : {}),
      notAfter: c.notAfter,
    },
    c.domain && c.project ? { domain: c.domain, project: c.project } : {},
  );
}
