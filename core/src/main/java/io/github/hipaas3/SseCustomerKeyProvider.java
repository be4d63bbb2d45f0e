package io.github.hipaas3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses the SSE-C key for each object. hipaa-s3 calls it with the bucket and the object key
 * as stored (in the default hashed-key mode, the hash, never the caller's object ID), on every
 * request that needs the key: writes, reads, heads, both sides of a copy, and every step of a
 * multipart upload. It must return the same key for the same object every time.
 *
 * <p><b>Rotation.</b> A key with an ID ({@link SseCustomerKey#withKeyId}) has its ID stored
 * with every object it writes (user metadata {@value #KEY_ID_METADATA}). A provider built with
 * older keys ({@link #single(SseCustomerKey, List)}, {@link #derivedFrom(SseCustomerKey, List)})
 * writes with the current key only and reads with the current key first, then with each older
 * key in turn while S3 refuses the key (or answers for another key): objects written before a
 * rotation stay readable, and copying an object through hipaa-s3 re-encrypts it under the
 * current key.
 */
@FunctionalInterface
public interface SseCustomerKeyProvider {
  /** The user-metadata name under which hipaa-s3 stores the ID of an object's SSE-C key. */
  String KEY_ID_METADATA = "hipaa-s3-sse-c-key-id";

  /**
   * The key for one object: every write uses it, and reads try it first.
   *
   * @param bucket the bucket
   * @param storedKey the object key as stored in S3
   * @return the key, never {@code null}
   */
  SseCustomerKey keyFor(String bucket, String storedKey);

  /**
   * The keys a read may try for one object, in order: {@link #keyFor} first, then the keys of
   * older masters. The default is {@link #keyFor} alone.
   *
   * @param bucket the bucket
   * @param storedKey the object key as stored in S3
   * @return the keys, never empty
   */
  default List<SseCustomerKey> readKeysFor(String bucket, String storedKey) {
    return List.of(keyFor(bucket, storedKey));
  }

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
   * One key for every object written, and older keys that objects written before a rotation
   * were encrypted with. Every key needs its own ID ({@link SseCustomerKey#withKeyId}); one
   * older key may have none (objects written before key IDs).
   *
   * @param current the key every write uses
   * @param olderKeys keys that reads try after the current one, in this order
   * @return the provider
   */
  static SseCustomerKeyProvider single(SseCustomerKey current, List<SseCustomerKey> olderKeys) {
    return rotating(current, olderKeys, false, "single");
  }

  /**
   * A key per object, derived from a master key with HMAC-SHA256 over the bucket and the stored
   * key (and the master's key ID, when it has one), so that one leaked object key exposes one
   * object only.
   *
   * @param master the master key
   * @return the provider
   */
  static SseCustomerKeyProvider derivedFrom(SseCustomerKey master) {
    Objects.requireNonNull(master, "master");
    return master::derive;
  }

  /**
   * A key per object derived from the current master key (as {@link
   * #derivedFrom(SseCustomerKey)}), with older master keys whose derived keys reads try after
   * the current one. Every master needs its own ID ({@link SseCustomerKey#withKeyId}); one
   * older master may have none (objects written by {@code derivedFrom(master)} before key IDs).
   *
   * @param currentMaster the master every write derives from
   * @param olderMasters masters that reads try after the current one, in this order
   * @return the provider
   */
  static SseCustomerKeyProvider derivedFrom(SseCustomerKey currentMaster,
      List<SseCustomerKey> olderMasters) {
    return rotating(currentMaster, olderMasters, true, "derivedFrom");
  }

  private static SseCustomerKeyProvider rotating(SseCustomerKey current,
      List<SseCustomerKey> older, boolean derive, String factory) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(older, "older");
    if (current.keyId() == null) {
      throw new HipaaS3ConfigurationException("SseCustomerKeyProvider." + factory + " with older"
          + " keys needs an ID on the current key, because the ID stored with each object says"
          + " which key encrypted it: use key.withKeyId(\"...\").");
    }
    List<SseCustomerKey> all = new ArrayList<>();
    all.add(current);
    Set<String> ids = new HashSet<>();
    ids.add(current.keyId());
    boolean unnamed = false;
    for (SseCustomerKey key : older) {
      Objects.requireNonNull(key, "an older key is null");
      if (key.keyId() == null ? unnamed : !ids.add(key.keyId())) {
        throw new HipaaS3ConfigurationException("Two SSE-C keys given to SseCustomerKeyProvider."
            + factory + " have the same key ID (or both have none). Give each key its own ID with"
            + " key.withKeyId(\"...\").");
      }
      unnamed |= key.keyId() == null;
      all.add(key);
    }
    List<SseCustomerKey> keys = List.copyOf(all);
    return new SseCustomerKeyProvider() {
      @Override
      public SseCustomerKey keyFor(String bucket, String storedKey) {
        return derive ? current.derive(bucket, storedKey) : current;
      }

      @Override
      public List<SseCustomerKey> readKeysFor(String bucket, String storedKey) {
        if (!derive) {
          return keys;
        }
        List<SseCustomerKey> derived = new ArrayList<>(keys.size());
        for (SseCustomerKey master : keys) {
          derived.add(master.derive(bucket, storedKey));
        }
        return derived;
      }
    };
  }
}
