package io.github.hipaas3.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * Offline, at the header level: every write path carries the Object Lock retention and a
 * checksum, reads are checked for both, the first use of a bucket checks its Object Lock and
 * versioning, and retention changes may only lengthen.
 */
class RetentionAndIntegrityTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00.250Z");
  static final ObjectRetention FIXED = ObjectRetention.defaults()
      .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  /** NOW plus six years, rounded up to the second, as S3's header prints it. */
  static final String SIX_YEARS = "2032-11-28T12:00:01Z";

  private static HipaaS3Client client(RecordingHttpClient http) {
    return http.hipaaClientBuilder().retention(FIXED).build();
  }

  private static String header(SdkHttpRequest r, String name) {
    return r.firstMatchingHeader(name).orElse(null);
  }

  private static void refused(Runnable call, ViolationCode code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
        e -> assertThat(e.violationCode()).isEqualTo(code));
  }

  @Test
  void everyWritePath_carriesTheRetention() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = client(http)) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      s3.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
          .destinationKey("c"));
      s3.createMultipartUpload(b -> b.bucket("b").key("m"));
      assertThat(http.requests()).hasSize(3).allSatisfy(r -> {
        assertThat(header(r, "x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
        assertThat(header(r, "x-amz-object-lock-retain-until-date")).isEqualTo(SIX_YEARS);
        assertThat(header(r, "x-amz-object-lock-legal-hold")).isNull();
      });
    }
    // A bucket whose default rule is GOVERNANCE, so a GOVERNANCE client is not weaker.
    RecordingHttpClient held = governanceBucket();
    try (HipaaS3Client s3 = held.hipaaClientBuilder().retention(ObjectRetention.of(
        ObjectLockMode.GOVERNANCE, Period.ofYears(7)).withLegalHold(true)).build()) {
      Instant before = Instant.now();
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest r = held.last().orElseThrow();
      assertThat(header(r, "x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
      assertThat(header(r, "x-amz-object-lock-legal-hold")).isEqualTo("ON");
      assertThat(Instant.parse(header(r, "x-amz-object-lock-retain-until-date")))
          .isAfterOrEqualTo(before.atOffset(ZoneOffset.UTC).plusYears(7).toInstant()
              .minusSeconds(1));
    }
  }

  /** A fake whose buckets have the default rule GOVERNANCE for 30 days. */
  static RecordingHttpClient governanceBucket() {
    return new RecordingHttpClient().route(r -> r.rawQueryParameters()
        .containsKey("object-lock") ? RecordingHttpClient.lockWithDefaultDays("GOVERNANCE", 30)
        : null);
  }

  @Test
  void callers_mayLengthenOrStrengthen_butNotWeaken() {
    RecordingHttpClient http = governanceBucket();
    Instant later = Instant.parse("2040-01-01T00:00:00Z");
    try (HipaaS3Client s3 = client(http);
        HipaaS3Client governance = http.hipaaClientBuilder().retention(ObjectRetention.of(
            ObjectLockMode.GOVERNANCE, Period.ofYears(6)).withClock(
                Clock.fixed(NOW, ZoneOffset.UTC))).build();
        HipaaS3Client holding = http.hipaaClientBuilder()
            .retention(FIXED.withLegalHold(true)).build()) {
      s3.putObject(b -> b.bucket("b").key("k").objectLockRetainUntilDate(later),
          RequestBody.fromString("v"));
      assertThat(header(http.last().orElseThrow(), "x-amz-object-lock-retain-until-date"))
          .isEqualTo("2040-01-01T00:00:00Z");
      governance.putObject(b -> b.bucket("b").key("k").objectLockMode(ObjectLockMode.COMPLIANCE),
          RequestBody.fromString("v"));
      assertThat(header(http.last().orElseThrow(), "x-amz-object-lock-mode"))
          .isEqualTo("COMPLIANCE");
      int sent = http.requests().size();

      refused(() -> s3.putObject(b -> b.bucket("b").key("k")
          .objectLockRetainUntilDate(NOW.plusSeconds(86_400)), RequestBody.fromString("v")),
          ViolationCode.RETENTION_REFUSED);
      refused(() -> s3.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
          .destinationKey("c").objectLockMode(ObjectLockMode.GOVERNANCE)),
          ViolationCode.RETENTION_REFUSED);
      refused(() -> s3.createMultipartUpload(b -> b.bucket("b").key("m")
          .objectLockRetainUntilDate(Instant.parse("2030-01-01T00:00:00Z"))),
          ViolationCode.RETENTION_REFUSED);
      refused(() -> holding.putObject(b -> b.bucket("b").key("k")
          .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.OFF),
          RequestBody.fromString("v")), ViolationCode.RETENTION_REFUSED);
      refused(() -> holding.putObjectLegalHold(b -> b.bucket("b").key("k")
          .legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF))),
          ViolationCode.RETENTION_REFUSED);
      assertThat(http.requests()).as("nothing sent for a refused call").hasSize(sent);
    }
  }

  @Test
  void putObjectRetention_mayOnlyLengthen() {
    // The stored object is locked in COMPLIANCE mode until 2100 (RecordingHttpClient default).
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = client(http)) {
      refused(() -> s3.putObjectRetention(b -> b.bucket("b").key("k").retention(r -> r
          .mode(ObjectLockRetentionMode.COMPLIANCE)
          .retainUntilDate(Instant.parse("2099-01-01T00:00:00Z")))),
          ViolationCode.RETENTION_REFUSED);
      refused(() -> s3.putObjectRetention(b -> b.bucket("b").key("k")
          .retention(r -> r.mode((String) null).retainUntilDate(null))),
          ViolationCode.RETENTION_REFUSED);
      refused(() -> s3.putObjectRetention(b -> b.bucket("b").key("k").retention(r -> r
          .mode(ObjectLockRetentionMode.GOVERNANCE)
          .retainUntilDate(Instant.parse("2101-01-01T00:00:00Z")))),
          ViolationCode.RETENTION_REFUSED);
      assertThat(http.requests()).as("only the HEADs that read the current retention")
          .allMatch(r -> r.method().name().equals("HEAD"));
      s3.putObjectRetention(b -> b.bucket("b").key("k").retention(r -> r
          .mode(ObjectLockRetentionMode.COMPLIANCE)
          .retainUntilDate(Instant.parse("2101-01-01T00:00:00Z"))));
      assertThat(http.last().orElseThrow().rawQueryParameters()).containsKey("retention");
    }
    // A GOVERNANCE client (on a GOVERNANCE bucket) cannot turn a COMPLIANCE lock into
    // GOVERNANCE either.
    try (HipaaS3Client governance = governanceBucket().hipaaClientBuilder()
        .retention(ObjectRetention.of(ObjectLockMode.GOVERNANCE, Period.ofYears(6))).build()) {
      assertThatThrownBy(() -> governance.putObjectRetention(b -> b.bucket("b").key("k")
          .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE)
              .retainUntilDate(Instant.parse("2101-01-01T00:00:00Z")))))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.RETENTION_REFUSED))
          .hasMessageContaining("locked in COMPLIANCE mode");
    }
    // An object without retention may get one of at least the policy's minimum.
    RecordingHttpClient unlocked = new RecordingHttpClient().storedRetention(Map.of());
    try (HipaaS3Client s3 = client(unlocked)) {
      refused(() -> s3.putObjectRetention(b -> b.bucket("b").key("k").retention(r -> r
          .mode(ObjectLockRetentionMode.COMPLIANCE)
          .retainUntilDate(Instant.parse("2030-01-01T00:00:00Z")))),
          ViolationCode.RETENTION_REFUSED);
      s3.putObjectRetention(b -> b.bucket("b").key("k").retention(r -> r
          .mode(ObjectLockRetentionMode.COMPLIANCE)
          .retainUntilDate(Instant.parse("2033-01-01T00:00:00Z"))));
    }
  }

  private static void readRefused(Map<String, String> stored, ViolationCode code) {
    RecordingHttpClient http = new RecordingHttpClient().storedRetention(stored);
    try (HipaaS3Client s3 = client(http)) {
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class,
              e -> assertThat(e.violationCode()).isEqualTo(code))
          .hasMessageContaining("insecureAllowReadingUnretainedObjects");
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class,
              e -> assertThat(e.violationCode()).isEqualTo(code));
    }
  }

  private static Map<String, String> lock(String mode, String until, String modified) {
    Map<String, String> m = new HashMap<>();
    if (mode != null) {
      m.put("x-amz-object-lock-mode", mode);
    }
    if (until != null) {
      m.put("x-amz-object-lock-retain-until-date", until);
    }
    m.put("Last-Modified", modified);
    return m;
  }

  @Test
  void reads_mustShowTheRetention() {
    String written = "Sat, 28 Nov 2026 12:00:00 GMT";
    readRefused(lock(null, null, written), ViolationCode.RETENTION_NOT_CONFIRMED);
    readRefused(lock("GOVERNANCE", "2100-01-01T00:00:00Z", written),
        ViolationCode.RETENTION_NOT_CONFIRMED);
    readRefused(lock("COMPLIANCE", "2031-11-28T12:00:00Z", written),
        ViolationCode.RETENTION_NOT_CONFIRMED);
    // Six years less a few hours (clock skew, a long multipart upload) still passes.
    RecordingHttpClient skewed = new RecordingHttpClient().storedRetention(
        lock("COMPLIANCE", "2032-11-28T06:00:00Z", written));
    try (HipaaS3Client s3 = client(skewed)) {
      assertThat(s3.headObject(b -> b.bucket("b").key("k")).objectLockMode())
          .isEqualTo(ObjectLockMode.COMPLIANCE);
    }
    // A legal hold alone keeps the record, so it passes.
    RecordingHttpClient held = new RecordingHttpClient().storedRetention(Map.of(
        "x-amz-object-lock-legal-hold", "ON", "Last-Modified", written));
    try (HipaaS3Client s3 = client(held)) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("b").key("k")).asByteArray()).isNotEmpty();
    }
  }

  @Test
  void warnOnlyMode_readsAndLogs() {
    RecordingHttpClient http = new RecordingHttpClient().storedRetention(Map.of());
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = http.hipaaClientBuilder()
        .insecureAllowReadingUnretainedObjects(true).build()) {
      s3.getObjectAsBytes(b -> b.bucket("b").key("k"));
      assertThat(logs.lines()).anyMatch(l -> l.contains("WARN")
          && l.contains("not retained as the client requires"));
    }
  }

  @Test
  void everyUpload_carriesAChecksum_andCompletesWithThePartChecksums() {
    Map<String, String> kms = RecordingHttpClient.kmsEncryption(
        io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN);
    RecordingHttpClient http = new RecordingHttpClient().route(r -> {
      Map<String, String> headers = new HashMap<>(kms);
      if (r.rawQueryParameters().containsKey("uploads")) {
        headers.putAll(Map.of("x-amz-checksum-algorithm", "CRC32C",
            "x-amz-checksum-type", "FULL_OBJECT"));
        return new Canned(200, headers, "<InitiateMultipartUploadResult><UploadId>up1"
            + "</UploadId></InitiateMultipartUploadResult>");
      }
      if (r.rawQueryParameters().containsKey("partNumber")) {
        headers.putAll(Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592\"",
            "x-amz-checksum-crc32c", "mnG7TA=="));
        return new Canned(200, headers, "");
      }
      return null;
    });
    try (HipaaS3Client s3 = client(http)) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("hello"));
      SdkHttpRequest put = http.last().orElseThrow();
      assertThat(header(put, "x-amz-sdk-checksum-algorithm")).isEqualTo("CRC32C");
      assertThat(checksumSent(put, http.bodies().get(http.bodies().size() - 1)))
          .isEqualTo("mnG7TA==");

      String upload = s3.createMultipartUpload(b -> b.bucket("b").key("m")).uploadId();
      SdkHttpRequest create = http.last().orElseThrow();
      assertThat(header(create, "x-amz-checksum-algorithm")).isEqualTo("CRC32C");
      assertThat(header(create, "x-amz-checksum-type")).isEqualTo("FULL_OBJECT");
      String etag = s3.uploadPart(b -> b.bucket("b").key("m").uploadId(upload).partNumber(1),
          RequestBody.fromString("hello")).eTag();
      SdkHttpRequest part = http.last().orElseThrow();
      assertThat(header(part, "x-amz-sdk-checksum-algorithm")).isEqualTo("CRC32C");
      // The caller's complete lists ETags only, as plain S3Client code does.
      s3.completeMultipartUpload(b -> b.bucket("b").key("m").uploadId(upload)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag)
              .build())));
      assertThat(http.bodies().get(http.bodies().size() - 1))
          .contains("<ChecksumCRC32C>mnG7TA==</ChecksumCRC32C>");

      s3.getObjectAsBytes(b -> b.bucket("b").key("k"));
      assertThat(header(http.last().orElseThrow(), "x-amz-checksum-mode")).isEqualTo("ENABLED");
    }
    RecordingHttpClient sha = new RecordingHttpClient();
    try (HipaaS3Client s3 = sha.hipaaClientBuilder()
        .checksumAlgorithm(ChecksumAlgorithm.SHA256).build()) {
      s3.createMultipartUpload(b -> b.bucket("b").key("m"));
      assertThat(header(sha.last().orElseThrow(), "x-amz-checksum-algorithm"))
          .isEqualTo("SHA256");
      assertThat(header(sha.last().orElseThrow(), "x-amz-checksum-type"))
          .as("SHA-256 has no full-object multipart form").isNull();
    }
  }

  /** The checksum of a put, from its header or from the aws-chunked trailer of its body. */
  private static String checksumSent(SdkHttpRequest put, String body) {
    String header = header(put, "x-amz-checksum-crc32c");
    if (header != null) {
      return header;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("x-amz-checksum-crc32c:([A-Za-z0-9+/=]+)").matcher(body);
    return m.find() ? m.group(1) : null;
  }

  private static RecordingHttpClient answeringGets(Map<String, String> checksumHeaders) {
    return new RecordingHttpClient().route(r -> {
      if (!r.method().name().equals("GET") || RecordingHttpClient.isBucketCheck(r)) {
        return null;
      }
      Map<String, String> headers = new HashMap<>(checksumHeaders);
      headers.putAll(RecordingHttpClient.kmsEncryption(
          io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN));
      headers.put("x-amz-object-lock-mode", "COMPLIANCE");
      headers.put("x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z");
      return new Canned(200, headers, "hello");
    });
  }

  @Test
  void gets_failOnAMissingOrWrongChecksum() {
    try (HipaaS3Client s3 = client(answeringGets(Map.of()))) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.CHECKSUM_MISSING))
          .hasMessageContaining("insecureAllowReadingWithoutChecksums");
    }
    try (HipaaS3Client s3 = client(answeringGets(Map.of(
        "x-amz-checksum-crc32c", "AAAAAA==-2", "x-amz-checksum-type", "COMPOSITE")))) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.CHECKSUM_MISSING));
    }
    try (HipaaS3Client s3 = client(answeringGets(Map.of("x-amz-checksum-crc32c", "AAAAAA==")))) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOf(SdkClientException.class)
          .hasMessageContaining("checksum");
    }
    try (HipaaS3Client s3 = client(answeringGets(Map.of("x-amz-checksum-crc32c", "mnG7TA==")))) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("b").key("k")).asUtf8String())
          .isEqualTo("hello");
    }
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = answeringGets(Map.of())
        .hipaaClientBuilder().insecureAllowReadingWithoutChecksums(true).build()) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("b").key("k")).asUtf8String())
          .isEqualTo("hello");
      assertThat(logs.lines()).anyMatch(l -> l.contains("without a full-object checksum"));
    }
    // A ranged get carries no checksum and is not refused for it.
    try (HipaaS3Client s3 = client(answeringGets(Map.of()))) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("b").key("k").range("bytes=0-4"))
          .asUtf8String()).isEqualTo("hello");
    }
  }

  @Test
  void checksumAlgorithms_areLimitedToTheReviewedOnes() {
    RecordingHttpClient http = new RecordingHttpClient();
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .checksumAlgorithm(ChecksumAlgorithm.SHA1).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("CRC32_C");
    // aws-crt is on the test class path (through S3Mock's dependencies), so CRC64NVME works.
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .checksumAlgorithm(ChecksumAlgorithm.CRC64_NVME).build()) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("hello"));
      assertThat(header(http.last().orElseThrow(), "x-amz-sdk-checksum-algorithm"))
          .isEqualTo("CRC64NVME");
    }
  }

  private static RecordingHttpClient bucketAnswers(Canned lock, Canned versioning) {
    return new RecordingHttpClient().route(r -> {
      if (r.rawQueryParameters().containsKey("object-lock")) {
        return lock;
      }
      return r.rawQueryParameters().containsKey("versioning") ? versioning : null;
    });
  }

  private static void bucketRefused(RecordingHttpClient http, String... message) {
    try (HipaaS3Client s3 = client(http)) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("v")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.BUCKET_NOT_PROTECTED))
          .hasMessageContainingAll(message);
      assertThat(http.requests()).as("the put was not sent").isEmpty();
    }
  }

  @Test
  void firstUseOfABucket_checksObjectLockAndVersioning() {
    Canned noLock = new Canned(404, Map.of(), "<Error><Code>ObjectLockConfigurationNotFoundError"
        + "</Code><Message>none</Message></Error>");
    Canned suspended = new Canned(200, Map.of(), "<VersioningConfiguration><Status>Suspended"
        + "</Status></VersioningConfiguration>");
    Canned denied = new Canned(403, Map.of(), "<Error><Code>AccessDenied</Code>"
        + "<Message>Access Denied</Message></Error>");
    bucketRefused(bucketAnswers(noLock, null), "Object Lock", "PutObjectLockConfiguration");
    bucketRefused(bucketAnswers(null, suspended), "versioning is not enabled");
    bucketRefused(bucketAnswers(denied, null), "s3:GetBucketObjectLockConfiguration",
        "insecureSkipBucketProtectionCheck");
    bucketRefused(bucketAnswers(null, denied), "s3:GetBucketVersioning");

    // A bucket that passes is checked once per client.
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = client(http)) {
      for (int i = 0; i < 3; i++) {
        s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
        s3.getObjectAsBytes(b -> b.bucket("b").key("k"));
      }
      s3.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("other")
          .destinationKey("k"));
      assertThat(http.bucketChecks()).hasSize(4);
      assertThat(http.requests()).hasSize(7);
    }
    // The opt-out sends no check.
    RecordingHttpClient skipped = new RecordingHttpClient();
    try (HipaaS3Client s3 = skipped.hipaaClientBuilder()
        .insecureSkipBucketProtectionCheck(true).build()) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      assertThat(skipped.bucketChecks()).isEmpty();
    }
  }

  @Test
  void aBucketFixedAfterARefusal_isCheckedAgain() {
    boolean[] locked = {false};
    RecordingHttpClient http = new RecordingHttpClient().route(r ->
        r.rawQueryParameters().containsKey("object-lock") && !locked[0]
            ? new Canned(404, Map.of(), "<Error><Code>ObjectLockConfigurationNotFoundError"
                + "</Code></Error>") : null);
    try (HipaaS3Client s3 = client(http)) {
      Consumer<Void> put = v -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("v"));
      assertThatThrownBy(() -> put.accept(null))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
      locked[0] = true;
      put.accept(null);
      assertThat(http.requests()).hasSize(1);
    }
  }
}
