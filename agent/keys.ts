import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import type { State } from "./state.js";

/** The host's key pair: made once, kept 0600, reused for every registration attempt. */
export function ensureKey(state: State): string {
  if (state.has(state.keyFile)) return state.read(state.keyFile);
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  state.write(state.keyFile, privateKey);
  return privateKey;
}

/** A PKCS#10 request signed with the host key: proof that the agent holds it. */
export function makeCsr(keyPem: string, hostname: string): string {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ name: "commonName", value: hostname.slice(0, 64) }]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}
