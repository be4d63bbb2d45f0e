package io.github.hipaas3.posture;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The bucket controls the posture auditor checks: the seed checklist ("HIPAA on AWS: S3
 * buckets") as bucket configuration, each mapped to the AWS Config managed rule and the AWS
 * Security Hub control that check the same thing, where one exists. The TLS version policy and
 * the SSE-C block have neither.
 */
public enum Control {
  /** Object Ownership is BucketOwnerEnforced, which disables ACLs. */
  ACLS_DISABLED("Disable Access Control Lists (ACLs)", "s3-bucket-acl-prohibited", "S3.12"),
  /** The bucket's Block Public Access settings have all four flags on. */
  PUBLIC_ACCESS_BLOCKED("Disable Access Control Lists (ACLs)",
      "s3-bucket-level-public-access-prohibited", "S3.8"),
  /** The bucket policy denies every request made without TLS ({@code aws:SecureTransport}). */
  TLS_ONLY("AWS Service Endpoints", "s3-bucket-ssl-requests-only", "S3.5"),
  /** The bucket policy denies TLS versions below 1.2 ({@code s3:TlsVersion}). */
  TLS_1_2_MINIMUM("AWS Service Endpoints", null, null),
  /** The bucket policy denies puts that are not encrypted as required. */
  ENCRYPTED_PUTS_REQUIRED("Data Encryption", null, null),
  /** Default encryption is SSE-KMS or DSSE-KMS, with an S3 Bucket Key. */
  DEFAULT_ENCRYPTION_KMS("Data Encryption", "s3-default-encryption-kms", "S3.17"),
  /** SSE-C is blocked ({@code BlockedEncryptionTypes}), or deliberately allowed. */
  SSE_C_BLOCKED("Data Encryption", null, null),
  /** Versioning is enabled. */
  VERSIONING("Versioning", "s3-bucket-versioning-enabled", "S3.14"),
  /** Object Lock is enabled with a default retention at least the client's. */
  OBJECT_LOCK("Using Object Lock", "s3-bucket-default-lock-enabled", "S3.15"),
  /** Server access logs go to another bucket. */
  ACCESS_LOGGING("Access Logging", "s3-bucket-logging-enabled", "S3.9"),
  /** Objects are replicated to a bucket in another Region. */
  CROSS_REGION_REPLICATION("Cross-Region Replication", "s3-bucket-replication-enabled", "S3.7"),
  /** A lifecycle rule expires noncurrent versions (after the retention period). */
  NONCURRENT_VERSION_LIFECYCLE("Versioning", "s3-lifecycle-policy-check", "S3.13"),
  /** The bucket policy denies requests that do not come through the given VPC endpoints. */
  VPC_ENDPOINT_ONLY("Using VPC access for S3 access", null, null);

  private final String seedSection;
  private final @Nullable String configRule;
  private final @Nullable String securityHubControl;

  Control(String seedSection, @Nullable String configRule, @Nullable String securityHubControl) {
    this.seedSection = seedSection;
    this.configRule = configRule;
    this.securityHubControl = securityHubControl;
  }

  /**
   * The section of the seed checklist this control automates.
   *
   * @return the section title
   */
  public String seedSection() {
    return seedSection;
  }

  /**
   * The AWS Config managed rule that checks the same thing, if there is one.
   *
   * @return the rule identifier
   */
  public Optional<String> configRule() {
    return Optional.ofNullable(configRule);
  }

  /**
   * The AWS Security Hub control that checks the same thing, if there is one.
   *
   * @return the control ID
   */
  public Optional<String> securityHubControl() {
    return Optional.ofNullable(securityHubControl);
  }
}
