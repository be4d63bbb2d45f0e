package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.TestSecrets;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.Tag;

/** Offline: what each object operation puts on the wire in the default HASHED mode. */
class HashedKeysTest {
  static final String SSN = "123-45-6789";
  static final String NAME = "Jane Q. Canarypatient";
  static final String ID = "patients/" + NAME + "/" + SSN + "/xray.png";
  static final List<String> CANARIES = List.of(SSN, "Canarypatient", "xray.png");
  static final Pattern KEY = Pattern.compile("v1/[bcdfghjkmnpqrstv]{64}");

  private static String wire(RecordingHttpClient http) {
    String raw = http.wireText();
    return raw + "\n" + URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void assertOnlyHashedKeys(RecordingHttpClient http, String expectedKey) {
    String wire = wire(http);
    for (String canary : CANARIES) {
      assertThat(wire).as("wire text").doesNotContain(canary);
    }
    assertThat(wire).contains(expectedKey);
  }

  private static void run(Consumer<HipaaS3Client> call) {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      call.accept(s3);
      assertThat(http.requests()).isNotEmpty();
      assertOnlyHashedKeys(http, s3.objectKey(ID));
    }
  }

  @Test
  void objectKey_isCanonical() {
    try (HipaaS3Client s3 = new RecordingHttpClient().hipaaClientBuilder().build()) {
      String key = s3.objectKey(ID);
      assertThat(key).matches(KEY).isEqualTo(s3.objectKey(ID));
      assertThat(s3.objectKey(ID + " ")).isNotEqualTo(key);
      assertThat(s3.objectKey(key)).as("idempotent").isEqualTo(key);
    }
  }

