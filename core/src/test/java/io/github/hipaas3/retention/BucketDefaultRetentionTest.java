package io.github.hipaas3.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.posture.PostureCheck;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Offline: without {@code retention(...)} a client sends and checks each bucket's Object Lock
 * default retention rule, refuses a bucket without one, and refuses an explicit retention
 * weaker than the rule; the rule is read again after the cache period.
 */
class BucketDefaultRetentionTest {
  private static final String WRITTEN = "Sat, 28 Nov 2026 12:00:00 GMT";

  /** A fake whose buckets answer the Object Lock read with the given configuration. */
  private static RecordingHttpClient bucketWith(AtomicReference<Canned> lock) {
    return new RecordingHttpClient().route(
        r -> r.rawQueryParameters().containsKey("object-lock") ? lock.get() : null);
  }

  private static RecordingHttpClient bucketWith(Canned lock) {
    return bucketWith(new AtomicReference<>(lock));
  }

  private static String header(SdkHttpRequest r, String name) {
    return r.firstMatchingHeader(name).orElse(null);
  }

  private static Instant until(SdkHttpRequest r) {
    return Instant.parse(header(r, "x-amz-object-lock-retain-until-date"));
  }

  private static void writeAll(HipaaS3Client s3) {
    s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
    s3.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
        .destinationKey("c"));
    s3.createMultipartUpload(b -> b.bucket("b").key("m"));
  }

  @Test
  void withoutClientRetention_everyWriteCarriesTheBucketsDefaultRule() {
    RecordingHttpClient http = bucketWith(RecordingHttpClient.lockWithDefaultDays(
        "GOVERNANCE", 30));
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      writeAll(s3);
      Instant after = Instant.now().plusSeconds(1);
      assertThat(http.requests()).hasSize(3).allSatisfy(r -> {
        assertThat(header(r, "x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
        assertThat(until(r)).isBetween(before.plus(30, ChronoUnit.DAYS),
            after.plus(30, ChronoUnit.DAYS));
        assertThat(header(r, "x-amz-object-lock-legal-hold")).isNull();
      });
    }
  }

  @Test
  void eachBucket_hasItsOwnRule() {
    RecordingHttpClient http = new RecordingHttpClient().route(r -> !r.rawQueryParameters()
        .containsKey("object-lock") ? null : r.host().startsWith("short.")
            ? RecordingHttpClient.lockWithDefaultDays("GOVERNANCE", 30)
            : RecordingHttpClient.LOCK_ENABLED);
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      s3.putObject(b -> b.bucket("short").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest toShort = http.last().orElseThrow();
      s3.putObject(b -> b.bucket("long").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest toLong = http.last().orElseThrow();
      assertThat(toShort.host()).startsWith("short.");
      assertThat(header(toShort, "x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
      assertThat(until(toShort)).isBefore(Instant.now().plus(31, ChronoUnit.DAYS));
      assertThat(header(toLong, "x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
      assertThat(until(toLong)).isAfter(Instant.now().plus(365L * 5, ChronoUnit.DAYS));
    }
  }

  @Test
  void aRuleInYears_addsCalendarYearsToTheWritesTime() {
    // RecordingHttpClient's buckets have COMPLIANCE for six years, as BucketProvisioner sets.
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      Instant after = Instant.now().plusSeconds(1);
      SdkHttpRequest put = http.last().orElseThrow();
      assertThat(header(put, "x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
      assertThat(until(put)).isBetween(
          before.atOffset(ZoneOffset.UTC).plusYears(6).toInstant(),
          after.atOffset(ZoneOffset.UTC).plusYears(6).toInstant());
    }
  }

  @Test
  void aBucketWithoutADefaultRule_isRefused_sayingHowToSetOne() {
    RecordingHttpClient http = bucketWith(RecordingHttpClient.LOCK_WITHOUT_RULE);
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("v")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.BUCKET_NOT_PROTECTED))
          .hasMessageContainingAll("no Object Lock default retention rule",
              "BucketProvisioner", "DefaultRetention", "retention(ObjectRetention.of(");
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
      assertThat(http.requests()).as("nothing was sent").isEmpty();
    }
    // With retention(...) on the client, its retention is sent instead.
    try (HipaaS3Client s3 = http.hipaaClientBuilder().retention(ObjectRetention.of(
        ObjectLockMode.GOVERNANCE, Period.ofDays(3))).build()) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      assertThat(header(http.last().orElseThrow(), "x-amz-object-lock-mode"))
          .isEqualTo("GOVERNANCE");
    }
  }

  @Test
  void anExplicitRetentionWeakerThanTheRule_isRefusedOnFirstUse() {
    RecordingHttpClient compliance = new RecordingHttpClient(); // COMPLIANCE, six years
    RecordingHttpClient governance = bucketWith(RecordingHttpClient.lockWithDefaultDays(
        "GOVERNANCE", 30));
    for (Object[] weaker : new Object[][] {
        {compliance, ObjectRetention.of(ObjectLockMode.GOVERNANCE, Period.ofYears(7))},
        {compliance, ObjectRetention.of(ObjectLockMode.COMPLIANCE, Period.ofYears(5))},
        {governance, ObjectRetention.of(ObjectLockMode.COMPLIANCE, Period.ofDays(29))}}) {
      RecordingHttpClient http = (RecordingHttpClient) weaker[0];
      try (HipaaS3Client s3 = http.hipaaClientBuilder()
          .retention((ObjectRetention) weaker[1]).build()) {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
            RequestBody.fromString("v")))
            .as("%s", weaker[1])
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
                e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.RETENTION_REFUSED))
            .hasMessageContainingAll("weaker than the bucket's default retention rule",
                "Remove retention(...)");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
            .isInstanceOf(HipaaS3PolicyViolationException.class);
      }
      assertThat(http.requests()).as("nothing was sent").isEmpty();
    }
  }

  @Test
  void anExplicitRetentionAtLeastAsStrong_isSent() {
    RecordingHttpClient http = bucketWith(RecordingHttpClient.lockWithDefaultDays(
        "GOVERNANCE", 30));
    try (HipaaS3Client s3 = http.hipaaClientBuilder().retention(ObjectRetention.of(
        ObjectLockMode.COMPLIANCE, Period.ofDays(31))).build();
        HipaaS3Client same = http.hipaaClientBuilder().retention(ObjectRetention.of(
            ObjectLockMode.GOVERNANCE, Period.ofDays(30))).build()) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest put = http.last().orElseThrow();
      assertThat(header(put, "x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
      assertThat(until(put)).isAfterOrEqualTo(before.plus(31, ChronoUnit.DAYS));
      same.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      assertThat(header(http.last().orElseThrow(), "x-amz-object-lock-mode"))
          .isEqualTo("GOVERNANCE");
    }
  }

  @Test
  void reads_areCheckedAgainstTheBucketsRule() {
    AtomicReference<Canned> lock = new AtomicReference<>(
        RecordingHttpClient.lockWithDefaultDays("GOVERNANCE", 30));
    RecordingHttpClient shortLock = bucketWith(lock).storedRetention(Map.of(
        "x-amz-object-lock-mode", "GOVERNANCE",
        "x-amz-object-lock-retain-until-date", "2026-12-08T12:00:00Z",
        "Last-Modified", WRITTEN));
    try (HipaaS3Client s3 = shortLock.hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.RETENTION_NOT_CONFIRMED))
          .hasMessageContaining("the bucket's default period (P30D)");
    }
    RecordingHttpClient thirtyDays = bucketWith(lock).storedRetention(Map.of(
        "x-amz-object-lock-mode", "GOVERNANCE",
        "x-amz-object-lock-retain-until-date", "2026-12-28T12:00:00Z",
        "Last-Modified", WRITTEN));
    try (HipaaS3Client s3 = thirtyDays.hipaaClientBuilder().build()) {
      assertThat(s3.headObject(b -> b.bucket("b").key("k")).objectLockMode())
          .isEqualTo(ObjectLockMode.GOVERNANCE);
    }
    // The same object in a COMPLIANCE bucket is locked in a weaker mode than the rule.
    lock.set(RecordingHttpClient.lockWithDefaultDays("COMPLIANCE", 30));
    try (HipaaS3Client s3 = thirtyDays.hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.RETENTION_NOT_CONFIRMED))
          .hasMessageContaining("weaker than the bucket's default COMPLIANCE");
    }
  }

  @Test
  void aChangedRule_isReadAgainAfterTheCachePeriod_notBefore() {
    AtomicReference<Canned> lock = new AtomicReference<>(
        RecordingHttpClient.lockWithDefaultDays("GOVERNANCE", 30));
    RecordingHttpClient http = bucketWith(lock);
    try (HipaaS3Client cached = http.hipaaClientBuilder()
        .postureCheck(PostureCheck.OFF, Duration.ofHours(1)).build();
        HipaaS3Client expired = http.hipaaClientBuilder()
            .postureCheck(PostureCheck.OFF, Duration.ZERO).build()) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      cached.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      expired.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      lock.set(RecordingHttpClient.lockWithDefaultDays("COMPLIANCE", 40));
      cached.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest stale = http.last().orElseThrow();
      expired.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest fresh = http.last().orElseThrow();
      assertThat(header(stale, "x-amz-object-lock-mode")).as("within the cache period")
          .isEqualTo("GOVERNANCE");
      assertThat(until(stale)).isBefore(before.plus(31, ChronoUnit.DAYS));
      assertThat(header(fresh, "x-amz-object-lock-mode")).as("after the cache period")
          .isEqualTo("COMPLIANCE");
      assertThat(until(fresh)).isAfterOrEqualTo(before.plus(40, ChronoUnit.DAYS));
    }
  }

  @Test
  void withTheBucketCheckSkipped_andNoRetention_writesCarryNoLock_andItIsLogged() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = http.hipaaClientBuilder()
        .insecureSkipBucketProtectionCheck(true).build()) {
      assertThat(logs.lines()).anyMatch(l -> l.contains("WARN")
          && l.contains("writes carry no Object Lock headers"));
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("v"));
      SdkHttpRequest put = http.last().orElseThrow();
      assertThat(header(put, "x-amz-object-lock-mode")).isNull();
      assertThat(header(put, "x-amz-object-lock-retain-until-date")).isNull();
      assertThat(http.bucketChecks()).isEmpty();
      // Reads must still show a lock (any mode and date: there is no rule to compare with).
      assertThat(s3.headObject(b -> b.bucket("b").key("k")).objectLockMode())
          .isEqualTo(ObjectLockMode.COMPLIANCE);
    }
    RecordingHttpClient unlocked = new RecordingHttpClient().storedRetention(Map.of(
        "Last-Modified", WRITTEN));
    try (HipaaS3Client s3 = unlocked.hipaaClientBuilder()
        .insecureSkipBucketProtectionCheck(true).build()) {
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.RETENTION_NOT_CONFIRMED));
    }
  }

  @Test
  void aComplianceRetention_isLoggedOnceAtBuild_inPlainWords() {
    RecordingHttpClient http = new RecordingHttpClient();
    String plain = "not even the AWS account's root user";
    try (LogCapture logs = new LogCapture()) {
      http.hipaaClientBuilder().retention(ObjectRetention.of(ObjectLockMode.COMPLIANCE,
          Period.ofYears(6))).build().close();
      assertThat(logs.lines()).filteredOn(l -> l.contains(plain)).hasSize(1)
          .allMatch(l -> l.contains("WARN") && l.contains("P6Y"));
    }
    try (LogCapture logs = new LogCapture()) {
      http.hipaaClientBuilder().build().close();
      http.hipaaClientBuilder().retention(ObjectRetention.of(ObjectLockMode.GOVERNANCE,
          Period.ofYears(6))).build().close();
      assertThat(logs.lines()).noneMatch(l -> l.contains(plain));
    }
  }
}
