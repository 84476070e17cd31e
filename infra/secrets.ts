/**
 * The bootstrap admin token (an SST secret: `sst secret set AdminToken …`)
 * and the KMS key that envelope-encrypts PSKs and other secrets at rest.
 */
export const adminToken = new sst.Secret("AdminToken");

const kmsKey = new aws.kms.Key("SecretsKmsKey", {
  description: "CKP control plane: envelope encryption of secrets at rest",
  enableKeyRotation: true,
});

export const secretsKey = new sst.Linkable("SecretsKey", {
  properties: { kind: "kms", keyId: kmsKey.arn },
  include: [sst.aws.permission({ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [kmsKey.arn] })],
});
