package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.TestSecrets;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A call on an interrupted thread gets an error that says the thread was interrupted (the SDK's
 * AbortedException, as an interrupted S3Client call would), keeps the interrupt flag, sends
 * nothing, and is audited; it is not reported as an audit outage with advice about disk space.
 */
class InterruptedThreadTest {
  static final String ID = "patients/123-45-6789/discharge.pdf";

  /** Collects events in memory. */
  static final class MemorySink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void write(AuditEvent event) {
      events.add(event);
    }
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static void assertSaysInterrupted(Throwable e) {
    assertThat(e).isInstanceOf(AbortedException.class).isInstanceOf(SdkClientException.class)
        .hasMessageContaining("interrupted")
        .hasMessageContaining("Nothing was sent")
        .hasMessageNotContaining("disk space")
        .hasMessageNotContaining("AUDIT_UNAVAILABLE")
        .hasMessageNotContaining("123-45");
  }

  @Test
  void anInterruptedThread_isToldSo_keepsItsFlag_sendsNothing_andIsAudited() {
    RecordingHttpClient http = new RecordingHttpClient();
    MemorySink sink = new MemorySink();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).build()) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("clinic").key(ID),
          RequestBody.fromString("chart")))
          .satisfies(InterruptedThreadTest::assertSaysInterrupted);
      assertThat(Thread.currentThread().isInterrupted()).as("flag kept").isTrue();
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("clinic").key(ID)))
          .satisfies(InterruptedThreadTest::assertSaysInterrupted);
      assertThat(Thread.currentThread().isInterrupted()).as("flag kept").isTrue();
      Thread.interrupted();
    }
    assertThat(http.requests()).as("nothing sent").isEmpty();
    assertThat(http.bucketChecks()).as("nothing sent").isEmpty();
    assertThat(sink.events).hasSize(2).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
      assertThat(e.errorClass()).contains("AbortedException");
      assertThat(e.bucket()).contains("clinic");
    });
  }

  @Test
  void anInterruptedThread_inClientSideMode_isToldSo() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build()) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("clinic").key(ID),
          RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(new byte[10]),
              "application/octet-stream")))
          .satisfies(InterruptedThreadTest::assertSaysInterrupted);
      assertThat(Thread.currentThread().isInterrupted()).as("flag kept").isTrue();
      Thread.interrupted();
    }
    assertThat(http.requests()).as("nothing sent").isEmpty();
  }

  /** A sink that holds every write until released. */
  static final class GatedSink implements AuditSink {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);

    @Override
    public void write(AuditEvent event) throws IOException {
      writing.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    }
  }

  @Test
  void aThreadInterruptedWhileWaitingForTheAuditQueue_isToldSo_andKeepsItsFlag()
      throws Exception {
    RecordingHttpClient http = new RecordingHttpClient();
    GatedSink sink = new GatedSink();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink).auditQueueCapacity(1)
        .build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("a"));
      assertThat(sink.writing.await(10, TimeUnit.SECONDS)).isTrue();
      int sent = http.requests().size();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean flagAfter = new AtomicBoolean();
      Thread waiting = new Thread(() -> {
        try {
          s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("b"));
        } catch (RuntimeException e) {
          thrown.set(e);
        }
        flagAfter.set(Thread.currentThread().isInterrupted());
      });
      waiting.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (waiting.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(waiting.getState()).as("waiting for room").isEqualTo(Thread.State.WAITING);
      waiting.interrupt();
      waiting.join(10_000);
      assertThat(thrown.get()).satisfies(InterruptedThreadTest::assertSaysInterrupted)
          .hasMessageContaining("audit queue");
      assertThat(flagAfter).as("flag kept").isTrue();
      assertThat(http.requests()).as("nothing sent").hasSize(sent);
      sink.release.countDown();
    }
  }
}
