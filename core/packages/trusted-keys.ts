import { z } from "zod";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, isDomainError, unprocessable } from "../shared/errors.js";
import { eachPage, getItem } from "../store/read.js";

/**
 * The installation's trusted package-signing keys (product §2.4): OpenPGP
 * public keys a platform admin adds and retires. Agents receive the active
 * ones with a BYOH bundle manifest and refuse any package whose detached
 * signature none of them made (agent/packages/verify.ts). A retired key is
 * kept (for the record) but no longer sent to agents; it cannot come back.
 */
export const MAX_PUBLIC_KEY_BYTES = 64 * 1024;

export const packageKeyInput = z.strictObject({
  publicKey: z
    .string()
    .min(1)
    .max(MAX_PUBLIC_KEY_BYTES)
    .regex(/-----BEGIN PGP PUBLIC KEY BLOCK-----/, "an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----)")
    .describe("the armored OpenPGP public key"),
  comment: z.string().max(256).optional().describe("what the key is for, e.g. release signing 2026"),
});
export type PackageKeyInput = z.infer<typeof packageKeyInput>;

export const fingerprintParam = z
  .string()
  .regex(/^[0-9A-Fa-f]{40}([0-9A-Fa-f]{24})?$/, "40 (v4) or 64 (v6) hex digits")
  .transform((f) => f.toUpperCase());

export interface PackageKey {
  /** upper-case hex fingerprint of the primary key */
  fingerprint: string;
  publicKey: string;
  userIds: string[];
  algorithm: string;
  createdAt: string;
  comment?: string;
  status: "active" | "retired";
  addedAt: string;
  addedBy: string;
  retiredAt?: string;
  retiredBy?: string;
}

const PK = "PLATFORM#PACKAGEKEYS";
const keyOf = (fingerprint: string) => ({ pk: PK, sk: `KEY#${fingerprint}` });

/** Parses the armored key: one public key, not a private one, not revoked or expired; anything else is 422. */
async function parse(input: PackageKeyInput): Promise<Omit<PackageKey, "status" | "addedAt" | "addedBy">> {
  const invalid = (why: string) => unprocessable(why, undefined, "package-key.invalid");
  try {
    // loaded only when a key is added: agents' manifest reads and the API's cold start do without it
    const openpgp = await import("openpgp");
    const key = await openpgp.readKey({ armoredKey: input.publicKey });
    if (key.isPrivate()) throw invalid("publicKey holds a private key; send only the public key");
    if (await key.isRevoked()) throw invalid("publicKey is revoked");
    const expires = await key.getExpirationTime();
    if (expires instanceof Date && expires.getTime() <= Date.now()) throw invalid(`publicKey expired at ${expires.toISOString()}`);
    const info = key.getAlgorithmInfo();
    return {
      fingerprint: key.getFingerprint().toUpperCase(),
      publicKey: key.armor(),
      userIds: key.getUserIDs(),
      algorithm: `${info.algorithm}${info.bits ? `-${info.bits}` : info.curve ? `-${info.curve}` : ""}`,
      createdAt: key.getCreationTime().toISOString(),
      ...(input.comment ? { comment: input.comment } : {}),
    };
  } catch (e) {
    if (isDomainError(e)) throw e;
    throw invalid(`publicKey is not a usable OpenPGP public key: ${(e as Error).message}`);
  }
}

export async function addPackageKey(deps: Deps, ctx: Ctx, input: PackageKeyInput): Promise<PackageKey> {
  const parsed = await parse(input);
  const tx = transaction(deps, ctx);
  const key: PackageKey = { ...parsed, status: "active", addedAt: tx.at, addedBy: ctx.actor.id };
  tx.put(
    { ...keyOf(key.fingerprint), kind: "package-key", ...key },
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () =>
        conflict(`package key ${key.fingerprint} was already added`, { fingerprint: key.fingerprint }, "package-key.exists"),
    },
  ).emit(
    "ckp.packagekey.added",
    `package-keys/${key.fingerprint}`,
    { fingerprint: key.fingerprint, userIds: key.userIds, algorithm: key.algorithm },
    {},
  );
  await tx.commit();
  return key;
}

export async function getPackageKey(deps: Deps, fingerprint: string): Promise<PackageKey> {
  return strip(await getItem<PackageKey & { kind?: string }>(deps, keyOf(fingerprint), `package key ${fingerprint}`));
}

/** Every key, active and retired, oldest first. */
export async function listPackageKeys(deps: Deps): Promise<PackageKey[]> {
  const all: PackageKey[] = [];
  for await (const page of eachPage<PackageKey & { kind?: string }>(deps, { partition: PK, prefix: "KEY#" })) all.push(...page.map(strip));
  return all.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.fingerprint.localeCompare(b.fingerprint));
}

/** The keys agents trust now. */
export async function activePackageKeys(deps: Deps): Promise<Array<Pick<PackageKey, "fingerprint" | "publicKey">>> {
  return (await listPackageKeys(deps))
    .filter((k) => k.status === "active")
    .map((k) => ({ fingerprint: k.fingerprint, publicKey: k.publicKey }));
}

/** Retires a key: agents stop trusting it with the next manifest they read. Retiring a retired key changes nothing. */
export async function retirePackageKey(deps: Deps, ctx: Ctx, fingerprint: string): Promise<PackageKey> {
  const current = await getPackageKey(deps, fingerprint);
  if (current.status === "retired") return current;
  const tx = transaction(deps, ctx);
  tx.update(keyOf(fingerprint), "SET #st = :retired, retiredAt = :at, retiredBy = :by", {
    condition: "attribute_exists(pk) AND #st = :active",
    names: { "#st": "status" },
    values: { ":retired": "retired", ":active": "active", ":at": tx.at, ":by": ctx.actor.id },
    onConditionFailed: () => conflict(`package key ${fingerprint} changed concurrently; read it again`),
  }).emit("ckp.packagekey.retired", `package-keys/${fingerprint}`, { fingerprint }, {});
  await tx.commit();
  return { ...current, status: "retired", retiredAt: tx.at, retiredBy: ctx.actor.id };
}

function strip(item: PackageKey & { kind?: string }): PackageKey {
  const { kind: _kind, ...key } = item;
  return key;
}
