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
import org.jspecify.annotations.Nullable;

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

  /** What a key ID may hold: it is stored in the clear with every object. */
  private static final java.util.regex.Pattern KEY_ID =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

  private final byte[] key;
  private final String keyMd5Base64;
  private final @Nullable String keyId;
  private final boolean derived;
  private volatile boolean destroyed;

  private SseCustomerKey(byte[] key, @Nullable String keyId) {
    this(key, keyId, false);
  }

  private SseCustomerKey(byte[] key, @Nullable String keyId, boolean derived) {
    Objects.requireNonNull(key, "key");
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("An SSE-C key must be exactly " + LENGTH
          + " bytes (AES-256); use SseCustomerKey.generate() to make one.");
    }
    if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("An SSE-C key ID must start with a letter and hold 1"
          + " to 64 letters, digits, '.', '_' or '-' (for example \"ssec-2026-12\"); it is"
          + " stored in the clear with every object, so it must not name a patient.");
    }
    this.key = key.clone();
    this.keyMd5Base64 = Base64.getEncoder().encodeToString(md5(this.key));
    this.keyId = keyId;
    this.derived = derived;
  }

  /**
   * Whether this key was derived for one object by {@link SseCustomerKeyProvider#derivedFrom}
   * (hipaa-s3 zeroes such keys once their request header is made).
   *
   * @return whether the key is per object
   */
  public boolean derivedPerObject() {
    return derived;
  }

  private SseCustomerKey(byte[] key) {
    this(key, null);
  }

  /**
   * This key with an ID. hipaa-s3 stores the ID of the (master) key that encrypted each object
   * with the object (user metadata {@code hipaa-s3-sse-c-key-id}), and a master key can then
   * be rotated: see {@link SseCustomerKeyProvider#derivedFrom(SseCustomerKey, java.util.List)}.
   * The ID is not secret; it must not name a patient (it is screened at {@code build()}).
   *
   * @param id the ID: a letter, then up to 63 letters, digits, {@code .}, {@code _} or
   *     {@code -}
   * @return a new key with the same bytes and this ID
   */
  public SseCustomerKey withKeyId(String id) {
    Objects.requireNonNull(id, "id");
    return new SseCustomerKey(live(), id);
  }

  /**
   * The key's ID, or {@code null} when it has none (objects it writes then carry no key ID).
   *
   * @return the ID
   */
  public @Nullable String keyId() {
    return keyId;
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
   * the bucket and the stored (hashed) key, and the master's key ID when it has one (so that
   * the same bytes under another ID derive other keys). The derived key carries the master's
   * ID. Used by {@link SseCustomerKeyProvider#derivedFrom}.
   *
   * @param bucket the bucket
   * @param storedKey the object key as stored
   * @return the derived key
   */
  SseCustomerKey derive(String bucket, String storedKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(live(), "HmacSHA256"));
      if (keyId == null) {
        mac.update("hipaa-s3/sse-c/v1\0".getBytes(StandardCharsets.UTF_8));
      } else {
        mac.update("hipaa-s3/sse-c/v2\0".getBytes(StandardCharsets.UTF_8));
        mac.update(keyId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
      }
      mac.update(bucket.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] derived = mac.doFinal(storedKey.getBytes(StandardCharsets.UTF_8));
      try {
        return new SseCustomerKey(derived, keyId, true);
      } finally {
        Arrays.fill(derived, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * The key, base64-encoded, as the value of the SDK's request header; for hipaa-s3's
   * implementation. This string is the only copy outside this object: the encoding buffer is
   * zeroed.
   *
   * @param access the capability to read key material
   * @return the header value
   */
  public String headerValue(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    byte[] encoded = Base64.getEncoder().encode(live());
    try {
      return new String(encoded, StandardCharsets.ISO_8859_1);
    } finally {
      java.util.Arrays.fill(encoded, (byte) 0);
    }
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

  /** Equal when the bytes (compared in constant time) and the key IDs are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SseCustomerKey k && MessageDigest.isEqual(key, k.key)
        && Objects.equals(keyId, k.keyId);
  }

  /** Depends on the public fingerprint only. */
  @Override
  public int hashCode() {
    return keyMd5Base64.hashCode();
  }

  /** Prints the MD5 fingerprint only, never the key. */
  @Override
  public String toString() {
    return "SseCustomerKey{" + (keyId == null ? "" : "id=" + keyId + ", ") + "md5="
        + keyMd5Base64 + "}";
  }
}
