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
public final class AuditSealingKey implements javax.security.auth.Destroyable {
  private static final int MIN_BYTES = 32;
  private final byte[] bytes;
  private volatile boolean destroyed;

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
    return live().clone();
  }

  SecretKey secretKey() {
    return new SecretKeySpec(live(), "HmacSHA256");
  }

  private byte[] live() {
    if (destroyed) {
      throw new io.github.hipaas3.HipaaS3ConfigurationException("This AuditSealingKey was"
          + " destroyed and cannot be used; load the key again from where it is stored.");
    }
    return bytes;
  }

  /**
   * Zeroes the key's bytes; it cannot be used afterwards. Close the sinks and verifiers that use
   * it first.
   */
  @Override
  public void destroy() {
    destroyed = true;
    java.util.Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditSealingKey auditSealingKey
        && MessageDigest.isEqual(bytes, auditSealingKey.bytes);
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
