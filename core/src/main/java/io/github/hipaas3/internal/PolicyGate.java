package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAnnotationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectAnnotationsRequest;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PutObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/**
 * The single chokepoint. Every operation of {@code HipaaS3Client} passes {@link #invoke}; the
 * operation is looked up in the {@link OperationTable}, refused unless it is listed, checked,
 * rewritten when it writes, and only then handed to the underlying client.
 */
public final class PolicyGate {

  /** Request fields that carry ACLs; names as in the S3 API model. */
  static final List<String> ACL_FIELDS = List.of(
      "ACL", "GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP");

  /** Request fields that name a bucket. */
  static final List<String> BUCKET_FIELDS = List.of("Bucket", "SourceBucket", "DestinationBucket");

  /** The suffix AWS reserves for S3 Express One Zone directory bucket names. */
  static final String DIRECTORY_BUCKET_SUFFIX = "--x-s3";

  /**
   * Reads of one object. With older key-hashing secrets, a read that finds nothing under the
   * current secret's key is retried under each older secret's key.
   */
  static final Set<Class<? extends S3Request>> OBJECT_READS = Set.of(
      GetObjectRequest.class, HeadObjectRequest.class, GetObjectAttributesRequest.class,
      GetObjectTaggingRequest.class, GetObjectRetentionRequest.class,
      GetObjectLegalHoldRequest.class, GetObjectAclRequest.class,
      GetObjectAnnotationRequest.class, ListObjectAnnotationsRequest.class);

  /**
   * Writes that address an existing object (and copy sources). With older key-hashing secrets,
   * the key is resolved by asking S3 (HEAD) which secret's key exists, newest first.
   */
  static final Set<Class<? extends S3Request>> EXISTING_OBJECT_WRITES = Set.of(
      DeleteObjectRequest.class, DeleteObjectsRequest.class, PutObjectTaggingRequest.class,
      DeleteObjectTaggingRequest.class, PutObjectRetentionRequest.class,
      PutObjectLegalHoldRequest.class, CopyObjectRequest.class, UploadPartCopyRequest.class);

  private final boolean allowLongTermStaticCredentials;
  private final NamePolicy names;
  private final ObjectKeyMapper mapper;
  private final Predicate<HeadObjectRequest> objectExists;

  /**
   * Creates the gate.
   *
   * @param allowLongTermStaticCredentials whether the insecure credentials opt-in is set
   * @param names the name screening policy
   * @param mapper the key mapper, or {@code null} in pass-through mode
   * @param objectExists asks the underlying client whether an object exists (used only to find
   *     which key-hashing secret an existing object was stored under)
   */
  public PolicyGate(boolean allowLongTermStaticCredentials, NamePolicy names,
      ObjectKeyMapper mapper, Predicate<HeadObjectRequest> objectExists) {
    this.allowLongTermStaticCredentials = allowLongTermStaticCredentials;
    this.names = Objects.requireNonNull(names, "names");
    this.mapper = mapper;
    this.objectExists = Objects.requireNonNull(objectExists, "objectExists");
  }

  /**
   * The key an object ID is stored under with the current secret.
   *
   * @param objectId the object ID
   * @return the key
   */
  public String objectKey(String objectId) {
    if (mapper == null) {
      throw Violations.refused(ViolationCode.INVALID_NAME, "objectKey",
          "The client is in PASS_THROUGH key mode, so keys are not hashed. Build the client"
              + " with KeyMode.HASHED and a key-hashing secret.");
    }
    return mapper.keyFor(objectId, "objectKey");
  }

  /**
   * Gates one operation.
   *
   * @param request the caller's request
   * @param operation the call on the underlying client
   * @param <T> the request type
   * @param <R> the result type
   * @return the underlying client's result
   */
  public <T extends S3Request, R> R invoke(T request, Function<T, R> operation) {
    if (request == null) {
      throw new NullPointerException("request must not be null");
    }
    OperationRule rule = OperationTable.ruleFor(request.getClass()).orElseThrow(
        () -> Violations.refused(ViolationCode.OPERATION_REFUSED,
            OperationRule.operationName(request.getClass()),
            "It is not on hipaa-s3's reviewed allowlist of operations (deny by default)."
                + " Upgrade hipaa-s3 or open an issue to have the operation reviewed."));
    if (rule.disposition() == Disposition.REFUSE) {
      throw Violations.refused(rule.refusalCode(), rule.operationName(), rule.reason());
    }
    checkDirectoryBucket(rule, request);
    checkOverrides(rule, request);
    checkAclFields(rule, request);
    names.screen(rule, request);
    T rewritten = rule.disposition() == Disposition.REWRITE ? rewrite(rule, request) : request;
    if (mapper == null) {
      return operation.apply(rewritten);
    }
    String op = rule.operationName();
    if (!mapper.hasOlderSecrets()) {
      return operation.apply(names.mapKeys(rewritten,
          (field, bucket, version, id) -> mapper.keyFor(id, op)));
    }
    if (OBJECT_READS.contains(request.getClass())) {
      return readWithOlderSecrets(rewritten, operation, op);
    }
    if (EXISTING_OBJECT_WRITES.contains(request.getClass())) {
      return operation.apply(names.mapKeys(rewritten, (field, bucket, version, id) ->
          "DestinationKey".equals(field) ? mapper.keyFor(id, op)
              : existingKey(bucket, version, id, op)));
    }
    return operation.apply(names.mapKeys(rewritten,
        (field, bucket, version, id) -> mapper.keyFor(id, op)));
  }

