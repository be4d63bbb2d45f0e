package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/**
 * PHI-looking canaries fed into keys, metadata and configuration must appear in no exception
 * message (nor any cause's) and no log line, at any level, of any logger.
 */
class PhiCanaryTest {
  static final String SSN = "123-45-6789";
  static final String NAME = "Jane Q. Canarypatient";
  static final String MRN = "MRN00424242";
  static final List<String> CANARIES = List.of(SSN, NAME, MRN, "Canarypatient", "00424242");

  private static HipaaS3Client client(RecordingHttpClient http) {
    return http.hipaaClientBuilder().build();
  }

  private static String phiKey() {
    return "patients/" + NAME + "/" + SSN + "/" + MRN + ".pdf";
  }

  private static Map<String, String> phiMetadata() {
    return Map.of("patient-name", NAME, "ssn-" + SSN, MRN);
  }

  @Test
  void refusedCallsAndBadConfiguration_leakNoCanary() {
    List<Throwable> thrown = new ArrayList<>();
    RecordingHttpClient http = new RecordingHttpClient();
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = client(http)) {
      List<Supplier<Object>> calls = List.of(
          () -> s3.putObjectAcl(b -> b.bucket("b").key(phiKey()).acl("public-read")),
          () -> s3.putObject(b -> b.bucket("b").key(phiKey()).metadata(phiMetadata())
              .grantRead("id=" + MRN), RequestBody.fromString(SSN)),
          () -> s3.getObjectAsBytes(b -> b.bucket("notes-" + MRN + "--x-s3").key(phiKey())),
          () -> s3.copyObject(b -> b.sourceBucket("b").sourceKey(phiKey())
              .destinationBucket("b").destinationKey(SSN).acl("private")),
          () -> s3.putObjectTagging(b -> b.bucket("b").key(phiKey()).overrideConfiguration(
              o -> o.credentialsProvider(StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(MRN, SSN))))),
          () -> s3.restoreObject(b -> b.bucket("b").key(phiKey())),
          () -> s3.deleteBucketPolicy(b -> b.bucket("b-" + MRN.toLowerCase())),
          () -> HipaaS3Client.builder().region(Region.US_EAST_1)
              .endpointOverride(URI.create("http://" + MRN.toLowerCase() + ".example/" + SSN)),
          () -> HipaaS3Client.builder().region(Region.US_EAST_1)
              .endpointOverride(URI.create("https://" + MRN + ":" + SSN + "@s3.example")),
          () -> HipaaS3Client.builder().region(Region.US_EAST_1)
              .credentialsProvider(StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(MRN, SSN))).build(),
          () -> HipaaS3Client.builder().credentialsProvider(S3TestServer.testCredentials())
              .endpointOverride(URI.create("https://s3.example/" + SSN)).build());
      for (Supplier<Object> call : calls) {
        Throwable t = catchThrowable(call::get);
        assertThat(t).isInstanceOf(HipaaS3Exception.class);
        thrown.add(t);
      }
      assertThat(http.requests()).as("refused calls send nothing").isEmpty();
      assertNoCanary(thrown, logs.lines());
      assertNoCanary(List.of(), List.of(s3.toString()));
    }
  }

  /**
   * Every request-override channel carrying a canary, and every field that has a format (IDs,
   * tokens, ETags, account IDs, checksums, keys, ranges, enums) set to one, on every allowed
   * operation that has the field: each is refused, and no canary is in an exception, a log line
   * or anything that reached the wire.
   */
  @Test
  void overrideChannelsAndOpaqueFields_leakNoCanary() throws Exception {
    List<Throwable> thrown = new ArrayList<>();
    RecordingHttpClient http = new RecordingHttpClient();
    int fields = 0;
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = client(http)) {
      List<java.util.function.Consumer<software.amazon.awssdk.awscore
          .AwsRequestOverrideConfiguration.Builder>> overrides = List.of(
          o -> o.putHeader("x-amz-meta-note", SSN),
          o -> o.putHeader("x-" + MRN.toLowerCase(), "x"),
          o -> o.putRawQueryParameter("note", NAME),
          o -> o.putRawQueryParameter(MRN, "x"),
          o -> o.putRawQueryParameter("versionId", MRN),
          o -> o.credentialsProvider(StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(MRN, SSN,
                  NAME))),
          o -> o.addApiName(a -> a.name("app").version(SSN)));
      for (var override : overrides) {
        Throwable t = catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("b").key(phiKey())
            .overrideConfiguration(override)));
        assertThat(t).isInstanceOf(HipaaS3Exception.class);
        thrown.add(t);
      }
      for (var entry : io.github.hipaas3.internal.OperationTable.rules().entrySet()) {
        if (entry.getValue().disposition()
            == io.github.hipaas3.internal.Disposition.REFUSE) {
          continue;
        }
        for (software.amazon.awssdk.core.SdkField<?> f : ((software.amazon.awssdk.core.SdkPojo)
            entry.getKey().getMethod("builder").invoke(null)).sdkFields()) {
          if (!io.github.hipaas3.internal.Formats.fields().contains(f.memberName())
              || f.marshallingType()
                  != software.amazon.awssdk.core.protocol.MarshallingType.STRING) {
            continue;
          }
          for (String canary : List.of(SSN, MRN, NAME)) {
            software.amazon.awssdk.services.s3.model.S3Request.Builder b =
                (software.amazon.awssdk.services.s3.model.S3Request.Builder)
                    entry.getKey().getMethod("builder").invoke(null);
            for (software.amazon.awssdk.core.SdkField<?> g : ((software.amazon.awssdk.core.SdkPojo)
                b).sdkFields()) {
              if (g.memberName().equals("Bucket")) {
                g.set(b, "b");
              } else if (g.memberName().equals("Key")) {
                g.set(b, phiKey());
              }
            }
            f.set(b, canary);
            software.amazon.awssdk.services.s3.model.S3Request request =
                (software.amazon.awssdk.services.s3.model.S3Request) b.build();
            // invokeOperation is the gate every S3Client method ends in (same package here).
            Throwable t = catchThrowable(() -> s3.invokeOperation(request, r -> {
              throw new AssertionError("reached the underlying client");
            }));
            assertThat(t).as(entry.getKey().getSimpleName() + "." + f.memberName())
                .isInstanceOf(HipaaS3Exception.class);
            thrown.add(t);
          }
          fields++;
        }
      }
      assertThat(fields).isGreaterThan(100);
      assertNoCanary(thrown, logs.lines());
      String wire = http.wireText();
      for (String canary : CANARIES) {
        assertThat(wire).as("wire").doesNotContain(canary);
      }
    }
  }

  @Test
  void clientAndPolicyToString_leakNoCanary() {
    try (HipaaS3Client s3 = HipaaS3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.example:8443/" + SSN + "/" + MRN))
        .credentialsProvider(S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN))
        .httpClient(new RecordingHttpClient()).build()) {
      assertNoCanary(List.of(), List.of(s3.toString(), s3.policy().toString()));
    }
  }

  @Test
  void forwardedCalls_sendAndLogNoCanary_atAnyLevelOfAnyLogger() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = client(http)) {
      s3.putObject(b -> b.bucket("b").key(phiKey()).metadata(Map.of("doc", "lab-report")),
          RequestBody.fromString("body"));
      s3.headObject(b -> b.bucket("b").key(phiKey()));
      s3.copyObject(b -> b.sourceBucket("b").sourceKey(phiKey())
          .destinationBucket("b").destinationKey(SSN));
      s3.deleteObject(b -> b.bucket("b").key(phiKey()));
      List<String> lines = new ArrayList<>();
      logs.events().forEach(e -> lines.add(e.getLoggerName() + " " + e.getFormattedMessage()));
      assertThat(lines).as("the SDK's wire log was captured")
          .anyMatch(l -> l.startsWith("software.amazon.awssdk.request"));
      assertNoCanary(List.of(), lines);
      assertNoCanary(List.of(), List.of(http.wireText(),
          java.net.URLDecoder.decode(http.wireText(), java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  @Test
  void phiInNames_isRefusedWithoutEchoingIt() {
    List<Throwable> thrown = new ArrayList<>();
    RecordingHttpClient http = new RecordingHttpClient();
    try (LogCapture logs = new LogCapture(); HipaaS3Client s3 = client(http)) {
      List<Supplier<Object>> calls = List.of(
          () -> s3.putObject(b -> b.bucket("b").key("k").metadata(phiMetadata()),
              RequestBody.fromString("x")),
          () -> s3.putObject(b -> b.bucket("b").key("k").tagging("mrn=" + MRN),
              RequestBody.fromString("x")),
          () -> s3.headBucket(b -> b.bucket("clinic-" + SSN)),
          () -> s3.listObjectsV2(b -> b.bucket("b").prefix("patients/" + SSN)),
          () -> http.hipaaClientBuilder().keyPrefix("tenant-" + SSN).build());
      for (Supplier<Object> call : calls) {
        Throwable t = catchThrowable(call::get);
        assertThat(t).isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED));
        thrown.add(t);
      }
      assertThat(http.requests()).isEmpty();
      assertNoCanary(thrown, logs.lines());
    }
  }

  static void assertNoCanary(List<Throwable> thrown, List<String> logLines) {
    for (Throwable t : thrown) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      for (Throwable c = t; c != null; c = c.getCause()) {
        for (String canary : CANARIES) {
          assertThat(String.valueOf(c.getMessage())).as("exception message").doesNotContain(canary);
        }
      }
      for (String canary : CANARIES) {
        assertThat(trace.toString()).as("stack trace text").doesNotContain(canary);
      }
    }
    for (String line : logLines) {
      for (String canary : CANARIES) {
        assertThat(line).as("log line").doesNotContain(canary);
      }
    }
  }
}
