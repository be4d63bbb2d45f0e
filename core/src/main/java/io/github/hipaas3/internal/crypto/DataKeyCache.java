package io.github.hipaas3.internal.crypto;

import io.github.hipaas3.KmsDataKeyCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The bounded cache of KMS data keys behind {@link KmsDataKeyCache}: one instance per side
 * (encryption keyed by the encryption context; decryption keyed by the encrypted data key and
 * the stored context). Each entry is used for at most {@code maxObjectsPerKey} objects, {@code
 * maxBytesPerKey} bytes and {@code maxAge}; at most {@code maxEntries} entries are held (the
 * least recently used is evicted). The cache's copy of a key is zeroed when its entry is
 * evicted, found expired or spent, or the cache is closed; expired entries are swept on every
 * call. KMS is called outside the lock, so a miss does not hold up other threads.
 *
 * <p>The copies handed out are the caller's to zero. (The S3 Encryption Client's materials
 * objects keep their own short-lived copies, which cannot be zeroed from outside.)
 *
 * @param <K> the cache key
 * @param <V> what is kept with the data key (the materials without it, on the encrypt side)
 */
final class DataKeyCache<K, V> implements AutoCloseable {
  /** A data key fetched from KMS, with what goes with it. */
  @SuppressWarnings("ArrayRecordComponent") // a carrier handed over once, never compared
  record Fresh<V>(byte[] dataKey, V value) {}

  /** A data key handed out for one object: a copy the caller zeroes. */
  @SuppressWarnings("ArrayRecordComponent") // a carrier handed over once, never compared
  record Use<V>(byte[] dataKey, V value) {}

  private static final class Entry<V> {
    final byte[] dataKey;
    final V value;
    final long created;
    long objects;
    long bytes;

    Entry(byte[] dataKey, V value, long created) {
      this.dataKey = dataKey;
      this.value = value;
      this.created = created;
    }
  }

  private final KmsDataKeyCache limits;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * A cache with the given bounds.
   *
   * @param limits the bounds
   * @param nanoTime the clock ({@code System::nanoTime}; tests move it)
   */
  DataKeyCache(KmsDataKeyCache limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
  }

  /**
   * A data key for one object of {@code length} bytes: a cached one with room left, else a
   * fresh one from {@code kms} (cached unless the object alone exceeds the byte bound).
   *
   * @param key the cache key
   * @param length the object's plaintext (encrypt) or ciphertext (decrypt) length
   * @param kms fetches a fresh data key
   * @return a copy of the data key and its value
   */
  Use<V> use(K key, long length, Supplier<Fresh<V>> kms) {
    if (length > limits.maxBytesPerKey()) {
      // Alone above the byte bound: a data key of its own, used once, the cache untouched.
      Fresh<V> own = kms.get();
      return new Use<>(own.dataKey(), own.value());
    }
    synchronized (this) {
      sweep();
      Entry<V> entry = entries.get(key);
      if (entry != null) {
        if (entry.objects + 1 <= limits.maxObjectsPerKey()
            && entry.bytes + length <= limits.maxBytesPerKey()) {
          Use<V> use = take(entry, length);
          if (entry.objects >= limits.maxObjectsPerKey()) {
            zero(entries.remove(key)); // spent: the next object gets a new data key
          }
          return use;
        }
        zero(entries.remove(key)); // no room left for this object
      }
    }
    Fresh<V> fresh = kms.get();
    Entry<V> entry = new Entry<>(fresh.dataKey(), fresh.value(), nanoTime.getAsLong());
    synchronized (this) {
      Use<V> use = take(entry, length);
      if (entry.objects < limits.maxObjectsPerKey()) {
        zero(entries.put(key, entry));
        while (entries.size() > limits.maxEntries()) {
          Iterator<Entry<V>> eldest = entries.values().iterator();
          zero(eldest.next());
          eldest.remove();
        }
      } else {
        zero(entry);
      }
      return use;
    }
  }

  private Use<V> take(Entry<V> entry, long length) {
    entry.objects++;
    entry.bytes += length;
    return new Use<>(entry.dataKey.clone(), entry.value);
  }

  private void sweep() {
    long now = nanoTime.getAsLong();
    for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
      Entry<V> entry = it.next();
      if (now - entry.created >= limits.maxAge().toNanos()) {
        zero(entry);
        it.remove();
      }
    }
  }

  private static void zero(@Nullable Entry<?> entry) {
    if (entry != null) {
      Arrays.fill(entry.dataKey, (byte) 0);
    }
  }

  /** Test hook: the cache's own copies of the keys it holds (live arrays, not copies). */
  synchronized List<byte[]> heldKeys() {
    List<byte[]> keys = new ArrayList<>();
    for (Entry<V> entry : entries.values()) {
      keys.add(entry.dataKey);
    }
    return keys;
  }

  /** Zeroes and drops every entry. */
  @Override
  public synchronized void close() {
    for (Map.Entry<K, Entry<V>> e : entries.entrySet()) {
      zero(e.getValue());
    }
    entries.clear();
  }
}
