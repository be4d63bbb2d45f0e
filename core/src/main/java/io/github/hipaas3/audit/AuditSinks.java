package io.github.hipaas3.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit sinks hipaa-s3 provides. */
public final class AuditSinks {
  /** The logger {@link #slf4j()} writes to. */
  public static final String LOGGER_NAME = "io.github.hipaas3.audit";

  /** Seals are written at least this often by default, in events. */
  public static final int DEFAULT_SEAL_EVERY = 1000;

  /** Seals are written at least this often by default, in time (when events arrive). */
  public static final Duration DEFAULT_SEAL_INTERVAL = Duration.ofMinutes(1);

  private AuditSinks() {}

  /**
   * Each event as one line of JSON at INFO on the {@value #LOGGER_NAME} logger, for log
   * pipelines that already collect application logs.
   *
   * @return the sink
   */
  public static AuditSink slf4j() {
    Logger log = LoggerFactory.getLogger(LOGGER_NAME);
    return new AuditSink() {
      @Override
      public void write(AuditEvent event) {
        log.info("{}", event.toJson());
      }

      @Override
      public String toString() {
        return "AuditSinks.slf4j()";
      }
    };
  }

  /**
   * A JSON-lines file, hash-chained and sealed with HMAC-SHA256 every
   * {@value #DEFAULT_SEAL_EVERY} events, every minute and at close. Check it with
   * {@link AuditLogVerifier#verify}. An existing file is verified with the key first and
   * continued only if it is intact and ends in a final seal; otherwise it is moved aside and a
   * new, linked file is started ({@link AuditLogRecovery#START_NEW_FILE}).
   *
   * @param file the log file
   * @param key the sealing key (keep it where the log's readers can verify with it)
   * @return the sink
   * @throws IOException if the file cannot be opened
   */
  public static AuditSink jsonLines(Path file, AuditSealingKey key) throws IOException {
    return jsonLines(file, key, DEFAULT_SEAL_EVERY, DEFAULT_SEAL_INTERVAL);
  }

  /**
   * A JSON-lines file with the given sealing cadence.
   *
   * @param file the log file
   * @param key the sealing key
   * @param sealEvery seal after this many events
   * @param sealInterval seal when this much time has passed since the last seal
   * @return the sink
   * @throws IOException if the file cannot be opened
   */
  public static AuditSink jsonLines(Path file, AuditSealingKey key, int sealEvery,
      Duration sealInterval) throws IOException {
    return jsonLines(file, key, sealEvery, sealInterval, AuditLogRecovery.START_NEW_FILE);
  }

  /**
   * A JSON-lines file with the given sealing cadence and what to do with an existing file
   * that does not verify.
   *
   * <p>An existing file is verified with the key. If it is intact and ends in a final seal,
   * it is continued (a {@code resume} line, then seals that chain to its last one). Otherwise
   * nothing is written to it: under {@link AuditLogRecovery#START_NEW_FILE} it is renamed, in
   * the same directory, to {@code <name>.<status>-<yyyyMMdd'T'HHmmssSSS'Z'>} (status
   * {@code incomplete}, {@code invalid} or {@code unknown-format}; {@code -1}, {@code -2}, ...
   * appended if that name is taken), a WARN (incomplete) or ERROR (otherwise) is logged, and a
   * new file is started at {@code file} whose first line records the old file's ID, status, and
   * last verified seal (see {@link AuditLogVerifier.Result#follows}); under
   * {@link AuditLogRecovery#REFUSE} this method throws {@link AuditLogException}.
   *
   * @param file the log file
   * @param key the sealing key
   * @param sealEvery seal after this many events
   * @param sealInterval seal when this much time has passed since the last seal
   * @param recovery what to do with an existing file that does not verify
   * @return the sink
   * @throws IOException if the file cannot be read, moved or opened
   * @throws AuditLogException if the file does not verify and {@code recovery} is
   *     {@link AuditLogRecovery#REFUSE}
   */
  public static AuditSink jsonLines(Path file, AuditSealingKey key, int sealEvery,
      Duration sealInterval, AuditLogRecovery recovery) throws IOException {
    return new JsonLinesAuditSink(file, key, sealEvery, sealInterval, Clock.systemUTC(),
        recovery);
  }

