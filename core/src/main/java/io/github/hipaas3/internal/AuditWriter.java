package io.github.hipaas3.internal;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.audit.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background writer of one {@link AuditTrail}: a bounded queue of records and the thread
 * that writes them to the sink in batches.
 *
 * <p>A call reserves a slot ({@link #tryReserve}, {@link #reserve}) before it is sent and
 * queues its event when it ends; the writer releases the slot once the event is written. A
 * call never wakes the writer for an event: while calls keep coming the writer naps
 * {@link #NAP_NANOS} whenever the queue is empty and writes what arrived since in one batch,
 * then flushes the sink, so an event is written within about a millisecond and calls pay for no
 * system call (waking a thread was the largest part of the audit's cost per call). After
 * {@link #NAPS_BEFORE_SLEEP} empty naps the writer sleeps until the next record wakes it. An
 * intent record (write-ahead auditing), whose caller waits until it is durable, wakes the
 * writer at once; every intent waiting is written before one sync (group commit).
 *
 * <p>If the sink fails, {@link #failure()} says so from then on and records still queued are
 * logged at ERROR, not lost silently.
 */
final class AuditWriter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final AuditEvent STOP = AuditEvent.builder().time(Instant.EPOCH)
      .operation("stop").outcome(AuditOutcome.ALLOWED).build();
  /** How long the writer naps when the queue is empty while calls keep coming. */
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Empty naps in a row (about 50 ms without calls) before the writer sleeps until woken. */
  private static final int NAPS_BEFORE_SLEEP = 50;

  private final AuditSink sink;
  private final Semaphore slots;
  /** {@link AuditEvent}s, {@link Intent}s and {@link #STOP}; bounded by {@link #slots}. */
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final Thread writer;
  /** Set while the writer sleeps until woken: the next record wakes it. */
  private volatile boolean writerAsleep;
  private volatile @Nullable Throwable failure;

  /**
   * Starts the writer thread.
   *
   * @param sink where records go
   * @param capacity how many events may wait for the writer
   */
  AuditWriter(AuditSink sink, int capacity) {
    this.sink = Objects.requireNonNull(sink, "sink");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.slots = new Semaphore(capacity);
    this.writer = new Thread(this::drain, "hipaa-s3-audit");
    writer.setDaemon(true);
    writer.start();
  }

  /** Takes a queue slot if one is free. */
  boolean tryReserve() {
    return slots.tryAcquire();
  }

  /** Waits for a queue slot. */
  void reserve() throws InterruptedException {
    slots.acquire();
  }

  /** What made the sink fail, or null. */
  @Nullable Throwable failure() {
    return failure;
  }

  /** Whether the writer thread still runs. */
  boolean isAlive() {
    return writer.isAlive();
  }

  /** Queues the event of a call that reserved a slot. */
  void event(AuditEvent event) {
    enqueue(event);
  }

  /**
   * Queues an intent record and wakes the writer.
   *
   * @return completed once the record is durable, exceptionally if it cannot be
   */
  CompletableFuture<Void> intent(AuditEvent event) {
    Intent intent = new Intent(event);
    enqueue(intent);
    return intent.durable;
  }

  /** An intent record and the call waiting until it is durable. */
  static final class Intent {
    final AuditEvent event;
    final CompletableFuture<Void> durable = new CompletableFuture<>();

    Intent(AuditEvent event) {
      this.event = event;
    }
  }

  private void drain() {
    List<Object> batch = new ArrayList<>();
    List<Intent> waiting = new ArrayList<>();
    int emptyNaps = 0;
    while (true) {
      Object first = queue.poll();
      if (first == null) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        emptyNaps = nap(emptyNaps);
        continue;
      }
      emptyNaps = 0;
      batch.clear();
      waiting.clear();
      batch.add(first);
      // Group commit: every record waiting now is written before one sync.
      for (Object next; batch.size() < 4096 && (next = queue.poll()) != null; ) {
        batch.add(next);
      }
      boolean stop = false;
      for (Object item : batch) {
        if (item == STOP) {
          stop = true;
          continue;
        }
        if (item instanceof Intent intent) {
          waiting.add(intent);
          write(intent.event);
        } else {
          try {
            write((AuditEvent) item);
          } finally {
            slots.release();
          }
        }
      }
      if (!waiting.isEmpty()) {
        if (failure == null) {
          try {
            sink.sync();
          } catch (Exception | Error e) {
            failure = e;
            LOG.error("The audit sink failed to make intent records durable ({}); calls are"
                + " refused from now on.", e.getClass().getName(), e);
          }
        }
        Throwable failed = failure;
        for (Intent intent : waiting) {
          if (failed == null) {
            intent.durable.complete(null);
          } else {
            intent.durable.completeExceptionally(failed);
          }
        }
      }
      if (stop) {
        flushQuietly();
        return;
      }
    }
  }

  /**
   * Waits for records when the queue is empty: the first empty look flushes what was written,
   * then the writer naps {@link #NAP_NANOS} at a time, and after {@link #NAPS_BEFORE_SLEEP}
   * empty naps sleeps until a record wakes it (or a second passes).
   *
   * @param emptyNaps empty naps so far
   * @return empty naps now
   */
  private int nap(int emptyNaps) {
    if (emptyNaps == 0) {
      flushQuietly();
    }
    if (emptyNaps < NAPS_BEFORE_SLEEP) {
      LockSupport.parkNanos(this, NAP_NANOS);
      return emptyNaps + 1;
    }
    writerAsleep = true;
    // Checked after the flag is set: a record queued before it was set is seen here, one
    // queued after it wakes the writer.
    if (queue.isEmpty()) {
      LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
    }
    writerAsleep = false;
    return emptyNaps;
  }

  /**
   * Queues a record. The writer is woken only when it sleeps, or when a caller waits for the
   * record (an intent) or for the writer to finish (stop).
   */
  private void enqueue(Object record) {
    queue.add(record);
    if (writerAsleep || !(record instanceof AuditEvent) || record == STOP) {
      LockSupport.unpark(writer);
    }
  }

  /** Writes one record, or logs it when the sink failed earlier. */
  private void write(AuditEvent event) {
    try {
      if (failure == null) {
        sink.write(event);
      } else {
        LOG.error("Audit event not written (the audit sink failed earlier): {}",
            event.toJson());
      }
    } catch (Exception | Error e) {
      failure = e;
      LOG.error("The audit sink failed ({}); calls are refused from now on. Event not"
          + " written: {}", e.getClass().getName(), event.toJson(), e);
    }
  }

  private void flushQuietly() {
    if (failure != null) {
      return;
    }
    try {
      sink.flush();
    } catch (Exception | Error e) {
      failure = e;
      LOG.error("The audit sink failed to flush ({}); calls are refused from now on.",
          e.getClass().getName(), e);
    }
  }

  /** Writes what is queued, then closes the sink. */
  void close() {
    enqueue(STOP);
    // The queued events are written before the sink closes, even when the closing thread is
    // interrupted (it waits on, then keeps its interrupt flag).
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (writer.isAlive() && System.nanoTime() < deadline) {
      try {
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      sink.close();
    } catch (Exception e) {
      LOG.error("The audit sink failed to close ({}); its last records may be missing.",
          e.getClass().getName(), e);
    }
  }
}
