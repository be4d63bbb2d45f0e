package io.github.hipaas3.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.TestSecrets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Offline: the client's posture check on first use of a bucket, ENFORCE, WARN and cached. */
class ClientPostureCheckTest {
  static final PostureRequirements CLIENT = PostureRequirements.builder()
      .kmsKeyArn(TestSecrets.KMS_KEY_ARN).build();

  private static long policyReads(CannedBucket bucket) {
    return bucket.http.requests().stream()
        .filter(r -> r.rawQueryParameters().containsKey("policy")).count();
  }

  private static void put(HipaaS3Client s3) {
    s3.putObject(b -> b.bucket(CannedBucket.BUCKET).key("k"), RequestBody.fromString("v"));
  }

  @Test
  void enforce_passesACompliantBucket_andAuditsItOncePerCachePeriod() {
    CannedBucket bucket = new CannedBucket(CLIENT);
    try (HipaaS3Client s3 = bucket.http.hipaaClientBuilder()
        .postureCheck(PostureCheck.ENFORCE, Duration.ofMinutes(15)).build()) {
      put(s3);
      put(s3);
      put(s3);
    }
    assertThat(policyReads(bucket)).isEqualTo(1);
    CannedBucket again = new CannedBucket(CLIENT);
    try (HipaaS3Client s3 = again.http.hipaaClientBuilder()
        .postureCheck(PostureCheck.ENFORCE, Duration.ZERO).build()) {
      put(s3);
      put(s3);
    }
    assertThat(policyReads(again)).as("no caching with a zero period").isEqualTo(2);
  }

  @Test
  void anInterruptDuringThePostureAudit_isReportedAsSuch_andNothingIsCached() {
    CannedBucket bucket = new CannedBucket(CLIENT);
    java.util.concurrent.atomic.AtomicBoolean interruptOnce =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    bucket.http.route(r -> {
      if (r.rawQueryParameters().containsKey("policy") && interruptOnce.getAndSet(false)) {
        Thread.currentThread().interrupt(); // the task making the call is cancelled
      }
      return bucket.answer(r);
    });
    try (HipaaS3Client s3 = bucket.http.hipaaClientBuilder()
        .postureCheck(PostureCheck.ENFORCE, Duration.ofMinutes(15)).build()) {
      assertThatThrownBy(() -> put(s3))
          .isInstanceOf(software.amazon.awssdk.core.exception.AbortedException.class)
          .hasMessageContaining("interrupted while checking the bucket's posture");
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
      assertThat(bucket.http.requests()).noneMatch(r -> r.method().name().equals("PUT"));
      // The report the interrupt spoiled was not cached: the next call audits again.
      put(s3);
      assertThat(policyReads(bucket)).isEqualTo(2);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void enforce_refusesAFailingBucket_beforeSendingTheCall() {
    CannedBucket bucket = new CannedBucket(CLIENT)
        .error("lifecycle", 404, "NoSuchLifecycleConfiguration");
    try (HipaaS3Client s3 = bucket.http.hipaaClientBuilder()
        .postureCheck(PostureCheck.ENFORCE, Duration.ofMinutes(15)).build()) {
      assertThatThrownBy(() -> put(s3))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.BUCKET_NOT_PROTECTED))
          .hasMessageContaining("NONCURRENT_VERSION_LIFECYCLE");
      assertThat(bucket.http.requests()).noneMatch(r -> r.method().name().equals("PUT"));
      // A failure is not cached: once the bucket is fixed, the next call goes through.
      bucket.ok("lifecycle", "<LifecycleConfiguration><Rule><ID>nc</ID><Filter><Prefix>"
          + "</Prefix></Filter><Status>Enabled</Status><NoncurrentVersionExpiration>"
          + "<NoncurrentDays>2192</NoncurrentDays></NoncurrentVersionExpiration></Rule>"
          + "</LifecycleConfiguration>");
      put(s3);
    }
  }

  @Test
  void warn_logsTheFailedControls_andGoesOn() {
    CannedBucket bucket = new CannedBucket(CLIENT)
        .error("replication", 404, "ReplicationConfigurationNotFoundError");
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = bucket.http.hipaaClientBuilder()
        .postureCheck(PostureCheck.WARN, Duration.ofMinutes(15)).build()) {
      put(s3);
      put(s3);
      assertThat(logs.lines().stream().filter(l -> l.startsWith("WARN")
          && l.contains("CROSS_REGION_REPLICATION"))).hasSize(1);
    }
    assertThat(bucket.http.requests()).filteredOn(r -> r.method().name().equals("PUT"))
        .hasSize(2);
  }

  @Test
  void off_isTheDefault_andAuditsNothing() {
    CannedBucket bucket = new CannedBucket(CLIENT);
    try (HipaaS3Client s3 = bucket.http.hipaaClientBuilder().build()) {
      put(s3);
    }
    assertThat(policyReads(bucket)).isZero();
  }
}
