package io.github.hipaas3.internal;

import io.github.hipaas3.ObjectRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * The retention one bucket's objects get and must show: the client's {@code retention(...)},
 * or the bucket's Object Lock default retention rule. Writes carry now plus the period (a rule
 * in years adds calendar years, never less than 365 days a year); reads accept what S3 itself
 * would have set for the rule (365 days a year).
 */
final class RetentionRule {
  private final ObjectLockMode mode;
  private final Period period;
  private final Period readPeriod;
  private final boolean legalHold;
  private final @Nullable Clock clock;
  private final @Nullable ObjectRetention client;
  private final String origin;

  private RetentionRule(ObjectLockMode mode, Period period, Period readPeriod, boolean legalHold,
      @Nullable Clock clock, @Nullable ObjectRetention client, String origin) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.period = period;
    this.readPeriod = readPeriod;
    this.legalHold = legalHold;
    this.clock = clock;
    this.client = client;
    this.origin = origin;
  }

  /** The client's retention (its own clock dates the writes). */
  static RetentionRule client(ObjectRetention retention) {
    return new RetentionRule(retention.mode(), retention.minimumPeriod(),
        retention.minimumPeriod(), retention.legalHold(), null, retention, "the client's");
  }

  /**
   * The bucket's default retention rule, or {@code null} when the rule has no mode or period.
   */
  static @Nullable RetentionRule bucketDefault(@Nullable DefaultRetention rule, Clock clock) {
    if (rule == null || rule.mode() == null) {
      return null;
    }
    ObjectLockMode mode = ObjectLockMode.fromValue(rule.modeAsString());
    if (mode != ObjectLockMode.COMPLIANCE && mode != ObjectLockMode.GOVERNANCE) {
      return null;
    }
    if (rule.days() != null && rule.days() > 0) {
      Period days = Period.ofDays(rule.days());
      return new RetentionRule(mode, days, days, false, clock, null, "the bucket's default");
    }
    if (rule.years() != null && rule.years() > 0) {
      return new RetentionRule(mode, Period.ofYears(rule.years()),
          Period.ofDays(365 * rule.years()), false, clock, null, "the bucket's default");
    }
    return null;
  }

  ObjectLockMode mode() {
    return mode;
  }

  boolean legalHold() {
    return legalHold;
  }

  /** "the client's" or "the bucket's default", for messages. */
  String origin() {
    return origin;
  }

  /** The period, for messages ({@code P30D}, {@code P6Y}). */
  Period period() {
    return period;
  }

  /** Whether a lock mode is at least as strong as this rule's (COMPLIANCE beats GOVERNANCE). */
  boolean strongEnough(String lockMode) {
    return ObjectLockMode.COMPLIANCE.toString().equals(lockMode)
        || mode.toString().equals(lockMode);
  }

  /** The retain-until date a write made now carries, rounded up to whole seconds. */
  Instant retainUntil() {
    // A bucket default rule has a clock; the client's rule dates writes itself.
    return client != null ? client.minimumRetainUntil()
        : retainUntil(Objects.requireNonNull(clock, "a bucket rule's clock").instant());
  }

  /** The retain-until date for a write made at the given time, rounded up to whole seconds. */
  Instant retainUntil(Instant writtenAt) {
    return ceilSeconds(writtenAt.atOffset(ZoneOffset.UTC).plus(period).toInstant());
  }

  /** The earliest retain-until date a read accepts for an object written at the given time. */
  Instant readFloor(Instant writtenAt, Duration tolerance) {
    return writtenAt.atOffset(ZoneOffset.UTC).plus(readPeriod).toInstant().minus(tolerance);
  }

  /**
   * Whether this rule is weaker than another: a weaker mode, or a retain-until date earlier
   * than the other's for a write made at {@code now}.
   */
  boolean weakerThan(RetentionRule other, Instant now) {
    return !other.strongEnoughFor(mode) || retainUntil(now).isBefore(other.readUntil(now));
  }

  private boolean strongEnoughFor(ObjectLockMode candidate) {
    return candidate == ObjectLockMode.COMPLIANCE || candidate == mode;
  }

  private Instant readUntil(Instant now) {
    return ceilSeconds(now.atOffset(ZoneOffset.UTC).plus(readPeriod).toInstant());
  }

  private static Instant ceilSeconds(Instant until) {
    Instant seconds = until.truncatedTo(ChronoUnit.SECONDS);
    return seconds.equals(until) ? seconds : seconds.plusSeconds(1);
  }

  @Override
  public String toString() {
    return origin + " " + mode + " for " + period;
  }
}
