import {
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  KMSClient,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { Envelope, type Sealed } from "../../core/crypto/envelope.js";
import { KmsKeyProvider } from "../../core/crypto/kms-key-provider.js";
import { RetryableError } from "../../core/shared/errors.js";
import { keys } from "../../core/store/keys.js";
import type { SecretsKeyConfig } from "../../functions/shared/runtime.js";
import { tables } from "../../infra/resources.js";
import { resourceName, useLocalAws } from "../support/api.js";
import { newTenant } from "../support/tenants.js";

/**
 * The production key provider (core/crypto/kms-key-provider.ts) against
 * LocalStack's KMS: the control plane of this tier seals every secret with
 * data keys of its stage's KMS key.
 */
describe("secrets at rest, sealed with KMS", () => {
  let env: Record<string, string>;
  let kms: KMSClient;
  let key: SecretsKeyConfig;
  beforeAll(() => {
    env = useLocalAws();
    kms = new KMSClient({});
    key = JSON.parse(env.SST_RESOURCE_SecretsKey as string) as SecretsKeyConfig;
  });

  async function storedPsk(t: { domain: string; project: string }): Promise<Sealed> {
    const out = await dynamoDocumentClient().send(
      new GetCommand({ TableName: resourceName(env, tables.main.logical), Key: keys.project(t), ConsistentRead: true }),
    );
    return out.Item?.psk as Sealed;
  }

  it("the control plane wraps its data keys with its KMS key, and KMS holds it to the encryption context", async () => {
    expect(key.kind).toBe("kms");
    if (key.kind !== "kms") return;
    expect(key.keyId).toMatch(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/);
    const t = await newTenant();
    const sealed = await storedPsk(t);
    expect(sealed.kid).toBe(key.keyId);
    expect(JSON.stringify(sealed)).not.toContain(t.psk);
    const wrapped = Buffer.from(sealed.dk, "base64");
    const context = { purpose: "host-psk", tenant: `${t.domain}/${t.project}` };
    // the data key opens with the item's own context, and with no other
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: context, KeyId: key.keyId }));
    expect(opened.Plaintext?.length).toBe(32);
    await expect(
      kms.send(
        new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: { ...context, tenant: "other/tenant" }, KeyId: key.keyId }),
      ),
    ).rejects.toMatchObject({ name: "InvalidCiphertextException" });
  });

  it("a rotated key still opens what it sealed before, and seals anew", async () => {
    if (key.kind !== "kms") throw new Error("the tier's control plane does not use KMS");
    const keyId = key.keyId;
    const t = await newTenant();
    const before = await storedPsk(t);
    // new key material; the old stays for decrypting what it wrapped (KMS keeps every version of a key)
    expect((await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).KeyId).toBe(keyId);
    // the PSK sealed before the rotation reads as it was
    expect((await t.projectAdmin.get(`${t.base}/host-psk`)).body.psk).toBe(t.psk);
    const reset = await t.projectAdmin.post(`${t.base}/host-psk/reset`);
    expect(reset.status).toBe(200);
    const after = await storedPsk(t);
    expect(after.dk).not.toBe(before.dk);
    expect((await t.projectAdmin.get(`${t.base}/host-psk`)).body.psk).toBe(reset.body.psk);
  });

  it("a disabled or deleted key is a clear failure naming the key; enabled again, it serves", async () => {
    const own = (await kms.send(new CreateKeyCommand({ Description: "ckp test: secrets-kms.test.ts" }))).KeyMetadata?.Arn as string;
    const envelope = new Envelope(new KmsKeyProvider(own));
    const context = { purpose: "test", tenant: "kms/test" };
    const sealed = await envelope.seal("a secret", context);
    expect(await envelope.openString(sealed, context)).toBe("a secret");

    await kms.send(new DisableKeyCommand({ KeyId: own }));
    // one at a time: the second, started at once, could fail before anything awaits it (an unhandled rejection)
    for (const attempt of [() => envelope.seal("another", context), () => envelope.open(sealed, context)]) {
      const e = await attempt().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(RetryableError);
      expect(e).toMatchObject({ code: "secrets-key.unavailable", message: expect.stringContaining(own) });
      expect((e as Error).message).toContain("DisabledException");
    }
    await kms.send(new EnableKeyCommand({ KeyId: own }));
    expect(await envelope.openString(sealed, context)).toBe("a secret");

    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: own, PendingWindowInDays: 7 }));
    await expect(envelope.open(sealed, context)).rejects.toMatchObject({
      code: "secrets-key.unavailable",
      message: expect.stringContaining("KMSInvalidStateException"),
    });
    const missing = new Envelope(new KmsKeyProvider("arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000"));
    await expect(missing.seal("x", context)).rejects.toMatchObject({
      code: "secrets-key.unavailable",
      message: expect.stringContaining("NotFoundException"),
    });
  });
});
