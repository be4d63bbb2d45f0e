package io.github.hipaas3.encryption;

import io.github.hipaas3.HipaaPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.SseCustomerKey;
import io.github.hipaas3.SseCustomerKeyProvider;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.TestSecrets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Offline: the server-side modes on the wire, and the checks on S3's answers. */
class ServerSideEncryptionTest {
  static final String ARN = TestSecrets.KMS_KEY_ARN;
  static final String OTHER_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab";

  private static HipaaS3Client client(RecordingHttpClient http, EncryptionMode mode) {
    return http.hipaaClientBuilder().encryption(mode).build();
  }

  private static SdkHttpRequest last(RecordingHttpClient http) {
    return http.last().orElseThrow();
  }

  private static String header(SdkHttpRequest r, String name) {
    return r.firstMatchingHeader(name).orElse(null);
  }

  @Test
  void build_withoutEncryption_isRefused() {
    assertThatThrownBy(() -> HipaaS3Client.builder().region(Region.US_EAST_1)
        .keyHashingSecret(TestSecrets.keyHashing()).httpClient(new RecordingHttpClient())
        .build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("encryption is not set")
        .hasMessageContaining("no default");
  }

  @Test
  void kmsKeys_mustBeFullArns() {
    for (String bad : List.of("alias/phi", "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:111122223333:alias/phi")) {
      assertThatThrownBy(() -> EncryptionMode.sseKms(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full KMS key ARN");
    }
  }

  @Test
  void sseKms_everyWriteCarriesKeyAndBucketKey() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = client(http, EncryptionMode.sseKms(ARN))) {
      List<Consumer<HipaaS3Client>> writes = List.of(
          c -> c.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("x")),
          c -> c.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
              .destinationKey("k2")),
          c -> c.createMultipartUpload(b -> b.bucket("b").key("k")));
      for (Consumer<HipaaS3Client> write : writes) {
        write.accept(s3);
        SdkHttpRequest r = last(http);
        assertThat(header(r, "x-amz-server-side-encryption")).isEqualTo("aws:kms");
        assertThat(header(r, "x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(ARN);
        assertThat(header(r, "x-amz-server-side-encryption-bucket-key-enabled"))
            .isEqualTo("true");
      }
    }
  }

  @Test
  void dsseKms_everyWriteCarriesDualLayerAndKey() {
    RecordingHttpClient http = new RecordingHttpClient()
        .storedEncryption(Map.of("x-amz-server-side-encryption", "aws:kms:dsse",
            "x-amz-server-side-encryption-aws-kms-key-id", ARN));
    try (HipaaS3Client s3 = client(http, EncryptionMode.dsseKms(ARN))) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("x"));
      SdkHttpRequest r = last(http);
      assertThat(header(r, "x-amz-server-side-encryption")).isEqualTo("aws:kms:dsse");
      assertThat(header(r, "x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(ARN);
      assertThat(s3.headObject(b -> b.bucket("b").key("k")).serverSideEncryption())
          .isEqualTo(ServerSideEncryption.AWS_KMS_DSSE);
    }
  }

  @Test
  void conflictingCallerSettings_areRefusedBeforeSending() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = client(http, EncryptionMode.sseKms(ARN))) {
      List<Runnable> calls = List.of(
          () -> s3.putObject(b -> b.bucket("b").key("k")
              .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("x")),
          () -> s3.putObject(b -> b.bucket("b").key("k").ssekmsKeyId(OTHER_ARN),
              RequestBody.fromString("x")),
          () -> s3.putObject(b -> b.bucket("b").key("k").bucketKeyEnabled(false),
              RequestBody.fromString("x")),
          () -> s3.putObject(b -> b.bucket("b").key("k").sseCustomerAlgorithm("AES256"),
              RequestBody.fromString("x")),
          () -> s3.getObjectAsBytes(b -> b.bucket("b").key("k").sseCustomerAlgorithm("AES256")));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
                e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_CONFLICT))
            .hasMessageNotContaining(OTHER_ARN);
      }
      assertThat(http.requests()).isEmpty();
      // Repeating exactly what the mode sets is fine.
      s3.putObject(b -> b.bucket("b").key("k").serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(ARN), RequestBody.fromString("x"));
      assertThat(http.requests()).hasSize(1);
    }
  }

  @Test
  void writeResponse_thatDoesNotShowTheEncryption_raisesASecurityException() {
    RecordingHttpClient http = new RecordingHttpClient().echoEncryption(false)
        .storedEncryption(Map.of());
    try (HipaaS3Client s3 = client(http, EncryptionMode.sseKms(ARN))) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("x")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_NOT_CONFIRMED))
          .hasMessageContaining("none instead of aws:kms");
      assertThat(http.requests()).as("the request was sent; the answer failed").hasSize(1);
    }
    RecordingHttpClient wrongKey = new RecordingHttpClient().echoEncryption(false)
        .storedEncryption(RecordingHttpClient.kmsEncryption(OTHER_ARN));
    try (HipaaS3Client s3 = client(wrongKey, EncryptionMode.sseKms(ARN))) {
      assertThatThrownBy(() -> s3.createMultipartUpload(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_NOT_CONFIRMED))
          .hasMessageContaining("does not name the configured KMS key")
          .hasMessageNotContaining(OTHER_ARN);
    }
  }

  @Test
  void reads_ofObjectsNotEncryptedByTheMode_areRefusedBeforeAnyDataIsHandedOver() {
    for (Map<String, String> stored : List.of(Map.<String, String>of(),
        Map.of("x-amz-server-side-encryption", "AES256"),
        RecordingHttpClient.kmsEncryption(OTHER_ARN))) {
      RecordingHttpClient http = new RecordingHttpClient(200, "PLAINTEXT PHI")
          .storedEncryption(stored);
      try (HipaaS3Client s3 = client(http, EncryptionMode.sseKms(ARN))) {
        AtomicBoolean handedOver = new AtomicBoolean();
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("b").key("k"),
            (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
              handedOver.set(true);
              return in.readAllBytes();
            }))
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
        assertThat(handedOver).isFalse();
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
            .isInstanceOf(HipaaS3SecurityException.class);
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("b").key("k")))
            .isInstanceOf(HipaaS3SecurityException.class);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
      }
    }
  }

  @Test
  void reads_ofEncryptedObjects_pass() {
    RecordingHttpClient http = new RecordingHttpClient(200, "body");
    try (HipaaS3Client s3 = client(http, EncryptionMode.sseKms(ARN))) {
      ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("b").key("k"));
      assertThat(got.asUtf8String()).isEqualTo("body");
    }
  }

  @Test
  void insecureOptIn_readsLegacyObjectsWithAWarning() {
    RecordingHttpClient http = new RecordingHttpClient(200, "legacy").storedEncryption(Map.of());
    try (LogCapture logs = new LogCapture();
        HipaaS3Client s3 = http.hipaaClientBuilder().encryption(EncryptionMode.sseKms(ARN))
            .insecureAllowReadingUnencryptedObjects(true).build()) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("b").key("k")).asUtf8String())
          .isEqualTo("legacy");
      assertThat(s3.policy().allows(HipaaPolicy.Insecure.ALLOW_READING_UNENCRYPTED_OBJECTS))
          .isTrue();
      assertThat(logs.lines()).anyMatch(l -> l.contains("INSECURE")
          && l.contains("insecureAllowReadingUnencryptedObjects"));
    }
  }

  @Test
  void sseS3_onlyWithTheInsecureName_andLoggedAtWarn() {
    RecordingHttpClient http = new RecordingHttpClient()
        .storedEncryption(Map.of("x-amz-server-side-encryption", "AES256"));
    try (LogCapture logs = new LogCapture();
        HipaaS3Client s3 = client(http, EncryptionMode.insecureSseS3Only())) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("x"));
      assertThat(header(last(http), "x-amz-server-side-encryption")).isEqualTo("AES256");
      assertThat(logs.lines()).anyMatch(l -> l.contains("INSECURE")
          && l.contains("insecureSseS3Only"));
    }
  }

  @Test
  void sseC_keysTravelOnEveryRequestThatNeedsThem_andDifferPerObject() {
    SseCustomerKey master = SseCustomerKey.generate();
    RecordingHttpClient http = new RecordingHttpClient().storedEncryption(Map.of());
    try (LogCapture logs = new LogCapture();
        HipaaS3Client s3 = client(http, EncryptionMode.sseC(
            SseCustomerKeyProvider.derivedFrom(master)))) {
      String a = s3.objectKey("a");
      String b2 = s3.objectKey("b");
      SseCustomerKey keyA = SseCustomerKeyProvider.derivedFrom(master).keyFor("bkt", a);
      SseCustomerKey keyB = SseCustomerKeyProvider.derivedFrom(master).keyFor("bkt", b2);
      assertThat(keyA).isNotEqualTo(keyB).isNotEqualTo(master);

      s3.putObject(b -> b.bucket("bkt").key("a"), RequestBody.fromString("x"));
      assertSseC(last(http), "", keyA);
      s3.getObjectAsBytes(b -> b.bucket("bkt").key("a"));
      assertSseC(last(http), "", keyA);
      s3.headObject(b -> b.bucket("bkt").key("a"));
      assertSseC(last(http), "", keyA);
      s3.copyObject(b -> b.sourceBucket("bkt").sourceKey("a").destinationBucket("bkt")
          .destinationKey("b"));
      assertSseC(last(http), "", keyB);
      assertSseC(last(http), "copy-source-", keyA);
      s3.createMultipartUpload(b -> b.bucket("bkt").key("b"));
      assertSseC(last(http), "", keyB);
      s3.uploadPart(b -> b.bucket("bkt").key("b").uploadId("u").partNumber(1),
          RequestBody.fromString("x"));
      assertSseC(last(http), "", keyB);
      s3.uploadPartCopy(b -> b.sourceBucket("bkt").sourceKey("a").destinationBucket("bkt")
          .destinationKey("b").uploadId("u").partNumber(2));
      assertSseC(last(http), "", keyB);
      assertSseC(last(http), "copy-source-", keyA);
      s3.completeMultipartUpload(b -> b.bucket("bkt").key("b").uploadId("u"));
      assertSseC(last(http), "", keyB);

      // hipaa-s3 never logs a key, at any level; the SDK's own DEBUG signer log prints the
      // canonical request, SSE-C key header included, so it must stay below DEBUG (README).
      assertThat(logs.events()).filteredOn(e -> e.getLoggerName().startsWith("io.github.hipaas3")
          || e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
          .extracting(e -> e.getFormattedMessage())
          .noneMatch(l -> l.contains(keyBase64(keyA)) || l.contains(keyBase64(master)));
      assertThat(http.wireText()).as("the master key never leaves the process")
          .doesNotContain(keyBase64(master));
    }
  }

  @Test
  void sseC_responseWithAnotherKeyMd5_isRefused() {
    RecordingHttpClient http = new RecordingHttpClient().echoEncryption(false)
        .storedEncryption(Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256",
            "x-amz-server-side-encryption-customer-key-MD5",
            SseCustomerKey.generate().keyMd5()));
    try (HipaaS3Client s3 = client(http, EncryptionMode.sseC(
        SseCustomerKeyProvider.single(SseCustomerKey.generate())))) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("x")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_NOT_CONFIRMED))
          .hasMessageContaining("MD5 mismatch");
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
    }
  }

  @Test
  void sseC_onABucketThatBlocksIt_explainsTheBucketSetting() {
    String blocked = "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
        + "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
        + "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType>"
        + "</BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>";
    String denied = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
    RecordingHttpClient http = new RecordingHttpClient().route(r -> {
      if (r.rawQueryParameters().containsKey("encryption")) {
        return new Canned(200, Map.of(), blocked);
      }
      if (RecordingHttpClient.isBucketCheck(r)) {
        return null; // the bucket has Object Lock and versioning
      }
      return new Canned(403, Map.of(), denied);
    });
    try (HipaaS3Client s3 = client(http, EncryptionMode.sseC(
        SseCustomerKeyProvider.single(SseCustomerKey.generate())))) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("x")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.SSE_C_BLOCKED))
          .hasMessageContaining("BlockedEncryptionTypes")
          .hasMessageContaining("sseKms")
          .hasCauseInstanceOf(S3Exception.class);
    }
    // A 403 for another reason passes through unwrapped.
    RecordingHttpClient other = new RecordingHttpClient().route(r ->
        r.rawQueryParameters().containsKey("encryption")
            ? new Canned(200, Map.of(), blocked.replace("SSE-C", "NONE"))
            : RecordingHttpClient.isBucketCheck(r) ? null : new Canned(403, Map.of(), denied));
    try (HipaaS3Client s3 = client(other, EncryptionMode.sseC(
        SseCustomerKeyProvider.single(SseCustomerKey.generate())))) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("x")))
          .isInstanceOf(S3Exception.class)
          .isNotInstanceOf(HipaaS3SecurityException.class);
    }
  }

  @Test
  void keyTypes_neverPrintKeyMaterial() {
    SseCustomerKey key = SseCustomerKey.generate();
    assertThat(key.toString()).contains(key.keyMd5()).doesNotContain(keyBase64(key));
    assertThat(EncryptionMode.sseC(SseCustomerKeyProvider.single(key)).toString())
        .doesNotContain(keyBase64(key));
    assertThat(EncryptionMode.sseKms(ARN).toString()).contains(ARN);
    assertThatThrownBy(() -> SseCustomerKey.fromBytes(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String keyBase64(SseCustomerKey key) {
    return key.headerValue(io.github.hipaas3.SecretKeyAccess.insecureSecretAccess());
  }


  private static void assertSseC(SdkHttpRequest r, String prefix, SseCustomerKey key) {
    String base = "x-amz-" + prefix + "server-side-encryption-customer-";
    assertThat(header(r, base + "algorithm")).isEqualTo("AES256");
    assertThat(header(r, base + "key")).isEqualTo(keyBase64(key));
    assertThat(header(r, base + "key-MD5")).isEqualTo(key.keyMd5());
  }
}
