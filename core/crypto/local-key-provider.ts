import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { DataKey, KeyProvider } from "./key-provider.js";

/**
 * Development master key kept in a file (created with 0600 on first use).
 * Data keys are wrapped with AES-256-GCM, binding the encryption context as
 * additional authenticated data, as KMS does.
 */
export class LocalKeyProvider implements KeyProvider {
  readonly keyId: string;
  private readonly master: Buffer;

  constructor(keyFile: string) {
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    }
    this.master = Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64");
    if (this.master.length !== 32) throw new Error(`master key in ${keyFile} must be 32 bytes (base64)`);
    this.keyId = `local:${createHash("sha256").update(this.master).digest("hex").slice(0, 16)}`;
  }

  async generateDataKey(context: Record<string, string>): Promise<DataKey> {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.master, iv);
    cipher.setAAD(contextAad(context));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), ct]) };
  }

  async unwrap(wrapped: Buffer, context: Record<string, string>): Promise<Buffer> {
    const decipher = createDecipheriv("aes-256-gcm", this.master, wrapped.subarray(0, 12));
    decipher.setAAD(contextAad(context));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}

export function contextAad(context: Record<string, string>): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return Buffer.from(JSON.stringify(sorted));
}
