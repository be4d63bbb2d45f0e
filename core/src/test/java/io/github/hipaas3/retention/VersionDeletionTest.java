package io.github.hipaas3.retention;

import io.github.hipaas3.HipaaPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/** Offline: version deletion and governance bypass are refused unless opted in. */
class VersionDeletionTest {

  private static void refused(Runnable call, ViolationCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(code))
        .hasMessageContaining("insecureAllow");
  }

  @Test
  void versionDeletesAndGovernanceBypass_areRefusedBeforeSending() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      refused(() -> s3.deleteObject(b -> b.bucket("b").key("k").versionId("v1")),
          ViolationCode.VERSION_DELETE_REFUSED);
      refused(() -> s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(
          ObjectIdentifier.builder().key("a").build(),
          ObjectIdentifier.builder().key("k").versionId("v1").build()))),
          ViolationCode.VERSION_DELETE_REFUSED);
      refused(() -> s3.deleteObject(b -> b.bucket("b").key("k").bypassGovernanceRetention(true)),
          ViolationCode.RETENTION_REFUSED);
      refused(() -> s3.putObjectRetention(b -> b.bucket("b").key("k")
          .bypassGovernanceRetention(true).retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE)
              .retainUntilDate(Instant.parse("2030-01-01T00:00:00Z")))),
          ViolationCode.RETENTION_REFUSED);
      assertThat(http.requests()).isEmpty();

      // A plain delete only adds a delete marker, and goes through.
      s3.deleteObject(b -> b.bucket("b").key("k"));
      s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(
          ObjectIdentifier.builder().key("a").build())));
      assertThat(http.requests()).hasSize(2);
    }
  }

  @Test
  void optIns_allowThemAndWarn() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (LogCapture logs = new LogCapture();
        HipaaS3Client s3 = http.hipaaClientBuilder()
            .insecureAllowPermanentVersionDeletion(true)
            .insecureAllowBypassGovernanceRetention(true).build()) {
      s3.deleteObject(b -> b.bucket("b").key("k").versionId("v1")
          .bypassGovernanceRetention(true));
      assertThat(http.requests()).hasSize(1);
      assertThat(s3.policy().allows(HipaaPolicy.Insecure.ALLOW_PERMANENT_VERSION_DELETION))
          .isTrue();
      assertThat(s3.policy().allows(HipaaPolicy.Insecure.ALLOW_BYPASS_GOVERNANCE_RETENTION))
          .isTrue();
      List<String> lines = logs.lines();
      assertThat(lines).anyMatch(l -> l.contains("insecureAllowPermanentVersionDeletion"));
      assertThat(lines).anyMatch(l -> l.contains("insecureAllowBypassGovernanceRetention"));
    }
  }
}
