import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as openpgp from "openpgp";

/**
 * Real Debian packages for the package-integrity tests (product §2.4):
 * built with dpkg-deb, signed (detached, armored: `<file>.asc`) with keys
 * made at run time — no private key is ever kept in the repository.
 */
export interface SigningKey {
  fingerprint: string;
  publicKey: string;
  privateKey: string;
}

export async function signingKey(name = "CKP test packages"): Promise<SigningKey> {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: "ecc",
    curve: "ed25519Legacy",
    userIDs: [{ name, email: "packages@example.test" }],
    format: "armored",
  });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return { fingerprint: key.getFingerprint().toUpperCase(), publicKey, privateKey };
}

export const COREDGE = "Coredge.io <packages@coredge.io>";

/** Builds `<name>_<version>_amd64.deb` in `dir` with dpkg-deb; returns its path. */
export function buildDeb(dir: string, o: { name: string; version?: string; maintainer?: string; payload?: string }): string {
  const version = o.version ?? "1.31.2-ckp";
  const root = mkdtempSync(join(tmpdir(), "ckp-deb-"));
  mkdirSync(join(root, "DEBIAN"));
  mkdirSync(join(root, "usr/share/doc", o.name), { recursive: true });
  writeFileSync(join(root, "usr/share/doc", o.name, "README"), o.payload ?? `${o.name} ${version}\n`);
  const control = [
    `Package: ${o.name}`,
    `Version: ${version}`,
    "Architecture: amd64",
    ...(o.maintainer === "" ? [] : [`Maintainer: ${o.maintainer ?? COREDGE}`]),
    `Description: ${o.name} for the CKP package-integrity tests`,
    "",
  ].join("\n");
  writeFileSync(join(root, "DEBIAN/control"), control);
  const file = join(dir, `${o.name}_${version}_amd64.deb`);
  execFileSync("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", root, file], { stdio: "ignore" });
  return file;
}

/** Writes `<file>.asc`: a detached, armored signature of the file by the key. */
export async function signDeb(file: string, key: SigningKey): Promise<void> {
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: key.privateKey });
  const message = await openpgp.createMessage({ binary: readFileSync(file) });
  const signature = await openpgp.sign({ message, signingKeys, detached: true, format: "armored" });
  writeFileSync(`${file}.asc`, signature as string);
}
