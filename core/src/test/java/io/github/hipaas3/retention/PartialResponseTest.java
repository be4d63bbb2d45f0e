package io.github.hipaas3.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.TestSecrets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A lying server (or proxy) answers a whole-object get with a slice: status 206 and/or a
 * Content-Range header, with every other header a real answer would have (encryption, lock,
 * a checksum that matches the slice). The get is refused with PARTIAL_RESPONSE before the
 * caller's transformer sees a byte.
 */
class PartialResponseTest {
  static final String ID = "patients/123-45-6789/chart.pdf";
  /** CRC32C of "hello", as S3 sends it. */
  static final String HELLO_CRC32C = "mnG7TA==";

  /** Collects events in memory. */
  static final class MemorySink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void write(AuditEvent event) {
      events.add(event);
    }
  }

  /** Answers gets with "hello" and the given status and extra headers. */
  private static RecordingHttpClient answering(int status, Map<String, String> extra) {
    return new RecordingHttpClient().route(r -> {
      if (!r.method().name().equals("GET") || RecordingHttpClient.isBucketCheck(r)) {
        return null;
      }
      Map<String, String> headers = new HashMap<>(extra);
      headers.putAll(RecordingHttpClient.kmsEncryption(TestSecrets.KMS_KEY_ARN));
      headers.put("x-amz-object-lock-mode", "COMPLIANCE");
      headers.put("x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z");
      headers.put("x-amz-checksum-crc32c", HELLO_CRC32C);
      return new Canned(status, headers, "hello");
    });
  }

  private static void refusedWithNothingHandedOver(HipaaS3Client s3) {
    AtomicInteger transformed = new AtomicInteger();
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("clinic").key(ID),
        (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
          transformed.incrementAndGet();
          return in.readAllBytes();
        }))
        .isInstanceOfSatisfying(HipaaS3SecurityException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PARTIAL_RESPONSE))
        .hasMessageContaining("whole object")
        .hasMessageNotContaining("123-45");
    assertThat(transformed).as("the caller's transformer was never called").hasValue(0);
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID)))
        .isInstanceOfSatisfying(HipaaS3SecurityException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PARTIAL_RESPONSE));
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("clinic").key(ID)).readAllBytes())
        .isInstanceOfSatisfying(HipaaS3SecurityException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PARTIAL_RESPONSE));
  }

  @Test
  void theSameAnswerWithoutARange_isRead() {
    // The control: with status 200 and no Content-Range the canned answer passes every check.
    try (HipaaS3Client s3 = answering(200, Map.of()).hipaaClientBuilder().build()) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID)).asUtf8String())
          .isEqualTo("hello");
    }
  }

  @Test
  void status206WithContentRange_toAWholeGet_isRefused_andAudited() {
    MemorySink sink = new MemorySink();
    try (HipaaS3Client s3 = answering(206, Map.of("Content-Range", "bytes 0-4/5000"))
        .hipaaClientBuilder().audit(sink).build()) {
      refusedWithNothingHandedOver(s3);
    }
    assertThat(sink.events).hasSize(3).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
      assertThat(e.violationCode()).contains(ViolationCode.PARTIAL_RESPONSE);
    });
  }

  @Test
  void aContentRangeWithStatus200_isRefused() {
    try (HipaaS3Client s3 = answering(200, Map.of("Content-Range", "bytes 0-4/5000"))
        .hipaaClientBuilder().build()) {
      refusedWithNothingHandedOver(s3);
    }
  }

  @Test
  void status206WithoutContentRange_isRefused() {
    try (HipaaS3Client s3 = answering(206, Map.of()).hipaaClientBuilder().build()) {
      refusedWithNothingHandedOver(s3);
    }
  }

  @Test
  void aPartialAnswer_isRefusedBeforeDecryption_inClientSideMode() {
    RecordingHttpClient http = answering(206, Map.of("Content-Range", "bytes 0-4/5000",
        "x-amz-meta-x-amz-c", "115", "x-amz-meta-x-amz-d", "AAAA",
        "x-amz-meta-x-amz-i", "AAAA"));
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build()) {
      refusedWithNothingHandedOver(s3);
    }
  }

  @Test
  void aRangedGet_answeredWithItsRange_isRead() {
    try (HipaaS3Client s3 = answering(206, Map.of("Content-Range", "bytes 0-4/5000"))
        .hipaaClientBuilder().build()) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID).range("bytes=0-4"))
          .asUtf8String()).isEqualTo("hello");
    }
  }
}
