package io.github.hipaas3.internal;

import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.posture.BucketPostureAuditor;
import io.github.hipaas3.posture.PostureCheck;
import io.github.hipaas3.posture.PostureReport;
import io.github.hipaas3.posture.PostureRequirements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks, on the first object operation on each bucket, that the bucket has Object Lock and
 * versioning enabled, and reads its default retention rule: without {@code retention(...)} on
 * the client the rule is the retention its objects get (a bucket without one is refused), with
 * it the client's retention must not be weaker than the rule. A bucket that passes is
 * remembered for the cache period (the posture check's {@code cacheFor}) and then read again,
 * so a changed rule is picked up; a bucket that fails is checked again on its next use, so
 * fixing it takes effect at once.
 */
public final class BucketCheck {
  private static final Logger LOG = LoggerFactory.getLogger(BucketCheck.class);

  private final S3Client raw;
  private final boolean lockCheck;
  private final @Nullable RetentionRule clientRetention;
  private final Map<String, Locked> passed = new ConcurrentHashMap<>();
  private final PostureCheck postureMode;
  private final @Nullable BucketPostureAuditor auditor;
  private final Duration postureTtl;
  private final Clock clock;
  private final Map<String, Instant> postureChecked = new ConcurrentHashMap<>();

  /**
   * Creates the check.
   *
   * @param raw the client that reads the bucket settings (not gated; reads only)
   * @param lockCheck whether to check Object Lock and versioning (and read the retention rule)
   * @param clientRetention the client's {@code retention(...)}, or {@code null} when the
   *     bucket's default retention rule is the retention
   * @param postureMode what to do with the full posture audit
   * @param requirements what the posture audit requires
   * @param postureTtl how long a result is kept (posture, and the Object Lock check with its
   *     rule)
   * @param clock the clock for the caches and for dating the bucket's rule
   */
  public BucketCheck(S3Client raw, boolean lockCheck, @Nullable ObjectRetention clientRetention,
      PostureCheck postureMode, PostureRequirements requirements, Duration postureTtl,
      Clock clock) {
    this.raw = Objects.requireNonNull(raw, "raw");
    this.lockCheck = lockCheck;
    this.clientRetention = clientRetention == null ? null
        : RetentionRule.client(clientRetention);
    this.postureMode = Objects.requireNonNull(postureMode, "postureMode");
    this.auditor = postureMode == PostureCheck.OFF ? null
        : new BucketPostureAuditor(raw, requirements);
    this.postureTtl = Objects.requireNonNull(postureTtl, "postureTtl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A bucket that passed the Object Lock check: its default rule (or null) and until when. */
  private record Locked(@Nullable RetentionRule rule, Instant until) {}

  /**
   * Whether the Object Lock check runs (and so the bucket's default retention rule is read).
   *
   * @return whether it runs
   */
  public boolean readsRetentionRule() {
    return lockCheck;
  }

  /**
   * The mode of the bucket's default retention rule as last read, without reading it.
   *
   * @param bucket the bucket
   * @return the mode, or {@code null} when no rule is known
   */
  @Nullable ObjectLockMode knownRuleMode(String bucket) {
    Locked locked = passed.get(bucket);
    return locked == null || locked.rule() == null ? null : locked.rule().mode();
  }

  /**
   * The retention the bucket's objects get and must show: the client's, or else the bucket's
   * default retention rule, read with the Object Lock check (run now unless cached).
   *
   * @param rule the operation
   * @param bucket the bucket
   * @return the retention, or {@code null} when the client has none and the Object Lock check
   *     is skipped (there is no rule to read)
   */
  @Nullable RetentionRule retentionFor(OperationRule rule, @Nullable String bucket) {
    if (clientRetention != null) {
      return clientRetention;
    }
    return lockCheck && bucket != null ? requireLock(rule, bucket).rule() : null;
  }

  /**
   * Runs the checks for the bucket: Object Lock, versioning and the retention rule (cached for
   * the TTL once they pass), then the posture audit (cached for the TTL; a failure under
   * ENFORCE is not cached).
   *
   * @param rule the operation
   * @param bucket the bucket
   */
  public void require(OperationRule rule, String bucket) {
    if (bucket == null) {
      return;
    }
    if (lockCheck) {
      requireLock(rule, bucket);
    }
    if (auditor != null) {
      requirePosture(rule, bucket);
    }
  }

  private void requirePosture(OperationRule rule, String bucket) {
    Instant now = clock.instant();
    Instant until = postureChecked.get(bucket);
    if (until != null && now.isBefore(until)) {
      return;
    }
    PostureReport report = Objects.requireNonNull(auditor, "checked by the caller")
        .audit(bucket);
    if (Interruption.pending()) {
      // An interrupt makes the remaining reads fail (UNKNOWN); such a report says nothing about
      // the bucket, so it is neither enforced nor cached.
      throw Interruption.beforeSending(rule.operationName(), "checking the bucket's posture",
          null);
    }
    List<String> failed = report.failures().stream().map(f -> f.control().name())
        .collect(Collectors.toList());
    List<String> unknown = report.unknowns().stream().map(f -> f.control().name())
        .collect(Collectors.toList());
    if (!unknown.isEmpty()) {
      LOG.warn("Bucket posture could not be read for {} (see BucketPostureAuditor for why).",
          unknown);
    }
    if (!failed.isEmpty()) {
      String message = "The bucket fails the posture controls " + failed + ". Audit it with"
          + " BucketPostureAuditor for the details, and fix it (BucketProvisioner can), or build"
          + " the client with postureCheck(WARN or OFF).";
      if (postureMode == PostureCheck.ENFORCE) {
        throw Violations.refused(ViolationCode.BUCKET_NOT_PROTECTED, rule.operationName(),
            message);
      }
      LOG.warn("{} {}", rule.operationName(), message);
    }
    postureChecked.put(bucket, now.plus(postureTtl));
  }

  /**
   * Refuses the operation unless the bucket has Object Lock and versioning enabled. Errors
   * other than a missing configuration or a denied read (for example NoSuchBucket) are handed
   * on unwrapped.
   *
   * @param rule the operation
   * @param bucket the bucket
   */
  private Locked requireLock(OperationRule rule, String bucket) {
    Instant now = clock.instant();
    Locked cached = passed.get(bucket);
    if (cached != null && now.isBefore(cached.until())) {
      return cached;
    }
    boolean locked;
    DefaultRetention defaultRule = null;
    try {
      GetObjectLockConfigurationResponse lock =
          raw.getObjectLockConfiguration(b -> b.bucket(bucket));
      locked = lock.objectLockConfiguration() != null && ObjectLockEnabled.ENABLED
          == lock.objectLockConfiguration().objectLockEnabled();
      if (locked && lock.objectLockConfiguration().rule() != null) {
        defaultRule = lock.objectLockConfiguration().rule().defaultRetention();
      }
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw denied(rule, "s3:GetBucketObjectLockConfiguration");
      }
      if (!missingLockConfiguration(e)) {
        throw e;
      }
      locked = false;
    }
    if (!locked) {
      throw Violations.refused(ViolationCode.BUCKET_NOT_PROTECTED, rule.operationName(),
          "The bucket does not have Object Lock enabled, so records in it can be overwritten"
              + " or deleted. Object Lock can be turned on for an existing bucket (S3 console:"
              + " Properties, Object Lock; or PutObjectLockConfiguration with"
              + " ObjectLockEnabled=Enabled after enabling versioning), or create the bucket"
              + " through hipaa-s3, which enables it at creation.");
    }
    BucketVersioningStatus versioning;
    try {
      versioning = raw.getBucketVersioning(b -> b.bucket(bucket)).status();
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw denied(rule, "s3:GetBucketVersioning");
      }
      throw e;
    }
    if (versioning != BucketVersioningStatus.ENABLED) {
      throw Violations.refused(ViolationCode.BUCKET_NOT_PROTECTED, rule.operationName(),
          "The bucket has Object Lock but versioning is not enabled, so an overwrite or"
              + " delete would not keep the earlier version. Enable versioning on the bucket"
              + " (PutBucketVersioning with Status=Enabled).");
    }
    RetentionRule bucketRule = RetentionRule.bucketDefault(defaultRule, clock);
    if (clientRetention == null && bucketRule == null) {
      throw Violations.refused(ViolationCode.BUCKET_NOT_PROTECTED, rule.operationName(),
          "The bucket has no Object Lock default retention rule, and the client has no"
              + " retention(...), so nothing says how long its records must be kept. Set the"
              + " rule on the bucket (BucketProvisioner does; or PutObjectLockConfiguration"
              + " with a DefaultRetention mode and Days or Years), or build the client with"
              + " retention(ObjectRetention.of(mode, period)).");
    }
    if (clientRetention != null && bucketRule != null
        && clientRetention.weakerThan(bucketRule, now)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The client's retention (" + clientRetention.mode() + " for "
              + clientRetention.period() + ") is weaker than the bucket's default retention"
              + " rule (" + bucketRule.mode() + " for " + bucketRule.period() + "), so its"
              + " writes would shorten what the bucket keeps. Remove retention(...) from the"
              + " client to use the bucket's rule, or set one at least as long and as strong.");
    }
    Locked result = new Locked(bucketRule, now.plus(postureTtl));
    passed.put(bucket, result);
    return result;
  }

  private static boolean missingLockConfiguration(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return "ObjectLockConfigurationNotFoundError".equals(code)
        || (e.statusCode() == 404 && !"NoSuchBucket".equals(code))
        // S3Mock answers a bucket without Object Lock with 400 InvalidRequest.
        || (e.statusCode() == 400 && "InvalidRequest".equals(code));
  }

  private static RuntimeException denied(OperationRule rule, String permission) {
    return Violations.refused(ViolationCode.BUCKET_NOT_PROTECTED, rule.operationName(),
        "hipaa-s3 checks on first use that a bucket has Object Lock and versioning enabled,"
            + " but reading the setting was denied. Grant " + permission + " (with"
            + " s3:GetBucketObjectLockConfiguration and s3:GetBucketVersioning) to the caller,"
            + " or build the client with insecureSkipBucketProtectionCheck(true) if another"
            + " control (for example the posture auditor in CI) checks the bucket.");
  }
}
