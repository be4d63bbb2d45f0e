package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.internal.AuditTrail;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Offline: one audit event per gated call, its fields, and the queue's full and failed states. */
class AuditTrailTest {
  static final String ID = "patients/123-45-6789/discharge.pdf";

  /** Collects events in memory; {@link #close} counts closes. */
  static final class MemorySink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    volatile int closes;

    @Override
    public void write(AuditEvent event) {
      events.add(event);
    }

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void everyCall_yieldsExactlyOneEvent() {
    RecordingHttpClient http = new RecordingHttpClient();
    MemorySink sink = new MemorySink();
    String stored;
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).auditActor("svc-records")
        .build()) {
      stored = s3.objectKey(ID);
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("chart"));
      s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID));
      assertThatThrownBy(() -> s3.putObjectAcl(b -> b.bucket("clinic").key(ID).acl("private")))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
      s3.headObject(b -> b.bucket("clinic").key(ID));
    }
    assertThat(sink.closes).as("the client closes its sink").isEqualTo(1);
    assertThat(sink.events).extracting(AuditEvent::operation)
        .containsExactly("PutObject", "GetObject", "PutObjectAcl", "HeadObject");
    AuditEvent put = sink.events.get(0);
    assertThat(put.outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(put.bucket()).contains("clinic");
    assertThat(put.objectKey()).contains(stored);
    assertThat(put.bytes()).hasValue(5);
    assertThat(put.actor()).contains("svc-records");
    assertThat(put.encryption()).contains(EncryptionMode.Kind.SSE_KMS);
    assertThat(put.retainUntil()).get().isInstanceOf(Instant.class);
    assertThat(put.requestId()).contains("TESTREQUESTID");
    assertThat(put.duration()).isPositive();
    AuditEvent get = sink.events.get(1);
    assertThat(get.bytes()).isPresent();
    assertThat(get.retainUntil()).contains(Instant.parse("2100-01-01T00:00:00Z"));
    AuditEvent acl = sink.events.get(2);
    assertThat(acl.outcome()).isEqualTo(AuditOutcome.REFUSED);
    assertThat(acl.violationCode()).contains(ViolationCode.ACL_REFUSED);
    assertThat(acl.objectKey()).as("a refused call records the hashed key").contains(stored);
    assertThat(sink.events).allSatisfy(e -> assertThat(e.toJson()).doesNotContain("123-45"));
  }

  @Test
  void failedCalls_recordTheErrorClassAndRequestId() {
    RecordingHttpClient http = new RecordingHttpClient().route(r ->
        r.method().name().equals("GET") && !RecordingHttpClient.isBucketCheck(r)
            ? new Canned(404, Map.of("x-amz-request-id", "REQ404"),
                "<Error><Code>NoSuchKey</Code><Message>The key 123-45-6789 is gone</Message>"
                    + "</Error>") : null);
    MemorySink sink = new MemorySink();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).build()) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID)))
          .isInstanceOf(NoSuchKeyException.class);
    }
    AuditEvent e = sink.events.get(0);
    assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(e.errorClass()).contains("NoSuchKeyException");
    assertThat(e.requestId()).contains("REQ404");
    assertThat(e.toJson()).doesNotContain("123-45").doesNotContain("gone");

    // A failed check of S3's answer records its violation code.
    RecordingHttpClient plain = new RecordingHttpClient().echoEncryption(false)
        .storedEncryption(Map.of());
    MemorySink checks = new MemorySink();
    try (HipaaS3Client s3 = plain.hipaaClientBuilder().audit(checks).build()) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID)));
    }
    assertThat(checks.events.get(0).outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(checks.events.get(0).violationCode()).contains(ViolationCode.OBJECT_NOT_ENCRYPTED);
  }

  @Test
  void aResponseWithoutResponseMetadata_keepsEveryOtherField() {
    // The S3 Encryption Client builds its multipart puts' responses itself, without response
    // metadata: reading the request ID from one must not cost the event its other fields.
    MemorySink sink = new MemorySink();
    Instant until = Instant.parse("2032-05-01T00:00:00Z");
    PutObjectResponse bare = PutObjectResponse.builder().eTag("\"e-2\"").build();
    assertThat(bare.responseMetadata()).as("the attack's precondition").isNull();
    try (AuditTrail trail = new AuditTrail(sink, 10, QueueFullPolicy.BLOCK, "svc-records",
        EncryptionMode.Kind.CLIENT_SIDE_AES, PhiDetectors.defaults(), id -> "v1/stored",
        Clock.systemUTC())) {
      AuditTrail.Call call = trail.begin("PutObject", PutObjectRequest.builder()
          .bucket("clinic").key(ID).objectLockRetainUntilDate(until).build(), () -> 42L);
      call.end(bare, null);
    }
    assertThat(sink.events).hasSize(1);
    AuditEvent put = sink.events.get(0);
    assertThat(put.outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(put.bucket()).contains("clinic");
    assertThat(put.objectKey()).contains("v1/stored");
    assertThat(put.bytes()).hasValue(42);
    assertThat(put.encryption()).contains(EncryptionMode.Kind.CLIENT_SIDE_AES);
    assertThat(put.retainUntil()).contains(until);
    assertThat(put.actor()).contains("svc-records");
    assertThat(put.requestId()).isEmpty();
  }

  @Test
  void aFieldThatCannotBeRead_isLeftOut_andTheRestIsRecorded() {
    MemorySink sink = new MemorySink();
    try (AuditTrail trail = new AuditTrail(sink, 10, QueueFullPolicy.BLOCK, null,
        EncryptionMode.Kind.SSE_KMS, PhiDetectors.defaults(), id -> "v1/stored",
        Clock.systemUTC())) {
      AuditTrail.Call call = trail.begin("PutObject", PutObjectRequest.builder()
          .bucket("clinic").key(ID).build(), () -> {
            throw new IllegalStateException("the body's count cannot be read");
          });
      call.end(null, null);
    }
    AuditEvent put = sink.events.get(0);
    assertThat(put.bytes()).isEmpty();
    assertThat(put.bucket()).contains("clinic");
    assertThat(put.objectKey()).contains("v1/stored");
    assertThat(put.encryption()).contains(EncryptionMode.Kind.SSE_KMS);
  }

  @Test
  void aBodyOfUnknownLength_isAuditedWithTheBytesStreamed() {
    RecordingHttpClient http = new RecordingHttpClient();
    MemorySink sink = new MemorySink();
    byte[] data = new byte[70_001];
    new java.util.Random(5).nextBytes(data);
    AtomicReference<Integer> opened = new AtomicReference<>(0);
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromContentProvider(() -> {
        opened.set(opened.get() + 1);
        return new ByteArrayInputStream(data);
      }, "application/octet-stream"));
    }
    assertThat(opened.get()).as("the body was read").isPositive();
    AuditEvent put = sink.events.get(0);
    assertThat(put.outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(put.bytes()).hasValue(data.length);
    assertThat(put.bucket()).contains("clinic");
    assertThat(put.retainUntil()).isPresent();
    // The body reached the wire unchanged (the count wraps the stream; it buffers nothing).
    String wire = http.bodies().get(http.bodies().size() - 1);
    assertThat(wire).contains(new String(data, 0, 4096, StandardCharsets.ISO_8859_1));
  }

  @Test
  void closingFromAnInterruptedThread_writesEveryQueuedEventFirst_andKeepsTheFlag() {
    List<String> order = new CopyOnWriteArrayList<>();
    AuditSink slow = new AuditSink() {
      @Override
      public void write(AuditEvent event) throws IOException {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        order.add("write");
      }

      @Override
      public void close() {
        order.add("close");
      }
    };
    AuditTrail trail = new AuditTrail(slow, 10, QueueFullPolicy.BLOCK, null,
        EncryptionMode.Kind.SSE_KMS, PhiDetectors.defaults(), null, Clock.systemUTC());
    for (int i = 0; i < 3; i++) {
      trail.begin("PutObject", PutObjectRequest.builder().bucket("clinic").key("k").build(),
          null).end(null, null);
    }
    boolean flag;
    try {
      Thread.currentThread().interrupt();
      trail.close();
    } finally {
      flag = Thread.interrupted();
    }
    assertThat(flag).as("the interrupt flag is kept").isTrue();
    assertThat(order).containsExactly("write", "write", "write", "close");
  }

  @Test
  void paginatorsAndWaiters_yieldOneEventPerRequest() {
    RecordingHttpClient http = new RecordingHttpClient().route(r -> {
      if (!r.rawQueryParameters().containsKey("list-type")) {
        return null;
      }
      boolean first = !r.rawQueryParameters().containsKey("continuation-token");
      return new Canned(200, Map.of(), "<ListBucketResult><IsTruncated>" + first
          + "</IsTruncated>" + (first ? "<NextContinuationToken>t</NextContinuationToken>" : "")
          + "</ListBucketResult>");
    });
    MemorySink sink = new MemorySink();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).build()) {
      s3.listObjectsV2Paginator(b -> b.bucket("clinic")).forEach(page -> { });
      s3.waiter().waitUntilObjectExists(b -> b.bucket("clinic").key(ID), o -> o.maxAttempts(1));
    }
    assertThat(sink.events).extracting(AuditEvent::operation)
        .containsExactly("ListObjectsV2", "ListObjectsV2", "HeadObject");
  }

  /** A sink that holds every write until released. */
  static final class GatedSink implements AuditSink {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void write(AuditEvent event) throws IOException {
      writing.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      events.add(event);
    }
  }

  @Test
  void aFullQueue_failsTheCallBeforeSending_underFail() throws Exception {
    RecordingHttpClient http = new RecordingHttpClient();
    GatedSink sink = new GatedSink();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).auditQueueCapacity(1)
        .auditQueueFullPolicy(QueueFullPolicy.FAIL).build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("a"));
      assertThat(sink.writing.await(10, TimeUnit.SECONDS)).isTrue();
      int sent = http.requests().size();
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("clinic").key(ID),
          RequestBody.fromString("b")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.AUDIT_UNAVAILABLE))
          .hasMessageContaining("queue is full");
      assertThat(http.requests()).as("nothing sent").hasSize(sent);
      sink.release.countDown();
    }
    assertThat(sink.events).hasSize(1);
  }

  @Test
  void aFullQueue_blocksTheCall_underBlock() throws Exception {
    RecordingHttpClient http = new RecordingHttpClient();
    GatedSink sink = new GatedSink();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).auditQueueCapacity(1)
        .build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("a"));
      assertThat(sink.writing.await(10, TimeUnit.SECONDS)).isTrue();
      CountDownLatch done = new CountDownLatch(1);
      Thread second = new Thread(() -> {
        s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("b"));
        done.countDown();
      });
      second.start();
      assertThat(done.await(300, TimeUnit.MILLISECONDS)).as("blocked while full").isFalse();
      sink.release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).as("runs once there is room").isTrue();
    }
    assertThat(sink.events).hasSize(2);
  }

  @Test
  void aFailedSink_stopsTheClient_andNoEventIsLostSilently() throws Exception {
    RecordingHttpClient http = new RecordingHttpClient();
    AtomicReference<Integer> writes = new AtomicReference<>(0);
    AuditSink broken = event -> {
      writes.set(writes.get() + 1);
      throw new IOException("disk full");
    };
    try (LogCapture logs = new LogCapture();
        HipaaS3Client s3 = http.hipaaClientBuilder().audit(broken).build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("a"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (writes.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("clinic").key(ID),
          RequestBody.fromString("b")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.AUDIT_UNAVAILABLE))
          .hasMessageContaining("IOException");
      assertThat(logs.lines()).anyMatch(l -> l.contains("ERROR")
          && l.contains("\"operation\":\"PutObject\""));
    }
  }

  @Test
  void disabledAudit_isInsecureAndExclusive() {
    RecordingHttpClient http = new RecordingHttpClient();
    assertThatThrownBy(() -> http.hipaaClientBuilder().audit(new MemorySink())
        .insecureDisableAudit(true).build())
        .isInstanceOf(io.github.hipaas3.HipaaS3ConfigurationException.class);
    try (LogCapture logs = new LogCapture();
        HipaaS3Client s3 = http.hipaaClientBuilder().insecureDisableAudit(true).build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("a"));
      assertThat(logs.lines()).anyMatch(l -> l.contains("insecureDisableAudit"))
          .noneMatch(l -> l.contains("\"operation\":\"PutObject\""));
    }
  }

  @Test
  void theDefaultSink_logsJsonAtInfo() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (LogCapture logs = new LogCapture()) {
      try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
        s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("a"));
      }
      assertThat(logs.events()).anyMatch(e -> e.getLoggerName().equals(AuditSinks.LOGGER_NAME)
          && e.getFormattedMessage().startsWith("{\"time\":")
          && e.getFormattedMessage().contains("\"operation\":\"PutObject\""));
    }
  }
}
