import { createHash, createPublicKey, sign } from "node:crypto";
import type * as Forge from "node-forge";

type ForgeModule = typeof Forge;

let forge: Promise<ForgeModule> | undefined;

/**
 * node-forge, loaded on first use: only certificate work needs it, so it
 * stays out of the API Lambda's cold start.
 */
export function loadForge(): Promise<ForgeModule> {
  forge ??= import("node-forge").then((m) => ((m as unknown as { default?: ForgeModule }).default ?? m) as ForgeModule);
  return forge;
}

/**
 * Signs a forge certificate with SHA-256/RSA using Node's crypto: forge
 * builds the structure, OpenSSL does the arithmetic (forge's own RSA takes
 * ~30 ms per signature, Node's well under 1 ms). The issuer's key is RSA;
 * `subjectKeyDer` (SPKI DER) puts a subject key of any type in the
 * certificate — forge models RSA keys only, see `subjectKey`.
 */
export function signCertificate(f: ForgeModule, cert: Forge.pki.Certificate, privateKeyPem: string, subjectKeyDer?: Buffer): void {
  const oid = f.pki.oids.sha256WithRSAEncryption as string;
  cert.signatureOid = oid;
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = oid;
  const c = cert as unknown as { tbsCertificate: Forge.asn1.Asn1; md: Forge.md.MessageDigest; signature: string };
  if (subjectKeyDer) cert.publicKey ??= placeholderKey(f);
  c.tbsCertificate = (f.pki as unknown as { getTBSCertificate(c: Forge.pki.Certificate): Forge.asn1.Asn1 }).getTBSCertificate(cert);
  if (subjectKeyDer) {
    // TBSCertificate: version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, …
    (c.tbsCertificate.value as Forge.asn1.Asn1[])[6] = rawDer(f, subjectKeyDer);
  }
  const tbs = Buffer.from(f.asn1.toDer(c.tbsCertificate).getBytes(), "binary");
  c.md = f.md.sha256.create();
  c.md.update(tbs.toString("binary"));
  c.signature = sign("sha256", tbs, privateKeyPem).toString("binary");
}

/**
 * A subject key forge need not understand: its SPKI DER, and its key
 * identifier (RFC 5280 §4.2.1.2 method 1, SHA-1 of the subjectPublicKey
 * bits — for an RSA key the same value forge computes); a cluster CA's key
 * is ECDSA (core/pki/cluster-ca.ts).
 */
export function subjectKey(f: ForgeModule, publicKeyPem: string): { der: Buffer; keyIdentifier: Forge.asn1.Asn1 } {
  const der = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
  const spki = rawDer(f, der);
  const bits = (spki.value as Forge.asn1.Asn1[])[1]?.value;
  if (typeof bits !== "string") throw new Error("a public key without its subjectPublicKey bits");
  // the BIT STRING's first byte counts its unused bits (0 for a key)
  const id = createHash("sha1")
    .update(Buffer.from(bits.slice(1), "binary"))
    .digest("binary");
  return { der, keyIdentifier: f.asn1.create(f.asn1.Class.UNIVERSAL, f.asn1.Type.OCTETSTRING, false, id) };
}

// ASN.1 with BIT STRINGs kept as bytes (forge's typings know only the older boolean argument)
function rawDer(f: ForgeModule, der: Buffer): Forge.asn1.Asn1 {
  const fromDer = f.asn1.fromDer as unknown as (bytes: string, options: { decodeBitStrings: boolean }) => Forge.asn1.Asn1;
  return fromDer(der.toString("binary"), { decodeBitStrings: false });
}

// getTBSCertificate encodes `cert.publicKey` as an RSA key before signCertificate replaces it with the subject's
function placeholderKey(f: ForgeModule): Forge.pki.PublicKey {
  const one = new f.jsbn.BigInteger("1", 10);
  return f.pki.setRsaPublicKey(one, one);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** DER bytes of a PEM block. */
export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}
