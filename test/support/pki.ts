import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

/** An RSA key pair (PEM) as a host agent makes it. */
export function rsaKey(bits = 2048): { privateKey: string; publicKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
}

/** A PKCS#10 request signed with `privateKey` (or, to forge one, signed by another key). */
export function csrFor(privateKey: string, o: { signWith?: string; cn?: string } = {}): string {
  const key = forge.pki.privateKeyFromPem(privateKey);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ name: "commonName", value: o.cn ?? "node" }]);
  csr.sign(forge.pki.privateKeyFromPem(o.signWith ?? privateKey), forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/**
 * A CA of our own making, and certificates from it: a test stand-in for a
 * foreign CA (or for certificates the installation's CA never issued).
 */
export function foreignCa(): {
  certPem: string;
  keyPem: string;
  issue(o: { uri: string; publicKeyPem: string; notAfter?: Date; notBefore?: Date }): string;
} {
  const k = rsaKey();
  const key = forge.pki.privateKeyFromPem(k.privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(k.publicKey);
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  const subject = [
    { name: "commonName", value: "CKP Root CA" },
    { name: "organizationName", value: "CKP" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true },
    { name: "keyUsage", keyCertSign: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: k.privateKey,
    issue(o) {
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = forge.pki.publicKeyFromPem(o.publicKeyPem);
      leaf.serialNumber = "0badc0de";
      leaf.validity.notBefore = o.notBefore ?? new Date(Date.now() - 60_000);
      leaf.validity.notAfter = o.notAfter ?? new Date(Date.now() + 365 * 86400_000);
      leaf.setSubject([{ name: "commonName", value: "impostor" }]);
      leaf.setIssuer(subject);
      leaf.setExtensions([
        { name: "extKeyUsage", clientAuth: true },
        { name: "subjectAltName", altNames: [{ type: 6, value: o.uri }] },
      ]);
      leaf.sign(key, forge.md.sha256.create());
      return forge.pki.certificateToPem(leaf);
    },
  };
}
