package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.audit.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit writer's hand-off: calls never wake it for an event, so these tests check that
 * every event is still written, in order, soon, and after the writer has gone to sleep.
 */
class AuditWriterTest {
  /** A sink that records what it was given and when it was flushed. */
  private static final class Recording implements AuditSink {
    final List<String> written = new CopyOnWriteArrayList<>();
    final List<Long> flushedAt = new CopyOnWriteArrayList<>();
    volatile long lastWriteAt;
    volatile int syncs;

    @Override
    public void write(AuditEvent event) {
      written.add(event.operation());
      lastWriteAt = System.nanoTime();
    }

    boolean flushedSinceLastWrite() {
      long written = lastWriteAt;
      return written != 0 && flushedAt.stream().anyMatch(t -> t >= written);
    }

    @Override
    public void flush() {
      flushedAt.add(System.nanoTime());
    }

    @Override
    public void sync() {
      syncs++;
    }
  }

  private static AuditEvent event(String operation) {
    return AuditEvent.builder().time(Instant.now()).operation(operation)
        .outcome(AuditOutcome.ALLOWED).build();
  }

  private final Recording sink = new Recording();
  private final AuditWriter writer = new AuditWriter(sink, 64);

  @AfterEach
  void stopWriter() {
    writer.close();
  }

  /** Queues one event the way a call does: a slot first, then the event. */
  private void queue(String operation) throws InterruptedException {
    writer.reserve();
    writer.event(event(operation));
  }

  private void awaitWritten(int count, long millis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (sink.written.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  @Test
  void eventsFromManyThreads_areAllWrittenOnceEach_andSlotsComeBack() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread caller = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            // 64 slots for 16,000 events: each slot is released and reused
            queue("op-" + id + "-" + i);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      caller.start();
      callers.add(caller);
    }
    start.countDown();
    for (Thread caller : callers) {
      caller.join(60_000);
      assertThat(caller.isAlive()).as("a caller waited for a slot that never came back")
          .isFalse();
    }
    awaitWritten(threads * perThread, 5_000);
    assertThat(sink.written).hasSize(threads * perThread).doesNotHaveDuplicates();
    // Each thread's events are written in the order it queued them.
    for (int t = 0; t < threads; t++) {
      String prefix = "op-" + t + "-";
      List<String> mine = sink.written.stream().filter(s -> s.startsWith(prefix)).toList();
      for (int i = 0; i < perThread; i++) {
        assertThat(mine.get(i)).isEqualTo(prefix + i);
      }
    }
  }

  @Test
  void anEventAfterTheWriterFellAsleep_wakesIt_insteadOfWaitingOutItsSleep() throws Exception {
    queue("first");
    awaitWritten(1, 2_000);
    // Idle for longer than the naps (about 50 ms): the writer now sleeps until woken (up to a
    // second). The next event must wake it, so it is written far sooner than that second.
    Thread.sleep(300);
    long queued = System.nanoTime();
    queue("second");
    awaitWritten(2, 2_000);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued);
    assertThat(sink.written).containsExactly("first", "second");
    assertThat(tookMillis).as("written %d ms after it was queued", tookMillis)
        .isLessThan(500);
  }

  @Test
  void writtenEvents_areFlushedWithoutAClose() throws Exception {
    queue("only");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!sink.flushedSinceLastWrite() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(sink.written).containsExactly("only");
    assertThat(sink.flushedSinceLastWrite()).as("the sink is flushed once the queue runs empty")
        .isTrue();
  }

  @Test
  void anIntent_isMadeDurableAtOnce_andClose_writesWhatIsQueued() throws Exception {
    Thread.sleep(200); // the writer is asleep
    long start = System.nanoTime();
    writer.intent(event("intent")).get(2, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
    assertThat(sink.syncs).isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      queue("queued-" + i);
    }
    writer.close();
    assertThat(sink.written).hasSize(11).startsWith("intent").endsWith("queued-9");
    assertThat(writer.isAlive()).isFalse();
  }
}
