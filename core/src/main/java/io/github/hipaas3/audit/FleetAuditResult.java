package io.github.hipaas3.audit;

import io.github.hipaas3.audit.AuditLogVerifier.Status;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What {@link AuditLogVerifier#verifyBucket} found under a prefix: one result per stream, and
 * how many objects under the prefix belong to no stream. Never contains a record's content or
 * an object key other than stream names (which the sink checked and screened).
 */
public final class FleetAuditResult {
  private final Map<String, Stream> streams;
  private final long strayObjects;

  FleetAuditResult(Map<String, Stream> streams, long strayObjects) {
    this.streams = Collections.unmodifiableMap(new TreeMap<>(streams));
    this.strayObjects = strayObjects;
  }

  /** One stream's result. */
  public static final class Stream {
    private final String name;
    private final Status status;
    private final String problem;
    private final long brokenSegment;
    private final List<AuditLogVerifier.Result> segments;
    private final boolean ended;

    Stream(String name, Status status, String problem, long brokenSegment,
        List<AuditLogVerifier.Result> segments, boolean ended) {
      this.name = name;
      this.status = status;
      this.problem = problem;
      this.brokenSegment = brokenSegment;
      this.segments = List.copyOf(segments);
      this.ended = ended;
    }

    /**
     * The stream's name.
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * {@code INTACT} when every segment from 0 is there, verifies, links to the one before and
     * ends with a final seal, and the end record names the last one as found; {@code
     * INCOMPLETE} when all that holds but the stream has no end record (its writer is running,
     * or stopped without shipping it) or its writer stopped without closing; {@code INVALID}
     * otherwise.
     *
     * @return the status
     */
    public Status status() {
      return status;
    }

    /**
     * Whether the stream is intact.
     *
     * @return whether it is
     */
    public boolean intact() {
      return status == Status.INTACT;
    }

    /**
     * What is wrong, or "intact".
     *
     * @return the description
     */
    public String problem() {
      return problem;
    }

    /**
     * The segment number where the stream breaks, if it does at a segment.
     *
     * @return the number
     */
    public OptionalLong brokenSegment() {
      return brokenSegment < 0 ? OptionalLong.empty() : OptionalLong.of(brokenSegment);
    }

    /**
     * Each segment's own result, in order, up to the one that breaks the stream.
     *
     * @return the results
     */
    public List<AuditLogVerifier.Result> segments() {
      return segments;
    }

    /**
     * The events in the segments read.
     *
     * @return the count
     */
    public long events() {
      return segments.stream().mapToLong(AuditLogVerifier.Result::events).sum();
    }

    /**
     * Whether the stream has an end record that verifies.
     *
     * @return whether it has
     */
    public boolean ended() {
      return ended;
    }

    @Override
    public String toString() {
      return name + ": " + status.name().toLowerCase(Locale.ROOT) + " (" + segments.size()
          + " segments, " + events() + " events" + (ended ? ", ended" : "") + "): " + problem;
    }
  }

  /**
   * The streams found under the prefix, by name.
   *
   * @return the streams
   */
  public Map<String, Stream> streams() {
    return streams;
  }

  /**
   * Objects under the prefix that are neither a segment nor an end record of a stream.
   *
   * @return the count
   */
  public long strayObjects() {
    return strayObjects;
  }

  /**
   * {@code INVALID} when a stream is invalid or a stray object was found; otherwise
   * {@code INCOMPLETE} when a stream is incomplete or none was found; otherwise {@code INTACT}.
   *
   * @return the status
   */
  public Status status() {
    if (strayObjects > 0 || streams.values().stream().anyMatch(
        s -> s.status() != Status.INTACT && s.status() != Status.INCOMPLETE)) {
      return Status.INVALID;
    }
    if (streams.isEmpty() || streams.values().stream().anyMatch(s -> !s.intact())) {
      return Status.INCOMPLETE;
    }
    return Status.INTACT;
  }

  /**
   * Whether every stream is intact and nothing else is under the prefix.
   *
   * @return whether it is
   */
  public boolean intact() {
    return status() == Status.INTACT;
  }

  /**
   * The events in all streams.
   *
   * @return the count
   */
  public long events() {
    return streams.values().stream().mapToLong(Stream::events).sum();
  }

  @Override
  public String toString() {
    return status().name().toLowerCase(Locale.ROOT) + " (" + streams.size() + " streams, "
        + events() + " events" + (strayObjects > 0 ? ", " + strayObjects + " stray objects"
        : "") + ")" + streams.values();
  }
}
