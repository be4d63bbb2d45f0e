package io.github.hipaas3.audit;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds a fleet audit sink ({@link AuditSinks#fleet()}): every JVM of a fleet writes its own
 * stream of sealed segments to one bucket, and {@link AuditLogVerifier#verifyBucket} checks
 * every stream under a prefix.
 *
 * <p><b>How it works.</b> Events are written to a segmented log
 * ({@link AuditSinks#jsonLinesSegments}) in a local spool directory, which the sink locks for
 * this process. When a segment is closed (with a final seal, forced to disk), a background
 * thread verifies it with the sealing key and uploads it, in order, through the given
 * {@link HipaaS3Client} to {@code <prefix>/<stream>/seg-<n>.jsonl} (segment numbers grouped in
 * threes, {@code seg-1_234}), where the client encrypts it with its mode and puts it under its
 * COMPLIANCE retention. A failed upload leaves the segment in the spool and is retried after a
 * pause that doubles up to five minutes. When the sink closes it seals its last segment, ships
 * it, and stores an end record ({@code <prefix>/<stream>/end.json}, HMAC-sealed with the same
 * key) that names the last segment and its last seal, so a deleted tail is found. Segments
 * that an earlier process left in the spool (after a crash or a failed upload) are shipped
 * when a fleet sink next starts on it, followed by their stream's end record; of a segment
 * that does not end with a final seal only the lines its seals vouch for are shipped. Events
 * never leave the process unsealed.
 *
 * <p><b>Why pass-through keys.</b> The client must use
 * {@link io.github.hipaas3.KeyMode#PASS_THROUGH}: hashed keys cannot be listed by stream, and
 * the verifier must find every stream under the prefix and every segment of each. The keys are
 * built here from the prefix, the stream name and a number; the prefix and the stream name are
 * checked (lower-case letters, digits, dashes) and screened with the client's PHI detectors
 * when the sink is built, and the client screens every key again on each request.
 *
 * <p>A stream is one run of one writer: the default name ({@code jvm-} and 16 letters of a
 * hash of the host name, process ID, start time and random bytes) is new for every JVM. Give a
 * sink its own client, separate from the one whose calls it audits.
 */
public final class FleetSinkBuilder {
  /** The default segment size at which the next segment starts: 1 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 1 << 20;

  /** The default age at which a segment holding events is closed and shipped: one minute. */
  public static final Duration DEFAULT_SEGMENT_AGE = Duration.ofMinutes(1);

  /** How long {@code close()} waits by default for the last segments to be stored. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private @Nullable S3Client client;
  private @Nullable String bucket;
  private @Nullable String prefix;
  private @Nullable Path spoolDirectory;
  private @Nullable AuditSealingKey key;
  private final String defaultStream = FleetLayout.defaultStreamName();
  private @Nullable String streamName;
  private long segmentBytes = DEFAULT_SEGMENT_BYTES;
  private Duration segmentAge = DEFAULT_SEGMENT_AGE;
  private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  private FleetShipper.Timing timing = FleetShipper.DEFAULT_TIMING;

  FleetSinkBuilder() {}

  /**
   * The client that stores the segments: a {@link HipaaS3Client} in pass-through key mode with
   * COMPLIANCE retention (anything else is refused by {@link #build()}).
   *
   * @param client the client; the sink does not close it
   * @return this builder
   */
  public FleetSinkBuilder client(S3Client client) {
    this.client = client;
    return this;
  }

  /**
   * The bucket (with Object Lock).
   *
   * @param bucket the bucket
   * @return this builder
   */
  public FleetSinkBuilder bucket(String bucket) {
    this.bucket = bucket;
    return this;
  }

  /**
   * The key prefix the streams go under: 1 to 8 segments of lower-case letters, digits and
   * dashes separated by {@code /}, such as {@code audit/prod}.
   *
   * @param prefix the prefix
   * @return this builder
   */
  public FleetSinkBuilder prefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  /**
   * The local directory where segments are written and sealed before they are shipped (one
   * per process; created if missing).
   *
   * @param directory the directory
   * @return this builder
   */
  public FleetSinkBuilder spoolDirectory(Path directory) {
    this.spoolDirectory = directory;
    return this;
  }

  /**
   * The key that seals the segments and the end record.
   *
   * @param key the sealing key
   * @return this builder
   */
  public FleetSinkBuilder sealingKey(AuditSealingKey key) {
    this.key = key;
    return this;
  }

  /**
   * This JVM's stream name, new for every run: 1 to 63 lower-case letters, digits and dashes,
   * starting with a letter, and not flagged by the client's PHI detectors. Defaults to
   * {@link #streamName()}.
   *
   * @param name the name
   * @return this builder
   */
  public FleetSinkBuilder streamName(String name) {
    this.streamName = name;
    return this;
  }

  /**
   * The stream name the sink will write: the one set, or a new default for this builder.
   *
   * @return the name
   */
  public String streamName() {
    return streamName != null ? streamName : defaultStream;
  }

  /**
   * When segments close: at about {@code maxBytes}, or when holding events and {@code maxAge}
   * old (checked every second).
   *
   * @param maxBytes the size (at least 1024)
   * @param maxAge the age (positive)
   * @return this builder
   */
  public FleetSinkBuilder segments(long maxBytes, Duration maxAge) {
    this.segmentBytes = maxBytes;
    this.segmentAge = Objects.requireNonNull(maxAge, "maxAge");
    return this;
  }

  /**
   * How long {@code close()} waits for the last segments and the end record to be stored.
   *
   * @param timeout the timeout
   * @return this builder
   */
  public FleetSinkBuilder closeTimeout(Duration timeout) {
    this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** The shipper's pauses, for tests. */
  FleetSinkBuilder timing(FleetShipper.Timing timing) {
    this.timing = timing;
    return this;
  }

  /**
   * Checks the settings, locks the spool directory, starts the stream's first segment and the
   * shipping thread (which first ships what an earlier process left in the spool).
   *
   * @return the sink
   * @throws HipaaS3ConfigurationException if the client, prefix or stream name is not allowed,
   *     or a setting is missing
   * @throws AuditLogException if another sink holds the spool directory, or it already holds
   *     segments of the stream name
   * @throws IOException if the spool directory cannot be used
   */
  public AuditSink build() throws IOException {
    HipaaS3Client hipaa = FleetLayout.client(client, true);
    if (bucket == null || bucket.isEmpty() || spoolDirectory == null || key == null) {
      throw new HipaaS3ConfigurationException("A fleet audit sink needs a bucket, a spool"
          + " directory and a sealing key.");
    }
    String p = FleetLayout.prefix(prefix, hipaa);
    String s = FleetLayout.streamName(streamName(), hipaa);
    if (segmentBytes < 1024 || segmentAge.isNegative() || segmentAge.isZero()) {
      throw new HipaaS3ConfigurationException("Fleet audit segments need at least 1024 bytes"
          + " and a positive age.");
    }
    return new FleetAuditSink(hipaa, bucket, p, s, spoolDirectory, key, segmentBytes,
        segmentAge, closeTimeout, timing, Clock.systemUTC());
  }

  @Override
  public String toString() {
    return "FleetSinkBuilder{stream " + streamName() + "}";
  }
}
