package io.github.hipaas3;

import java.util.Objects;

/**
 * Chooses the SSE-C key for each object. hipaa-s3 calls it with the bucket and the object key
 * as stored (in the default hashed-key mode, the hash, never the caller's object ID), on every
 * request that needs the key: writes, reads, heads, both sides of a copy, and every step of a
 * multipart upload. It must return the same key for the same object every time.
 */
@FunctionalInterface
public interface SseCustomerKeyProvider {
  /**
   * The key for one object.
   *
   * @param bucket the bucket
   * @param storedKey the object key as stored in S3
   * @return the key, never {@code null}
   */
  SseCustomerKey keyFor(String bucket, String storedKey);

  /**
   * One key for every object.
   *
   * @param key the key
   * @return the provider
   */
  static SseCustomerKeyProvider single(SseCustomerKey key) {
    Objects.requireNonNull(key, "key");
    return (bucket, storedKey) -> key;
  }

  /**
   * A key per object, derived from a master key with HMAC-SHA256 over the bucket and the stored
   * key, so that one leaked object key exposes one object only.
   *
   * @param master the master key
   * @return the provider
   */
  static SseCustomerKeyProvider derivedFrom(SseCustomerKey master) {
    Objects.requireNonNull(master, "master");
    return master::derive;
  }
}
