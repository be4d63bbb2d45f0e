package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Request;

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

  private final boolean allowLongTermStaticCredentials;

  /**
   * Creates the gate.
   *
   * @param allowLongTermStaticCredentials whether the insecure credentials opt-in is set
   */
  public PolicyGate(boolean allowLongTermStaticCredentials) {
    this.allowLongTermStaticCredentials = allowLongTermStaticCredentials;
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
    T toSend = rule.disposition() == Disposition.REWRITE ? rewrite(rule, request) : request;
    return operation.apply(toSend);
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
