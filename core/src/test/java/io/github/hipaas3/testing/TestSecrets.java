package io.github.hipaas3.testing;

import io.github.hipaas3.KeyHashingSecret;

/** Fixed secrets for tests; never use fixed secrets outside tests. */
public final class TestSecrets {
  /** A well-formed KMS key ARN for offline tests (no such key exists). */
  public static final String KMS_KEY_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private TestSecrets() {}

  /** A fixed AES-256 wrapping key for client-side encryption tests. */
  public static javax.crypto.SecretKey aesKey() {
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (0x40 + i);
    }
    return new javax.crypto.spec.SecretKeySpec(bytes, "AES");
  }

  /** A key-hashing secret of bytes 0, 1, ..., 31 under version 1. */
  public static KeyHashingSecret keyHashing() {
    return keyHashing(1, 0);
  }

  /** A key-hashing secret of bytes {@code seed}, {@code seed+1}, ... under a version. */
  public static KeyHashingSecret keyHashing(int version, int seed) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (seed + i);
    }
    return KeyHashingSecret.fromBytes(version, bytes);
  }
}
