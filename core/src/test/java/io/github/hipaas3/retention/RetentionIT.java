package io.github.hipaas3.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * Against the test servers: Object Lock retention and checksums on every write path, the
 * read-side checks, the first-use bucket check, and retention that may only lengthen.
 */
class RetentionIT {
  static final String ID = "patients/123-45-6789/discharge.pdf";
  /** A short GOVERNANCE retention, so the test servers' objects are not locked for years. */
  static final ObjectRetention TWO_DAYS = ObjectRetention.of(ObjectLockMode.GOVERNANCE,
      Period.ofDays(2));

  private static void assertLocked(HeadObjectResponse head, ObjectLockMode mode,
      Instant notBefore, Instant notAfter) {
    assertThat(head.objectLockMode()).isEqualTo(mode);
    assertThat(head.objectLockRetainUntilDate()).isBetween(notBefore, notAfter);
  }

  @S3ServerTest
  void everyWritePath_storesTheLockAndAChecksum(S3TestServer server) {
    server.assumeCapability(Capability.OBJECT_LOCK);
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.strictClientBuilder(EncryptionMode.sseKms(
            TestSecrets.KMS_KEY_ARN)).retention(TWO_DAYS).build()) {
      String bucket = server.createBucket(raw);
      Instant from = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      String version = s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("v"))
          .versionId();
      assertThat(version).as("puts return version IDs").isNotBlank();
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(ID).destinationBucket(bucket)
          .destinationKey(ID + ".copy"));
      String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp"))
          .uploadId();
      byte[] five = new byte[5 * 1024 * 1024];
      String e1 = s3.uploadPart(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
          .partNumber(1), RequestBody.fromBytes(five)).eTag();
      String e2 = s3.uploadPart(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
          .partNumber(2), RequestBody.fromString("tail")).eTag();
      // Plain S3Client code lists ETags only; hipaa-s3 adds the part checksums.
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
              CompletedPart.builder().partNumber(2).eTag(e2).build())));
      Instant to = Instant.now().plus(2, ChronoUnit.DAYS).plusSeconds(1);
      for (String id : List.of(ID, ID + ".copy", ID + ".mp")) {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(id));
        assertLocked(head, ObjectLockMode.GOVERNANCE, from, to);
        assertThat(head.checksumCRC32C()).as(id).isNotBlank();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(id)).asByteArray())
            .isNotEmpty();
      }
      assertThat(s3.headObject(b -> b.bucket(bucket).key(ID + ".mp")).checksumType())
          .isEqualTo(ChecksumType.FULL_OBJECT);

      // A caller may lengthen and strengthen on one call.
      Instant later = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      s3.putObject(b -> b.bucket(bucket).key(ID + ".long").objectLockMode(
          ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(later),
          RequestBody.fromString("v"));
      assertLocked(s3.headObject(b -> b.bucket(bucket).key(ID + ".long")),
          ObjectLockMode.COMPLIANCE, later, later);

      // The server enforces the lock: the locked version cannot be deleted, even by a client
      // opted in to version deletion. (moto answers with an empty body, which the SDK reports
      // as a parse error, so the check is on the outcome: the version is still there.)
      try (HipaaS3Client deleter = server.strictClientBuilder(EncryptionMode.sseKms(
          TestSecrets.KMS_KEY_ARN)).insecureAllowPermanentVersionDeletion(true).build()) {
        assertThatThrownBy(() -> deleter.deleteObject(b -> b.bucket(bucket).key(ID)
            .versionId(version))).isInstanceOf(SdkException.class);
      }
      assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID)).versionId(version))
          .versionId()).isEqualTo(version);
    }
  }

  @S3ServerTest
  void putObjectRetention_onlyLengthens(S3TestServer server) {
    server.assumeCapability(Capability.OBJECT_LOCK);
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.strictClientBuilder(EncryptionMode.sseKms(
            TestSecrets.KMS_KEY_ARN)).retention(TWO_DAYS).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("v"));
      Instant current = s3.headObject(b -> b.bucket(bucket).key(ID)).objectLockRetainUntilDate();
      assertThatThrownBy(() -> s3.putObjectRetention(b -> b.bucket(bucket).key(ID)
          .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE)
              .retainUntilDate(current.minusSeconds(3600)))))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.RETENTION_REFUSED));
      Instant later = current.plus(3, ChronoUnit.DAYS);
      s3.putObjectRetention(b -> b.bucket(bucket).key(ID).retention(r -> r
          .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(later)));
      assertThat(s3.headObject(b -> b.bucket(bucket).key(ID)).objectLockRetainUntilDate())
          .isEqualTo(later);
    }
  }

  @S3ServerTest
  void aBucketWithoutObjectLock_isRefusedWithTheClearError(S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.strictClientBuilder(EncryptionMode.clientSideAes(
            TestSecrets.aesKey())).build()) {
      String bucket = "it-plain-" + server.createBucket(raw).substring(3);
      raw.createBucket(b -> b.bucket(bucket));
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID),
          RequestBody.fromString("v")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.BUCKET_NOT_PROTECTED))
          .hasMessageContaining("does not have Object Lock enabled")
          .hasMessageNotContaining("123-45-6789");
      assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
  }

  @S3ServerTest
  void objectsWithoutTheLock_areRefusedOnRead(S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.strictClientBuilder(EncryptionMode.clientSideAes(
            TestSecrets.aesKey())).retention(TWO_DAYS)
            // S3Mock reports versioning off; the read check is what this test is about.
            .insecureSkipBucketProtectionCheck(!server.has(Capability.OBJECT_LOCK)).build();
        HipaaS3Client warnOnly = server.strictClientBuilder(EncryptionMode.clientSideAes(
            TestSecrets.aesKey())).insecureSkipBucketProtectionCheck(true)
            .insecureAllowReadingUnretainedObjects(true).build()) {
      // No default rule, so that a copy made without hipaa-s3 is not locked by the server.
      String bucket = server.createBucketWithoutDefaultRule(raw);
      String id = ID + ".unlocked";
      if (server.has(Capability.OBJECT_LOCK)) {
        // A copy made without hipaa-s3, onto the object's own key (it is bound to that key):
        // the same ciphertext and envelope, but no lock.
        s3.putObject(b -> b.bucket(bucket).key(id), RequestBody.fromString("v"));
        java.util.Map<String, String> envelope =
            raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(id))).metadata();
        raw.copyObject(b -> b.sourceBucket(bucket).sourceKey(s3.objectKey(id))
            .destinationBucket(bucket).destinationKey(s3.objectKey(id))
            .metadataDirective(software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE)
            .metadata(envelope));
        Assumptions.assumeTrue(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(id)))
            .objectLockMode() == null, "the server locked the copy by default");
      } else {
        // S3Mock drops the lock headers hipaa-s3 sends: the read check must notice.
        s3.putObject(b -> b.bucket(bucket).key(id), RequestBody.fromString("v"));
      }
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(id)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.RETENTION_NOT_CONFIRMED));
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(id)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.RETENTION_NOT_CONFIRMED));
      assertThat(warnOnly.getObjectAsBytes(b -> b.bucket(bucket).key(id)).asUtf8String())
          .isEqualTo("v");
    }
  }

  @S3ServerTest
  void aGetOfDataAlteredAtRest_failsTheChecksum(S3TestServer server) throws Exception {
    Assumptions.assumeTrue(server.storageRoot().isPresent(),
        () -> server.kind().id() + " does not keep objects on disk where the test can alter them");
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(EncryptionMode.insecureSseS3Only())
            .build()) {
      String bucket = server.createBucket(raw);
      String body = "potassium 4.1 mmol/L, sodium 139 mmol/L";
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString(body));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asUtf8String())
          .isEqualTo(body);
      // Alter the stored bytes behind the server's back (same length, one digit changed).
      java.nio.file.Path stored;
      try (java.util.stream.Stream<java.nio.file.Path> files =
          java.nio.file.Files.walk(server.storageRoot().get())) {
        stored = files.filter(java.nio.file.Files::isRegularFile).filter(f -> {
          try {
            return new String(java.nio.file.Files.readAllBytes(f),
                java.nio.charset.StandardCharsets.UTF_8).equals(body);
          } catch (java.io.IOException e) {
            return false;
          }
        }).findFirst().orElseThrow();
      }
      java.nio.file.Files.writeString(stored, body.replace("4.1", "9.1"));
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
          .hasMessageContaining("checksum");
    }
  }
}
