package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A workload full of PHI-looking values (object IDs, metadata, tags, headers, bucket names,
 * pass-through keys, and S3 errors that echo them): none of them reaches the audit output,
 * neither the sealed file nor the audit logger.
 */
class AuditPhiCanaryTest {
  static final String SSN = "123-45-6789";
  static final String NAME = "Jane Q Doe";
  static final String MRN = "MRN00482913";
  static final String PHONE = "212-555-0143";
  static final List<String> CANARIES = List.of(SSN, NAME, MRN, PHONE, "123456789",
      "Jane", "00482913");

  @TempDir
  Path dir;

  private static void attempt(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException expected) {
      // refusals and failures are part of the workload
    }
  }

  @Test
  void canaries_appearNowhereInTheAuditOutput() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditSealingKey key = AuditSealingKey.generate();
    String echo = "<Error><Code>NoSuchKey</Code><Message>No key " + SSN + " for " + NAME
        + "</Message><Key>patients/" + MRN + "</Key></Error>";
    RecordingHttpClient http = new RecordingHttpClient().route(r ->
        r.getUri().getPath().contains("missing") || r.rawQueryParameters().containsKey("tagging")
            ? new Canned(404, Map.of(), echo) : null);
    try (LogCapture logs = new LogCapture()) {
      try (HipaaS3Client s3 = http.hipaaClientBuilder()
          .audit(AuditSinks.composite(AuditSinks.jsonLines(file, key), AuditSinks.slf4j()))
          .build();
          HipaaS3Client passThrough = http.passThroughClientBuilder()
              .audit(AuditSinks.composite(AuditSinks.jsonLines(dir.resolve("pt.jsonl"), key),
                  AuditSinks.slf4j())).build()) {
        String id = "patients/" + SSN + "/" + NAME + "/" + MRN + ".pdf";
        s3.putObject(b -> b.bucket("clinic").key(id).metadata(Map.of("patient", NAME)),
            RequestBody.fromString("note for " + NAME));
        attempt(() -> s3.putObject(b -> b.bucket("clinic").key(id)
            .metadata(Map.of("ssn", SSN)), RequestBody.fromString("x")));
        attempt(() -> s3.putObject(b -> b.bucket("clinic").key(id)
            .contentDisposition("attachment; filename=\"" + MRN + ".pdf\""),
            RequestBody.fromString("x")));
        attempt(() -> s3.putObjectTagging(b -> b.bucket("clinic").key(id)
            .tagging(t -> t.tagSet(Tag.builder().key("phone").value(PHONE).build()))));
        attempt(() -> s3.getObjectAsBytes(b -> b.bucket("clinic-" + SSN).key(id)));
        attempt(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(id + "-missing")));
        attempt(() -> s3.deleteObject(b -> b.bucket("clinic").key(id).versionId("v1")));
        attempt(() -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("patients/" + SSN)));
        // Opaque fields and override channels: refused, and the caller's value never recorded.
        attempt(() -> s3.deleteObject(b -> b.bucket("clinic").key(id).versionId(SSN)));
        attempt(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(id)
            .versionId("x" + MRN + "y" + NAME.replace(' ', '.'))));
        attempt(() -> s3.listObjectsV2(b -> b.bucket("clinic").continuationToken(SSN)));
        attempt(() -> s3.abortMultipartUpload(b -> b.bucket("clinic").key(id).uploadId(MRN)));
        attempt(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(id).ifMatch(PHONE)));
        attempt(() -> s3.headObject(b -> b.bucket("clinic").key(id).expectedBucketOwner(SSN)));
        attempt(() -> s3.putObject(b -> b.bucket("clinic").key(id).overrideConfiguration(
            o -> o.putHeader("x-amz-meta-patient", NAME)), RequestBody.fromString("x")));
        attempt(() -> s3.deleteObject(b -> b.bucket("clinic").key(id).overrideConfiguration(
            o -> o.putRawQueryParameter("versionId", SSN))));
        attempt(() -> passThrough.putObject(b -> b.bucket("clinic").key("notes/" + PHONE),
            RequestBody.fromString("x")));
        attempt(() -> passThrough.getObjectAsBytes(b -> b.bucket("clinic")
            .key("notes/" + NAME + "/missing")));
      }
      String fileText = Files.readString(file, StandardCharsets.UTF_8)
          + Files.readString(dir.resolve("pt.jsonl"), StandardCharsets.UTF_8);
      String auditLog = logs.events().stream()
          .filter(e -> e.getLoggerName().startsWith(AuditSinks.LOGGER_NAME)
              || e.getLoggerName().contains("AuditTrail"))
          .map(e -> e.getFormattedMessage()).collect(Collectors.joining("\n"));
      assertThat(fileText.lines().filter(l -> l.contains("\"type\":\"event\"")).count())
          .as("one event per call").isEqualTo(18);
      assertThat(auditLog.lines().count()).isEqualTo(18);
      for (String canary : CANARIES) {
        assertThat(fileText).as("file").doesNotContain(canary);
        assertThat(auditLog).as("audit log").doesNotContain(canary);
      }
      assertThat(AuditLogVerifier.verify(file, key).intact()).isTrue();
      assertThat(fileText).contains("\"outcome\":\"REFUSED\",\"violationCode\":\"PHI_DETECTED\"");
      assertThat(fileText).contains("\"violationCode\":\"INVALID_VALUE\"",
          "\"violationCode\":\"REQUEST_OVERRIDE_REFUSED\"");
    }
  }
}
