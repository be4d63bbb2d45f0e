package io.github.hipaas3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit key for SSE-C (server-side encryption with a customer-provided key). S3 encrypts
 * the object with it and keeps only a salted HMAC of it: lose the key and the object is lost.
 *
 * <p>The bytes never leave this type except into the request headers hipaa-s3 builds: {@link
 * #toString()} prints the key's MD5 fingerprint only (which S3 also stores), the class is not
 * serializable, and {@link #equals(Object)} compares in constant time.
 */
public final class SseCustomerKey implements javax.security.auth.Destroyable {
  /** The key length S3 requires for SSE-C, in bytes. */
  public static final int LENGTH = 32;

  private final byte[] key;
  private final String keyMd5Base64;
  private volatile boolean destroyed;

  private SseCustomerKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("An SSE-C key must be exactly " + LENGTH
          + " bytes (AES-256); use SseCustomerKey.generate() to make one.");
    }
    this.key = key.clone();
    this.keyMd5Base64 = Base64.getEncoder().encodeToString(md5(this.key));
  }

  /**
   * A key from raw bytes (exactly {@value #LENGTH}); the array is copied.
   *
   * @param key the key
   * @return the key
   */
  public static SseCustomerKey fromBytes(byte[] key) {
    return new SseCustomerKey(key);
  }

  /**
   * A new random key from a strong {@link SecureRandom}.
   *
   * @return the key
   */
  public static SseCustomerKey generate() {
    byte[] bytes = new byte[LENGTH];
    new SecureRandom().nextBytes(bytes);
    try {
      return new SseCustomerKey(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Zeroes the key's bytes; it cannot be used afterwards. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private byte[] live() {
    if (destroyed) {
      throw new HipaaS3ConfigurationException("This SseCustomerKey was destroyed and cannot be"
          + " used; load the key again from where it is stored.");
    }
    return key;
  }

  /**
   * The key S3 should use for one object, derived from this master key with HMAC-SHA256 over
   * the bucket and the stored (hashed) key. Used by {@link SseCustomerKeyProvider#derivedFrom}.
   *
   * @param bucket the bucket
   * @param storedKey the object key as stored
   * @return the derived key
   */
  SseCustomerKey derive(String bucket, String storedKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(live(), "HmacSHA256"));
      mac.update("hipaa-s3/sse-c/v1\0".getBytes(StandardCharsets.UTF_8));
      mac.update(bucket.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] derived = mac.doFinal(storedKey.getBytes(StandardCharsets.UTF_8));
      try {
        return new SseCustomerKey(derived);
      } finally {
        Arrays.fill(derived, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The key, base64-encoded, for the request header; for hipaa-s3's own use. */
  String keyBase64() {
    return Base64.getEncoder().encodeToString(live());
  }

  /**
   * The base64 MD5 of the key, which S3 echoes in {@code x-amz-server-side-encryption-customer-
   * key-MD5} and which hipaa-s3 checks on every response. Not secret.
   *
   * @return the fingerprint
   */
  public String keyMd5() {
    return keyMd5Base64;
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is not available in this JVM", e);
    }
  }

  /** Equal when the bytes are equal, compared in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SseCustomerKey && MessageDigest.isEqual(key, ((SseCustomerKey) o).key);
  }

  /** Depends on the public fingerprint only. */
  @Override
  public int hashCode() {
    return keyMd5Base64.hashCode();
  }

  /** Prints the MD5 fingerprint only, never the key. */
  @Override
  public String toString() {
    return "SseCustomerKey{md5=" + keyMd5Base64 + "}";
  }
}
