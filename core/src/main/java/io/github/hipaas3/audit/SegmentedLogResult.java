package io.github.hipaas3.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AuditLogVerifier#verifyDirectory} found in a segmented log. Never contains a
 * record's content.
 */
public final class SegmentedLogResult {
  private final AuditLogVerifier.Status status;
  private final String problem;
  private final @Nullable Path brokenSegment;
  private final List<AuditLogVerifier.Result> segments;

  SegmentedLogResult(AuditLogVerifier.Status status, String problem, @Nullable Path brokenSegment,
      List<AuditLogVerifier.Result> segments) {
    this.status = status;
    this.problem = problem;
    this.brokenSegment = brokenSegment;
    this.segments = List.copyOf(segments);
  }

  /**
   * Whether every segment is there, in order and linked, every earlier segment verifies as
   * its successor recorded it, and the last ends in a final seal.
   *
   * @return whether the log is intact
   */
  public boolean intact() {
    return status == AuditLogVerifier.Status.INTACT;
  }

  /**
   * {@code INTACT}; {@code INCOMPLETE} when everything verifies but the last segment does not
   * end in a final seal (its writer is still open or stopped without closing, or it was cut);
   * {@code INVALID} otherwise.
   *
   * @return the status
   */
  public AuditLogVerifier.Status status() {
    return status;
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
   * The segment file where the log breaks, if it does.
   *
   * @return the file
   */
  public Optional<Path> brokenSegment() {
    return Optional.ofNullable(brokenSegment);
  }

  /**
   * Each segment's own result, in order, up to the one that breaks the log.
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

  @Override
  public String toString() {
    return status.name().toLowerCase(java.util.Locale.ROOT) + " (" + segments.size()
        + " segments, " + events() + " events): " + problem
        + (brokenSegment == null ? "" : " [" + brokenSegment.getFileName() + "]");
  }
}
