package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.List;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * The checks every request gets before anything else, whatever the client's settings:
 * directory buckets, per-request overrides and ACL fields are refused, and bucket creation is
 * rewritten to Object Lock on and ACLs off. Stages of {@link GateStages}.
 */
final class RequestChecks {

  /** Request fields that carry ACLs; names as in the S3 API model. */
  static final List<String> ACL_FIELDS = List.of(
      "ACL", "GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP");

  /** Request fields that name a bucket. */
  static final List<String> BUCKET_FIELDS = List.of("Bucket", "SourceBucket", "DestinationBucket");

  /** The suffix AWS reserves for S3 Express One Zone directory bucket names. */
  static final String DIRECTORY_BUCKET_SUFFIX = "--x-s3";

  private RequestChecks() {}

  static void checkDirectoryBucket(OperationRule rule, S3Request request) {
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

  /**
   * Refuses per-request overrides that change where or how a request is sent or what it
   * carries. The SDK builds the HTTP request from these as well as from the model, so a header,
   * query parameter, endpoint, auth scheme, signer, plugin or credentials given here would
   * bypass every check made on the model. Timeouts, metric publishers, API names (screened on
   * the wire in the User-Agent) and the S3 Encryption Client's encryption context (screened by
   * {@link NamePolicy}) stay allowed.
   */
  @SuppressWarnings("ReferenceEquality") // execution attributes are keys compared by identity
  static void checkOverrides(OperationRule rule, S3Request request) {
    if (request.overrideConfiguration().isEmpty()) {
      return;
    }
    AwsRequestOverrideConfiguration override = request.overrideConfiguration().get();
    String refused = null;
    if (!override.headers().isEmpty()) {
      refused = "Per-request headers (overrideConfiguration().putHeader) are added to the HTTP"
          + " request after hipaa-s3 checked it, so they could carry PHI, ACLs, a second"
          + " encryption or Object Lock value, or a governance bypass. Set the request's own"
          + " fields instead (metadata, tagging, contentType, ...), which are checked.";
    } else if (!override.rawQueryParameters().isEmpty()) {
      refused = "Per-request query parameters (overrideConfiguration().putRawQueryParameter)"
          + " are added to the HTTP request after hipaa-s3 checked it, so they could name an"
          + " object version, a sub-resource such as acl or retention, or carry PHI. Use the"
          + " request's own fields (versionId, prefix, ...), which are checked.";
    } else if (override.endpointProvider().isPresent()) {
      refused = "A per-request endpoint provider could send the signed request, with its"
          + " session token, to any host. Configure the endpoint on the client"
          + " (endpointOverride), where it is checked.";
    } else if (override.authSchemeProvider().isPresent()) {
      refused = "A per-request auth scheme provider could send the request unsigned"
          + " (anonymous) or signed another way. Remove it; the client signs every request"
          + " with SigV4.";
    } else if (override.signer().isPresent()) {
      refused = "A per-request signer can send unsigned or wrongly signed requests. Remove it;"
          + " the client signs every request.";
    } else if (!override.plugins().isEmpty()) {
      refused = "Per-request plugins can change the endpoint, credentials and interceptors that"
          + " enforce the policy. Configure the client instead of the request.";
    } else if (override.credentialsIdentityProvider().isPresent()
        || override.tokenIdentityProvider().isPresent()) {
      refused = "Per-request credentials could sign the request as another identity than the"
          + " one the client was checked and audited with. Build a client with those"
          + " credentials instead.";
    } else if (override.compressionConfiguration().isPresent()) {
      refused = "A per-request compression setting changes the body the SDK sends after"
          + " hipaa-s3 checked it. Remove it; S3 does not decompress request bodies.";
    } else {
      for (ExecutionAttribute<?> attribute
          : override.executionAttributes().getAttributes().keySet()) {
        if (attribute != S3EncryptionClient.ENCRYPTION_CONTEXT) {
          refused = "The request sets execution attributes, which can turn off the SDK's"
              + " checksums, validation or signing, or change the S3 Encryption Client's"
              + " behaviour. Only the S3 Encryption Client's encryption context"
              + " (S3EncryptionClient.withAdditionalConfiguration) may be set per request.";
          break;
        }
      }
    }
    if (refused != null) {
      throw Violations.refused(ViolationCode.REQUEST_OVERRIDE_REFUSED, rule.operationName(),
          refused);
    }
  }

  static void checkAclFields(OperationRule rule, S3Request request) {
    for (String field : ACL_FIELDS) {
      if (request.getValueForField(field, Object.class).isPresent()) {
        throw Violations.refused(ViolationCode.ACL_REFUSED, rule.operationName(),
            "The request sets an ACL (canned ACL or grant). ACLs are disabled for HIPAA"
                + " buckets; remove the ACL and grant access with IAM and bucket policies.");
      }
    }
  }

  static CreateBucketRequest rewriteCreateBucket(
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
