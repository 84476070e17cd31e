import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Sealed } from "../crypto/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { keys } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { loadForge, sha256Hex, signCertificate } from "./forge.js";
import { BACKDATE_SECONDS, CA_VALIDITY_YEARS } from "./model.js";
import { writeTruststore } from "./truststore.js";

/**
 * The installation's root CA (product §18). Created once, by whichever process
 * first needs it: a conditional put decides a race, and the loser uses the
 * winner's CA. Its key is envelope-encrypted; the certificate is public.
 */
interface CaItem {
  certPem: string;
  key: Sealed;
  serial: string;
  createdAt: string;
  truststoreWrittenAt?: string;
}

export interface Ca {
  certPem: string;
  cert: X509Certificate;
  /** subject key identifier, for the authorityKeyIdentifier of issued certificates */
  keyId: string;
}

const CA_SUBJECT = [
  { name: "commonName", value: "CKP Root CA" },
  { name: "organizationName", value: "CKP" },
];
const KEY_CONTEXT = { purpose: "ca-key", tenant: "platform" };
const SYSTEM_CTX: Ctx = { actor: { kind: "system", id: "pki" }, correlationId: "pki-ca" };

const loaded = new Map<string, Promise<{ ca: Ca; item: CaItem }>>();
const signingKeys = new Map<string, Promise<string>>();

export async function ensureCa(deps: Deps): Promise<Ca> {
  return (await loadCa(deps)).ca;
}

function loadCa(deps: Deps): Promise<{ ca: Ca; item: CaItem }> {
  let p = loaded.get(deps.table);
  if (!p) {
    p = readOrCreate(deps).catch((e: unknown) => {
      loaded.delete(deps.table);
      throw e;
    });
    loaded.set(deps.table, p);
  }
  return p;
}

/** The CA's private key (PEM), opened once per process. */
export function caSigningKey(deps: Deps): Promise<string> {
  let p = signingKeys.get(deps.table);
  if (!p) {
    p = loadCa(deps)
      .then(({ item }) => deps.secrets.openString(item.key, KEY_CONTEXT))
      .catch((e: unknown) => {
        signingKeys.delete(deps.table);
        throw e;
      });
    signingKeys.set(deps.table, p);
  }
  return p;
}

async function readOrCreate(deps: Deps): Promise<{ ca: Ca; item: CaItem }> {
  let item = await read(deps);
  if (!item) {
    const created = await create(deps);
    try {
      const tx = transaction(deps, SYSTEM_CTX);
      tx.put(
        { ...keys.ca(), kind: "ca", ...created.item },
        { condition: "attribute_not_exists(pk)", onConditionFailed: () => new LostRace() },
      );
      tx.emit(
        "ckp.ca.created",
        "pki/ca",
        { serial: created.item.serial, fingerprint: sha256Hex(created.cert.raw), notAfter: created.cert.validTo },
        {},
      );
      await tx.commit();
      signingKeys.set(deps.table, Promise.resolve(created.keyPem));
      item = created.item;
    } catch (e) {
      if (!(e instanceof LostRace)) throw e;
      item = await read(deps);
      if (!item) throw new Error("the CA item vanished after a conditional put failed");
    }
  }
  if (!item.truststoreWrittenAt && deps.artifactsBucket) {
    await writeTruststore(deps.artifactsBucket, item.certPem);
    const at = deps.clock.now().toISOString();
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.ca(),
        UpdateExpression: "SET truststoreWrittenAt = :t",
        ExpressionAttributeValues: { ":t": at },
      }),
    );
    item = { ...item, truststoreWrittenAt: at };
  }
  const cert = new X509Certificate(item.certPem);
  const f = await loadForge();
  const keyId = f.pki.certificateFromPem(item.certPem).generateSubjectKeyIdentifier().toHex();
  return { ca: { certPem: item.certPem, cert, keyId }, item };
}

async function read(deps: Deps): Promise<CaItem | undefined> {
  return findItem<CaItem>(deps, keys.ca(), { consistent: true });
}

async function create(deps: Deps): Promise<{ item: CaItem; cert: X509Certificate; keyPem: string }> {
  const f = await loadForge();
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 3072,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const now = deps.clock.now();
  const cert = f.pki.createCertificate();
  cert.publicKey = f.pki.publicKeyFromPem(publicKey);
  const serial = newSerial(now);
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_SECONDS * 1000);
  cert.validity.notAfter = new Date(now.getTime());
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + CA_VALIDITY_YEARS);
  cert.setSubject(CA_SUBJECT);
  cert.setIssuer(CA_SUBJECT);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  signCertificate(f, cert, privateKey);
  const certPem = f.pki.certificateToPem(cert);
  createPrivateKey(privateKey); // fail here, not at first signing, if the key is unusable
  const key = await deps.secrets.seal(privateKey, KEY_CONTEXT);
  return { item: { certPem, key, serial, createdAt: now.toISOString() }, cert: new X509Certificate(certPem), keyPem: privateKey };
}

/** 16-byte serials: 6 bytes of milliseconds (lists sort by issue time) and 10 random, kept positive. */
export function newSerial(now: Date): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(now.getTime(), 0, 6);
  randomBytes(10).copy(b, 6);
  b[0] = (b[0] as number) & 0x7f;
  return b.toString("hex");
}

class LostRace extends Error {}
