package io.github.hipaas3.internal;

import static io.github.hipaas3.internal.Disposition.READ_ONLY;
import static io.github.hipaas3.internal.Disposition.REFUSE;
import static io.github.hipaas3.internal.Disposition.REWRITE;

import io.github.hipaas3.ViolationCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.*;

/**
 * The one table that classifies every {@code S3Client} operation. An operation that is not in
 * this table is refused by the gate (deny by default), and {@code OperationTableTest} fails the
 * build when the SDK gains an operation that is not listed here, so an SDK upgrade cannot open
 * a path silently.
 *
 * <p>Reviewing a change to this table is a security review: moving a row out of
 * {@link Disposition#REFUSE} needs a rewrite or a check that keeps the library's guarantees.
 */
public final class OperationTable {

  private static final String BUCKET_CONFIG =
      "Bucket configuration is the bucket's security posture (encryption, policy, public access,"
          + " Object Lock, versioning, logging, replication) and is not changed from the"
          + " application's data client. Change it with infrastructure as code under a separate"
          + " administrative role, then audit it with hipaa-s3's posture checks.";

  private static final String ANNOTATIONS =
      "Object annotations are stored beside the object, outside its encryption, and are not yet"
          + " screened for PHI. Keep descriptive data inside the encrypted object body.";

  private static final Map<Class<? extends S3Request>, OperationRule> RULES = build();

  private OperationTable() {}

  /**
   * The rule for a request class.
   *
   * @param requestClass the request's class
   * @return the rule, or empty when the operation is unknown (the gate then refuses it)
   */
  public static Optional<OperationRule> ruleFor(Class<?> requestClass) {
    return Optional.ofNullable(RULES.get(requestClass));
  }

  /**
   * Every row, in table order.
   *
   * @return an unmodifiable view of the table
   */
  public static Map<Class<? extends S3Request>, OperationRule> rules() {
    return Collections.unmodifiableMap(RULES);
  }

