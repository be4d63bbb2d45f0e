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
        .build()).isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("destroyed");
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
}
