/**
 * The CA bundle as an S3 object: API Gateway's mutual TLS reads its
 * truststore from S3 (infra/agent.ts points the agent domain at it).
 */
export const TRUSTSTORE_KEY = "pki/truststore.pem";

export async function writeTruststore(bucket: string, pem: string): Promise<void> {
  const [{ PutObjectCommand }, { s3Client }] = await Promise.all([import("@aws-sdk/client-s3"), import("../aws/s3.js")]);
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: TRUSTSTORE_KEY, Body: pem, ContentType: "application/x-pem-file" }));
}
