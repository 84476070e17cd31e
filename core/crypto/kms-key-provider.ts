import type { KMSClient } from "@aws-sdk/client-kms";
import { attachRoundTripCounter } from "../aws/round-trips.js";
import type { DataKey, KeyProvider } from "./key-provider.js";

type KmsModule = typeof import("@aws-sdk/client-kms");

/**
 * Data keys from AWS KMS; the encryption context is enforced by KMS itself.
 * The KMS client is loaded on first use, keeping it out of cold starts of
 * requests that never touch a secret.
 */
export class KmsKeyProvider implements KeyProvider {
  private kms: Promise<{ mod: KmsModule; client: KMSClient }> | undefined;

  constructor(readonly keyId: string) {}

  private load() {
    this.kms ??= import("@aws-sdk/client-kms").then((mod) => {
      const client = new mod.KMSClient({});
      attachRoundTripCounter(client, "KMS");
      return { mod, client };
    });
    return this.kms;
  }

  async generateDataKey(context: Record<string, string>): Promise<DataKey> {
    const { mod, client } = await this.load();
    const out = await client.send(new mod.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: "AES_256", EncryptionContext: context }));
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error("KMS returned no data key");
    return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
  }

  async unwrap(wrapped: Buffer, context: Record<string, string>): Promise<Buffer> {
    const { mod, client } = await this.load();
    const out = await client.send(new mod.DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context }));
    if (!out.Plaintext) throw new Error("KMS returned no plaintext");
    return Buffer.from(out.Plaintext);
  }
}
