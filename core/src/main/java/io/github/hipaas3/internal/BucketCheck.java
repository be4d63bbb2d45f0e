package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks, on the first object operation on each bucket, that the bucket has Object Lock and
 * versioning enabled, and remembers buckets that pass (neither setting can be turned off once
 * Object Lock is on). A bucket that fails is checked again on its next use, so fixing it takes
 * effect at once.
 */
public final class BucketCheck {
  private final S3Client raw;
  private final Set<String> passed = ConcurrentHashMap.newKeySet();

  /**
   * Creates the check.
   *
   * @param raw the client that reads the bucket settings (not gated; reads only)
   */
  public BucketCheck(S3Client raw) {
    this.raw = Objects.requireNonNull(raw, "raw");
  }

  /**
   * Refuses the operation unless the bucket has Object Lock and versioning enabled. Errors
   * other than a missing configuration or a denied read (for example NoSuchBucket) are handed
   * on unwrapped.
   *
   * @param rule the operation
   * @param bucket the bucket
   */
  public void require(OperationRule rule, String bucket) {
    if (bucket == null || passed.contains(bucket)) {
      return;
    }
    boolean locked;
    try {
      GetObjectLockConfigurationResponse lock =
          raw.getObjectLockConfiguration(b -> b.bucket(bucket));
      locked = lock.objectLockConfiguration() != null && ObjectLockEnabled.ENABLED
          == lock.objectLockConfiguration().objectLockEnabled();
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
    passed.add(bucket);
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
