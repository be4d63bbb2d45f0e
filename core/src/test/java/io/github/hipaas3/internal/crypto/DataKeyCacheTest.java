package io.github.hipaas3.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.KmsDataKeyCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounds of the KMS data key cache, and the zeroing of the keys it drops. */
class DataKeyCacheTest {
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger fetched = new AtomicInteger();

  private DataKeyCache<String, String> cache(Duration maxAge, long objects, long bytes,
      int entries) {
    return new DataKeyCache<>(new KmsDataKeyCache(maxAge, objects, bytes, entries), now::get);
  }

  /** A fresh key whose bytes name the fetch (never zero). */
  private DataKeyCache.Fresh<String> kms() {
    int n = fetched.incrementAndGet();
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) n);
    return new DataKeyCache.Fresh<>(key, "materials-" + n);
  }

  private String use(DataKeyCache<String, String> cache, String key, long length) {
    return cache.use(key, length, this::kms).value();
  }

  @Test
  void theBindingTagsMetadataName_isTheOneTheGateRefusesFromCallers() {
    // ClientSideChecks.BINDING_METADATA refuses this name in a caller's metadata
    // (ClientSideEncryptionIT.unsafeOperations_areRefusedBeforeSending).
    assertThat(ObjectBinding.TAG_METADATA).isEqualTo("hipaa-s3-binding");
  }

  @Test
  void aKeyIsReusedWithinItsBounds_andEachBoundForcesANewOne() {
    DataKeyCache<String, String> byObjects = cache(Duration.ofMinutes(5), 3, 1_000_000, 10);
    assertThat(List.of(use(byObjects, "c", 1), use(byObjects, "c", 1), use(byObjects, "c", 1),
        use(byObjects, "c", 1))).containsExactly("materials-1", "materials-1", "materials-1",
        "materials-2");

    fetched.set(0);
    DataKeyCache<String, String> byBytes = cache(Duration.ofMinutes(5), 1000, 100, 10);
    assertThat(List.of(use(byBytes, "c", 60), use(byBytes, "c", 40), use(byBytes, "c", 1)))
        .containsExactly("materials-1", "materials-1", "materials-2");
    // An object larger than the byte bound gets a key of its own, not cached.
    assertThat(use(byBytes, "c", 101)).isEqualTo("materials-3");
    assertThat(use(byBytes, "c", 1)).isEqualTo("materials-2");

    fetched.set(0);
    DataKeyCache<String, String> byAge = cache(Duration.ofSeconds(10), 1000, 1_000_000, 10);
    assertThat(use(byAge, "c", 1)).isEqualTo("materials-1");
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(use(byAge, "c", 1)).isEqualTo("materials-1");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(use(byAge, "c", 1)).isEqualTo("materials-2");

    fetched.set(0);
    DataKeyCache<String, String> byContext = cache(Duration.ofMinutes(5), 1000, 1_000_000, 10);
    assertThat(List.of(use(byContext, "bucket-a", 1), use(byContext, "bucket-b", 1),
        use(byContext, "bucket-a", 1))).containsExactly("materials-1", "materials-2",
        "materials-1");
  }

  @Test
  void handedOutKeysAreCopies() {
    DataKeyCache<String, String> cache = cache(Duration.ofMinutes(5), 10, 1000, 10);
    byte[] first = cache.use("c", 1, this::kms).dataKey();
    java.util.Arrays.fill(first, (byte) 0);
    assertThat(cache.use("c", 1, this::kms).dataKey()).containsOnly((byte) 1);
  }

  @Test
  void evictedExpiredSpentAndClosedKeys_areZeroed() {
    DataKeyCache<String, String> cache = cache(Duration.ofSeconds(10), 2, 1_000_000, 2);
    use(cache, "a", 1);
    use(cache, "b", 1);
    List<byte[]> held = new ArrayList<>(cache.heldKeys());
    assertThat(held).hasSize(2).allSatisfy(k -> assertThat(k).doesNotContain((byte) 0));
    // A third context evicts the least recently used entry ("a").
    use(cache, "c", 1);
    assertThat(held.get(0)).containsOnly((byte) 0);
    assertThat(held.get(1)).doesNotContain((byte) 0);
    // "b" is spent by its second object.
    use(cache, "b", 1);
    assertThat(held.get(1)).containsOnly((byte) 0);
    // "c" expires and is swept on the next call.
    byte[] c = cache.heldKeys().get(0);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    use(cache, "d", 1);
    assertThat(c).containsOnly((byte) 0);
    // Closing zeroes what is left.
    byte[] d = cache.heldKeys().get(0);
    cache.close();
    assertThat(d).containsOnly((byte) 0);
    assertThat(cache.heldKeys()).isEmpty();
  }

  @Test
  void threadsSharingTheCache_neverUseAKeyForMoreObjectsThanItsBound() throws Exception {
    DataKeyCache<String, String> cache = cache(Duration.ofMinutes(5), 100, 1_000_000, 4);
    java.util.Map<String, AtomicInteger> uses = new java.util.concurrent.ConcurrentHashMap<>();
    int threads = 8;
    int perThread = 1000;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            uses.computeIfAbsent(use(cache, "c", 1), k -> new AtomicInteger()).incrementAndGet();
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(uses.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(100));
    assertThat(uses.values().stream().mapToInt(AtomicInteger::get).sum())
        .isEqualTo(threads * perThread);
    // Keys fetched on concurrent misses are used at least once each; most serve 100 objects.
    assertThat(fetched.get()).isBetween(threads * perThread / 100, threads * perThread / 10);
  }

  @Test
  void boundsOutOfRange_areRefusedSayingWhatToPass() {
    assertThatThrownBy(() -> new KmsDataKeyCache(Duration.ZERO, 1, 1, 1))
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("maxAge");
    assertThatThrownBy(() -> new KmsDataKeyCache(Duration.ofHours(2), 1, 1, 1))
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("one hour");
    assertThatThrownBy(() -> new KmsDataKeyCache(Duration.ofMinutes(1), 0, 1, 1))
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("maxObjectsPerKey");
    assertThatThrownBy(() -> new KmsDataKeyCache(Duration.ofMinutes(1), 1, 0, 1))
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("maxBytesPerKey");
    assertThatThrownBy(() -> new KmsDataKeyCache(Duration.ofMinutes(1), 1, 1, 0))
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("maxEntries");
  }
}
