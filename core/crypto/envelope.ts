import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyProvider } from "./key-provider.js";
import { contextAad } from "./local-key-provider.js";

/**
 * Envelope encryption for secrets at rest (PSKs, kubeconfigs, credentials,
 * CA keys). Each value gets its own data key; the context (tenant and
 * purpose) is bound to both the data key and the ciphertext, so a sealed
 * value copied to another tenant's item does not open.
 */
export interface Sealed {
  v: 1;
  kid: string;
  /** wrapped data key */
  dk: string;
  iv: string;
  tag: string;
  ct: string;
}

export class Envelope {
  constructor(private readonly keys: KeyProvider) {}

  async seal(plaintext: string | Buffer, context: Record<string, string>): Promise<Sealed> {
    const dataKey = await this.keys.generateDataKey(context);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", dataKey.plaintext, iv);
    cipher.setAAD(contextAad(context));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    dataKey.plaintext.fill(0);
    return {
      v: 1,
      kid: this.keys.keyId,
      dk: dataKey.wrapped.toString("base64"),
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      ct: ct.toString("base64"),
    };
  }

  async open(sealed: Sealed, context: Record<string, string>): Promise<Buffer> {
    const key = await this.keys.unwrap(Buffer.from(sealed.dk, "base64"), context);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
      decipher.setAAD(contextAad(context));
      decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(sealed.ct, "base64")), decipher.final()]);
    } finally {
      key.fill(0);
    }
  }

  async openString(sealed: Sealed, context: Record<string, string>): Promise<string> {
    return (await this.open(sealed, context)).toString("utf8");
  }
}
