package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.SecretKeyAccess;
import io.github.hipaas3.SseCustomerKey;
import io.github.hipaas3.SseCustomerKeyProvider;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Adapts an SSE-C mode's {@link SseCustomerKeyProvider} to the keys {@link EncryptionPolicy}
 * puts on requests; keys derived per object are zeroed once their header value is made.
 */
final class SseCKeySource {
  private SseCKeySource() {}

  /**
   * The SSE-C keys of a mode.
   *
   * @param mode the encryption mode
   * @return the keys, or {@code null} for a mode without SSE-C
   */
  static EncryptionPolicy.@Nullable SseCKeys of(EncryptionMode mode) {
    SseCustomerKeyProvider provider =
        mode.sseCustomerKeys(SecretKeyAccess.insecureSecretAccess());
    if (provider == null) {
      return null;
    }
    return new EncryptionPolicy.SseCKeys() {
      @Override
      public EncryptionPolicy.SseCKey writeKey(String bucket, String storedKey) {
        return sseCKey(Objects.requireNonNull(provider.keyFor(bucket, storedKey),
            "the SseCustomerKeyProvider returned null"));
      }

      @Override
      public EncryptionPolicy.SseCKey readKey(String bucket, String storedKey, int attempt) {
        List<SseCustomerKey> keys = readKeys(bucket, storedKey);
        SseCustomerKey chosen = keys.get(attempt);
        discardDerived(keys, chosen);
        return sseCKey(chosen);
      }

      @Override
      public @Nullable String writeKeyId(String bucket, String storedKey) {
        SseCustomerKey key = Objects.requireNonNull(provider.keyFor(bucket, storedKey),
            "the SseCustomerKeyProvider returned null");
        discardDerived(List.of(key), null);
        return key.keyId();
      }

      @Override
      public int readKeyCount(String bucket, String storedKey) {
        List<SseCustomerKey> keys = readKeys(bucket, storedKey);
        discardDerived(keys, null);
        return keys.size();
      }

      private List<SseCustomerKey> readKeys(String bucket, String storedKey) {
        List<SseCustomerKey> keys = provider.readKeysFor(bucket, storedKey);
        if (keys == null || keys.isEmpty()) {
          throw new HipaaS3ConfigurationException("The SseCustomerKeyProvider returned no"
              + " read keys; readKeysFor must return at least keyFor's key.");
        }
        for (SseCustomerKey key : keys) {
          Objects.requireNonNull(key, "the SseCustomerKeyProvider returned a null read key");
        }
        return keys;
      }
    };
  }

  /** Zeroes the keys derived for this read that will not be used (all but {@code kept}). */
  @SuppressWarnings("ReferenceEquality") // the very key kept for use, not an equal one
  private static void discardDerived(List<SseCustomerKey> keys, @Nullable SseCustomerKey kept) {
    for (SseCustomerKey key : keys) {
      if (key != kept && key.derivedPerObject()) {
        key.destroy();
      }
    }
  }

  private static EncryptionPolicy.SseCKey sseCKey(SseCustomerKey key) {
    // A key derived for one object is zeroed once its header value is made; a key the
    // provider keeps (single, or the caller's own) is left alone.
    return new EncryptionPolicy.SseCKey(key.keyId(), key.keyMd5(), () -> {
      try {
        return key.headerValue(SecretKeyAccess.insecureSecretAccess());
      } finally {
        if (key.derivedPerObject()) {
          key.destroy();
        }
      }
    });
  }
}
