package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.audit.AuditSealingKey;
import io.github.hipaas3.testing.RecordingHttpClient;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;

/**
 * The secret types zero their bytes on {@link Destroyable#destroy()} and refuse use afterwards;
 * a client built before the secret was destroyed keeps working until it is closed.
 */
class SecretDestructionTest {

  @Test
  void everySecretType_isDestroyable_andUnusableAfterwards() throws Exception {
    KeyHashingSecret hashing = KeyHashingSecret.generate(1);
    SseCustomerKey sseC = SseCustomerKey.generate();
    AuditSealingKey sealing = AuditSealingKey.generate();
    for (Destroyable secret : new Destroyable[] {hashing, sseC, sealing}) {
      assertThat(secret.isDestroyed()).isFalse();
      secret.destroy();
      assertThat(secret.isDestroyed()).as(secret.toString()).isTrue();
    }
    assertThatThrownBy(sealing::exportBytes).isInstanceOf(HipaaS3ConfigurationException.class);
    assertThatThrownBy(() -> HipaaS3Client.builder().keyHashingSecret(hashing)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .encryption(EncryptionMode.sseKms(io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN))
        .build()).isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("destroyed");
  }

  @Test
  void theBytesAreZeroed() {
    byte[] raw = new byte[32];
    java.util.Arrays.fill(raw, (byte) 7);
    AuditSealingKey key = AuditSealingKey.fromBytes(raw);
    AuditSealingKey same = AuditSealingKey.fromBytes(raw);
    assertThat(key).isEqualTo(same);
    key.destroy();
    assertThat(key).as("zeroed bytes no longer equal the original").isNotEqualTo(same);
  }

  @Test
  void aBuiltClient_keepsWorking_afterItsHashingSecretIsDestroyed() {
    KeyHashingSecret secret = KeyHashingSecret.generate(1);
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.passThroughClientBuilder().keyMode(KeyMode.HASHED)
        .keyHashingSecret(secret).build()) {
      String before = s3.objectKey("patients/123-45-6789/a.pdf");
      secret.destroy();
      assertThat(s3.objectKey("patients/123-45-6789/a.pdf")).isEqualTo(before);
    }
  }

  @Test
  void thePlaintextKmsReturns_isZeroed_onceTheSecretHoldsItsCopy() {
    byte[] returned = new byte[32];
    java.util.Arrays.fill(returned, (byte) 9);
    software.amazon.awssdk.services.kms.KmsClient kms =
        new software.amazon.awssdk.services.kms.KmsClient() {
          @Override
          public software.amazon.awssdk.services.kms.model.DecryptResponse decrypt(
              software.amazon.awssdk.services.kms.model.DecryptRequest request) {
            return software.amazon.awssdk.services.kms.model.DecryptResponse.builder()
                .plaintext(software.amazon.awssdk.core.SdkBytes.fromByteArrayUnsafe(returned))
                .build();
          }

          @Override
          public software.amazon.awssdk.services.kms.KmsServiceClientConfiguration
              serviceClientConfiguration() {
            return software.amazon.awssdk.services.kms.KmsServiceClientConfiguration.builder()
                .build();
          }

          @Override
          public String serviceName() {
            return "kms";
          }

          @Override
          public void close() {}
        };
    KeyHashingSecret secret = KeyHashingSecret.fromKmsEncryptedBlob(1, kms,
        io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN, new byte[] {1, 2, 3});
    assertThat(returned).as("the response's plaintext bytes").containsOnly((byte) 0);
    byte[] nines = new byte[32];
    java.util.Arrays.fill(nines, (byte) 9);
    assertThat(secret).isEqualTo(KeyHashingSecret.fromBytes(1, nines));
  }

  @Test
  void keysDerivedPerObject_areZeroedAfterUse_theCallersKeysAreNot() {
    SseCustomerKey single = SseCustomerKey.generate();
    SseCustomerKey master = SseCustomerKey.generate().withKeyId("m1");
    java.util.List<SseCustomerKey> handedOut = new java.util.concurrent.CopyOnWriteArrayList<>();
    SseCustomerKeyProvider derivedFrom = SseCustomerKeyProvider.derivedFrom(master);
    SseCustomerKeyProvider recording = (bucket, key) -> {
      SseCustomerKey k = derivedFrom.keyFor(bucket, key);
      handedOut.add(k);
      return k;
    };
    for (SseCustomerKeyProvider keys : java.util.List.of(
        SseCustomerKeyProvider.single(single), recording)) {
      RecordingHttpClient http = new RecordingHttpClient();
      try (HipaaS3Client s3 = http.passThroughClientBuilder()
          .encryption(EncryptionMode.sseC(keys)).build()) {
        s3.putObject(b -> b.bucket("b").key("k"),
            software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
      } catch (RuntimeException e) {
        // the recording client's answer does not confirm SSE-C; the request was sent
      }
      assertThat(http.requests()).isNotEmpty();
    }
    assertThat(single.isDestroyed()).isFalse();
    assertThat(master.isDestroyed()).isFalse();
    assertThat(handedOut).isNotEmpty().allMatch(SseCustomerKey::isDestroyed);
  }

  /** A read derives every candidate key; those it does not send are zeroed too. */
  @Test
  void keysDerivedForARead_areZeroed_alsoThoseNotSent() {
    SseCustomerKey current = SseCustomerKey.generate().withKeyId("m2");
    SseCustomerKey older = SseCustomerKey.generate().withKeyId("m1");
    SseCustomerKeyProvider rotating =
        SseCustomerKeyProvider.derivedFrom(current, java.util.List.of(older));
    java.util.List<SseCustomerKey> handedOut = new java.util.concurrent.CopyOnWriteArrayList<>();
    SseCustomerKeyProvider recording = new SseCustomerKeyProvider() {
      @Override
      public SseCustomerKey keyFor(String bucket, String key) {
        SseCustomerKey k = rotating.keyFor(bucket, key);
        handedOut.add(k);
        return k;
      }

      @Override
      public java.util.List<SseCustomerKey> readKeysFor(String bucket, String key) {
        java.util.List<SseCustomerKey> keys = rotating.readKeysFor(bucket, key);
        handedOut.addAll(keys);
        return keys;
      }
    };
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.passThroughClientBuilder()
        .encryption(EncryptionMode.sseC(recording)).build()) {
      s3.headObject(b -> b.bucket("b").key("k"));
    } catch (RuntimeException e) {
      // the recording client's answer does not matter here
    }
    assertThat(http.requests()).isNotEmpty();
    assertThat(handedOut).hasSizeGreaterThanOrEqualTo(2).allMatch(SseCustomerKey::isDestroyed);
  }
}
