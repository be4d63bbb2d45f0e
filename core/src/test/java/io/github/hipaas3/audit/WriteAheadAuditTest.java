package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Offline: write-ahead auditing makes each call's intent durable before the call is sent. */
class WriteAheadAuditTest {
  static final String ID = "patients/123-45-6789/discharge.pdf";

  /** In memory; records which events were synced, and how often. */
  static class DurableSink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final List<AuditEvent> synced = new CopyOnWriteArrayList<>();
    final AtomicInteger syncs = new AtomicInteger();
    volatile long syncMillis;
    volatile boolean failSync;

    @Override
    public synchronized void write(AuditEvent event) {
      events.add(event);
    }

    @Override
    public boolean durable() {
      return true;
    }

    @Override
    public void sync() throws IOException {
      if (failSync) {
        throw new IOException("disk full");
      }
      try {
        Thread.sleep(syncMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        synced.clear();
        synced.addAll(events);
      }
      syncs.incrementAndGet();
    }
  }

  @Test
  void theIntentIsDurableBeforeTheRequestIsSent_andTheOutcomeNamesTheSameCall() {
    DurableSink sink = new DurableSink();
    List<Long> intentsDurableAtSend = new ArrayList<>();
    RecordingHttpClient http = new RecordingHttpClient().route(r -> {
      if (r.method().name().equals("PUT") && !RecordingHttpClient.isBucketCheck(r)) {
        intentsDurableAtSend.add(sink.synced.stream()
            .filter(e -> e.outcome() == AuditOutcome.INTENT).count());
      }
      return null;
    });
    String stored;
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink)
        .auditDurability(AuditDurability.WRITE_AHEAD).build()) {
      assertThat(s3.policy().audit().durability()).isEqualTo(AuditDurability.WRITE_AHEAD);
      assertThat(s3.policy().toString()).contains("WRITE_AHEAD");
      stored = s3.objectKey(ID);
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("chart"));
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("chart 2"));
      assertThatThrownBy(() -> s3.putObjectAcl(b -> b.bucket("clinic").key(ID).acl("private")))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
    }
    assertThat(intentsDurableAtSend).as("the n-th put is sent after n intents were synced")
        .containsExactly(1L, 2L);
    List<AuditEvent> events = sink.events;
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditOutcome.INTENT,
        AuditOutcome.ALLOWED, AuditOutcome.INTENT, AuditOutcome.ALLOWED, AuditOutcome.REFUSED);
    AuditEvent intent = events.get(0);
    assertThat(intent.operation()).isEqualTo("PutObject");
    assertThat(intent.bucket()).contains("clinic");
    assertThat(intent.objectKey()).contains(stored);
    assertThat(intent.callId()).isPresent();
    assertThat(events.get(1).callId()).isEqualTo(intent.callId());
    assertThat(events.get(2).callId()).isPresent().isNotEqualTo(intent.callId());
    assertThat(events.get(4).callId()).as("a refused call was never sent: no intent").isEmpty();
    assertThat(events).allSatisfy(e -> assertThat(e.toJson()).doesNotContain("123-45"));
  }

  @Test
  void concurrentCalls_shareOneSync() throws Exception {
    DurableSink sink = new DurableSink();
    sink.syncMillis = 30;
    int threads = 8;
    int perThread = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (HipaaS3Client s3 = new RecordingHttpClient().hipaaClientBuilder().audit(sink)
        .auditDurability(AuditDurability.WRITE_AHEAD).build()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            int n = i;
            s3.putObject(b -> b.bucket("clinic").key("obj-" + thread + "-" + n),
                RequestBody.fromString("x"));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long intents = sink.events.stream().filter(e -> e.outcome() == AuditOutcome.INTENT).count();
    assertThat(intents).isEqualTo(threads * perThread);
    assertThat(sink.syncs.get()).as("group commit: fewer syncs than intents")
        .isLessThan((int) intents);
    Set<String> ids = sink.events.stream().map(e -> e.callId().orElseThrow())
        .collect(Collectors.toSet());
    assertThat(ids).hasSize(threads * perThread);
  }

  @Test
  void anIntentThatCannotBeMadeDurable_refusesTheCall_andNothingIsSent() {
    DurableSink sink = new DurableSink();
    sink.failSync = true;
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().audit(sink)
        .auditDurability(AuditDurability.WRITE_AHEAD).build()) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("clinic").key(ID),
          RequestBody.fromString("chart")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.AUDIT_UNAVAILABLE));
      assertThat(http.requests()).noneMatch(r -> r.method().name().equals("PUT")
          && !RecordingHttpClient.isBucketCheck(r));
    }
  }

  @Test
  void writeAhead_isRefusedWithASinkThatIsNotDurable() {
    RecordingHttpClient http = new RecordingHttpClient();
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .auditDurability(AuditDurability.WRITE_AHEAD).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("durable").hasMessageContaining("SLF4J");
    assertThatThrownBy(() -> http.hipaaClientBuilder().audit(AuditSinks.slf4j())
        .auditDurability(AuditDurability.WRITE_AHEAD).build())
        .isInstanceOf(HipaaS3ConfigurationException.class);
    DurableSink durable = new DurableSink();
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .audit(AuditSinks.composite(durable, AuditSinks.slf4j()))
        .auditDurability(AuditDurability.WRITE_AHEAD).build())
        .as("a composite is durable only when every sink is")
        .isInstanceOf(HipaaS3ConfigurationException.class);
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      assertThat(s3.policy().audit().durability()).isEqualTo(AuditDurability.QUEUED);
    }
  }

  @Test
  void aJsonLinesLog_withIntents_verifies(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditSealingKey key = AuditSealingKey.generate();
    try (HipaaS3Client s3 = new RecordingHttpClient().hipaaClientBuilder()
        .audit(AuditSinks.jsonLines(file, key))
        .auditDurability(AuditDurability.WRITE_AHEAD).build()) {
      s3.putObject(b -> b.bucket("clinic").key(ID), RequestBody.fromString("chart"));
      s3.headObject(b -> b.bucket("clinic").key(ID));
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, key);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.events()).isEqualTo(4);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains("\"outcome\":\"INTENT\"").contains("\"callId\":\"");
    // Strictness is kept: a key the schema does not know is still rejected.
    Path edited = dir.resolve("edited.jsonl");
    Files.writeString(edited, text.replaceFirst("\"callId\"", "\"callID\""));
    assertThat(AuditLogVerifier.verify(edited, key).status())
        .isEqualTo(AuditLogVerifier.Status.INVALID);
  }
}
