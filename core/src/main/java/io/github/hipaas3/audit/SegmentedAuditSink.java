package io.github.hipaas3.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-lines audit log in numbered segment files {@code <name>.<NNNNNN>.jsonl} in one
 * directory, each a format-2 file as {@link JsonLinesAuditSink} writes it. A segment is closed
 * with a final seal (forced to disk) and the next one started when it reaches
 * {@code maxBytes} or, holding events, {@code maxAge}. Each segment's open line names its index
 * and links to the segment before (file ID, status, last seal line and MAC), and its seals
 * chain on from that MAC, so the chain continues across files; check the whole log with
 * {@link AuditLogVerifier#verifyDirectory}.
 *
 * <p>A new writer never appends to an existing segment: it checks the last segment from its
 * tail only (its first line and the lines from its second-to-last seal on) and starts the next
 * segment, linked to what it found: {@code INTACT} after a clean close, {@code INCOMPLETE}
 * after a crash (lines after the last seal are kept but not vouched for), {@code INVALID} if
 * the tail does not verify (logged at ERROR).
 */
final class SegmentedAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.LOGGER_NAME);

  private final Path directory;
  private final String name;
  private final AuditSealingKey key;
  private final int sealEvery;
  private final Duration sealInterval;
  private final Clock clock;
  private final long maxBytes;
  private final Duration maxAge;
  private JsonLinesAuditSink current;
  private long index;
  private Instant openedAt;

  SegmentedAuditSink(Path directory, String name, AuditSealingKey key, long maxBytes,
      Duration maxAge, int sealEvery, Duration sealInterval, Clock clock) throws IOException {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.name = Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException("name must be a plain, non-empty file name");
    }
    this.key = Objects.requireNonNull(key, "key");
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be at least 1024");
    }
    this.maxBytes = maxBytes;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive");
    }
    this.sealEvery = sealEvery;
    this.sealInterval = Objects.requireNonNull(sealInterval, "sealInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    Files.createDirectories(directory);
    TreeMap<Long, Path> existing = SegmentedLogs.list(directory).getOrDefault(name,
        new TreeMap<>());
    if (existing.isEmpty()) {
      open(0, null);
      LOG.info("Started segmented audit log {} in {}", name, directory);
      return;
    }
    Map.Entry<Long, Path> last = existing.lastEntry();
    AuditLogVerifier.Result tail = SegmentedLogs.verifyTail(last.getValue(), key);
    if (tail.status() == AuditLogVerifier.Status.INCOMPLETE) {
      LOG.warn("The last audit log segment {} was not closed ({}); continuing in a new segment"
          + " that links to it", last.getValue().getFileName(), tail);
    } else if (tail.status() != AuditLogVerifier.Status.INTACT) {
      LOG.error("The last audit log segment {} does not verify ({}); continuing in a new"
          + " segment that records this", last.getValue().getFileName(), tail);
    }
    open(last.getKey() + 1, new JsonLinesAuditSink.Link(tail.status(),
        tail.fileId().orElse(""), tail.lastSealLine(), tail.lastSealMac().orElse("")));
  }

  private void open(long segment, JsonLinesAuditSink.@Nullable Link link) throws IOException {
    current = new JsonLinesAuditSink(SegmentedLogs.segment(directory, name, segment), key,
        sealEvery, sealInterval, clock, segment, link);
    index = segment;
    openedAt = clock.instant();
    syncDirectory();
  }

  /** Makes the new segment's directory entry durable (where the platform allows it). */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Could not sync the audit log directory: {}", e.getClass().getName());
    }
  }

  /** The index of the segment being written; every lower one is closed. */
  long index() {
    return index;
  }

  /** Closes the segment and starts the next when it is full, or holds events and is old. */
  void rotateIfDue() throws IOException {
    boolean full = current.bytes() >= maxBytes;
    boolean old = current.events() > 0 && !clock.instant().isBefore(openedAt.plus(maxAge));
    if (!full && !old) {
      return;
    }
    current.close(); // a final seal, forced to disk
    JsonLinesAuditSink.Link link = new JsonLinesAuditSink.Link(AuditLogVerifier.Status.INTACT,
        current.fileId(), current.lines(), current.lastMac());
    open(index + 1, link);
  }

  @Override
  public void write(AuditEvent event) throws IOException {
    current.write(event);
    rotateIfDue();
  }

  @Override
  public void flush() throws IOException {
    current.flush();
    rotateIfDue();
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public void sync() throws IOException {
    current.sync();
  }

  @Override
  public void close() throws IOException {
    current.close();
  }

  @Override
  public String toString() {
    return "SegmentedAuditSink{" + name + " in " + directory + ", segment "
        + String.format(Locale.ROOT, "%06d", index) + "}";
  }
}
