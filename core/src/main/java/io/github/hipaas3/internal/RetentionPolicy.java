package io.github.hipaas3.internal;

import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.PutObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Keeps records: a delete without a version ID only adds a delete marker (the data stays, as a
 * noncurrent version), but deleting a version removes the data for good, and bypassing
 * governance-mode retention removes the lock that keeps it. Both are refused unless the client
 * was built with the matching {@code insecure...} opt-in.
 */
public final class RetentionPolicy {
  static final String MODE = "ObjectLockMode";
  static final String UNTIL = "ObjectLockRetainUntilDate";
  static final String HOLD = "ObjectLockLegalHoldStatus";

  /** The typed builder setters of the Object Lock fields, for the writes that create objects. */
  static final TypedSetters SETTERS = TypedSetters.builder()
      .type(PutObjectRequest.class, PutObjectRequest.Builder.class)
      .set(MODE, String.class, PutObjectRequest.Builder::objectLockMode)
      .set(UNTIL, Instant.class, PutObjectRequest.Builder::objectLockRetainUntilDate)
      .set(HOLD, String.class, PutObjectRequest.Builder::objectLockLegalHoldStatus)
      .type(CopyObjectRequest.class, CopyObjectRequest.Builder.class)
      .set(MODE, String.class, CopyObjectRequest.Builder::objectLockMode)
      .set(UNTIL, Instant.class, CopyObjectRequest.Builder::objectLockRetainUntilDate)
      .set(HOLD, String.class, CopyObjectRequest.Builder::objectLockLegalHoldStatus)
      .type(CreateMultipartUploadRequest.class, CreateMultipartUploadRequest.Builder.class)
      .set(MODE, String.class, CreateMultipartUploadRequest.Builder::objectLockMode)
      .set(UNTIL, Instant.class, CreateMultipartUploadRequest.Builder::objectLockRetainUntilDate)
      .set(HOLD, String.class, CreateMultipartUploadRequest.Builder::objectLockLegalHoldStatus)
      .build();

