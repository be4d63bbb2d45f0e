package io.github.hipaas3.testing;

import io.github.hipaas3.KeyHashingSecret;

/** Fixed secrets for tests; never use fixed secrets outside tests. */
public final class TestSecrets {
  private TestSecrets() {}

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
