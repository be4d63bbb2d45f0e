package io.github.hipaas3;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * An Object Lock retention a client may set with {@code retention(...)} instead of each
 * bucket's default retention rule: a mode (COMPLIANCE, which no one, not even the account
 * root, can shorten or delete before its date; or GOVERNANCE), a minimum period, and optionally
 * a legal hold. The retain-until date is computed from the clock at each write. A client
 * without one writes with the bucket's rule; a client with one is refused on a bucket whose
 * rule is stronger.
 *
 * <p>A caller may ask for more (a later retain-until date, or COMPLIANCE where the policy says
 * GOVERNANCE) on a single request; less is refused.
 */
public final class ObjectRetention {
  private final ObjectLockMode mode;
  private final Period minimumPeriod;
  private final boolean legalHold;
  private final Clock clock;

  private ObjectRetention(ObjectLockMode mode, Period minimumPeriod, boolean legalHold,
      Clock clock) {
    this.mode = Objects.requireNonNull(mode, "mode");
    if (mode != ObjectLockMode.COMPLIANCE && mode != ObjectLockMode.GOVERNANCE) {
      throw new IllegalArgumentException("mode must be COMPLIANCE or GOVERNANCE");
    }
    this.minimumPeriod = Objects.requireNonNull(minimumPeriod, "minimumPeriod");
    if (minimumPeriod.isNegative() || minimumPeriod.isZero()) {
      throw new IllegalArgumentException("minimumPeriod must be positive");
    }
    this.legalHold = legalHold;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * COMPLIANCE mode for six years (the HIPAA documentation-retention period of 45 CFR
   * 164.316(b)(2)), no legal hold, the system clock. Not applied unless set: a client without
   * {@code retention(...)} takes each bucket's default rule.
   *
   * @return the default retention
   */
  public static ObjectRetention defaults() {
    return new ObjectRetention(ObjectLockMode.COMPLIANCE, Period.ofYears(6), false,
        Clock.systemUTC());
  }

  /**
   * A retention with the given mode and minimum period, no legal hold, the system clock.
   *
   * @param mode COMPLIANCE or GOVERNANCE
   * @param minimumPeriod how long every object is kept at least
   * @return the retention
   */
  public static ObjectRetention of(ObjectLockMode mode, Period minimumPeriod) {
    return new ObjectRetention(mode, minimumPeriod, false, Clock.systemUTC());
  }

  /**
   * This retention with a legal hold on every write (objects are kept until the hold is
   * removed, whatever their retain-until date).
   *
   * @param hold whether to place a legal hold
   * @return the retention
   */
  public ObjectRetention withLegalHold(boolean hold) {
    return new ObjectRetention(mode, minimumPeriod, hold, clock);
  }

  /**
   * This retention with another clock (for tests, or a trusted time source).
   *
   * @param clock the clock
   * @return the retention
   */
  public ObjectRetention withClock(Clock clock) {
    return new ObjectRetention(mode, minimumPeriod, legalHold, clock);
  }

  /**
   * The mode.
   *
   * @return COMPLIANCE or GOVERNANCE
   */
  public ObjectLockMode mode() {
    return mode;
  }

  /**
   * The minimum period.
   *
   * @return the period
   */
  public Period minimumPeriod() {
    return minimumPeriod;
  }

  /**
   * Whether every write places a legal hold.
   *
   * @return whether a legal hold is placed
   */
  public boolean legalHold() {
    return legalHold;
  }

  /**
   * The earliest retain-until date a write made now may carry: now plus the minimum period,
   * rounded up to the next whole second (S3 keeps seconds).
   *
   * @return the date
   */
  public Instant minimumRetainUntil() {
    return minimumRetainUntil(clock.instant());
  }

  /**
   * The earliest retain-until date for an object written at the given time: that time plus the
   * minimum period, rounded up to the next whole second.
   *
   * @param writtenAt when the object was written
   * @return the date
   */
  public Instant minimumRetainUntil(Instant writtenAt) {
    Instant until = writtenAt.atOffset(ZoneOffset.UTC).plus(minimumPeriod).toInstant();
    Instant seconds = until.truncatedTo(ChronoUnit.SECONDS);
    return seconds.equals(until) ? seconds : seconds.plusSeconds(1);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ObjectRetention that)) {
      return false;
    }
    return mode == that.mode && minimumPeriod.equals(that.minimumPeriod)
        && legalHold == that.legalHold && clock.equals(that.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, minimumPeriod, legalHold, clock);
  }

  @Override
  public String toString() {
    return "ObjectRetention{mode=" + mode + ", minimumPeriod=" + minimumPeriod
        + ", legalHold=" + legalHold + "}";
  }
}
