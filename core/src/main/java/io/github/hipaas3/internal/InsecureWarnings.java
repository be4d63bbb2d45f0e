package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaPolicy;
import io.github.hipaas3.HipaaPolicy.Insecure;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.ObjectRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * The WARN line each insecure opt-in of a client's policy gets when the client is built, and
 * the one a COMPLIANCE retention gets (its objects cannot be deleted by anyone).
 */
final class InsecureWarnings {
  // The client's logger, where operators look for these lines.
  private static final Logger LOG = LoggerFactory.getLogger(HipaaS3Client.class);

  private InsecureWarnings() {}

  /**
   * Logs one warning per insecure opt-in of the policy (and for SSE-S3).
   *
   * @param policy the client's policy
   */
  static void log(HipaaPolicy policy) {
    if (policy.allows(Insecure.ALLOW_LONG_TERM_STATIC_CREDENTIALS)) {
      LOG.warn("INSECURE: insecureAllowLongTermStaticCredentials(true) is set. Long-term"
          + " access keys do not expire; use an IAM role or session credentials for PHI.");
    }
    if (policy.allows(Insecure.DISABLE_AUDIT)) {
      LOG.warn("INSECURE: insecureDisableAudit(true) is set. Calls are not audited.");
    }
    if (policy.allows(Insecure.ALLOW_READING_UNRETAINED_OBJECTS)) {
      LOG.warn("INSECURE: insecureAllowReadingUnretainedObjects(true) is set. Objects that"
          + " are not locked as the retention requires will be read.");
    }
    if (policy.allows(Insecure.ALLOW_READING_WITHOUT_CHECKSUMS)) {
      LOG.warn("INSECURE: insecureAllowReadingWithoutChecksums(true) is set. Objects without"
          + " a full-object checksum will be read unverified.");
    }
    if (policy.allows(Insecure.SKIP_BUCKET_PROTECTION_CHECK)) {
      LOG.warn("INSECURE: insecureSkipBucketProtectionCheck(true) is set. Buckets are not"
          + " checked for Object Lock and versioning before use."
          + (policy.retention().client() == null ? " No retention(...) is set either, so"
              + " writes carry no Object Lock headers: objects are kept only as the bucket's"
              + " own default retention rule says, and not at all without one." : ""));
    }
    ObjectRetention retention = policy.retention().client();
    if (retention != null && retention.mode() == ObjectLockMode.COMPLIANCE) {
      LOG.warn("retention(...) is COMPLIANCE for {}: no one, not even the AWS account's root"
          + " user, can delete an object this client writes, or shorten its retention, until"
          + " its retain-until date (the day it was written plus {}).",
          retention.minimumPeriod(), retention.minimumPeriod());
    }
    if (policy.encryption().kind() == EncryptionMode.Kind.SSE_S3) {
      LOG.warn("INSECURE: EncryptionMode.insecureSseS3Only() is set. S3-managed keys have no"
          + " key policy and no key-use audit trail; use SSE-KMS or client-side encryption.");
    }
    if (policy.allows(Insecure.ALLOW_READING_UNENCRYPTED_OBJECTS)) {
      LOG.warn("INSECURE: insecureAllowReadingUnencryptedObjects(true) is set. Objects that"
          + " are not encrypted as configured will be read.");
    }
    if (policy.allows(Insecure.ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS)) {
      LOG.warn("INSECURE: insecureAllowUnboundClientSideObjects(true) is set. Client-side"
          + " objects not bound to their bucket and key will be read, so an object copied"
          + " over another key outside hipaa-s3 is returned as that key's record.");
    }
    if (policy.allows(Insecure.ALLOW_PERMANENT_VERSION_DELETION)) {
      LOG.warn("INSECURE: insecureAllowPermanentVersionDeletion(true) is set. Deleting object"
          + " versions destroys records for good.");
    }
    if (policy.allows(Insecure.ALLOW_BYPASS_GOVERNANCE_RETENTION)) {
      LOG.warn("INSECURE: insecureAllowBypassGovernanceRetention(true) is set. Requests may"
          + " remove governance-mode Object Lock.");
    }
    if (policy.allows(Insecure.RELEASE_UNAUTHENTICATED_PLAINTEXT)) {
      LOG.warn("INSECURE: insecureReleaseUnauthenticatedPlaintext(true) is set. Client-side"
          + " objects larger than authenticationBufferSize release plaintext before their"
          + " AES-GCM tag is checked; altered ciphertext yields altered plaintext until the"
          + " stream reaches its end.");
    }
    if (policy.allows(Insecure.ALLOW_UNAUTHENTICATED_RANGED_GETS)) {
      LOG.warn("INSECURE: insecureAllowUnauthenticatedRangedGets(true) is set. Ranged gets of"
          + " client-side encrypted objects return unauthenticated plaintext.");
    }
  }
}
