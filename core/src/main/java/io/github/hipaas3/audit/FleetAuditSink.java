package io.github.hipaas3.audit;

import io.github.hipaas3.HipaaS3Client;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet sink ({@link AuditSinks#fleet}): a segmented log in a spool directory that this
 * process locks, whose closed segments a {@link FleetShipper} sends to the bucket. Events are
 * written and sealed locally first; only sealed segments leave the process.
 */
final class FleetAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.LOGGER_NAME);
  static final String LOCK_FILE = ".fleet.lock";

  private final String stream;
  private final Duration closeTimeout;
  private final FileChannel lockChannel;
  private final @Nullable FileLock lock;
  private final SegmentedAuditSink segments;
  private final FleetShipper shipper;
  private long reported = -1;
  private boolean closed;

  FleetAuditSink(HipaaS3Client client, String bucket, String prefix, String stream, Path spool,
      AuditSealingKey key, long maxBytes, Duration maxAge, Duration closeTimeout,
      FleetShipper.Timing timing, Clock clock) throws IOException {
    this.stream = stream;
    this.closeTimeout = closeTimeout;
    Files.createDirectories(spool);
    this.lockChannel = FileChannel.open(spool.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    }
    this.lock = held;
    try {
      if (lock == null) {
        throw new AuditLogException("Another fleet audit sink holds this spool directory."
            + " Give each process (and each sink) a spool directory of its own.");
      }
      if (SegmentedLogs.list(spool).containsKey(stream)) {
        throw new AuditLogException("The spool directory already holds segments of this"
            + " stream name. A stream is one run of one writer: give each run a new name (the"
            + " default name is new for every JVM); the segments found are shipped as they"
            + " are.");
      }
      this.segments = new SegmentedAuditSink(spool, stream, key, maxBytes, maxAge,
          AuditSinks.DEFAULT_SEAL_EVERY, AuditSinks.DEFAULT_SEAL_INTERVAL, clock);
    } catch (IOException | RuntimeException e) {
      releaseLock();
      throw e;
    }
    this.shipper = new FleetShipper(client, bucket, prefix, spool, key, stream, timing,
        this::rotateIfDue);
    shipper.start();
  }

  /** Called by the shipper on its tick: a segment that is old enough is closed and shipped. */
  private synchronized void rotateIfDue() {
    if (closed) {
      return;
    }
    try {
      segments.rotateIfDue();
    } catch (IOException e) {
      LOG.warn("Could not rotate the audit segment: {}", e.getClass().getSimpleName());
    }
    report();
  }

  private void report() {
    long done = segments.index() - 1;
    if (done > reported) {
      reported = done;
      shipper.closed(done);
    }
  }

  @Override
  public synchronized void write(AuditEvent event) throws IOException {
    segments.write(event);
    report();
  }

  @Override
  public synchronized void flush() throws IOException {
    segments.flush();
    report();
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public synchronized void sync() throws IOException {
    segments.sync();
  }

  /**
   * Closes the last segment with a final seal, then waits up to the close timeout for every
   * segment and the stream's end record to be stored. What is not stored by then stays in
   * the spool and is shipped by the next fleet sink started on it.
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      synchronized (this) {
        segments.close();
        reported = segments.index();
        shipper.closed(reported);
        shipper.ended();
      }
      if (!shipper.drain(closeTimeout)) {
        LOG.warn("Audit stream {} was not fully shipped within {}; its segments stay in the"
            + " spool and are shipped by the next fleet sink started on it", stream,
            closeTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        shipper.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      releaseLock();
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      LOG.debug("Could not release the spool lock: {}", e.getClass().getSimpleName());
    }
  }

  /** The index of the segment being written, for tests. */
  synchronized long currentSegment() {
    return segments.index();
  }

  /** The shipper, for tests. */
  FleetShipper shipper() {
    return shipper;
  }

  @Override
  public String toString() {
    return "FleetAuditSink{stream " + stream + "}";
  }
}
