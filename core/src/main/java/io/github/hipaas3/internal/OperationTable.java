package io.github.hipaas3.internal;

import static io.github.hipaas3.internal.Disposition.READ_ONLY;
import static io.github.hipaas3.internal.Disposition.REFUSE;
import static io.github.hipaas3.internal.Disposition.REWRITE;
import static io.github.hipaas3.internal.Trait.CARRIES_BODY;
import static io.github.hipaas3.internal.Trait.COPIES_FROM_SOURCE;
import static io.github.hipaas3.internal.Trait.CREATES_OBJECT;
import static io.github.hipaas3.internal.Trait.DELETES;
import static io.github.hipaas3.internal.Trait.NAMES_EXISTING_OBJECT;
import static io.github.hipaas3.internal.Trait.NEEDS_OBJECT_KEY;
import static io.github.hipaas3.internal.Trait.READS_OBJECT;
import static io.github.hipaas3.internal.Trait.READS_OBJECT_DATA;
import static io.github.hipaas3.internal.Trait.WRITES_DATA;

import io.github.hipaas3.ViolationCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

  // The third argument of rewrite and readOnly is the sub-resource query parameter the SDK
  // marshals for the operation (the wire gate allows it); WireAllowlistTest checks each one
  // against what the SDK actually sends.
  @SuppressWarnings("MethodLength") // one row per S3 operation; splitting it hides the review
  private static Map<Class<? extends S3Request>, OperationRule> build() {
    Map<Class<? extends S3Request>, OperationRule> t = new LinkedHashMap<>();

    // Object writes: rewritten (ACL fields refused now; encryption, hashed keys, retention and
    // checksums are added here by their issues) and then forwarded.
    rewrite(t, PutObjectRequest.class, null, CREATES_OBJECT, WRITES_DATA, NEEDS_OBJECT_KEY,
        CARRIES_BODY);
    rewrite(t, CopyObjectRequest.class, null, CREATES_OBJECT, WRITES_DATA, NEEDS_OBJECT_KEY,
        NAMES_EXISTING_OBJECT, COPIES_FROM_SOURCE);
    rewrite(t, CreateMultipartUploadRequest.class, "uploads", CREATES_OBJECT, WRITES_DATA,
        NEEDS_OBJECT_KEY);
    rewrite(t, UploadPartRequest.class, null, WRITES_DATA, NEEDS_OBJECT_KEY, CARRIES_BODY);
    rewrite(t, UploadPartCopyRequest.class, null, WRITES_DATA, NEEDS_OBJECT_KEY,
        NAMES_EXISTING_OBJECT, COPIES_FROM_SOURCE);
    rewrite(t, CompleteMultipartUploadRequest.class, null, WRITES_DATA, NEEDS_OBJECT_KEY);
    rewrite(t, AbortMultipartUploadRequest.class, null);
    rewrite(t, DeleteObjectRequest.class, null, NAMES_EXISTING_OBJECT, DELETES);
    rewrite(t, DeleteObjectsRequest.class, "delete", NAMES_EXISTING_OBJECT, DELETES,
        CARRIES_BODY);
    rewrite(t, PutObjectTaggingRequest.class, "tagging", NAMES_EXISTING_OBJECT, CARRIES_BODY);
    rewrite(t, DeleteObjectTaggingRequest.class, "tagging", NAMES_EXISTING_OBJECT);
    rewrite(t, PutObjectRetentionRequest.class, "retention", NAMES_EXISTING_OBJECT,
        CARRIES_BODY);
    rewrite(t, PutObjectLegalHoldRequest.class, "legal-hold", NAMES_EXISTING_OBJECT,
        CARRIES_BODY);
    // Bucket creation: ACLs refused, Object Lock and bucket-owner-enforced ownership forced on.
    rewrite(t, CreateBucketRequest.class, null, CARRIES_BODY);

    // Reads of objects and listings.
    readOnly(t, GetObjectRequest.class, null, READS_OBJECT, READS_OBJECT_DATA, NEEDS_OBJECT_KEY);
    readOnly(t, HeadObjectRequest.class, null, READS_OBJECT, READS_OBJECT_DATA, NEEDS_OBJECT_KEY);
    readOnly(t, GetObjectAttributesRequest.class, "attributes", READS_OBJECT, NEEDS_OBJECT_KEY);
    readOnly(t, GetObjectTaggingRequest.class, "tagging", READS_OBJECT);
    readOnly(t, GetObjectRetentionRequest.class, "retention", READS_OBJECT);
    readOnly(t, GetObjectLegalHoldRequest.class, "legal-hold", READS_OBJECT);
    readOnly(t, GetObjectAclRequest.class, "acl", READS_OBJECT);
    readOnly(t, GetObjectAnnotationRequest.class, "annotation", READS_OBJECT);
    readOnly(t, ListObjectsRequest.class, null);
    readOnly(t, ListObjectsV2Request.class, "list-type=2");
    readOnly(t, ListObjectVersionsRequest.class, "versions");
    readOnly(t, ListMultipartUploadsRequest.class, "uploads");
    readOnly(t, ListPartsRequest.class, null, NEEDS_OBJECT_KEY);
    readOnly(t, ListObjectAnnotationsRequest.class, "annotation", READS_OBJECT);
    readOnly(t, ListBucketsRequest.class, null);
    readOnly(t, ListDirectoryBucketsRequest.class, null);
    readOnly(t, HeadBucketRequest.class, null);

    // Reads of bucket configuration: needed by posture checks, change nothing.
    readOnly(t, GetBucketAbacRequest.class, "abac");
    readOnly(t, GetBucketAccelerateConfigurationRequest.class, "accelerate");
    readOnly(t, GetBucketAclRequest.class, "acl");
    readOnly(t, GetBucketAnalyticsConfigurationRequest.class, "analytics");
    readOnly(t, GetBucketCorsRequest.class, "cors");
    readOnly(t, GetBucketEncryptionRequest.class, "encryption");
    readOnly(t, GetBucketIntelligentTieringConfigurationRequest.class, "intelligent-tiering");
    readOnly(t, GetBucketInventoryConfigurationRequest.class, "inventory");
    readOnly(t, GetBucketLifecycleConfigurationRequest.class, "lifecycle");
    readOnly(t, GetBucketLocationRequest.class, "location");
    readOnly(t, GetBucketLoggingRequest.class, "logging");
    readOnly(t, GetBucketMetadataConfigurationRequest.class, "metadataConfiguration");
    readOnly(t, GetBucketMetadataTableConfigurationRequest.class, "metadataTable");
    readOnly(t, GetBucketMetricsConfigurationRequest.class, "metrics");
    readOnly(t, GetBucketNotificationConfigurationRequest.class, "notification");
    readOnly(t, GetBucketOwnershipControlsRequest.class, "ownershipControls");
    readOnly(t, GetBucketPolicyRequest.class, "policy");
    readOnly(t, GetBucketPolicyStatusRequest.class, "policyStatus");
    readOnly(t, GetBucketReplicationRequest.class, "replication");
    readOnly(t, GetBucketRequestPaymentRequest.class, "requestPayment");
    readOnly(t, GetBucketTaggingRequest.class, "tagging");
    readOnly(t, GetBucketVersioningRequest.class, "versioning");
    readOnly(t, GetBucketWebsiteRequest.class, "website");
    readOnly(t, GetObjectLockConfigurationRequest.class, "object-lock");
    readOnly(t, GetPublicAccessBlockRequest.class, "publicAccessBlock");
    readOnly(t, ListBucketAnalyticsConfigurationsRequest.class, "analytics");
    readOnly(t, ListBucketIntelligentTieringConfigurationsRequest.class, "intelligent-tiering");
    readOnly(t, ListBucketInventoryConfigurationsRequest.class, "inventory");
    readOnly(t, ListBucketMetricsConfigurationsRequest.class, "metrics");

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

  private static void rewrite(Map<Class<? extends S3Request>, OperationRule> t,
      Class<? extends S3Request> c, @Nullable String subresource, Trait... traits) {
    put(t, new OperationRule(c, REWRITE, null, null, subresource, traits(traits)));
  }

  private static void readOnly(Map<Class<? extends S3Request>, OperationRule> t,
      Class<? extends S3Request> c, @Nullable String subresource, Trait... traits) {
    put(t, new OperationRule(c, READ_ONLY, null, null, subresource, traits(traits)));
  }

  private static void refuse(Map<Class<? extends S3Request>, OperationRule> t,
      Class<? extends S3Request> c, ViolationCode code, String reason) {
    put(t, new OperationRule(c, REFUSE, code, reason, null, java.util.Set.of()));
  }

  private static java.util.Set<Trait> traits(Trait... traits) {
    return traits.length == 0 ? java.util.Set.of()
        : java.util.EnumSet.copyOf(java.util.Arrays.asList(traits));
  }

  private static void put(Map<Class<? extends S3Request>, OperationRule> t, OperationRule rule) {
    if (t.put(rule.requestClass(), rule) != null) {
      throw new IllegalStateException("Operation listed twice: " + rule.operationName());
    }
  }
}
