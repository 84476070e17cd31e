import * as openpgp from "openpgp";

/**
 * Package integrity (product §2.4): before a BYOH bundle's packages are
 * installed, each one must carry a detached OpenPGP signature
 * (`<file>.asc`, armored) made by one of the installation's trusted keys,
 * and its control file's Maintainer must name Coredge.io. The first
 * failure aborts the installation; the refusal names the package, the
 * check and the key.
 */
export interface TrustedKey {
  fingerprint: string;
  /** armored OpenPGP public key */
  publicKey: string;
}

export type PackageCheck = "signature" | "maintainer";

export interface Refusal {
  package: string;
  check: PackageCheck;
  /** the fingerprint (or, for a key the installation does not trust, the key id) the signature names */
  key?: string;
  reason: string;
}

export interface PackageToVerify {
  /** the file name, e.g. kubeadm_1.31.2-ckp_amd64.deb */
  name: string;
  bytes: Uint8Array;
  /** the armored detached signature; undefined when the package has none */
  signature: string | undefined;
  /**
   * reads the control file's Maintainer field (undefined when it has none);
   * called only once the signature holds, so an unauthenticated archive is never parsed
   */
  maintainer: () => string | undefined;
}

/** The maintainer's name (the part before the address) must be Coredge.io, e.g. `Coredge.io <packages@coredge.io>`. */
export function maintainerIsCoredge(maintainer: string | undefined): boolean {
  const name = (maintainer ?? "").split("<")[0]?.trim() ?? "";
  return /^coredge\.io(\s|$)/i.test(name);
}

/** The refusal of one package, or undefined when both checks pass. */
export async function verifyPackage(p: PackageToVerify, trusted: TrustedKey[]): Promise<Refusal | undefined> {
  const signature = await checkSignature(p, trusted);
  if (signature) return signature;
  const maintainer = p.maintainer();
  if (!maintainerIsCoredge(maintainer))
    return {
      package: p.name,
      check: "maintainer",
      reason: maintainer ? `the maintainer is "${maintainer}", not Coredge.io` : "the package names no maintainer",
    };
  return undefined;
}

async function checkSignature(p: PackageToVerify, trusted: TrustedKey[]): Promise<Refusal | undefined> {
  const refuse = (reason: string, key?: string): Refusal => ({ package: p.name, check: "signature", ...(key ? { key } : {}), reason });
  if (p.signature === undefined) return refuse(`the package is not signed (no ${p.name}.asc)`);
  let sig: openpgp.Signature;
  try {
    sig = await openpgp.readSignature({ armoredSignature: p.signature });
  } catch (e) {
    return refuse(`the signature is not an OpenPGP signature: ${(e as Error).message}`);
  }
  const issuers = sig.getSigningKeyIDs().map((id) => id.toHex().toUpperCase());
  const keys = await Promise.all(trusted.map((k) => openpgp.readKey({ armoredKey: k.publicKey })));
  // the trusted key (primary or subkey) the signature names
  const signer = keys.find((k) => k.getKeys().some((sub) => issuers.includes(sub.getKeyID().toHex().toUpperCase())));
  if (!signer) {
    const named = issuers[0];
    return refuse(named ? `signed by key ${named}, which is not a trusted key of this installation` : "the signature names no key", named);
  }
  const fingerprint = signer.getFingerprint().toUpperCase();
  try {
    const message = await openpgp.createMessage({ binary: p.bytes });
    const { signatures } = await openpgp.verify({ message, signature: sig, verificationKeys: [signer], format: "binary" });
    if (signatures.length === 0) return refuse("the signature holds no signature packet", fingerprint);
    for (const s of signatures) await s.verified;
  } catch (e) {
    return refuse(`the signature does not match the package (altered after signing?): ${(e as Error).message}`, fingerprint);
  }
  return undefined;
}
