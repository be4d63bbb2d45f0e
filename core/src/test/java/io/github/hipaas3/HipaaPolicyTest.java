package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaPolicy.Insecure;
import io.github.hipaas3.audit.QueueFullPolicy;
import io.github.hipaas3.posture.PostureCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

class HipaaPolicyTest {

  private static HipaaPolicy sample() {
    return HipaaPolicy.builder()
        .transport(new HipaaPolicy.Transport(Region.US_EAST_1,
            URI.create("https://s3.example.com:8443/tenant-123-45-6789"), true, false))
        .names(new HipaaPolicy.Names(KeyMode.HASHED, "tenant-a", List.of(2, 1), false,
            PhiDetectors.defaults()))
        .encryption(new HipaaPolicy.Encryption(EncryptionMode.Kind.SSE_KMS,
            "arn:aws:kms:us-east-1:111122223333:key/k", 512L << 20, 64L << 20,
            Path.of("/data/patients/123-45-6789")))
        .retention(HipaaPolicy.Retention.client(ObjectRetention.defaults()))
        .integrity(new HipaaPolicy.Integrity(ChecksumAlgorithm.CRC32_C))
        .audit(new HipaaPolicy.Audit(10_000, QueueFullPolicy.FAIL, null, false))
        .posture(new HipaaPolicy.Posture(PostureCheck.WARN, Duration.ofMinutes(5)))
        .insecure(Insecure.ALLOW_PERMANENT_VERSION_DELETION, true)
        .insecure(Insecure.ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS, true)
        .insecure(Insecure.RELEASE_UNAUTHENTICATED_PLAINTEXT, true)
        .build();
  }

  @Test
  void equalsAndHashCode_followTheContract() {
    for (Class<?> type : List.of(HipaaPolicy.class, HipaaPolicy.Names.class,
        HipaaPolicy.Encryption.class, HipaaPolicy.Audit.class)) {
      EqualsVerifier.forClass(type)
          .withPrefabValues(Region.class, Region.US_EAST_1, Region.EU_WEST_1)
          .withPrefabValues(PhiDetectors.class, PhiDetectors.defaults(), PhiDetectors.builtIn(9))
          .withPrefabValues(ObjectRetention.class, ObjectRetention.defaults(), ObjectRetention.of(
              software.amazon.awssdk.services.s3.model.ObjectLockMode.GOVERNANCE,
              java.time.Period.ofYears(7)))
          .withPrefabValues(HipaaPolicy.Retention.class, HipaaPolicy.Retention.bucketDefault(),
              HipaaPolicy.Retention.client(ObjectRetention.defaults()))
          .withPrefabValues(KmsDataKeyCache.class, KmsDataKeyCache.defaults(),
              new KmsDataKeyCache(Duration.ofMinutes(1), 10, 1024, 2))
          // The records refuse null components in their constructors.
          .suppress(nl.jqno.equalsverifier.Warning.NULL_FIELDS)
          .verify();
    }
  }

  @Test
  void toString_showsSettingsOnly_andOfTheEndpointOnlySchemeHostAndPort() {
    assertThat(sample().toString())
        .contains("https://s3.example.com:8443")
        .contains("keyMode=HASHED").contains("keyHashingVersions=[2, 1]")
        .contains("acceptStoredKeyForm=false")
        .contains("kind=SSE_KMS")
        .contains("ALLOW_PERMANENT_VERSION_DELETION")
        .contains("ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS")
        .contains("checksumAlgorithm=CRC32C").contains("queueFullPolicy=FAIL")
        .contains("check=WARN")
        .contains("RELEASE_UNAUTHENTICATED_PLAINTEXT")
        .contains("mode=COMPLIANCE, minimumPeriod=P6Y")
        .doesNotContain("123-45-6789");
  }

