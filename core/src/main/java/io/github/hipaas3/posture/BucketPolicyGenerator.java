package io.github.hipaas3.posture;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes the bucket policy that the TLS, encryption and VPC controls look for, for teams that
 * apply it with Terraform or CloudFormation (and for {@link BucketProvisioner}): deny requests
 * without TLS, deny TLS below 1.2, deny puts not encrypted as required, and optionally deny
 * requests that do not come through the given VPC endpoints.
 */
public final class BucketPolicyGenerator {
  /** The service principal that delivers server access logs. */
  public static final String LOGGING_SERVICE = "logging.s3.amazonaws.com";

  private BucketPolicyGenerator() {}

  /**
   * The policy for a bucket.
   *
   * @param bucket the bucket name
   * @param requirements what the bucket must enforce
   * @return the policy JSON
   */
  public static String policy(String bucket, PostureRequirements requirements) {
    Objects.requireNonNull(bucket, "bucket");
    String bucketArn = "arn:aws:s3:::" + bucket;
    String objects = bucketArn + "/*";
    List<String> statements = new ArrayList<>();
    statements.add(deny("DenyInsecureTransport", "s3:*", List.of(bucketArn, objects),
        "Bool", "aws:SecureTransport", List.of("false")));
    statements.add(deny("DenyTlsBelow12", "s3:*", List.of(bucketArn, objects),
        "NumericLessThan", "s3:TlsVersion", List.of("1.2")));
    statements.addAll(encryptionStatements(objects, requirements));
    if (!requirements.vpcEndpointIds().isEmpty()) {
      statements.add(deny("DenyOutsideVpcEndpoints", "s3:*", List.of(bucketArn, objects),
          "StringNotEquals", "aws:SourceVpce", requirements.vpcEndpointIds()));
    }
    return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
        + String.join(",\n", statements) + "\n  ]\n}\n";
  }

  /**
   * The statement a log bucket needs so that S3 can deliver a source bucket's access logs to
   * it (ACLs are disabled, so the grant is a bucket policy), as a whole policy.
   *
   * @param logBucket the log bucket
   * @param prefix the log prefix (may be empty)
   * @param sourceBucket the bucket whose logs are delivered
   * @return the policy JSON
   */
  public static String logDeliveryPolicy(String logBucket, String prefix, String sourceBucket) {
    return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
        + "      \"Sid\": \"AllowServerAccessLogDelivery\",\n"
        + "      \"Effect\": \"Allow\",\n"
        + "      \"Principal\": {\"Service\": " + Json.quote(LOGGING_SERVICE) + "},\n"
        + "      \"Action\": \"s3:PutObject\",\n"
        + "      \"Resource\": " + Json.quote("arn:aws:s3:::" + logBucket + "/" + prefix + "*")
        + ",\n      \"Condition\": {\"ArnLike\": {\"aws:SourceArn\": "
        + Json.quote("arn:aws:s3:::" + sourceBucket) + "}}\n    }\n  ]\n}\n";
  }

  /** The put condition for the client's encryption mode (see {@link Control}). */
  private static List<String> encryptionStatements(String objects, PostureRequirements r) {
    EncryptionMode.Kind kind = r.encryption();
    List<String> out = new ArrayList<>();
    switch (kind) {
      case SSE_KMS:
      case DSSE_KMS:
        out.add(deny("DenyPutsNotKmsEncrypted", "s3:PutObject", List.of(objects),
            "StringNotEquals", "s3:x-amz-server-side-encryption",
            List.of(kind == EncryptionMode.Kind.SSE_KMS ? "aws:kms" : "aws:kms:dsse")));
        r.kmsKeyArn().ifPresent(arn -> out.add(deny("DenyPutsWithAnotherKmsKey",
            "s3:PutObject", List.of(objects), "StringNotEquals",
            "s3:x-amz-server-side-encryption-aws-kms-key-id", List.of(arn))));
        break;
      case SSE_C:
        out.add(deny("DenyPutsWithoutSseC", "s3:PutObject", List.of(objects), "Null",
            "s3:x-amz-server-side-encryption-customer-algorithm", List.of("true")));
        break;
      case SSE_S3:
        out.add(deny("DenyPutsNotSseS3", "s3:PutObject", List.of(objects), "StringNotEquals",
            "s3:x-amz-server-side-encryption", List.of("AES256")));
        break;
      default:
        // Client-side encryption sends no SSE header (the bucket's KMS default encryption adds
        // a second layer); a put that asks for another server-side algorithm is denied.
        out.add(deny("DenyPutsWithNonKmsServerSideEncryption", "s3:PutObject",
            List.of(objects), "StringNotEqualsIfExists", "s3:x-amz-server-side-encryption",
            List.of("aws:kms", "aws:kms:dsse")));
        break;
    }
    return out;
  }

  private static String deny(String sid, String action, List<String> resources,
      String operator, String key, List<String> values) {
    return "    {\n      \"Sid\": " + Json.quote(sid) + ",\n      \"Effect\": \"Deny\",\n"
        + "      \"Principal\": \"*\",\n      \"Action\": " + Json.quote(action) + ",\n"
        + "      \"Resource\": " + array(resources) + ",\n"
        + "      \"Condition\": {" + Json.quote(operator) + ": {" + Json.quote(key) + ": "
        + array(values) + "}}\n    }";
  }

  private static String array(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(Json.quote(v)));
    return "[" + String.join(", ", quoted) + "]";
  }
}