  /** Tries the current secret's key, then each older one's, while S3 answers 404. */
  private <T extends S3Request, R> R readWithOlderSecrets(
      T request, Function<T, R> operation, String op) {
    String objectId = request.getValueForField("Key", String.class).orElse(null);
    if (objectId == null) {
      return operation.apply(request); // the SDK reports the missing key
    }
    List<String> candidates = mapper.candidateKeys(objectId, op);
    S3Exception first = null;
    for (String candidate : candidates) {
      try {
        return operation.apply(names.mapKeys(request, (field, bucket, version, id) -> candidate));
      } catch (S3Exception e) {
        if (e.statusCode() != 404 || isNoSuchBucket(e)) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null
        && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  /**
   * The candidate key that exists in S3 (newest secret first), or the current secret's key when
   * none does.
   */
  private String existingKey(String bucket, String versionId, String objectId, String op) {
    List<String> candidates = mapper.candidateKeys(objectId, op);
    if (candidates.size() == 1 || bucket == null) {
      return candidates.get(0);
    }
    for (String candidate : candidates) {
      if (objectExists.test(HeadObjectRequest.builder()
          .bucket(bucket).key(candidate).versionId(versionId).build())) {
        return candidate;
      }
    }
    return candidates.get(0);
  }

  private static void checkDirectoryBucket(OperationRule rule, S3Request request) {
    for (String field : BUCKET_FIELDS) {
      request.getValueForField(field, String.class).ifPresent(bucket -> {
        if (bucket.endsWith(DIRECTORY_BUCKET_SUFFIX)) {
          throw Violations.refused(ViolationCode.OPERATION_REFUSED, rule.operationName(),
              "The request addresses an S3 Express One Zone directory bucket (name ending in"
                  + " --x-s3). Directory buckets do not support Object Lock, so records there"
                  + " cannot be retained as the policy requires. Use a general purpose bucket.");
        }
      });
    }
  }

  private void checkOverrides(OperationRule rule, S3Request request) {
    if (request.overrideConfiguration().isEmpty()) {
      return;
    }
    AwsRequestOverrideConfiguration override = request.overrideConfiguration().get();
    if (!override.plugins().isEmpty()) {
      throw Violations.refused(ViolationCode.REQUEST_OVERRIDE_REFUSED, rule.operationName(),
          "Per-request plugins can change the endpoint, credentials and interceptors that"
              + " enforce the policy. Configure the client instead of the request.");
    }
    if (override.signer().isPresent()) {
      throw Violations.refused(ViolationCode.REQUEST_OVERRIDE_REFUSED, rule.operationName(),
          "A per-request signer can send unsigned or wrongly signed requests. Remove it; the"
              + " client signs every request.");
    }
    override.credentialsIdentityProvider().ifPresent(provider -> CredentialsPolicy.check(
        provider, allowLongTermStaticCredentials, "a request override"));
  }

  private static void checkAclFields(OperationRule rule, S3Request request) {
    for (String field : ACL_FIELDS) {
      if (request.getValueForField(field, Object.class).isPresent()) {
        throw Violations.refused(ViolationCode.ACL_REFUSED, rule.operationName(),
            "The request sets an ACL (canned ACL or grant). ACLs are disabled for HIPAA"
                + " buckets; remove the ACL and grant access with IAM and bucket policies.");
      }
    }
  }

  @SuppressWarnings("unchecked") // every S3 model request class is final: T is the exact class
  private static <T extends S3Request> T rewrite(OperationRule rule, T request) {
    if (request instanceof CreateBucketRequest) {
      return (T) rewriteCreateBucket(rule, (CreateBucketRequest) request);
    }
    return request;
  }

  private static CreateBucketRequest rewriteCreateBucket(
      OperationRule rule, CreateBucketRequest request) {
    if (Boolean.FALSE.equals(request.objectLockEnabledForBucket())) {
      throw Violations.refused(ViolationCode.OPERATION_REFUSED, rule.operationName(),
          "The request turns Object Lock off. HIPAA buckets are created with Object Lock (and"
              + " so versioning) on; remove objectLockEnabledForBucket(false).");
    }
    if (request.objectOwnership() != null
        && request.objectOwnership() != ObjectOwnership.BUCKET_OWNER_ENFORCED) {
      throw Violations.refused(ViolationCode.ACL_REFUSED, rule.operationName(),
          "The request enables ACLs through its object ownership setting. Remove it: HIPAA"
              + " buckets use BucketOwnerEnforced, which disables ACLs.");
    }
    return request.toBuilder()
        .objectLockEnabledForBucket(true)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .build();
  }
}
