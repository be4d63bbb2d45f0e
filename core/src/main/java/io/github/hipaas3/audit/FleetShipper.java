package io.github.hipaas3.audit;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3Exception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Ships the closed segments in a fleet sink's spool directory to the bucket, one background
 * thread, in order per stream. A segment is verified with the sealing key before it is sent,
 * and only what its seals vouch for is sent: a whole segment when it ends with a final seal,
 * otherwise its lines up to its last verified seal (the segment a crashed writer left). A
 * segment is deleted from the spool once it is stored; a failed upload leaves it there and is
 * retried after a doubling pause. A stream whose writer is gone (the live stream once closed,
 * or one left by an earlier process) gets an end record after its last segment, naming that
 * segment and its last seal, and then leaves the spool.
 */
final class FleetShipper implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.LOGGER_NAME);

  /** How the shipper paces itself. */
  record Timing(Duration initialBackoff, Duration maxBackoff, Duration tick) {}

  static final Timing DEFAULT_TIMING = new Timing(Duration.ofSeconds(1), Duration.ofMinutes(5),
      Duration.ofSeconds(1));

  private final HipaaS3Client client;
  private final String bucket;
  private final String prefix;
  private final Path spool;
  private final AuditSealingKey key;
  private final String live;
  private final Timing timing;
  private final Runnable onTick;
  private final Thread thread;
  // Guarded by this.
  private long liveClosed = -1;
  private boolean liveEnded;
  private boolean liveDone;
  private boolean stopping;
  private boolean wake;
  private boolean endedSignal;
  private long shipped;
  private long failures;
  private final Map<Long, Long> closedAt = new TreeMap<>();
  private final java.util.Set<String> refused = new java.util.HashSet<>();
  private long maxLatencyNanos;
  private long totalLatencyNanos;
  private long timedSegments;

  FleetShipper(HipaaS3Client client, String bucket, String prefix, Path spool,
      AuditSealingKey key, String live, Timing timing, Runnable onTick) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.spool = spool;
    this.key = key;
    this.live = live;
    this.timing = timing;
    this.onTick = onTick;
    this.thread = new Thread(this, "hipaa-s3-fleet-shipper");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Segments of the live stream up to {@code index} are closed and may be shipped. */
  synchronized void closed(long index) {
    long now = System.nanoTime();
    for (long i = liveClosed + 1; i <= index; i++) {
      closedAt.put(i, now);
    }
    liveClosed = Math.max(liveClosed, index);
    wake = true;
    notifyAll();
  }

  /** The live stream's writer has closed: its last segment is {@link #closed}. */
  synchronized void ended() {
    liveEnded = true;
    wake = true;
    endedSignal = true;
    notifyAll();
  }

  /**
   * Waits until the ended live stream is shipped with its end record, or the timeout passes.
   *
   * @return whether it was shipped
   */
  synchronized boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!liveDone) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.isAlive()) {
        return liveDone;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Stops the thread (an upload in flight is abandoned; its segment stays in the spool). */
  void stop() throws InterruptedException {
    synchronized (this) {
      stopping = true;
      notifyAll();
    }
    thread.interrupt();
    thread.join(10_000);
  }

  synchronized long shipped() {
    return shipped;
  }

  synchronized long failures() {
    return failures;
  }

  /** The slowest and mean time from a live segment's close to its upload, in milliseconds. */
  synchronized String latency() {
    return timedSegments == 0 ? "no segments" : String.format(java.util.Locale.ROOT,
        "max %.1f ms, mean %.1f ms over %d segments", maxLatencyNanos / 1e6,
        totalLatencyNanos / 1e6 / timedSegments, timedSegments);
  }

  @Override
  public void run() {
    Duration backoff = timing.initialBackoff();
    while (true) {
      synchronized (this) {
        if (stopping) {
          return;
        }
        wake = false;
      }
      boolean ok;
      try {
        ok = shipPending();
      } catch (IOException | RuntimeException e) {
        ok = false;
        LOG.warn("Shipping audit segments failed ({}); they stay in the spool", describe(e));
      }
      try {
        synchronized (this) {
          if (stopping) {
            return; // an upload the stop interrupted is not a failure to count
          }
          if (ok) {
            backoff = timing.initialBackoff();
            notifyAll();
            if (!stopping && !wake) {
              wait(timing.tick().toMillis());
            }
          } else {
            failures++;
            LOG.info("Retrying the audit upload in {}", backoff);
            // New segments do not cut the pause short; the writer's close does (one last try).
            long until = System.nanoTime() + backoff.toNanos();
            for (long left = backoff.toNanos(); left > 0 && !stopping && !endedSignal;
                left = until - System.nanoTime()) {
              wait(Math.max(1, left / 1_000_000));
            }
            endedSignal = false;
            backoff = backoff.multipliedBy(2).compareTo(timing.maxBackoff()) > 0
                ? timing.maxBackoff() : backoff.multipliedBy(2);
          }
        }
        onTick.run();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("Rotating the live audit segment failed: {}", describe(e));
      }
    }
  }

  /**
   * Ships what can be shipped now; false when an upload failed. A stream that fails does not
   * hold up the others: order is kept within each stream.
   */
  boolean shipPending() throws IOException {
    return shipPending(SegmentedLogs::list);
  }

  /** Lists a spool directory's segmented logs (a test puts the writer's steps inside it). */
  @FunctionalInterface
  interface Lister {
    @SuppressWarnings("NonApiType") // as SegmentedLogs.list: shipping relies on the index order
    Map<String, TreeMap<Long, Path>> list(Path spool) throws IOException;
  }

  /** {@link #shipPending()} with the spool listed by {@code lister}. */
  boolean shipPending(Lister lister) throws IOException {
    // The live stream's state is read before the spool is listed: its writer closes a segment's
    // file before it reports the segment closed, so the listing then holds every segment up to
    // upTo. Read after the listing (as it was), a segment closed in between was missing from
    // it, the stream counted as shipped, and close() left that segment and the end record in
    // the spool.
    long upTo;
    boolean endedBefore;
    synchronized (this) {
      upTo = liveClosed;
      endedBefore = liveEnded;
    }
    Map<String, TreeMap<Long, Path>> logs = lister.list(spool);
    if (endedBefore && !logs.containsKey(live)) {
      synchronized (this) {
        liveDone = true; // already shipped, end record and all
        notifyAll();
      }
    }
    boolean all = true;
    for (Map.Entry<String, TreeMap<Long, Path>> log : logs.entrySet()) {
      String stream = log.getKey();
      TreeMap<Long, Path> segments = log.getValue();
      if (stream.equals(live)) {
        if (!ship(stream, segments, upTo, endedBefore)) {
          all = false;
        } else if (endedBefore) {
          synchronized (this) {
            liveDone = true;
            notifyAll();
          }
        }
      } else if (!FleetLayout.shippable(stream, client)) {
        if (refused.add(stream)) {
          LOG.error("The spool directory holds a segmented log whose name is not a valid"
              + " stream name, or looks like PHI; it is not shipped. Move it elsewhere.");
        }
      } else if (!ship(stream, segments, segments.lastKey(), true)) {
        all = false;
      }
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return all;
  }

  /** Ships a stream's segments up to {@code upTo}, and its end record when it has ended. */
  @SuppressWarnings("NonApiType") // private: the segments come sorted by index (TreeMap)
  private boolean ship(String stream, TreeMap<Long, Path> segments, long upTo, boolean ended)
      throws IOException {
    for (Map.Entry<Long, Path> e : segments.headMap(upTo, true).entrySet()) {
      long index = e.getKey();
      byte[] whole = Files.readAllBytes(e.getValue());
      byte[] payload = sealedPart(whole);
      AuditLogVerifier.Result shippedAs = AuditLogVerifier.verify(
          new ByteArrayInputStream(payload), key);
      if (shippedAs.status() != AuditLogVerifier.Status.INTACT) {
        LOG.error("Audit segment {} of stream {} does not end with a final seal ({}); only the"
            + " lines its seals vouch for are shipped", index, stream, shippedAs);
      }
      if (!put(FleetLayout.segmentKey(prefix, stream, index), payload, e.getKey(), stream)) {
        return false;
      }
      boolean last = index == upTo;
      if (ended && last) {
        byte[] end = FleetLayout.End.of(stream, index, shippedAs).toJson(key)
            .getBytes(StandardCharsets.UTF_8);
        if (!put(FleetLayout.endKey(prefix, stream), end, -1, stream)) {
          return false;
        }
        LOG.info("Audit stream {} ended after segment {}; its end record is stored", stream,
            index);
      }
      if (payload.length == whole.length) {
        Files.delete(e.getValue());
      } else {
        // The lines no seal vouches for stay here, out of the segment pattern: never shipped,
        // kept for a person to look at.
        Path kept = e.getValue().resolveSibling(e.getValue().getFileName() + ".unsealed");
        Files.move(e.getValue(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("Audit segment {} of stream {} was shipped up to its last seal; the {} bytes"
            + " after it are not vouched for and stay in the spool as {}", index, stream,
            whole.length - payload.length, kept.getFileName());
      }
    }
    return true;
  }

  /**
   * What of a segment's bytes its seals vouch for: all of it when it verifies intact, else its
   * lines up to its last verified seal (its open line alone when no seal verified, nothing when
   * even that line cannot be read). Nothing unsealed leaves the process.
   */
  private byte[] sealedPart(byte[] bytes) throws IOException {
    AuditLogVerifier.Result r = AuditLogVerifier.verify(new ByteArrayInputStream(bytes), key);
    if (r.status() == AuditLogVerifier.Status.INTACT) {
      return bytes;
    }
    long lines = Math.max(r.lastSealLine(), r.fileId().isPresent() ? 1 : 0);
    int end = 0;
    for (long n = 0; n < lines; n++) {
      while (bytes[end] != '\n') {
        end++;
      }
      end++;
    }
    return Arrays.copyOf(bytes, end);
  }

  private boolean put(String objectKey, byte[] payload, long liveIndex, String stream) {
    try {
      client.putObject(b -> b.bucket(bucket).key(objectKey).contentType(objectKey.endsWith(
          ".json") ? "application/json" : "application/x-ndjson"),
          RequestBody.fromBytes(payload));
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
      LOG.warn("Uploading an audit segment of stream {} failed ({}); it stays in the spool and"
          + " is retried", stream, describe(e));
      return false;
    }
    synchronized (this) {
      shipped++;
      Long closed = stream.equals(live) && liveIndex >= 0 ? closedAt.remove(liveIndex) : null;
      if (closed != null) {
        long took = System.nanoTime() - closed;
        maxLatencyNanos = Math.max(maxLatencyNanos, took);
        totalLatencyNanos += took;
        timedSegments++;
      }
    }
    return true;
  }

  /** An exception's type and, for hipaa-s3's own or a service error, what is safe to log. */
  static String describe(Throwable e) {
    if (e instanceof HipaaS3Exception) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    if (e instanceof AwsServiceException s) {
      return e.getClass().getSimpleName() + " (HTTP " + s.statusCode() + ", "
          + (s.awsErrorDetails() == null ? "no code" : s.awsErrorDetails().errorCode()) + ")";
    }
    return e.getClass().getSimpleName();
  }
}
