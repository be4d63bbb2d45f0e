package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Keeps records: a delete without a version ID only adds a delete marker (the data stays, as a
 * noncurrent version), but deleting a version removes the data for good, and bypassing
 * governance-mode retention removes the lock that keeps it. Both are refused unless the client
 * was built with the matching {@code insecure...} opt-in.
 */
public final class RetentionPolicy {
  private final boolean allowPermanentVersionDeletion;
  private final boolean allowBypassGovernanceRetention;

  /**
   * Creates the policy.
   *
   * @param allowPermanentVersionDeletion the opt-in for deleting object versions
   * @param allowBypassGovernanceRetention the opt-in for {@code x-amz-bypass-governance-retention}
   */
  public RetentionPolicy(boolean allowPermanentVersionDeletion,
      boolean allowBypassGovernanceRetention) {
    this.allowPermanentVersionDeletion = allowPermanentVersionDeletion;
    this.allowBypassGovernanceRetention = allowBypassGovernanceRetention;
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