  @SuppressWarnings("MethodLength") // one row per S3 operation; splitting it hides the review
  private static Map<Class<? extends S3Request>, OperationRule> build() {
    Map<Class<? extends S3Request>, OperationRule> t = new LinkedHashMap<>();

    // Object writes: rewritten (ACL fields refused now; encryption, hashed keys, retention and
    // checksums are added here by their issues) and then forwarded.
    rewrite(t, PutObjectRequest.class);
    rewrite(t, CopyObjectRequest.class);
    rewrite(t, CreateMultipartUploadRequest.class);
    rewrite(t, UploadPartRequest.class);
    rewrite(t, UploadPartCopyRequest.class);
    rewrite(t, CompleteMultipartUploadRequest.class);
    rewrite(t, AbortMultipartUploadRequest.class);
    rewrite(t, DeleteObjectRequest.class);
    rewrite(t, DeleteObjectsRequest.class);
    rewrite(t, PutObjectTaggingRequest.class);
    rewrite(t, DeleteObjectTaggingRequest.class);
    rewrite(t, PutObjectRetentionRequest.class);
    rewrite(t, PutObjectLegalHoldRequest.class);
    // Bucket creation: ACLs refused, Object Lock and bucket-owner-enforced ownership forced on.
    rewrite(t, CreateBucketRequest.class);

    // Reads of objects and listings.
    readOnly(t, GetObjectRequest.class);
    readOnly(t, HeadObjectRequest.class);
    readOnly(t, GetObjectAttributesRequest.class);
    readOnly(t, GetObjectTaggingRequest.class);
    readOnly(t, GetObjectRetentionRequest.class);
    readOnly(t, GetObjectLegalHoldRequest.class);
    readOnly(t, GetObjectAclRequest.class);
    readOnly(t, GetObjectAnnotationRequest.class);
    readOnly(t, ListObjectsRequest.class);
    readOnly(t, ListObjectsV2Request.class);
    readOnly(t, ListObjectVersionsRequest.class);
    readOnly(t, ListMultipartUploadsRequest.class);
    readOnly(t, ListPartsRequest.class);
    readOnly(t, ListObjectAnnotationsRequest.class);
    readOnly(t, ListBucketsRequest.class);
    readOnly(t, ListDirectoryBucketsRequest.class);
    readOnly(t, HeadBucketRequest.class);

    // Reads of bucket configuration: needed by posture checks, change nothing.
    readOnly(t, GetBucketAbacRequest.class);
    readOnly(t, GetBucketAccelerateConfigurationRequest.class);
    readOnly(t, GetBucketAclRequest.class);
    readOnly(t, GetBucketAnalyticsConfigurationRequest.class);
    readOnly(t, GetBucketCorsRequest.class);
    readOnly(t, GetBucketEncryptionRequest.class);
    readOnly(t, GetBucketIntelligentTieringConfigurationRequest.class);
    readOnly(t, GetBucketInventoryConfigurationRequest.class);
    readOnly(t, GetBucketLifecycleConfigurationRequest.class);
    readOnly(t, GetBucketLocationRequest.class);
    readOnly(t, GetBucketLoggingRequest.class);
    readOnly(t, GetBucketMetadataConfigurationRequest.class);
    readOnly(t, GetBucketMetadataTableConfigurationRequest.class);
    readOnly(t, GetBucketMetricsConfigurationRequest.class);
    readOnly(t, GetBucketNotificationConfigurationRequest.class);
    readOnly(t, GetBucketOwnershipControlsRequest.class);
    readOnly(t, GetBucketPolicyRequest.class);
    readOnly(t, GetBucketPolicyStatusRequest.class);
    readOnly(t, GetBucketReplicationRequest.class);
    readOnly(t, GetBucketRequestPaymentRequest.class);
    readOnly(t, GetBucketTaggingRequest.class);
    readOnly(t, GetBucketVersioningRequest.class);
    readOnly(t, GetBucketWebsiteRequest.class);
    readOnly(t, GetObjectLockConfigurationRequest.class);
    readOnly(t, GetPublicAccessBlockRequest.class);
    readOnly(t, ListBucketAnalyticsConfigurationsRequest.class);
    readOnly(t, ListBucketIntelligentTieringConfigurationsRequest.class);
    readOnly(t, ListBucketInventoryConfigurationsRequest.class);
    readOnly(t, ListBucketMetricsConfigurationsRequest.class);

    // ACL writes: ACLs stay disabled; access is granted by IAM and bucket policies.
    refuse(t, PutBucketAclRequest.class, ViolationCode.ACL_REFUSED,
        "ACLs are disabled for HIPAA buckets (Object Ownership: bucket owner enforced). Grant"
            + " access with IAM policies and the bucket policy instead.");
    refuse(t, PutObjectAclRequest.class, ViolationCode.ACL_REFUSED,
        "ACLs are disabled for HIPAA buckets (Object Ownership: bucket owner enforced). Grant"
            + " access with IAM policies and the bucket policy instead.");

    // Bucket configuration writes and deletes: posture, never from the data client.
    for (Class<? extends S3Request> c : java.util.List.<Class<? extends S3Request>>of(
        PutBucketPolicyRequest.class,
        DeleteBucketPolicyRequest.class,
        PutBucketEncryptionRequest.class,
        DeleteBucketEncryptionRequest.class,
        PutPublicAccessBlockRequest.class,
        DeletePublicAccessBlockRequest.class,
        PutObjectLockConfigurationRequest.class,
        PutBucketVersioningRequest.class,
        PutBucketOwnershipControlsRequest.class,
        DeleteBucketOwnershipControlsRequest.class,
        PutBucketLoggingRequest.class,
        PutBucketReplicationRequest.class,
        DeleteBucketReplicationRequest.class,
        PutBucketLifecycleConfigurationRequest.class,
        DeleteBucketLifecycleRequest.class,
        PutBucketTaggingRequest.class,
        DeleteBucketTaggingRequest.class,
        PutBucketCorsRequest.class,
        DeleteBucketCorsRequest.class,
        PutBucketWebsiteRequest.class,
        DeleteBucketWebsiteRequest.class,
        PutBucketNotificationConfigurationRequest.class,
        PutBucketAccelerateConfigurationRequest.class,
        PutBucketRequestPaymentRequest.class,
        PutBucketAbacRequest.class,
        PutBucketAnalyticsConfigurationRequest.class,
        DeleteBucketAnalyticsConfigurationRequest.class,
        PutBucketIntelligentTieringConfigurationRequest.class,
        DeleteBucketIntelligentTieringConfigurationRequest.class,
        PutBucketInventoryConfigurationRequest.class,
        DeleteBucketInventoryConfigurationRequest.class,
        PutBucketMetricsConfigurationRequest.class,
        DeleteBucketMetricsConfigurationRequest.class,
        CreateBucketMetadataConfigurationRequest.class,
        DeleteBucketMetadataConfigurationRequest.class,
        CreateBucketMetadataTableConfigurationRequest.class,
        DeleteBucketMetadataTableConfigurationRequest.class,
        UpdateBucketMetadataAnnotationTableConfigurationRequest.class,
        UpdateBucketMetadataInventoryTableConfigurationRequest.class,
        UpdateBucketMetadataJournalTableConfigurationRequest.class)) {
      refuse(t, c, ViolationCode.OPERATION_REFUSED, BUCKET_CONFIG);
    }

    refuse(t, DeleteBucketRequest.class, ViolationCode.OPERATION_REFUSED,
        "Deleting a bucket destroys records that HIPAA requires you to keep. Retire buckets"
            + " with infrastructure tooling under a separate administrative role.");
    refuse(t, CreateSessionRequest.class, ViolationCode.OPERATION_REFUSED,
        "S3 Express One Zone directory buckets do not support Object Lock, so records stored"
            + " there cannot be retained as the policy requires. Use a general purpose bucket.");
    refuse(t, RenameObjectRequest.class, ViolationCode.OPERATION_REFUSED,
        "RenameObject works only on directory buckets, which do not support Object Lock. Copy"
            + " the object to its new key instead.");
    refuse(t, UpdateObjectEncryptionRequest.class, ViolationCode.OPERATION_REFUSED,
        "Changing an object's encryption after it was written could weaken it. Write a new"
            + " version of the object with the client's encryption instead.");
    refuse(t, RestoreObjectRequest.class, ViolationCode.OPERATION_REFUSED,
        "Restore requests, including S3 Select output locations that write results elsewhere,"
            + " have not been reviewed for PHI. Restore archived objects with an administrative"
            + " tool.");
    refuse(t, GetObjectTorrentRequest.class, ViolationCode.OPERATION_REFUSED,
        "BitTorrent distribution bypasses the client's decryption and verification. Use"
            + " getObject.");
    refuse(t, WriteGetObjectResponseRequest.class, ViolationCode.OPERATION_REFUSED,
        "S3 Object Lambda responses are sent to callers without the client's encryption and"
            + " verification. Serve PHI through getObject.");
    refuse(t, PutObjectAnnotationRequest.class, ViolationCode.OPERATION_REFUSED, ANNOTATIONS);
    refuse(t, DeleteObjectAnnotationRequest.class, ViolationCode.OPERATION_REFUSED, ANNOTATIONS);
    return t;
  }

  private static void rewrite(
      Map<Class<? extends S3Request>, OperationRule> t, Class<? extends S3Request> c) {
    put(t, new OperationRule(c, REWRITE, null, null));
  }

  private static void readOnly(
      Map<Class<? extends S3Request>, OperationRule> t, Class<? extends S3Request> c) {
    put(t, new OperationRule(c, READ_ONLY, null, null));
  }

  private static void refuse(Map<Class<? extends S3Request>, OperationRule> t,
      Class<? extends S3Request> c, ViolationCode code, String reason) {
    put(t, new OperationRule(c, REFUSE, code, reason));
  }

  private static void put(Map<Class<? extends S3Request>, OperationRule> t, OperationRule rule) {
    if (t.put(rule.requestClass(), rule) != null) {
      throw new IllegalStateException("Operation listed twice: " + rule.operationName());
    }
  }
}
