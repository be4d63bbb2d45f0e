package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
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

  private final boolean allowPermanentVersionDeletion;
  private final boolean allowBypassGovernanceRetention;
  private final ObjectLockMode mode;
  private final Supplier<Instant> minimumRetainUntil;
  private final boolean legalHold;

  /**
   * Creates the policy.
   *
   * @param allowPermanentVersionDeletion the opt-in for deleting object versions
   * @param allowBypassGovernanceRetention the opt-in for {@code x-amz-bypass-governance-retention}
   * @param mode the Object Lock mode every write carries (COMPLIANCE or GOVERNANCE)
   * @param minimumRetainUntil the earliest retain-until date for a write made now
   * @param legalHold whether every write places a legal hold
   */
  public RetentionPolicy(boolean allowPermanentVersionDeletion,
      boolean allowBypassGovernanceRetention, ObjectLockMode mode,
      Supplier<Instant> minimumRetainUntil, boolean legalHold) {
    this.allowPermanentVersionDeletion = allowPermanentVersionDeletion;
    this.allowBypassGovernanceRetention = allowBypassGovernanceRetention;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.minimumRetainUntil = Objects.requireNonNull(minimumRetainUntil, "minimumRetainUntil");
    this.legalHold = legalHold;
  }

  /**
   * The request with the policy's Object Lock settings, for the writes that create objects
   * (put, copy, create multipart upload). A caller may ask for a stronger mode or a later date;
   * a weaker mode, an earlier date, or lifting the policy's legal hold is refused.
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
    Instant minimum = minimumRetainUntil.get();
    if (callerMode != null && !callerMode.equals(mode.toString())
        && !ObjectLockMode.COMPLIANCE.toString().equals(callerMode)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request asks for Object Lock mode " + callerMode + ", weaker than the client's "
              + mode + ". Remove objectLockMode, or ask for COMPLIANCE.");
    }
    if (callerUntil != null && callerUntil.isBefore(minimum)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request's objectLockRetainUntilDate is earlier than the client's minimum"
              + " retention allows. Remove it (hipaa-s3 sets the minimum), or ask for a later"
              + " date.");
    }
    if (legalHold && "OFF".equals(callerHold)) {
      throw Violations.refused(ViolationCode.RETENTION_REFUSED, rule.operationName(),
          "The request turns the legal hold off, but the client places one on every write."
              + " Remove objectLockLegalHoldStatus.");
    }
    Map<String, Object> wanted = new HashMap<>();
    wanted.put(MODE, callerMode != null ? callerMode : mode.toString());
    wanted.put(UNTIL, callerUntil != null ? callerUntil : minimum);
    if (legalHold || callerHold != null) {
      wanted.put(HOLD, legalHold ? "ON" : callerHold);
    }
    S3Request.Builder builder = request.toBuilder();
    for (SdkField<?> field : request.sdkFields()) {
      Object value = wanted.get(field.memberName());
      if (value != null) {
        field.set(builder, value);
      }
    }
    return (T) builder.build();
  }

  /**
   * Refuses permanent version deletion and governance bypass unless opted in.
   *
   * @param rule the operation
   * @param request the request
   */
  public void check(OperationRule rule, S3Request request) {
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
    boolean versioned = request instanceof DeleteObjectRequest
        && ((DeleteObjectRequest) request).versionId() != null;
    if (request instanceof DeleteObjectsRequest) {
      DeleteObjectsRequest d = (DeleteObjectsRequest) request;
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
}
