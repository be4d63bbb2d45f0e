package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * The order of enforcement is one list, and each stage selects its operations from the
 * operation table's traits.
 */
class GateStagesTest {

  private static GateStages stages() {
    EncryptionPolicy encryption = new EncryptionPolicy(EncryptionMode.Kind.SSE_KMS,
        io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN, null, false, bucket -> false);
    return new GateStages(new NamePolicy(io.github.hipaas3.KeyMode.PASS_THROUGH,
        io.github.hipaas3.PhiDetectors.defaults()), encryption, false,
        new RetentionPolicy(false, false, io.github.hipaas3.ObjectRetention.defaults(), false,
            null),
        new IntegrityPolicy(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C,
            false), null, h -> null, r -> null, (c, a) -> null);
  }

  @Test
  void theOrderIsReadableInOnePlace() {
    GateStages stages = stages();
    assertThat(stages.callerStages()).extracting(Stage::name).containsExactly(
        "directory buckets", "request overrides", "ACL fields", "retention fields",
        "PHI screening", "rewrite", "unauthenticated ranges", "client-side limits");
    assertThat(stages.sendStages()).extracting(Stage::name).containsExactly(
        "checksums", "retention on reads", "encryption", "whole object", "bucket protection",
        "client-side copy source", "SSE-C key ID of copies", "retention changes");
  }

  private static Set<String> with(Trait trait) {
    return OperationTable.rules().values().stream().filter(r -> r.has(trait))
        .map(OperationRule::operationName).collect(Collectors.toSet());
  }

  /** The operation sets the gate used to keep in several places, now derived from traits. */
  @Test
  void traitsSelectTheOperationsTheStagesCover() {
    assertThat(with(Trait.READS_OBJECT)).containsExactlyInAnyOrder("GetObject", "HeadObject",
        "GetObjectAttributes", "GetObjectTagging", "GetObjectRetention", "GetObjectLegalHold",
        "GetObjectAcl", "GetObjectAnnotation", "ListObjectAnnotations");
    assertThat(with(Trait.NAMES_EXISTING_OBJECT)).containsExactlyInAnyOrder("DeleteObject",
        "DeleteObjects", "PutObjectTagging", "DeleteObjectTagging", "PutObjectRetention",
        "PutObjectLegalHold", "CopyObject", "UploadPartCopy");
    assertThat(with(Trait.WRITES_DATA)).containsExactlyInAnyOrder("PutObject", "CopyObject",
        "CreateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload");
    assertThat(with(Trait.CREATES_OBJECT)).containsExactlyInAnyOrder("PutObject",
        "CopyObject", "CreateMultipartUpload");
    assertThat(with(Trait.READS_OBJECT_DATA)).containsExactlyInAnyOrder("GetObject",
        "HeadObject");
    // Refused operations carry no traits: no stage ever selects them.
    assertThat(OperationTable.rules().values()).filteredOn(
        r -> r.disposition() == Disposition.REFUSE).allMatch(r -> r.traits().isEmpty());
  }

  /**
   * Per-call state travels with the call: a call made from inside another call's response
   * transformer (a nested call on the same thread) gets its own audit record, and the outer
   * call's record is not disturbed.
   */
  @Test
  void nestedCalls_eachKeepTheirOwnRecord() throws Exception {
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.passThroughClientBuilder()
        .encryption(EncryptionMode.sseKms(io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN))
        .insecureSkipBucketProtectionCheck(true).insecureAllowReadingWithoutChecksums(true)
        .insecureAllowReadingUnretainedObjects(true).insecureAllowReadingUnencryptedObjects(true)
        .audit(events::add).build()) {
      try {
        s3.getObject(b -> b.bucket("b").key("outer"), ResponseTransformer.unmanaged(
            (response, in) -> {
              try {
                s3.putObject(p -> p.bucket("b").key("inner"), RequestBody.fromString("1234"));
              } catch (RuntimeException e) {
                // the recording server's answer does not matter here
              }
              return null;
            }));
      } catch (RuntimeException e) {
        // likewise
      }
    }
    Map<String, AuditEvent> byOperation = events.stream()
        .collect(Collectors.toMap(AuditEvent::operation, e -> e, (a, b) -> a));
    assertThat(events).hasSize(2);
    assertThat(byOperation).containsOnlyKeys("GetObject", "PutObject");
    assertThat(byOperation.get("PutObject").bytes()).hasValue(4L);
  }
}
