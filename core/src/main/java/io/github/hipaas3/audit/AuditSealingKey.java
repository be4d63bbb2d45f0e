package io.github.hipaas3.audit;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 key that seals a JSON-lines audit log (see {@link AuditSinks#jsonLines}).
 * Keep it apart from the log: whoever holds it can forge seals. It prints nothing of its
 * bytes, is not {@code Serializable}, and compares in constant time.
 */
public final class AuditSealingKey {
  private static final int MIN_BYTES = 32;
  private final byte[] bytes;

  private AuditSealingKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key from bytes held elsewhere (a secret manager); the array is copied.
   *
   * @param key at least 32 bytes
   * @return the key
   */
  public static AuditSealingKey fromBytes(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException("An audit sealing key needs at least " + MIN_BYTES
          + " bytes; this one has " + key.length + ". Generate one with generate().");
    }
    return new AuditSealingKey(key.clone());
  }

  /**
   * A new random 32-byte key. Store its {@link #exportBytes() bytes} where the verifier can
   * read them and the log's writer cannot change them.
   *
   * @return the key
   */
  public static AuditSealingKey generate() {
    byte[] key = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(key);
    return new AuditSealingKey(key);
  }

  /**
   * A copy of the key bytes, for storing the key; handle them as a secret.
   *
   * @return the bytes
   */
  public byte[] exportBytes() {
    return bytes.clone();
  }

  SecretKey secretKey() {
    return new SecretKeySpec(bytes, "HmacSHA256");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditSealingKey
        && MessageDigest.isEqual(bytes, ((AuditSealingKey) o).bytes);
  }

  @Override
  public int hashCode() {
    return AuditSealingKey.class.hashCode(); // constant: a hash of the bytes could leak them
  }

  @Override
  public String toString() {
    return "AuditSealingKey{redacted}";
  }
}