  /**
   * A segmented JSON-lines log: numbered segment files {@code <name>.<NNNNNN>.jsonl} (from
   * {@code 000000}) in {@code directory}, each sealed like {@link #jsonLines} (every
   * {@value #DEFAULT_SEAL_EVERY} events, every minute; every seal forced to disk). A segment
   * ends with a final seal and the next starts when it reaches about {@code maxBytes}, or when
   * it holds events and is {@code maxAge} old; each segment's first line names its index and
   * links to the previous segment's file ID and last seal, and its seals chain on from that
   * seal's MAC. An existing log is continued in a new segment after checking only the tail of
   * its last one (so a crashed writer's last segment stays as it was, linked as
   * {@code INCOMPLETE}). Check the whole log with {@link AuditLogVerifier#verifyDirectory}:
   * a missing, reordered, swapped, truncated or foreign segment fails.
   *
   * @param directory the directory (created if missing)
   * @param name the log's name, the segment files' prefix
   * @param key the sealing key
   * @param maxBytes a segment's size at which the next starts (at least 1024)
   * @param maxAge a segment's age at which the next starts
   * @return the sink
   * @throws IOException if the directory or the last segment cannot be read, or a segment
   *     cannot be created
   */
  public static AuditSink jsonLinesSegments(Path directory, String name, AuditSealingKey key,
      long maxBytes, Duration maxAge) throws IOException {
    return new SegmentedAuditSink(directory, name, key, maxBytes, maxAge, DEFAULT_SEAL_EVERY,
        DEFAULT_SEAL_INTERVAL, Clock.systemUTC());
  }

  /**
   * A fleet sink: this JVM's stream of sealed segments, written to a local spool directory and
   * shipped to an S3 bucket with Object Lock through a {@code HipaaS3Client} (encrypted, under
   * COMPLIANCE retention), checked with {@link AuditLogVerifier#verifyBucket}. Events never
   * leave the process unsealed. See {@link FleetSinkBuilder}.
   *
   * @return a builder
   */
  public static FleetSinkBuilder fleet() {
    return new FleetSinkBuilder();
  }

  /**
   * Every event to each sink, in order. If one throws, the others still get the event, and
   * the first failure is thrown after.
   *
   * @param sinks the sinks
   * @return the sink
   */
  public static AuditSink composite(AuditSink... sinks) {
    List<AuditSink> all = List.of(sinks);
    all.forEach(s -> Objects.requireNonNull(s, "sink"));
    return new AuditSink() {
      @Override
      public void write(AuditEvent event) throws IOException {
        each(s -> s.write(event));
      }

      @Override
      public void flush() throws IOException {
        each(AuditSink::flush);
      }

      /** Durable when every sink is: a write-ahead intent must be durable wherever it goes. */
      @Override
      public boolean durable() {
        return all.stream().allMatch(AuditSink::durable);
      }

      @Override
      public void sync() throws IOException {
        each(AuditSink::sync);
      }

      @Override
      public void close() throws IOException {
        each(AuditSink::close);
      }

      private void each(Step step) throws IOException {
        IOException first = null;
        for (AuditSink s : all) {
          try {
            step.run(s);
          } catch (IOException | RuntimeException e) {
            if (first == null) {
              first = e instanceof IOException ioe ? ioe : new IOException(e);
            } else {
              first.addSuppressed(e);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      }

      @Override
      public String toString() {
        return "AuditSinks.composite" + all;
      }
    };
  }

  @FunctionalInterface
  private interface Step {
    void run(AuditSink sink) throws IOException;
  }
}