  @Test
  void toBuilder_roundTrips_andTheInsecureSetIsACopy() {
    HipaaPolicy policy = sample();
    assertThat(policy.toBuilder().build()).isEqualTo(policy);
    HipaaPolicy safer = policy.toBuilder()
        .insecure(Insecure.ALLOW_PERMANENT_VERSION_DELETION, false).build();
    assertThat(safer.allows(Insecure.ALLOW_PERMANENT_VERSION_DELETION)).isFalse();
    assertThat(policy.allows(Insecure.ALLOW_PERMANENT_VERSION_DELETION)).isTrue();
    assertThat(safer).isNotEqualTo(policy);
    Set<Insecure> given = EnumSet.of(Insecure.DISABLE_AUDIT);
    HipaaPolicy withSet = new HipaaPolicy(policy.transport(), policy.names(),
        policy.encryption(), policy.retention(), policy.integrity(), policy.audit(),
        policy.posture(), given);
    given.add(Insecure.SKIP_BUCKET_PROTECTION_CHECK);
    assertThat(withSet.insecure()).containsExactly(Insecure.DISABLE_AUDIT);
    assertThatThrownBy(() -> withSet.insecure().add(Insecure.ALLOW_READING_UNENCRYPTED_OBJECTS))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** What a built client reports is what its builder was given. */
  @Test
  void aClientsPolicy_isWhatItWasBuiltWith() {
    try (HipaaS3Client s3 = HipaaS3Client.builder().region(Region.EU_WEST_1)
        .encryption(EncryptionMode.sseKms(io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN))
        .keyMode(KeyMode.PASS_THROUGH).insecureAllowReadingWithoutChecksums(true)
        .checksumAlgorithm(ChecksumAlgorithm.SHA256).auditQueueCapacity(77)
        .multipartThreshold(32L << 20).build()) {
      HipaaPolicy p = s3.policy();
      assertThat(p.transport().region()).isEqualTo(Region.EU_WEST_1);
      assertThat(p.names().keyMode()).isEqualTo(KeyMode.PASS_THROUGH);
      assertThat(p.encryption().kind()).isEqualTo(EncryptionMode.Kind.SSE_KMS);
      assertThat(p.encryption().kmsKeyArn())
          .isEqualTo(io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN);
      assertThat(p.encryption().multipartThreshold()).isEqualTo(32L << 20);
      assertThat(p.integrity().checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
      assertThat(p.audit().queueCapacity()).isEqualTo(77);
      assertThat(p.insecure()).containsExactly(Insecure.ALLOW_READING_WITHOUT_CHECKSUMS);
      assertThat(p.retention()).as("no retention(...): each bucket's default rule")
          .isEqualTo(HipaaPolicy.Retention.bucketDefault());
      assertThat(p.retention().client()).isNull();
    }
  }

  /** A client's own retention is in its policy, with its source. */
  @Test
  void aClientsRetention_isInItsPolicy_withItsSource() {
    ObjectRetention governance = ObjectRetention.of(
        software.amazon.awssdk.services.s3.model.ObjectLockMode.GOVERNANCE,
        java.time.Period.ofDays(30));
    try (HipaaS3Client s3 = HipaaS3Client.builder().region(Region.EU_WEST_1)
        .encryption(EncryptionMode.sseKms(io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN))
        .keyMode(KeyMode.PASS_THROUGH).retention(governance).build()) {
      assertThat(s3.policy().retention().source())
          .isEqualTo(HipaaPolicy.Retention.Source.CLIENT);
      assertThat(s3.policy().retention().client()).isEqualTo(governance);
      assertThat(s3.policy().toString()).contains("Retention[CLIENT, ObjectRetention{mode="
          + "GOVERNANCE, minimumPeriod=P30D");
    }
    assertThatThrownBy(() -> new HipaaPolicy.Retention(HipaaPolicy.Retention.Source.CLIENT,
        null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HipaaPolicy.Retention(
        HipaaPolicy.Retention.Source.BUCKET_DEFAULT, governance))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