  /**
   * How far a read's retain-until date may fall short of Last-Modified plus the minimum period:
   * the writer's clock may lag S3's, and S3 dates a multipart object at its completion while
   * the retain-until date was computed when the upload began.
   */
  static final Duration READ_TOLERANCE = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPolicy.class);

  private final boolean allowPermanentVersionDeletion;
  private final boolean allowBypassGovernanceRetention;
  private final @Nullable RetentionRule clientRule;
  private final boolean legalHold;
  private final @Nullable BucketCheck bucketRules;
  private final boolean allowUnretainedReads;

  /**
   * Creates the policy.
   *
   * @param allowPermanentVersionDeletion the opt-in for deleting object versions
   * @param allowBypassGovernanceRetention the opt-in for {@code x-amz-bypass-governance-retention}
   * @param retention the client's {@code retention(...)}, or {@code null} to take each bucket's
   *     Object Lock default retention rule
   * @param allowUnretainedReads the opt-in that turns the read check into a warning
   * @param bucketRules reads each bucket's default retention rule (with the first-use check),
   *     or {@code null} when that check is skipped
   */
  public RetentionPolicy(boolean allowPermanentVersionDeletion,
      boolean allowBypassGovernanceRetention, @Nullable ObjectRetention retention,
      boolean allowUnretainedReads, @Nullable BucketCheck bucketRules) {
    this.allowPermanentVersionDeletion = allowPermanentVersionDeletion;
    this.allowBypassGovernanceRetention = allowBypassGovernanceRetention;
    this.clientRule = retention == null ? null : RetentionRule.client(retention);
    this.legalHold = retention != null && retention.legalHold();
    this.bucketRules = bucketRules == null || !bucketRules.readsRetentionRule() ? null
        : bucketRules;
    this.allowUnretainedReads = allowUnretainedReads;
  }

  /**
   * The retention of the bucket: the client's, else the bucket's default rule, else (the
   * bucket check skipped, no client retention) {@code null}.
   */
  private @Nullable RetentionRule ruleFor(OperationRule rule, @Nullable String bucket) {
    if (clientRule != null) {
      return clientRule;
    }
    return bucketRules == null ? null : bucketRules.retentionFor(rule, bucket);
  }

  private static @Nullable String bucketOf(SdkPojo request) {
    String destination = ModelFields.value(request, "DestinationBucket", String.class);
    return destination != null ? destination : ModelFields.value(request, "Bucket", String.class);
  }

  /**
   * The request with the bucket's retention (the client's, or the bucket's default rule), for
   * the writes that create objects (put, copy, create multipart upload). A caller may ask for a
   * stronger mode or a later date; a weaker mode, an earlier date, or lifting the policy's legal
   * hold is refused. Without a retention (no {@code retention(...)} and the bucket check
   * skipped) the request is sent as it is, and S3 applies the bucket's default rule, if any.
   *
   * @param rule the operation
   * @param request the request
   * @param <T> the request type
   * @return the request to send
   */
  @SuppressWarnings("unchecked") // S3 model classes are final: the builder builds a T
  public <T extends S3Request> T apply(OperationRule rule, T request) {
    if (!(request instanceof PutObjectRequest || request instanceof CopyObjectRequest
        || request instanceof CreateMultipartUploadRequest)) {
      return request;
    }
    String callerMode = request.getValueForField(MODE, String.class).orElse(null);
    Instant callerUntil = request.getValueForField(UNTIL, Instant.class).orElse(null);
    String callerHold = request.getValueForField(HOLD, String.class).orElse(null);
    RetentionRule retention = ruleFor(rule, bucketOf(request));
    if (retention == null) {
      return request;
    }
    Instant minimum = retention.retainUntil();
    if (callerMode != null && !retention.strongEnough(callerMode)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request asks for Object Lock mode " + callerMode + ", weaker than "
              + retention.origin() + " " + retention.mode()
              + ". Remove objectLockMode, or ask for COMPLIANCE.");
    }
    if (callerUntil != null && callerUntil.isBefore(minimum)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request's objectLockRetainUntilDate is earlier than " + retention.origin()
              + " retention (" + retention.period() + ") allows. Remove it (hipaa-s3 sets the"
              + " minimum), or ask for a later date.");
    }
    if (legalHold && "OFF".equals(callerHold)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request turns the legal hold off, but the client places one on every write."
              + " Remove objectLockLegalHoldStatus.");
    }
    Map<String, Object> wanted = new HashMap<>();
    wanted.put(MODE, callerMode != null ? callerMode : retention.mode().toString());
    wanted.put(UNTIL, callerUntil != null ? callerUntil : minimum);
    if (legalHold || callerHold != null) {
      wanted.put(HOLD, legalHold ? "ON" : callerHold);
    }
    S3Request.Builder builder = request.toBuilder();
    wanted.forEach((name, value) -> SETTERS.set(request, builder, name, value));
    return (T) builder.build();
  }

  /**
   * Refuses permanent version deletion and governance bypass unless opted in.
   *
   * @param rule the operation
   * @param request the request
   */
  public void check(OperationRule rule, S3Request request) {
    if (legalHold && request instanceof PutObjectLegalHoldRequest hold) {
      if (hold.legalHold() == null
          || !ObjectLockLegalHoldStatus.ON.toString().equals(hold.legalHold().statusAsString())) {
        throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
            "The request lifts a legal hold, but the client's retention places one on every"
                + " record. Lift holds under an administrative role with a client whose"
                + " ObjectRetention has no legal hold.");
      }
    }
    if (!allowBypassGovernanceRetention && Boolean.TRUE.equals(
        request.getValueForField("BypassGovernanceRetention", Boolean.class).orElse(null))) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request sets bypassGovernanceRetention, which removes the Object Lock that keeps"
              + " the record. Remove it; if a record must go before its retain-until date, do it"
              + " under an administrative role with a client built with"
              + " insecureAllowBypassGovernanceRetention(true).");
    }
    if (allowPermanentVersionDeletion) {
      return;
    }
    boolean versioned = request instanceof DeleteObjectRequest deleteRequest
        && deleteRequest.versionId() != null;
    if (request instanceof DeleteObjectsRequest d) {
      if (d.delete() != null && d.delete().hasObjects()) {
        for (ObjectIdentifier id : d.delete().objects()) {
          versioned |= id.versionId() != null;
        }
      }
    }
    if (versioned) {
      throw Violations.refused(ViolationCode.VERSION_DELETE_REFUSED, rule.operationName(),
          "The request deletes an object version, which destroys the record for good. Delete"
              + " without a version ID (S3 adds a delete marker and keeps the data as a"
              + " noncurrent version), or build a client with"
              + " insecureAllowPermanentVersionDeletion(true) for retention-expiry jobs.");
    }
  }

  /**
   * Checks that a get or head response shows the object locked as the bucket's retention (the
   * client's, or the bucket's default rule) requires: a legal hold, or a lock mode at least as
   * strong with a retain-until date at least the period after the object was written
   * (Last-Modified, less {@link #READ_TOLERANCE}). Without a retention (the bucket check
   * skipped, no {@code retention(...)}) any lock mode and date pass. Refused by default; with
   * the opt-in, logged as a warning.
   *
   * @param rule the operation
   * @param sent the get or head request sent
   * @param response the get or head response
   */
  public void verifyRead(OperationRule rule, SdkPojo sent, SdkPojo response) {
    if ("ON".equals(field(response, HOLD, String.class))) {
      return;
    }
    String lockMode = field(response, MODE, String.class);
    Instant until = field(response, UNTIL, Instant.class);
    Instant written = field(response, "LastModified", Instant.class);
    String problem;
    RetentionRule retention = lockMode == null || until == null ? null
        : ruleFor(rule, bucketOf(sent));
    if (lockMode == null || until == null) {
      problem = "S3 shows no Object Lock retention (lock mode and retain-until date) and no"
          + " legal hold on it";
    } else if (retention == null) {
      return;
    } else if (!retention.strongEnough(lockMode)) {
      problem = "it is locked in " + ObjectLockMode.fromValue(lockMode) + " mode, weaker than "
          + retention.origin() + " " + retention.mode();
    } else if (written != null
        && until.isBefore(retention.readFloor(written, READ_TOLERANCE))) {
      problem = "its retain-until date is earlier than " + retention.origin() + " period ("
          + retention.period() + ") after it was written";
    } else {
      return;
    }
    String message = rule.operationName() + " returned an object that is not retained as the"
        + " client requires: " + problem + ". It was written without hipaa-s3 or to a bucket"
        + " without Object Lock, or the caller lacks s3:GetObjectRetention and"
        + " s3:GetObjectLegalHold (without them S3 leaves the lock headers out). Grant those"
        + " permissions or extend the object's retention with putObjectRetention";
    Violations.unverifiedRead(allowUnretainedReads, "insecureAllowReadingUnretainedObjects",
        ViolationCode.RETENTION_NOT_CONFIRMED, message, LOG);
  }

  /**
   * Lets {@code putObjectRetention} only lengthen: the new retention must have a mode and date,
   * a mode at least as strong as the policy's and the object's current one, and a date no
   * earlier than the current one (or, for an object without retention, than the policy's
   * minimum from now).
   *
   * @param rule the operation
   * @param request the request, keys mapped
   * @param current the object's current head (lock fields), or {@code null} if unknown
   */
  public void checkRetentionChange(OperationRule rule, PutObjectRetentionRequest request,
      SdkPojo current) {
    ObjectLockRetention wanted = request.retention();
    if (wanted == null || wanted.mode() == null || wanted.retainUntilDate() == null) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request removes the object's retention (no mode or retain-until date). Records"
              + " stay locked; give a mode and a later retain-until date to extend it.");
    }
    String wantedMode = wanted.modeAsString();
    RetentionRule retention = ruleFor(rule, request.bucket());
    if (retention != null && !retention.strongEnough(wantedMode)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request asks for Object Lock mode " + wanted.mode() + ", weaker than "
              + retention.origin() + " " + retention.mode() + ". Ask for " + retention.mode()
              + " or COMPLIANCE.");
    }
    String currentMode = current == null ? null : field(current, MODE, String.class);
    Instant currentUntil = current == null ? null : field(current, UNTIL, Instant.class);
    if (ObjectLockMode.COMPLIANCE.toString().equals(currentMode)
        && !ObjectLockMode.COMPLIANCE.toString().equals(wantedMode)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The object is locked in COMPLIANCE mode and the request asks for GOVERNANCE, which"
              + " could later be bypassed. Keep COMPLIANCE.");
    }
    Instant floor = currentUntil != null ? currentUntil
        : retention != null ? retention.retainUntil() : Instant.now();
    if (wanted.retainUntilDate().isBefore(floor)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          currentUntil != null
              ? "The request's retain-until date is earlier than the object's current one;"
                  + " retention may only be lengthened. Ask for a later date."
              : "The object has no retention and the request's retain-until date is earlier"
                  + " than the retention's period from now. Ask for a later date.");
    }
  }

  private static <V> @Nullable V field(SdkPojo pojo, String name, Class<V> type) {
    return ModelFields.value(pojo, name, type);
  }

}
