import type { KMSClient } from "@aws-sdk/client-kms";
import { attachRoundTripCounter } from "../aws/round-trips.js";
import { withoutSdkLogging } from "../aws/sdk-logging.js";
import { RetryableError } from "../shared/errors.js";
import type { DataKey, KeyProvider } from "./key-provider.js";

type KmsModule = typeof import("@aws-sdk/client-kms");

/**
 * KMS answers that mean the key itself cannot be used now: disabled,
 * pending deletion, deleted or unknown, not permitted, or KMS unavailable.
 * Nothing a client sends fixes them; an operator must (or KMS recovers).
 */
const KEY_UNUSABLE = new Set([
  "DisabledException",
  "KMSInvalidStateException",
  "NotFoundException",
  "KeyUnavailableException",
  "AccessDeniedException",
  "DependencyTimeoutException",
  "KMSInternalException",
]);

/**
 * Data keys from AWS KMS; the encryption context is enforced by KMS itself.
 * The KMS client is loaded on first use, keeping it out of cold starts of
 * requests that never touch a secret. A key that cannot be used is a
 * RetryableError naming the key (503 at the API, a retried message in
 * workers), not an anonymous fault.
 */
export class KmsKeyProvider implements KeyProvider {
  private kms: Promise<{ mod: KmsModule; client: KMSClient }> | undefined;

  constructor(readonly keyId: string) {}

  private load() {
    this.kms ??= import("@aws-sdk/client-kms").then((mod) => {
      const client = new mod.KMSClient({});
      attachRoundTripCounter(client, "KMS");
      withoutSdkLogging(client);
      return { mod, client };
    });
    return this.kms;
  }

  private unusable(e: unknown, what: string): unknown {
    const name = (e as Error).name;
    if (!KEY_UNUSABLE.has(name)) return e;
    return new RetryableError(`the KMS key that encrypts secrets (${this.keyId}) cannot ${what}: ${name}: ${(e as Error).message}`, e, {
      code: "secrets-key.unavailable",
      retryAfter: 30,
    });
  }

  async generateDataKey(context: Record<string, string>): Promise<DataKey> {
    const { mod, client } = await this.load();
    const out = await client
      .send(new mod.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: "AES_256", EncryptionContext: context }))
      .catch((e: unknown) => {
        throw this.unusable(e, "make a data key");
      });
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error("KMS returned no data key");
    return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
  }

  async unwrap(wrapped: Buffer, context: Record<string, string>): Promise<Buffer> {
    const { mod, client } = await this.load();
    const out = await client
      .send(new mod.DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context }))
      .catch((e: unknown) => {
        throw this.unusable(e, "decrypt a data key");
      });
    if (!out.Plaintext) throw new Error("KMS returned no plaintext");
    return Buffer.from(out.Plaintext);
  }
}
