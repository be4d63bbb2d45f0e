package io.github.hipaas3;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of the opt-in cache of KMS data keys in client-side KMS mode
 * ({@link HipaaS3Client.Builder#kmsDataKeyCache(KmsDataKeyCache)}), as the AWS Encryption SDK's
 * caching materials manager has them.
 *
 * <p>Puts of small objects (up to 1 MiB) reuse one data key for up to {@code maxObjectsPerKey}
 * objects, {@code maxBytesPerKey} bytes of plaintext and {@code maxAge}, whichever comes first;
 * gets reuse a data key unwrapped from the same encrypted data key and encryption context with
 * the same bounds. At most {@code maxEntries} data keys are held on each side; a key's bytes
 * are zeroed when it is evicted, expires (noticed on the next call or at {@code close()}) or
 * the client is closed.
 *
 * @param maxAge how long a data key is used after KMS returned it
 * @param maxObjectsPerKey how many objects one data key encrypts or decrypts
 * @param maxBytesPerKey how many bytes one data key encrypts or decrypts
 * @param maxEntries how many data keys each side holds at once
 */
public record KmsDataKeyCache(Duration maxAge, long maxObjectsPerKey, long maxBytesPerKey,
    int maxEntries) {
  /** The longest {@code maxAge}: one hour. */
  public static final Duration MAX_AGE_LIMIT = Duration.ofHours(1);

  /**
   * Validates the bounds.
   *
   * @throws HipaaS3ConfigurationException when a bound is out of its range
   */
  public KmsDataKeyCache {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
      throw new HipaaS3ConfigurationException("kmsDataKeyCache maxAge must be more than zero"
          + " and at most one hour: a cached data key stays in memory for that long. Pass a"
          + " shorter duration, for example Duration.ofMinutes(5).");
    }
    if (maxObjectsPerKey < 1 || maxObjectsPerKey > 1_000_000) {
      throw new HipaaS3ConfigurationException("kmsDataKeyCache maxObjectsPerKey must be"
          + " between 1 and 1,000,000: a compromised cached data key exposes that many"
          + " objects. Pass a value in that range.");
    }
    if (maxBytesPerKey < 1) {
      throw new HipaaS3ConfigurationException("kmsDataKeyCache maxBytesPerKey must be at"
          + " least 1. Pass the plaintext bytes one data key may encrypt, for example"
          + " 256 MiB.");
    }
    if (maxEntries < 1 || maxEntries > 10_000) {
      throw new HipaaS3ConfigurationException("kmsDataKeyCache maxEntries must be between 1"
          + " and 10,000 (data keys held in memory at once). Pass a value in that range.");
    }
  }

  /**
   * The default bounds: 5 minutes, 1,000 objects and 256 MiB per data key, 100 entries.
   *
   * @return the bounds
   */
  public static KmsDataKeyCache defaults() {
    return new KmsDataKeyCache(Duration.ofMinutes(5), 1_000, 256L * 1024 * 1024, 100);
  }
}
