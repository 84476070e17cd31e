import { createPublicKey } from "node:crypto";
import { badRequest } from "../shared/errors.js";
import { loadForge, sha256Hex } from "./forge.js";

export const MIN_RSA_BITS = 2048;

export interface VerifiedCsr {
  publicKeyPem: string;
  /** SHA-256 of the public key (SPKI DER), hex: the identity a machine is bound to */
  publicKeySha256: string;
}

/**
 * Reads a PEM PKCS#10 request and checks its self-signature (proof that the
 * sender holds the private key). Only the key is used: the control plane
 * chooses the subject of the certificate it issues.
 */
export async function verifyCsr(pem: string): Promise<VerifiedCsr> {
  const f = await loadForge();
  const invalid = (why: string) => badRequest(`the CSR is not acceptable: ${why}`, [{ path: "csr", message: why }]);
  let csr: ReturnType<typeof f.pki.certificationRequestFromPem>;
  try {
    csr = f.pki.certificationRequestFromPem(pem);
  } catch {
    throw invalid("expected a PEM PKCS#10 certificate request with an RSA key");
  }
  let ok = false;
  try {
    ok = csr.verify();
  } catch {
    ok = false;
  }
  if (!ok) throw invalid("its signature does not verify with its own public key");
  const key = csr.publicKey as ReturnType<typeof f.pki.publicKeyFromPem> | null;
  if (!key || key.n.bitLength() < MIN_RSA_BITS) throw invalid(`the RSA key must have at least ${MIN_RSA_BITS} bits`);
  const publicKeyPem = f.pki.publicKeyToPem(key);
  const der = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
  return { publicKeyPem, publicKeySha256: sha256Hex(der) };
}
