package io.github.hipaas3.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.posture.PostureCheck;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * Against a server that keeps Object Lock rules (moto): a client without
 * {@code retention(...)} writes with the bucket's default retention rule, a bucket without one
 * is refused, an explicit retention weaker than the rule is refused and a stronger one is
 * sent, and a changed rule is picked up after the cache period.
 */
class BucketDefaultRetentionIT {
  static final String ID = "patients/123-45-6789/discharge.pdf";

  private static HipaaS3Client.Builder client(S3TestServer server) {
    return server.strictClientBuilder(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN));
  }

  private static void assertLocked(HeadObjectResponse head, ObjectLockMode mode,
      Instant from, Instant to) {
    assertThat(head.objectLockMode()).isEqualTo(mode);
    assertThat(head.objectLockRetainUntilDate()).isBetween(from, to);
  }

  @S3ServerTest
  void aGovernanceThirtyDayRule_isWhatEveryWriteGets_withNoClientSetting(S3TestServer server) {
    server.assumeCapability(Capability.OBJECT_LOCK);
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    Instant from;
    Instant to;
    String bucket;
    try (S3Client raw = server.rawClient()) {
      bucket = server.createBucket(raw);
      S3TestServer.setDefaultRule(raw, bucket, ObjectLockRetentionMode.GOVERNANCE, 30);
      try (HipaaS3Client s3 = client(server).audit(events::add).build()) {
        assertThat(s3.policy().retention().client()).isNull();
        from = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("v"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(ID).destinationBucket(bucket)
            .destinationKey(ID + ".copy"));
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp"))
            .uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
            .partNumber(1), RequestBody.fromString("tail")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
            .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        to = Instant.now().plus(30, ChronoUnit.DAYS).plusSeconds(1);
        for (String id : List.of(ID, ID + ".copy", ID + ".mp")) {
          HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(id));
          assertLocked(head, ObjectLockMode.GOVERNANCE, from, to);
          // The read check ran against the same rule and let it through.
          assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(id)).asUtf8String())
              .isNotEmpty();
        }
      }
    }
    // The lock was sent with each write (explicit headers), not left to the server's default.
    assertThat(events).filteredOn(e -> List.of("PutObject", "CopyObject",
        "CreateMultipartUpload").contains(e.operation())).hasSize(3)
        .allSatisfy(e -> assertThat(e.retainUntil()).hasValueSatisfying(
            until -> assertThat(until).isBetween(from, to)));
  }

  @S3ServerTest
  void aBucketWithoutADefaultRule_isRefused_withHowToSetOne(S3TestServer server) {
    server.assumeCapability(Capability.OBJECT_LOCK);
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server).build()) {
      String bucket = server.createBucketWithoutDefaultRule(raw);
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID),
          RequestBody.fromString("v")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.BUCKET_NOT_PROTECTED))
          .hasMessageContainingAll("no Object Lock default retention rule",
              "BucketProvisioner", "retention(ObjectRetention.of(")
          .hasMessageNotContaining("123-45-6789");
      assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
  }

  @S3ServerTest
  void anExplicitRetentionWeakerThanTheRule_isRefused_andAStrongerOneIsSent(
      S3TestServer server) {
    server.assumeCapability(Capability.OBJECT_LOCK);
    try (S3Client raw = server.rawClient();
        HipaaS3Client weaker = client(server).retention(ObjectRetention.of(
            ObjectLockMode.GOVERNANCE, Period.ofDays(2))).build();
        HipaaS3Client stronger = client(server).retention(ObjectRetention.of(
            ObjectLockMode.COMPLIANCE, Period.ofDays(31))).build()) {
      String bucket = server.createBucket(raw);
      S3TestServer.setDefaultRule(raw, bucket, ObjectLockRetentionMode.GOVERNANCE, 30);
      assertThatThrownBy(() -> weaker.putObject(b -> b.bucket(bucket).key(ID),
          RequestBody.fromString("v")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.RETENTION_REFUSED))
          .hasMessageContaining("weaker than the bucket's default retention rule");
      assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();

      Instant from = Instant.now().plus(31, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      stronger.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("v"));
      Instant to = Instant.now().plus(31, ChronoUnit.DAYS).plusSeconds(1);
      assertLocked(stronger.headObject(b -> b.bucket(bucket).key(ID)),
          ObjectLockMode.COMPLIANCE, from, to);
    }
  }

  @S3ServerTest
  void aChangedRule_isPickedUpAfterTheCachePeriod(S3TestServer server) throws Exception {
    server.assumeCapability(Capability.OBJECT_LOCK);
    Duration cachePeriod = Duration.ofSeconds(5);
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = client(server).postureCheck(PostureCheck.OFF, cachePeriod)
            .build()) {
      String bucket = server.createBucket(raw);
      S3TestServer.setDefaultRule(raw, bucket, ObjectLockRetentionMode.GOVERNANCE, 30);
      Instant read = Instant.now();
      // The first use reads the rule: a head of an object that is not there yet (moto lets
      // the rule change only while the bucket is empty).
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(ID)))
          .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
      S3TestServer.setDefaultRule(raw, bucket, ObjectLockRetentionMode.GOVERNANCE, 40);
      s3.putObject(b -> b.bucket(bucket).key(ID + ".2"), RequestBody.fromString("v"));
      if (Duration.between(read, Instant.now()).compareTo(cachePeriod) < 0) {
        // Within the cache period the rule read on first use still applies.
        assertThat(s3.headObject(b -> b.bucket(bucket).key(ID + ".2"))
            .objectLockRetainUntilDate()).isBefore(Instant.now().plus(31, ChronoUnit.DAYS));
      }
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), read.plus(cachePeriod))
          .toMillis()) + 200);
      Instant from = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      s3.putObject(b -> b.bucket(bucket).key(ID + ".3"), RequestBody.fromString("v"));
      Instant to = Instant.now().plus(40, ChronoUnit.DAYS).plusSeconds(1);
      assertLocked(s3.headObject(b -> b.bucket(bucket).key(ID + ".3")),
          ObjectLockMode.GOVERNANCE, from, to);
    }
  }
}
