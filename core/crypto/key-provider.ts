/**
 * Wraps and unwraps data keys for envelope encryption. KMS in AWS, a local
 * key file in development; the envelope format is the same for both.
 */
export interface DataKey {
  plaintext: Buffer;
  /** the data key encrypted under the master key, stored beside the ciphertext */
  wrapped: Buffer;
}

export interface KeyProvider {
  /** identifies the master key, stored so a rotated key can still decrypt */
  readonly keyId: string;
  generateDataKey(context: Record<string, string>): Promise<DataKey>;
  unwrap(wrapped: Buffer, context: Record<string, string>): Promise<Buffer>;
}