  @Test
  void storedKeyForm_isAcceptedByDefault_andShownInThePolicy() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      String key = s3.objectKey(ID);
      assertThat(s3.policy().names().acceptStoredKeyForm()).isTrue();
      assertThat(s3.policy().toString()).contains("acceptStoredKeyForm=true");
      s3.headObject(b -> b.bucket("b").key(key));
      assertThat(http.last().orElseThrow().encodedPath()).endsWith("/" + key);
    }
  }

  @Test
  void storedKeyForm_turnedOff_isHashedLikeAnyOtherId() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().acceptStoredKeyForm(false).build()) {
      String key = s3.objectKey(ID);
      String hashedAgain = s3.objectKey(key);
      assertThat(s3.policy().names().acceptStoredKeyForm()).isFalse();
      assertThat(s3.policy().toString()).contains("acceptStoredKeyForm=false");
      assertThat(hashedAgain).matches(KEY).isNotEqualTo(key);
      // An end user passing another patient's stored key reaches a different key, not theirs.
      s3.headObject(b -> b.bucket("b").key(key));
      s3.deleteObject(b -> b.bucket("b").key(key));
      s3.putObject(b -> b.bucket("b").key(key), RequestBody.fromString("x"));
      assertThat(http.requests()).hasSize(3).allSatisfy(r -> assertThat(r.encodedPath())
          .endsWith("/" + hashedAgain));
      assertThat(http.wireText()).doesNotContain(key);
    }
  }

  @Test
  void storedKeyForm_turnedOff_withOlderSecrets_neverSendsTheGivenKey() {
    RecordingHttpClient http = new RecordingHttpClient();
    String oldKey;
    try (HipaaS3Client v1 = new RecordingHttpClient().hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(1, 0)).build()) {
      oldKey = v1.objectKey(ID);
    }
    http.route(r -> r.method() == software.amazon.awssdk.http.SdkHttpMethod.GET
        && !RecordingHttpClient.isBucketCheck(r)
        ? new RecordingHttpClient.Canned(404, java.util.Map.of(),
            "<Error><Code>NoSuchKey</Code></Error>") : null);
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0))
        .acceptStoredKeyForm(false).build()) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key(oldKey)))
          .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
      s3.deleteObject(b -> b.bucket("b").key(oldKey));
      assertThat(http.requests()).hasSizeGreaterThan(3);
      assertThat(http.wireText()).doesNotContain(oldKey);
    }
    // With the default, the same call addresses the stored key itself.
    RecordingHttpClient accepting = new RecordingHttpClient();
    try (HipaaS3Client s3 = accepting.hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0)).build()) {
      s3.getObjectAsBytes(b -> b.bucket("b").key(oldKey));
      assertThat(accepting.requests()).hasSize(1);
      assertThat(accepting.last().orElseThrow().encodedPath()).endsWith("/" + oldKey);
    }
  }

  @Test
  void everyObjectOperation_sendsTheHashedKeyOnly() {
    run(s3 -> s3.putObject(b -> b.bucket("b").key(ID), RequestBody.fromString("x")));
    run(s3 -> s3.getObjectAsBytes(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.headObject(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.deleteObject(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(
        ObjectIdentifier.builder().key(ID).build()))));
    run(s3 -> s3.copyObject(b -> b.sourceBucket("b").sourceKey(ID)
        .destinationBucket("b").destinationKey(ID)));
    run(s3 -> s3.createMultipartUpload(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.uploadPart(b -> b.bucket("b").key(ID).uploadId("u").partNumber(1),
        RequestBody.fromString("x")));
    run(s3 -> s3.uploadPartCopy(b -> b.sourceBucket("b").sourceKey(ID).destinationBucket("b")
        .destinationKey(ID).uploadId("u").partNumber(1)));
    run(s3 -> s3.completeMultipartUpload(b -> b.bucket("b").key(ID).uploadId("u")));
    run(s3 -> s3.abortMultipartUpload(b -> b.bucket("b").key(ID).uploadId("u")));
    run(s3 -> s3.listParts(b -> b.bucket("b").key(ID).uploadId("u")));
    run(s3 -> s3.getObjectTagging(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.putObjectTagging(b -> b.bucket("b").key(ID)
        .tagging(t -> t.tagSet(Tag.builder().key("class").value("lab-report").build()))));
    run(s3 -> s3.deleteObjectTagging(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.getObjectRetention(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.putObjectRetention(b -> b.bucket("b").key(ID).retention(r -> r
        .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(Instant.parse(
            "2101-01-01T00:00:00Z")))));
    run(s3 -> s3.getObjectLegalHold(b -> b.bucket("b").key(ID)));
    run(s3 -> s3.putObjectLegalHold(b -> b.bucket("b").key(ID)
        .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))));
    run(s3 -> s3.getObjectAttributes(b -> b.bucket("b").key(ID).objectAttributesWithStrings(
        "ETag")));
    run(s3 -> s3.getObjectAcl(b -> b.bucket("b").key(ID)));
  }

  @Test
  void copySourceHeaderForm_isRefusedInHashedMode() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      @SuppressWarnings("deprecation")
      Runnable copy = () -> s3.copyObject(b -> b.copySource("b/" + ID)
          .destinationBucket("b").destinationKey(ID));
      assertThatThrownBy(copy::run)
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.INVALID_NAME))
          .hasMessageContaining("sourceKey")
          .message().doesNotContain(SSN);
      assertThat(http.requests()).isEmpty();
    }
  }

  @Test
  void malformedIds_areRefusedBeforeAnythingIsSent() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      for (String bad : List.of("", "lone\uD800surrogate", "reversed\uDC00\uD800",
          "trailing\uD83C")) {
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key(bad)))
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
                e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.INVALID_NAME));
        assertThatThrownBy(() -> s3.objectKey(bad))
            .isInstanceOf(HipaaS3PolicyViolationException.class);
      }
      assertThat(http.requests()).isEmpty();
      // A well-formed surrogate pair is fine.
      assertThat(s3.objectKey("clinic \uD83C\uDFE5")).matches(KEY);
    }
  }

  @Test
  void passThroughMode_sendsKeysAsTheyAreAndRefusesPhiKeys() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.passThroughClientBuilder().build()) {
      String uuid = "docs/3f1c2a9e-4b7d-4e21-9c55-0d8e7f6a1b2c";
      s3.headObject(b -> b.bucket("b").key(uuid));
      assertThat(http.last().orElseThrow().encodedPath()).endsWith(uuid);
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key(ID)))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED))
          .hasMessageContaining("Key")
          .hasMessageContaining("US_SSN")
          .message().doesNotContain(SSN).doesNotContain("Canarypatient");
      assertThatThrownBy(() -> s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(
          ObjectIdentifier.builder().key(uuid).build(),
          ObjectIdentifier.builder().key("mrn/4242424242").build()))))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED));
      assertThatThrownBy(() -> s3.objectKey("x")).isInstanceOf(
          HipaaS3PolicyViolationException.class).hasMessageContaining("PASS_THROUGH");
      assertThat(http.requests()).hasSize(1);
    }
  }

  @Test
  void build_withoutSecret_saysHowToGetOne() {
    assertThatThrownBy(() -> io.github.hipaas3.HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .encryption(io.github.hipaas3.EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN))
        .httpClient(new RecordingHttpClient()).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("keyHashingSecret is not set")
        .hasMessageContaining("KeyHashingSecret.fromKmsEncryptedBlob");
  }

  @Test
  void build_rejectsConflictingKeySettings() {
    assertThatThrownBy(() -> new RecordingHttpClient().hipaaClientBuilder()
        .keyMode(KeyMode.PASS_THROUGH).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("PASS_THROUGH");
    assertThatThrownBy(() -> new RecordingHttpClient().hipaaClientBuilder()
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 99)).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("version 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tenant", "tenant/", "a//b", "..", "a/../b", "a/./b", "sp ace",
      "semi;colon", "ünïcode"})
  void keyPrefix_mustBeSimpleSegments(String prefix) {
    assertThatThrownBy(() -> new RecordingHttpClient().hipaaClientBuilder().keyPrefix(prefix))
        .isInstanceOf(HipaaS3ConfigurationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenant-a/123-45-6789", "mrn-4242424242", "dob-1980-02-29"})
  void keyPrefix_thatLooksLikePhi_isRefusedAtBuild(String prefix) {
    assertThatThrownBy(() -> new RecordingHttpClient().hipaaClientBuilder().keyPrefix(prefix)
        .build())
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED))
        .hasMessageContaining("keyPrefix")
        .message().doesNotContain(prefix);
  }

  @Test
  void keyPrefix_prefixesEveryKey() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().keyPrefix("tenant-a/lab-reports")
        .build()) {
      assertThat(s3.objectKey(ID)).startsWith("tenant-a/lab-reports/v1/");
      assertThat(s3.policy().names().keyPrefix()).isEqualTo("tenant-a/lab-reports");
      s3.headObject(b -> b.bucket("b").key(ID));
      assertOnlyHashedKeys(http, s3.objectKey(ID));
    }
  }

  @Test
  void hashing_fromManyThreadsAtOnce_givesTheSameKeysAsOneThread() throws Exception {
    io.github.hipaas3.testing.RecordingHttpClient http =
        new io.github.hipaas3.testing.RecordingHttpClient();
    try (io.github.hipaas3.HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        ids.add("patients/" + i + "/note.txt");
      }
      java.util.List<String> expected = ids.stream().map(s3::objectKey).toList();
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(32);
      try {
        java.util.List<java.util.concurrent.Future<java.util.List<String>>> runs =
            new java.util.ArrayList<>();
        for (int t = 0; t < 32; t++) {
          runs.add(pool.submit(() -> ids.stream().map(s3::objectKey).toList()));
        }
        for (java.util.concurrent.Future<java.util.List<String>> run : runs) {
          org.assertj.core.api.Assertions.assertThat(run.get()).isEqualTo(expected);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
