import { createHash, sign } from "node:crypto";
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
 * ~30 ms per signature, Node's well under 1 ms).
 */
export function signCertificate(f: ForgeModule, cert: Forge.pki.Certificate, privateKeyPem: string): void {
  const oid = f.pki.oids.sha256WithRSAEncryption as string;
  cert.signatureOid = oid;
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = oid;
  const c = cert as unknown as { tbsCertificate: Forge.asn1.Asn1; md: Forge.md.MessageDigest; signature: string };
  c.tbsCertificate = (f.pki as unknown as { getTBSCertificate(c: Forge.pki.Certificate): Forge.asn1.Asn1 }).getTBSCertificate(cert);
  const tbs = Buffer.from(f.asn1.toDer(c.tbsCertificate).getBytes(), "binary");
  c.md = f.md.sha256.create();
  c.md.update(tbs.toString("binary"));
  c.signature = sign("sha256", tbs, privateKeyPem).toString("binary");
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** DER bytes of a PEM block. */
export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}
